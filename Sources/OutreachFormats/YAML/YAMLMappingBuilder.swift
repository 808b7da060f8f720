/// Collects the entries of one mapping on a stack shared by all open mappings, and rejects
/// duplicate keys.
///
/// Sharing one stack means each finished mapping is copied into an array of exactly its size,
/// instead of growing an array per mapping. Small mappings are checked for duplicates by a linear
/// scan; an index is built once a mapping grows past `indexThreshold` entries.
struct YAMLMappingBuilder {
    /// Where this mapping's entries start on the shared stack.
    private let base: Int
    /// Key text to key position, built lazily for large mappings.
    private var index: [String: YAMLPosition]?
    /// The entry count from which an index is used.
    private static let indexThreshold = 12

    /// Starts a mapping on top of `stack`.
    init(stack: [YAMLMappingEntry]) {
        base = stack.count
    }

    /// Pushes an entry whose key is a scalar.
    /// - Throws: `duplicateKey` at the new key when the key is already in this mapping.
    mutating func append(
        key: YAMLNode,
        keyText: String,
        value: YAMLNode,
        to stack: inout [YAMLMappingEntry]
    ) throws(YAMLSyntaxError) {
        if let first = firstPosition(of: keyText, in: stack) {
            throw YAMLSyntaxError(
                reason: .duplicateKey(keyText, firstPosition: first),
                position: key.position
            )
        }
        stack.append(YAMLMappingEntry(key: key, value: value))
        if index != nil {
            index?[keyText] = key.position
        } else if stack.count - base >= Self.indexThreshold {
            var built: [String: YAMLPosition] = [:]
            built.reserveCapacity((stack.count - base) * 2)
            for entry in stack[base...] {
                if case .scalar(let text, _) = entry.key.content {
                    built[text] = entry.key.position
                }
            }
            index = built
        }
    }

    /// Pops this mapping's entries off `stack` and returns them in document order.
    func finish(stack: inout [YAMLMappingEntry]) -> [YAMLMappingEntry] {
        let entries = Array(stack[base...])
        stack.removeSubrange(base...)
        return entries
    }

    /// The position of an existing key equal to `keyText`, if any.
    private func firstPosition(of keyText: String, in stack: [YAMLMappingEntry]) -> YAMLPosition? {
        if let index {
            return index[keyText]
        }
        // Comparing lengths first skips most full string comparisons.
        let length = keyText.utf8.count
        for entry in stack[base...] {
            if case .scalar(let text, _) = entry.key.content, text.utf8.count == length, text == keyText {
                return entry.key.position
            }
        }
        return nil
    }
}
