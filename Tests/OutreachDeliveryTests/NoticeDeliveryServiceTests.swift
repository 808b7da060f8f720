import CurlTransport
import Foundation
import InMemoryLogging
import Logging
import OutreachCore
import OutreachDelivery
import OutreachSQLite
import OutreachTestSupport
import ServiceLifecycleTestKit
import Testing

/// The worker against the fake platforms over real HTTP and libcurl, with a test clock.
@Suite(.timeLimit(.minutes(2)))
struct NoticeDeliveryServiceTests {
    /// Everything one test needs; `clock.date` is the wall clock of the worker and of the fake platforms.
    final class Setup: Sendable {
        let clock = TestClock(start: Timestamp.date(from: "2027-03-08T02:00:00Z")!)  // 10:00 in Shanghai
        let server: FakePlatformServer
        let store: any OutreachStore
        let transport: CurlNoticeTransport
        let logs = LogCapture()
        /// A database file, as users have it: the worker then writes the steps that need no decision to its journal.
        let folder = NSTemporaryDirectory() + "outreach-delivery-\(UUID().uuidString)"

        init() async throws {
            let clock = self.clock
            server = try FakePlatformServer(now: { clock.date })
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            store = try SQLiteFactory().open(folder + "/outreach.sqlite")
            try await store.migrate()
            transport = CurlNoticeTransport(
                configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(20), proxy: .disabled))
        }

        func target(_ name: String, _ kind: NotifyTarget.Kind, _ path: String, rate: [RateWindow]? = nil) -> NotifyTarget {
            NotifyTarget(
                name: name, kind: kind, endpoint: (try? WebhookEndpoint.make(kind: kind, value: server.url(path)).get())!,
                keyword: kind == .dingtalk ? "宣传" : nil, rateOverride: rate)
        }

        func service(_ configuration: NotifyConfiguration, once: Bool = true, grace: Duration = .seconds(10)) -> NoticeDeliveryService {
            let clock = self.clock
            return NoticeDeliveryService(
                outbox: store, campaigns: nil, transport: transport, configuration: configuration,
                options: .init(owner: "test/1/a", concurrency: 8, gracePeriod: grace, once: once), clock: clock,
                now: { clock.date }, logger: logs.logger())
        }

        /// Runs one `--once` pass and returns its statistics.
        @discardableResult
        func runOnce(_ configuration: NotifyConfiguration) async throws -> DeliveryStatistics.Counts {
            let service = service(configuration)
            try await service.deliver(until: StopSignal())
            return service.statistics.current
        }

        func enqueue(_ count: Int, to target: NotifyTarget, notice: Notice = .fixtureReminder(), prefix: String = "n") async throws {
            let entries = (0..<count).map {
                OutboxEntry(
                    key: "\(prefix):\($0):\(target.name)", notice: notice, target: target.name,
                    bot: target.endpoint.botIdentity, dueAt: clock.date)
            }
            _ = try await store.enqueue(entries, at: clock.date)
        }

