/// Literal (`|`) and folded (`>`) block scalars.
extension YAMLDocumentParser {
    /// What happens to the final line break and trailing empty lines of a block scalar.
    private enum Chomping {
        /// `-`: no final line break.
        case strip
        /// The default: one final line break.
        case clip
        /// `+`: the final line break and every trailing empty line.
        case keep
    }

    /// Parses a block scalar; the cursor is at its `|` or `>`. Afterwards the cursor is at the next
    /// content line, as for any block node.
    /// - Parameter parentIndent: The indentation of the enclosing block (-1 at the top); the content
    ///   must be indented more.
    mutating func parseBlockScalar(parentIndent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let startPosition = position(at: pos)
        let isLiteral = bytes[pos] == UInt8(ascii: "|")
        pos += 1
        var chomping = Chomping.clip
        var chompingSeen = false
        var explicitIndent: Int?
        header: while pos < end {
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "-") where !chompingSeen, UInt8(ascii: "+") where !chompingSeen:
                chomping = b == UInt8(ascii: "-") ? .strip : .keep
                chompingSeen = true
            case UInt8(ascii: "1")...UInt8(ascii: "9") where explicitIndent == nil:
                explicitIndent = Int(b - UInt8(ascii: "0"))
            case UInt8(ascii: "0") where explicitIndent == nil:
                throw unexpected(at: pos, "in a block scalar header; the indentation indicator must be 1 to 9")
            default:
                break header
            }
            pos += 1
        }
        let headerEndPosition = position(at: pos)
        var sawBlank = false
        while isBlank(pos) {
            pos += 1
            sawBlank = true
        }
        if pos < end {
            if bytes[pos] == UInt8(ascii: "#") && sawBlank {
                pos = endOfLine(from: pos)
            } else if !isBreak(pos) {
                throw unexpected(at: pos, "after a block scalar header")
            }
        }
        if pos < end {
            consumeBreak()
        }
        let contentIndent: Int
        if let explicitIndent {
            contentIndent = parentIndent + explicitIndent
        } else {
            contentIndent = try detectBlockIndent(parentIndent: parentIndent)
        }

        var out: [UInt8] = []
        var pendingEmpty = 0
        var hasContent = false
        var previousMoreIndented = false
        var lastContentEnd = -1
        var lastContentLineStart = 0
        var lastContentLine = 0
        var lastHadBreak = false
        while pos < end {
            let start = pos
            if contentIndent == 0
                && (isDocumentMarker(UInt8(ascii: "-"), at: start) || isDocumentMarker(UInt8(ascii: "."), at: start))
            {
                break
            }
            let limit = start + contentIndent
            var i = start
            while i < limit && i < end && bytes[i] == 0x20 {
                i += 1
            }
            if i < limit {
                // Less indented than the content: an empty line, or the end of the scalar.
                var k = i
                while isBlank(k) {
                    k += 1
                }
                guard isBreakOrEnd(k) else {
                    break
                }
                pos = k
                if pos < end {
                    pendingEmpty += 1
                    consumeBreak()
                }
                continue
            }
            let lineEnd = endOfLine(from: i)
            if lineEnd == i {
                pos = lineEnd
                if pos < end {
                    pendingEmpty += 1
                    consumeBreak()
                }
                continue
            }
            let moreIndented = bytes[i] == 0x20 || bytes[i] == 0x09
            if !hasContent {
                appendLineFeeds(pendingEmpty, to: &out)
            } else if isLiteral || moreIndented || previousMoreIndented {
                appendLineFeeds(pendingEmpty + 1, to: &out)
            } else if pendingEmpty == 0 {
                out.append(0x20)
            } else {
                appendLineFeeds(pendingEmpty, to: &out)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<lineEnd]))
            hasContent = true
            previousMoreIndented = moreIndented
            pendingEmpty = 0
            lastContentEnd = lineEnd
            lastContentLineStart = start
            lastContentLine = line
            pos = lineEnd
            lastHadBreak = pos < end
            if pos < end {
                consumeBreak()
            }
        }
        if hasContent && lastHadBreak {
            switch chomping {
            case .strip:
                break
            case .clip:
                out.append(0x0A)
            case .keep:
                appendLineFeeds(pendingEmpty + 1, to: &out)
            }
        } else if !hasContent && chomping == .keep {
            appendLineFeeds(pendingEmpty, to: &out)
        }
        let endPosition =
            hasContent
            ? position(at: lastContentEnd, lineStart: lastContentLineStart, line: lastContentLine)
            : headerEndPosition
        try skipToContentLine()
        return YAMLNode(
            content: .scalar(String(decoding: out, as: UTF8.self), isLiteral ? .literal : .folded),
            position: startPosition,
            endPosition: endPosition
        )
    }

    /// Finds a block scalar's content indentation from its first non-empty line, without moving the
    /// cursor (which is at the start of the first line after the header).
    /// - Throws: `badIndentation` at a leading empty line that has more spaces than the content.
    private mutating func detectBlockIndent(parentIndent: Int) throws(YAMLSyntaxError) -> Int {
        var i = pos
        var lineNumber = line
        var widest = 0
        var widestLineStart = -1
        var widestLine = 0
        while i < end {
            let start = i
            while i < end && bytes[i] == 0x20 {
                i += 1
            }
            let spaces = i - start
            var k = i
            while isBlank(k) {
                k += 1
            }
            if isBreakOrEnd(k) {
                if spaces > widest {
                    widest = spaces
                    widestLineStart = start
                    widestLine = lineNumber
                }
                guard k < end else {
                    break
                }
                i = k + (bytes[k] == 0x0D && k + 1 < end && bytes[k + 1] == 0x0A ? 2 : 1)
                lineNumber += 1
                continue
            }
            if spaces <= parentIndent {
                // No content: the scalar is empty and this line belongs to the parent.
                return max(parentIndent + 1, widest)
            }
            if widest > spaces {
                throw YAMLSyntaxError(
                    reason: .badIndentation(expected: spaces + 1, found: widest + 1),
                    position: position(at: widestLineStart + widest, lineStart: widestLineStart, line: widestLine)
                )
            }
            return spaces
        }
        return max(parentIndent + 1, widest)
    }

    /// Appends `count` line feeds.
    private func appendLineFeeds(_ count: Int, to out: inout [UInt8]) {
        for _ in 0..<max(count, 0) {
            out.append(0x0A)
        }
    }
}
