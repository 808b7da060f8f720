import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// The behaviour every `OutboxStore` must show: idempotency keys, cancelling pending notices, claims and
/// leases (expiry, release, an unknown outcome), attempts and parts, rate budgets and pauses, dead notices and
/// retries, and any number of claimers on separate instances never claiming one notice twice.
public enum OutboxContract {
    public static let cases: [StoreContract] = [
        StoreContract("sameKeyIsNeverEnqueuedTwice") { try await OutboxCases().sameKeyIsNeverEnqueuedTwice($0) },
        StoreContract("cancelledKeysMayBeEnqueuedAgain") { try await OutboxCases().cancelledKeysMayBeEnqueuedAgain($0) },
        StoreContract("cancellingOneKeyCancelsOnlyThatPendingDelivery") { try await OutboxCases().cancellingOneKeyCancelsOnlyThatPendingDelivery($0) },
        StoreContract("claimsHandEachDueDeliveryToOneWorker") { try await OutboxCases().claimsHandEachDueDeliveryToOneWorker($0) },
        StoreContract("startedThenSentIsLoggedWithItsOutcome") { try await OutboxCases().startedThenSentIsLoggedWithItsOutcome($0) },
        StoreContract("partsAreSentInOrderAndRememberedAcrossClaims") { try await OutboxCases().partsAreSentInOrderAndRememberedAcrossClaims($0) },
        StoreContract("anExpiredLeaseWithAStartedAttemptIsAnUnknownOutcome") { try await OutboxCases().anExpiredLeaseWithAStartedAttemptIsAnUnknownOutcome($0) },
        StoreContract("leasesOfGoneWorkersCanBeEndedAtOnce") { try await OutboxCases().leasesOfGoneWorkersCanBeEndedAtOnce($0) },
        StoreContract("releasingLeasesReturnsDeliveriesAndMarksOpenAttemptsUnknown") { try await OutboxCases().releasingLeasesReturnsDeliveriesAndMarksOpenAttemptsUnknown($0) },
        StoreContract("theRateBudgetIsReadFromTheLog") { try await OutboxCases().theRateBudgetIsReadFromTheLog($0) },
        StoreContract("theBudgetCountsFromTheReplyPlusTheMargin") { try await OutboxCases().theBudgetCountsFromTheReplyPlusTheMargin($0) },
        StoreContract("aRefusalForRateSlowsTheBotsBudgetForTheNextWindows") { try await OutboxCases().aRefusalForRateSlowsTheBotsBudgetForTheNextWindows($0) },
        StoreContract("aPauseHoldsEveryNoticeToTheBotAndNotBeforeIsKept") { try await OutboxCases().aPauseHoldsEveryNoticeToTheBotAndNotBeforeIsKept($0) },
        StoreContract("deadDeliveriesCanBeRetried") { try await OutboxCases().deadDeliveriesCanBeRetried($0) },
        StoreContract("queueListsByStateAndTarget") { try await OutboxCases().queueListsByStateAndTarget($0) },
        StoreContract("claimersOnSeparateInstancesNeverClaimTheSameNotice", needsSecondInstance: true) {
            try await OutboxCases().claimersOnSeparateInstancesNeverClaimTheSameNotice($0)
        },
    ]
}

struct OutboxCases {
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