        func shutdown() async {
            await transport.shutdown()
            server.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    func configuration(_ targets: NotifyTarget...) -> NotifyConfiguration {
        NotifyConfiguration(targets: targets, quietHours: nil)
    }

    @Test func aBurstOf25WeComNoticesWaitsForTheBudgetInsteadOfFailing() async throws {
        let setup = try await Setup()
        setup.server.addWeCom(key: "wk")
        let wecom = setup.target("企业微信群", .wecom, "/cgi-bin/webhook/send?key=wk")
        try await setup.enqueue(25, to: wecom)
        let first = try await setup.runOnce(configuration(wecom))
        #expect(first.sent == 20)
        #expect(first.deferred == 5)
        #expect(try await setup.store.stateCounts() == [.sent: 20, .pending: 5])
        let waiting = try await setup.store.deliveries(matching: OutboxQuery(states: [.pending]))
        // The window plus the safety margin (5 % of 60 s): the platform counts arrivals, not our starts.
        #expect(waiting.allSatisfy { $0.nextAttemptAt == setup.clock.date.addingTimeInterval(63) })
        setup.clock.advance(by: .seconds(63))
        let second = try await setup.runOnce(configuration(wecom))
        #expect(second.sent == 5)
        #expect(try await setup.store.stateCounts() == [.sent: 25])
        // WeCom never had to say 45009.
        #expect(setup.server.deliveries.count == 25)
        #expect(setup.server.deliveries.allSatisfy { $0.code == 0 })
        await setup.shutdown()
    }

    /// Issue 9: a platform that counts arrivals strictly never refuses a bot kept at its budget, even
    /// when some requests reach its counter late (here every other one, 0.4 s after it was sent). Real
    /// time: the worker runs until everything is sent, about three windows of 2 s plus margins.
    @Test func aBotAtItsBudgetIsNeverRefusedByAStrictWindowThatCountsArrivals() async throws {
        let setup = try await Setup()
        let server = try FakePlatformServer(now: { Date() })
        defer { server.stop() }
        server.addWeCom(key: "strict")
        server.setWeComWindow(count: 5, period: 2)
        server.setCountingDelay { $0.isMultiple(of: 2) ? .milliseconds(400) : .zero }
        let wecom = NotifyTarget(
            name: "严格群", kind: .wecom,
            endpoint: try WebhookEndpoint.make(kind: .wecom, value: server.url("/cgi-bin/webhook/send?key=strict")).get(),
            rateOverride: [RateWindow(count: 5, period: .seconds(2))])
        let total = 15
        let entries = (0..<total).map {
            OutboxEntry(key: "strict:\($0)", notice: .fixtureReminder(), target: wecom.name, bot: wecom.endpoint.botIdentity, dueAt: Date())
        }
        _ = try await setup.store.enqueue(entries, at: Date())
        let service = NoticeDeliveryService(
            outbox: setup.store, campaigns: nil, transport: setup.transport, configuration: configuration(wecom),
            options: .init(owner: "test/1/strict", concurrency: 8, pollInterval: .milliseconds(200)), clock: ContinuousClock(),
            now: { Date() }, logger: setup.logs.logger())
        let stop = StopSignal()
        let worker = Task { try await service.deliver(until: stop) }
        let deadline = Date().addingTimeInterval(60)
        while try await setup.store.stateCounts()[.sent, default: 0] < total, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        stop.set()
        try await worker.value
        #expect(try await setup.store.stateCounts() == [.sent: total])
        let refused = server.deliveries.filter { $0.code != 0 }
        #expect(refused.isEmpty, "refused: \(refused.map(\.code))")
        #expect(server.deliveries.count == total)
        await setup.shutdown()
    }

    /// Arrivals are answered with the next notices on the transport's thread, failures among them go to the loop:
    /// every notice ends where it should, and the log holds one finished attempt per send, none left open.
    @Test func arrivalsAndFailuresInterleavedEachEndOnceInTheLog() async throws {
        let setup = try await Setup()
        setup.server.addWeCom(key: "wk")
        setup.server.setEnforcesRateLimits(false)
        // No budget (as `rate: unlimited`): every start needs no decision from the store.
        let wecom = setup.target("企业微信群", .wecom, "/cgi-bin/webhook/send?key=wk", rate: [])
        try await setup.enqueue(300, to: wecom)
        let ok = FakeWebhookServer.Action.json(#"{"errcode":0,"errmsg":"ok"}"#)
        let busy = FakeWebhookServer.Action.json(#"{"errcode":-1,"errmsg":"system busy"}"#)
        // Among the first 90 requests every third is refused as busy (retried later); the rest arrive.
        setup.server.override(next: (0..<90).map { $0 % 3 == 0 ? busy : ok })
        let first = try await setup.runOnce(configuration(wecom))
        #expect(first.sent == 270)
        #expect(first.retried == 30)
        var log = try await setup.store.attempts(matching: DeliveryLogQuery())
        #expect(log.count == 300)
        #expect(log.filter { $0.outcome == .sent }.count == 270)
        #expect(log.filter { $0.outcome == .transient && $0.platformCode == "-1" }.count == 30)
        #expect(log.allSatisfy { $0.outcome != nil && $0.finishedAt != nil }, "an attempt left open")
        #expect(try await setup.store.stateCounts() == [.sent: 270, .failed: 30])

        setup.clock.advance(by: .seconds(6))
        #expect(try await setup.runOnce(configuration(wecom)).sent == 30)
        log = try await setup.store.attempts(matching: DeliveryLogQuery())
        #expect(log.count == 330)
        #expect(Set(log.filter { $0.outcome == .sent }.map(\.delivery)).count == 300, "a notice sent twice or not at all")
        #expect(try await setup.store.stateCounts() == [.sent: 300])
        #expect(setup.server.deliveries.count == 330)
        await setup.shutdown()
    }

    @Test func errorsInsideHTTP200AreDeadLetteredOrRetriedByTheirCode() async throws {
        let setup = try await Setup()
        setup.server.addWeCom(key: "wk")
        let wrongKey = setup.target("错误群", .wecom, "/cgi-bin/webhook/send?key=wrong-key-123")
        try await setup.enqueue(1, to: wrongKey, prefix: "bad")
        let counts = try await setup.runOnce(configuration(wrongKey))
        #expect(counts.dead == 1)
        let log = try #require(try await setup.store.attempts(matching: DeliveryLogQuery()).first)
        #expect(log.outcome == .permanent)
        #expect(log.httpStatus == 200)
        #expect(log.platformCode == "93000")
        #expect(log.message?.contains("Check the target's key (key_env or the secrets file)") == true)
        #expect(log.message?.contains("wrong-key-123") == false)

        // errcode -1 (system busy) inside HTTP 200: retried later, then delivered.
        let wecom = setup.target("企业微信群", .wecom, "/cgi-bin/webhook/send?key=wk")
        setup.server.override(next: .json(#"{"errcode":-1,"errmsg":"system busy"}"#))
        try await setup.enqueue(1, to: wecom, prefix: "busy")
        let busy = try await setup.runOnce(configuration(wecom))
        #expect(busy.retried == 1)
        let failed = try #require(try await setup.store.deliveries(matching: OutboxQuery(states: [.failed])).first)
        #expect(failed.failures == 1)
        #expect(failed.nextAttemptAt <= setup.clock.date.addingTimeInterval(5))
        setup.clock.advance(by: .seconds(6))
        #expect(try await setup.runOnce(configuration(wecom)).sent == 1)
        #expect(try await setup.store.delivery(failed.id)?.state == .sent)
        await setup.shutdown()
    }

    @Test func aThrottledDingTalkBotIsLeftAloneForTenMinutes() async throws {
        let setup = try await Setup()
        setup.server.addDingTalk(token: "dt", bot: .init(keywords: ["宣传"]))
        let ding = setup.target("钉钉群", .dingtalk, "/robot/send?access_token=dt")
        setup.server.override(next: .json(#"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#))
        try await setup.enqueue(1, to: ding, prefix: "first")
        #expect(try await setup.runOnce(configuration(ding)).retried == 1)
        let failed = try #require(try await setup.store.deliveries(matching: OutboxQuery(states: [.failed])).first)
        #expect(failed.nextAttemptAt >= setup.clock.date.addingTimeInterval(600))
        // Another notice to the same bot waits for the pause too.
        try await setup.enqueue(1, to: ding, prefix: "second")
        let held = try await setup.runOnce(configuration(ding))
        #expect(held.deferred == 1)
        #expect(setup.server.deliveries.count == 1)
        setup.clock.advance(by: .seconds(601))
        #expect(try await setup.runOnce(configuration(ding)).sent == 2)
        await setup.shutdown()
    }

    @Test func retryAfterIsHonoured() async throws {
        let setup = try await Setup()
        setup.server.addSlack(path: "/services/T1/B2/X3")
        let slack = setup.target("Slack", .slack, "/services/T1/B2/X3")
        setup.server.override(next: .respond(status: 429, headers: [(name: "Retry-After", value: "120")], body: Array("rate_limited".utf8)))
        try await setup.enqueue(1, to: slack)
        #expect(try await setup.runOnce(configuration(slack)).retried == 1)
        let failed = try #require(try await setup.store.deliveries(matching: OutboxQuery(states: [.failed])).first)
        #expect(failed.nextAttemptAt >= setup.clock.date.addingTimeInterval(120))
        setup.clock.advance(by: .seconds(119))
        #expect(try await setup.runOnce(configuration(slack)).sent == 0)
        setup.clock.advance(by: .seconds(2))
        #expect(try await setup.runOnce(configuration(slack)).sent == 1)
        await setup.shutdown()
    }

    @Test func splitPartsGoInOrderEachCountedAsASend() async throws {
        let setup = try await Setup()
        setup.server.addWeCom(key: "wk")
        let wecom = setup.target("企业微信群", .wecom, "/cgi-bin/webhook/send?key=wk")
        try await setup.enqueue(1, to: wecom, notice: .fixtureDigest(count: 60))
        #expect(try await setup.runOnce(configuration(wecom)).sent == 1)
        let bodies = setup.server.deliveries.map(\.request.bodyText)
        #expect(bodies.count > 1)
        for (index, body) in bodies.enumerated() {
            #expect(body.contains("(\(index + 1)/\(bodies.count))"))
        }
        let log = try await setup.store.attempts(matching: DeliveryLogQuery())
        #expect(log.map(\.part) == Array((1...bodies.count).reversed()))
        #expect(log.allSatisfy { $0.outcome == .sent && $0.partCount == bodies.count })
        await setup.shutdown()
    }

    @Test func shutdownCancelsStalledSendsAndReturnsTheirNotices() async throws {
        let setup = try await Setup()
        setup.server.setWebhookSecret(nil)
        let hook = setup.target("接收器", .webhook, "/hook")
        setup.server.override(next: .stall(.seconds(60)))
        try await setup.enqueue(1, to: hook)
        let service = setup.service(configuration(hook), once: false, grace: .zero)
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                await setup.server.http.waitForRequests(1)
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let delivery = try #require(try await setup.store.deliveries(matching: OutboxQuery(states: [.pending])).first)
        #expect(delivery.attempts == 1)
        let log = try await setup.store.attempts(matching: DeliveryLogQuery())
        #expect(log.map(\.outcome) == [.unknown])
        #expect(try await setup.store.leaseOwners().isEmpty)
        // A restarted worker sends it again: its earlier outcome is unknown.
        #expect(try await setup.runOnce(configuration(hook)).sent == 1)
        await setup.shutdown()
    }

    /// Seven of the eight slots held by sends that never get an answer: the eighth keeps delivering the rest one
    /// by one, instead of waiting for a group of ends that cannot come until a stall times out.
    @Test func stalledSendsHoldOnlyTheirOwnSlots() async throws {
        let setup = try await Setup()
        setup.server.setWebhookSecret(nil)
        let hook = setup.target("接收器", .webhook, "/hook")
        setup.server.override(next: .stall(.seconds(60)), .stall(.seconds(60)), .stall(.seconds(60)), .stall(.seconds(60)),
            .stall(.seconds(60)), .stall(.seconds(60)), .stall(.seconds(60)))
        try await setup.enqueue(20, to: hook)
        let service = setup.service(configuration(hook), once: false, grace: .zero)
        let arrived = try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await service.run(); return true }
                // Every answered send recorded as sent, within 10 s (a stall lasts 60).
                var arrived = false
                for _ in 0..<1000 where !arrived {
                    arrived = try await setup.store.stateCounts()[.sent] == 13
                    if !arrived { try await Task.sleep(for: .milliseconds(10)) }
                }
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
                return arrived
            }
        }
        #expect(arrived, "the 13 answered sends were not all sent within 10 s beside 7 stalled ones")
        #expect(try await setup.store.stateCounts() == [.sent: 13, .pending: 7])
        await setup.shutdown()
    }

    @Test func shutdownLetsQuickSendsFinish() async throws {
        let setup = try await Setup()
        setup.server.setWebhookSecret(nil)
        let hook = setup.target("接收器", .webhook, "/hook")
        setup.server.override(next: .delay(.milliseconds(200), then: .respond(status: 204, headers: [], body: [])))
        try await setup.enqueue(1, to: hook)
        let service = setup.service(configuration(hook), once: false, grace: .seconds(30))
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                await setup.server.http.waitForRequests(1)
                shutdown.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(try await setup.store.stateCounts() == [.sent: 1])
        await setup.shutdown()
    }

    @Test func secretsNeverReachTheLogs() async throws {
        let setup = try await Setup()
        setup.server.addDingTalk(token: "dt-secret-token", bot: .init(secret: "SECright0123456789abcdefgh", keywords: ["宣传"]))
        var ding = setup.target("钉钉群", .dingtalk, "/robot/send?access_token=dt-secret-token")
        ding.signing = SigningSecret(text: "SECwrong0123456789abcdefgh")
        try await setup.enqueue(1, to: ding)
        #expect(try await setup.runOnce(configuration(ding)).dead == 1)
        let lines = setup.logs.lines
        #expect(lines.contains { $0.contains("Gave up") && $0.contains("310000") })
        for secret in ["dt-secret-token", "SECwrong0123456789abcdefgh"] {
            #expect(!lines.contains { $0.contains(secret) })
            let log = try await setup.store.attempts(matching: DeliveryLogQuery())
            #expect(!log.contains { $0.message?.contains(secret) == true })
        }
        await setup.shutdown()
    }

    @Test func theDailyDigestIsMadeOnceADayAtItsTime() async throws {
        let setup = try await Setup()
        setup.server.setWebhookSecret(nil)
        try await setup.store.replaceReferenceData(.fixture(), at: setup.clock.date)
        let event = Event(
            id: "e1", campaign: "c1", title: BilingualName(zh: "防诈骗讲座"), channel: "community-event", venue: "community-1",
            branch: "east", timing: .timed(start: LocalDateTime("2027-03-09 14:30")!, end: LocalDateTime("2027-03-09 16:00")!))
        let campaign = Campaign(
            id: "c1", title: BilingualName(zh: "活动"), kind: "households", start: LocalDate("2027-03-01")!, end: LocalDate("2027-03-31")!,
            owner: "city", branches: ["east"], segments: [], channels: ["community-event"], events: [event])
        _ = try await setup.store.importCampaigns([campaign], sources: [:], at: setup.clock.date)
        let hook = setup.target("接收器", .webhook, "/hook")
        let clock = setup.clock
        func run() async throws -> DeliveryStatistics.Counts {
            let service = NoticeDeliveryService(
                outbox: setup.store, campaigns: setup.store, transport: setup.transport, configuration: configuration(hook),
                options: .init(owner: "test/1/a", once: true), clock: clock, now: { clock.date }, logger: setup.logs.logger())
            try await service.deliver(until: StopSignal())
            return service.statistics.current
        }
        // 10:00 on 03-08: today's digest has no events for the target; none is queued.
        #expect(try await run().sent == 0)
        // 08:00 the next day: the digest of 03-09 goes out, once.
        clock.advance(by: .seconds(22 * 3600))
        #expect(try await run().sent == 1)
        #expect(try await run().sent == 0)
        let digest = try #require(try await setup.store.deliveries(matching: OutboxQuery(states: [.sent])).first)
        #expect(digest.key == "digest:2027-03-09:接收器")
        await setup.shutdown()
    }
}

/// Log lines kept in memory by swift-log's `InMemoryLogHandler`, read as text for assertions.
struct LogCapture: Sendable {
    private let handler: InMemoryLogHandler = {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        return handler
    }()

    /// Each entry as "level message key=value …", the keys sorted.
    var lines: [String] {
        handler.entries.map { entry in
            "\(entry.level) \(entry.message) \(entry.metadata.map { "\($0)=\($1)" }.sorted().joined(separator: " "))"
        }
    }

    func logger() -> Logger {
        let handler = self.handler
        return Logger(label: "test") { _ in handler }
    }
}

/// An outbox that hands every call to `inner`; a test's wrapper changes only the calls it is about.
protocol ForwardingOutbox: OutboxStore {
    var inner: any OutboxStore { get }
}

extension ForwardingOutbox {
    func migrate() async throws { try await inner.migrate() }
    func enqueue(_ entries: [OutboxEntry], at now: Date) async throws -> Int { try await inner.enqueue(entries, at: now) }
    func claimDue(_ request: ClaimRequest) async throws -> [ClaimedDelivery] { try await inner.claimDue(request) }
    func cancelPending(keyPrefix: String, at now: Date) async throws -> Int { try await inner.cancelPending(keyPrefix: keyPrefix, at: now) }
    func cancelPending(key: String, at now: Date) async throws -> Int { try await inner.cancelPending(key: key, at: now) }
    func deliveries(keyPrefix: String) async throws -> [OutboxDelivery] { try await inner.deliveries(keyPrefix: keyPrefix) }
    func apply(_ steps: [AttemptStep], at now: Date) async throws -> [AttemptStepResult] { try await inner.apply(steps, at: now) }
    func releaseLeases(owner: String, at now: Date) async throws -> Int { try await inner.releaseLeases(owner: owner, at: now) }
    func leaseOwners() async throws -> [String] { try await inner.leaseOwners() }
    func expireLeases(owners: [String], at now: Date) async throws -> Int { try await inner.expireLeases(owners: owners, at: now) }
    func nextDueTime() async throws -> Date? { try await inner.nextDueTime() }
    func deliveries(matching query: OutboxQuery) async throws -> [OutboxDelivery] { try await inner.deliveries(matching: query) }
    func delivery(_ id: OutboxDelivery.ID) async throws -> OutboxDelivery? { try await inner.delivery(id) }
    func attempts(matching query: DeliveryLogQuery) async throws -> [DeliveryAttempt] { try await inner.attempts(matching: query) }
    func retry(_ id: OutboxDelivery.ID, at now: Date) async throws -> OutboxDelivery { try await inner.retry(id, at: now) }
    func retryAllDead(at now: Date) async throws -> Int { try await inner.retryAllDead(at: now) }
    func stateCounts() async throws -> [OutboxDelivery.State: Int] { try await inner.stateCounts() }
    func openJournal(owner: String) throws -> (any OutboxJournal)? { try inner.openJournal(owner: owner) }
}

/// The outbox, except that right after each claim the clock moves on by `wait` and another worker takes what was
/// claimed (as if the claim had waited that long behind stalled sends and its lease had run out).
final class ClaimTakenMeanwhile: ForwardingOutbox {
    let inner: any OutboxStore
    let clock: TestClock
    let wait: Duration

    init(_ inner: any OutboxStore, clock: TestClock, wait: Duration) {
        self.inner = inner
        self.clock = clock
        self.wait = wait
    }

    func claimDue(_ request: ClaimRequest) async throws -> [ClaimedDelivery] {
        let claimed = try await inner.claimDue(request)
        guard !claimed.isEmpty else { return claimed }
        clock.advance(by: wait)
        _ = try await inner.expireLeases(owners: [request.owner], at: clock.date)
        _ = try await inner.claimDue(
            ClaimRequest(owner: "other/2/b", limit: claimed.count, now: clock.date, leaseUntil: clock.date.addingTimeInterval(300)))
        return claimed
    }

}

extension NoticeDeliveryServiceTests {
    /// The journal does not ask the store whether the worker still holds a notice, so a start goes to it only while
    /// the claim's lease has half its time left. A claim that waited 6 s of a 10 s lease goes through the store,
    /// which sees that another worker took the notices meanwhile: none is sent. After 1 s, the journal takes them.
    @Test(arguments: [(wait: 6, sent: 0), (wait: 1, sent: 3)])
    func aStartWhoseLeaseIsHalfGoneAsksTheStore(wait: Int, sent: Int) async throws {
        let setup = try await Setup()
        setup.server.addWeCom(key: "lease")
        let wecom = setup.target("租约群", .wecom, "/cgi-bin/webhook/send?key=lease", rate: [])
        try await setup.enqueue(3, to: wecom)
        let clock = setup.clock
        let service = NoticeDeliveryService(
            outbox: ClaimTakenMeanwhile(setup.store, clock: clock, wait: .seconds(wait)), campaigns: nil, transport: setup.transport,
            configuration: configuration(wecom), options: .init(owner: "test/1/a", concurrency: 8, lease: .seconds(10), once: true),
            clock: clock, now: { clock.date }, logger: setup.logs.logger())
        try await service.deliver(until: StopSignal())
        #expect(setup.server.deliveries.count == sent)
        if sent == 0 {
            // Still the other worker's, untouched.
            #expect(try await setup.store.leaseOwners() == ["other/2/b"])
            #expect(try await setup.store.attempts(matching: DeliveryLogQuery()).isEmpty)
        }
        await setup.shutdown()
    }
}

/// The outbox, except that a worker running beside claims what is queued the moment it is queued, and reports it
/// sent 0.2 s later.
final class ClaimedByAWorkerBeside: ForwardingOutbox {
    let inner: any OutboxStore
    let now: @Sendable () -> Date

    init(_ inner: any OutboxStore, now: @escaping @Sendable () -> Date) {
        self.inner = inner
        self.now = now
    }

    func enqueue(_ entries: [OutboxEntry], at time: Date) async throws -> Int {
        let added = try await inner.enqueue(entries, at: time)
        let claimed = try await inner.claimDue(
            ClaimRequest(owner: "worker/2/b", limit: 100, now: time, leaseUntil: time.addingTimeInterval(300)))
        let (inner, now) = (self.inner, self.now)
        Task {
            try await Task.sleep(for: .milliseconds(200))
            for delivery in claimed.map(\.delivery) {
                let begun = try await inner.apply(
                    [.begin(AttemptStart(
                        delivery: delivery.id, owner: "worker/2/b", part: 1, partCount: 1, target: delivery.target, bot: delivery.bot,
                        windows: [], notBefore: now(), leaseUntil: now().addingTimeInterval(300)))], at: now())
                guard case .started(let attempt) = begun.first else { continue }
                _ = try await inner.apply(
                    [.finish(AttemptFinish(
                        attempt: attempt, delivery: delivery.id, owner: "worker/2/b", bot: delivery.bot, part: 1,
                        report: AttemptReport(outcome: .sent, httpStatus: 200, message: OutboxJournalRecord.sentMessage),
                        next: .sent))], at: now())
            }
        }
        return added
    }

}

extension NoticeDeliveryServiceTests {
    /// `notify test` beside a running worker: the worker claimed the test notice first and sent it. The command
    /// waits for that outcome instead of reporting the notice as not delivered.
    @Test func sendingNowReportsWhatAWorkerBesideDidWithTheNotice() async throws {
        let setup = try await Setup()
        setup.server.addWeCom(key: "beside")
        let wecom = setup.target("旁边群", .wecom, "/cgi-bin/webhook/send?key=beside", rate: [])
        let clock = setup.clock
        let entry = OutboxEntry(
            key: "manual:x:旁边群", notice: .fixtureReminder(), target: wecom.name, bot: wecom.endpoint.botIdentity, dueAt: clock.date)
        let result = try await NoticeDeliveryService.sendNow(
            [entry], keyPrefix: "manual:x:", outbox: ClaimedByAWorkerBeside(setup.store, now: { clock.date }),
            transport: setup.transport, configuration: configuration(wecom), owner: "test/1/now", clock: clock,
            now: { clock.date }, logger: setup.logs.logger())
        #expect(result.deliveries.map(\.state) == [.sent])
        #expect(result.attempts.values.flatMap { $0 }.map(\.outcome) == [.sent])
        #expect(setup.server.deliveries.isEmpty)  // sent by the other worker (here, by hand), not twice
        await setup.shutdown()
    }
}
