import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// The behaviour every `SnapshotStore` must show (`outreach migrate`): everything read out is written back as it
/// was, in one transaction, and the store keeps numbering new records after the ones written back.
public enum SnapshotContract {
    public static let cases: [StoreContract] = [
        StoreContract("everythingReadOutIsWrittenBackAsItWas") { try await SnapshotCases().writtenBackAsItWas($0) },
        StoreContract("aReplacementThatFailsLeavesTheStoreAsItWas") { try await SnapshotCases().failedReplacement($0) },
    ]
}

struct SnapshotCases {
    let reach = ReachCases()
    var now: Date { reach.now }

    /// Campaigns, reach with a correction (the audit kept for undo) and text with U+0000, targets, a bulletin, a
    /// user, a calendar feed, notices in the outbox.
    func filled(_ database: StoreDatabase) async throws -> any OutreachStore {
        let store = try await reach.store(database)
        _ = try await reach.write(store, ReachFixture.csv)
        var rows = try await reach.rows(store, "event,date,metric,count\nled,2027-03-02,screen-plays,9\n")
        rows[0].note = "前\u{0}后"
        _ = try await store.writeReachBatch(rows, source: .manual, file: nil, recordedBy: "甲\u{0}乙", at: now)
        try await store.replaceTargets(
            [Target(branch: "east", period: ReportPeriod("2027-Q1")!, events: 30, personTimes: [.init(segment: "elderly", count: 900)])],
            source: "targets/2027.yaml")
        try await store.publishBulletin(
            PublishedBulletin(month: "2027-02", branch: "city", issuedAt: now, figures: "{\"personTimes\":1}", stated: "{\"personTimes\":1}"),
            restating: [], notices: [])
        #expect(try await store.addUser(
            User(name: "li.ming", displayName: "李明", role: .branchStaff, branch: "east", createdAt: now), passwordHash: "$2b$12$hash"))
        try await store.addCalendarFeed(CalendarFeed.make(scope: .branch("east"), label: "东区大屏", at: now).feed)
        _ = try await store.enqueue(
            [OutboxEntry(key: "reminder:led:a", notice: .fixtureReminder(), target: "群", bot: BotIdentity(rawValue: "b0b0"), dueAt: now)], at: now)
        return store
    }

    func snapshot(_ store: any OutreachStore) async throws -> [SnapshotTable] {
        var tables: [SnapshotTable] = []
        for table in StoreSnapshot.layout {
            tables.append(SnapshotTable(name: table.name, rows: try await store.snapshotRows(of: table)))
        }
        return tables
    }

    func writtenBackAsItWas(_ database: StoreDatabase) async throws {
        let store = try await filled(database)
        let before = try await snapshot(store)
        let counts = try await store.snapshotCounts()
        #expect(before.first { $0.name == "reach" }?.rows.isEmpty == false)
        let events = try await store.events(matching: EventQuery())
        let personTimes = try await reach.personTimes(store)
        let batches = try await store.reachBatches()
        try await store.replaceContent(with: before)
        let after = try await snapshot(store)
        for (old, new) in zip(before, after) { #expect(old == new, "\(old.name)") }
        #expect(try await store.snapshotCounts() == counts)
        #expect(try await store.events(matching: EventQuery()) == events)
        #expect(try await reach.personTimes(store) == personTimes)
        #expect(try await store.reachBatches() == batches)
        #expect(try await store.reachTexts().contains { $0.note.map { Array($0.utf8) } == Array("前\u{0}后".utf8) })
        #expect(try await store.users().map(\.name) == ["li.ming"])
        // New records are numbered after the ones written back.
        let (_, next) = try await reach.write(store, "event,date,metric,count\nled,2027-03-03,screen-plays,4\n")
        #expect(next.id > (batches.map(\.id).max() ?? 0))
        #expect(try await store.enqueue(
            [OutboxEntry(key: "reminder:led:b", notice: .fixtureReminder(), target: "群", bot: BotIdentity(rawValue: "b0b0"), dueAt: now)], at: now) == 1)
    }

    func failedReplacement(_ database: StoreDatabase) async throws {
        let store = try await filled(database)
        let before = try await snapshot(store)
        var broken = before
        // The same user twice: the second row is refused, after every table before it was emptied and written.
        let users = try #require(broken.firstIndex { $0.name == "users" })
        broken[users].rows += broken[users].rows
        await #expect(throws: (any Error).self) { try await store.replaceContent(with: broken) }
        let after = try await snapshot(store)
        for (old, new) in zip(before, after) { #expect(old == new, "\(old.name)") }
    }
}
