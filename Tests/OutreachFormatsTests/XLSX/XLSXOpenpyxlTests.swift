import Foundation
import Testing
@testable import OutreachFormats
import OutreachTestSupport

/// Reads written workbooks back with a real, independent reader (openpyxl) and with
/// Python's `zipfile` CRC check. These tests fail (never skip) without python3 + openpyxl.
@Suite(.timeLimit(.minutes(3)))
struct XLSXOpenpyxlTests {
    struct ReadCell: Decodable, Equatable {
        var t: String
        var v: String?
        var format: String
        var bold: Bool
    }

    struct ReadSheet: Decodable {
        var title: String
        var freeze: String?
        var rows: [[ReadCell]]
        var widths: [String: Double]
    }

    struct ReadWorkbook: Decodable {
        var sheetnames: [String]
        var title: String?
        var creator: String?
        var created: String?
        var sheets: [ReadSheet]
    }

    static let readerScript = """
        import json, sys
        try:
            import openpyxl
        except ImportError as error:
            print("openpyxl is missing: pip install openpyxl (%s)" % error, file=sys.stderr)
            sys.exit(3)
        workbook = openpyxl.load_workbook(sys.argv[1])
        def describe(cell):
            value = cell.value
            if value is None:
                kind, text = "none", None
            elif isinstance(value, bool):
                kind, text = "bool", str(value)
            elif isinstance(value, int):
                kind, text = "int", str(value)
            elif isinstance(value, float):
                kind, text = "float", repr(value)
            elif isinstance(value, str):
                kind, text = "str", value
            else:
                kind, text = type(value).__name__, str(value)
            return {"t": kind, "v": text, "format": cell.number_format, "bold": bool(cell.font and cell.font.b)}
        sheets = []
        for sheet in workbook.worksheets:
            rows = [[describe(cell) for cell in row] for row in sheet.iter_rows(min_row=1, min_col=1)] if sheet.max_row and sheet.cell(1, 1) is not None else []
            widths = {key: dim.width for key, dim in sheet.column_dimensions.items() if dim.customWidth}
            sheets.append({"title": sheet.title, "freeze": sheet.freeze_panes, "rows": rows, "widths": widths})
        properties = workbook.properties
        print(json.dumps({
            "sheetnames": workbook.sheetnames,
            "title": properties.title,
            "creator": properties.creator,
            "created": properties.created.strftime("%Y-%m-%dT%H:%M:%SZ") if properties.created else None,
            "sheets": sheets,
        }, ensure_ascii=False))
        """

    static let created = Date(timeIntervalSince1970: 1_714_979_289)  // 2024-05-06T07:08:09Z

    static let branchRows: [[XLSXCell]] = [
        [.text("网点"), .text("客户数"), .text("余额（万元）"), .text("完成率"), .text("备注")],
        [.text("温泉支行"), .integer(1_234), .number(5_678.9), .percent(0.25), .text("  前后空格  ")],
        [.text("马桥/桂花"), .integer(-42), .number(0.1), .percent(1), .empty],
        [.empty, .integer(0), .number(-3.5e-7), .percent(0.125), .text("A&B <c> \"d\" 'e'")],
        [.text("多行\n文本\r\n第三行"), .integer(1_000_000_000_000), .number(3), .percent(-0.004), .text("控制\u{01}字符\u{1F}被删除")],
        [.text("_x0041_ 字面量"), .empty, .number(1e20), .empty, .text("😀 表情 𠀀 扩展B")],
        [.text("温泉支行"), .integer(Int(Int32.max)), .number(-123_456.789), .percent(0.999), .text("\t制表符")],
    ]

    static let channelRows: [[XLSXCell]] = [
        [.text("渠道"), .text("笔数")],
        [.text("单位：笔"), .empty],
        [.text("手机银行"), .integer(88)],
        [.text("柜面"), .integer(12)],
        [],
        [.text("合计"), .integer(100)],
    ]

    static func workbook() -> XLSXWorkbook {
        XLSXWorkbook(
            sheets: [
                XLSXSheet(name: "咸宁分行", rows: branchRows),
                XLSXSheet(name: "赤壁支行/渠道", rows: channelRows, headerRowCount: 2, columnWidths: [20, 8.5]),
            ],
            title: "咸宁分行外拓报表",
            created: created
        )
    }

    /// What openpyxl should report for one written cell.
    static func expected(_ cell: XLSXCell, bold: Bool) -> ReadCell {
        switch cell {
        case let .text(text):
            let visible = String(String.UnicodeScalarView(text.unicodeScalars.filter(MarkupEscaping.isAllowedInXML)))
            return ReadCell(t: "str", v: visible, format: "General", bold: bold)
        case let .integer(value):
            return ReadCell(t: "int", v: String(value), format: "#,##0", bold: bold)
        case let .number(value):
            return ReadCell(t: "float", v: String(value), format: "#,##0.00", bold: bold)
        case let .percent(value):
            return ReadCell(t: "float", v: String(value), format: "0.00%", bold: bold)
        case .empty:
            return ReadCell(t: "none", v: nil, format: "General", bold: false)
        }
    }

