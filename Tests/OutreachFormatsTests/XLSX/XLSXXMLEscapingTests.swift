import Testing
@testable import OutreachFormats

/// The SpreadsheetML side of text in a part (the XML escaping itself is MarkupEscapingTests).
struct XLSXXMLEscapingTests {
    @Test(arguments: [
        ("_x0041_", "_x005F_x0041_"),
        ("a_x00e9_b", "a_x005F_x00e9_b"),
        ("_x004_", "_x004_"),
        ("_xZZZZ_", "_xZZZZ_"),
        ("snake_case_x", "snake_case_x"),
    ])
    func ooxmlEscapes(input: String, expected: String) {
        #expect(XLSXXMLEscaping.escapingOOXMLEscapes(input) == expected)
    }

    @Test(arguments: [
        ("", false), ("abc", false), ("a b", false), (" a", true), ("a ", true), ("a\nb", true), ("\u{3000}全角", true),
    ])
    func spacePreservation(input: String, expected: Bool) {
        #expect(XLSXXMLEscaping.needsSpacePreservation(input) == expected)
    }
}
