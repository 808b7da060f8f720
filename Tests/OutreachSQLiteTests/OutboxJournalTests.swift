import Foundation
import OutreachCore
@testable import OutreachSQLite
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A worker's journal on SQLite: folded, it leaves the outbox and the log exactly as the store's own `apply` does;
/// folding twice changes nothing; a journal left by a worker that died is folded before anyone claims its notices
/// or reads the queue, and removed.
struct OutboxJournalTests {
    let now = Date(timeIntervalSince1970: 1_804_550_400)
    let bot = BotIdentity(rawValue: "b0b0b0b0b0b0b0b0b0b0b0b0")

    final class Folder {
        let path = NSTemporaryDirectory() + "outreach-journal-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    func store(in folder: Folder, _ name: String = "outreach.sqlite") async throws -> SQLiteStore {
        let store = try SQLiteStore(path: folder.path + "/" + name)
        try await store.migrate()
        _ = try await store.enqueue(
            (1...3).map { OutboxEntry(key: "提醒:\($0)", notice: .fixtureReminder(), target: "城东支行群", bot: bot, dueAt: now) }, at: now)
        return store
    }

    func claim(_ store: SQLiteStore, owner: String, at time: Date) async throws -> [ClaimedDelivery] {
        try await store.claimDue(ClaimRequest(owner: owner, limit: 10, now: time, leaseUntil: time.addingTimeInterval(300)))
    }

    func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    func startRecord(_ claimed: ClaimedDelivery, at time: Date) -> OutboxJournalRecord {
        .start(
            .init(
                delivery: claimed.delivery.id, part: 1, partCount: 1, target: claimed.delivery.target, bot: bot, at: ms(time),
                leaseUntil: ms(time.addingTimeInterval(300))))
    }

    func sentRecord(_ claimed: ClaimedDelivery, at time: Date) -> OutboxJournalRecord {
        .sent(.init(delivery: claimed.delivery.id, part: 1, at: ms(time), httpStatus: 200, latencyMilliseconds: 12))
    }

    func startStep(_ claimed: ClaimedDelivery, owner: String, at time: Date) -> AttemptStep {
        .begin(
            AttemptStart(
                delivery: claimed.delivery.id, owner: owner, part: 1, partCount: 1, target: claimed.delivery.target, bot: bot,
                windows: [], notBefore: time, leaseUntil: time.addingTimeInterval(300)))
    }

    func sentStep(_ claimed: ClaimedDelivery, attempt: Int64, owner: String) -> AttemptStep {
        .finish(
            AttemptFinish(
                attempt: attempt, delivery: claimed.delivery.id, owner: owner, bot: bot, part: 1,
                report: AttemptReport(
                    outcome: .sent, httpStatus: 200, platformCode: nil, message: OutboxJournalRecord.sentMessage,
                    latency: .milliseconds(12)),
                next: .sent))
    }