    func sameKeyIsNeverEnqueuedTwice(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.enqueue([entry("reminder:e1:a"), entry("reminder:e1:b")], at: now) == 2)
        #expect(try await store.enqueue([entry("reminder:e1:a")], at: now) == 0)
        #expect(try await store.deliveries(keyPrefix: "reminder:e1:").map(\.key) == ["reminder:e1:a", "reminder:e1:b"])
        #expect(try await store.stateCounts() == [.pending: 2])
    }

    func cancelledKeysMayBeEnqueuedAgain(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        _ = try await store.enqueue([entry("reminder:e1:a"), entry("reminder:e2:a")], at: now)
        #expect(try await store.cancelPending(keyPrefix: "reminder:e1:", at: now) == 1)
        #expect(try await store.deliveries(keyPrefix: "reminder:").map(\.key) == ["reminder:e2:a"])
        #expect(try await store.enqueue([entry("reminder:e1:a")], at: now) == 1)
        #expect(try await store.stateCounts() == [.pending: 2, .cancelled: 1])
    }

    /// Exactly the key: not a longer key it is a prefix of, and not a delivery in flight or sent.
    func cancellingOneKeyCancelsOnlyThatPendingDelivery(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func claimsHandEachDueDeliveryToOneWorker(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func startedThenSentIsLoggedWithItsOutcome(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func partsAreSentInOrderAndRememberedAcrossClaims(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func anExpiredLeaseWithAStartedAttemptIsAnUnknownOutcome(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func leasesOfGoneWorkersCanBeEndedAtOnce(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        _ = try await store.enqueue([entry("k1")], at: now)
        _ = try await claim(store, owner: "host/1/a")
        #expect(try await claim(store, owner: "host/2/b").isEmpty)
        #expect(try await store.expireLeases(owners: ["host/1/a"], at: now) == 1)
        #expect(try await claim(store, owner: "host/2/b").count == 1)
    }

    func releasingLeasesReturnsDeliveriesAndMarksOpenAttemptsUnknown(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        _ = try await store.enqueue([entry("k1"), entry("k2")], at: now)
        let claimed = try await claim(store)
        _ = try started(try await store.apply([start(claimed[0])], at: now).first)
        #expect(try await store.releaseLeases(owner: "w1", at: now) == 2)
        #expect(try await store.stateCounts() == [.pending: 2])
        #expect(try await store.attempts(matching: DeliveryLogQuery()).map(\.outcome) == [.unknown])
        #expect(try await store.leaseOwners().isEmpty)
    }

    func theRateBudgetIsReadFromTheLog(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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
    func theBudgetCountsFromTheReplyPlusTheMargin(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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
    func aRefusalForRateSlowsTheBotsBudgetForTheNextWindows(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func aPauseHoldsEveryNoticeToTheBotAndNotBeforeIsKept(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func deadDeliveriesCanBeRetried(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
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

    func queueListsByStateAndTarget(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        _ = try await store.enqueue(
            [entry("a", target: "甲"), entry("b", due: now.addingTimeInterval(10), target: "乙")], at: now)
        #expect(try await store.deliveries(matching: OutboxQuery(target: "乙")).map(\.key) == ["b"])
        #expect(try await store.deliveries(matching: OutboxQuery(limit: 1)).map(\.key) == ["a"])
        #expect(try await store.deliveries(matching: OutboxQuery(states: [.dead])).isEmpty)
    }

    /// Four workers, each with its own instance (connection) on one database, drain 10,000 due notices at the
    /// same time: every notice is claimed exactly once, and every worker takes part.
    func claimersOnSeparateInstancesNeverClaimTheSameNotice(_ database: StoreDatabase) async throws {
        let openAnother = try #require(database.openAnother, "the store cannot open a second instance on a database")
        let setup = try await database.migrated()
        let claimers = 4, notices = 10_000, now = self.now
        let bots = (0..<claimers).map { BotIdentity(rawValue: String(repeating: "b\($0)", count: 12)) }
        let entries = (0..<notices).map { index in
            OutboxEntry(
                key: "reminder:e\(index):a", notice: .fixtureReminder(), target: "群\(index % claimers)",
                bot: bots[index % claimers], dueAt: now)
        }
        #expect(try await setup.enqueue(entries, at: now) == notices)

        let claimed = try await withThrowingTaskGroup(of: [OutboxDelivery.ID].self) { group in
            for worker in 0..<claimers {
                group.addTask {
                    let store = try await openAnother()
                    var mine: [OutboxDelivery.ID] = []
                    while true {
                        let batch = try await store.claimDue(
                            ClaimRequest(
                                owner: "worker-\(worker)", limit: 37, now: now, leaseUntil: now.addingTimeInterval(600)))
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
        #expect(every.count == notices)
        #expect(Set(every).count == notices, "a notice was claimed by two workers")
        #expect(claimed.allSatisfy { !$0.isEmpty }, "every claimer should have taken part: \(claimed.map(\.count))")
        #expect(try await setup.leaseOwners().sorted() == (0..<claimers).map { "worker-\($0)" })
        #expect(try await setup.stateCounts() == [.inFlight: notices])
    }
}
