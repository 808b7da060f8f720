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

    /// A store on `database` holding one record of every kind that moves (for a test that moves it to another kind
    /// of store).
    public static func filledStore(_ database: StoreDatabase) async throws -> any OutreachStore {
        try await SnapshotCases().filled(database)
    }

    /// What the store answers about everything `filledStore` wrote, read through the domain protocols, one line per
    /// question: two stores holding the same content give the same lines.
    public static func answers(_ store: any OutreachStore) async throws -> [String] {
        let talk = try await store.eventKeys()["talk"] ?? -1
        return [
            "events \(try await store.events(matching: EventQuery()))",
            "campaigns \(try await store.campaigns().map(\.campaign))",
            "person-times \(try await SnapshotCases().reach.personTimes(store))",
            "batches \(try await store.reachBatches())",
            "texts \(try await store.reachTexts().map { [$0.note.map { Array($0.utf8) }, $0.evidence.map { Array($0.utf8) }] })",
            "audit \(try await store.auditEntries(campaign: "c1"))",
            "web edits \(try await store.pendingWebEdits(campaigns: nil))",
            "evidence \(try await store.evidence(event: talk))",
            "tokens \(try await store.apiTokens())",
            "users \(try await store.users())",
            "feeds \(try await store.calendarFeeds())",
            "preparation \(String(describing: try await store.bulletinPreparation(month: "2027-03", branch: "city")))",
            "bulletin audit \(try await store.bulletinAudit(month: "2027-03", branch: "city"))",
            "bulletins \(try await store.bulletins(branch: "city"))",
            "targets \(try await store.targets())",
            "outbox \(try await store.deliveries(keyPrefix: ""))",
        ]
    }
}

struct SnapshotCases {
    let reach = ReachCases()
    var now: Date { reach.now }

    /// Campaigns, reach with a correction (the audit kept for undo) and text with U+0000, evidence, targets, a
    /// bulletin and its preparation, a user and an API token, a calendar feed, notices in the outbox, an event saved
    /// from the web (its audit entries and web edit).
    func filled(_ database: StoreDatabase) async throws -> any OutreachStore {
        let store = try await reach.store(database)
        let (_, first) = try await reach.write(store, ReachFixture.csv)
        _ = try await reach.write(store, ReachFixture.csv.replacingOccurrences(
            of: "talk,2027-03-12,attendees,40,elderly", with: "talk,2027-03-12,attendees,48,elderly"))
        let keys = try await store.eventKeys()
        try await store.addEvidence([
            ReachEvidence(
                hash: ReachEvidence.hash(of: Array("photo".utf8)), contentType: "image/png", byteCount: 5, width: 2, height: 3,
                event: try #require(keys["talk"]), date: ReachFixture.day("2027-03-12"), batch: first.id, addedBy: "li.ming", addedAt: now)
        ])
        var edited = try #require(try await store.events(matching: EventQuery()).first { $0.event.id == "talk" }).event
        edited.title = BilingualName(zh: "防诈骗讲座（改）")
        edited.staff = ["张伟", "李娜"]
        _ = try await store.saveEvent(edited, reminders: nil, at: now, recording: AuditActor(name: "wang.fang", displayName: "王芳", source: .web))
        _ = try await store.prepareBulletin(
            month: "2027-03", branch: "city", by: AuditActor(name: "chen.jing", displayName: "陈静", source: .web), at: now)
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
        try await store.addAPIToken(APIToken.make(user: "li.ming", name: "OA 月报", at: now).token)
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
        let audit = try await store.auditEntries(campaign: "c1")
        let edits = try await store.pendingWebEdits(campaigns: nil)
        let evidence = try await store.evidence(event: try #require(try await store.eventKeys()["talk"]))
        let tokens = try await store.apiTokens()
        let preparation = try await store.bulletinPreparation(month: "2027-03", branch: "city")
        for name in ["reach_audit", "reach_evidence", "audit_log", "web_edits", "api_tokens", "bulletin_preparations", "bulletin_audit"] {
            #expect((counts[name] ?? 0) > 0, "\(name)")
        }
        // Read a page at a time, the rows are the same as read whole.
        for (table, whole) in zip(StoreSnapshot.layout, before) {
            var paged: [[SnapshotValue]] = []
            var cursor: Int64? = 0
            while let from = cursor {
                let page = try await store.snapshotPage(of: table, from: from, limit: 3)
                #expect(page.rows.count <= 3)
                paged += page.rows
                cursor = page.next
            }
            #expect(Set(paged) == Set(whole.rows) && paged.count == whole.rows.count, "\(table.name)")
        }
        try await store.replaceContent(with: before)
        let after = try await snapshot(store)
        for (old, new) in zip(before, after) { #expect(old == new, "\(old.name)") }
        #expect(try await store.snapshotCounts() == counts)
        #expect(try await store.events(matching: EventQuery()) == events)
        #expect(try await reach.personTimes(store) == personTimes)
        #expect(try await store.reachBatches() == batches)
        #expect(try await store.reachTexts().contains { $0.note.map { Array($0.utf8) } == Array("前\u{0}后".utf8) })
        #expect(try await store.users().map(\.name) == ["li.ming"])
        #expect(try await store.auditEntries(campaign: "c1") == audit)
        #expect(try await store.pendingWebEdits(campaigns: nil) == edits)
        #expect(try await store.evidence(event: try #require(try await store.eventKeys()["talk"])) == evidence)
        #expect(try await store.apiTokens() == tokens)
        #expect(try await store.bulletinPreparation(month: "2027-03", branch: "city") == preparation)
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
