import Foundation
import OutreachFormats
import OutreachTestSupport
import Testing

/// Our YAML reader against a reference YAML 1.2 reader (ruamel.yaml, all scalars as text): the shipped
/// files, hand-written documents covering each construct, and every shipped file restyled (flow, quoted
/// with escapes, commented) read to the same tree.
struct YAMLReferenceReaderTests {
    /// A document's shape with scalars as text, as both readers see it.
    indirect enum Tree: Equatable, CustomStringConvertible {
        case scalar(String)
        case sequence([Tree])
        case mapping([Tree], [Tree])

        init(_ node: YAMLNode) {
            switch node.content {
            case .scalar(let text, _): self = .scalar(text)
            case .sequence(let items): self = .sequence(items.map(Tree.init))
            case .mapping(let entries): self = .mapping(entries.map { Tree($0.key) }, entries.map { Tree($0.value) })
            }
        }

        /// From the reference script's JSON: {"s": text}, {"q": [items]}, {"m": [[key, value], …]}.
        init?(json: Any) {
            guard let object = json as? [String: Any] else { return nil }
            if let text = object["s"] as? String {
                self = .scalar(text)
            } else if let items = object["q"] as? [Any] {
                let trees = items.compactMap(Tree.init(json:))
                guard trees.count == items.count else { return nil }
                self = .sequence(trees)
            } else if let pairs = object["m"] as? [[Any]] {
                let keys = pairs.compactMap { $0.first.flatMap(Tree.init(json:)) }
                let values = pairs.compactMap { $0.last.flatMap(Tree.init(json:)) }
                guard keys.count == pairs.count, values.count == pairs.count else { return nil }
                self = .mapping(keys, values)
            } else {
                return nil
            }
        }

        var description: String {
            switch self {
            case .scalar(let text): return text.debugDescription
            case .sequence(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
            case .mapping(let keys, let values):
                return "{" + zip(keys, values).map { "\($0): \($1)" }.joined(separator: ", ") + "}"
            }
        }
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    static let referenceScript = #"""
        import json, sys
        try:
            from ruamel.yaml import YAML
        except ImportError:
            print("ruamel.yaml is not importable: pip install ruamel.yaml", file=sys.stderr); sys.exit(4)
        def canon(node):
            if isinstance(node, dict): return {"m": [[canon(k), canon(v)] for k, v in node.items()]}
            if isinstance(node, list): return {"q": [canon(v) for v in node]}
            return {"s": "" if node is None else str(node)}
        out = []
        for path in sys.argv[1:]:
            text = open(path, encoding="utf-8").read()
            try:
                out.append({"ok": canon(YAML(typ="base", pure=True).load(text))})
            except Exception as error:
                out.append({"error": type(error).__name__ + ": " + str(error).splitlines()[0]})
        print(json.dumps(out))
        """#

    /// Reads each document with the reference reader: its tree, or why it refused it.
    func referenceTrees(_ documents: [String]) async throws -> [Result<Tree, Refusal>] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-ref-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let url = folder.appendingPathComponent("\(index).yaml")
            try Data(document.utf8).write(to: url)
            paths.append(url.path)
        }
        let data = try await PythonRunner.runJSON(script: Self.referenceScript, arguments: paths)
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return results.map { result in
            if let tree = result["ok"].flatMap(Tree.init(json:)) { return .success(tree) }
            return .failure(Refusal(description: result["error"] as? String ?? "unreadable"))
        }
    }

    static var shippedFiles: [(name: String, text: String)] {
        let root = CommandRunner.repositoryRoot
        let folders = ["campaigns", "seeds", "seeds/holidays", "seeds/populations", "targets", "."]
        var files: [(String, String)] = []
        for folder in folders {
            let url = root.appendingPathComponent(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
            for name in names where name.hasSuffix(".yaml") {
                if let text = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) {
                    files.append((folder + "/" + name, text))
                }
            }
        }
        return files
    }

    /// One construct each, as YAML 1.2 defines it.
    static let constructs: [String] = [
        "标题: 消费者权益日\n",
        "a: 1\nb: [x, y, {c: d}]\n",
        "- 一\n- - 二\n  - 三\n- k: v\n  k2: v2\n",
        "key:   spaced value   \n",
        "quoted: \"tab\\there \\u4e2d \\U0001F600 \\x41 \\\\ \\\" \\/ \\n end\"\n",
        "single: 'it''s ''quoted'' # not a comment'\n",
        "plain: a # comment\n# whole line\nnext: b\n",
        "literal: |\n  line one\n    indented\n  line three\n",
        "keep: |+\n  kept\n\n\nafter: x\n",
        "strip: |-\n  stripped\n\n",
        "folded: >\n  one\n  two\n\n  three\n    more\n  four\n",
        "folded-strip: >-\n  a\n  b\n",
        "indent-indicator: |2\n    two extra\n  base\n",
        "multi-line quoted: \"first\n  second\n\n  third\"\n",
        "empty:\nnull-ish: ~\nflow-empty: []\nflow-map-empty: {}\n",
        "url: http://example.com:8080/a?b=c#frag\n",
        "colon-in-value: 10:30\ntime: 2027-03-15T09:00:00+08:00\n",
        "'quoted key': 1\n\"double key\": 2\n",
        "nested:\n  deeper:\n    deepest: [1, [2, [3]]]\n",
        "seq-in-map:\n- a\n- b\nafter: c\n",
        "flow: {a: [1, 2], b: {c: \"d, e\"}, 'f': g}\n",
        "flow-multi-line: [\n  one,\n  two,\n]\n",
        "bom-free: 中文，标点；全角：冒号\n",
        "emoji: 😀👨‍👩‍👧 and 𠀀𪚥\n",
        "combining: é vs é\n",
        "---\ndoc: start marker\n",
        "doc: end marker\n...\n",
        "crlf: one\r\nnext: two\r\n",
        "trailing-spaces: value    \nblock: |\n  text   \n",
        "- [a, b]\n- {c: d}\n- \"e\"\n",
        "question?: mark\nbang!: yes\npercent%: 50%\n",
    ]

    @Test func shippedFilesAndConstructsReadTheSameAsTheReference() async throws {
        let documents = Self.shippedFiles.map(\.text) + Self.constructs
        let names = Self.shippedFiles.map(\.name) + Self.constructs.map { $0.debugDescription }
        #expect(Self.shippedFiles.count >= 15)
        let reference = try await referenceTrees(documents)
        for (index, document) in documents.enumerated() {
            let ours: Tree
            do {
                ours = try YAMLParser.parse(document).map(Tree.init) ?? .scalar("")
            } catch {
                Issue.record("ours refused \(names[index]): \(error)")
                continue
            }
            switch reference[index] {
            case .success(let theirs): #expect(ours == theirs, "\(names[index])")
            case .failure(let why): Issue.record("the reference refused \(names[index]): \(why)")
            }
        }
    }

    @Test func restyledShippedFilesReadToTheSameTree() async throws {
        var documents: [String] = []
        var expected: [Tree] = []
        var names: [String] = []
        for file in Self.shippedFiles {
            guard let root = try YAMLParser.parse(file.text) else { continue }
            for style in Restyle.allCases {
                documents.append(style.render(root))
                expected.append(Tree(root))
                names.append("\(file.name) as \(style)")
            }
        }
        let reference = try await referenceTrees(documents)
        for (index, document) in documents.enumerated() {
            // Ours reads the restyling to the original tree, and so does the reference.
            let ours = try YAMLParser.parse(document).map(Tree.init)
            #expect(ours == expected[index], "ours: \(names[index])")
            switch reference[index] {
            case .success(let theirs): #expect(theirs == expected[index], "reference: \(names[index])")
            case .failure(let why): Issue.record("the reference refused \(names[index]): \(why)")
            }
        }
    }

    @Test func documentsBothReadersRefuse() async throws {
        let invalid = [
            "a: [1, 2\n",  // unclosed flow sequence
            "a: \"unterminated\n",
            "a: 1\n a: 2\n",  // bad indentation
            "a: 1\na: 2\n",  // duplicate key
            "\"bad escape \\q\": 1\n",
            "- a\nb: c\n",  // sequence then mapping at one level
        ]
        let reference = try await referenceTrees(invalid)
        for (index, document) in invalid.enumerated() {
            #expect(throws: YAMLSyntaxError.self, "ours: \(document.debugDescription)") { try YAMLParser.parse(document) }
            if case .success(let tree) = reference[index] {
                Issue.record("the reference read \(document.debugDescription) as \(tree)")
            }
        }
    }

    /// Valid YAML 1.2 outside the subset (docs/yaml-subset.md): refused with a position, never read differently.
    @Test func documentsOutsideTheSubsetAreRefusedNotMisread() async throws {
        let outside = [
            "multi-line plain: this is\n  continued here\n  and here\n",
            "anchor: &a value\nalias: *a\n",
            "? complex key\n: value\n",
            "tagged: !!str 12\n",
            "%YAML 1.2\n---\na: b\n",
        ]
        let reference = try await referenceTrees(outside)
        for (index, document) in outside.enumerated() {
            #expect(throws: YAMLSyntaxError.self, "ours: \(document.debugDescription)") { try YAMLParser.parse(document) }
            if case .failure(let why) = reference[index] { Issue.record("the reference refused \(document.debugDescription): \(why)") }
        }
    }

    /// Ways of writing the same tree.
    enum Restyle: CaseIterable, CustomStringConvertible {
        case flow, doubleQuotedEscapes, singleQuotedWithComments

        var description: String {
            switch self {
            case .flow: "flow collections"
            case .doubleQuotedEscapes: "double-quoted scalars with escapes"
            case .singleQuotedWithComments: "single-quoted scalars with comments"
            }
        }

        func render(_ node: YAMLNode) -> String {
            switch self {
            case .flow: return Self.flow(node) + "\n"
            case .doubleQuotedEscapes, .singleQuotedWithComments:
                var lines: [String] = []
                if self == .singleQuotedWithComments { lines.append("# 重排：单引号与注释") }
                block(node, indent: 0, into: &lines)
                return lines.joined(separator: "\n") + "\n"
            }
        }

        private func scalar(_ text: String) -> String {
            switch self {
            case .flow, .doubleQuotedEscapes: return Self.doubleQuoted(text)
            case .singleQuotedWithComments:
                // Single quotes cannot hold a line break on one line; fall back to double quotes.
                return text.contains(where: \.isNewline) ? Self.doubleQuoted(text) : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            }
        }

        private func block(_ node: YAMLNode, indent: Int, into lines: inout [String]) {
            let pad = String(repeating: " ", count: indent)
            let comment = self == .singleQuotedWithComments ? "  # 注释 #" : ""
            switch node.content {
            case .scalar(let text, _): lines.append(pad + scalar(text) + comment)
            case .sequence(let items):
                if items.isEmpty { return lines.append(pad + "[]") }
                for item in items {
                    if case .scalar(let text, _) = item.content {
                        lines.append(pad + "- " + scalar(text) + comment)
                    } else if Self.isEmptyCollection(item) {
                        lines.append(pad + "- " + Self.flow(item))
                    } else {
                        lines.append(pad + "-" + comment)
                        block(item, indent: indent + 2, into: &lines)
                    }
                }
            case .mapping(let entries):
                if entries.isEmpty { return lines.append(pad + "{}") }
                for entry in entries {
                    let key = pad + scalar(entry.key.scalar ?? "") + ":"
                    if case .scalar(let text, _) = entry.value.content {
                        lines.append(key + " " + scalar(text) + comment)
                    } else if Self.isEmptyCollection(entry.value) {
                        lines.append(key + " " + Self.flow(entry.value))
                    } else {
                        lines.append(key + comment)
                        if self == .singleQuotedWithComments { lines.append(pad + "  # 下面是 " + (entry.key.scalar ?? "")) }
                        block(entry.value, indent: indent + 2, into: &lines)
                    }
                }
            }
        }

        static func isEmptyCollection(_ node: YAMLNode) -> Bool {
            switch node.content {
            case .sequence(let items): items.isEmpty
            case .mapping(let entries): entries.isEmpty
            case .scalar: false
            }
        }

        static func flow(_ node: YAMLNode) -> String {
            switch node.content {
            case .scalar(let text, _): return doubleQuoted(text)
            case .sequence(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
            case .mapping(let entries):
                return "{" + entries.map { flow($0.key) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
            }
        }

        /// Double quotes with every non-ASCII character and control written as an escape.
        static func doubleQuoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\x%02X", scalar.value)
                case _ where scalar.value > 0xFFFF: out += String(format: "\\U%08X", scalar.value)
                case _ where scalar.value > 0x7E: out += String(format: "\\u%04X", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
    }
}
