/// Reads CSV or TSV (RFC 4180: quoted fields may hold separators, doubled quotes and line breaks)
/// from UTF-8 bytes, a buffer at a time, without making a string per field.
///
/// The caller fills a buffer, calls `parse`, keeps the bytes it did not consume (an unfinished record)
/// at the front of the buffer and reads more. Memory stays flat for any file size.
public struct CSVReader: Sendable {
    public let separator: UInt8
    /// The line the next record starts on (1-based, counting line breaks inside quoted fields).
    public private(set) var nextLine = 1

    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
    }

    public enum Failure: Error, Equatable, Sendable {
        /// A quoted field never closed: the line it started on.
        case unterminatedQuote(line: Int)
    }

    /// Parses the complete records at the start of `buffer` and returns how many bytes were used.
    ///
    /// - Parameters:
    ///   - isFinal: no more bytes follow; the last record need not end with a line break.
    ///   - body: called for each record, blank lines excepted; fields are valid only inside the call.
    public mutating func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, isFinal: Bool, _ body: (inout CSVRecord) throws -> Void
    ) throws -> Int {
        var record = CSVRecord(buffer: buffer)
        var position = 0
        let count = buffer.count
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        while position < count {
            record.reset(line: nextLine)
            var i = position
            var lines = 0
            var complete = false
            fields: while true {
                // One field.
                if i < count, buffer[i] == quote {
                    let start = i + 1
                    var j = start
                    var escaped = false
                    var closed = false
                    while j < count {
                        let b = buffer[j]
                        if b == quote {
                            if j + 1 < count, buffer[j + 1] == quote {
                                escaped = true
                                j += 2
                                continue
                            }
                            if j + 1 == count, !isFinal { break }  // a doubled quote may follow in the next buffer
                            closed = true
                            break
                        }
                        if b == newline { lines += 1 }
                        j += 1
                    }
                    guard closed else {
                        if isFinal { throw Failure.unterminatedQuote(line: nextLine) }
                        break fields
                    }
                    record.append(start: start, end: j, escaped: escaped, quoted: true)
                    i = j + 1
                    // Anything up to the separator or line end after a closing quote is kept as text.
                    while i < count, buffer[i] != separator, buffer[i] != newline, buffer[i] != carriage { i += 1 }
                } else {
                    let start = i
                    while i < count, buffer[i] != separator, buffer[i] != newline, buffer[i] != carriage { i += 1 }
                    record.append(start: start, end: i, escaped: false, quoted: false)
                }
                guard i < count else {
                    if isFinal { complete = true }
                    break fields
                }
                let b = buffer[i]
                if b == separator {
                    i += 1
                    if i == count, isFinal {
                        record.append(start: i, end: i, escaped: false, quoted: false)
                        complete = true
                        break fields
                    }
                    continue
                }
                // A line break ends the record: LF, CRLF or a lone CR.
                if b == carriage {
                    if i + 1 < count {
                        i += buffer[i + 1] == newline ? 2 : 1
                    } else if isFinal {
                        i += 1
                    } else {
                        break fields  // CR at the end of the buffer: the LF may come next
                    }
                } else {
                    i += 1
                }
                lines += 1
                complete = true
                break fields
            }
            guard complete else { break }
            record.range = position..<i
            if !record.isBlank { try body(&record) }
            nextLine += lines
            position = i
        }
        return position
    }
}

