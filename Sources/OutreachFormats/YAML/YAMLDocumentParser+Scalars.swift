/// Plain and quoted scalars.
extension YAMLDocumentParser {
    /// Reads a one-line plain scalar in block context. It ends at the line end, at a comment
    /// (`#` after a blank) or at a mapping-value colon (`:` followed by whitespace).
    /// - Returns: The scalar and the offset of the colon that ended it, if any; the cursor is then
    ///   at the colon, otherwise just after the scalar's last non-blank character.
    mutating func scanBlockPlain() -> (YAMLNode, Int?) {
        let bytes = self.bytes
        let start = pos
        let startPosition = position(at: start)
        var i = pos
        var last = pos
        var colon: Int?
        var combined: UInt8 = 0
        while i < end {
            let b = bytes[i]
            i += 1
            // Letters and every byte of a non-ASCII character sort above ':'.
            if b > UInt8(ascii: ":") {
                combined |= b
                last = i
                continue
            }
            if b == 0x20 || b == 0x09 {
                continue
            }
            if b == 0x0A || b == 0x0D {
                i -= 1
                break
            }
            if b == UInt8(ascii: ":") && isWhitespaceOrEnd(i) {
                i -= 1
                colon = i
                break
            }
            if b == UInt8(ascii: "#") && i - 1 > start && (bytes[i - 2] == 0x20 || bytes[i - 2] == 0x09) {
                i -= 1
                break
            }
            last = i
        }
        let node = YAMLNode(
            content: .scalar(text(start..<last), .plain),
            position: startPosition,
            endPosition: position(after: startPosition, from: start, to: last, isASCII: combined < 0x80)
        )
        pos = colon ?? last
        return (node, colon)
    }

    /// Reads a one-line plain scalar in flow context. It also ends at `,`, `[`, `]`, `{`, `}` and
    /// at a `:` followed by whitespace or one of those.
    mutating func scanFlowPlain() -> YAMLNode {
        let bytes = self.bytes
        let start = pos
        let startPosition = position(at: start)
        var i = pos
        var last = pos
        var combined: UInt8 = 0
        scan: while i < end {
            let b = bytes[i]
            switch b {
            case 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                UInt8(ascii: "}"):
                break scan
            case UInt8(ascii: ":"):
                if isWhitespaceOrEnd(i + 1) || isFlowIndicator(i + 1) {
                    break scan
                }
            case UInt8(ascii: "#"):
                if i > start && (bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09) {
                    break scan
                }
            default:
                break
            }
            i += 1
            combined |= b
            if b != 0x20 && b != 0x09 {
                last = i
            }
        }
        pos = last
        return YAMLNode(
            content: .scalar(text(start..<last), .plain),
            position: startPosition,
            endPosition: position(after: startPosition, from: start, to: last, isASCII: combined < 0x80)
        )
    }

    /// Whether the byte at `i` is one of `,[]{}`.
    @inline(__always)
    func isFlowIndicator(_ i: Int) -> Bool {
        guard i < end else {
            return false
        }
        switch bytes[i] {
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    /// Reads a single-quoted scalar; the cursor is at the opening quote.
    /// - Parameter blockIndent: Continuation lines must be indented more than this (-1 at the top).
    mutating func parseSingleQuoted(blockIndent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let openerPosition = position(at: pos)
        pos += 1
        // Fast path: no doubled quote and no line break.
        var i = pos
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "'") || b == 0x0A || b == 0x0D {
                break
            }
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: "'") && !byte(i + 1, is: UInt8(ascii: "'")) {
            let value = text(pos..<i)
            pos = i + 1
            return YAMLNode(
                content: .scalar(value, .singleQuoted),
                position: openerPosition,
                endPosition: position(at: pos)
            )
        }
        var out: [UInt8] = []
        var keep = 0
        while true {
            guard pos < end else {
                throw YAMLSyntaxError(reason: .unterminatedQuote, position: openerPosition)
            }
            let b = bytes[pos]
            if b == UInt8(ascii: "'") {
                if byte(pos + 1, is: UInt8(ascii: "'")) {
                    out.append(b)
                    keep = out.count
                    pos += 2
                    continue
                }
                pos += 1
                break
            }
            if b == 0x0A || b == 0x0D {
                out.removeSubrange(keep...)
                let emptyLines = try foldQuotedLines(blockIndent: blockIndent, openerPosition: openerPosition)
                appendFolded(emptyLines: emptyLines, to: &out)
                keep = out.count
                continue
            }
            out.append(b)
            pos += 1
            if b != 0x20 && b != 0x09 {
                keep = out.count
            }
        }
        return YAMLNode(
            content: .scalar(String(decoding: out, as: UTF8.self), .singleQuoted),
            position: openerPosition,
            endPosition: position(at: pos)
        )
    }

