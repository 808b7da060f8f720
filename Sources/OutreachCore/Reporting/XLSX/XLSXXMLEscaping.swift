/// Escaping of text for XML 1.0 documents.
enum XLSXXMLEscaping {
    /// Whether XML 1.0 allows the scalar in a document. Control characters other than
    /// tab, line feed and carriage return are forbidden, as are U+FFFE and U+FFFF.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D:
            return true
        case 0x00...0x1F, 0xFFFE, 0xFFFF:
            return false
        default:
            return true
        }
    }

    /// The text without the scalars XML 1.0 forbids.
    static func strippingForbidden(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isAllowed) {
            return text
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return String(scalars)
    }

    /// The text escaped for use in element content or a double- or single-quoted attribute.
    static func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendEscaped(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of the text escaped for element content or attributes:
    /// `& < > " '` become entities, a carriage return becomes `&#13;` (so parsers
    /// do not normalize it away) and forbidden scalars are dropped.
    static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&":
                buffer.append(contentsOf: ampersand)
            case "<":
                buffer.append(contentsOf: lessThan)
            case ">":
                buffer.append(contentsOf: greaterThan)
            case "\"":
                buffer.append(contentsOf: quote)
            case "'":
                buffer.append(contentsOf: apostrophe)
            case "\r":
                buffer.append(contentsOf: carriageReturn)
            default:
                if scalar.isASCII {
                    if isAllowed(scalar) {
                        buffer.append(UInt8(truncatingIfNeeded: scalar.value))
                    }
                } else if isAllowed(scalar) {
                    UTF8.encode(scalar) { buffer.append($0) }
                }
            }
        }
    }

    /// Protects literal `_xHHHH_` sequences in SpreadsheetML string content.
    ///
    /// Excel and LibreOffice decode `_xHHHH_` in cell text as the character U+HHHH,
    /// so a literal occurrence is written with its underscore escaped as `_x005F_`.
    static func escapingOOXMLEscapes(_ text: String) -> String {
        guard text.utf8.contains(0x5F) else {
            return text
        }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 14)
        var index = 0
        while index < bytes.count {
            if isOOXMLEscape(bytes, at: index) {
                result.append(contentsOf: escapedUnderscore)
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether `_xHHHH_` (H a hexadecimal digit) starts at the index.
    private static func isOOXMLEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 7 <= bytes.count, bytes[index] == 0x5F, bytes[index + 1] == 0x78, bytes[index + 6] == 0x5F else {
            return false
        }
        return bytes[(index + 2)..<(index + 6)].allSatisfy(isHexDigit)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Whether the text needs `xml:space="preserve"`: it starts or ends with
    /// whitespace, or contains a tab or line break.
    static func needsSpacePreservation(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
            return false
        }
        if first.properties.isWhitespace || last.properties.isWhitespace {
            return true
        }
        return text.unicodeScalars.contains { $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }

    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&apos;".utf8)
    private static let carriageReturn = Array("&#13;".utf8)
    private static let escapedUnderscore = Array("_x005F".utf8)
}
