/// The fixed `xl/styles.xml` and the cell style indices that refer into it.
enum XLSXStyleSheet {
    /// Default text, general format.
    static let general = 0
    /// Bold text (header rows).
    static let header = 1
    /// `#,##0`.
    static let integer = 2
    /// `#,##0.00`.
    static let number = 3
    /// `0.00%`.
    static let percent = 4
    /// Bold `#,##0`.
    static let headerInteger = 5
    /// Bold `#,##0.00`.
    static let headerNumber = 6
    /// Bold `0.00%`.
    static let headerPercent = 7

    /// The number format id of `0.00%` (custom formats start at 164).
    static let percentFormatID = 164

    /// The style index of a cell; `bold` selects the header variant.
    static func styleIndex(for cell: XLSXCell, bold: Bool) -> Int {
        switch cell {
        case .text, .empty:
            return bold ? header : general
        case .integer:
            return bold ? headerInteger : integer
        case .number:
            return bold ? headerNumber : number
        case .percent:
            return bold ? headerPercent : percent
        }
    }

    /// The complete `xl/styles.xml`. Formats 3 (`#,##0`) and 4 (`#,##0.00`) are built in.
    static let xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="\(percentFormatID)" formatCode="0.00%"/></numFmts>\
        <fonts count="2">\
        <font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        </fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="8">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="\(percentFormatID)" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="3" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>\
        <xf numFmtId="4" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>\
        <xf numFmtId="\(percentFormatID)" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        <dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>\
        </styleSheet>
        """
}
