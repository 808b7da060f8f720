import Foundation
import OutreachCore
@testable import OutreachSQLite
import OutreachTestSupport
import Testing

/// The behaviour every `OutboxStore` must show; each test runs against every store kind.
struct OutboxStoreContractTests {
    enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
        case sqliteMemory, sqliteFile
        var testDescription: String { rawValue }

        func make() async throws -> any OutboxStore {
            let store: SQLiteStore
            switch self {
            case .sqliteMemory: store = try SQLiteStore(path: ":memory:")
            case .sqliteFile:
                store = try SQLiteStore(
                    path: FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID()).sqlite").path)
            }
            try await store.migrate()
            return store
        }
    }

    let now = Timestamp.date(from: "2027-03-08T01:00:00Z")!
    let bot = BotIdentity(rawValue: "b0b0b0b0b0b0b0b0b0b0b0b0")

    func entry(_ key: String, due: Date? = nil, target: String = "群", bot: BotIdentity? = nil) -> OutboxEntry {
        OutboxEntry(key: key, notice: .fixtureReminder(), target: target, bot: bot ?? self.bot, dueAt: due ?? now)
    }

    func claim(_ store: any OutboxStore, owner: String = "w1", at time: Date? = nil, limit: Int = 10) async throws
        -> [ClaimedDelivery]
    {
        let time = time ?? now
        return try await store.claimDue(
            ClaimRequest(owner: owner, limit: limit, now: time, leaseUntil: time.addingTimeInterval(60)))
    }

    func start(
        _ delivery: ClaimedDelivery, owner: String = "w1", part: Int = 1, parts: Int = 1, windows: [RateWindow] = [],
        notBefore: Date? = nil, at time: Date? = nil
    ) -> AttemptStep {
        let time = time ?? now
        return .begin(
            AttemptStart(
                delivery: delivery.delivery.id, owner: owner, part: part, partCount: parts, target: delivery.delivery.target,
                bot: delivery.delivery.bot, windows: windows, notBefore: notBefore ?? time,
                leaseUntil: time.addingTimeInterval(60)))
    }

    func finish(
        _ delivery: ClaimedDelivery, attempt: Int64, owner: String = "w1", part: Int = 1, outcome: AttemptReport.Outcome = .sent,
        next: AttemptFinish.Next = .sent
    ) -> AttemptStep {
        .finish(
            AttemptFinish(
                attempt: attempt, delivery: delivery.delivery.id, owner: owner, bot: delivery.delivery.bot, part: part,
                report: AttemptReport(
                    outcome: outcome, httpStatus: 200, platformCode: outcome == .sent ? nil : "45009",
                    message: "已送达。\nDelivered.", latency: .milliseconds(12)),
                next: next))
    }

    func started(_ result: AttemptStepResult?) throws -> Int64 {
        guard case .started(let attempt)? = result else {
            Issue.record("expected started, got \(String(describing: result))")
            throw CancellationError()
        }
        return attempt
    }

    @Test(arguments: StoreKind.allCases)
    func sameKeyIsNeverEnqueuedTwice(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.enqueue([entry("reminder:e1:a"), entry("reminder:e1:b")], at: now) == 2)
        #expect(try await store.enqueue([entry("reminder:e1:a")], at: now) == 0)
        #expect(try await store.deliveries(keyPrefix: "reminder:e1:").map(\.key) == ["reminder:e1:a", "reminder:e1:b"])
        #expect(try await store.stateCounts() == [.pending: 2])
    }

    @Test(arguments: StoreKind.allCases)
    func cancelledKeysMayBeEnqueuedAgain(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("reminder:e1:a"), entry("reminder:e2:a")], at: now)
        #expect(try await store.cancelPending(keyPrefix: "reminder:e1:", at: now) == 1)
        #expect(try await store.deliveries(keyPrefix: "reminder:").map(\.key) == ["reminder:e2:a"])
        #expect(try await store.enqueue([entry("reminder:e1:a")], at: now) == 1)
        #expect(try await store.stateCounts() == [.pending: 2, .cancelled: 1])
    }

    /// Exactly the key: not a longer key it is a prefix of, and not a delivery in flight or sent.
    @Test(arguments: StoreKind.allCases)
    func cancellingOneKeyCancelsOnlyThatPendingDelivery(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("off-track:Q1:2027-03-08:群"), entry("off-track:Q1:2027-03-08:群2")], at: now)
        #expect(try await store.cancelPending(key: "off-track:Q1:2027-03-08:群", at: now) == 1)
        #expect(try await store.deliveries(keyPrefix: "off-track:").map(\.key) == ["off-track:Q1:2027-03-08:群2"])
        #expect(try await store.cancelPending(key: "off-track:Q1:2027-03-08:群", at: now) == 0)
        // The key is free again for a newer notice.
        #expect(try await store.enqueue([entry("off-track:Q1:2027-03-08:群")], at: now) == 1)
        // Claimed by a worker (in flight), it is not taken back.
        let claimed = try await claim(store)
        #expect(claimed.count == 2)
        #expect(try await store.cancelPending(key: "off-track:Q1:2027-03-08:群", at: now) == 0)
        #expect(try await store.stateCounts() == [.inFlight: 2, .cancelled: 1])
    }

    @Test(arguments: StoreKind.allCases)
    func claimsHandEachDueDeliveryToOneWorker(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue(
            [entry("k1"), entry("k2"), entry("k3"), entry("later", due: now.addingTimeInterval(3600))], at: now)
        let first = try await claim(store, owner: "w1", limit: 2)
        let second = try await claim(store, owner: "w2")
        #expect(first.map(\.delivery.key) == ["k1", "k2"])
        #expect(second.map(\.delivery.key) == ["k3"])
        #expect(try await claim(store, owner: "w3").isEmpty)
        #expect(first.allSatisfy { $0.delivery.state == .inFlight && !$0.hadUnknownOutcome })
        #expect(try await store.leaseOwners() == ["w1", "w2"])
        #expect(try await store.nextDueTime() == now.addingTimeInterval(60))
    }

    @Test(arguments: StoreKind.allCases)
    func startedThenSentIsLoggedWithItsOutcome(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1")], at: now)
        let claimed = try #require(try await claim(store).first)
        let attempt = try started(try await store.apply([start(claimed)], at: now).first)
        let open = try await store.attempts(matching: DeliveryLogQuery())
        #expect(open.map(\.outcome) == [nil])
        #expect(try await store.apply([finish(claimed, attempt: attempt)], at: now) == [.finished])
        let delivery = try #require(try await store.delivery(claimed.delivery.id))
        #expect(delivery.state == .sent)
        #expect(delivery.attempts == 1)
        #expect(delivery.partsSent == 1)
        let log = try await store.attempts(matching: DeliveryLogQuery(target: "群"))
        #expect(log.count == 1)
        #expect(log.first?.outcome == .sent)
        #expect(log.first?.httpStatus == 200)
        #expect(log.first?.latency == .milliseconds(12))
        #expect(log.first?.bot == bot)
        #expect(log.first?.message == "已送达。\nDelivered.")
        #expect(try await store.deliveries(matching: OutboxQuery()).isEmpty)
        #expect(try await store.deliveries(matching: OutboxQuery(states: [.sent])).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func partsAreSentInOrderAndRememberedAcrossClaims(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1")], at: now)
        let claimed = try #require(try await claim(store).first)
        let first = try started(try await store.apply([start(claimed, part: 1, parts: 2)], at: now).first)
        _ = try await store.apply([finish(claimed, attempt: first, part: 1, next: .nextPart)], at: now)
        #expect(try await store.delivery(claimed.delivery.id)?.partsSent == 1)
        #expect(try await store.delivery(claimed.delivery.id)?.state == .inFlight)
        // The worker dies here; the next one resumes with part 2.
        let later = now.addingTimeInterval(61)
        let again = try #require(try await claim(store, owner: "w2", at: later).first)
        #expect(again.delivery.partsSent == 1)
        #expect(!again.hadUnknownOutcome)
    }

    @Test(arguments: StoreKind.allCases)
    func anExpiredLeaseWithAStartedAttemptIsAnUnknownOutcome(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1")], at: now)
        let claimed = try #require(try await claim(store).first)
        _ = try started(try await store.apply([start(claimed)], at: now).first)
        // Worker w1 crashes before the outcome. Before the lease ends nobody else gets it.
        #expect(try await claim(store, owner: "w2", at: now.addingTimeInterval(30)).isEmpty)
        let taken = try #require(try await claim(store, owner: "w2", at: now.addingTimeInterval(61)).first)
        #expect(taken.hadUnknownOutcome)
        #expect(taken.firstAttemptAt == now)
        let log = try await store.attempts(matching: DeliveryLogQuery(delivery: taken.delivery.id))
        #expect(log.map(\.outcome) == [.unknown])
        #expect(log.first?.message?.contains("whether the notice arrived is unknown") == true)
        // The old worker's late outcome does not touch a delivery it no longer holds.
        _ = try await store.apply([finish(claimed, attempt: 1, owner: "w1")], at: now.addingTimeInterval(62))
        #expect(try await store.delivery(taken.delivery.id)?.state == .inFlight)
        // Nor can it start another attempt.
        #expect(try await store.apply([start(claimed, owner: "w1")], at: now.addingTimeInterval(62)) == [.leaseLost])
    }

    @Test(arguments: StoreKind.allCases)
    func leasesOfGoneWorkersCanBeEndedAtOnce(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1")], at: now)
        _ = try await claim(store, owner: "host/1/a")
        #expect(try await claim(store, owner: "host/2/b").isEmpty)
        #expect(try await store.expireLeases(owners: ["host/1/a"], at: now) == 1)
        #expect(try await claim(store, owner: "host/2/b").count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func releasingLeasesReturnsDeliveriesAndMarksOpenAttemptsUnknown(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1"), entry("k2")], at: now)
        let claimed = try await claim(store)
        _ = try started(try await store.apply([start(claimed[0])], at: now).first)
        #expect(try await store.releaseLeases(owner: "w1", at: now) == 2)
        #expect(try await store.stateCounts() == [.pending: 2])
        #expect(try await store.attempts(matching: DeliveryLogQuery()).map(\.outcome) == [.unknown])
        #expect(try await store.leaseOwners().isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theRateBudgetIsReadFromTheLog(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1"), entry("k2"), entry("k3")], at: now)
        let claimed = try await claim(store)
        let windows = [RateWindow(count: 2, period: .seconds(60))]
        let results = try await store.apply(claimed.map { start($0, windows: windows) }, at: now)
        #expect(results.count == 3)
        // The window and its safety margin (5 % of 60 s), counted from the latest the sends can arrive.
        #expect(results[2] == .deferred(until: now.addingTimeInterval(63)))
        let third = try #require(try await store.delivery(claimed[2].delivery.id))
        #expect(third.state == .pending)
        #expect(third.nextAttemptAt == now.addingTimeInterval(63))
        #expect(try await claim(store, owner: "w2", at: now.addingTimeInterval(59)).isEmpty)
        // Another bot is not affected.
        _ = try await store.enqueue([entry("other", bot: BotIdentity(rawValue: "other"))], at: now)
        let other = try #require(try await claim(store, owner: "w2").first)
        #expect(try started(try await store.apply([start(other, owner: "w2", windows: windows)], at: now).first) > 0)
    }

    /// Sends count from when they can have arrived at the latest (their reply), plus the margin.
    @Test(arguments: StoreKind.allCases)
    func theBudgetCountsFromTheReplyPlusTheMargin(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1"), entry("k2")], at: now)
        let claimed = try await claim(store)
        let windows = [RateWindow(count: 1, period: .seconds(10))]
        let attempt = try started(try await store.apply([start(claimed[0], windows: windows)], at: now).first)
        // The reply came 4 s after the start: the platform may have counted the request as late as that.
        let replied = now.addingTimeInterval(4)
        _ = try await store.apply([finish(claimed[0], attempt: attempt)], at: replied)
        #expect(try await store.apply([start(claimed[1], windows: windows, at: replied)], at: replied) == [.deferred(until: replied.addingTimeInterval(11))])
    }

    /// A refusal for rate that happens anyway slows the bot: a quarter fewer per window (at least one)
    /// for three windows after its pause ends.
    @Test(arguments: StoreKind.allCases)
    func aRefusalForRateSlowsTheBotsBudgetForTheNextWindows(kind: StoreKind) async throws {
        let store = try await kind.make()
        let windows = [RateWindow(count: 4, period: .seconds(10))]
        _ = try await store.enqueue((1...9).map { entry("k\($0)") }, at: now)
        let first = try #require(try await claim(store, limit: 1).first)
        let attempt = try started(try await store.apply([start(first, windows: windows)], at: now).first)
        // The platform refuses it for rate (45009) and the bot is paused for a minute.
        let pause = now.addingTimeInterval(60)
        _ = try await store.apply(
            [finish(first, attempt: attempt, outcome: .transient, next: .retry(at: pause, pauseBotUntil: pause))], at: now)
        let later = pause.addingTimeInterval(1)
        let claimed = try await claim(store, at: later, limit: 8)
        #expect(claimed.count == 8)
        let results = try await store.apply(Array(claimed.prefix(4)).map { start($0, windows: windows, at: later) }, at: later)
        #expect(results.prefix(3).allSatisfy { if case .started = $0 { true } else { false } }, "\(results)")
        #expect(results.last == .deferred(until: later.addingTimeInterval(11)))
        // Three windows after the pause the bot has its full budget again.
        var finishes: [AttemptStep] = []
        for (delivery, result) in zip(claimed, results.prefix(3)) {
            finishes.append(finish(delivery, attempt: try started(result)))
        }
        _ = try await store.apply(finishes, at: later)
        let much = pause.addingTimeInterval(45)
        let again = try await store.apply(Array(claimed.suffix(4)).map { start($0, windows: windows, at: much) }, at: much)
        #expect(again.allSatisfy { if case .started = $0 { true } else { false } }, "\(again)")
    }

    @Test(arguments: StoreKind.allCases)
    func aPauseHoldsEveryNoticeToTheBotAndNotBeforeIsKept(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1"), entry("k2"), entry("k3", bot: BotIdentity(rawValue: "quiet"))], at: now)
        let claimed = try await claim(store)
        let attempt = try started(try await store.apply([start(claimed[0])], at: now).first)
        let pause = now.addingTimeInterval(600)
        _ = try await store.apply(
            [finish(claimed[0], attempt: attempt, outcome: .transient, next: .retry(at: pause, pauseBotUntil: pause))], at: now)
        #expect(try await store.delivery(claimed[0].delivery.id)?.state == .failed)
        #expect(try await store.delivery(claimed[0].delivery.id)?.failures == 1)
        #expect(try await store.apply([start(claimed[1])], at: now) == [.deferred(until: pause)])
        let morning = now.addingTimeInterval(7 * 3600)
        #expect(try await store.apply([start(claimed[2], notBefore: morning)], at: now) == [.deferred(until: morning)])
    }

    @Test(arguments: StoreKind.allCases)
    func deadDeliveriesCanBeRetried(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue([entry("k1"), entry("k2"), entry("k3")], at: now)
        let claimed = try await claim(store)
        for delivery in claimed.prefix(2) {
            let attempt = try started(try await store.apply([start(delivery)], at: now).first)
            _ = try await store.apply([finish(delivery, attempt: attempt, outcome: .permanent, next: .dead)], at: now)
        }
        #expect(try await store.deliveries(matching: OutboxQuery(states: [.dead])).count == 2)
        let revived = try await store.retry(claimed[0].delivery.id, at: now)
        #expect(revived.state == .pending)
        #expect(revived.failures == 0)
        #expect(revived.lastError == "已送达。\nDelivered.")
        await #expect(throws: OutboxError.notRetryable(claimed[0].delivery.id, state: .pending)) {
            try await store.retry(claimed[0].delivery.id, at: now)
        }
        await #expect(throws: OutboxError.deliveryNotFound("999")) { try await store.retry("999", at: now) }
        #expect(try await store.retryAllDead(at: now) == 1)
        #expect(try await store.stateCounts() == [.pending: 2, .inFlight: 1])
    }

    @Test(arguments: StoreKind.allCases)
    func queueListsByStateAndTarget(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.enqueue(
            [entry("a", target: "甲"), entry("b", due: now.addingTimeInterval(10), target: "乙")], at: now)
        #expect(try await store.deliveries(matching: OutboxQuery(target: "乙")).map(\.key) == ["b"])
        #expect(try await store.deliveries(matching: OutboxQuery(limit: 1)).map(\.key) == ["a"])
        #expect(try await store.deliveries(matching: OutboxQuery(states: [.dead])).isEmpty)
    }

    /// The real cause of "database is locked" beside other processes: a statement left on a row kept a
    /// read transaction (a WAL snapshot) open — `PRAGMA user_version` from opening the store, the
    /// worker's "when is the next notice due" before it sleeps. Once another connection committed, the
    /// next write on that stale snapshot failed at once with SQLITE_BUSY_SNAPSHOT, which no busy
    /// timeout can wait out.
    @Test func writesSucceedAfterAnotherConnectionCommitsWhileThisOneWaited() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID()).sqlite").path
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