    /// Reads a double-quoted scalar; the cursor is at the opening quote.
    /// - Parameter blockIndent: Continuation lines must be indented more than this (-1 at the top).
    mutating func parseDoubleQuoted(blockIndent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let openerPosition = position(at: pos)
        pos += 1
        // Fast path: no escape and no line break.
        var i = pos
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0x0A || b == 0x0D {
                break
            }
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: "\"") {
            let value = text(pos..<i)
            pos = i + 1
            return YAMLNode(
                content: .scalar(value, .doubleQuoted),
                position: openerPosition,
                endPosition: position(at: pos)
            )
        }
        var out: [UInt8] = []
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pos..<i]))
        pos = i
        var keep = (out.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) ?? -1) + 1
        while true {
            guard pos < end else {
                throw YAMLSyntaxError(reason: .unterminatedQuote, position: openerPosition)
            }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                break
            }
            if b == UInt8(ascii: "\\") {
                if isBreak(pos + 1) {
                    // An escaped line break: nothing is inserted for it, and the whitespace before
                    // the backslash is kept.
                    pos += 1
                    let emptyLines = try foldQuotedLines(blockIndent: blockIndent, openerPosition: openerPosition)
                    for _ in 0..<emptyLines {
                        out.append(0x0A)
                    }
                } else {
                    try appendEscape(to: &out)
                }
                keep = out.count
                continue
            }
            if b == 0x0A || b == 0x0D {
                out.removeSubrange(keep...)
                let emptyLines = try foldQuotedLines(blockIndent: blockIndent, openerPosition: openerPosition)
                appendFolded(emptyLines: emptyLines, to: &out)
                keep = out.count
                continue
            }
            out.append(b)
            pos += 1
            if b != 0x20 && b != 0x09 {
                keep = out.count
            }
        }
        return YAMLNode(
            content: .scalar(String(decoding: out, as: UTF8.self), .doubleQuoted),
            position: openerPosition,
            endPosition: position(at: pos)
        )
    }

    /// Decodes the escape sequence at the cursor (a backslash) and appends its UTF-8 bytes.
    /// - Throws: `invalidEscape` at the backslash for an unknown escape or bad hex digits.
    private mutating func appendEscape(to out: inout [UInt8]) throws(YAMLSyntaxError) {
        let backslash = pos
        guard pos + 1 < end else {
            throw YAMLSyntaxError(reason: .unterminatedQuote, position: position(at: backslash))
        }
        let code = bytes[pos + 1]
        pos += 2
        let simple: UInt32?
        switch code {
        case UInt8(ascii: "0"): simple = 0x00
        case UInt8(ascii: "a"): simple = 0x07
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"), 0x09: simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "v"): simple = 0x0B
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "e"): simple = 0x1B
        case UInt8(ascii: " "): simple = 0x20
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "N"): simple = 0x85
        case UInt8(ascii: "_"): simple = 0xA0
        case UInt8(ascii: "L"): simple = 0x2028
        case UInt8(ascii: "P"): simple = 0x2029
        default: simple = nil
        }
        if let simple {
            if Self.isRefused(simple) {
                throw error(.refusedEscape(text(backslash..<pos), simple), at: backslash)
            }
            Self.appendUTF8(simple, to: &out)
            return
        }
        let digits: Int
        switch code {
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default:
            pos = backslash
            let written = "\\" + String(character(at: backslash + 1))
            throw error(.invalidEscape(written), at: backslash)
        }
        var value: UInt32 = 0
        var valid = true
        for k in 0..<digits {
            let i = pos + k
            guard i < end, let digit = Self.hexValue(bytes[i]) else {
                valid = false
                break
            }
            value = value << 4 | digit
        }
        if valid, let scalar = Unicode.Scalar(value) {
            pos += digits
            if Self.isRefused(scalar.value) {
                throw error(.refusedEscape(text(backslash..<pos), scalar.value), at: backslash)
            }
            Self.appendUTF8(scalar.value, to: &out)
            return
        }
        // Report the escape as written, up to its expected length or the closing quote.
        var stop = pos
        while stop < end && stop < pos + digits && bytes[stop] != UInt8(ascii: "\"") && !isBreak(stop) {
            stop += 1
        }
        let written = text(backslash..<stop)
        pos = backslash
        throw error(.invalidEscape(written), at: backslash)
    }

    /// Appends the UTF-8 encoding of a valid Unicode scalar value.
    private static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (value >> 6)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (value >> 12)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (value >> 18)))
            out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// The value of an ASCII hex digit.
    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Appends what a folded line break inside a quoted scalar becomes: a space, or one line feed
    /// per empty line.
    private func appendFolded(emptyLines: Int, to out: inout [UInt8]) {
        if emptyLines == 0 {
            out.append(0x20)
        } else {
            for _ in 0..<emptyLines {
                out.append(0x0A)
            }
        }
    }

    /// At a line break inside a quoted scalar: consumes it, any empty lines, and the next line's
    /// leading whitespace.
    /// - Returns: The number of empty lines.
    /// - Throws: `unterminatedQuote` when the input ends, or the next line is not indented more than
    ///   `blockIndent` or is a document marker, which means the quote was never closed.
    private mutating func foldQuotedLines(
        blockIndent: Int,
        openerPosition: YAMLPosition
    ) throws(YAMLSyntaxError) -> Int {
        consumeBreak()
        var emptyLines = 0
        while true {
            var i = pos
            while i < end && bytes[i] == 0x20 {
                i += 1
            }
            let spaces = i - pos
            while isBlank(i) {
                i += 1
            }
            if i >= end {
                throw YAMLSyntaxError(reason: .unterminatedQuote, position: openerPosition)
            }
            if isBreak(i) {
                pos = i
                consumeBreak()
                emptyLines += 1
                continue
            }
            if spaces <= blockIndent || isDocumentMarker(UInt8(ascii: "-"), at: pos)
                || isDocumentMarker(UInt8(ascii: "."), at: pos)
            {
                throw YAMLSyntaxError(reason: .unterminatedQuote, position: openerPosition)
            }
            pos = i
            return emptyLines
        }
    }
}
