import OutreachCore
import OutreachFormats

/// The YAML reader. Invariant: an accepted document, written out again in block style with the campaign
/// encoder's quoting, reads back as the same document.
enum YAMLTarget {
    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        let node: YAMLNode?
        do {
            node = try YAMLParser.parse(text)
        } catch {
            require(error.position.line >= 1 && error.position.column >= 1, "an error placed nowhere: \(error)")
            return
        }
        guard let node else { return }
        let document = Tree(node)
        let written = document.written()
        let again: YAMLNode?
        do {
            again = try YAMLParser.parse(written)
        } catch {
            require(false, "the document written again does not read: \(error)\n--- written:\n\(written)")
            return
        }
        require(again.map(Tree.init) == document, "the document written again reads differently\n--- written:\n\(written)")
    }

    /// A document without positions and scalar styles; null is a value of its own.
    indirect enum Tree: Equatable {
        case null
        case scalar(String)
        case list([Tree])
        case map([Entry])

        struct Entry: Equatable {
            var key: Tree
            var value: Tree
        }

        init(_ node: YAMLNode) {
            switch node.content {
            case .scalar(let text, _): self = node.isNull ? .null : .scalar(text)
            case .sequence(let items): self = .list(items.map(Tree.init))
            case .mapping(let entries): self = .map(entries.map { Entry(key: Tree($0.key), value: Tree($0.value)) })
            }
        }

        func written() -> String {
            switch self {
            case .list(let items) where !items.isEmpty: return block(indent: "")
            case .map(let entries) where !entries.isEmpty: return block(indent: "")
            // Indented: `---` or `...` at the start of a line would be a document marker.
            default: return "  " + inline() + "\n"
            }
        }

        /// On one line: a scalar, or a collection in flow style.
        func inline() -> String {
            switch self {
            case .null: return "~"
            case .scalar(let text): return CampaignFileEncoder.scalar(text, inFlow: true)
            case .list(let items): return "[" + items.map { $0.inline() }.joined(separator: ", ") + "]"
            case .map(let entries): return "{" + entries.map { $0.key.inline() + ": " + $0.value.inline() }.joined(separator: ", ") + "}"
            }
        }

        var isBlock: Bool {
            switch self {
            case .list(let items): !items.isEmpty
            case .map(let entries): !entries.isEmpty
            default: false
            }
        }

        /// A non-empty collection in block style, each line starting with `indent`.
        func block(indent: String) -> String {
            var out = ""
            func value(_ value: Tree) {
                out += value.isBlock ? "\n" + value.block(indent: indent + "  ") : " " + value.inline() + "\n"
            }
            switch self {
            case .list(let items):
                for item in items {
                    out += indent + "-"
                    value(item)
                }
            case .map(let entries):
                for entry in entries {
                    out += indent + entry.key.inline() + ":"
                    value(entry.value)
                }
            default: out += indent + inline() + "\n"
            }
            return out
        }
    }
}
