/// The document and block structure: block mappings, block sequences and the nodes in them.
extension YAMLDocumentParser {
    /// Parses the whole input as one document.
    mutating func parseDocument() throws(YAMLSyntaxError) -> YAMLNode? {
        try rejectRefusedCharacters()
        try skipToContentLine()
        if pos < end && pos == lineStart && bytes[pos] == UInt8(ascii: "%") {
            throw error(.unsupported("directives"), at: pos)
        }
        var root: YAMLNode?
        var rootStart = -1
        var rootIndent = 0
        if isDocumentMarker(UInt8(ascii: "-"), at: pos) {
            pos += 3
            while isBlank(pos) {
                pos += 1
            }
            if isBreakOrEnd(pos) || bytes[pos] == UInt8(ascii: "#") {
                try finishLine(context: "after '---'")
            } else {
                root = try parseInlineValue(parentIndent: -1, afterKey: false)
            }
        }
        if root == nil && currentIndent() >= 0 {
            rootStart = pos
            rootIndent = pos - lineStart
            root = try parseBlockNode(indent: rootIndent, parentIndent: -1, tabAt: nil)
        }
        try finishDocument(root: root, rootStart: rootStart, rootIndent: rootIndent)
        return root
    }

    /// Checks what follows the root node: nothing, or a `...` marker and then nothing.
    /// - Parameters:
    ///   - rootStart: The offset of a root that starts its own line, or -1 for a root on the
    ///     `---` line.
    ///   - rootIndent: The indentation of a root that starts its own line.
    private mutating func finishDocument(root: YAMLNode?, rootStart: Int, rootIndent: Int) throws(YAMLSyntaxError) {
        guard pos < end else {
            return
        }
        if isDocumentMarker(UInt8(ascii: "-"), at: pos) {
            throw error(.unsupported("multiple documents"), at: pos)
        }
        if isDocumentMarker(UInt8(ascii: "."), at: pos) {
            pos += 3
            try finishLine(context: "after '...'")
            if pos < end {
                throw error(.unsupported("multiple documents"), at: pos)
            }
            return
        }
        // Content is left over after the root node.
        let found = pos - lineStart
        if let root, rootStart >= 0 {
            let first = bytes[rootStart]
            let isFlow = first == UInt8(ascii: "[") || first == UInt8(ascii: "{")
            switch root.content {
            case .mapping, .sequence:
                if !isFlow {
                    throw error(.badIndentation(expected: rootIndent + 1, found: found + 1), at: pos)
                }
            case .scalar(_, .plain):
                if found > rootIndent {
                    throw error(.badIndentation(expected: rootIndent + 1, found: found + 1), at: pos)
                }
                throw YAMLSyntaxError(reason: .missingColon, position: root.position)
            case .scalar:
                break
            }
        }
        throw unexpected(at: pos, "after the document's root node")
    }

    /// Parses a node that starts at the cursor in block context, where a block mapping or block
    /// sequence may start.
    /// - Parameters:
    ///   - indent: The cursor's column (0-based), which becomes the indentation of a collection.
    ///   - parentIndent: The indentation of the enclosing block, or -1 at the top.
    ///   - tabAt: The offset of a tab that separates this node from a preceding `-`, if any; a
    ///     collection may not follow such a tab.
    mutating func parseBlockNode(indent: Int, parentIndent: Int, tabAt: Int?) throws(YAMLSyntaxError) -> YAMLNode {
        let b = bytes[pos]
        if b == UInt8(ascii: "-") && isWhitespaceOrEnd(pos + 1) {
            if let tabAt {
                throw error(.tabIndentation, at: tabAt)
            }
            return try parseBlockSequence(indent: indent, isIndentless: false)
        }
        if b == UInt8(ascii: "|") || b == UInt8(ascii: ">") {
            return try parseBlockScalar(parentIndent: parentIndent)
        }
        try checkBlockNodeStart()
        let start = pos
        let startLine = line
        let (node, colon) = try scanLineNode(blockIndent: parentIndent)
        if let colon {
            if let tabAt {
                throw error(.tabIndentation, at: tabAt)
            }
            let keyText = try validateKey(node, colon: colon, startLine: startLine)
            pos = colon + 1
            return try parseBlockMapping(indent: indent, firstKey: node, firstKeyText: keyText)
        }
        try finishLine(context: context(afterNodeStartingWith: bytes[start]))
        return node
    }

