import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// Text comes back from the YAML reader byte for byte, or is refused with its position: the characters
/// YAML 1.2 does not allow (docs/yaml-subset.md), raw or escaped, never reach a campaign.
struct YAMLTextRoundTripTests {
    func parsedValue(_ yaml: String) throws -> String? {
        try YAMLParser.parse(yaml)?.mapping?.first?.value.scalar
    }

    @Test func randomUnicodeTextComesBackByteForByte() throws {
        var random = RandomText(seed: 0x5EED_0315)
        for _ in 0..<3000 {
            let text = random.string()
            let yaml = "k: \(random.yamlScalar(text))  # comment\n"
            let value = try parsedValue(yaml)
            #expect(value.map { Array($0.utf8) } == Array(text.utf8), "\(yaml.debugDescription)")
        }
    }

    @Test(arguments: [
        ("k: a\u{0}b\n", YAMLPosition(line: 1, column: 5), 0x00 as UInt32),
        ("k: 标题\u{1}\n", YAMLPosition(line: 1, column: 6), 0x01),
        ("a: 1\r\nb: 2\r\nc: 'x\u{1B}'\n", YAMLPosition(line: 3, column: 6), 0x1B),
        ("a: 1\rb: \"\u{7F}\"\n", YAMLPosition(line: 2, column: 5), 0x7F),
        ("a: 1\n# 注释\u{8}\n", YAMLPosition(line: 2, column: 5), 0x08),
        ("k: |\n  😀\u{9F}\n", YAMLPosition(line: 2, column: 4), 0x9F),
        ("k: x\u{FFFE}\n", YAMLPosition(line: 1, column: 5), 0xFFFE),
        ("\u{FEFF}k: \u{FFFF}\n", YAMLPosition(line: 1, column: 4), 0xFFFF),
    ])
    func rawRefusedCharacters(yaml: String, position: YAMLPosition, value: UInt32) {
        #expect(throws: YAMLSyntaxError(reason: .refusedCharacter(value), position: position)) {
            try YAMLParser.parse(yaml)
        }
    }

    @Test(arguments: [
        (#"k: "a\0b""#, #"\0"#, 0x00 as UInt32, 6),
        (#"k: "\a""#, #"\a"#, 0x07, 5),
        (#"k: "\b""#, #"\b"#, 0x08, 5),
        (#"k: "\v""#, #"\v"#, 0x0B, 5),
        (#"k: "\f""#, #"\f"#, 0x0C, 5),
        (#"k: "标\e""#, #"\e"#, 0x1B, 6),
        (#"k: "\x7f""#, #"\x7f"#, 0x7F, 5),
        (#"k: "\u0080""#, #"\u0080"#, 0x80, 5),
        (#"k: "\uFFFE""#, #"\uFFFE"#, 0xFFFE, 5),
        (#"k: "\U0000ffff""#, #"\U0000ffff"#, 0xFFFF, 5),
        (#"k: "\x00""#, #"\x00"#, 0x00, 5),
    ])
    func escapesOfRefusedCharacters(yaml: String, escape: String, value: UInt32, column: Int) {
        #expect(throws: YAMLSyntaxError(reason: .refusedEscape(escape, value), position: YAMLPosition(line: 1, column: column))) {
            try YAMLParser.parse(yaml)
        }
    }

    @Test func allowedControlsAndLineSeparatorsAreKept() throws {
        #expect(try parsedValue(#"k: "\t\n\r\N\L\P\_\x09\u0085""#) == "\t\n\r\u{85}\u{2028}\u{2029}\u{A0}\t\u{85}")
        #expect(try parsedValue("k: a\tb\u{85}c\u{2028}\n") == "a\tb\u{85}c\u{2028}")
    }

    @Test func refusedCharactersAreReportedInBothLanguages() {
        let en = Diagnostic.yamlSyntax(.refusedCharacter(0)).message(.en)
        let zh = Diagnostic.yamlSyntax(.refusedEscape("\\0", 0)).message(.zh)
        #expect(en == "The character U+0000 is not allowed in a YAML file. Control characters other than tab and line breaks, and U+FFFE and U+FFFF, are refused (see docs/yaml-subset.md); remove it.")
        #expect(zh == "转义 '\\0' 表示字符 U+0000，文本中不允许出现该字符。除制表符和换行以外的控制字符，以及 U+FFFE 和 U+FFFF，一律不接受（见 docs/yaml-subset.md）；请删除该转义。")
    }
}
