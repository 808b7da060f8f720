/// Errors thrown while writing an ``XLSXWorkbook``.
public enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The workbook has no sheets; a workbook needs at least one.
    case noSheets
    /// A sheet has more rows than a worksheet can hold (1,048,576).
    case tooManyRows(sheet: String, count: Int)
    /// A row of a sheet has more cells than a worksheet can hold (16,384).
    case tooManyColumns(sheet: String, count: Int)
    /// A part of the package, or the package itself, would exceed the ZIP
    /// limits (4 GiB per entry or archive, 65,535 entries); ZIP64 is not written.
    case archiveTooLarge(part: String)

    /// A human-readable explanation of the error.
    public var description: String {
        switch self {
        case .noSheets:
            return "The workbook has no sheets; at least one sheet is required."
        case let .tooManyRows(sheet, count):
            return "Sheet \"\(sheet)\" has \(count) rows; a worksheet holds at most \(XLSXLimits.maximumRows)."
        case let .tooManyColumns(sheet, count):
            return "Sheet \"\(sheet)\" has a row with \(count) cells; a worksheet holds at most \(XLSXLimits.maximumColumns) columns."
        case let .archiveTooLarge(part):
            return "The workbook part \"\(part)\" exceeds the ZIP size limits (4 GiB, 65,535 entries); the workbook is too large."
        }
    }
}
