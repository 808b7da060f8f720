import OutreachCore

/// The `notify:` section of `outreach.yaml`. Invariants: a configuration comes back exactly when there is no
/// error; every message is bilingual and placed in the file; no message shows a secret from the
/// environment or the secrets file.
enum NotifyConfigurationTarget {
    static let path = "outreach.yaml"
    static let secrets = ["SECRETENVVALUE0123456789", "SECRETFILEVALUE987654321"]
    static let environment = ["OUTREACH_KEY": secrets[0], "WECOM_KEY": secrets[0], "DINGTALK_SECRET": secrets[0]]
    static let secretsFile = Array("key: \(secrets[1])\nsecret: \(secrets[1])\nwecom: \(secrets[1])\n".utf8)

    static func run(_ bytes: [UInt8]) {
        let (configuration, issues) = NotifyConfigurationDecoder.decode(
            SourceFile(path: path, bytes: bytes), environment: environment, knownBranches: Shipped.reference.branches.map(\.id),
            readFile: { _ in secretsFile })
        require((configuration == nil) == issues.hasErrors || (configuration == nil && issues.isEmpty),
            "a configuration \(configuration == nil ? "missing" : "returned") with \(issues.errors.count) errors")
        checkMessages(issues, path: path)
        for issue in issues {
            for text in [issue.rendered(.zh), issue.rendered(.en)] {
                require(!secrets.contains { text.contains($0) }, "a message shows a secret: \(text)")
            }
        }
    }
}
