import OutreachFormats
import Testing

/// Block mappings and sequences, including the compact and indentless forms, with positions.
struct YAMLBlockStructureTests {
    @Test("A block mapping with Chinese text has scalar positions counted in characters")
    func blockMappingWithChinesePositions() {
        let text = """
            id: 2027-315-xianning
            title: 2027年"3·15"金融消费者权益保护教育宣传周
            """
        #expect(
            dumpParse(text) == """
                {} 1:1-2:33
                  k plain "id" 1:1-1:3
                  v plain "2027-315-xianning" 1:5-1:22
                  k plain "title" 2:1-2:6
                  v plain "2027年\\"3·15\\"金融消费者权益保护教育宣传周" 2:8-2:33
                """
        )
    }

    @Test("A Chinese key's value starts at column 5")
    func chineseKeyValueColumn() throws {
        let root = try #require(try YAMLParser.parse("标题: 消费者权益日\n"))
        let entry = try #require(root.mapping?.first)
        #expect(entry.key.scalar == "标题")
        #expect(entry.key.position == YAMLPosition(line: 1, column: 1))
        #expect(entry.key.endPosition == YAMLPosition(line: 1, column: 3))
        #expect(entry.value.scalar == "消费者权益日")
        #expect(entry.value.position == YAMLPosition(line: 1, column: 5))
        #expect(entry.value.endPosition == YAMLPosition(line: 1, column: 11))
    }

    @Test func nestedMappings() {
        let text = """
            period:
              start: 2027-03-08
              end: 2027-03-21
            owner: xn-city
            """
        #expect(
            dumpParse(text) == """
                {} 1:1-4:15
                  k plain "period" 1:1-1:7
                  v {} 2:3-3:18
                    k plain "start" 2:3-2:8
                    v plain "2027-03-08" 2:10-2:20
                    k plain "end" 3:3-3:6
                    v plain "2027-03-21" 3:8-3:18
                  k plain "owner" 4:1-4:6
                  v plain "xn-city" 4:8-4:15
                """
        )
    }

    @Test func exactTreeEquality() throws {
        func at(_ line: Int, _ column: Int) -> YAMLPosition {
            YAMLPosition(line: line, column: column)
        }
        let expected = YAMLNode(
            content: .mapping([
                YAMLMappingEntry(
                    key: YAMLNode(content: .scalar("a", .plain), position: at(1, 1), endPosition: at(1, 2)),
                    value: YAMLNode(
                        content: .sequence([
                            YAMLNode(content: .scalar("x", .plain), position: at(2, 5), endPosition: at(2, 6)),
                            YAMLNode(content: .scalar("y", .singleQuoted), position: at(3, 5), endPosition: at(3, 8)),
                        ]),
                        position: at(2, 3),
                        endPosition: at(3, 8)
                    )
                )
            ]),
            position: at(1, 1),
            endPosition: at(3, 8)
        )
        #expect(try YAMLParser.parse("a:\n  - x\n  - 'y'\n") == expected)
    }

    @Test("Sequences: plain items, nested compact sequences, compact mappings, items on the next line, empty items")
    func blockSequenceForms() {
        let text = "- a\n- - b\n  - c\n- k: v\n  k2: w\n-\n  x: y\n-\n"
        #expect(
            dumpParse(text) == """
                [] 1:1-8:2
                  - plain "a" 1:3-1:4
                  - [] 2:3-3:6
                    - plain "b" 2:5-2:6
                    - plain "c" 3:5-3:6
                  - {} 4:3-5:8
                    k plain "k" 4:3-4:4
                    v plain "v" 4:6-4:7
                    k plain "k2" 5:3-5:5
                    v plain "w" 5:7-5:8
                  - {} 7:3-7:7
                    k plain "x" 7:3-7:4
                    v plain "y" 7:6-7:7
                  - plain "" 8:2-8:2
                """
        )
    }

    @Test("A sequence may sit at the same indentation as its key")
    func indentlessSequence() {
        let text = "key:\n- a\n- b\nother: x\n"
        #expect(
            dumpParse(text) == """
                {} 1:1-4:9
                  k plain "key" 1:1-1:4
                  v [] 2:1-3:4
                    - plain "a" 2:3-2:4
                    - plain "b" 3:3-3:4
                  k plain "other" 4:1-4:6
                  v plain "x" 4:8-4:9
                """
        )
    }

    @Test("An indentless sequence inside a compact mapping ends at the next sequence item")
    func indentlessSequenceInsideCompactMapping() {
        let text = "- key:\n  - a\n  other: b\n- key2:\n- c\n"
        #expect(
            dumpParse(text) == """
                [] 1:1-5:4
                  - {} 1:3-3:11
                    k plain "key" 1:3-1:6
                    v [] 2:3-2:6
                      - plain "a" 2:5-2:6
                    k plain "other" 3:3-3:8
                    v plain "b" 3:10-3:11
                  - {} 4:3-4:8
                    k plain "key2" 4:3-4:7
                    v plain "" 4:8-4:8
                  - plain "c" 5:3-5:4
                """
        )
    }

    @Test("An empty value is a plain empty scalar right after the colon")
    func emptyValues() throws {
        let text = "a:\nb:   # nothing\nc: ~\nd: null\n"
        #expect(
            dumpParse(text) == """
                {} 1:1-4:8
                  k plain "a" 1:1-1:2
                  v plain "" 1:3-1:3
                  k plain "b" 2:1-2:2
                  v plain "" 2:3-2:3
                  k plain "c" 3:1-3:2
                  v plain "~" 3:4-3:5
                  k plain "d" 4:1-4:2
                  v plain "null" 4:4-4:8
                """
        )
        let root = try #require(try YAMLParser.parse(text))
        #expect(root.mapping?.allSatisfy { $0.value.isNull } == true)
    }

    @Test func deeperMappingsInSequenceItems() {
        let text = """
            events:
              - id: a
                staff:
                  - 张伟
                  - name: 李娜
                    role: host
              - id: b
            """
        #expect(
            dumpParse(text) == """
                {} 1:1-7:10
                  k plain "events" 1:1-1:7
                  v [] 2:3-7:10
                    - {} 2:5-6:19
                      k plain "id" 2:5-2:7
                      v plain "a" 2:9-2:10
                      k plain "staff" 3:5-3:10
                      v [] 4:7-6:19
                        - plain "张伟" 4:9-4:11
                        - {} 5:9-6:19
                          k plain "name" 5:9-5:13
                          v plain "李娜" 5:15-5:17
                          k plain "role" 6:9-6:13
                          v plain "host" 6:15-6:19
                    - {} 7:5-7:10
                      k plain "id" 7:5-7:7
                      v plain "b" 7:9-7:10
                """
        )
    }

    @Test("A document may be indented as a whole")
    func indentedRoot() {
        #expect(
            dumpParse("  a: 1\n  b: 2\n") == """
                {} 1:3-2:7
                  k plain "a" 1:3-1:4
                  v plain "1" 1:6-1:7
                  k plain "b" 2:3-2:4
                  v plain "2" 2:6-2:7
                """
        )
    }

    @Test("Quoted keys, and a value on its own deeper line")
    func quotedKeysAndValueOnNextLine() {
        let text = "'quoted key': 1\n\"dq\": 2\nnext:\n  value here\n"
        #expect(
            dumpParse(text) == """
                {} 1:1-4:13
                  k single "quoted key" 1:1-1:13
                  v plain "1" 1:15-1:16
                  k double "dq" 2:1-2:5
                  v plain "2" 2:7-2:8
                  k plain "next" 3:1-3:5
                  v plain "value here" 4:3-4:13
                """
        )
    }

    @Test("Tabs may separate within a line (indentation tabs are tested with the errors)")
    func tabsAsSeparation() {
        #expect(
            dumpParse("k:\tv\t# comment\nl: [a,\tb]\n") == """
                {} 1:1-2:10
                  k plain "k" 1:1-1:2
                  v plain "v" 1:4-1:5
                  k plain "l" 2:1-2:2
                  v [] 2:4-2:10
                    - plain "a" 2:5-2:6
                    - plain "b" 2:8-2:9
                """
        )
        #expect(
            dumpParse("-\tvalue\n") == """
                [] 1:1-1:8
                  - plain "value" 1:3-1:8
                """
        )
    }
}
