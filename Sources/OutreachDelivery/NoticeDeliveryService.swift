import Foundation
import Logging
import OutreachCore
import ServiceLifecycle
import Synchronization

/// The delivery worker: claims due notices from the outbox, sends them over a ``NoticeTransport``
/// (many at once), and records every attempt, as a swift-service-lifecycle `Service`.
///
/// - Per bot, the rate budget is read from the delivery log in the transaction that records "attempt
///   started", so every process sending to one bot shares it; quiet hours and the Feishu :00/:30 rule
///   set the earliest send time; a notice that may not go yet returns to the queue with its time.
/// - Failures follow the ``RetryPolicy`` (exponential backoff with jitter, `Retry-After`, DingTalk's
///   10-minute pause, which holds every notice to that bot). Split parts go in order, each one a send.
/// - Crash safety: "attempt started" is committed before each send and the outcome after it. A worker
///   killed at any moment loses nothing: its leases expire (at once, when the next worker on the same
///   host sees the process is gone) and the notices are claimed again; a part is sent again only when
///   its earlier attempt has no outcome, which the log records as unknown.
/// - Graceful shutdown: it stops claiming, lets running transfers finish for ``Options/gracePeriod``,
///   then cancels them (their notices return to pending with the outcome recorded as unknown) and
///   releases its leases.
/// - The daily digest is made once a day at `notify.digest`, in the worker.
///
/// ```swift
/// let service = NoticeDeliveryService(outbox: store, campaigns: store, transport: transport,
///     configuration: notify, options: .init(owner: "host/42/x1"), clock: ContinuousClock(), now: { Date() }, logger: logger)
/// let group = ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public final class NoticeDeliveryService: Service, Sendable {
    /// How the worker runs.
    public struct Options: Sendable {
        /// This worker's lease owner name, unique among live workers: `host/pid/random`.
        public var owner: String
        /// Most sends at once. Default 32.
        public var concurrency: Int
        /// Notices claimed per transaction. Default 4 × concurrency.
        public var claimBatch: Int
        /// How long a claim is held without progress before another worker may take it. Default 60 s.
        public var lease: Duration
        /// How long running sends may take to finish after a shutdown signal. Default 10 s.
        public var gracePeriod: Duration
        /// Longest sleep between looks at the outbox when nothing is due. Default 30 s.
        public var pollInterval: Duration
        /// Send what is due now, then return (`outreach worker --once`).
        public var once: Bool
        public var retryPolicy: RetryPolicy
        /// Whether a lease owner is a worker that is gone (a crashed process on this host).
        public var isAbandoned: @Sendable (String) -> Bool
        /// Claim only notices whose key starts with this (sending one notice now, as `notify test` does).
        public var keyPrefix: String?

        public init(
            owner: String, concurrency: Int = 32, claimBatch: Int? = nil, lease: Duration = .seconds(60),
            gracePeriod: Duration = .seconds(10), pollInterval: Duration = .seconds(30), once: Bool = false,
            retryPolicy: RetryPolicy = RetryPolicy(), isAbandoned: @escaping @Sendable (String) -> Bool = { _ in false },
            keyPrefix: String? = nil
        ) {
            self.keyPrefix = keyPrefix
            self.owner = owner
            self.concurrency = max(1, concurrency)
            self.claimBatch = max(1, claimBatch ?? max(1, concurrency) * 4)
            self.lease = lease
            self.gracePeriod = gracePeriod
            self.pollInterval = pollInterval
            self.once = once
            self.retryPolicy = retryPolicy
            self.isAbandoned = isAbandoned
        }
    }

    let outbox: any OutboxStore
    let campaigns: (any CampaignStore)?
    let transport: any NoticeTransport
    let configuration: NotifyConfiguration
    let options: Options
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger
    /// What this worker did so far.
    public let statistics = DeliveryStatistics()
    private let digestDay = Mutex<LocalDate?>(nil)
    private let zone: ZoneConverter?
    private let masker: SecretMasker

    /// - Parameters:
    ///   - outbox: The outbox.
    ///   - campaigns: The events, for the daily digest; nil makes no digests.
    ///   - transport: Sends the requests.
    ///   - configuration: Targets, routes, quiet hours, digest time.
    ///   - options: How the worker runs.
    ///   - clock: Sleeps and timeouts.
    ///   - now: Wall-clock time for due times, signatures and the log.
    ///   - logger: Where the worker reports; no secret ever reaches it.
    public init(
        outbox: any OutboxStore, campaigns: (any CampaignStore)?, transport: any NoticeTransport,
        configuration: NotifyConfiguration, options: Options, clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.outbox = outbox
        self.campaigns = campaigns
        self.transport = transport
        self.configuration = configuration
        self.options = options
        self.clock = clock
        self.now = now
        self.logger = logger
        zone = ZoneConverter(identifier: configuration.timeZone) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone)
        masker = configuration.masker
    }

    public func run() async throws {
        let stop = StopSignal()
        try await withGracefulShutdownHandler {
            try await deliver(until: stop)
        } onGracefulShutdown: {
            stop.set()
        }
    }

    private struct GraceExpired: Error {}

    /// Delivers until `stop` is set (or, with ``Options/once``, until nothing is due), then releases
    /// every lease it holds.
    public func deliver(until stop: StopSignal) async throws {
        let owners = try await outbox.leaseOwners().filter { $0 != options.owner && options.isAbandoned($0) }
        if !owners.isEmpty {
            let expired = try await outbox.expireLeases(owners: owners, at: now())
            logger.info("Took over notices of stopped workers.", metadata: ["outbox.leases": "\(expired)"])
        }
        let committer = StepCommitter(store: outbox, now: now)
        let grace = options.gracePeriod
        let clock = self.clock
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.runLanes(stop: stop, committer: committer) }
                group.addTask {
                    await stop.wait()
                    try Task.checkCancellation()
                    try await clock.sleep(for: grace)
                    throw GraceExpired()
                }
                do {
                    try await group.next()
                    group.cancelAll()
                } catch is GraceExpired {
                    logger.warning("Sends still running after the grace period were cancelled.")
                    group.cancelAll()
                    while let _ = try? await group.next() {}
                }
            }
        } catch {
            _ = try? await outbox.releaseLeases(owner: options.owner, at: now())
            throw error
        }
        _ = try await outbox.releaseLeases(owner: options.owner, at: now())
    }

    /// Claims and sends with at most ``Options/concurrency`` sends running.
    private func runLanes(stop: StopSignal, committer: StepCommitter) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var buffer: [ClaimedDelivery] = []
            var head = 0
            var running = 0
            while true {
                if !stop.isSet, !Task.isCancelled, buffer.count - head < options.concurrency {
                    if options.keyPrefix == nil { try await enqueueDigestIfDue() }
                    let time = now()
                    let claimed = try await outbox.claimDue(
                        ClaimRequest(
                            owner: options.owner, limit: options.claimBatch, now: time,
                            leaseUntil: time.addingTimeInterval(options.lease.seconds), keyPrefix: options.keyPrefix))
                    if head > 0 {
                        buffer.removeFirst(head)
                        head = 0
                    }
                    buffer += claimed
                }
                while running < options.concurrency, head < buffer.count, !stop.isSet, !Task.isCancelled {
                    let claimed = buffer[head]
                    head += 1
                    running += 1
                    group.addTask { try await self.deliver(claimed, committer: committer) }
                }
                if running > 0 {
                    try await group.next()
                    running -= 1
                    continue
                }
                if stop.isSet || Task.isCancelled || options.once { return }
                await waitForWork(stop: stop)
            }
        }
    }

    /// Sleeps until the next notice is due, the next digest, the poll interval or the stop signal.
    private func waitForWork(stop: StopSignal) async {
        var delay = options.pollInterval
        let time = now()
        if let next = try? await outbox.nextDueTime() {
            delay = min(delay, .milliseconds(Int64(max(0, next.timeIntervalSince(time)) * 1000)))
        }
        if let digest = nextDigestTime(after: time) {
            delay = min(delay, .milliseconds(Int64(max(0, digest.timeIntervalSince(time)) * 1000)))
        }
        let pause = max(delay, .milliseconds(20))
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(for: pause) }
            group.addTask { await stop.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    // MARK: One delivery

    private func deliver(_ claimed: ClaimedDelivery, committer: StepCommitter) async throws {
        let delivery = claimed.delivery
        guard let target = configuration.target(named: delivery.target) else {
            try await finishWithoutTarget(delivery, committer: committer)
            return
        }
        let parts = NoticeRenderer.render(delivery.notice, for: target, deliveryID: delivery.key)
        var part = min(delivery.partsSent + 1, parts.count)
        var failures = delivery.failures
        let firstAttempt = claimed.firstAttemptAt ?? now()
        while true {
            let time = now()
            let notBefore = zone.map {
                SendWindow.adjustedSendTime(
                    max(time, delivery.dueAt), urgent: delivery.notice.urgent, quietHours: configuration.quietHours,
                    zone: $0, kind: target.kind)
            } ?? time
            let start = AttemptStart(
                delivery: delivery.id, owner: options.owner, part: part, partCount: parts.count, target: target.name,
                bot: target.endpoint.botIdentity, windows: target.rateWindows, notBefore: notBefore,
                leaseUntil: time.addingTimeInterval(options.lease.seconds))
            let attempt: Int64
            switch try await committer.submit(.begin(start)) {
            case .started(let id): attempt = id
            case .deferred(let until):
                statistics.record(.deferred)
                logger.debug(
                    "Deferred.",
                    metadata: [
                        "notice.id": "\(delivery.id)", "notice.target": "\(delivery.target)",
                        "notice.until": "\(Timestamp.string(from: until))",
                    ])
                return
            case .leaseLost, .finished:
                return
            }

            let request = DeliveryRequestBuilder.request(for: parts[part - 1], target: target, attempt: now())
            var response: HTTPResponse?
            var failure: TransportError?
            do {
                response = try await transport.send(request)
            } catch {
                failure = error
            }
            let outcome = DeliveryClassifier.classify(kind: target.kind, response: response, error: failure, masker: masker)
            let finished = now()
            let next: AttemptFinish.Next
            let interrupted = failure == .cancelled && Task.isCancelled
            switch outcome {
            case .sent:
                next = part < parts.count ? .nextPart : .sent
            case .transient, .permanent:
                if interrupted {
                    next = .pending(at: finished)
                } else {
                    var machine = DeliveryStateMachine(
                        policy: options.retryPolicy, firstAttempt: WallInstant(firstAttempt), attempts: failures)
                    var random = SystemRandomNumberGenerator()
                    switch machine.attemptFinished(outcome, at: WallInstant(finished), random: &random) {
                    case .done: next = .sent
                    case .retry(let at, let pause): next = .retry(at: at.date, pauseBotUntil: pause?.date)
                    case .dead: next = .dead
                    }
                }
                failures += 1
            }
            let message =
                outcome == .sent
                ? Self.sentMessage : masker.mask(Self.logMessage(outcome, .zh) + "\n" + Self.logMessage(outcome, .en))
            let report = AttemptReport(
                outcome: outcome.outcomeUnknown || interrupted ? .unknown : Self.logOutcome(outcome),
                httpStatus: response?.status, platformCode: outcome.failure?.platformCode, message: message,
                latency: response?.elapsed)
            _ = try await committer.submit(
                .finish(
                    AttemptFinish(
                        attempt: attempt, delivery: delivery.id, owner: options.owner, bot: target.endpoint.botIdentity,
                        part: part, report: report, next: next)))
            var metadata: Logger.Metadata {
                var metadata: Logger.Metadata = [
                    "notice.id": "\(delivery.id)", "notice.target": "\(delivery.target)", "notice.part": "\(part)/\(parts.count)",
                ]
                if let status = response?.status { metadata["http.status"] = "\(status)" }
                return metadata
            }
            switch next {
            case .nextPart:
                part += 1
                continue
            case .sent:
                statistics.record(.sent)
                logger.debug("Sent.", metadata: metadata)
            case .retry(let at, _):
                statistics.record(report.outcome == .unknown ? .unknown : .retried)
                logger.info(
                    "Will retry: \(outcome.message(.en))", metadata: metadata.merging(["notice.retry": "\(Timestamp.string(from: at))"]) { $1 })
            case .dead:
                statistics.record(.dead)
                logger.warning("Gave up: \(outcome.message(.en))", metadata: metadata)
            case .pending:
                statistics.record(.unknown)
                logger.info("Interrupted by shutdown; back in the queue.", metadata: metadata)
            }
            return
        }
    }

    /// The log's text for a delivered part.
    static let sentMessage = DeliveryOutcome.sent.message(.zh) + "\n" + DeliveryOutcome.sent.message(.en)

    /// The log's text for an outcome: what happened and, for permanent failures, what to fix. (Whether it
    /// is retried shows in the log's outcome and the queue.)
    static func logMessage(_ outcome: DeliveryOutcome, _ language: Language) -> String {
        switch outcome {
        case .sent, .permanent: outcome.message(language)
        case .transient(let failure, _, _): failure.message(language)
        }
    }

    private static func logOutcome(_ outcome: DeliveryOutcome) -> AttemptReport.Outcome {
        switch outcome {
        case .sent: .sent
        case .transient: .transient
        case .permanent: .permanent
        }
    }

    /// A notice for a target that is no longer configured goes to the dead letters, with a log entry.
    private func finishWithoutTarget(_ delivery: OutboxDelivery, committer: StepCommitter) async throws {
        let time = now()
        let start = AttemptStart(
            delivery: delivery.id, owner: options.owner, part: 1, partCount: 1, target: delivery.target,
            bot: delivery.bot, windows: [], notBefore: time, leaseUntil: time.addingTimeInterval(options.lease.seconds))
        guard case .started(let attempt) = try await committer.submit(.begin(start)) else { return }
        let message =
            "通知目标 '\(delivery.target)' 已不在配置中。请恢复该目标后运行 'outreach notify retry \(delivery.id)'。\n"
            + "The target '\(delivery.target)' is no longer configured. Restore it, then run 'outreach notify retry \(delivery.id)'."
        _ = try await committer.submit(
            .finish(
                AttemptFinish(
                    attempt: attempt, delivery: delivery.id, owner: options.owner, bot: delivery.bot, part: 1,
                    report: AttemptReport(outcome: .permanent, message: message), next: .dead)))
        statistics.record(.dead)
        logger.warning("Gave up: unknown target.", metadata: ["notice.id": "\(delivery.id)", "notice.target": "\(delivery.target)"])
    }

    // MARK: Daily digest

    /// Enqueues today's digests once, between the digest time and 12 hours after it.
    private func enqueueDigestIfDue() async throws {
        guard let campaigns, let digestTime = configuration.digestTime, let zone, !configuration.targets.isEmpty
        else { return }
        let time = now()
        let local = zone.local(at: time)
        let minutes = local.time.minuteOfDay - digestTime.minuteOfDay
        guard minutes >= 0, minutes < 12 * 60, digestDay.withLock({ $0 }) != local.date else { return }
        digestDay.withLock { $0 = local.date }
        guard let reference = try await campaigns.referenceData() else { return }
        let events = try await campaigns.events(matching: EventQuery(from: local.date, through: local.date, ordered: false))
        let entries = DigestPlanner.digests(
            for: local.date, events: events, configuration: configuration, reference: reference, now: time)
        let added = try await outbox.enqueue(entries, at: time)
        if added > 0 { logger.info("Queued the daily digest.", metadata: ["digest.date": "\(local.date)", "digest.targets": "\(added)"]) }
    }

    private func nextDigestTime(after time: Date) -> Date? {
        guard campaigns != nil, let digestTime = configuration.digestTime, let zone else { return nil }
        let local = zone.local(at: time)
        var day = local.date
        if local.time >= digestTime { day = day.adding(days: 1) }
        return zone.date(of: LocalDateTime(date: day, time: digestTime))
    }
}

/// Counts of what a worker did.
public final class DeliveryStatistics: Sendable {
    public enum Event: Sendable {
        case sent, retried, dead, deferred, unknown
    }

    public struct Counts: Hashable, Sendable {
        /// Notices delivered in full.
        public var sent = 0
        /// Attempts that failed and will be retried.
        public var retried = 0
        /// Notices given up.
        public var dead = 0
        /// Notices put back because their bot's budget, a pause or quiet hours said "not yet".
        public var deferred = 0
        /// Attempts whose outcome is unknown (timeouts, drops, shutdown).
        public var unknown = 0
    }

    private let counts = Mutex(Counts())

    public init() {}

    func record(_ event: Event) {
        counts.withLock { counts in
            switch event {
            case .sent: counts.sent += 1
            case .retried: counts.retried += 1
            case .dead: counts.dead += 1
            case .deferred: counts.deferred += 1
            case .unknown: counts.unknown += 1
            }
        }
    }

    public var current: Counts { counts.withLock { $0 } }
}

extension Duration {
    /// The duration in seconds.
    var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
