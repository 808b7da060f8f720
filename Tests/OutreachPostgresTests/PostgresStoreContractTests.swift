import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OutreachCore
import OutreachPostgres
import OutreachStoreContracts
import OutreachTestSupport
import Synchronization
import Testing

/// The PostgreSQL server the tests use: `OUTREACH_TEST_POSTGRES` (scripts/test.sh starts a throw-away one with
/// scripts/pg.sh and sets it). Without it, or when nothing answers there, the suites below are skipped, and say so.
enum PostgresTestServer {
    static let url = TestPostgresServer.url(for: "OutreachPostgresTests", skipping: "the PostgreSQL store's tests")

    static var available: Bool { url != nil }

    /// The connection the test cases' schemas are created and dropped on.
    static let admin: PostgresStore? = url.flatMap { try? PostgresStore(url: $0, maximumConnections: 2) }

    /// Runs one statement as the administrator (creating or dropping a case's schema).
    static func execute(_ sql: String) async throws {
        guard let admin else { throw StoreError.database("no PostgreSQL test server") }
        try await admin.executeForTests(sql)
    }
}

/// The PostgreSQL store as the contracts see it: each case gets a schema of its own in the test database (its
/// instances' connections have it as their `search_path`), dropped when the case is over.
enum PostgresStores {
    static let postgres = StoreUnderTest("postgres", opensSecondInstances: true) {
        let scratch = try await ScratchSchema.create()
        return StoreDatabase(store: try scratch.open(), openAnother: { try scratch.open() }, remove: { scratch.remove() })
    }

    static let all = [postgres]
}

/// A schema of its own in the test database for one test, and the store instances opened on it; `remove()`
/// closes them and drops the schema.
final class ScratchSchema: Sendable {
    let url: String
    let name: String
    private let opened = Mutex<[PostgresStore]>([])

    private init(url: String, name: String) {
        self.url = url
        self.name = name
    }

    static func create() async throws -> ScratchSchema {
        let url = try #require(PostgresTestServer.url)
        let name = "contract_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresTestServer.execute("CREATE SCHEMA \(name)")
        return ScratchSchema(url: url, name: name)
    }

    /// A new instance (its own pool of connections) on the schema.
    func open() throws -> PostgresStore {
        let store = try PostgresStore(url: url, schema: name)
        opened.withLock { $0.append(store) }
        return store
    }

    func remove() {
        for store in opened.withLock({ $0 }) { store.close() }
        let name = self.name
        Task { try? await PostgresTestServer.execute("DROP SCHEMA \(name) CASCADE") }
    }
}

/// The store contract cases (`OutreachStoreContracts`) that the PostgreSQL store passes, run on it unchanged.
/// Skipped (with the reason printed) when no server is given.
@Suite(.enabled(if: PostgresTestServer.available, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to test on"))
struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.runs(CampaignContract.cases, on: PostgresStores.all))
    func campaigns(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(ReachContract.cases, on: PostgresStores.all))
    func reach(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(OutboxContract.cases, on: PostgresStores.all))
    func outbox(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(UserContract.cases, on: PostgresStores.all))
    func users(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(DataVersionContract.cases, on: PostgresStores.all))
    func dataVersion(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(AuditContract.cases, on: PostgresStores.all))
    func audit(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(PlanningContract.cases, on: PostgresStores.all))
    func planning(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(EvidenceContract.cases, on: PostgresStores.all))
    func evidence(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(CalendarFeedContract.cases, on: PostgresStores.all))
    func calendarFeeds(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(SnapshotContract.cases, on: PostgresStores.all))
    func snapshots(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(APITokenContract.cases, on: PostgresStores.all))
    func apiTokens(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(BulletinPreparationContract.cases, on: PostgresStores.all))
    func bulletinPreparation(_ run: StoreContractRun) async throws { try await run.run() }
}
