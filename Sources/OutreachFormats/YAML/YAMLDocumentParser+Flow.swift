/// Flow collections: `[a, b]` and `{k: v}`.
extension YAMLDocumentParser {
    /// Parses a flow sequence; the cursor is at its `[`.
    /// - Parameter blockIndent: The indentation of the enclosing block (-1 at the top); lines inside
    ///   the collection must be indented more, except a line that starts with the closing bracket.
    mutating func parseFlowSequence(blockIndent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let openerPosition = position(at: pos)
        try enterNesting(at: openerPosition)
        defer { leaveNesting() }
        pos += 1
        let base = itemStack.count
        while true {
            try skipFlowSpace(blockIndent: blockIndent, opener: "[", openerPosition: openerPosition)
            if bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                break
            }
            let item = try parseFlowSequenceItem(blockIndent: blockIndent, openerPosition: openerPosition)
            itemStack.append(item)
            try skipFlowSpace(blockIndent: blockIndent, opener: "[", openerPosition: openerPosition)
            let b = bytes[pos]
            if b == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            if b == UInt8(ascii: "]") {
                pos += 1
                break
            }
            throw unexpected(at: pos, "in a flow sequence; expected ',' or ']'")
        }
        let items = Array(itemStack[base...])
        itemStack.removeSubrange(base...)
        return YAMLNode(content: .sequence(items), position: openerPosition, endPosition: position(at: pos))
    }

    /// Parses a flow mapping; the cursor is at its `{`.
    /// - Parameter blockIndent: The indentation of the enclosing block (-1 at the top).
    mutating func parseFlowMapping(blockIndent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let openerPosition = position(at: pos)
        try enterNesting(at: openerPosition)
        defer { leaveNesting() }
        pos += 1
        var builder = YAMLMappingBuilder(stack: entryStack)
        while true {
            try skipFlowSpace(blockIndent: blockIndent, opener: "{", openerPosition: openerPosition)
            if bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                break
            }
            let key = try parseFlowNode(blockIndent: blockIndent, role: "where a flow mapping key was expected")
            guard case .scalar(let keyText, _) = key.content else {
                throw YAMLSyntaxError(reason: .unsupported("complex keys"), position: key.position)
            }
            try skipFlowSpace(blockIndent: blockIndent, opener: "{", openerPosition: openerPosition)
            let value: YAMLNode
            switch bytes[pos] {
            case UInt8(ascii: ":"):
                let emptyPosition = position(at: pos + 1)
                pos += 1
                try skipFlowSpace(blockIndent: blockIndent, opener: "{", openerPosition: openerPosition)
                let b = bytes[pos]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") {
                    value = YAMLNode(content: .scalar("", .plain), position: emptyPosition, endPosition: emptyPosition)
                } else {
                    value = try parseFlowNode(blockIndent: blockIndent, role: "where a flow mapping value was expected")
                }
            case UInt8(ascii: ","), UInt8(ascii: "}"):
                value = YAMLNode(content: .scalar("", .plain), position: key.endPosition, endPosition: key.endPosition)
            default:
                throw unexpected(at: pos, "in a flow mapping; expected ':', ',' or '}'")
            }
            try builder.append(key: key, keyText: keyText, value: value, to: &entryStack)
            try skipFlowSpace(blockIndent: blockIndent, opener: "{", openerPosition: openerPosition)
            let b = bytes[pos]
            if b == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            if b == UInt8(ascii: "}") {
                pos += 1
                break
            }
            throw unexpected(at: pos, "in a flow mapping; expected ',' or '}'")
        }
        let entries = builder.finish(stack: &entryStack)
        return YAMLNode(content: .mapping(entries), position: openerPosition, endPosition: position(at: pos))
    }

    /// Parses one item of a flow sequence, which may be a single `key: value` pair (a one-entry
    /// mapping, as YAML defines `[a: b]`).
    private mutating func parseFlowSequenceItem(
        blockIndent: Int,
        openerPosition: YAMLPosition
    ) throws(YAMLSyntaxError) -> YAMLNode {
        let startLine = line
        let node = try parseFlowNode(blockIndent: blockIndent, role: "where a flow sequence item was expected")
        var i = pos
        while isBlank(i) {
            i += 1
        }
        guard byte(i, is: UInt8(ascii: ":")) else {
            return node
        }
        guard case .scalar = node.content else {
            throw YAMLSyntaxError(reason: .unsupported("complex keys"), position: node.position)
        }
        if line != startLine {
            throw unexpected(at: i, "after a key that spans several lines; a key must fit on one line")
        }
        let emptyPosition = position(at: i + 1)
        pos = i + 1
        try skipFlowSpace(blockIndent: blockIndent, opener: "[", openerPosition: openerPosition)
        let value: YAMLNode
        let b = bytes[pos]
        if b == UInt8(ascii: ",") || b == UInt8(ascii: "]") {
            value = YAMLNode(content: .scalar("", .plain), position: emptyPosition, endPosition: emptyPosition)
        } else {
            value = try parseFlowNode(blockIndent: blockIndent, role: "where a flow mapping value was expected")
        }
        let entry = YAMLMappingEntry(key: node, value: value)
        return YAMLNode(content: .mapping([entry]), position: node.position, endPosition: value.endPosition)
    }

    /// Parses a node inside a flow collection.
    /// - Parameter role: Where the node is, for the error about a character that cannot start one.
    private mutating func parseFlowNode(blockIndent: Int, role: String) throws(YAMLSyntaxError) -> YAMLNode {
        let b = bytes[pos]
        switch b {
        case UInt8(ascii: "["):
            return try parseFlowSequence(blockIndent: blockIndent)
        case UInt8(ascii: "{"):
            return try parseFlowMapping(blockIndent: blockIndent)
        case UInt8(ascii: "\""):
            return try parseDoubleQuoted(blockIndent: blockIndent)
        case UInt8(ascii: "'"):
            return try parseSingleQuoted(blockIndent: blockIndent)
        case UInt8(ascii: "&"):
            throw error(.unsupported("anchors"), at: pos)
        case UInt8(ascii: "*"):
            throw error(.unsupported("aliases"), at: pos)
        case UInt8(ascii: "!"):
            throw error(.unsupported("tags"), at: pos)
        case UInt8(ascii: "?") where isWhitespaceOrEnd(pos + 1):
            throw error(.unsupported("complex keys"), at: pos)
        case UInt8(ascii: "-") where isWhitespaceOrEnd(pos + 1):
            throw unexpected(at: pos, "inside a flow collection; use ',' between items instead of '- '")
        case UInt8(ascii: ":") where isWhitespaceOrEnd(pos + 1) || isFlowIndicator(pos + 1):
            throw unexpected(at: pos, role)
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "|"),
            UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            throw unexpected(at: pos, role)
        default:
            return scanFlowPlain()
        }
    }

    /// Skips blanks, line breaks and comments inside a flow collection and stops at the next
    /// significant character.
    /// - Throws: `unterminatedFlow` at the opener when the input ends, a document marker appears,
    ///   or a line is not indented more than `blockIndent` (a closing bracket may sit at
    ///   `blockIndent`).
    private mutating func skipFlowSpace(
        blockIndent: Int,
        opener: Character,
        openerPosition: YAMLPosition
    ) throws(YAMLSyntaxError) {
        while true {
            while isBlank(pos) {
                pos += 1
            }
            guard pos < end else {
                throw YAMLSyntaxError(reason: .unterminatedFlow(opener), position: openerPosition)
            }
            let b = bytes[pos]
            if b == UInt8(ascii: "#") && (pos == lineStart || isBlank(pos - 1)) {
                pos = endOfLine(from: pos)
                continue
            }
            guard b == 0x0A || b == 0x0D else {
                return
            }
            consumeBreak()
            var i = pos
            while i < end && bytes[i] == 0x20 {
                i += 1
            }
            let spaces = i - pos
            while isBlank(i) {
                i += 1
            }
            guard i < end, !isBreak(i), bytes[i] != UInt8(ascii: "#") else {
                pos = i
                continue
            }
            if isDocumentMarker(UInt8(ascii: "-"), at: pos) || isDocumentMarker(UInt8(ascii: "."), at: pos) {
                throw YAMLSyntaxError(reason: .unterminatedFlow(opener), position: openerPosition)
            }
            if spaces <= blockIndent {
                let c = bytes[i]
                let isCloser = c == UInt8(ascii: "]") || c == UInt8(ascii: "}")
                if !(isCloser && spaces == blockIndent) {
                    throw YAMLSyntaxError(reason: .unterminatedFlow(opener), position: openerPosition)
                }
            }
            pos = i
        }
    }
}
