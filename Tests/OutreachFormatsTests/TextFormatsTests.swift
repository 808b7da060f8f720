import OutreachFormats
import Testing

struct TextFormatsTests {
    @Test func chineseCharactersTakeTwoColumns() {
        #expect(displayWidth("LED显示屏") == 9)
        #expect(displayWidth("abc") == 3)
        #expect(displayWidth("（全角）") == 8)
    }

    @Test func tableAlignsChineseText() {
        let table = TextTable(headers: ["渠道", "ID"], rows: [["LED显示屏", "a"], ["广播", "bb"]])
        #expect(table.render() == "渠道       ID\n─────────  ──\nLED显示屏  a\n广播       bb\n")
    }

    @Test func csvQuotesAndGuardsFormulas() {
        let writer = CSVWriter(includeByteOrderMark: true)
        #expect(writer.document(header: ["a", "b"], rows: [["x,y", "say \"hi\""], ["=SUM(A1)", "-5"]])
            == "\u{FEFF}a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n'=SUM(A1),-5\r\n")
    }

    @Test func jsonKeepsChineseAndOrder() {
        let value: JSONValue = .object([("b", "阳光社区"), ("a", [1, true, nil]), ("c", "line\n\"q\"")])
        #expect(value.serialized() == #"{"b":"阳光社区","a":[1,true,null],"c":"line\n\"q\""}"#)
    }
}
