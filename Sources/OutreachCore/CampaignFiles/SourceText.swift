/// Turns file bytes into text, saying plainly where a file is not UTF-8.
public enum SourceText {
    public enum Decoded: Sendable {
        case text(String)
        case problem(Problem)
    }

    /// The text of a UTF-8 file (a byte-order mark is dropped), or the offset of the first bad byte.
    public static func decode(_ bytes: [UInt8]) -> Decoded {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return .text(text) }
        return .problem(.notUTF8(byteOffset: firstInvalidOffset(bytes)))
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
