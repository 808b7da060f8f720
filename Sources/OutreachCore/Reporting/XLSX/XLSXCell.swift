/// A single cell value of an ``XLSXSheet``.
///
/// Every case maps to one SpreadsheetML cell with a fixed number format:
/// - ``text(_:)`` is written through the shared-strings table, exactly as given
///   (characters that XML 1.0 forbids are dropped).
/// - ``integer(_:)`` uses the format `#,##0`.
/// - ``number(_:)`` uses the format `#,##0.00`.
/// - ``percent(_:)`` uses the format `0.0%`, so `0.25` is shown as `25.0%`.
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
    /// A fraction shown as a percentage with one decimal (`0.0%`); `0.25` shows as `25.0%`.
    case percent(Double)
    /// No value; the cell is left out of the sheet.
    case empty
}
