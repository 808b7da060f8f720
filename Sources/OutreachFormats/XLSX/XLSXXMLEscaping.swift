/// The SpreadsheetML-specific side of writing text into an xlsx part; the XML escaping itself is
/// ``MarkupEscaping``.
enum XLSXXMLEscaping {
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

    private static let escapedUnderscore = Array("_x005F".utf8)
}
