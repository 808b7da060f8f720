/// Serializes one ``XLSXSheet`` as `xl/worksheets/sheetN.xml`.
///
/// The XML is produced as UTF-8 bytes in a single pass over the rows; strings go
/// into the workbook's shared-strings table, which is written after all sheets.
enum XLSXWorksheetWriter {
    /// The worksheet XML of the sheet.
    /// - Parameters:
    ///   - sheet: The sheet; its row and column counts must already be validated.
    ///   - isSelected: Whether this is the tab shown when the workbook opens.
    ///   - sharedStrings: The workbook's string table, extended with this sheet's strings.
    static func xml(for sheet: XLSXSheet, isSelected: Bool, sharedStrings: inout XLSXSharedStringTable) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1_024 + sheet.rows.count * 64)
        out.append(contentsOf: XLSXPackageParts.declaration.utf8)
        out.append(contentsOf: "<worksheet xmlns=\"\(XLSXPackageParts.spreadsheetNamespace)\" xmlns:r=\"\(XLSXPackageParts.relationshipsNamespace)\">".utf8)
        if sheet.printsLandscapeFitToWidth {
            out.append(contentsOf: "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>".utf8)
        }
        out.append(contentsOf: "<dimension ref=\"\(dimension(of: sheet.rows))\"/>".utf8)
        appendSheetViews(headerRowCount: sheet.headerRowCount, isSelected: isSelected, to: &out)
        out.append(contentsOf: "<sheetFormatPr defaultRowHeight=\"15\"/>".utf8)
        appendColumns(sheet.columnWidths ?? XLSXColumnWidth.widths(for: sheet.rows), to: &out)
        appendSheetData(sheet, sharedStrings: &sharedStrings, to: &out)
        if let range = autoFilterRange(of: sheet) {
            out.append(contentsOf: "<autoFilter ref=\"\(range)\"/>".utf8)
        }
        out.append(contentsOf: "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>".utf8)
        if sheet.printsLandscapeFitToWidth {
            // paperSize 9 is A4; fitToHeight 0 lets the rows run over as many pages as they need.
            out.append(contentsOf: "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>".utf8)
        }
        out.append(contentsOf: "</worksheet>".utf8)
        return out
    }

    /// The range of the autofilter: the filter row's written columns down to the last row; nil without one.
    static func autoFilterRange(of sheet: XLSXSheet) -> String? {
        guard let row = sheet.autoFilterRow, row >= 0, row < sheet.rows.count,
            let last = sheet.rows[row].lastIndex(where: isWritten)
        else { return nil }
        return XLSXCellReference.range(
            firstRow: row, firstColumn: 0, lastRow: max(row, sheet.rows.count - 1 - sheet.unfilteredTrailingRowCount),
            lastColumn: last)
    }

    /// Whether a cell produces a `<c>` element (empty cells and non-finite numbers do not).
    static func isWritten(_ cell: XLSXCell) -> Bool {
        switch cell {
        case .text, .integer:
            return true
        case let .number(value), let .percent(value):
            return value.isFinite
        case .empty:
            return false
        }
    }

    /// The used range, e.g. `A1:C10`; `A1` for a sheet without written cells.
    static func dimension(of rows: [[XLSXCell]]) -> String {
        var firstRow = Int.max
        var lastRow = -1
        var firstColumn = Int.max
        var lastColumn = -1
        for (rowIndex, row) in rows.enumerated() {
            guard let first = row.firstIndex(where: isWritten), let last = row.lastIndex(where: isWritten) else {
                continue
            }
            firstRow = min(firstRow, rowIndex)
            lastRow = rowIndex
            firstColumn = min(firstColumn, first)
            lastColumn = max(lastColumn, last)
        }
        guard lastRow >= 0 else {
            return "A1"
        }
        return XLSXCellReference.range(firstRow: firstRow, firstColumn: firstColumn, lastRow: lastRow, lastColumn: lastColumn)
    }

    /// The number of header rows actually frozen: at least 0, and leaving one row below.
    static func frozenRowCount(_ headerRowCount: Int) -> Int {
        min(max(headerRowCount, 0), XLSXLimits.maximumRows - 1)
    }

    private static func appendSheetViews(headerRowCount: Int, isSelected: Bool, to out: inout [UInt8]) {
        let frozen = frozenRowCount(headerRowCount)
        out.append(contentsOf: "<sheetViews><sheetView workbookViewId=\"0\"".utf8)
        if isSelected {
            out.append(contentsOf: " tabSelected=\"1\"".utf8)
        }
        if frozen > 0 {
            let topLeft = XLSXCellReference.reference(row: frozen, column: 0)
            out.append(contentsOf: "><pane ySplit=\"\(frozen)\" topLeftCell=\"\(topLeft)\" activePane=\"bottomLeft\" state=\"frozen\"/>".utf8)
            out.append(contentsOf: "<selection pane=\"bottomLeft\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/></sheetView>".utf8)
        } else {
            out.append(contentsOf: "/>".utf8)
        }
        out.append(contentsOf: "</sheetViews>".utf8)
    }

    private static func appendColumns(_ widths: [Double], to out: inout [UInt8]) {
        var columns: [UInt8] = []
        for (index, width) in widths.prefix(XLSXLimits.maximumColumns).enumerated() where width.isFinite {
            let clamped = min(max(width, 0), XLSXLimits.maximumColumnWidth)
            columns.append(contentsOf: "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(clamped)\" customWidth=\"1\"/>".utf8)
        }
        guard !columns.isEmpty else {
            return
        }
        out.append(contentsOf: "<cols>".utf8)
        out.append(contentsOf: columns)
        out.append(contentsOf: "</cols>".utf8)
    }

    private static func appendSheetData(_ sheet: XLSXSheet, sharedStrings: inout XLSXSharedStringTable, to out: inout [UInt8]) {
        let headerRows = frozenRowCount(sheet.headerRowCount)
        var columnNames: [[UInt8]] = []
        out.append(contentsOf: "<sheetData>".utf8)
        for (rowIndex, row) in sheet.rows.enumerated() where row.contains(where: isWritten) {
            let rowNumber = Array(String(rowIndex + 1).utf8)
            let bold = rowIndex < headerRows
            out.append(contentsOf: "<row r=\"".utf8)
            out.append(contentsOf: rowNumber)
            out.append(contentsOf: "\">".utf8)
            for (columnIndex, cell) in row.enumerated() where isWritten(cell) {
                while columnNames.count <= columnIndex {
                    columnNames.append(XLSXCellReference.columnNameBytes(columnNames.count))
                }
                out.append(contentsOf: "<c r=\"".utf8)
                out.append(contentsOf: columnNames[columnIndex])
                out.append(contentsOf: rowNumber)
                out.append(0x22)
                let style = XLSXStyleSheet.styleIndex(for: cell, bold: bold)
                if style != XLSXStyleSheet.general {
                    out.append(contentsOf: " s=\"\(style)\"".utf8)
                }
                appendValue(of: cell, sharedStrings: &sharedStrings, to: &out)
            }
            out.append(contentsOf: "</row>".utf8)
        }
        out.append(contentsOf: "</sheetData>".utf8)
    }

    /// Appends the rest of a `<c>` element after its attributes, closing it.
    private static func appendValue(of cell: XLSXCell, sharedStrings: inout XLSXSharedStringTable, to out: inout [UInt8]) {
        switch cell {
        case let .text(text):
            out.append(contentsOf: " t=\"s\"><v>\(sharedStrings.index(for: text))</v></c>".utf8)
        case let .integer(value):
            out.append(contentsOf: "><v>\(value)</v></c>".utf8)
        case let .number(value), let .percent(value):
            out.append(contentsOf: "><v>\(value.description)</v></c>".utf8)
        case .empty:
            out.append(contentsOf: "/>".utf8)
        }
    }
}
