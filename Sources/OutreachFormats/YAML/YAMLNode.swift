/// A node of a parsed YAML document, with its exact place in the source.
///
/// Scalars are kept as text exactly as YAML defines it; nothing is converted to a number, date
/// or Boolean.
///
/// ```swift
/// let root = try YAMLParser.parse("标题: 消费者权益日\n")
/// root?["标题"]?.scalar          // "消费者权益日"
/// root?["标题"]?.position        // line 1, column 5
/// ```
public struct YAMLNode: Sendable, Hashable {
    /// The kind of a node and what it holds.
    public enum Content: Sendable, Hashable {
        /// A scalar: its text and how it was written.
        case scalar(String, YAMLScalarStyle)
        /// A block or flow sequence.
        case sequence([YAMLNode])
        /// A block or flow mapping, in document order.
        case mapping([YAMLMappingEntry])
    }

    /// What the node holds.
    public var content: Content
    /// Where the node starts: the first character of a scalar (the quote or the `|`/`>` indicator),
    /// the first key or `-` of a block collection, or the `[`/`{` of a flow collection.
    ///
    /// An empty value (`key:` with nothing after it) is placed right after the colon, or right after
    /// the `-` of an empty sequence item.
    public var position: YAMLPosition
    /// The position just after the node's last character (after the closing quote or bracket).
    public var endPosition: YAMLPosition

    /// Creates a node.
    /// - Parameters:
    ///   - content: What the node holds.
    ///   - position: Where the node starts.
    ///   - endPosition: The position just after the node's last character.
    public init(content: Content, position: YAMLPosition, endPosition: YAMLPosition) {
        self.content = content
        self.position = position
        self.endPosition = endPosition
    }

    /// The text of a scalar node of any style, or `nil` for a collection.
    public var scalar: String? {
        if case .scalar(let text, _) = content {
            return text
        }
        return nil
    }

    /// Whether the node is a YAML null: a plain scalar that is empty, `~`, `null`, `Null` or `NULL`.
    ///
    /// Quoted scalars are never null.
    public var isNull: Bool {
        guard case .scalar(let text, .plain) = content else {
            return false
        }
        switch text {
        case "", "~", "null", "Null", "NULL":
            return true
        default:
            return false
        }
    }

    /// The entries of a mapping node in document order, or `nil` for any other node.
    public var mapping: [YAMLMappingEntry]? {
        if case .mapping(let entries) = content {
            return entries
        }
        return nil
    }

    /// The items of a sequence node, or `nil` for any other node.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content {
            return items
        }
        return nil
    }

    /// The value of the first entry whose key is a scalar equal to `key`, or `nil` if there is none
    /// or the node is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let entries) = content else {
            return nil
        }
        for entry in entries where entry.key.scalar == key {
            return entry.value
        }
        return nil
    }
}