/// One record's fields, as ranges of the reader's buffer; valid only during the `parse` callback.
public struct CSVRecord {
    let buffer: UnsafeBufferPointer<UInt8>
    private var starts: [Int] = []
    private var ends: [Int] = []
    /// Per field: 1 when it holds doubled quotes to undo, 2 when it was quoted.
    private var flags: [UInt8] = []
    /// The line the record starts on.
    public private(set) var line = 0
    /// Where the record's text is in the buffer, its line break included.
    public internal(set) var range: Range<Int> = 0..<0

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        starts.reserveCapacity(16)
        ends.reserveCapacity(16)
        flags.reserveCapacity(16)
    }

    mutating func reset(line: Int) {
        self.line = line
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
    }

    mutating func append(start: Int, end: Int, escaped isEscaped: Bool, quoted isQuoted: Bool) {
        starts.append(start)
        ends.append(end)
        flags.append((isEscaped ? 1 : 0) | (isQuoted ? 2 : 0))
    }

    public var count: Int { starts.count }

    /// A line with no text at all, or only separators and spaces (spreadsheets write those).
    var isBlank: Bool {
        for i in starts.indices {
            for j in starts[i]..<ends[i] where buffer[j] != UInt8(ascii: " ") && buffer[j] != UInt8(ascii: "\t") {
                return false
            }
        }
        return true
    }

    /// Calls `body` with a field's bytes (doubled quotes undone), trimmed of surrounding spaces; with
    /// `keepingQuotedSpaces`, a quoted field keeps the spaces inside its quotes (free text, stored as written).
    public func withField<R>(
        _ index: Int, keepingQuotedSpaces: Bool = false, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R {
        guard index < starts.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        var start = starts[index], end = ends[index]
        if !(keepingQuotedSpaces && flags[index] & 2 != 0) {
            while start < end, buffer[start] == UInt8(ascii: " ") { start += 1 }
            while end > start, buffer[end - 1] == UInt8(ascii: " ") { end -= 1 }
        }
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
        guard flags[index] & 1 != 0 else { return try body(slice) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            unescaped.append(slice[i])
            i += slice[i] == UInt8(ascii: "\"") && i + 1 < slice.count && slice[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return try unescaped.withUnsafeBufferPointer(body)
    }

    /// A field as text (invalid UTF-8 is repaired with U+FFFD).
    public func string(_ index: Int) -> String { withField(index) { String(decoding: $0, as: UTF8.self) } }

    /// Free text as written: an unquoted field trimmed of surrounding spaces, a quoted one exactly as
    /// between its quotes (doubled quotes undone).
    public func text(_ index: Int) -> String {
        withField(index, keepingQuotedSpaces: true) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a field is empty after trimming.
    public func isEmpty(_ index: Int) -> Bool { withField(index) { $0.isEmpty } }

    /// All fields as text.
    public var strings: [String] { (0..<count).map(string) }

    /// The record exactly as written, without its line break.
    public var text: [UInt8] {
        var bytes = Array(buffer[range])
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }

    /// The first character of the record that no text field may hold (see `isRefused`): the
    /// field it is in, where it is (1-based line and column, in characters) and the character.
    public func refusedCharacter() -> (field: Int, line: Int, column: Int, scalar: UInt32)? {
        guard let offset = firstRefusedOffset() else { return nil }
        var line = self.line, lineStart = range.lowerBound
        for j in range.lowerBound..<offset where buffer[j] == UInt8(ascii: "\n") {
            line += 1
            lineStart = j + 1
        }
        // Characters, not bytes: continuation bytes (10xxxxxx) do not start one.
        let column = 1 + buffer[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        let field = starts.indices.last { starts[$0] <= offset } ?? 0
        let scalar: UInt32 = buffer[offset] == 0xEF ? (buffer[offset + 2] == 0xBE ? 0xFFFE : 0xFFFF) : UInt32(buffer[offset])
        return (field, line, column, scalar)
    }

    /// Where the first refused character of the record is. Eight bytes at a time: a word with no byte below
    /// 0x20 and no 0x7F or 0xEF (the lead byte of U+FFFE/U+FFFF) is passed over whole, so the check costs
    /// little on the clean rows of a large import; the line break at the end of each record is looked at
    /// byte by byte.
    private func firstRefusedOffset() -> Int? {
        let end = range.upperBound
        var i = range.lowerBound
        let raw = UnsafeRawBufferPointer(buffer)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        while i + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below20 = (word &- ones &* 0x20) & ~word & highs != 0
            if below20 || hasZero(word ^ (ones &* 0x7F)) || hasZero(word ^ (ones &* 0xEF)) {
                for j in i..<(i + 8) where Self.isRefused(buffer, at: j, end: end) { return j }
            }
            i += 8
        }
        while i < end {
            if Self.isRefused(buffer, at: i, end: end) { return i }
            i += 1
        }
        return nil
    }

    /// Whether a refused character starts at `i`: a C0 control other than tab, line feed and carriage
    /// return (U+0000 included), U+007F, or the noncharacters U+FFFE and U+FFFF (EF BF BE, EF BF BF).
    @inline(__always) static func isRefused(_ buffer: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Bool {
        let b = buffer[i]
        if b == 0x09 || b == 0x0A || b == 0x0D { return false }
        if b < 0x20 || b == 0x7F { return true }
        return b == 0xEF && i + 2 < end && buffer[i + 1] == 0xBF && (buffer[i + 2] == 0xBE || buffer[i + 2] == 0xBF)
    }
}
