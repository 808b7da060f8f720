import OutreachFormats
import Testing

/// The convenience accessors of `YAMLNode` and the ordering of `YAMLPosition`.
struct YAMLNodeTests {
    @Test(
        "isNull is true only for plain empty, ~ and the three spellings of null",
        arguments: [
            ("k:", true),
            ("k: ~", true),
            ("k: null", true),
            ("k: Null", true),
            ("k: NULL", true),
            ("k: nULL", false),
            ("k: ''", false),
            ("k: \"null\"", false),
            ("k: '~'", false),
            ("k: |\n", false),
            ("k: 0", false),
            ("k: []", false),
        ]
    )
    func isNull(input: String, expected: Bool) throws {
        let root = try #require(try YAMLParser.parse(input))
        #expect(root["k"]?.isNull == expected)
    }

    @Test func accessorsMatchTheContent() throws {
        let root = try #require(try YAMLParser.parse("m: {a: 1}\ns: [x]\nv: text\n"))
        let mapping = try #require(root["m"])
        let sequence = try #require(root["s"])
        let scalar = try #require(root["v"])

        #expect(mapping.mapping?.count == 1)
        #expect(mapping.sequence == nil)
        #expect(mapping.scalar == nil)

        #expect(sequence.sequence?.count == 1)
        #expect(sequence.mapping == nil)
        #expect(sequence.scalar == nil)
        #expect(sequence["x"] == nil)

        #expect(scalar.scalar == "text")
        #expect(scalar.mapping == nil)
        #expect(scalar.sequence == nil)
        #expect(scalar["text"] == nil)
    }

    @Test("The subscript finds a key whatever its quoting, and returns nil for a missing key")
    func subscriptByKey() throws {
        let root = try #require(try YAMLParser.parse("'quoted': 1\n\"标题\": 2\nplain: 3\n"))
        #expect(root["quoted"]?.scalar == "1")
        #expect(root["标题"]?.scalar == "2")
        #expect(root["plain"]?.scalar == "3")
        #expect(root["missing"] == nil)
    }

    @Test(
        "Positions order by line, then column",
        arguments: [
            ((1, 9), (2, 1), true),
            ((2, 1), (2, 2), true),
            ((2, 2), (2, 2), false),
            ((3, 1), (2, 9), false),
        ]
    )
    func positionOrdering(lhs: (Int, Int), rhs: (Int, Int), isLess: Bool) {
        let left = YAMLPosition(line: lhs.0, column: lhs.1)
        let right = YAMLPosition(line: rhs.0, column: rhs.1)
        #expect((left < right) == isLess)
    }
}
