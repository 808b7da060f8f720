import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachSQLite
import OutreachTestSupport
import Testing

/// `StoreMigration`: a copy that matches is reported as such; a target that differs afterwards is caught by its
/// counts and by its reports; a target that holds data is refused with what it holds, and left as it was.
struct StoreMigrationTests {
    let now = ReachFixture.now

    func filled() async throws -> any OutreachStore {
        let store = try SQLiteFactory().open(":memory:")
        try await store.migrate()
        try await store.replaceReferenceData(ReachFixture.reference(), at: now)
        var c1 = Campaign(
            id: "c1", title: BilingualName(zh: "三·一五"), kind: "consumer-rights-day", start: ReachFixture.day("2026-01-01"),
            end: ReachFixture.day("2027-12-31"), owner: "city")
        c1.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c1" }
        _ = try await store.importCampaigns([c1], sources: [:], at: now)
        let (rows, _) = try await ReachFixture.rows(ReachFixture.csv, in: store)
        #expect(!rows.isEmpty)
        _ = try await store.writeReachBatch(rows, source: .import, file: "r.csv", recordedBy: "测试员", at: now)
        return store
    }

    @Test func aCopyMatchesAndADifferenceAfterwardsIsCaught() async throws {
        let source = try await filled()
        let target = try SQLiteFactory().open(":memory:")
        let migration = StoreMigration(source: source, target: target)
        let outcome = try await migration.run(replacing: false)
        #expect(outcome.matches)
        #expect(outcome.reportsCompared == 2 * (1 + ReportDimension.allCases.count * ReportDimension.allCases.count))
        #expect(outcome.counts.first { $0.kind == "campaigns" } == .init(kind: "campaigns", source: 1, target: 1))
        // Reach taken back on the target, and a user added there: both show.
        let batch = try #require(try await target.reachBatches().first)
        _ = try await target.undoReachBatch(batch.id, at: now)
        #expect(try await target.addUser(User(name: "zhao.lei", displayName: "赵磊", role: .viewer, createdAt: now), passwordHash: "h"))
        let checked = try await migration.verify()
        #expect(!checked.matches)
        #expect(
            checked.countDifferences == [
                .init(kind: "reach", source: 8, target: 0), .init(kind: "reach_cube", source: 28, target: 0),
                .init(kind: "users", source: 0, target: 1),
            ])
        #expect(!checked.reportDifferences.isEmpty)
        #expect(checked.reportDifferences.first?.request == "2027")
        #expect(checked.reportDifferences.contains { $0.request == "2027 by branch×channel" })
        // Refused now that the target holds data; nothing written.
        do {
            _ = try await migration.run(replacing: false)
            Issue.record("a target holding data was not refused")
        } catch StoreMigration.Failure.targetNotEmpty(let held) {
            #expect(held.map(\.kind) == ["campaigns", "events", "event_history", "codes", "reach_batches", "users"])
        }
        #expect(try await target.users().map(\.name) == ["zhao.lei"])
        // Replaced: the same as the source again.
        #expect(try await migration.run(replacing: true).matches)
        #expect(try await target.users().isEmpty)
    }
}
