import OutreachCore
import Testing

/// The `server:` section of `outreach.yaml`: defaults, a full section, and every message at its line and column.
struct ServerConfigurationTests {
    func decode(_ text: String, language: Language = .en) -> (ServerConfiguration?, [String]) {
        let (configuration, issues) = ServerConfigurationDecoder.decode(SourceFile(path: "outreach.yaml", bytes: Array(text.utf8)))
        return (configuration, issues.map { $0.rendered(language) })
    }

    @Test func noSectionGivesTheDefaults() {
        let (configuration, issues) = decode("notify:\n  targets: []\n")
        #expect(issues == [])
        #expect(configuration == ServerConfiguration(host: "127.0.0.1", port: 8080, secureCookies: false, sessionLifetimeSeconds: 43200))
    }

    @Test func fullSectionDecodes() {
        let (configuration, issues) = decode(
            "server:\n  host: 0.0.0.0\n  port: 9090\n  secure_cookies: true\n  session_lifetime: 90m\nnotify:\n  targets: []\n")
        #expect(issues == [])
        #expect(configuration == ServerConfiguration(host: "0.0.0.0", port: 9090, secureCookies: true, sessionLifetimeSeconds: 5400))
        #expect(configuration?.loginPolicy.sessionLifetime == .seconds(5400))
        #expect(configuration?.evidenceFolder == nil)
    }

    @Test func theEvidenceFolderIsTakenAsWritten() {
        let (configuration, issues) = decode("server:\n  evidence_folder: /data/照片 证据\n")
        #expect(issues == [])
        #expect(configuration?.evidenceFolder == "/data/照片 证据")
    }

    @Test(arguments: [
        ("  port: 70000", "outreach.yaml:2:9: error: The value '70000' is invalid for 'port'. Expected a port from 0 to 65535, like '8080' (0: any free port)."),
        ("  session_lifetime: 2m", "outreach.yaml:2:21: error: The value '2m' is invalid for 'session_lifetime'. Expected minutes, hours or days from 5m to 30d, like '90m' or '12h'."),
        ("  host: a b", "outreach.yaml:2:9: error: The value 'a b' is invalid for 'host'. Expected an address to listen on, like '127.0.0.1' or '0.0.0.0'."),
        ("  trusted_proxies: [127.0.0.1, nginx]", "outreach.yaml:2:32: error: The value 'nginx' is invalid for 'trusted_proxies'. Expected an IP address or a network, like '127.0.0.1', '10.0.0.0/8' or 'fd00::/8'."),
        ("  secure_cookies: maybe", "outreach.yaml:2:19: error: The value 'maybe' is invalid for 'secure_cookies'. Please provide one of 'true' or 'false'."),
    ])
    func badValuesAreNamedAtTheirPlace(line: String, message: String) {
        let (configuration, issues) = decode("server:\n" + line + "\n")
        #expect(configuration == nil)
        #expect(issues == [message])
    }

    @Test func trustedProxiesTakeOneAddressOrAList() {
        let (one, _) = decode("server:\n  trusted_proxies: 127.0.0.1\n")
        #expect(one?.trustedProxies.ranges.map(\.description) == ["127.0.0.1"])
        let (list, issues) = decode("server:\n  trusted_proxies:\n    - 10.0.0.0/8\n    - fd00::/8\n")
        #expect(issues == [])
        #expect(list?.trustedProxies.ranges.map(\.description) == ["10.0.0.0/8", "fd00::/8"])
        #expect(ServerConfiguration().trustedProxies.isEmpty)
    }

    @Test func unknownFieldsAreRefusedInChineseToo() {
        let (configuration, issues) = decode("server:\n  prot: 80\n", language: .zh)
        #expect(configuration == nil)
        #expect(issues.count == 1)
        #expect(issues.first?.hasPrefix("outreach.yaml:2:3: 错误：") == true || issues.first?.hasPrefix("outreach.yaml:2:3: error:") == true)
        #expect(issues.first?.contains("'port'") == true)
    }

    @Test func serverMessagesInChinese() {
        let (_, issues) = decode("server:\n  port: x\n", language: .zh)
        #expect(issues.count == 1)
        #expect(issues.first?.hasSuffix("'port' 的值 'x' 无效。应为 0 到 65535 之间的端口号，例如 '8080'（0 表示任一空闲端口）。") == true)
    }
}
