extension CSVRecord {
    /// Calls `body` with a record made of the given fields, numbered `line`: for rows that come from
    /// somewhere other than CSV text (a worksheet), read by the same code as CSV rows. The record's
    /// `text` is the fields written as a CSV line (quoted where needed), as a rejects file keeps it.
    ///
    /// - Parameters:
    ///   - fields: the fields' text, in column order.
    ///   - line: the number the record reports as its line (a worksheet's row number).
    ///   - separator: the separator its `text` is written with.
    public static func withRecord<R>(
        fields: [String], line: Int, separator: UInt8 = UInt8(ascii: ","), _ body: (CSVRecord) throws -> R
    ) rethrows -> R {
        var bytes: [UInt8] = []
        var spans: [(start: Int, end: Int, escaped: Bool, quoted: Bool)] = []
        spans.reserveCapacity(fields.count)
        for (i, field) in fields.enumerated() {
            if i > 0 { bytes.append(separator) }
            let utf8 = field.utf8
            let needsQuotes = utf8.contains {
                $0 == separator || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
            } || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
            guard needsQuotes else {
                let start = bytes.count
                bytes.append(contentsOf: utf8)
                spans.append((start, bytes.count, false, false))
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            let start = bytes.count
            var escaped = false
            for b in utf8 {
                bytes.append(b)
                if b == UInt8(ascii: "\"") {
                    bytes.append(b)
                    escaped = true
                }
            }
            spans.append((start, bytes.count, escaped, true))
            bytes.append(UInt8(ascii: "\""))
        }
        return try bytes.withUnsafeBufferPointer { buffer in
            var record = CSVRecord(buffer: buffer)
            record.reset(line: line)
            for span in spans { record.append(start: span.start, end: span.end, escaped: span.escaped, quoted: span.quoted) }
            record.range = 0..<buffer.count
            return try body(record)
        }
    }

    /// Whether no field holds anything but spaces and tabs (a row a spreadsheet left empty).
    public var isBlankRow: Bool { isBlank }
}
