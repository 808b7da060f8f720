import OutreachCore
import Testing

/// A worker's journal file: what is written is read back exactly, Chinese and escapes included, and a line cut short
/// (power lost while writing) ends the journal there.
struct OutboxJournalTextTests {
    let start = OutboxJournalRecord.start(
        .init(
            delivery: "17", part: 2, partCount: 3, target: "城东支行群\t测试\\n\n换行\r", bot: BotIdentity(rawValue: "4a1f9c"),
            at: 1_796_000_000_123, leaseUntil: 1_796_000_300_123))
    let sent = OutboxJournalRecord.sent(.init(delivery: "17", part: 2, at: 1_796_000_000_535, httpStatus: 200, latencyMilliseconds: 412))
    let sentWithoutReply = OutboxJournalRecord.sent(.init(delivery: "18", part: 1, at: 1_796_000_000_600, httpStatus: nil, latencyMilliseconds: nil))

    func bytes(_ records: [OutboxJournalRecord], owner: String = "主机/4242/x1") -> [UInt8] {
        var bytes = OutboxJournalText.header(owner: owner)
        for (index, record) in records.enumerated() { OutboxJournalText.append(record, number: Int64(index + 1), to: &bytes) }
        return bytes
    }

    @Test func recordsRoundTripByteForByte() throws {
        let read = try #require(OutboxJournalText.read(bytes([start, sent, sentWithoutReply])))
        #expect(read.owner == "主机/4242/x1")
        #expect(read.records.map(\.number) == [1, 2, 3])
        #expect(read.records.map(\.record) == [start, sent, sentWithoutReply])
        // One record per line: the tab and the newlines of the target are escaped.
        #expect(bytes([start]).filter { $0 == 10 }.count == 2)
    }

    @Test func aLineCutShortEndsTheJournal() throws {
        let whole = bytes([start, sent, sentWithoutReply])
        for cut in 1...12 {
            let read = try #require(OutboxJournalText.read(Array(whole.dropLast(cut))))
            #expect(read.records.map(\.record) == [start, sent], "cut \(cut)")
        }
        #expect(OutboxJournalText.read(Array(whole.prefix(5))) == nil)
    }

    @Test func anUnreadableLineEndsTheJournalAndAForeignFileIsNotOne() throws {
        var damaged = bytes([start])
        damaged += Array("2\tF\t17\tdeux\t1\t-\t-\n".utf8)
        OutboxJournalText.append(sent, number: 3, to: &damaged)
        #expect(try #require(OutboxJournalText.read(damaged)).records.map(\.record) == [start])
        #expect(OutboxJournalText.read(Array("hello\n1\tF\t17\t1\t1\t-\t-\n".utf8)) == nil)
        #expect(OutboxJournalText.read([]) == nil)
    }
}
