import Foundation
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import Testing

/// Several workers, each with its own connection to one database file, claim from the outbox at the same
/// time: every notice is claimed exactly once.
struct ConcurrentClaimTests {
    let now = Timestamp.date(from: "2027-03-08T01:00:00Z")!

    @Test("4 claimers on separate connections drain 10,000 notices, none claimed twice")
    func fourClaimersNeverClaimTheSameNotice() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let setup = try SQLiteStore(path: path)
        try await setup.migrate()
        let bots = (0..<4).map { BotIdentity(rawValue: String(repeating: "b\($0)", count: 12)) }
        let entries = (0..<10_000).map { index in
            OutboxEntry(
                key: "reminder:e\(index):a", notice: .fixtureReminder(), target: "群\(index % 4)",
                bot: bots[index % 4], dueAt: now)
        }
        #expect(try await setup.enqueue(entries, at: now) == 10_000)

        let claimed = try await withThrowingTaskGroup(of: [OutboxDelivery.ID].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    let store = try SQLiteStore(path: path)
                    var mine: [OutboxDelivery.ID] = []
                    while true {
                        let batch = try await store.claimDue(
                            ClaimRequest(
                                owner: "worker-\(worker)", limit: 37, now: now,
                                leaseUntil: now.addingTimeInterval(600)))
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.delivery.id)
                    }
                }
            }
            var all: [[OutboxDelivery.ID]] = []
            for try await ids in group { all.append(ids) }
            return all
        }

        let every = claimed.flatMap { $0 }
        #expect(every.count == 10_000)
        #expect(Set(every).count == 10_000, "a notice was claimed by two workers")
        #expect(claimed.allSatisfy { !$0.isEmpty }, "every claimer should have taken part: \(claimed.map(\.count))")
        #expect(try await setup.leaseOwners().sorted() == ["worker-0", "worker-1", "worker-2", "worker-3"])
    }
}
