import Foundation
import OutreachCore
@testable import OutreachSQLite
import OutreachTestSupport
import Testing

/// The SQLite outbox beside other processes (WAL snapshots, the busy timeout), and the outbox's messages.
/// The behaviour every outbox must show is `OutboxContract` (`StoreContractTests`).
struct OutboxSQLiteTests {
    let now = Timestamp.date(from: "2027-03-08T01:00:00Z")!
    let bot = BotIdentity(rawValue: "b0b0b0b0b0b0b0b0b0b0b0b0")

    func entry(_ key: String, due: Date? = nil) -> OutboxEntry {
        OutboxEntry(key: key, notice: .fixtureReminder(), target: "群", bot: bot, dueAt: due ?? now)
    }

    func claim(_ store: any OutboxStore) async throws -> [ClaimedDelivery] {
        try await store.claimDue(ClaimRequest(owner: "w1", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)))
    }

    /// The real cause of "database is locked" beside other processes: a statement left on a row kept a
    /// read transaction (a WAL snapshot) open — `PRAGMA user_version` from opening the store, the
    /// worker's "when is the next notice due" before it sleeps. Once another connection committed, the
    /// next write on that stale snapshot failed at once with SQLITE_BUSY_SNAPSHOT, which no busy
    /// timeout can wait out.
    @Test func writesSucceedAfterAnotherConnectionCommitsWhileThisOneWaited() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID()).sqlite").path
        defer { SQLiteStores.removeDatabase(at: path) }
        let worker = try SQLiteStore(path: path)
        try await worker.migrate()
        _ = try await worker.referenceData()
        _ = try await worker.enqueue([entry("k1", due: now.addingTimeInterval(60))], at: now)
        #expect(try await worker.nextDueTime() == now.addingTimeInterval(60))
        #expect(await worker.holdsReadTransaction == false)
        // Another process commits while this one "sleeps"…
        let other = try SQLiteStore(path: path)
        try await other.migrate()
        _ = try await other.enqueue([entry("k2")], at: now)
        // … and this one can still write, with no error.
        #expect(try await claim(worker).map(\.delivery.key) == ["k2"])
        #expect(try await worker.enqueue([entry("k3")], at: now) == 1)
    }

    /// A write that waits longer than the busy timeout says plainly that it timed out, in both languages.
    @Test func aWriteBlockedPastTheBusyTimeoutSaysSo() {
        let error = StoreError.busy(seconds: 10)
        #expect(
            error.message(.en)
                == "Timed out waiting for the database: another process kept it busy for more than 10 seconds, so nothing was changed. Try again.")
        #expect(error.message(.zh) == "等待数据库超时：另一个进程占用数据库超过 10 秒，本次未做任何更改。请稍后重试。")
    }

    @Test("Error messages, word for word", arguments: [
        (OutboxError.deliveryNotFound("42"), Language.en, "No notice with id '42'."),
        (OutboxError.deliveryNotFound("42"), Language.zh, "没有编号为 '42' 的通知。"),
        (OutboxError.notRetryable("7", state: .sent), Language.en, "Notice '7' is sent; only dead or failed notices can be retried."),
        (OutboxError.notRetryable("7", state: .sent), Language.zh, "通知 '7' 当前为“已发送”，只有“已放弃”或“待重试”的通知可以重试。"),
    ])
    func errorMessages(error: OutboxError, language: Language, expected: String) {
        #expect(error.message(language) == expected)
    }
}
