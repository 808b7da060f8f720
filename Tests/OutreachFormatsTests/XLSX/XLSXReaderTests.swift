import Foundation
import OutreachTestSupport
import Testing

@testable import OutreachFormats

/// The .xlsx reader on workbooks made by openpyxl (an independent writer), and on hostile archives. These
/// tests fail (never skip) without python3 + openpyxl.
@Suite(.timeLimit(.minutes(3)))
struct XLSXReaderTests {
    /// Runs a Python snippet that fills `ws` (the active sheet of `wb`) and returns the saved workbook's bytes.
    /// With `sharedStrings`, inline strings are moved into xl/sharedStrings.xml, as Excel stores them.
    func workbook(_ body: String, sharedStrings: Bool = false, date1904: Bool = false) async throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.xlsx").path
        let script = """
            import sys, datetime
            try:
                import openpyxl
            except ImportError as error:
                print(error, file=sys.stderr); sys.exit(3)
            wb = openpyxl.Workbook()
            ws = wb.active
            \(date1904 ? "wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904" : "")
            \(body.split(separator: "\n").joined(separator: "\n"))
            wb.save(sys.argv[1])
            if \(sharedStrings ? "True" : "False"):
                sys.path.insert(0, sys.argv[2])
                import importlib.util
                spec = importlib.util.spec_from_file_location("rx", sys.argv[2] + "/reach-xlsx.py")
                rx = importlib.util.module_from_spec(spec); spec.loader.exec_module(rx)
                rx.share_strings(sys.argv[1])
            """
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts").path
        _ = try await PythonRunner.runJSON(script: script + "\nprint('{}')", arguments: [path, scripts])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func texts(_ sheet: XLSXSheetContent) -> [[String]] {
        sheet.rows.map { row in row.cells.map { "\(XLSXCellReference.columnName($0.column))\(row.number)=\($0.value.text(date1904: sheet.date1904))" } }
    }

