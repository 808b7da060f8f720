import Foundation

/// A workbook of one or more sheets, written as a `.xlsx` file (Office Open XML
/// SpreadsheetML in a ZIP container) by ``data()``.
///
/// ```swift
/// let sheet = XLSXSheet(name: "咸宁分行", rows: [[.text("网点"), .text("户数")], [.text("温泉支行"), .integer(1_234)]])
/// let bytes = try XLSXWorkbook(sheets: [sheet], title: "外拓报表", created: now).data()
/// ```
public struct XLSXWorkbook: Sendable {
    /// The sheets, in tab order. The first sheet is selected when the file opens.
    public var sheets: [XLSXSheet]
    /// The document title (`dc:title` in `docProps/core.xml`); omitted when `nil`.
    public var title: String?
    /// The author (`dc:creator` and `cp:lastModifiedBy`).
    public var creator: String
    /// The creation time, written as W3CDTF (UTC) in `docProps/core.xml` and as the
    /// modification time of every ZIP entry. The library never reads the clock itself.
    public var created: Date

    /// Creates a workbook.
    /// - Parameters:
    ///   - sheets: The sheets in tab order; at least one is needed to write.
    ///   - title: The document title, if any.
    ///   - creator: The author; default `"Outreach"`.
    ///   - created: The creation time to record.
    public init(sheets: [XLSXSheet], title: String? = nil, creator: String = "Outreach", created: Date) {
        self.sheets = sheets
        self.title = title
        self.creator = creator
        self.created = created
    }

    /// The complete `.xlsx` file.
    /// - Throws: ``XLSXError/noSheets``, ``XLSXError/tooManyRows(sheet:count:)``,
    ///   ``XLSXError/tooManyColumns(sheet:count:)``, or ``XLSXError/archiveTooLarge(part:)``.
    public func data() throws -> Data {
        let timestamp = XLSXUTCDateTime(created)
        var archive = XLSXZipArchiveWriter(modified: timestamp)
        try writeParts(to: &archive)
        return try archive.finish()
    }

    /// The sheet names as they are written: sanitized and unique.
    var sanitizedSheetNames: [String] {
        XLSXSheetNameSanitizer.uniqueNames(sheets.map(\.name))
    }

    /// Checks the workbook against the format's limits before anything is written.
    func validate() throws {
        guard !sheets.isEmpty else {
            throw XLSXError.noSheets
        }
        for sheet in sheets {
            if sheet.rows.count > XLSXLimits.maximumRows {
                throw XLSXError.tooManyRows(sheet: sheet.name, count: sheet.rows.count)
            }
            let widest = sheet.rows.lazy.map(\.count).max() ?? 0
            if widest > XLSXLimits.maximumColumns {
                throw XLSXError.tooManyColumns(sheet: sheet.name, count: widest)
            }
        }
    }

    /// `A2:F9` as `$A$2:$F$9`.
    static func absolute(_ range: String) -> String {
        range.split(separator: ":").map { reference in
            let letters = reference.prefix { $0.isLetter }
            return "$\(letters)$\(reference.dropFirst(letters.count))"
        }.joined(separator: ":")
    }

    /// Serializes every part into the sink, one part at a time: the fixed parts first,
    /// then each worksheet, then the shared strings collected from all worksheets.
    func writeParts(to sink: inout some XLSXPartSink) throws {
        try validate()
        let names = sanitizedSheetNames
        try sink.addPart(path: "[Content_Types].xml", contents: Array(XLSXPackageParts.contentTypes(sheetCount: sheets.count).utf8))
        try sink.addPart(path: "_rels/.rels", contents: Array(XLSXPackageParts.packageRelationships().utf8))
        try sink.addPart(
            path: "docProps/core.xml",
            contents: Array(XLSXPackageParts.coreProperties(title: title, creator: creator, created: XLSXUTCDateTime(created)).utf8)
        )
        try sink.addPart(path: "docProps/app.xml", contents: Array(XLSXPackageParts.appProperties(sheetNames: names).utf8))
        let filters = sheets.enumerated().compactMap { position, sheet in
            XLSXWorksheetWriter.autoFilterRange(of: sheet).map { (sheet: position, range: Self.absolute($0)) }
        }
        try sink.addPart(
            path: "xl/workbook.xml", contents: Array(XLSXPackageParts.workbook(sheetNames: names, filters: filters).utf8))
        try sink.addPart(path: "xl/_rels/workbook.xml.rels", contents: Array(XLSXPackageParts.workbookRelationships(sheetCount: sheets.count).utf8))
        try sink.addPart(path: "xl/styles.xml", contents: Array(XLSXStyleSheet.xml.utf8))
        var sharedStrings = XLSXSharedStringTable()
        for (position, sheet) in sheets.enumerated() {
            let xml = XLSXWorksheetWriter.xml(for: sheet, isSelected: position == 0, sharedStrings: &sharedStrings)
            try sink.addPart(path: XLSXPackageParts.worksheetPath(position), contents: xml)
        }
        try sink.addPart(path: "xl/sharedStrings.xml", contents: sharedStrings.xml())
    }
}
