import Foundation
import OutreachCore
import OutreachSQLite
import OutreachStoreContracts
import Testing

/// The SQLite store in the two shapes the contracts run on.
enum SQLiteStores {
    /// A database in memory: one connection, gone when it closes.
    static let memory = StoreUnderTest("sqliteMemory", opensSecondInstances: false) {
        StoreDatabase(store: try SQLiteStore(path: ":memory:"))
    }

    /// A temporary database file, which further connections can open; removed after the case.
    static let file = StoreUnderTest("sqliteFile", opensSecondInstances: true) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID()).sqlite").path
        return StoreDatabase(
            store: try SQLiteStore(path: path), openAnother: { try SQLiteStore(path: path) },
            remove: { removeDatabase(at: path) })
    }

    static let all = [memory, file]

    /// Removes a database file and its WAL companions.
    static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Every store contract case (`OutreachStoreContracts`) on the SQLite store, in memory and in a file.
struct StoreContractTests {
    @Test(arguments: StoreContract.runs(CampaignContract.cases, on: SQLiteStores.all))
    func campaigns(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(ReachContract.cases, on: SQLiteStores.all))
    func reach(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(EvidenceContract.cases, on: SQLiteStores.all))
    func evidence(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(OutboxContract.cases, on: SQLiteStores.all))
    func outbox(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(UserContract.cases, on: SQLiteStores.all))
    func users(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(CalendarFeedContract.cases, on: SQLiteStores.all))
    func calendarFeeds(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(SnapshotContract.cases, on: SQLiteStores.all))
    func snapshots(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(PlanningContract.cases, on: SQLiteStores.all))
    func planning(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(AuditContract.cases, on: SQLiteStores.all))
    func audit(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(DataVersionContract.cases, on: SQLiteStores.all))
    func dataVersion(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(APITokenContract.cases, on: SQLiteStores.all))
    func apiTokens(_ run: StoreContractRun) async throws { try await run.run() }

    @Test(arguments: StoreContract.runs(BulletinPreparationContract.cases, on: SQLiteStores.all))
    func bulletinPreparation(_ run: StoreContractRun) async throws { try await run.run() }

    /// Each case runs on both shapes, except the concurrent claimers, which need a second connection: a file.
    @Test func everyCaseRunsOnEveryShapeThatCanHoldIt() {
        let outbox = StoreContract.runs(OutboxContract.cases, on: SQLiteStores.all).map(\.testDescription)
        #expect(outbox.count == 2 * OutboxContract.cases.count - 1)
        #expect(outbox.filter { $0.hasPrefix("claimersOnSeparateInstancesNeverClaimTheSameNotice") } == [
            "claimersOnSeparateInstancesNeverClaimTheSameNotice on sqliteFile"
        ])
        #expect(StoreContract.runs(CampaignContract.cases, on: SQLiteStores.all).count == 2 * CampaignContract.cases.count)
        #expect(StoreContract.runs(ReachContract.cases, on: SQLiteStores.all).count == 2 * ReachContract.cases.count)
        #expect(CampaignContract.cases.count == 8)
        #expect(ReachContract.cases.count == 13)
        #expect(OutboxContract.cases.count == 16)
        #expect(StoreContract.runs(UserContract.cases, on: SQLiteStores.all).count == 2 * UserContract.cases.count)
        #expect(UserContract.cases.count == 4)
        #expect(CalendarFeedContract.cases.count == 2)
        #expect(APITokenContract.cases.count == 3)
        #expect(StoreContract.runs(AuditContract.cases, on: SQLiteStores.all).count == 2 * AuditContract.cases.count)
    }

}
