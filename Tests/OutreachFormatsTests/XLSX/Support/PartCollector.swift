@testable import OutreachFormats

/// Collects the package parts in memory, uncompressed, for inspecting their XML.
struct PartCollector: XLSXPartSink {
    var paths: [String] = []
    var parts: [String: String] = [:]

    mutating func addPart(path: String, contents: [UInt8]) throws {
        paths.append(path)
        parts[path] = String(decoding: contents, as: UTF8.self)
    }

    static func collect(_ workbook: XLSXWorkbook) throws -> PartCollector {
        var collector = PartCollector()
        try workbook.writeParts(to: &collector)
        return collector
    }
}
