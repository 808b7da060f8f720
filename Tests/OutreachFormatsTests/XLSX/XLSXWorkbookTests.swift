import Foundation
import Testing
@testable import OutreachFormats

struct XLSXWorkbookTests {
    static let created = Date(timeIntervalSince1970: 1_714_979_289)  // 2024-05-06T07:08:09Z

    static func sample() -> XLSXWorkbook {
        XLSXWorkbook(
            sheets: [
                XLSXSheet(
                    name: "咸宁分行",
                    rows: [
                        [.text("网点"), .text("户数"), .text("完成率")],
                        [.text("温泉支行"), .integer(1_234), .percent(0.25)],
                        [.text("温泉支行"), .number(5.5), .empty, .text(" 尾随空格 ")],
                    ]
                ),
                XLSXSheet(name: "赤壁支行/渠道", rows: [[.text("A&B <c>")]], headerRowCount: 0, columnWidths: [20, 8.5]),
            ],
            title: "外拓 & 报表",
            created: created
        )
    }

    @Test func partsAreWrittenInOrder() throws {
        let parts = try PartCollector.collect(Self.sample())
        #expect(parts.paths == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
            "xl/sharedStrings.xml",
        ])
        let contentTypes = try #require(parts.parts["[Content_Types].xml"])
        for path in parts.paths where path != "[Content_Types].xml" && path != "_rels/.rels" && path != "xl/_rels/workbook.xml.rels" {
            #expect(contentTypes.contains("PartName=\"/\(path)\""), "missing override for \(path)")
        }
    }

    @Test func workbookListsSanitizedNames() throws {
        let parts = try PartCollector.collect(Self.sample())
        let workbook = try #require(parts.parts["xl/workbook.xml"])
        #expect(workbook.contains("<sheet name=\"咸宁分行\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(workbook.contains("<sheet name=\"赤壁支行_渠道\" sheetId=\"2\" r:id=\"rId2\"/>"))
        let relationships = try #require(parts.parts["xl/_rels/workbook.xml.rels"])
        #expect(relationships.contains("Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\""))
        #expect(relationships.contains("Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""))
        #expect(relationships.contains("Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\""))
        let app = try #require(parts.parts["docProps/app.xml"])
        #expect(app.contains("<vt:lpstr>咸宁分行</vt:lpstr><vt:lpstr>赤壁支行_渠道</vt:lpstr>"))
    }

    @Test func coreProperties() throws {
        let core = try #require(try PartCollector.collect(Self.sample()).parts["docProps/core.xml"])
        #expect(core.contains("<dc:title>外拓 &amp; 报表</dc:title>"))
        #expect(core.contains("<dc:creator>Outreach</dc:creator>"))
        #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-05-06T07:08:09Z</dcterms:created>"))
        var untitled = Self.sample()
        untitled.title = nil
        untitled.creator = "张三"
        let untitledCore = try #require(try PartCollector.collect(untitled).parts["docProps/core.xml"])
        #expect(!untitledCore.contains("dc:title"))
        #expect(untitledCore.contains("<dc:creator>张三</dc:creator>"))
    }

    @Test func worksheetStructure() throws {
        let parts = try PartCollector.collect(Self.sample())
        let first = try #require(parts.parts["xl/worksheets/sheet1.xml"])
        #expect(first.contains("<dimension ref=\"A1:D3\"/>"))
        #expect(first.contains("<sheetView workbookViewId=\"0\" tabSelected=\"1\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(first.contains("<cols><col min=\"1\" max=\"1\" width=\"10.0\" customWidth=\"1\"/>"))
        #expect(first.contains("<c r=\"A1\" s=\"1\" t=\"s\"><v>0</v></c>"))
        #expect(first.contains("<c r=\"B2\" s=\"2\"><v>1234</v></c>"))
        #expect(first.contains("<c r=\"C2\" s=\"4\"><v>0.25</v></c>"))
        #expect(first.contains("<c r=\"B3\" s=\"3\"><v>5.5</v></c>"))
        #expect(!first.contains("r=\"C3\""))
        let order = ["<dimension", "<sheetViews>", "<sheetFormatPr", "<cols>", "<sheetData>", "<pageMargins"].map { first.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 }.sorted() == order.compactMap { $0 })

        let second = try #require(parts.parts["xl/worksheets/sheet2.xml"])
        #expect(second.contains("<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>"))
        #expect(second.contains("<col min=\"1\" max=\"1\" width=\"20.0\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"8.5\" customWidth=\"1\"/>"))
        #expect(second.contains("<dimension ref=\"A1\"/>"))
    }

    @Test func sharedStringsAreDeduplicatedAndEscaped() throws {
        let strings = try #require(try PartCollector.collect(Self.sample()).parts["xl/sharedStrings.xml"])
        #expect(strings.contains("count=\"7\" uniqueCount=\"6\""))
        #expect(strings.contains("<si><t>温泉支行</t></si>"))
        #expect(strings.contains("<si><t xml:space=\"preserve\"> 尾随空格 </t></si>"))
        #expect(strings.contains("<si><t>A&amp;B &lt;c&gt;</t></si>"))
    }

    @Test func canonicallyEquivalentStringsStayDistinct() throws {
        let composed = "\u{E9}"
        let decomposed = "e\u{301}"
        #expect(composed == decomposed)  // Swift's String equality…
        var table = XLSXSharedStringTable()
        #expect(table.index(for: composed) == 0)
        #expect(table.index(for: decomposed) == 1)  // …but the table keeps the exact bytes.
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumbersAreLeftEmpty(value: Double) throws {
        let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "s", rows: [[.number(value), .percent(value), .integer(1)]])], created: Self.created)
        let sheet = try #require(try PartCollector.collect(workbook).parts["xl/worksheets/sheet1.xml"])
        #expect(!sheet.contains("r=\"A1\"") && !sheet.contains("r=\"B1\""))
        #expect(sheet.contains("<dimension ref=\"C1\"/>"))
    }

    @Test(arguments: [(0, false), (-3, false), (2, true)])
    func headerRowCount(count: Int, frozen: Bool) throws {
        let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "s", rows: [[.text("a")], [.integer(1)], [.integer(2)]], headerRowCount: count)], created: Self.created)
        let sheet = try #require(try PartCollector.collect(workbook).parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<pane ySplit=\"2\" topLeftCell=\"A3\"") == frozen)
        #expect(sheet.contains("<c r=\"A2\" s=\"5\"><v>1</v></c>") == frozen)
    }

    @Test func errors() {
        let now = Self.created
        #expect(throws: XLSXError.noSheets) { try XLSXWorkbook(sheets: [], created: now).data() }
        let tall = XLSXSheet(name: "高", rows: Array(repeating: [], count: 1_048_577))
        #expect(throws: XLSXError.tooManyRows(sheet: "高", count: 1_048_577)) { try XLSXWorkbook(sheets: [tall], created: now).data() }
        let wide = XLSXSheet(name: "宽", rows: [[], Array(repeating: .empty, count: 16_385)])
        #expect(throws: XLSXError.tooManyColumns(sheet: "宽", count: 16_385)) { try XLSXWorkbook(sheets: [wide], created: now).data() }
        let exact = XLSXSheet(name: "边界", rows: [Array(repeating: .empty, count: 16_383) + [.integer(1)]])
        #expect(throws: Never.self) { try XLSXWorkbook(sheets: [exact], created: now).data() }
        #expect(XLSXError.noSheets.description.contains("no sheets"))
        #expect(XLSXError.tooManyRows(sheet: "高", count: 5).description.contains("1048576"))
    }

    @Test func outputIsDeterministic() throws {
        #expect(try Self.sample().data() == Self.sample().data())
    }

    @Test func dataIsAZipOfAllParts() throws {
        let bytes = Array(try Self.sample().data())
        let directory = try ZipDirectory(bytes)
        #expect(directory.entries.map(\.name) == (try PartCollector.collect(Self.sample()).paths))
        #expect(directory.entries.allSatisfy { $0.method == 0 || $0.method == 8 })
    }
}

