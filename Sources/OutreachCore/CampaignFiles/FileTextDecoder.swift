import OutreachFormats

/// Turns file bytes into text, saying plainly where a file is not UTF-8.
public enum FileTextDecoder {
    public enum Decoded: Sendable {
        case text(String)
        case problem(Diagnostic)
    }

    /// The text of a UTF-8 file (a byte-order mark is dropped), or the offset of the first bad byte.
    public static func decode(_ bytes: [UInt8]) -> Decoded {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return .text(text) }
        return .problem(.notUTF8(byteOffset: firstInvalidOffset(bytes)))
    }

    /// The error for a file that is not UTF-8, at the line and column of its first bad byte (columns
    /// count characters, as in YAML errors), with the `iconv` command when the file reads as GB18030.
    public static func notUTF8Issue(_ bytes: [UInt8], path: String) -> InputIssue {
        let offset = firstInvalidOffset(bytes)
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var lineStart = start
        var i = start
        while i < offset {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let column = 1 + bytes[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        let byte = offset < bytes.count ? bytes[offset] : 0
        return .error(
            .notUTF8File(byteOffset: offset, byte: byte, gb18030Path: isGB18030(bytes) ? path : nil),
            at: SourceLocation(path: path, line: line, column: column))
    }

    /// Whether the bytes are well-formed GB18030 (the encoding of Chinese Windows): ASCII, two-byte
    /// sequences `81–FE 40–7E|80–FE` and four-byte sequences `81–FE 30–39 81–FE 30–39`.
    static func isGB18030(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            guard b >= 0x81, b <= 0xFE, i + 1 < n else { return false }
            let second = bytes[i + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) {
                i += 2
            } else if (0x30...0x39).contains(second), i + 3 < n, (0x81...0xFE).contains(bytes[i + 2]),
                (0x30...0x39).contains(bytes[i + 3])
            {
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            if length > 1, !String(validating: bytes[i..<(i + length)], as: UTF8.self).map({ _ in true }).isTrue {
                return i
            }
            i += length
        }
        return bytes.count
    }

    /// Parses YAML text, turning a syntax error into an issue at its position.
    static func parseYAML(_ text: String, issues: inout FileIssues) -> YAMLNode? {
        do {
            return try YAMLParser.parse(text)
        } catch {
            issues.issues.append(.error(.yamlSyntax(error.reason), at: issues.location(error.position)))
            return nil
        }
    }
}

extension Optional where Wrapped == Bool {
    var isTrue: Bool { self == true }
}