    func journalFiles(_ folder: Folder) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/outreach.sqlite-outbox")) ?? []
    }

    /// The same three notices: one started and sent, one started, one only claimed; once through `apply`, once
    /// through a journal (the first one's start and "sent" folded together, the second's start alone, then folded
    /// again): the deliveries and the log come out the same, and a second fold changes nothing.
    @Test func aFoldedJournalLeavesWhatApplyLeaves() async throws {
        let folder = Folder()
        let later = now.addingTimeInterval(0.5)
        let direct = try await store(in: folder, "direct.sqlite")
        let claimedDirectly = try await claim(direct, owner: "w/1/a", at: now)
        let begun = try await direct.apply([startStep(claimedDirectly[0], owner: "w/1/a", at: now), startStep(claimedDirectly[1], owner: "w/1/a", at: now)], at: now)
        guard case .started(let attempt) = begun[0] else { Issue.record("\(begun)"); return }
        _ = try await direct.apply([sentStep(claimedDirectly[0], attempt: attempt, owner: "w/1/a")], at: later)

        let journaled = try await store(in: folder)
        let claimed = try await claim(journaled, owner: "w/1/a", at: now)
        let journal = try #require(try journaled.openJournal(owner: "w/1/a"))
        try journal.append([startRecord(claimed[0], at: now), startRecord(claimed[1], at: now), sentRecord(claimed[0], at: later)])
        #expect(journal.unfolded == 3)
        _ = try await journal.fold(at: later)
        #expect(journal.unfolded == 0)

        #expect(try await journaled.deliveries(keyPrefix: "提醒:") == direct.deliveries(keyPrefix: "提醒:"))
        #expect(try await journaled.attempts(matching: DeliveryLogQuery()) == direct.attempts(matching: DeliveryLogQuery()))
        let log = try await journaled.attempts(matching: DeliveryLogQuery())
        #expect(Set(log.map(\.outcome)) == [.sent, nil])

        // The second's "sent" comes in a later fold: it finds the open attempt the first fold made.
        try journal.append([sentRecord(claimed[1], at: later)])
        _ = try await journal.fold(at: later)
        _ = try await direct.apply([sentStep(claimedDirectly[1], attempt: attempt + 1, owner: "w/1/a")], at: later)
        #expect(try await journaled.deliveries(keyPrefix: "提醒:") == direct.deliveries(keyPrefix: "提醒:"))
        #expect(try await journaled.attempts(matching: DeliveryLogQuery()) == direct.attempts(matching: DeliveryLogQuery()))

        // Folding what was folded changes nothing: the store knows how far the journal went.
        let before = try await journaled.attempts(matching: DeliveryLogQuery())
        _ = try await journaled.foldJournal(
            name: SQLiteOutboxJournal.fileName(owner: "w/1/a"), owner: "w/1/a",
            records: [(1, startRecord(claimed[0], at: now)), (2, startRecord(claimed[1], at: now))], at: later)
        #expect(try await journaled.attempts(matching: DeliveryLogQuery()) == before)
        #expect(try await journaled.delivery(claimed[1].delivery.id)?.attempts == 1)

        // Closed, the journal is gone, file and row.
        #expect(journalFiles(folder) == [SQLiteOutboxJournal.fileName(owner: "w/1/a")])
        try await journal.close(at: later)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/outreach.sqlite-outbox"))
    }

    /// A worker dies with one notice sent, one on the wire and one claimed: the next claim folds its journal first,
    /// so the sent one is not sent again; the one on the wire comes back with its outcome unknown; the file goes.
    @Test func aDeadWorkersJournalIsFoldedBeforeItsNoticesAreClaimed() async throws {
        let folder = Folder()
        let store = try await store(in: folder)
        let claimed = try await claim(store, owner: "host/41/dead", at: now)
        do {
            let journal = try #require(try store.openJournal(owner: "host/41/dead"))
            try journal.append([startRecord(claimed[0], at: now), sentRecord(claimed[0], at: now), startRecord(claimed[1], at: now)])
            // Never closed: the worker is killed (its lock goes with its process; here, with the object).
        }
        #expect(journalFiles(folder).count == 1)
        #expect(try await store.expireLeases(owners: ["host/41/dead"], at: now) == 3)
        let taken = try await claim(store, owner: "host/42/next", at: now.addingTimeInterval(1))
        #expect(taken.map(\.delivery.key).sorted() == ["提醒:2", "提醒:3"])
        #expect(taken.first { $0.delivery.key == "提醒:2" }?.hadUnknownOutcome == true)
        #expect(taken.first { $0.delivery.key == "提醒:3" }?.hadUnknownOutcome == false)
        let first = try #require(try await store.delivery(claimed[0].delivery.id))
        #expect(first.state == .sent && first.attempts == 1)
        let log = try await store.attempts(matching: DeliveryLogQuery())
        #expect(log.filter { $0.outcome == .sent }.map(\.delivery) == [claimed[0].delivery.id])
        #expect(log.filter { $0.outcome == .unknown }.map(\.delivery) == [claimed[1].delivery.id])
        #expect(journalFiles(folder) == [])
    }

    /// Reading the queue after a worker died shows what it sent as sent, without waiting for a claim; a journal whose
    /// worker lives is left alone.
    @Test func readingTheQueueFoldsOnlyTheJournalsOfDeadWorkers() async throws {
        let folder = Folder()
        let store = try await store(in: folder)
        let claimed = try await claim(store, owner: "host/41/dead", at: now)
        let living = try #require(try store.openJournal(owner: "host/43/alive"))
        try living.append([startRecord(claimed[2], at: now)])  // not its notice: never folded here anyway
        do {
            let journal = try #require(try store.openJournal(owner: "host/41/dead"))
            try journal.append([startRecord(claimed[0], at: now), sentRecord(claimed[0], at: now)])
        }
        #expect(try await store.deliveries(matching: OutboxQuery(states: [.sent])).map(\.key) == ["提醒:1"])
        #expect(journalFiles(folder) == [SQLiteOutboxJournal.fileName(owner: "host/43/alive")])
        #expect(living.unfolded == 1)
    }

    /// A worker that named the database through a symbolic link left its journal where a process naming the file
    /// itself finds it.
    @Test func aJournalIsFoundWhateverPathNamedTheDatabase() async throws {
        let folder = Folder()
        let store = try await store(in: folder)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.sqlite", withDestinationPath: folder.path + "/outreach.sqlite")
        let linked = try SQLiteStore(path: folder.path + "/link.sqlite")
        let claimed = try await claim(linked, owner: "host/41/dead", at: now)
        do {
            let journal = try #require(try linked.openJournal(owner: "host/41/dead"))
            try journal.append([startRecord(claimed[0], at: now), sentRecord(claimed[0], at: now)])
        }
        #expect(journalFiles(folder).count == 1)
        #expect(try await store.deliveries(matching: OutboxQuery(states: [.sent])).map(\.key) == ["提醒:1"])
        #expect(journalFiles(folder) == [])
    }

    /// A finish the store writes for an attempt started through a journal (the worker never learnt its log row)
    /// ends that part's open attempt.
    @Test func aFinishForAJournaledStartEndsItsOpenAttempt() async throws {
        let folder = Folder()
        let store = try await store(in: folder)
        let claimed = try await claim(store, owner: "w/1/a", at: now)
        let journal = try #require(try store.openJournal(owner: "w/1/a"))
        try journal.append([startRecord(claimed[0], at: now)])
        _ = try await journal.fold(at: now)
        let retry = AttemptStep.finish(
            AttemptFinish(
                attempt: 0, delivery: claimed[0].delivery.id, owner: "w/1/a", bot: bot, part: 1,
                report: AttemptReport(outcome: .transient, httpStatus: 503, platformCode: nil, message: "稍后重试。\nLater.", latency: nil),
                next: .retry(at: now.addingTimeInterval(60), pauseBotUntil: nil)))
        #expect(try await store.apply([retry], at: now) == [.finished])
        let log = try await store.attempts(matching: DeliveryLogQuery())
        #expect(log.map(\.outcome) == [.transient])
        #expect(log.first?.httpStatus == 503)
        #expect(try await store.delivery(claimed[0].delivery.id)?.state == .failed)
        try await journal.close(at: now)
    }

    /// A journal cut short mid-line (the machine lost power) is folded up to its last whole line.
    @Test func aJournalCutShortIsFoldedToItsLastWholeLine() async throws {
        let folder = Folder()
        let store = try await store(in: folder)
        let claimed = try await claim(store, owner: "host/41/dead", at: now)
        var bytes = OutboxJournalText.header(owner: "host/41/dead")
        OutboxJournalText.append(startRecord(claimed[0], at: now), number: 1, to: &bytes)
        OutboxJournalText.append(sentRecord(claimed[0], at: now), number: 2, to: &bytes)
        OutboxJournalText.append(startRecord(claimed[1], at: now), number: 3, to: &bytes)
        bytes.removeLast(7)
        try FileManager.default.createDirectory(atPath: folder.path + "/outreach.sqlite-outbox", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: folder.path + "/outreach.sqlite-outbox/" + SQLiteOutboxJournal.fileName(owner: "host/41/dead")))
        _ = try await store.expireLeases(owners: ["host/41/dead"], at: now)
        let taken = try await claim(store, owner: "host/42/next", at: now.addingTimeInterval(1))
        #expect(taken.map(\.delivery.key).sorted() == ["提醒:2", "提醒:3"])
        #expect(taken.allSatisfy { !$0.hadUnknownOutcome })  // the cut start never reached the store
        #expect(try await store.delivery(claimed[0].delivery.id)?.state == .sent)
        #expect(journalFiles(folder) == [])
    }
}
