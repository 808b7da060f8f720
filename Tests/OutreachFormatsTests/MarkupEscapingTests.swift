import Testing
@testable import OutreachFormats

struct MarkupEscapingTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("A&B", "A&amp;B"),
        ("<tag>", "&lt;tag&gt;"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &apos;single&apos;"),
        ("&amp;", "&amp;amp;"),
        ("中文&符号", "中文&amp;符号"),
        ("tab\tline\nreturn\r", "tab\tline\nreturn&#13;"),
        ("bell\u{07}null\u{00}esc\u{1B}", "bellnullesc"),
        ("bad\u{FFFE}\u{FFFF}end", "badend"),
        ("😀𠀀", "😀𠀀"),
    ])
    func xmlEscaping(input: String, expected: String) {
        #expect(MarkupEscaping.xml(input) == expected)
    }

    /// HTML keeps what XML must drop or protect, and writes the apostrophe as HTML 4 knows it.
    @Test(arguments: [
        ("plain", "plain"),
        ("A&B <b>\"x\"</b>", "A&amp;B &lt;b&gt;&quot;x&quot;&lt;/b&gt;"),
        ("it's", "it&#39;s"),
        ("中文&符号", "中文&amp;符号"),
        ("line\r\nbell\u{07}", "line\r\nbell\u{07}"),
        ("😀𠀀", "😀𠀀"),
    ])
    func htmlEscaping(input: String, expected: String) {
        #expect(MarkupEscaping.html(input) == expected)
    }

    @Test(arguments: [
        ("keep\ttab", "keep\ttab"),
        ("a\u{01}b\u{0B}c\u{0C}d\u{1F}e", "abcde"),
        ("\u{7F}\u{85}", "\u{7F}\u{85}"),
    ])
    func strippingForbidden(input: String, expected: String) {
        #expect(MarkupEscaping.strippingForbiddenInXML(input) == expected)
    }
}
