import OutreachFormats
import Testing

/// Flow sequences and mappings: positions, nesting, line spans and trailing commas.
struct YAMLFlowCollectionTests {
    @Test func flowMappingPositions() {
        #expect(
            dumpParse("period: {start: 2027-03-08, end: 2027-03-21}") == """
                {} 1:1-1:45
                  k plain "period" 1:1-1:7
                  v {} 1:9-1:45
                    k plain "start" 1:10-1:15
                    v plain "2027-03-08" 1:17-1:27
                    k plain "end" 1:29-1:32
                    v plain "2027-03-21" 1:34-1:44
                """
        )
    }

    @Test func flowSequenceWithQuotedItems() {
        #expect(
            dumpParse("branches: [xn-xianan, xn-chibi, \"c d\", 'e']") == """
                {} 1:1-1:44
                  k plain "branches" 1:1-1:9
                  v [] 1:11-1:44
                    - plain "xn-xianan" 1:12-1:21
                    - plain "xn-chibi" 1:23-1:31
                    - double "c d" 1:33-1:38
                    - single "e" 1:40-1:43
                """
        )
    }

    @Test("A flow collection may span lines, hold comments, and end with a comma")
    func multiLineFlowWithTrailingComma() {
        let text = "staff: [张伟,  # host\n  李娜,\n]\nnext: {a: 1,\n  b: 2,}\n"
        #expect(
            dumpParse(text) == """
                {} 1:1-5:9
                  k plain "staff" 1:1-1:6
                  v [] 1:8-3:2
                    - plain "张伟" 1:9-1:11
                    - plain "李娜" 2:3-2:5
                  k plain "next" 4:1-4:5
                  v {} 4:7-5:9
                    k plain "a" 4:8-4:9
                    v plain "1" 4:11-4:12
                    k plain "b" 5:3-5:4
                    v plain "2" 5:6-5:7
                """
        )
    }

    @Test func nestedFlowCollections() {
        #expect(
            dumpParse("x: {a: [1, {b: c}], d: {}, e: []}") == """
                {} 1:1-1:34
                  k plain "x" 1:1-1:2
                  v {} 1:4-1:34
                    k plain "a" 1:5-1:6
                    v [] 1:8-1:19
                      - plain "1" 1:9-1:10
                      - {} 1:12-1:18
                        k plain "b" 1:13-1:14
                        v plain "c" 1:16-1:17
                    k plain "d" 1:21-1:22
                    v {} 1:24-1:26
                    k plain "e" 1:28-1:29
                    v [] 1:31-1:33
                """
        )
    }

    @Test("A 'key: value' item in a flow sequence is a one-entry mapping")
    func singlePairInFlowSequence() {
        #expect(
            dumpParse("[a: b, c]") == """
                [] 1:1-1:10
                  - {} 1:2-1:6
                    k plain "a" 1:2-1:3
                    v plain "b" 1:5-1:6
                  - plain "c" 1:8-1:9
                """
        )
    }

    @Test("Flow mapping entries without a value, or with an empty one, get empty scalars")
    func flowMappingEmptyValues() {
        #expect(
            dumpParse("{a, b: , c: d}") == """
                {} 1:1-1:15
                  k plain "a" 1:2-1:3
                  v plain "" 1:3-1:3
                  k plain "b" 1:5-1:6
                  v plain "" 1:7-1:7
                  k plain "c" 1:10-1:11
                  v plain "d" 1:13-1:14
                """
        )
    }

    @Test("Colons inside flow plain scalars, and JSON-style quoted keys")
    func flowColons() {
        #expect(
            dumpParse("{url: http://x/y, t: 09:30, \"k\":v, s: a:b}") == """
                {} 1:1-1:43
                  k plain "url" 1:2-1:5
                  v plain "http://x/y" 1:7-1:17
                  k plain "t" 1:19-1:20
                  v plain "09:30" 1:22-1:27
                  k double "k" 1:29-1:32
                  v plain "v" 1:33-1:34
                  k plain "s" 1:36-1:37
                  v plain "a:b" 1:39-1:42
                """
        )
    }

    @Test("Plain flow scalars keep inner spaces and stop at indicators")
    func flowPlainScalars() {
        #expect(
            dumpParse("[a b , c#d, 中 文 ]") == """
                [] 1:1-1:18
                  - plain "a b" 1:2-1:5
                  - plain "c#d" 1:8-1:11
                  - plain "中 文" 1:13-1:16
                """
        )
    }

    @Test("A closing bracket may sit at the indentation of its key")
    func closingBracketAtKeyIndentation() {
        let text = "a:\n  b: [\n    1,\n  ]\n  c: 2\n"
        #expect(
            dumpParse(text) == """
                {} 1:1-5:7
                  k plain "a" 1:1-1:2
                  v {} 2:3-5:7
                    k plain "b" 2:3-2:4
                    v [] 2:6-4:4
                      - plain "1" 3:5-3:6
                    k plain "c" 5:3-5:4
                    v plain "2" 5:6-5:7
                """
        )
    }

    @Test("A flow collection as a sequence item")
    func flowCollectionAsSequenceItem() {
        let text = "- segment: elderly\n  target_population: 52000\n- {segment: students, target_population: 31000}\n"
        #expect(
            dumpParse(text) == """
                [] 1:1-3:48
                  - {} 1:3-2:27
                    k plain "segment" 1:3-1:10
                    v plain "elderly" 1:12-1:19
                    k plain "target_population" 2:3-2:20
                    v plain "52000" 2:22-2:27
                  - {} 3:3-3:48
                    k plain "segment" 3:4-3:11
                    v plain "students" 3:13-3:21
                    k plain "target_population" 3:23-3:40
                    v plain "31000" 3:42-3:47
                """
        )
    }
}
