import OutreachCore

/// The seed decoder: the first byte picks which seed file the rest is. Invariant: every message is
/// bilingual, and every error is placed in that file.
///
/// The file is decoded with `SeedDecoder.decode`, as `outreach` loads the seeds, beside the shipped files it
/// refers to (channels read the metrics; venues the organisation and the school terms; populations the
/// organisation, the segments and the other years; holidays the other years) and an empty list for every
/// other seed file. Decoding all ten shipped files for every input would only repeat the same work. One input
/// in 64 (picked by its bytes, so a finding replays) is also decoded beside every shipped file, as it was
/// before: the file's own messages must be the same (which checks the list of files each one refers to), and
/// the shipped files' messages about it bilingual and placed.
enum SeedsTarget {
    static let names = SeedDecoder.fileNames + ["holidays/2027.yaml", "populations/2027.yaml"]

    /// The root list of each file `SeedDecoder` requires, for a valid empty file.
    static let rootKeys = [
        "organisation.yaml": "branches", "venues.yaml": "venues", "channels.yaml": "channels", "metrics.yaml": "metrics",
        "segments.yaml": "segments", "campaign-kinds.yaml": "kinds", "school-terms.yaml": "terms",
    ]

    /// The shipped files whose contents the decoding of a file depends on.
    static func refersTo(_ name: String) -> [String] {
        switch name {
        case "channels.yaml": ["metrics.yaml"]
        case "venues.yaml": ["organisation.yaml", "school-terms.yaml"]
        case "populations/2027.yaml": ["organisation.yaml", "segments.yaml", "populations/"]
        case "holidays/2027.yaml": ["holidays/"]
        default: []
        }
    }

    /// For each name, the files decoded beside it: the ones it refers to as shipped, the rest empty.
    static let companions: [String: [SourceFile]] = {
        var result: [String: [SourceFile]] = [:]
        for name in names {
            let wanted = refersTo(name)
            var files: [SourceFile] = []
            for (file, key) in rootKeys.sorted(by: { $0.key < $1.key }) where !wanted.contains(file) && file != name {
                files.append(SourceFile(path: "seeds/" + file, bytes: Array("\(key): []\n".utf8)))
            }
            for file in Shipped.seedFiles where !file.path.hasSuffix("/" + name) {
                let relative = file.path.split(separator: "/seeds/").last.map(String.init) ?? file.path
                if wanted.contains(where: { $0.hasSuffix("/") ? relative.hasPrefix($0) : relative == $0 }) {
                    files.append(file)
                }
            }
            // With the shipped file itself in place, they decode without a message.
            let (_, issues) = SeedDecoder.decode(files + Shipped.seedFiles.filter { $0.path.hasSuffix("/" + name) })
            require(issues.isEmpty, "the files beside \(name) do not decode cleanly: \(issues.map { $0.rendered(.en) })")
            result[name] = files
        }
        return result
    }()

    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let name = names[Int(first) % names.count]
        let file = SourceFile(path: "seeds/" + name, bytes: Array(bytes.dropFirst()))
        let (_, issues) = SeedDecoder.decode(companions[name, default: []] + [file])
        for issue in issues {
            require(issue.location != nil, "an issue placed nowhere: \(issue.rendered(.en))")
        }
        checkMessages(issues, path: file.path)

        if fnv1a(bytes) % 64 == 0 {
            // Beside every shipped file, the file's own messages are the same; the shipped files that refer to
            // it may now have messages of their own (a channel's metric gone), which must be bilingual and placed.
            let shipped = Shipped.seedFiles.filter { !$0.path.hasSuffix("/" + name) }
            let (_, beside) = SeedDecoder.decode(shipped + [file])
            let own = beside.filter { $0.location?.path == file.path }
            require(own == issues, "other messages beside the shipped files: \(own.map { $0.rendered(.en) })")
            for issue in beside {
                let zh = issue.message(.zh), en = issue.message(.en)
                require(!zh.isEmpty && !en.isEmpty, "an issue without a message: \(issue)")
                require(zh.unicodeScalars.contains { $0.value >= 0x3000 }, "a Chinese message without Chinese: \(zh)")
                require(issue.location != nil, "an issue placed nowhere: \(issue.rendered(.en))")
            }
        }
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
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