/// The autofilter's range: from the filter row down, leaving out trailing rows (totals).
struct XLSXAutoFilterTests {
    let rows: [[XLSXCell]] = [
        [.text("title")], [.text("a"), .text("b"), .text("c")], [.text("x"), .integer(1), .integer(2)],
        [.text("y"), .integer(3), .integer(4)], [.text("total"), .integer(4), .integer(6)],
    ]

    @Test func coversEveryRowBelowTheFilterRowByDefault() {
        let sheet = XLSXSheet(name: "s", rows: rows, headerRowCount: 2, autoFilterRow: 1)
        #expect(XLSXWorksheetWriter.autoFilterRange(of: sheet) == "A2:C5")
    }

    @Test func stopsAboveTheTrailingRows() {
        let sheet = XLSXSheet(name: "s", rows: rows, headerRowCount: 2, autoFilterRow: 1, unfilteredTrailingRowCount: 1)
        #expect(XLSXWorksheetWriter.autoFilterRange(of: sheet) == "A2:C4")
        // Never above the filter row itself.
        let short = XLSXSheet(name: "s", rows: rows, headerRowCount: 2, autoFilterRow: 1, unfilteredTrailingRowCount: 9)
        #expect(XLSXWorksheetWriter.autoFilterRange(of: short) == "A2:C2")
    }
}