    /// Parses a value that starts on the same line as its key (or as `---`): a scalar, a flow
    /// collection or a block scalar, but not a block collection.
    /// - Parameters:
    ///   - parentIndent: The indentation of the mapping that owns the value, or -1.
    ///   - afterKey: Whether the value follows a key (otherwise it follows `---`).
    mutating func parseInlineValue(parentIndent: Int, afterKey: Bool) throws(YAMLSyntaxError) -> YAMLNode {
        let b = bytes[pos]
        if b == UInt8(ascii: "|") || b == UInt8(ascii: ">") {
            return try parseBlockScalar(parentIndent: parentIndent)
        }
        let owner = afterKey ? "a mapping key" : "'---'"
        if b == UInt8(ascii: "-") && isWhitespaceOrEnd(pos + 1) {
            throw unexpected(at: pos, "after \(owner); a block sequence must start on its own line")
        }
        try checkBlockNodeStart()
        let start = pos
        let (node, colon) = try scanLineNode(blockIndent: parentIndent)
        if let colon {
            throw unexpected(
                at: colon,
                "in a value on the same line as \(owner); quote the value if the ':' belongs to it"
            )
        }
        try finishLine(context: context(afterNodeStartingWith: bytes[start]))
        return node
    }

    /// Parses a block mapping whose first key has been read; the cursor is just after its colon.
    private mutating func parseBlockMapping(
        indent: Int,
        firstKey: YAMLNode,
        firstKeyText: String
    ) throws(YAMLSyntaxError) -> YAMLNode {
        try enterNesting(at: firstKey.position)
        defer { leaveNesting() }
        var builder = YAMLMappingBuilder(stack: entryStack)
        var key = firstKey
        var keyText = firstKeyText
        var endPosition = firstKey.endPosition
        while true {
            let value = try parseMappingValue(mappingIndent: indent)
            try builder.append(key: key, keyText: keyText, value: value, to: &entryStack)
            endPosition = value.endPosition
            let found = currentIndent()
            if found < indent {
                closedBlock = (line, indent, true)
                break
            }
            if found > indent {
                throw indentationError(openIndent: indent)
            }
            if atSequenceIndicator() {
                throw error(.mixedBlockContent, at: pos)
            }
            (key, keyText) = try parseBlockKey(mappingIndent: indent)
        }
        let entries = builder.finish(stack: &entryStack)
        return YAMLNode(content: .mapping(entries), position: firstKey.position, endPosition: endPosition)
    }

    /// Parses the key of a further entry in a block mapping and moves past its colon.
    private mutating func parseBlockKey(mappingIndent: Int) throws(YAMLSyntaxError) -> (YAMLNode, String) {
        let b = bytes[pos]
        if b == UInt8(ascii: "|") || b == UInt8(ascii: ">") {
            throw unexpected(at: pos, "where a mapping key was expected")
        }
        try checkBlockNodeStart()
        let start = pos
        let startLine = line
        let (node, colon) = try scanLineNode(blockIndent: mappingIndent)
        guard let colon else {
            try finishLine(context: context(afterNodeStartingWith: bytes[start]))
            throw YAMLSyntaxError(reason: .missingColon, position: node.position)
        }
        let keyText = try validateKey(node, colon: colon, startLine: startLine)
        pos = colon + 1
        return (node, keyText)
    }

    /// Parses the value after a block mapping key's colon, which is at the cursor's left.
    private mutating func parseMappingValue(mappingIndent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let colonEnd = pos
        while isBlank(pos) {
            pos += 1
        }
        if isBreakOrEnd(pos) || bytes[pos] == UInt8(ascii: "#") {
            let emptyPosition = position(at: colonEnd)
            try finishLine(context: "after a mapping key")
            let found = currentIndent()
            if found > mappingIndent {
                return try parseBlockNode(indent: found, parentIndent: mappingIndent, tabAt: nil)
            }
            if found == mappingIndent && atSequenceIndicator() {
                return try parseBlockSequence(indent: mappingIndent, isIndentless: true)
            }
            return YAMLNode(content: .scalar("", .plain), position: emptyPosition, endPosition: emptyPosition)
        }
        return try parseInlineValue(parentIndent: mappingIndent, afterKey: true)
    }

