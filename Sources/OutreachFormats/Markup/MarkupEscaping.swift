/// Escaping of text for HTML pages and XML documents: the one escaper of the package (the reports' and
/// bulletin's HTML, the notice templates' `html` escaping, and the XML parts of an xlsx workbook).
public enum MarkupEscaping {
    /// What the text goes into.
    public enum Dialect: Sendable {
        /// HTML element content or a quoted attribute: `& < > " '` become `&amp; &lt; &gt; &quot; &#39;`;
        /// everything else is kept.
        case html
        /// XML 1.0 element content or a quoted attribute: `& < > " '` become `&amp; &lt; &gt; &quot; &apos;`,
        /// a carriage return becomes `&#13;` (so parsers do not normalize it away) and the scalars XML 1.0
        /// forbids are dropped.
        case xml
    }

    /// The text escaped for HTML (see ``Dialect/html``).
    public static func html(_ text: String) -> String { escaped(text, for: .html) }

    /// The text escaped for XML 1.0 (see ``Dialect/xml``).
    public static func xml(_ text: String) -> String { escaped(text, for: .xml) }

    /// The text escaped for the dialect.
    public static func escaped(_ text: String, for dialect: Dialect) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendEscaped(text, for: dialect, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of the text escaped for the dialect.
    public static func appendEscaped(_ text: String, for dialect: Dialect, to buffer: inout [UInt8]) {
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
                buffer.append(contentsOf: dialect == .html ? numericApostrophe : apostrophe)
            case "\r" where dialect == .xml:
                buffer.append(contentsOf: carriageReturn)
            default:
                guard dialect == .html || isAllowedInXML(scalar) else { continue }
                if scalar.isASCII {
                    buffer.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    UTF8.encode(scalar) { buffer.append($0) }
                }
            }
        }
    }

    /// Whether XML 1.0 allows the scalar in a document. Control characters other than
    /// tab, line feed and carriage return are forbidden, as are U+FFFE and U+FFFF.
    public static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D:
            return true
        case 0x00...0x1F, 0xFFFE, 0xFFFF:
            return false
        default:
            return true
        }
    }

    /// The text without the scalars XML 1.0 forbids (for text that is escaped elsewhere).
    public static func strippingForbiddenInXML(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isAllowedInXML) {
            return text
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter(isAllowedInXML))
        return String(scalars)
    }

    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&apos;".utf8)
    private static let numericApostrophe = Array("&#39;".utf8)
    private static let carriageReturn = Array("&#13;".utf8)
}
