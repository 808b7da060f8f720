import Foundation

/// Writes CSV as RFC 4180 says (CRLF line ends, fields with commas, quotes or line breaks quoted),
/// with an optional UTF-8 byte-order mark so Excel on a Chinese desktop opens it correctly.
public struct CSVWriter: Sendable {
    public var includeByteOrderMark: Bool
    public var separator: Character

    public init(includeByteOrderMark: Bool = false, separator: Character = ",") {
        self.includeByteOrderMark = includeByteOrderMark
        self.separator = separator
    }

    public func document(header: [String], rows: [[String]]) -> String {
        var text = includeByteOrderMark ? "\u{FEFF}" : ""
        text += line(header)
        for row in rows { text += line(row) }
        return text
    }

    public func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: String(separator)) + "\r\n"
    }

    /// One field, quoted when needed. Text that a spreadsheet would run as a formula (`=…`, `@…`, `+…`)
    /// gets a leading apostrophe, the usual defence against CSV injection; numbers are left alone.
    public func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=@+-\t\r".contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
