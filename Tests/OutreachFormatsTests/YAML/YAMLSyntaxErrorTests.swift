import OutreachFormats
import Testing

/// Every error reason, with its exact position and exact message.
struct YAMLSyntaxErrorTests {
    /// One bad input: the text, the reason, the position (line, column) and the message.
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var reason: YAMLSyntaxError.Reason
        var line: Int
        var column: Int
        var message: String

        var testDescription: String {
            input.debugDescription
        }
    }

    static let cases: [Case] = [
        // Tabs.
        Case(
            input: "a:\n\tb: 1",
            reason: .tabIndentation,
            line: 2,
            column: 1,
            message: "Tabs are not allowed for indentation; use spaces."
        ),
        Case(
            input: "a:\n  \tb: 1",
            reason: .tabIndentation,
            line: 2,
            column: 3,
            message: "Tabs are not allowed for indentation; use spaces."
        ),
        Case(
            input: "-\t- a",
            reason: .tabIndentation,
            line: 1,
            column: 2,
            message: "Tabs are not allowed for indentation; use spaces."
        ),
        Case(
            input: "- \tk: v",
            reason: .tabIndentation,
            line: 1,
            column: 3,
            message: "Tabs are not allowed for indentation; use spaces."
        ),
        Case(
            input: "k: |\n  x\n\ty\n",
            reason: .tabIndentation,
            line: 3,
            column: 1,
            message: "Tabs are not allowed for indentation; use spaces."
        ),
        // Indentation.
        Case(
            input: "a:\n  b:\n    c: 1\n   d: 2",
            reason: .indentationBetween(outer: 3, inner: 5, found: 4),
            line: 4,
            column: 4,
            message: "This line starts at column 4, between the blocks at columns 3 and 5; expected column 5 or 3."
        ),
        Case(
            input: "events:\n  - id: x\n    title: y\n   channel: z\n",
            reason: .indentationBetween(outer: 3, inner: 5, found: 4),
            line: 4,
            column: 4,
            message: "This line starts at column 4, between the blocks at columns 3 and 5; expected column 5 or 3."
        ),
        Case(
            input: "events:\n  - id: x\n    title: y\n   - id: z\n",
            reason: .badIndentation(expected: 3, found: 4),
            line: 4,
            column: 4,
            message: "This line starts at column 4, which matches no open block; expected column 3."
        ),
        Case(
            input: "events:\n- id: x\n  title: y\n channel: z\n",
            reason: .indentationBetween(outer: 1, inner: 3, found: 2),
            line: 4,
            column: 2,
            message: "This line starts at column 2, between the blocks at columns 1 and 3; expected column 3 or 1."
        ),
        Case(
            input: "a: 1\n  b: 2",
            reason: .badIndentation(expected: 1, found: 3),
            line: 2,
            column: 3,
            message: "This line starts at column 3, which matches no open block; expected column 1."
        ),
        Case(
            input: "- a\n  b",
            reason: .badIndentation(expected: 1, found: 3),
            line: 2,
            column: 3,
            message: "This line starts at column 3, which matches no open block; expected column 1."
        ),
        Case(
            input: "title: 很长的标题\n  续行",
            reason: .badIndentation(expected: 1, found: 3),
            line: 2,
            column: 3,
            message: "This line starts at column 3, which matches no open block; expected column 1."
        ),
        Case(
            input: "  a: 1\nb: 2",
            reason: .badIndentation(expected: 3, found: 1),
            line: 2,
            column: 1,
            message: "This line starts at column 1, which matches no open block; expected column 3."
        ),
        Case(
            input: "k: |\n    \n  x\n",
            reason: .badIndentation(expected: 3, found: 5),
            line: 2,
            column: 5,
            message: "This line starts at column 5, which matches no open block; expected column 3."
        ),
        // Quotes.
        Case(
            input: "a: \"abc",
            reason: .unterminatedQuote,
            line: 1,
            column: 4,
            message: "This quoted scalar is never closed."
        ),
        Case(
            input: "a: 'abc",
            reason: .unterminatedQuote,
            line: 1,
            column: 4,
            message: "This quoted scalar is never closed."
        ),
        Case(
            input: "a: \"abc\nb: c\nd: \"e\"",
            reason: .unterminatedQuote,
            line: 1,
            column: 4,
            message: "This quoted scalar is never closed."
        ),
        Case(
            input: "- '标题\n- b",
            reason: .unterminatedQuote,
            line: 1,
            column: 3,
            message: "This quoted scalar is never closed."
        ),
        // Flow collections.
        Case(
            input: "a: [1, 2\nb: 3",
            reason: .unterminatedFlow("["),
            line: 1,
            column: 4,
            message: "This '[' is never closed with ']'."
        ),
        Case(
            input: "a: {x: 1",
            reason: .unterminatedFlow("{"),
            line: 1,
            column: 4,
            message: "This '{' is never closed with '}'."
        ),
        Case(
            input: "[a, [b, c]\n",
            reason: .unterminatedFlow("["),
            line: 1,
            column: 1,
            message: "This '[' is never closed with ']'."
        ),
        // Unexpected characters.
        Case(
            input: "a: [1, 2]]",
            reason: .unexpectedCharacter("]", context: "after a flow collection"),
            line: 1,
            column: 10,
            message: "Unexpected character ']' after a flow collection."
        ),
        Case(
            input: "]",
            reason: .unexpectedCharacter("]", context: "outside a flow collection"),
            line: 1,
            column: 1,
            message: "Unexpected character ']' outside a flow collection."
        ),
        Case(
            input: "a: ,b",
            reason: .unexpectedCharacter(",", context: "outside a flow collection"),
            line: 1,
            column: 4,
            message: "Unexpected character ',' outside a flow collection."
        ),
        Case(
            input: "a: \"a\" b",
            reason: .unexpectedCharacter("b", context: "after a quoted scalar"),
            line: 1,
            column: 8,
            message: "Unexpected character 'b' after a quoted scalar."
        ),
        Case(
            input: "a: '中'文",
            reason: .unexpectedCharacter("文", context: "after a quoted scalar"),
            line: 1,
            column: 7,
            message: "Unexpected character '文' after a quoted scalar."
        ),
        Case(
            input: "a: b: c",
            reason: .unexpectedCharacter(
                ":",
                context: "in a value on the same line as a mapping key; quote the value if the ':' belongs to it"
            ),
            line: 1,
            column: 5,
            message: "Unexpected character ':' in a value on the same line as a mapping key; "
                + "quote the value if the ':' belongs to it."
        ),
        Case(
            input: "a: - b",
            reason: .unexpectedCharacter(
                "-",
                context: "after a mapping key; a block sequence must start on its own line"
            ),
            line: 1,
            column: 4,
            message: "Unexpected character '-' after a mapping key; a block sequence must start on its own line."
        ),
        Case(
            input: "[a, b c}",
            reason: .unexpectedCharacter("}", context: "in a flow sequence; expected ',' or ']'"),
            line: 1,
            column: 8,
            message: "Unexpected character '}' in a flow sequence; expected ',' or ']'."
        ),
        Case(
            input: "{a: 1 ]",
            reason: .unexpectedCharacter("]", context: "in a flow mapping; expected ',' or '}'"),
            line: 1,
            column: 7,
            message: "Unexpected character ']' in a flow mapping; expected ',' or '}'."
        ),
        Case(
            input: "[a, , b]",
            reason: .unexpectedCharacter(",", context: "where a flow sequence item was expected"),
            line: 1,
            column: 5,
            message: "Unexpected character ',' where a flow sequence item was expected."
        ),
        Case(
            input: ": x",
            reason: .unexpectedCharacter(":", context: "without a mapping key before it"),
            line: 1,
            column: 1,
            message: "Unexpected character ':' without a mapping key before it."
        ),
        Case(
            input: "a: |x\n",
            reason: .unexpectedCharacter("x", context: "after a block scalar header"),
            line: 1,
            column: 5,
            message: "Unexpected character 'x' after a block scalar header."
        ),
        Case(
            input: "a: @x",
            reason: .unexpectedCharacter("@", context: "at the start of a plain scalar; quote the text"),
            line: 1,
            column: 4,
            message: "Unexpected character '@' at the start of a plain scalar; quote the text."
        ),
        Case(
            input: "a: [x]\t\"y\"",
            reason: .unexpectedCharacter("\"", context: "after a flow collection"),
            line: 1,
            column: 8,
            message: "Unexpected character '\"' after a flow collection."
        ),
        // Escapes.
        Case(
            input: #"a: "\q""#,
            reason: .invalidEscape(#"\q"#),
            line: 1,
            column: 5,
            message: #"The escape '\q' is not valid in a double-quoted scalar."#
        ),
        Case(
            input: #"a: "ok\x4""#,
            reason: .invalidEscape(#"\x4"#),
            line: 1,
            column: 7,
            message: #"The escape '\x4' is not valid in a double-quoted scalar."#
        ),
        Case(
            input: #"a: "\uD800""#,
            reason: .invalidEscape(#"\uD800"#),
            line: 1,
            column: 5,
            message: #"The escape '\uD800' is not valid in a double-quoted scalar."#
        ),
        Case(
            input: #"a: "\中""#,
            reason: .invalidEscape(#"\中"#),
            line: 1,
            column: 5,
            message: #"The escape '\中' is not valid in a double-quoted scalar."#
        ),
        // Duplicate keys.
        Case(
            input: "a: 1\nb: 2\na: 3",
            reason: .duplicateKey("a", firstPosition: YAMLPosition(line: 1, column: 1)),
            line: 3,
            column: 1,
            message: "The key 'a' is already defined at line 1, column 1."
        ),
        Case(
            input: "{标题: 1, 标题: 2}",
            reason: .duplicateKey("标题", firstPosition: YAMLPosition(line: 1, column: 2)),
            line: 1,
            column: 9,
            message: "The key '标题' is already defined at line 1, column 2."
        ),
        Case(
            input: "- x: 1\n  'x': 2",
            reason: .duplicateKey("x", firstPosition: YAMLPosition(line: 1, column: 3)),
            line: 2,
            column: 3,
            message: "The key 'x' is already defined at line 1, column 3."
        ),
        // Missing colons.
        Case(
            input: "a: 1\nfoo\nb: 2",
            reason: .missingColon,
            line: 2,
            column: 1,
            message: "Expected 'key: value' here, but there is no ':' after the key."
        ),
        Case(
            input: "title foo\nid: x",
            reason: .missingColon,
            line: 1,
            column: 1,
            message: "Expected 'key: value' here, but there is no ':' after the key."
        ),
        Case(
            input: "a:\n  b: 1\n  标题：内容\n",
            reason: .missingColon,
            line: 3,
            column: 3,
            message: "Expected 'key: value' here, but there is no ':' after the key."
        ),
        // Unsupported features.
        Case(
            input: "a: &anchor 1",
            reason: .unsupported("anchors"),
            line: 1,
            column: 4,
            message: "Anchors are not supported."
        ),
        Case(
            input: "a: *alias",
            reason: .unsupported("aliases"),
            line: 1,
            column: 4,
            message: "Aliases are not supported."
        ),
        Case(
            input: "a: !!str x",
            reason: .unsupported("tags"),
            line: 1,
            column: 4,
            message: "Tags are not supported."
        ),
        Case(
            input: "- !local x",
            reason: .unsupported("tags"),
            line: 1,
            column: 3,
            message: "Tags are not supported."
        ),
        Case(
            input: "[a, &x b]",
            reason: .unsupported("anchors"),
            line: 1,
            column: 5,
            message: "Anchors are not supported."
        ),
        Case(
            input: "%YAML 1.2\n---\na: 1",
            reason: .unsupported("directives"),
            line: 1,
            column: 1,
            message: "Directives are not supported."
        ),
        Case(
            input: "a: 1\n---\nb: 2",
            reason: .unsupported("multiple documents"),
            line: 2,
            column: 1,
            message: "Multiple documents are not supported."
        ),
        Case(
            input: "a: 1\n...\nb: 2",
            reason: .unsupported("multiple documents"),
            line: 3,
            column: 1,
            message: "Multiple documents are not supported."
        ),
        Case(
            input: "? complex\n: x",
            reason: .unsupported("complex keys"),
            line: 1,
            column: 1,
            message: "Complex keys are not supported."
        ),
        Case(
            input: "[a, b]: c",
            reason: .unsupported("complex keys"),
            line: 1,
            column: 1,
            message: "Complex keys are not supported."
        ),
        Case(
            input: "{[a]: b}",
            reason: .unsupported("complex keys"),
            line: 1,
            column: 2,
            message: "Complex keys are not supported."
        ),
        // Mixed block content.
        Case(
            input: "a: 1\n- b",
            reason: .mixedBlockContent,
            line: 2,
            column: 1,
            message: "Mapping entries and sequence items cannot be mixed at the same indentation."
        ),
        Case(
            input: "- a\nb: 1",
            reason: .mixedBlockContent,
            line: 2,
            column: 1,
            message: "Mapping entries and sequence items cannot be mixed at the same indentation."
        ),
        Case(
            input: "a:\n  - x\n  b: y",
            reason: .mixedBlockContent,
            line: 3,
            column: 3,
            message: "Mapping entries and sequence items cannot be mixed at the same indentation."
        ),
    ]

    @Test(arguments: cases)
    func errorReasonPositionAndMessage(_ testCase: Case) {
        let error = parseError(testCase.input)
        #expect(error?.reason == testCase.reason)
        #expect(error?.position == YAMLPosition(line: testCase.line, column: testCase.column))
        #expect(error?.description == testCase.message)
        #expect(error?.errorDescription == testCase.message)
    }

    @Test("Errors are reported with CRLF line ends and a byte order mark at the same positions")
    func errorPositionsWithCRLFAndBOM() {
        let error = parseError("\u{FEFF}a: 1\r\nb:\r\n  c: \"x\" y\r\n")
        #expect(error?.reason == .unexpectedCharacter("y", context: "after a quoted scalar"))
        #expect(error?.position == YAMLPosition(line: 3, column: 10))
    }

    @Test("Nesting deeper than the limit is rejected instead of exhausting the stack")
    func nestingLimit() {
        let depth = 200
        let allowed = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(parseError(allowed) == nil)
        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        let error = parseError(tooDeep)
        #expect(error?.reason == .unsupported("collections nested more than 200 levels deep"))
        #expect(error?.position == YAMLPosition(line: 1, column: depth + 1))
    }

    @Test("Deep block nesting up to the limit parses; one more level is rejected")
    func blockNestingLimit() {
        func nestedMappings(_ levels: Int) -> String {
            (0..<levels).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        }
        #expect(parseError(nestedMappings(200)) == nil)
        let error = parseError(nestedMappings(201))
        #expect(error?.reason == .unsupported("collections nested more than 200 levels deep"))
        #expect(error?.position == YAMLPosition(line: 201, column: 201))

        let compact = String(repeating: "- ", count: 200) + "x"
        #expect(parseError(compact) == nil)
        let tooDeep = String(repeating: "- ", count: 201) + "x"
        #expect(parseError(tooDeep)?.position == YAMLPosition(line: 1, column: 401))
    }
}