    @Test func readsInlineStringsNumbersAndDates() async throws {
        let bytes = try await workbook(
            """
            ws.title = "触达记录"
            ws.append(["活动编号", "日期", "数量", "备注"])
            ws.append(["hh-talk", datetime.datetime(2026, 12, 5), 46.0, "阳光社区 &amp; <签到表>"])
            ws.cell(2, 2).number_format = "yyyy-mm-dd"
            ws["A4"] = 46
            ws["C4"] = 0.5
            ws["D4"] = True
            """)
        let sheet = try XLSXReader.readFirstSheet(bytes)
        #expect(sheet.name == "触达记录")
        #expect(!sheet.date1904)
        #expect(
            texts(sheet) == [
                ["A1=活动编号", "B1=日期", "C1=数量", "D1=备注"],
                ["A2=hh-talk", "B2=2026-12-05", "C2=46", "D2=阳光社区 &amp; <签到表>"],
                ["A4=46", "C4=0.5", "D4=TRUE"],
            ])
        // Row 3 is empty and left out; 46.0 is written as a whole number.
        #expect(sheet.rows.map(\.number) == [1, 2, 4])
        #expect(sheet.cellCount == 11)
    }

    @Test func readsSharedStringsAndRichTextRuns() async throws {
        let bytes = try await workbook(
            """
            from openpyxl.cell.rich_text import CellRichText, TextBlock
            from openpyxl.cell.text import InlineFont
            ws.append(["event", "note"])
            ws.append(["e-1", CellRichText(["签到", TextBlock(InlineFont(b=True), "表"), "2页"])])
            ws.append(["e-1", "中文 \\U00020000 emoji \\U0001F600"])
            """, sharedStrings: true)
        let names = try XLSXZipReader(bytes: bytes, limits: XLSXReadLimits()).entries.keys
        #expect(names.contains("xl/sharedStrings.xml"))
        let sheet = try XLSXReader.readFirstSheet(bytes)
        #expect(texts(sheet) == [["A1=event", "B1=note"], ["A2=e-1", "B2=签到表2页"], ["A3=e-1", "B3=中文 \u{20000} emoji \u{1F600}"]])
        // Byte for byte.
        if case .text(let text) = sheet.rows[2].cells[1].value {
            #expect(Array(text.utf8) == Array("中文 \u{20000} emoji \u{1F600}".utf8))
        }
    }

    @Test func readsDatesOfThe1904System() async throws {
        let bytes = try await workbook(
            """
            ws["A1"] = datetime.datetime(2026, 12, 5)
            ws["A1"].number_format = "yyyy/m/d"
            ws["B1"] = datetime.datetime(2026, 12, 5, 9, 30)
            """, date1904: true)
        let sheet = try XLSXReader.readFirstSheet(bytes)
        #expect(sheet.date1904)
        #expect(texts(sheet) == [["A1=2026-12-05", "B1=2026-12-05 09:30:00"]])
    }

    @Test(arguments: zip(
        [(2026, 12, 5, false), (1900, 3, 1, false), (1900, 1, 1, false), (1904, 1, 1, true), (2026, 12, 5, true)],
        [46361, 61, 1, 0, 44899]))
    func serialDates(date: (Int, Int, Int, Bool), serial: Int) {
        #expect(XLSXSerialDate.serial(year: date.0, month: date.1, day: date.2, date1904: date.3) == serial)
        let text = XLSXSerialDate.text(serial: Double(serial), date1904: date.3)
        #expect(text == String(format: "%04d-%02d-%02d", date.0, date.1, date.2))
    }

    @Test func serial60IsExcelsTwentyNinthOfFebruary1900() {
        #expect(XLSXSerialDate.text(serial: 60, date1904: false) == "1900-02-29")
        #expect(XLSXSerialDate.text(serial: -1, date1904: false) == nil)
    }

    @Test func decodesEntitiesAndCharacterReferences() throws {
        let xml = Array("<a x=\"&lt;&#x4E2D;&#25991;&quot;\">&amp;&apos;&#x1F600;<![CDATA[<b>&amp;]]></a>".utf8)
        var scanner = XLSXXMLScanner(bytes: xml, part: "p", maximumDepth: 8)
        guard case .start(_, let attributes, _) = try scanner.next() else { Issue.record("no start"); return }
        #expect(try scanner.attribute("x", in: attributes) == "<中文\"")
        guard case .text(let range, let cdata) = try scanner.next() else { Issue.record("no text"); return }
        #expect(try scanner.decode(range, cdata: cdata) == "&'\u{1F600}")
        guard case .text(let raw, true) = try scanner.next() else { Issue.record("no CDATA"); return }
        #expect(try scanner.decode(raw, cdata: true) == "<b>&amp;")
        #expect(XLSXReader.unescapeOOXML("a_x000D_b_x005F_") == "a\rb_")
    }

    @Test(arguments: [
        ("<a>&nbsp;</a>", XLSXReadError.XMLProblem.unknownEntity("&nbsp;")),
        ("<!DOCTYPE a [<!ENTITY e \"x\">]><a/>", .doctype),
        ("<a><b></a>", .mismatchedTag("a")),
        ("<a><b>", .cutShort),
        (String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10), .tooDeep(limit: 8)),
    ])
    func refusesBadXML(xml: String, problem: XLSXReadError.XMLProblem) {
        var scanner = XLSXXMLScanner(bytes: Array(xml.utf8), part: "p", maximumDepth: 8)
        #expect(throws: XLSXReadError.badXML(part: "p", problem: problem)) {
            while let token = try scanner.next() {
                if case .text(let range, let cdata) = token { _ = try scanner.decode(range, cdata: cdata) }
            }
        }
    }

    @Test func refusesWhatIsNotAWorkbook() throws {
        #expect(throws: XLSXReadError.notZip(looksLikeXLS: false)) { try XLSXReader.readFirstSheet(Array("event,date\n".utf8)) }
        #expect(throws: XLSXReadError.notZip(looksLikeXLS: true)) {
            try XLSXReader.readFirstSheet([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600))
        }
        var zip = XLSXZipArchiveWriter(modified: XLSXUTCDateTime(Date(timeIntervalSince1970: 1_796_428_800)))
        try zip.addEntry(name: "readme.txt", contents: Array("hello".utf8))
        #expect(throws: XLSXReadError.notWorkbook) { try XLSXReader.readFirstSheet([UInt8](zip.finish())) }
    }

    @Test func refusesATruncatedWorkbook() async throws {
        let bytes = try await workbook("ws.append(['event', 'date'])")
        for cut in [bytes.count / 2, bytes.count - 10, 30, 3] {
            #expect(throws: XLSXReadError.self) { try XLSXReader.readFirstSheet(Array(bytes.prefix(cut))) }
        }
        #expect(throws: XLSXReadError.corruptArchive(truncated: true, part: nil)) { try XLSXReader.readFirstSheet(Array(bytes.prefix(bytes.count / 2))) }
        #expect(throws: XLSXReadError.corruptArchive(truncated: true, part: nil)) { try XLSXReader.readFirstSheet(Array(bytes.prefix(10))) }
    }

    @Test func refusesACorruptEntry() async throws {
        var bytes = try await workbook("ws.append(['event', 'date'])")
        // Flip a byte inside the sheet's compressed data: the CRC-32 (or the stream) no longer checks out.
        let entry = try #require(try XLSXZipReader(bytes: bytes, limits: XLSXReadLimits()).entries["xl/worksheets/sheet1.xml"])
        let start = entry.localHeaderOffset + 30 + Int(bytes[entry.localHeaderOffset + 26]) + Int(bytes[entry.localHeaderOffset + 28])
        bytes[start + entry.compressedSize / 2] ^= 0x55
        #expect(throws: XLSXReadError.self) { try XLSXReader.readFirstSheet(bytes) }
    }

    @Test func refusesAZipBombBeforeInflatingIt() throws {
        // 64 MiB of zeros compress to about 64 KB: a ratio near 1,000 is refused, and a small total cap too.
        let zeros = [UInt8](repeating: UInt8(ascii: " "), count: 64 << 20)
        let bomb = try Self.archive(["xl/workbook.xml": Array("<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>".utf8) + zeros])
        let limits0 = XLSXReadLimits()
        var limits = limits0
        #expect(bomb.count < 200_000)
        do {
            _ = try XLSXReader.readFirstSheet(bomb, limits: limits)
            Issue.record("the bomb was read")
        } catch {
            guard case .tooLarge(let part, _) = error else { Issue.record("\(error)"); return }
            #expect(part == "xl/workbook.xml")
        }
        limits = XLSXReadLimits()
        limits.maximumUncompressedBytes = 1 << 20
        #expect(throws: XLSXReadError.self) { try XLSXReader.readFirstSheet(bomb, limits: limits) }
    }

    @Test func boundsCellsAndEntries() async throws {
        let bytes = try await workbook("for r in range(1, 11):\n    ws.append(['a', 'b', 'c'])")
        var limits = XLSXReadLimits()
        limits.maximumCells = 29
        #expect(throws: XLSXReadError.tooManyCells(limit: 29)) { try XLSXReader.readFirstSheet(bytes, limits: limits) }
        limits.maximumCells = 30
        #expect(try XLSXReader.readFirstSheet(bytes, limits: limits).cellCount == 30)
        limits.maximumEntries = 3
        #expect(throws: XLSXReadError.self) { try XLSXReader.readFirstSheet(bytes, limits: limits) }
    }

    @Test func rowsBecomeCSVRecordsNumberedByRow() {
        CSVRecord.withRecord(fields: ["a,b", "say \"hi\"", " x ", "中文"], line: 7) { record in
            #expect(record.line == 7)
            #expect(record.strings == ["a,b", "say \"hi\"", "x", "中文"])
            #expect(record.text(2) == " x ")
            #expect(String(decoding: record.text, as: UTF8.self) == "\"a,b\",\"say \"\"hi\"\"\",\" x \",中文")
        }
    }

    /// Fuzz findings (xlsx target): a cell opened inside another cell's value first trapped on a nil (the value's
    /// text had nowhere to go; Fuzz/Corpus/xlsx/finding-cell-inside-value), then, once that was fixed, gave two
    /// cells of one column in a row (the outer cell was placed at the inner one's column;
    /// Fuzz/Corpus/xlsx/finding-nested-cells). Cells are never nested: the sheet is refused as malformed.
    @Test(arguments: [
        #"<worksheet><sheetData><row r="1"><c r="A1"><v>4<c r="B1"/>6</v></c></row></sheetData></worksheet>"#,
        #"<worksheet><sheetData><row r="5"><c r="A5" t="b"><v>1</v>5/c><c r="B5" t="e"><v>#N/A</v></c>=c r="D5"><v>1</v></c></row></sheetData></worksheet>"#,
    ])
    func nestedCellsAreRefusedAsMalformed(sheet: String) throws {
        let bytes = try Self.archive([
            "xl/workbook.xml": Array(#"<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#.utf8),
            "xl/_rels/workbook.xml.rels": Array(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8),
            "xl/worksheets/sheet1.xml": Array(sheet.utf8),
        ])
        #expect(throws: XLSXReadError.badXML(part: "xl/worksheets/sheet1.xml", problem: .malformed)) { try XLSXReader.readFirstSheet(bytes) }
    }

    /// A ZIP of the given entries, DEFLATE-compressed, as the package's writer makes it.
    static func archive(_ entries: [String: [UInt8]]) throws -> [UInt8] {
        var zip = XLSXZipArchiveWriter(modified: XLSXUTCDateTime(Date(timeIntervalSince1970: 1_796_428_800)))
        for (name, contents) in entries.sorted(by: { $0.key < $1.key }) { try zip.addEntry(name: name, contents: contents) }
        return [UInt8](try zip.finish())
    }
}
