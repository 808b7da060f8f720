import Foundation
import OutreachCore
import OutreachPostgres
import OutreachSQLite
import OutreachStoreContracts
import Testing

/// A SQLite store's content written into PostgreSQL through `SnapshotStore` (what `outreach migrate` does) answers
/// every question the same: each conversion between the two stores' column types is right.
@Suite(.enabled(if: PostgresTestServer.available, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to test on"))
struct MigrationAcrossStoresTests {
    @Test func sqliteContentWrittenIntoPostgreSQLAnswersTheSame() async throws {
        let sqlite = try await SnapshotContract.filledStore(StoreDatabase(store: try SQLiteStore(path: ":memory:")))
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let postgres = try scratch.open()
        try await postgres.migrate()
        try await postgres.replaceContent(from: sqlite)
        #expect(try await postgres.snapshotCounts() == sqlite.snapshotCounts())
        let expected = try await SnapshotContract.answers(sqlite), got = try await SnapshotContract.answers(postgres)
        #expect(got.count == expected.count)
        for (have, want) in zip(got, expected) { #expect(have == want) }
        #expect(try await postgres.verifyReachCube().isEmpty)
        // And back: PostgreSQL's content written into a new SQLite store answers the same too.
        let back = try SQLiteStore(path: ":memory:")
        try await back.migrate()
        try await back.replaceContent(from: postgres)
        let returned = try await SnapshotContract.answers(back)
        for (have, want) in zip(returned, expected) { #expect(have == want) }
    }
}
