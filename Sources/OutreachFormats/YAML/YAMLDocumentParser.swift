/// The byte-level parser behind `YAMLParser`: a cursor over UTF-8 bytes plus the block structure.
///
/// Block parsing keeps one invariant: when a block-level function returns, the cursor is at the
/// first non-space character of the next content line (blank and comment lines skipped), or at
/// the end of the input. The indentation of that line is then `pos - lineStart`, because
/// indentation is made of spaces only.
struct YAMLDocumentParser {
    /// The UTF-8 bytes of the whole input; valid while the parser is used.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The number of bytes.
    let end: Int
    /// The cursor.
    var pos: Int
    /// The 1-based line number of the cursor's line.
    var line = 1
    /// The byte offset where the cursor's line starts.
    var lineStart: Int
    /// Column cache for the current line: an offset and its column.
    private var cacheLineStart = -1
    private var cacheOffset = 0
    private var cacheColumn = 1
    /// The current nesting depth of collections.
    private var depth = 0
    /// The entries of every open mapping, innermost last (see `YAMLMappingBuilder`).
    var entryStack: [YAMLMappingEntry] = []
    /// The items of every open sequence, innermost last.
    var itemStack: [YAMLNode] = []
    /// The block most recently closed by a less indented line: that line, the block's indentation and
    /// whether it was a mapping. A line indented between two blocks is told the column of the block
    /// it most likely continues.
    var closedBlock: (line: Int, indent: Int, isMapping: Bool)?

    /// Nesting deeper than this is rejected to keep the recursion's stack use bounded.
    static let maximumDepth = 200

