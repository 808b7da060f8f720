import OutreachFormats
import Testing

/// Whole-document concerns: empty input, markers, comments, byte order marks and line ends.
struct YAMLDocumentTests {
    @Test(
        "Input with nothing but whitespace, comments and markers has no root",
        arguments: [
            "",
            "\n",
            "   \n\t\n",
            "# only a comment\n",
            "---\n",
            "---",
            "--- # comment\n",
            "---\n...\n",
            "...\n",
            "\u{FEFF}",
            "\u{FEFF}# comment\r\n",
            "# a\r\n\r\n# b",
        ]
    )
    func emptyDocument(input: String) throws {
        #expect(try YAMLParser.parse(input) == nil)
    }

    @Test("A byte order mark is skipped and does not count as a column")
    func byteOrderMark() {
        #expect(
            dumpParse("\u{FEFF}a: 1\nb: 2") == """
                {} 1:1-2:5
                  k plain "a" 1:1-1:2
                  v plain "1" 1:4-1:5
                  k plain "b" 2:1-2:2
                  v plain "2" 2:4-2:5
                """
        )
    }

    @Test("CRLF counts as one line end and never reaches the text")
    func crlfLineEnds() {
        let text = "a: 1\r\nb:\r\n  - x\r\n  - \"y\r\n    z\"\r\nc: 中文\r\n"
        #expect(
            dumpParse(text) == """
                {} 1:1-6:6
                  k plain "a" 1:1-1:2
                  v plain "1" 1:4-1:5
                  k plain "b" 2:1-2:2
                  v [] 3:3-5:7
                    - plain "x" 3:5-3:6
                    - double "y z" 4:5-5:7
                  k plain "c" 6:1-6:2
                  v plain "中文" 6:4-6:6
                """
        )
    }

    @Test("Comments may appear on their own lines, after values, in flows and at any indentation")
    func commentsEverywhere() {
        let text = """
            # 2027年"3·15"金融消费者权益保护教育宣传
            a: 1 # after a value
              # indented comment
            # column-one comment
            b: "q" # after a quoted scalar
            c: [x, # inside a flow
                y] # after a flow
            d: # after a key
              e: f
            g: |  # after a block scalar header
              # not a comment
            h: x#y
            # last
            """
        #expect(
            dumpParse(text) == """
                {} 2:1-12:7
                  k plain "a" 2:1-2:2
                  v plain "1" 2:4-2:5
                  k plain "b" 5:1-5:2
                  v double "q" 5:4-5:7
                  k plain "c" 6:1-6:2
                  v [] 6:4-7:7
                    - plain "x" 6:5-6:6
                    - plain "y" 7:5-7:6
                  k plain "d" 8:1-8:2
                  v {} 9:3-9:7
                    k plain "e" 9:3-9:4
                    v plain "f" 9:6-9:7
                  k plain "g" 10:1-10:2
                  v literal "# not a comment\\n" 10:4-11:18
                  k plain "h" 12:1-12:2
                  v plain "x#y" 12:4-12:7
                """
        )
    }

    @Test("Optional '---' and '...' markers around one document")
    func documentMarkers() {
        #expect(
            dumpParse("---\na: 1\n...\n# trailing comment\n") == """
                {} 2:1-2:5
                  k plain "a" 2:1-2:2
                  v plain "1" 2:4-2:5
                """
        )
        #expect(
            dumpParse("--- [a, b]\n") == """
                [] 1:5-1:11
                  - plain "a" 1:6-1:7
                  - plain "b" 1:9-1:10
                """
        )
        #expect(dumpParse("--- 'text'") == #"single "text" 1:5-1:11"#)
    }

    @Test("A lone carriage return also ends a line")
    func loneCarriageReturn() {
        #expect(
            dumpParse("a: 1\rb: 2") == """
                {} 1:1-2:5
                  k plain "a" 1:1-1:2
                  v plain "1" 1:4-1:5
                  k plain "b" 2:1-2:2
                  v plain "2" 2:4-2:5
                """
        )
    }

    @Test("A scalar alone is a valid document")
    func scalarRoot() {
        #expect(dumpParse("just text  # comment") == #"plain "just text" 1:1-1:10"#)
        #expect(dumpParse("\n\n  \"quoted\"\n") == #"double "quoted" 3:3-3:11"#)
    }
}
