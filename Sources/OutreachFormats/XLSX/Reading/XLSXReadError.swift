/// Why a workbook could not be read. Each case carries what is needed to explain it; the words are the
/// caller's (core maps these to messages in both languages).
public enum XLSXReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a ZIP archive (no end-of-central-directory record); `looksLikeXLS` when they are an
    /// old binary (OLE2) workbook.
    case notZip(looksLikeXLS: Bool)
    /// The archive is cut short (`truncated`) or its directory is inconsistent; `part` names the entry when one is at fault.
    case corruptArchive(truncated: Bool, part: String?)
    /// The archive is a ZIP but has no `xl/workbook.xml`: not a workbook.
    case notWorkbook
    /// An entry uses a feature not read here: encryption, ZIP64, or a method other than stored and DEFLATE.
    case unsupportedEntry(part: String, feature: String)
    /// A part inflates to more than allowed, or far more than its compressed size (a zip bomb).
    case tooLarge(part: String, limit: Int)
    /// An entry's DEFLATE data is corrupt, ends early, or does not have the size or CRC-32 recorded.
    case corruptEntry(part: String)
    /// More entries than allowed.
    case tooManyEntries(count: Int, limit: Int)
    /// A part the workbook needs is missing (the first sheet, its relationship).
    case missingPart(String)
    /// A part is not well-formed XML, nests too deeply, or holds an unknown entity.
    case badXML(part: String, problem: XMLProblem)
    /// The workbook has no sheets.
    case noSheets
    /// The first sheet has more cells than allowed.
    case tooManyCells(limit: Int)
    /// A cell reference or a value is out of what a worksheet holds (`XFD1048576`), or a shared string
    /// index does not exist.
    case badCell(reference: String, problem: CellProblem)

    /// What is wrong with a part's XML.
    public enum XMLProblem: Sendable, Equatable {
        /// The part ends inside a tag, comment or element: it is cut short.
        case cutShort
        /// A document type declaration, which workbooks never have (it could define expanding entities).
        case doctype
        case tooDeep(limit: Int)
        /// An entity or character reference XML does not define, as written (`&nbsp;`).
        case unknownEntity(String)
        /// An end tag that does not match the open element, by name.
        case mismatchedTag(String)
        /// Any other break of XML syntax, or a part missing what it must hold.
        case malformed
    }

    /// What is wrong with a cell or row of the sheet.
    public enum CellProblem: Sendable, Equatable {
        /// A reference or row number beyond what a worksheet holds (XFD1048576), or not a reference.
        case outsideSheet
        /// Rows or cells not in ascending order.
        case outOfOrder
        /// A cell type (`t="…"`) SpreadsheetML does not define.
        case unknownType(String)
        /// A shared-string index that xl/sharedStrings.xml does not have.
        case missingSharedString(String)
    }

    public var description: String {
        switch self {
        case .notZip(let xls): xls ? "an .xls (binary) workbook, not .xlsx" : "not a ZIP archive"
        case .corruptArchive(let truncated, let part): "\(truncated ? "truncated" : "corrupt") ZIP archive\(part.map { " at \($0)" } ?? "")"
        case .notWorkbook: "a ZIP archive without xl/workbook.xml"
        case .unsupportedEntry(let part, let feature): "\(part): \(feature) is not supported"
        case .tooLarge(let part, let limit): "\(part) is larger than \(limit) bytes or compressed too far"
        case .corruptEntry(let part): "\(part): corrupt compressed data"
        case .tooManyEntries(let count, let limit): "\(count) entries, more than \(limit)"
        case .missingPart(let part): "missing part \(part)"
        case .badXML(let part, let problem): "\(part): bad XML (\(problem))"
        case .noSheets: "no sheets"
        case .tooManyCells(let limit): "more than \(limit) cells"
        case .badCell(let reference, let problem): "cell \(reference): \(problem)"
        }
    }
}

/// The bounds a workbook is read within, so that a hostile file costs bounded time and memory.
public struct XLSXReadLimits: Sendable, Equatable {
    /// The most entries the archive may have (Excel writes about 10 for one sheet).
    public var maximumEntries = 1_000
    /// The most bytes all the parts read may inflate to, together.
    public var maximumUncompressedBytes = 512 * 1024 * 1024
    /// The most a part larger than 1 MiB may inflate per compressed byte (worksheet XML rarely exceeds 100;
    /// a zip bomb is in the thousands).
    public var maximumCompressionRatio = 1_000
    /// The deepest XML nesting accepted (a worksheet needs 6).
    public var maximumXMLDepth = 64
    /// The most cells the first sheet may hold (empty cells not counted).
    public var maximumCells = 10_000_000

    public init() {}
}
