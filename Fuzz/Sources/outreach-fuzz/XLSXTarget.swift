import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

/// An .xlsx reach file as `outreach reach import` reads it: `XLSXReader.readFirstSheet`, then each row made
/// into a record (`ReachImport.fields`) and checked by `ReachRowValidator` against the shipped events.
///
/// The first byte picks what the rest is: even, a whole .xlsx file (ZIP, zlib, every part); odd, the XML of
/// the first sheet, stored in a fixed workbook (so that mutations reach the XML and cell readers instead of
/// failing the CRC-32). Invariants: a refusal has a message in both languages; an accepted sheet's rows are
/// ascending, its cells ascending, within XFD1048576 and within the cell cap; every row message is
/// bilingual and placed in the file, by sheet.
enum XLSXTarget {
    static let path = "reach.xlsx"

    /// Caps smaller than the import's, so that a run stays within libFuzzer's memory limit.
    static let limits: XLSXReadLimits = {
        var limits = XLSXReadLimits()
        limits.maximumUncompressedBytes = 64 << 20
        limits.maximumCells = 200_000
        return limits
    }()

    static func run(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let input = Array(bytes.dropFirst())
        let file = mode & 1 == 0 ? input : storedWorkbook(sheet: input)
        let sheet: XLSXSheetContent
        do {
            sheet = try XLSXReader.readFirstSheet(file, limits: limits)
        } catch {
            let issue = InputIssue.error(.workbookUnreadable(error), at: SourceLocation(path: path))
            checkMessages([issue], path: path)
            return
        }
        require(sheet.cellCount <= limits.maximumCells, "\(sheet.cellCount) cells, over the cap")
        var previousRow = 0
        var cells = 0
        for row in sheet.rows {
            require(row.number > previousRow && row.number <= 1_048_576, "row \(row.number) after \(previousRow)")
            previousRow = row.number
            require(!row.cells.isEmpty, "an empty row kept")
            var previousColumn = -1
            for cell in row.cells {
                require(cell.column > previousColumn && cell.column < 16_384, "column \(cell.column) after \(previousColumn)")
                previousColumn = cell.column
            }
            cells += row.cells.count
        }
        require(cells == sheet.cellCount, "\(cells) cells in rows, \(sheet.cellCount) counted")

        var validator = ReachRowValidator(index: Shipped.reachIndex, path: path, sheet: sheet.name)
        var issues: [InputIssue] = []
        var header = true
        for row in sheet.rows.prefix(2_000) {
            let fields = ReachImport.fields(of: row, in: sheet, dateColumn: header ? nil : validator.columns[.date], header: header)
            CSVRecord.withRecord(fields: fields, line: row.number) { record in
                guard !record.isBlankRow else { return }
                if header {
                    header = false
                    issues += validator.readHeader(record)
                    return
                }
                guard !issues.hasErrors || !validator.columns.isEmpty else { return }
                if let accepted = validator.validate(record, issues: &issues) {
                    require(accepted.count >= 0 && accepted.line == row.number, "row \(row.number) accepted as line \(accepted.line)")
                }
            }
        }
        checkMessages(issues, path: path)
        for issue in issues where issue.location?.line != nil {
            require(issue.location?.sheet == sheet.name, "a row's issue not placed on the sheet: \(issue.rendered(.en))")
        }
    }

    // MARK: A fixed workbook around a fuzzed sheet

    static let workbookXML = Array(
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
        """.utf8)
    static let relsXML = Array(
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
        """.utf8)
    static let sharedStringsXML = Array(
        """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>event</t></si><si><t>date</t></si><si><t>metric</t></si><si><t>count</t></si><si><r><t>参与</t></r><r><t>人数</t></r><rPh><t>x</t></rPh></si><si><t>hh-yangguang-talk-20261126</t></si></sst>
        """.utf8)
    static let stylesXML = Array(
        """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>
        """.utf8)

    /// A workbook of stored (uncompressed) entries holding the given sheet XML.
    static func storedWorkbook(sheet: [UInt8]) -> [UInt8] {
        let parts: [(String, [UInt8])] = [
            ("xl/workbook.xml", workbookXML), ("xl/_rels/workbook.xml.rels", relsXML), ("xl/sharedStrings.xml", sharedStringsXML),
            ("xl/styles.xml", stylesXML), ("xl/worksheets/sheet1.xml", sheet),
        ]
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        for (name, data) in parts {
            let offset = out.count
            let crc = crc32(data)
            let nameBytes = Array(name.utf8)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0, &out)
            u32(crc, &out); u32(UInt32(data.count), &out); u32(UInt32(data.count), &out); u16(nameBytes.count, &out); u16(0, &out)
            out += nameBytes + data
            u32(0x0201_4B50, &directory); u16(20, &directory); u16(20, &directory); u16(0, &directory); u16(0, &directory)
            u16(0, &directory); u16(0, &directory); u32(crc, &directory); u32(UInt32(data.count), &directory)
            u32(UInt32(data.count), &directory); u16(nameBytes.count, &directory); u16(0, &directory); u16(0, &directory)
            u16(0, &directory); u16(0, &directory); u32(0, &directory); u32(UInt32(offset), &directory)
            directory += nameBytes
        }
        let directoryOffset = out.count
        out += directory
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(parts.count, &out); u16(parts.count, &out)
        u32(UInt32(directory.count), &out); u32(UInt32(directoryOffset), &out); u16(0, &out)
        return out
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
