import Foundation
import OutreachCore
@testable import OutreachSQLite
import Testing

/// Schema steps are named and recorded, also for a database created before they were.
struct MigrationTests {
    let names = [
        "reference-data-campaigns-events", "reach-batches-audit-rollup-targets-bulletins", "notice-outbox-delivery-log",
        "schema-migrations", "bulletin-published-by", "users-login-sessions", "calendar-feeds", "audit-log",
        "reach-evidence", "web-edits", "bulletin-preparation", "api-tokens",
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

    @Test func aDatabaseFromANewerVersionIsRefused() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await SQLiteStore(path: path).migrate()
        try SQLiteConnection(path: path).execute("PRAGMA user_version = 99")
        let store = try SQLiteStore(path: path)
        await #expect(throws: StoreError.schemaTooNew(found: 99, supported: names.count)) { try await store.migrate() }
    }
}
