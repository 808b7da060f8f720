import OutreachCore

/// The seed decoder: the first byte picks which seed file the rest replaces; the other files are the
/// shipped ones. Invariant: every message is bilingual and placed in a seed file.
enum SeedsTarget {
    static let names = SeedDecoder.fileNames + ["holidays/2027.yaml", "populations/2027.yaml"]

    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let name = names[Int(first) % names.count]
        let path = "seeds/" + name
        var files = Shipped.seedFiles.filter { !$0.path.hasSuffix("/" + name) }
        files.append(SourceFile(path: path, bytes: Array(bytes.dropFirst())))
        let (_, issues) = SeedDecoder.decode(files)
        for issue in issues {
            let zh = issue.message(.zh), en = issue.message(.en)
            require(!zh.isEmpty && !en.isEmpty, "an issue without a message: \(issue)")
            require(zh.unicodeScalars.contains { $0.value >= 0x3000 }, "a Chinese message without Chinese: \(zh)")
            require(issue.location != nil, "an issue placed nowhere: \(issue.rendered(.en))")
        }
    }
}

/// The targets file decoder. Invariant: every message is bilingual and placed in the file.
enum TargetsTarget {
    static let path = "targets/fuzz.yaml"

    static func run(_ bytes: [UInt8]) {
        _ = TargetFileDecoder.isTargetsFile(bytes)
        let (_, issues) = TargetFileDecoder.decode(bytes: bytes, path: path, reference: Shipped.reference)
        checkMessages(issues, path: path)
    }
}
