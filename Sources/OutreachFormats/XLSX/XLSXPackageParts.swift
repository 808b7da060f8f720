import Foundation

/// The fixed-shape XML parts of the package: content types, relationships,
/// the workbook part and the document properties.
enum XLSXPackageParts {
    /// The XML declaration that starts every part.
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    /// The SpreadsheetML main namespace.
    static let spreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    /// The office-document relationships namespace (the `r:` prefix).
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let officeRelationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The ZIP path of the worksheet at a zero-based position.
    static func worksheetPath(_ position: Int) -> String {
        "xl/worksheets/sheet\(position + 1).xml"
    }

    /// `[Content_Types].xml`.
    static func contentTypes(sheetCount: Int) -> String {
        var xml = declaration
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for position in 0..<sheetCount {
            xml += "<Override PartName=\"/\(worksheetPath(position))\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        xml += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        xml += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        xml += "</Types>"
        return xml
    }

    /// `_rels/.rels`: the package's relationships to the workbook and the properties.
    static func packageRelationships() -> String {
        var xml = declaration
        xml += "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
        xml += "<Relationship Id=\"rId1\" Type=\"\(officeRelationshipType)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        xml += "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        xml += "<Relationship Id=\"rId3\" Type=\"\(officeRelationshipType)/extended-properties\" Target=\"docProps/app.xml\"/>"
        xml += "</Relationships>"
        return xml
    }

    /// `xl/workbook.xml` listing the sheets under their sanitized names.
    /// - Parameter filters: For each sheet with an autofilter, its position and absolute range (`$A$2:$F$9`),
    ///   named `_xlnm._FilterDatabase` as Excel expects.
    static func workbook(sheetNames: [String], filters: [(sheet: Int, range: String)] = []) -> String {
        var xml = declaration
        xml += "<workbook xmlns=\"\(spreadsheetNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">"
        xml += "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (position, name) in sheetNames.enumerated() {
            xml += "<sheet name=\"\(MarkupEscaping.xml(name))\" sheetId=\"\(position + 1)\" r:id=\"rId\(position + 1)\"/>"
        }
        xml += "</sheets>"
        if !filters.isEmpty {
            xml += "<definedNames>"
            for filter in filters where filter.sheet < sheetNames.count {
                let quoted = "'" + sheetNames[filter.sheet].replacingOccurrences(of: "'", with: "''") + "'"
                xml += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(filter.sheet)\" hidden=\"1\">"
                xml += MarkupEscaping.xml("\(quoted)!\(filter.range)") + "</definedName>"
            }
            xml += "</definedNames>"
        }
        xml += "</workbook>"
        return xml
    }

    /// `xl/_rels/workbook.xml.rels`: sheets are `rId1...rIdN`, then styles and shared strings.
    static func workbookRelationships(sheetCount: Int) -> String {
        var xml = declaration
        xml += "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
        for position in 0..<sheetCount {
            xml += "<Relationship Id=\"rId\(position + 1)\" Type=\"\(officeRelationshipType)/worksheet\" Target=\"worksheets/sheet\(position + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(officeRelationshipType)/styles\" Target=\"styles.xml\"/>"
        xml += "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(officeRelationshipType)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        xml += "</Relationships>"
        return xml
    }

    /// `docProps/app.xml`: the application name and the list of sheet titles.
    static func appProperties(sheetNames: [String]) -> String {
        var xml = declaration
        xml += "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
        xml += " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        xml += "<Application>Outreach</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        xml += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\">"
        xml += "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>\(sheetNames.count)</vt:i4></vt:variant>"
        xml += "</vt:vector></HeadingPairs>"
        xml += "<TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">"
        for name in sheetNames {
            xml += "<vt:lpstr>\(MarkupEscaping.xml(name))</vt:lpstr>"
        }
        xml += "</vt:vector></TitlesOfParts>"
        xml += "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        xml += "</Properties>"
        return xml
    }

    /// `docProps/core.xml` with title, creator and created/modified times (W3CDTF, UTC).
    static func coreProperties(title: String?, creator: String, created: XLSXUTCDateTime) -> String {
        var xml = declaration
        xml += "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
        xml += " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
        xml += " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        if let title {
            xml += "<dc:title>\(MarkupEscaping.xml(title))</dc:title>"
        }
        xml += "<dc:creator>\(MarkupEscaping.xml(creator))</dc:creator>"
        xml += "<cp:lastModifiedBy>\(MarkupEscaping.xml(creator))</cp:lastModifiedBy>"
        xml += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(created.w3cdtf)</dcterms:created>"
        xml += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(created.w3cdtf)</dcterms:modified>"
        xml += "</cp:coreProperties>"
        return xml
    }
}
