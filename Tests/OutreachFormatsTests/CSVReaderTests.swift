@testable import OutreachFormats
import Testing

struct CSVReaderTests {
    /// Parses text fed in pieces of `step` bytes, as the importer does with its buffer.
    func records(_ text: String, separator: Character = ",", step: Int? = nil) throws -> [(Int, [String])] {
        let bytes = Array(text.utf8)
        var reader = CSVReader(separator: UInt8(ascii: separator.unicodeScalars.first!))
        var result: [(Int, [String])] = []
        var buffer: [UInt8] = []
        var offset = 0
        let chunk = step ?? max(bytes.count, 1)
        repeat {
            let end = min(bytes.count, offset + chunk)
            buffer += bytes[offset..<end]
            offset = end
            let final = offset == bytes.count
            let used = try buffer.withUnsafeBufferPointer { pointer in
                try reader.parse(pointer, isFinal: final) { record in result.append((record.line, record.strings)) }
            }
            buffer.removeFirst(used)
        } while offset < bytes.count
        if !buffer.isEmpty {
            _ = try buffer.withUnsafeBufferPointer { pointer in
                try reader.parse(pointer, isFinal: true) { record in result.append((record.line, record.strings)) }
            }
        }
        return result
    }

    static let tricky = "event,note,count\r\n"
        + "e1,\"公园, 广场\",35\r\n"
        + "\r\n"
        + "e2,\"第一行\n第二行\",12\n"
        + ",,\n"
        + "e3,\"他说\"\"你好\"\"\",7\r"
        + "e4,  带空格  ,8"

    @Test func quotedFieldsCommasNewlinesAndBlankLines() throws {
        let parsed = try records(Self.tricky)
        #expect(parsed.map(\.0) == [1, 2, 4, 7, 8])
        #expect(parsed.map(\.1) == [
            ["event", "note", "count"], ["e1", "公园, 广场", "35"], ["e2", "第一行\n第二行", "12"],
            ["e3", "他说\"你好\"", "7"], ["e4", "带空格", "8"],
        ])
    }

    @Test func anyBufferBoundaryGivesTheSameRecords() throws {
        let whole = try records(Self.tricky)
        for step in 1...12 {
            let pieces = try records(Self.tricky, step: step)
            #expect(pieces.map(\.0) == whole.map(\.0), "step \(step)")
            #expect(pieces.map(\.1) == whole.map(\.1), "step \(step)")
        }
    }

    @Test func tabSeparated() throws {
        #expect(try records("event\tcount\ne1\t3\n", separator: "\t").map(\.1) == [["event", "count"], ["e1", "3"]])
    }

    @Test func unterminatedQuoteIsReportedAtItsLine() {
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 3)) {
            _ = try records("a,b\n1,2\n3,\"open\n4,5\n")
        }
    }
}