    /// Creates a parser over `bytes`, skipping a leading byte order mark.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.end = bytes.count
        var start = 0
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            start = 3
        }
        self.pos = start
        self.lineStart = start
    }

    // MARK: - Bytes

    /// Whether `i` is a space or a tab.
    @inline(__always)
    func isBlank(_ i: Int) -> Bool {
        guard i < end else {
            return false
        }
        let b = bytes[i]
        return b == 0x20 || b == 0x09
    }

    /// Whether `i` is a line feed or carriage return.
    @inline(__always)
    func isBreak(_ i: Int) -> Bool {
        guard i < end else {
            return false
        }
        let b = bytes[i]
        return b == 0x0A || b == 0x0D
    }

    /// Whether `i` is a line break or past the end.
    @inline(__always)
    func isBreakOrEnd(_ i: Int) -> Bool {
        guard i < end else {
            return true
        }
        let b = bytes[i]
        return b == 0x0A || b == 0x0D
    }

    /// Whether `i` is a space, tab, line break or past the end.
    @inline(__always)
    func isWhitespaceOrEnd(_ i: Int) -> Bool {
        guard i < end else {
            return true
        }
        let b = bytes[i]
        return b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// Whether the byte at `i` equals `ascii`.
    @inline(__always)
    func byte(_ i: Int, is ascii: UInt8) -> Bool {
        i < end && bytes[i] == ascii
    }

    /// Consumes the line break at the cursor (LF, CRLF or a lone CR) and starts a new line.
    @inline(__always)
    mutating func consumeBreak() {
        if bytes[pos] == 0x0D && pos + 1 < end && bytes[pos + 1] == 0x0A {
            pos += 2
        } else {
            pos += 1
        }
        line += 1
        lineStart = pos
    }

    /// Moves `i` forward to the next line break or the end.
    @inline(__always)
    func endOfLine(from i: Int) -> Int {
        var j = i
        while j < end {
            let b = bytes[j]
            if b == 0x0A || b == 0x0D {
                break
            }
            j += 1
        }
        return j
    }

    /// Makes a string from a byte range of the input.
    @inline(__always)
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The character whose UTF-8 encoding starts at `i`.
    func character(at i: Int) -> Character {
        guard i < end else {
            return "\0"
        }
        let b = bytes[i]
        let length = b < 0x80 ? 1 : (b < 0xE0 ? 2 : (b < 0xF0 ? 3 : 4))
        let decoded = text(i..<min(i + length, end))
        return decoded.unicodeScalars.first.map { Character($0) } ?? "\u{FFFD}"
    }

    /// Whether the cursor's line starts with the document marker `marker` (`-` or `.` tripled).
    func isDocumentMarker(_ marker: UInt8, at i: Int) -> Bool {
        guard i == lineStart, i + 2 < end else {
            return false
        }
        return bytes[i] == marker && bytes[i + 1] == marker && bytes[i + 2] == marker && isWhitespaceOrEnd(i + 3)
    }

    // MARK: - Refused characters

    /// Whether YAML 1.2 refuses a character in a file and in text, raw or escaped: the C0 controls
    /// other than tab, line feed and carriage return, DEL, the C1 controls other than NEL (U+0085),
    /// and the non-characters U+FFFE and U+FFFF. Everything else comes back byte for byte.
    static func isRefused(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x85: false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// Throws `refusedCharacter` at the first refused character from the cursor to the end. One pass
    /// over the bytes; lines and columns are counted only when one is found.
    func rejectRefusedCharacters() throws(YAMLSyntaxError) {
        var i = pos
        var found = -1
        var value: UInt32 = 0
        while i < end {
            let b = bytes[i]
            if b < 0x20 {
                if b != 0x09 && b != 0x0A && b != 0x0D {
                    found = i
                    value = UInt32(b)
                    break
                }
            } else if b == 0x7F {
                found = i
                value = 0x7F
                break
            } else if b == 0xC2, i + 1 < end, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F, bytes[i + 1] != 0x85 {
                found = i
                value = UInt32(bytes[i + 1])
                break
            } else if b == 0xEF, i + 2 < end, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF {
                found = i
                value = bytes[i + 2] == 0xBE ? 0xFFFE : 0xFFFF
                break
            }
            i += 1
        }
        guard found >= 0 else { return }
        var line = 1
        var start = pos
        var k = pos
        while k < found {
            if bytes[k] == 0x0A || (bytes[k] == 0x0D && (k + 1 >= end || bytes[k + 1] != 0x0A)) {
                line += 1
                start = k + 1
            }
            k += 1
        }
        throw YAMLSyntaxError(reason: .refusedCharacter(value), position: position(at: found, lineStart: start, line: line))
    }

    // MARK: - Positions and errors

    /// The position of byte offset `offset` on the cursor's line.
    mutating func position(at offset: Int) -> YAMLPosition {
        var from = lineStart
        var column = 1
        if cacheLineStart == lineStart && offset >= cacheOffset {
            from = cacheOffset
            column = cacheColumn
        }
        column += countScalars(from: from, to: offset)
        cacheLineStart = lineStart
        cacheOffset = offset
        cacheColumn = column
        return YAMLPosition(line: line, column: column)
    }

    /// The position of byte offset `stop` on the cursor's line, given the position of an earlier
    /// offset `start` and whether the bytes between are all ASCII (then no counting is needed).
    @inline(__always)
    mutating func position(after startPosition: YAMLPosition, from start: Int, to stop: Int, isASCII: Bool)
        -> YAMLPosition
    {
        let column = startPosition.column + (isASCII ? stop - start : countScalars(from: start, to: stop))
        cacheLineStart = lineStart
        cacheOffset = stop
        cacheColumn = column
        return YAMLPosition(line: line, column: column)
    }

    /// The position of byte offset `offset` on an earlier line.
    func position(at offset: Int, lineStart start: Int, line number: Int) -> YAMLPosition {
        YAMLPosition(line: number, column: 1 + countScalars(from: start, to: offset))
    }

    /// The number of Unicode scalars in a byte range: the bytes that are not UTF-8 continuation
    /// bytes (`10xxxxxx`).
    func countScalars(from start: Int, to stop: Int) -> Int {
        var combined: UInt8 = 0
        var i = start
        while i < stop {
            combined |= bytes[i]
            i += 1
        }
        if combined < 0x80 {
            return stop - start
        }
        var count = 0
        i = start
        while i < stop {
            if bytes[i] & 0xC0 != 0x80 {
                count += 1
            }
            i += 1
        }
        return count
    }

    /// An error at byte offset `offset` on the cursor's line.
    mutating func error(_ reason: YAMLSyntaxError.Reason, at offset: Int) -> YAMLSyntaxError {
        YAMLSyntaxError(reason: reason, position: position(at: offset))
    }

    /// An `unexpectedCharacter` error for the character at `offset`.
    mutating func unexpected(at offset: Int, _ context: String) -> YAMLSyntaxError {
        error(.unexpectedCharacter(character(at: offset), context: context), at: offset)
    }

    /// Counts one more level of collection nesting.
    /// - Throws: `unsupported` when the document nests deeper than `maximumDepth`.
    /// - Parameter position: Where the collection starts, for the error.
    mutating func enterNesting(at position: YAMLPosition) throws(YAMLSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw YAMLSyntaxError(
                reason: .unsupported("collections nested more than \(Self.maximumDepth) levels deep"),
                position: position
            )
        }
    }

    /// Leaves one level of nesting.
    mutating func leaveNesting() {
        depth -= 1
    }

    /// The error for a line indented more than the open block at `indent`. When it is also less indented
    /// than a block it closed and looks like that block's content (a key for a mapping, a `-` for a
    /// sequence), both columns are given: most often the line was meant to continue the lines above.
    mutating func indentationError(openIndent indent: Int) -> YAMLSyntaxError {
        let found = pos - lineStart
        if let closed = closedBlock, closed.line == line, closed.indent > found,
            closed.isMapping != atSequenceIndicator()
        {
            return error(.indentationBetween(outer: indent + 1, inner: closed.indent + 1, found: found + 1), at: pos)
        }
        return error(.badIndentation(expected: indent + 1, found: found + 1), at: pos)
    }

    // MARK: - Lines

    /// Finishes the cursor's line after a node: allows blanks and a comment, then moves to the next
    /// content line.
    /// - Parameter context: Where an unexpected character would be, for the error.
    mutating func finishLine(context: String) throws(YAMLSyntaxError) {
        var sawBlank = pos == lineStart || isBlank(pos - 1)
        while isBlank(pos) {
            pos += 1
            sawBlank = true
        }
        if pos < end {
            let b = bytes[pos]
            if b == UInt8(ascii: "#") && sawBlank {
                pos = endOfLine(from: pos)
            } else if b != 0x0A && b != 0x0D {
                throw unexpected(at: pos, context)
            }
        }
        if pos < end {
            consumeBreak()
            try skipToContentLine()
        }
    }

    /// From the start of a line, skips blank and comment lines and stops at the first non-space
    /// character of the next content line, or at the end.
    /// - Throws: `tabIndentation` when a content line is indented with a tab.
    mutating func skipToContentLine() throws(YAMLSyntaxError) {
        while pos < end {
            var i = pos
            while i < end && bytes[i] == 0x20 {
                i += 1
            }
            var tab = -1
            while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) {
                if tab < 0 && bytes[i] == 0x09 {
                    tab = i
                }
                i += 1
            }
            if i >= end {
                pos = end
                return
            }
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                pos = i
                consumeBreak()
                continue
            }
            if b == UInt8(ascii: "#") {
                pos = endOfLine(from: i)
                if pos < end {
                    consumeBreak()
                }
                continue
            }
            if tab >= 0 {
                throw error(.tabIndentation, at: tab)
            }
            pos = i
            return
        }
    }

    /// The indentation of the current content line, or -1 at the end of the input or at a
    /// document marker (which closes every block).
    func currentIndent() -> Int {
        if pos >= end || isDocumentMarker(UInt8(ascii: "-"), at: pos) || isDocumentMarker(UInt8(ascii: "."), at: pos) {
            return -1
        }
        return pos - lineStart
    }

    /// Whether the cursor is at a block sequence indicator: `-` followed by whitespace or the end.
    @inline(__always)
    func atSequenceIndicator() -> Bool {
        byte(pos, is: UInt8(ascii: "-")) && isWhitespaceOrEnd(pos + 1)
    }
}
