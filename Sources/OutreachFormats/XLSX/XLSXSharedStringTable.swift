/// The shared-strings table (`xl/sharedStrings.xml`) collected while sheets are written.
///
/// Strings are keyed by their exact UTF-8 bytes, not by Swift's canonical-equivalence
/// `String` equality, so every string round-trips byte for byte.
struct XLSXSharedStringTable: Sendable {
    /// The unique strings in first-use order.
    private(set) var strings: [String] = []
    /// How many cells refer to the table in total.
    private(set) var referenceCount = 0
    private var indexByBytes: [[UInt8]: Int] = [:]

    /// Creates an empty table.
    init() {}

    /// The index of the string, adding it on first use, and counts one reference.
    mutating func index(for text: String) -> Int {
        referenceCount += 1
        let key = Array(text.utf8)
        if let existing = indexByBytes[key] {
            return existing
        }
        let index = strings.count
        strings.append(text)
        indexByBytes[key] = index
        return index
    }

    /// The complete `xl/sharedStrings.xml`.
    func xml() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(strings.reduce(256) { $0 + $1.utf8.count + 16 })
        out.append(contentsOf: XLSXPackageParts.declaration.utf8)
        out.append(contentsOf: "<sst xmlns=\"\(XLSXPackageParts.spreadsheetNamespace)\" count=\"\(referenceCount)\" uniqueCount=\"\(strings.count)\">".utf8)
        for string in strings {
            let content = XLSXXMLEscaping.escapingOOXMLEscapes(MarkupEscaping.strippingForbiddenInXML(string))
            if XLSXXMLEscaping.needsSpacePreservation(content) {
                out.append(contentsOf: "<si><t xml:space=\"preserve\">".utf8)
            } else {
                out.append(contentsOf: "<si><t>".utf8)
            }
            MarkupEscaping.appendEscaped(content, for: .xml, to: &out)
            out.append(contentsOf: "</t></si>".utf8)
        }
        out.append(contentsOf: "</sst>".utf8)
        return out
    }
}
