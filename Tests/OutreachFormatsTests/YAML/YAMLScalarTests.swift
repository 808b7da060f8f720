import OutreachFormats
import Testing

/// Plain, quoted and block scalars: their text exactly as YAML defines it, and their positions.
struct YAMLScalarTests {
    /// Parses `key: <value>` and returns the value node.
    private func value(of text: String) throws -> YAMLNode {
        let root = try #require(try YAMLParser.parse(text))
        return try #require(root["k"])
    }

    @Test(
        "Plain scalars are never converted and keep colons, hashes and full-width punctuation",
        arguments: [
            ("k: yes", "yes"),
            ("k: 2027-03-15", "2027-03-15"),
            ("k: 0800", "0800"),
            ("k: 1e3", "1e3"),
            ("k: 09:30", "09:30"),
            ("k: http://x/y", "http://x/y"),
            ("k: a#b", "a#b"),
            ("k: a #b", "a"),
            ("k: 标题：内容", "标题：内容"),
            ("k: FREQ=WEEKLY;BYDAY=TU;COUNT=3   # every Tuesday", "FREQ=WEEKLY;BYDAY=TU;COUNT=3"),
            ("k: trailing spaces   ", "trailing spaces"),
            ("k: -1", "-1"),
            ("k: ?x", "?x"),
            ("k: :x", ":x"),
            ("k: a, b]", "a, b]"),
            ("k: <<", "<<"),
            ("k: 🎉 emoji", "🎉 emoji"),
            ("k: ---", "---"),
        ]
    )
    func plainScalarText(input: String, expected: String) throws {
        let node = try value(of: input)
        #expect(node.content == .scalar(expected, .plain))
    }

    @Test func plainScalarEndsBeforeTrailingSpacesAndComment() throws {
        let node = try value(of: "k: 清朗 金融  # 注释")
        #expect(node.scalar == "清朗 金融")
        #expect(node.position == YAMLPosition(line: 1, column: 4))
        #expect(node.endPosition == YAMLPosition(line: 1, column: 9))
    }

    @Test(
        "Single-quoted scalars",
        arguments: [
            ("k: 'it''s'", "it's"),
            ("k: ''", ""),
            ("k: '社区\"守护钱袋子\"讲座'", "社区\"守护钱袋子\"讲座"),
            ("k: 'a # b'", "a # b"),
            ("k: ' padded '", " padded "),
            ("k: 'back\\slash'", "back\\slash"),
            ("k: 'folded\n  line'", "folded line"),
            ("k: 'para\n\n  graph'", "para\ngraph"),
            ("k: 'trailing   \n  space'", "trailing space"),
            ("k: 'x\n  '", "x "),
        ]
    )
    func singleQuoted(input: String, expected: String) throws {
        let node = try value(of: input)
        #expect(node.content == .scalar(expected, .singleQuoted))
    }

