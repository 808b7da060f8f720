/// Reads the first worksheet of an .xlsx workbook (Office Open XML SpreadsheetML in a ZIP archive) from its
/// bytes: `xl/workbook.xml` names the sheets, `xl/_rels/workbook.xml.rels` says where the first one is,
/// `xl/sharedStrings.xml` holds the shared strings (rich-text runs joined, phonetic runs left out) and
/// `xl/styles.xml` says which numbers are dates. Every step is bounded by ``XLSXReadLimits``.
///
/// ```swift
/// let sheet = try XLSXReader.readFirstSheet(bytes)
/// for row in sheet.rows { print(row.number, row.cells.map { $0.value.text(date1904: sheet.date1904) }) }
/// ```
public enum XLSXReader {
    /// Whether the bytes look like a ZIP archive (a local file header or an empty archive's end record).
    public static func isZip(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// The first worksheet of the workbook.
    ///
    /// - Parameters:
    ///   - bytes: the whole .xlsx file.
    ///   - limits: the bounds on entries, inflated size, XML depth and cells.
    /// - Returns: the sheet's name, rows and date system.
    /// - Throws: ``XLSXReadError`` when the file is not a workbook, is damaged, or exceeds a limit.
    public static func readFirstSheet(_ bytes: [UInt8], limits: XLSXReadLimits = XLSXReadLimits()) throws(XLSXReadError) -> XLSXSheetContent {
        var zip = try XLSXZipReader(bytes: bytes, limits: limits)
        guard let workbook = try zip.read("xl/workbook.xml") else { throw .notWorkbook }
        let (sheetName, relationship, date1904) = try readWorkbook(workbook, limits: limits)
        guard let rels = try zip.read("xl/_rels/workbook.xml.rels") else { throw .missingPart("xl/_rels/workbook.xml.rels") }
        guard let target = try sheetTarget(rels, id: relationship, limits: limits) else {
            throw .missingPart("xl/_rels/workbook.xml.rels (\(relationship))")
        }
        var strings: [String] = []
        if let part = try zip.read("xl/sharedStrings.xml") { strings = try readSharedStrings(part, limits: limits) }
        var dateStyles: [Bool] = []
        if let part = try zip.read("xl/styles.xml") { dateStyles = try readDateStyles(part, limits: limits) }
        guard let sheet = try zip.read(target) else { throw .missingPart(target) }
        var content = try readSheet(sheet, part: target, strings: strings, dateStyles: dateStyles, limits: limits)
        content.name = sheetName
        content.date1904 = date1904
        return content
    }

    // MARK: Parts

    private static func readWorkbook(_ bytes: [UInt8], limits: XLSXReadLimits) throws(XLSXReadError) -> (String, String, Bool) {
        var xml = XLSXXMLScanner(bytes: bytes, part: "xl/workbook.xml", maximumDepth: limits.maximumXMLDepth)
        var date1904 = false
        var first: (String, String)?
        while let token = try xml.next() {
            guard case .start(let name, let attributes, _) = token else { continue }
            if xml.is(name, "workbookPr"), let value = try xml.attribute("date1904", in: attributes) {
                date1904 = value == "1" || value.lowercased() == "true"
            } else if xml.is(name, "sheet"), first == nil {
                guard let id = try xml.attribute("id", in: attributes) else {
                    throw .badXML(part: "xl/workbook.xml", problem: .malformed)
                }
                first = (try xml.attribute("name", in: attributes) ?? "Sheet1", id)
            }
        }
        guard let first else { throw .noSheets }
        return (first.0, first.1, date1904)
    }

    private static func sheetTarget(_ bytes: [UInt8], id: String, limits: XLSXReadLimits) throws(XLSXReadError) -> String? {
        var xml = XLSXXMLScanner(bytes: bytes, part: "xl/_rels/workbook.xml.rels", maximumDepth: limits.maximumXMLDepth)
        while let token = try xml.next() {
            guard case .start(let name, let attributes, _) = token, xml.is(name, "Relationship"),
                try xml.attribute("Id", in: attributes) == id, let target = try xml.attribute("Target", in: attributes)
            else { continue }
            return resolve(target)
        }
        return nil
    }

    /// A relationship's target as a part name: absolute (`/xl/worksheets/sheet1.xml`) or relative to `xl/`.
    static func resolve(_ target: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : ["xl"]
        for piece in target.split(separator: "/", omittingEmptySubsequences: true) {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }

    /// Shared strings: each `si`'s text, runs (`r`) joined, phonetic runs (`rPh`) left out.
    private static func readSharedStrings(_ bytes: [UInt8], limits: XLSXReadLimits) throws(XLSXReadError) -> [String] {
        var xml = XLSXXMLScanner(bytes: bytes, part: "xl/sharedStrings.xml", maximumDepth: limits.maximumXMLDepth)
        var strings: [String] = []
        var current: String?
        var inText = false
        var phonetic = 0
        while let token = try xml.next() {
            switch token {
            case .start(let name, _, let selfClosing):
                if xml.is(name, "si") {
                    // A sheet cannot refer to more strings than it has cells.
                    guard strings.count < limits.maximumCells else { throw .tooManyCells(limit: limits.maximumCells) }
                    if selfClosing { strings.append("") } else { current = "" }
                } else if xml.is(name, "t") {
                    inText = !selfClosing
                } else if xml.is(name, "rPh"), !selfClosing {
                    phonetic += 1
                }
            case .end(let name):
                if xml.is(name, "si") {
                    strings.append(current ?? "")
                    current = nil
                } else if xml.is(name, "t") {
                    inText = false
                } else if xml.is(name, "rPh") {
                    phonetic = max(0, phonetic - 1)
                }
            case .text(let range, let cdata):
                if inText, phonetic == 0, current != nil { current!.append(unescapeOOXML(try xml.decode(range, cdata: cdata))) }
            }
        }
        return strings
    }

    /// The cell styles (`cellXfs`, by index) whose number format is a date or a time.
    private static func readDateStyles(_ bytes: [UInt8], limits: XLSXReadLimits) throws(XLSXReadError) -> [Bool] {
        var xml = XLSXXMLScanner(bytes: bytes, part: "xl/styles.xml", maximumDepth: limits.maximumXMLDepth)
        var custom: [Int: String] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        while let token = try xml.next() {
            switch token {
            case .start(let name, let attributes, let selfClosing):
                if xml.is(name, "numFmt"), let id = try xml.attribute("numFmtId", in: attributes).flatMap({ Int($0) }) {
                    custom[id] = try xml.attribute("formatCode", in: attributes) ?? ""
                } else if xml.is(name, "cellXfs") {
                    inCellXfs = !selfClosing
                } else if inCellXfs, xml.is(name, "xf") {
                    let id = try xml.attribute("numFmtId", in: attributes).flatMap { Int($0) } ?? 0
                    styles.append(isDateFormat(id: id, code: custom[id]))
                }
            case .end(let name):
                if xml.is(name, "cellXfs") { inCellXfs = false }
            case .text:
                break
            }
        }
        return styles
    }

    /// Built-in date and time formats (14–22, 45–47, and the East Asian ones 27–36 and 50–58), or a custom
    /// code with a day, month, year, hour or second outside quotes, escapes and brackets.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if let code {
            var quoted = false, bracket = false, escaped = false
            for c in code.lowercased() {
                if escaped { escaped = false; continue }
                if quoted { if c == "\"" { quoted = false }; continue }
                if bracket { if c == "]" { bracket = false }; continue }
                switch c {
                case "\"": quoted = true
                case "[": bracket = true
                case "\\", "_", "*": escaped = true
                case "d", "m", "y", "h", "s", "e": return code.lowercased() != "general"
                default: continue
                }
            }
            return false
        }
        return (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// Undoes SpreadsheetML's `_xHHHH_` escapes of characters XML cannot hold (`_x000D_` is a carriage return).
    static func unescapeOOXML(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.first {
            if first == "_", scalars.count >= 7, scalars[scalars.startIndex + 1] == "x",
                scalars[scalars.startIndex + 6] == "_",
                let value = UInt32(String(String.UnicodeScalarView(scalars[(scalars.startIndex + 2)..<(scalars.startIndex + 6)])), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                out.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst(7)
            } else {
                out.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return out
    }

    private enum CellType { case number, shared, inline, formulaString, boolean, error }

    private static func readSheet(
        _ bytes: [UInt8], part: String, strings: [String], dateStyles: [Bool], limits: XLSXReadLimits
    ) throws(XLSXReadError) -> XLSXSheetContent {
        var xml = XLSXXMLScanner(bytes: bytes, part: part, maximumDepth: limits.maximumXMLDepth)
        var rows: [XLSXRow] = []
        var cells: [XLSXReadCell] = []
        var rowNumber = 0
        var inRow = false
        var column = -1
        var reference = ""
        var type = CellType.number
        var style = 0
        var inCell = false
        var value: String?
        var inline: String?
        var inValue = false, inText = false, phonetic = 0
        var cellCount = 0

        func endRow() {
            if !cells.isEmpty { rows.append(XLSXRow(number: rowNumber, cells: cells)) }
            cells.removeAll(keepingCapacity: true)
        }

        while let token = try xml.next() {
            switch token {
            case .start(let name, let attributes, let selfClosing):
                if xml.is(name, "row") {
                    if inRow { endRow() }
                    var number = rowNumber + 1
                    if let r = try xml.attribute("r", in: attributes) {
                        guard let n = Int(r), n >= 1, n <= XLSXLimits.maximumRows else {
                            throw .badCell(reference: r, problem: .outsideSheet)
                        }
                        number = n
                    }
                    guard number > rowNumber else {
                        throw .badCell(reference: String(number), problem: .outOfOrder)
                    }
                    rowNumber = number
                    inRow = !selfClosing
                    column = -1
                } else if xml.is(name, "c") {
                    // Cells are never nested: a cell inside another's value would be placed twice.
                    guard inRow, !inCell else { throw .badXML(part: part, problem: .malformed) }
                    var next = column + 1
                    if let r = try xml.attribute("r", in: attributes) {
                        guard let (c, row) = parseReference(r), row == rowNumber else {
                            throw .badCell(reference: r, problem: .outsideSheet)
                        }
                        next = c
                        reference = r
                    } else {
                        reference = String(decoding: XLSXCellReference.columnNameBytes(next), as: UTF8.self) + String(rowNumber)
                    }
                    guard next < XLSXLimits.maximumColumns else { throw .badCell(reference: reference, problem: .outsideSheet) }
                    guard next > column else { throw .badCell(reference: reference, problem: .outOfOrder) }
                    column = next
                    switch try xml.attribute("t", in: attributes) ?? "n" {
                    case "n", "d": type = .number
                    case "s": type = .shared
                    case "inlineStr": type = .inline
                    case "str": type = .formulaString
                    case "b": type = .boolean
                    case "e": type = .error
                    case let other: throw .badCell(reference: reference, problem: .unknownType(other))
                    }
                    style = try xml.attribute("s", in: attributes).flatMap { Int($0) } ?? 0
                    value = nil
                    inline = nil
                    inValue = false
                    inText = false
                    phonetic = 0
                    inCell = !selfClosing
                } else if inCell, xml.is(name, "v") {
                    inValue = !selfClosing
                    if value == nil { value = "" }
                } else if inCell, xml.is(name, "is") {
                    if inline == nil { inline = "" }
                } else if inCell, xml.is(name, "t") {
                    inText = !selfClosing
                } else if inCell, xml.is(name, "rPh"), !selfClosing {
                    phonetic += 1
                }
            case .end(let name):
                if xml.is(name, "v") {
                    inValue = false
                } else if xml.is(name, "t") {
                    inText = false
                } else if xml.is(name, "rPh") {
                    phonetic = max(0, phonetic - 1)
                } else if xml.is(name, "c") {
                    inCell = false
                    if let cell = try makeCell(
                        type: type, value: value, inline: inline, style: style, reference: reference, strings: strings, dateStyles: dateStyles)
                    {
                        cellCount += 1
                        guard cellCount <= limits.maximumCells else { throw .tooManyCells(limit: limits.maximumCells) }
                        cells.append(XLSXReadCell(column: column, value: cell))
                    }
                } else if xml.is(name, "row") {
                    endRow()
                    inRow = false
                }
            case .text(let range, let cdata):
                // Appended in place: a value split into many pieces (by comments) stays linear.
                if inValue {
                    let piece = try xml.decode(range, cdata: cdata)
                    if value == nil { value = "" }
                    value!.append(piece)
                } else if inText, phonetic == 0, inline != nil {
                    inline!.append(unescapeOOXML(try xml.decode(range, cdata: cdata)))
                }
            }
        }
        if inRow { endRow() }
        return XLSXSheetContent(name: "", rows: rows, date1904: false, cellCount: cellCount)
    }

    private static func makeCell(
        type: CellType, value: String?, inline: String?, style: Int, reference: String, strings: [String], dateStyles: [Bool]
    ) throws(XLSXReadError) -> XLSXValue? {
        switch type {
        case .inline:
            return inline.map { .text($0) } ?? value.map { .text($0) }
        case .shared:
            guard let value else { return nil }
            guard let index = Int(value.trimmingSpaces), index >= 0, index < strings.count else {
                throw .badCell(reference: reference, problem: .missingSharedString(value))
            }
            return .text(strings[index])
        case .formulaString:
            return value.map { .text(unescapeOOXML($0)) }
        case .boolean:
            guard let value else { return nil }
            return .boolean(value.trimmingSpaces == "1" || value.trimmingSpaces.lowercased() == "true")
        case .error:
            return value.map { .error($0) }
        case .number:
            guard let value else { return inline.map { .text($0) } }
            let written = value.trimmingSpaces
            guard !written.isEmpty else { return nil }
            // t="d" (ISO 8601 text) is kept as text; so is anything else that is not a number.
            guard let number = Double(written) else { return .text(written) }
            let isDate = style >= 0 && style < dateStyles.count && dateStyles[style]
            return .number(number, written: written, isDate: isDate)
        }
    }

    /// `C7` → (2, 7): the 0-based column and the 1-based row; nil unless letters then digits within the sheet.
    static func parseReference(_ text: String) -> (Int, Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for b in text.utf8 {
            if b >= 65, b <= 90 || (b >= 97 && b <= 122), digits == 0 {
                column = column * 26 + Int((b & 0xDF) - 64)
                letters += 1
                guard letters <= 3 else { return nil }
            } else if b >= 48, b <= 57, letters > 0 {
                row = row * 10 + Int(b - 48)
                digits += 1
                guard digits <= 7 else { return nil }
            } else {
                return nil
            }
        }
        guard letters > 0, digits > 0, column >= 1, column <= XLSXLimits.maximumColumns, row >= 1, row <= XLSXLimits.maximumRows
        else { return nil }
        return (column - 1, row)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
