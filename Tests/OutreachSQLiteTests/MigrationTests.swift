import Foundation
import OutreachCore
@testable import OutreachSQLite
import OutreachTestSupport
import Testing

/// Schema steps are named and recorded, also for a database created before they were.
struct MigrationTests {
    let names = [
        "reference-data-campaigns-events", "reach-batches-audit-rollup-targets-bulletins", "notice-outbox-delivery-log",
        "schema-migrations", "bulletin-published-by", "users-login-sessions", "calendar-feeds", "audit-log",
        "reach-evidence", "web-edits", "bulletin-preparation", "api-tokens", "outbox-narrow-rows",
        "outbox-journals",
    ]

    @Test func aNewDatabaseRecordsEveryStepWithItsTime() async throws {
        let store = try SQLiteStore(path: ":memory:")
        let before = Date().addingTimeInterval(-1)
        try await store.migrate()
        let steps = try await store.appliedMigrations()
        #expect(steps.map(\.version) == Array(1...names.count))
        #expect(steps.map(\.name) == names)
        #expect(steps.allSatisfy { ($0.appliedAt ?? .distantPast) >= before })
        try await store.migrate()  // nothing left to apply: nothing recorded twice
        #expect(try await store.appliedMigrations().count == names.count)
    }

    @Test func anOlderDatabaseGetsItsEarlierStepsRecordedWithoutATime() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            // A database as version 3 left it: the first three steps, no record of them.
            let connection = try SQLiteConnection(path: path)
            for step in Migrations.steps.prefix(3) { try connection.execute(step.sql) }
            try connection.execute("PRAGMA user_version = 3")
            #expect(try await SQLiteStore(path: path).appliedMigrations().isEmpty)
        }
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let steps = try await store.appliedMigrations()
        #expect(steps.map(\.name) == names)
        #expect(steps.map { $0.appliedAt == nil } == [true, true, true] + Array(repeating: false, count: names.count - 3))
    }

    /// Version 13 keeps the outbox's rows narrow (the notice's text in a table of its own, the live key in a column
    /// of its own): notices queued before it come through unchanged, and a cancelled notice still does not hold
    /// its key.
    @Test func queuedNoticesSurviveTheNarrowOutbox() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID()).sqlite").path
        defer { SQLiteStores.removeDatabase(at: path) }
        let notice = Notice.fixtureReminder(urgent: true)
        let bot = BotIdentity(rawValue: "b0b0b0b0b0b0b0b0b0b0b0b0")
        do {
            let connection = try SQLiteConnection(path: path)
            for step in Migrations.steps.prefix(12) { try connection.execute(step.sql) }
            try connection.execute("PRAGMA user_version = 12")
            let insert = try connection.statement(
                """
                INSERT INTO outbox (key, kind, target, bot, notice, urgent, state, due_at, next_attempt_at, created_at, updated_at)
                VALUES (?, 'event_reminder', '营业部群', ?, ?, 1, ?, 1000, 1000, 1000, 1000)
                """)
            for (key, state) in [("提醒:1", "pending"), ("提醒:2", "cancelled"), ("提醒:3", "sent")] {
                insert.reset()
                insert.bindAll(key, bot.rawValue, notice.storageJSON, state)
                try insert.run()
            }
        }
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        #expect(try await store.appliedMigrations().last?.name == "outbox-journals")
        let live = try await store.deliveries(keyPrefix: "提醒:")
        #expect(live.map(\.key) == ["提醒:1", "提醒:3"])
        #expect(live.map(\.notice) == [notice, notice])
        #expect(live.map(\.target) == ["营业部群", "营业部群"])
        let now = Date(timeIntervalSince1970: 2)
        let again = ["提醒:1", "提醒:2", "提醒:3"].map { OutboxEntry(key: $0, notice: notice, target: "营业部群", bot: bot, dueAt: now) }
        #expect(try await store.enqueue(again, at: now) == 1)  // only the cancelled key is free again
        let claimed = try await store.claimDue(ClaimRequest(owner: "w1", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)))
        #expect(claimed.map(\.delivery.key) == ["提醒:1", "提醒:2"])
        #expect(claimed.map(\.delivery.notice) == [notice, notice])
    }

    @Test func aDatabaseFromANewerVersionIsRefused() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await SQLiteStore(path: path).migrate()
        try SQLiteConnection(path: path).execute("PRAGMA user_version = 99")
        let store = try SQLiteStore(path: path)
        await #expect(throws: StoreError.schemaTooNew(found: 99, supported: names.count)) { try await store.migrate() }
    }
}