    @Test(
        "Double-quoted escapes",
        arguments: [
            (#"k: "a\\b""#, "a\\b"),
            (#"k: "a\"b""#, "a\"b"),
            (#"k: "a\nb""#, "a\nb"),
            (#"k: "a\tb""#, "a\tb"),
            (#"k: "a\rb""#, "a\rb"),
            (#"k: "a\/b""#, "a/b"),
            (#"k: "\u4e2d\u6587""#, "中文"),
            (#"k: "\U0001F600""#, "😀"),
            (#"k: "\x41\x7e""#, "A~"),
            (#"k: "\N\_\L\P""#, "\u{85}\u{A0}\u{2028}\u{2029}"),
            (#"k: "\ x""#, " x"),
            ("k: \"tab\\\tx\"", "tab\tx"),
            ("k: \"中文 # not a comment\"", "中文 # not a comment"),
        ]
    )
    func doubleQuotedEscapes(input: String, expected: String) throws {
        let node = try value(of: input)
        #expect(node.content == .scalar(expected, .doubleQuoted))
    }

    @Test(
        "Double-quoted line folding",
        arguments: [
            ("k: \"folded\n  line\"", "folded line"),
            ("k: \"para\n\n  graph\"", "para\ngraph"),
            ("k: \"two\n\n\n  empty\"", "two\n\nempty"),
            ("k: \"escaped\\\n   break\"", "escapedbreak"),
            ("k: \"keep \\\n  space\"", "keep space"),
            ("k: \"trim   \n  me\"", "trim me"),
            ("k: \"escaped tab\\t\n  kept\"", "escaped tab\t kept"),
            ("k: \"a\\\n  \\ b\"", "a b"),
            ("k: \"crlf\r\n  fold\"", "crlf fold"),
        ]
    )
    func doubleQuotedFolding(input: String, expected: String) throws {
        let node = try value(of: input)
        #expect(node.content == .scalar(expected, .doubleQuoted))
    }

    @Test("A quoted scalar's end is after its closing quote, also across lines")
    func quotedPositions() {
        #expect(
            dumpParse("a: \"folded\n  line\"\nb: '中文'\n") == """
                {} 1:1-3:8
                  k plain "a" 1:1-1:2
                  v double "folded line" 1:4-2:8
                  k plain "b" 3:1-3:2
                  v single "中文" 3:4-3:8
                """
        )
    }

    @Test(
        "Block scalar chomping, folding and indentation indicators",
        arguments: [
            ("k: |\n  x\n  y\n\n", "x\ny\n"),
            ("k: |-\n  x\n  y\n\n", "x\ny"),
            ("k: |+\n  x\n  y\n\n", "x\ny\n\n"),
            ("k: >\n  x\n  y\n\n  z\n", "x y\nz\n"),
            ("k: >-\n  x\n  y\n", "x y"),
            ("k: >+\n  x\n\n", "x\n\n"),
            ("k: |\n  no final break", "no final break"),
            ("k: |+\n  no final break", "no final break"),
            ("k: |2\n   x\n  y\n", " x\ny\n"),
            ("k: |-2\n   x\n", " x"),
            ("k: |2-\n   x\n", " x"),
            ("k: |\n\n  x\n", "\nx\n"),
            ("k: >\n  a\n    b\n  c\n", "a\n  b\nc\n"),
            (
                "k: >\n\n folded\n line\n\n next\n line\n   * bullet\n\n   * list\n   * lines\n\n last\n line\n\n# Comment\n",
                "\nfolded line\nnext line\n  * bullet\n\n  * list\n  * lines\n\nlast line\n"
            ),
            ("k: |\n", ""),
            ("k: >-\n\n", ""),
            ("k: |+\n\n", "\n"),
            ("k: |\n  \tx\n", "\tx\n"),
            ("k: |\n  # not a comment\n", "# not a comment\n"),
            ("k: | # a comment\n  x\n", "x\n"),
            ("k: |\n    deeper\nk2: v\n", "deeper\n"),
            ("k: |\r\n  crlf\r\n  lines\r\n", "crlf\nlines\n"),
        ]
    )
    func blockScalarText(input: String, expected: String) throws {
        let root = try #require(try YAMLParser.parse(input))
        let node = try #require(root["k"])
        #expect(node.scalar == expected)
    }

    @Test func blockScalarPositionsAndStyles() {
        let text = "notes: |\n  以\"清朗金融网络 守护安心消费\"为主题。\n  各网点LED屏统一播放宣传标语。\n\nfold: >-\n  a\n  b\nempty: |\nnext: x\n"
        #expect(
            dumpParse(text) == """
                {} 1:1-9:8
                  k plain "notes" 1:1-1:6
                  v literal "以\\"清朗金融网络 守护安心消费\\"为主题。\\n各网点LED屏统一播放宣传标语。\\n" 1:8-3:19
                  k plain "fold" 5:1-5:5
                  v folded "a b" 5:7-7:4
                  k plain "empty" 8:1-8:6
                  v literal "" 8:8-8:9
                  k plain "next" 9:1-9:5
                  v plain "x" 9:7-9:8
                """
        )
    }

    @Test("Block scalars in sequences and at the top level")
    func blockScalarsInSequencesAndAtTop() {
        #expect(
            dumpParse("- |\n x\n-  >-\n  y\n  z\n") == """
                [] 1:1-5:4
                  - literal "x\\n" 1:3-2:3
                  - folded "y z" 3:4-5:4
                """
        )
        #expect(
            dumpParse("--- |\n  text\n") == """
                literal "text\\n" 1:5-2:7
                """
        )
    }
}
