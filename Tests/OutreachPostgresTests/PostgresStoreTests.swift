import Foundation
import OutreachCore
import OutreachPostgres
import OutreachStoreContracts
import OutreachTestSupport
import Testing

/// What is particular to the PostgreSQL store (the contracts are in `PostgresStoreContractTests`): its migrations,
/// its data version seen from outside the store, its messages, and that it knows nothing of SQLite.
@Suite(.enabled(if: PostgresTestServer.available, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to test on"))
struct PostgresStoreTests {
    @Test func migrationsAreRecordedByNameOnceWhateverHowManyInstancesStartTogether() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let instances = try (0..<4).map { _ in try scratch.open() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in instances { group.addTask { try await store.migrate() } }
            try await group.waitForAll()
        }
        try await instances[0].migrate()
        let applied = try await instances[0].appliedMigrations()
        #expect(applied.map(\.version) == Array(1...PostgresStore.schemaVersion))
        #expect(applied.map(\.name) == [
            "data-version", "reference-data-campaigns-events", "notice-outbox-delivery-log", "users-login-sessions",
            "web-edits", "audit-log", "reach-batches-audit-rollup-targets-bulletins", "reach-evidence",
            "bulletin-preparation", "calendar-feeds-api-tokens", "reach-cube-lz4", "reach-batch-unchecked",
            "reach-batch-key-range",
        ])
    }

    /// `?schema=` in the URL: the store's tables go there, and `migrate()` creates the schema when it is missing.
    @Test func aSchemaNamedInTheURLIsCreatedAndHoldsTheTables() async throws {
        let url = try #require(PostgresTestServer.url)
        let name = "branch_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let store = try PostgresStore(url: url + "?schema=" + name)
        defer {
            store.close()
            Task { try? await PostgresTestServer.execute("DROP SCHEMA \(name) CASCADE") }
        }
        try await store.migrate()
        #expect(try await store.addUser(User(name: "zhou.min", displayName: "周敏", role: .viewer, createdAt: Date(timeIntervalSince1970: 0)), passwordHash: "h"))
        try await PostgresTestServer.execute("DELETE FROM \(name).users WHERE name = 'zhou.min'")
        #expect(try await store.users().isEmpty)
    }

    @Test func aSchemaNewerThanThisBuildIsRefused() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let store = try scratch.open()
        try await store.migrate()
        try await PostgresTestServer.execute(
            "INSERT INTO \(scratch.name).schema_migrations (version, name) VALUES (\(PostgresStore.schemaVersion + 1), 'from-a-later-version')")
        await #expect(throws: StoreError.schemaTooNew(found: PostgresStore.schemaVersion + 1, supported: PostgresStore.schemaVersion)) {
            try await store.migrate()
        }
    }

    /// The version moves with a commit by any session, the store's or not (here a plain SQL statement on another
    /// connection), and holds for a rolled-back write and for a worker's claim that found nothing.
    @Test func theDataVersionMovesWithAnyCommitAndOnlyThen() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let store = try scratch.open()
        try await store.migrate()
        let start = try await store.dataVersion()
        let now = Timestamp.date(from: "2027-03-08T01:00:00Z")!
        _ = try await store.claimDue(ClaimRequest(owner: "w1", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)))
        #expect(try await store.dataVersion() == start, "a claim that found nothing moved the version")
        try await PostgresTestServer.execute(
            """
            INSERT INTO \(scratch.name).users (name, display_name, role, password_hash, created_at)
            VALUES ('li.ming', '李明', 'viewer', 'h', now())
            """)
        let afterOther = try await store.dataVersion()
        #expect(afterOther != start, "a commit by another session left the version as it was")
        await #expect(throws: (any Error).self) {
            try await PostgresTestServer.execute(
                """
                DO $$ BEGIN
                    INSERT INTO \(scratch.name).users (name, display_name, role, password_hash, created_at)
                    VALUES ('wang.fang', '王芳', 'viewer', 'h', now());
                    RAISE EXCEPTION 'rolled back';
                END $$
                """)
        }
        #expect(try await store.dataVersion() == afterOther, "a rolled-back write moved the version")
        #expect(try await store.users().map(\.name) == ["li.ming"])
    }

    @Test func aBadURLIsRefusedWithoutShowingIt() {
        #expect(throws: StoreError.database(PostgresStoreMessages.badURL.bothLines)) {
            try PostgresStore(url: "mysql://root:secret@db/outreach")
        }
        #expect(!PostgresStoreMessages.badURL.bothLines.contains("secret"))
    }

    /// With the server's reason, not a pool error after the pool has retried for a minute (the suite's time
    /// limit ends a run that waits that long).
    @Test(.timeLimit(.minutes(1))) func aDatabaseThatIsNotThereIsReportedAtOnceWithTheServersReason() async throws {
        let url = try #require(PostgresTestServer.url)
        let missing = String(url[..<(url.lastIndex(of: "/") ?? url.endIndex)]) + "/no_such_database"
        let store = try PostgresStore(url: missing)
        defer { store.close() }
        await #expect(throws: StoreError.database(PostgresStoreMessages.unreachable("database \"no_such_database\" does not exist").bothLines)) {
            try await store.users()
        }
    }

    @Test func theLocationNeverShowsThePassword() throws {
        let store = try PostgresStore(url: "postgres://outreach:s3cret@db.example:5433/outreach")
        defer { store.close() }
        #expect(store.location == "postgres://outreach@db.example:5433/outreach")
    }

    @Test func theFactoryTakesPostgresURLsAndRefusesAPasswordInThem() throws {
        #expect(PostgresFactory.handles("postgres://outreach@db/outreach"))
        #expect(PostgresFactory.handles("postgresql://outreach@db/outreach"))
        #expect(!PostgresFactory.handles("outreach.sqlite"))
        #expect(throws: StoreError.database(PostgresStoreMessages.passwordInURL.bothLines)) {
            try PostgresFactory().open("postgres://outreach:s3cret@db/outreach")
        }
        #expect(throws: Never.self) { try PostgresFactory().open("postgres://outreach@db:5433/outreach") }
    }

    @Test func everyContractCaseRunsOnPostgres() {
        let outbox = StoreContract.runs(OutboxContract.cases, on: PostgresStores.all).map(\.testDescription)
        #expect(outbox.count == OutboxContract.cases.count)
        #expect(outbox.contains("claimersOnSeparateInstancesNeverClaimTheSameNotice on postgres"))
        #expect(StoreContract.runs(DataVersionContract.cases, on: PostgresStores.all).count == DataVersionContract.cases.count)
    }
}

/// Checks that need no server.
struct PostgresStoreSourceTests {
    @Test func messagesHaveBothLanguages() {
        let samples = [
            PostgresStoreMessages.badURL, PostgresStoreMessages.unreachable("connection refused"), PostgresStoreMessages.passwordInURL,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }

    /// The PostgreSQL store stands beside the SQLite one: it imports neither SQLite nor the other store.
    @Test func thePostgresStoreKnowsNothingOfSQLite() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/OutreachPostgres").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        #expect(names.count >= 8)
        for name in names {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            for forbidden in ["import OutreachSQLite", "import CSQLite", "SQLiteStore"] {
                #expect(!text.contains(forbidden), "\(name) has \(forbidden)")
            }
        }
    }
}