    /// Reads a workbook with openpyxl; records a failure and returns nil if that is impossible.
    static func read(_ data: Data) async throws -> ReadWorkbook? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-openpyxl-\(UUID().uuidString).xlsx")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let json = try await PythonRunner.runJSON(script: readerScript, arguments: [url.path])
        return try JSONDecoder().decode(ReadWorkbook.self, from: json)
    }

    /// Compares a read sheet with the rows written, cell by cell.
    static func compare(_ sheet: ReadSheet, with rows: [[XLSXCell]], headerRowCount: Int) {
        let lastRow = rows.lastIndex { $0.contains(where: XLSXWorksheetWriter.isWritten) } ?? -1
        let width = rows.map { ($0.lastIndex(where: XLSXWorksheetWriter.isWritten) ?? -1) + 1 }.max() ?? 0
        #expect(sheet.rows.count == lastRow + 1, "row count of \(sheet.title)")
        for (rowIndex, readRow) in sheet.rows.enumerated() {
            #expect(readRow.count == width, "column count of \(sheet.title) row \(rowIndex + 1)")
            for (columnIndex, readCell) in readRow.enumerated() {
                let written = columnIndex < rows[rowIndex].count ? rows[rowIndex][columnIndex] : .empty
                let wanted = expected(written, bold: rowIndex < headerRowCount)
                #expect(readCell == wanted, "\(sheet.title)!\(XLSXCellReference.reference(row: rowIndex, column: columnIndex))")
            }
        }
    }

    @Test func openpyxlReadsEveryValueBack() async throws {
        let data = try Self.workbook().data()
        if let keep = ProcessInfo.processInfo.environment["XLSX_SAMPLE_PATH"] {
            // For checking by hand with other readers (LibreOffice, WPS, Excel).
            try data.write(to: URL(fileURLWithPath: keep))
        }
        guard let workbook = try await Self.read(data) else {
            return
        }
        #expect(workbook.sheetnames == ["咸宁分行", "赤壁支行_渠道"])
        #expect(workbook.title == "咸宁分行外拓报表")
        #expect(workbook.creator == "Outreach")
        #expect(workbook.created == "2024-05-06T07:08:09Z")
        try #require(workbook.sheets.count == 2)

        let branch = workbook.sheets[0]
        #expect(branch.freeze == "A2")
        Self.compare(branch, with: Self.branchRows, headerRowCount: 1)
        #expect(branch.rows[4][4].v == "控制字符被删除")
        #expect(branch.rows[5][0].v == "_x0041_ 字面量")
        #expect(branch.rows[1][4].v == "  前后空格  ")
        #expect(branch.rows[4][0].v == "多行\n文本\r\n第三行")
        #expect(branch.widths == ["A": 16, "B": 19, "C": 14, "D": 8, "E": 18])

        let channel = workbook.sheets[1]
        #expect(channel.freeze == "A3")
        Self.compare(channel, with: Self.channelRows, headerRowCount: 2)
        #expect(channel.widths == ["A": 20, "B": 8.5])
    }

    @Test func openpyxlReadsALargeMultiBlockWorkbook() async throws {
        var rows: [[XLSXCell]] = [[.text("序号"), .text("网点"), .text("金额"), .text("占比")]]
        for index in 1...12_000 {
            rows.append([.integer(index), .text("网点\(index % 37)号"), .number(Double(index) * 1.25), .percent(Double(index % 100) / 100)])
        }
        let data = try XLSXWorkbook(sheets: [XLSXSheet(name: "明细", rows: rows)], created: Self.created).data()
        if let keep = ProcessInfo.processInfo.environment["XLSX_SAMPLE_PATH"] {
            try data.write(to: URL(fileURLWithPath: keep + ".large.xlsx"))
        }
        var parts = PartCollector()
        try XLSXWorkbook(sheets: [XLSXSheet(name: "明细", rows: rows)], created: Self.created).writeParts(to: &parts)
        let sheetXML = Array(try #require(parts.parts["xl/worksheets/sheet1.xml"]).utf8)
        #expect(sheetXML.count > 1_000_000, "the sheet must be large enough for zlib to write several DEFLATE blocks")
        let entries = try ZipDirectory(Array(data)).entries
        let sheet = try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" })
        #expect(sheet.method == 8)
        #expect(sheet.compressedSize * 4 < sheet.uncompressedSize)
        guard let workbook = try await Self.read(data) else {
            return
        }
        try #require(workbook.sheets.count == 1)
        Self.compare(workbook.sheets[0], with: rows, headerRowCount: 1)
    }

    @Test func pythonZipfileTestPasses() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-zipfile-\(UUID().uuidString).xlsx")
        try Self.workbook().data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try await PythonRunner.run(["-m", "zipfile", "-t", url.path])
        #expect(!result.timedOut)
        #expect(result.status == 0, "python3 -m zipfile -t failed: \(result.standardError) \(PythonRunner.installHint)")
        #expect(result.standardOutput.contains("Done testing"))
    }
}