    /// Parses a block sequence; the cursor is at its first `-`.
    /// - Parameters:
    ///   - indent: The column of the `-` indicators.
    ///   - isIndentless: Whether the sequence is the value of a mapping key at the same
    ///     indentation, in which case a following key ends it.
    private mutating func parseBlockSequence(indent: Int, isIndentless: Bool) throws(YAMLSyntaxError) -> YAMLNode {
        let base = itemStack.count
        let startPosition = position(at: pos)
        try enterNesting(at: startPosition)
        defer { leaveNesting() }
        var endPosition = startPosition
        while true {
            let dash = pos
            pos += 1
            var tabAt: Int?
            while isBlank(pos) {
                if tabAt == nil && bytes[pos] == 0x09 {
                    tabAt = pos
                }
                pos += 1
            }
            let item: YAMLNode
            if isBreakOrEnd(pos) || bytes[pos] == UInt8(ascii: "#") {
                let emptyPosition = position(at: dash + 1)
                try finishLine(context: "after '-'")
                let found = currentIndent()
                if found > indent {
                    item = try parseBlockNode(indent: found, parentIndent: indent, tabAt: nil)
                } else {
                    item = YAMLNode(content: .scalar("", .plain), position: emptyPosition, endPosition: emptyPosition)
                }
            } else {
                item = try parseBlockNode(indent: pos - lineStart, parentIndent: indent, tabAt: tabAt)
            }
            itemStack.append(item)
            endPosition = item.endPosition
            let found = currentIndent()
            if found < indent {
                closedBlock = (line, indent, false)
                break
            }
            if found > indent {
                throw indentationError(openIndent: indent)
            }
            if !atSequenceIndicator() {
                if isIndentless {
                    break
                }
                throw error(.mixedBlockContent, at: pos)
            }
        }
        let items = Array(itemStack[base...])
        itemStack.removeSubrange(base...)
        return YAMLNode(content: .sequence(items), position: startPosition, endPosition: endPosition)
    }

    /// Reads a flow collection, a quoted scalar or a one-line plain scalar at the cursor, and says
    /// whether a mapping-value colon follows it on the same line.
    /// - Returns: The node and the offset of the `:` if one follows; the cursor is then at the
    ///   colon, otherwise just after the node.
    private mutating func scanLineNode(blockIndent: Int) throws(YAMLSyntaxError) -> (YAMLNode, Int?) {
        let node: YAMLNode
        switch bytes[pos] {
        case UInt8(ascii: "["):
            node = try parseFlowSequence(blockIndent: blockIndent)
        case UInt8(ascii: "{"):
            node = try parseFlowMapping(blockIndent: blockIndent)
        case UInt8(ascii: "\""):
            node = try parseDoubleQuoted(blockIndent: blockIndent)
        case UInt8(ascii: "'"):
            node = try parseSingleQuoted(blockIndent: blockIndent)
        default:
            return scanBlockPlain()
        }
        var i = pos
        while isBlank(i) {
            i += 1
        }
        if byte(i, is: UInt8(ascii: ":")) && isWhitespaceOrEnd(i + 1) {
            pos = i
            return (node, i)
        }
        return (node, nil)
    }

    /// Checks that a key is a scalar on one line and returns its text.
    private mutating func validateKey(_ key: YAMLNode, colon: Int, startLine: Int) throws(YAMLSyntaxError) -> String {
        guard case .scalar(let text, _) = key.content else {
            throw YAMLSyntaxError(reason: .unsupported("complex keys"), position: key.position)
        }
        if line != startLine {
            throw unexpected(at: colon, "after a key that spans several lines; a key must fit on one line")
        }
        return text
    }

    /// Rejects characters that cannot start a node in block context.
    private mutating func checkBlockNodeStart() throws(YAMLSyntaxError) {
        let b = bytes[pos]
        switch b {
        case UInt8(ascii: "&"):
            throw error(.unsupported("anchors"), at: pos)
        case UInt8(ascii: "*"):
            throw error(.unsupported("aliases"), at: pos)
        case UInt8(ascii: "!"):
            throw error(.unsupported("tags"), at: pos)
        case UInt8(ascii: "?") where isWhitespaceOrEnd(pos + 1):
            throw error(.unsupported("complex keys"), at: pos)
        case UInt8(ascii: "%") where pos == lineStart:
            throw error(.unsupported("directives"), at: pos)
        case UInt8(ascii: ":") where isWhitespaceOrEnd(pos + 1):
            throw unexpected(at: pos, "without a mapping key before it")
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
            throw unexpected(at: pos, "outside a flow collection")
        case UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            throw unexpected(at: pos, "at the start of a plain scalar; quote the text")
        default:
            return
        }
    }

    /// The phrase for text found after a node that starts with `first`.
    private func context(afterNodeStartingWith first: UInt8) -> String {
        switch first {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return "after a quoted scalar"
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            return "after a flow collection"
        default:
            return "after a plain scalar"
        }
    }
}
