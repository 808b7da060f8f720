/// A single cell value of an ``XLSXSheet``.
///
/// Every case maps to one SpreadsheetML cell with a fixed number format:
/// - ``text(_:)`` is written through the shared-strings table, exactly as given
///   (characters that XML 1.0 forbids are dropped).
/// - ``integer(_:)`` uses the format `#,##0`.
/// - ``number(_:)`` uses the format `#,##0.00`.
/// - ``percent(_:)`` uses the format `0.00%`, so `0.25` is shown as `25.00%` and `0.0004` as `0.04%`.
/// - ``empty`` writes nothing at all.
///
/// Non-finite numbers (NaN, ±infinity) cannot be stored in a workbook and are
/// written as empty cells.
public enum XLSXCell: Sendable, Hashable {
    /// A string value.
    case text(String)
    /// A whole number, shown with thousands separators (`#,##0`).
    case integer(Int)
    /// A decimal number, shown with two decimals (`#,##0.00`).
    case number(Double)
    /// A fraction shown as a percentage with two decimals (`0.00%`); `0.25` shows as `25.00%`.
    case percent(Double)
    /// No value; the cell is left out of the sheet.
    case empty
}
