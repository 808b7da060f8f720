/// Hard limits of the SpreadsheetML format and of the ZIP container as written here.
enum XLSXLimits {
    /// The largest number of rows in a worksheet.
    static let maximumRows = 1_048_576
    /// The largest number of columns in a worksheet (column `XFD`).
    static let maximumColumns = 16_384
    /// The longest sheet name, in UTF-16 code units.
    static let maximumSheetNameLength = 31
    /// The widest column Excel accepts, in character units.
    static let maximumColumnWidth = 255.0
    /// The largest size or offset a classic (non-ZIP64) archive can record.
    static let maximumZipSize = 0xFFFF_FFFE
    /// The largest number of entries a classic (non-ZIP64) archive can record.
    static let maximumZipEntries = 0xFFFE
}
