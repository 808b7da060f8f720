/// One worksheet of an ``XLSXWorkbook``.
public struct XLSXSheet: Sendable {
    /// The tab name. Any text is accepted; the writer sanitizes it when the
    /// workbook is written: at most 31 characters, none of `: \ / ? * [ ]`,
    /// not blank, and unique within the workbook (case-insensitively, by
    /// appending ` (2)`, ` (3)`, …).
    public var name: String

    /// The cell values, row by row. Rows may have different lengths.
    public var rows: [[XLSXCell]]

    /// The number of rows at the top that are shown bold and frozen
    /// (the pane is split below them). `0` freezes nothing.
    public var headerRowCount: Int

    /// Column widths in Excel character units, first column first.
    /// When `nil` the widths are computed from the content: East Asian wide
    /// characters count 2, all others 1, plus a small padding, clamped to `6...60`.
    public var columnWidths: [Double]?

    /// The row (0-based) whose cells get filter buttons over the rows below it; `nil` for no autofilter.
    public var autoFilterRow: Int?

    /// Rows at the bottom left out of the autofilter's range (a total row, which sorting or filtering must not
    /// move or hide). `0` filters every row below ``autoFilterRow``.
    public var unfilteredTrailingRowCount: Int

    /// Printed on A4 in landscape, scaled so that every column fits the page width (as many pages down as
    /// needed).
    public var printsLandscapeFitToWidth: Bool

    /// Creates a worksheet.
    /// - Parameters:
    ///   - name: The tab name; sanitized when the workbook is written.
    ///   - rows: The cell values, row by row.
    ///   - headerRowCount: Rows shown bold and frozen at the top; default 1.
    ///   - columnWidths: Optional explicit widths in character units.
    ///   - autoFilterRow: The row with filter buttons, or `nil`.
    ///   - unfilteredTrailingRowCount: Rows at the bottom outside the filter's range (totals).
    ///   - printsLandscapeFitToWidth: A4 landscape, fitted to the page width, when printed.
    public init(
        name: String, rows: [[XLSXCell]], headerRowCount: Int = 1, columnWidths: [Double]? = nil,
        autoFilterRow: Int? = nil, unfilteredTrailingRowCount: Int = 0, printsLandscapeFitToWidth: Bool = false
    ) {
        self.name = name
        self.rows = rows
        self.headerRowCount = headerRowCount
        self.columnWidths = columnWidths
        self.autoFilterRow = autoFilterRow
        self.unfilteredTrailingRowCount = max(0, unfilteredTrailingRowCount)
        self.printsLandscapeFitToWidth = printsLandscapeFitToWidth
    }
}
