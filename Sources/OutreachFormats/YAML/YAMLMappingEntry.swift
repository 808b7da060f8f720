/// One `key: value` pair of a mapping, in document order.
public struct YAMLMappingEntry: Sendable, Hashable {
    /// The key node; always a scalar in the supported subset.
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// Creates an entry from a key and a value node.
    /// - Parameters:
    ///   - key: The key node.
    ///   - value: The value node.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
