import Foundation
import Logging
import OutreachCore
import OutreachFormats
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
/// - Crash safety: "attempt started" is durable before each send and the outcome after it. A worker
///   killed at any moment loses nothing: its leases expire (at once, when the next worker on the same
///   host sees the process is gone) and the notices are claimed again; a part is sent again only when
///   its earlier attempt has no outcome, which the log records as unknown. At most `concurrency`
///   attempts are ever without a recorded outcome, so one crash repeats at most that many.
/// - Where the store keeps one (SQLite), attempts that need no decision (a start to an unlimited bot that
///   may go now, a part that arrived and ended its delivery) are written to the worker's journal
///   (``OutboxJournal``) instead of a transaction each, and folded into the store in the background; every
///   other step is written by the store after the journal is folded. A journal left by a crash is folded by
///   the next claim, before it claims.
/// - Contention: a database busy past its timeout is waited out and logged; the worker keeps going.
/// - Graceful shutdown: it stops claiming, lets running transfers finish for ``Options/gracePeriod``,
///   then cancels them (their notices return to pending with the outcome recorded as unknown) and
///   releases its leases.
/// - The daily digest is made once a day at `notify.digest`, in the worker, together with any other daily
///   notices the caller computes (`dailyNotices`: the off-track alerts of the scorecard). With the digest
///   off, those are made at 08:00.
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
        /// Notices claimed per transaction (ahead of their sends; a claim alone sends nothing). Default
        /// 16 × concurrency.
        public var claimBatch: Int
        /// How long a claim is held without progress before another worker may take it. It must outlast a
        /// batch's sends: sixteen waves of transfers, each up to the transport's total timeout (15 s). Default 300 s.
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
        /// The language of the log's messages (the run's language on the command line).
        public var language: Language = .en

        public init(
            owner: String, concurrency: Int = 32, claimBatch: Int? = nil, lease: Duration = .seconds(300),
            gracePeriod: Duration = .seconds(10), pollInterval: Duration = .seconds(30), once: Bool = false,
            retryPolicy: RetryPolicy = RetryPolicy(), isAbandoned: @escaping @Sendable (String) -> Bool = { _ in false },
            keyPrefix: String? = nil
        ) {
            self.keyPrefix = keyPrefix
            self.owner = owner
            self.concurrency = max(1, concurrency)
            self.claimBatch = max(1, claimBatch ?? max(1, concurrency) * 16)
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
    /// Notices made once a day beside the digest (off-track alerts), given the local date and the time.
    let dailyNotices: (@Sendable (LocalDate, Date) async throws -> [OutboxEntry])?
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
    ///   - dailyNotices: Notices to queue once a day at the digest time (the scorecard's off-track alerts).
    public init(
        outbox: any OutboxStore, campaigns: (any CampaignStore)?, transport: any NoticeTransport,
        configuration: NotifyConfiguration, options: Options, clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date, logger: Logger,
        dailyNotices: (@Sendable (LocalDate, Date) async throws -> [OutboxEntry])? = nil
    ) {
        self.dailyNotices = dailyNotices
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
        logger.info(
            "\(DeliveryMessages.workerStarted.text(options.language))",
            metadata: ["worker.owner": "\(options.owner)", "worker.concurrency": "\(options.concurrency)"])
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
        let owners = try await persistently { try await self.outbox.leaseOwners() }
            .filter { $0 != options.owner && options.isAbandoned($0) }
        if !owners.isEmpty {
            let time = now()
            let expired = try await persistently { try await self.outbox.expireLeases(owners: owners, at: time) }
            logger.info("\(DeliveryMessages.tookOverStoppedWorkers.text(options.language))", metadata: ["outbox.leases": "\(expired)"])
        }
        // Attempts that need no decision go to a journal the store folds in the background, where it keeps one.
        var journal: (any OutboxJournal)?
        do {
            journal = try outbox.openJournal(owner: options.owner)
        } catch {
            // No journal (a folder that cannot be written): every attempt goes to the store, as before.
            logger.warning("\((error as? StoreError)?.message(options.language) ?? String(describing: error))")
        }
        let folding = journal.map { journal in
            JournalFolding(journal: journal, batch: Self.foldBatch * options.concurrency) { [self] in
                try await persistently { try await journal.fold(at: self.now()) }
            }
        }
        let grace = options.gracePeriod
        let clock = self.clock
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.runBatches(stop: stop, folding: folding) }
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
                    logger.warning("\(DeliveryMessages.cancelledAfterGracePeriod.text(options.language))")
                    group.cancelAll()
                    while let _ = try? await group.next() {}
                }
            }
        } catch {
            // Leases are released only once the journal is in the store: released first, a notice whose "sent" is
            // still in the journal would be sent again. Left as they are, the next claim folds the journal first.
            if (try? await folding?.drain()) != nil {
                _ = try? await outbox.releaseLeases(owner: options.owner, at: now())
                try? await folding?.journal.close(at: now())
            }
            throw error
        }
        try await folding?.drain()
        let time = now()
        _ = try await persistently { try await self.outbox.releaseLeases(owner: self.options.owner, at: time) }
        try await folding?.journal.close(at: now())
    }

    /// Claims notices and delivers them with at most ``Options/concurrency`` attempts whose outcome is
    /// not yet on disk.
    private func runBatches(stop: StopSignal, folding: JournalFolding?) async throws {
        while true {
            // The next claim starts while half of one is left: a claim (and rendering it) waits behind a fold on the
            // store's queue, and the slots must not wait for it.
            let queue = ClaimQueue(lowWater: max(1, options.claimBatch / 2)) { [self] in
                if options.keyPrefix == nil { try await persistently { try await self.enqueueDigestIfDue() } }
                let time = now()
                let request = ClaimRequest(
                    owner: options.owner, limit: options.claimBatch, now: time,
                    leaseUntil: time.addingTimeInterval(options.lease.seconds), keyPrefix: options.keyPrefix)
                let claimed = try await persistently { try await self.outbox.claimDue(request) }
                return claimed.isEmpty ? [] : try await prepare(claimed, leaseUntil: request.leaseUntil)
            }
            do {
                try await pump(queue, stop: stop, folding: folding)
            } catch {
                await queue.finish()
                throw error
            }
            // A claim made ahead may still be running: its leases are released with the others.
            await queue.finish()
            if stop.isSet || Task.isCancelled || options.once { return }
            await waitForWork(stop: stop)
        }
    }

    /// Keeps up to ``Options/concurrency`` sends going until nothing is left to send (or the worker stops).
    ///
    /// Group commit: one loop writes one transaction at a time, holding the outcomes of every send that
    /// ended since the last one **together with** "attempt started" for the sends that take their slots,
    /// then hands those to the transport, which reports each send as it ends. A slot is taken from the
    /// commit of its start to the commit of its outcome, so an attempt starts only once the outcomes that
    /// freed its slot are durable, and a `kill -9` leaves at most `concurrency` attempts without an
    /// outcome — the only ones a new worker sends again. Sends go on while a transaction is written; the
    /// faster they end, the more each transaction holds. Writes are batched, the risk is not.
    private func pump(_ queue: ClaimQueue<Work>, stop: StopSignal, folding: JournalFolding?) async throws {
        let inbox = CompletionInbox<Ended>()
        // With a journal, a send that arrived is answered on the transport's thread by the next one (``Relay``).
        let relay = folding.map { Relay(folding: $0, queue: queue, inbox: inbox, stop: stop) }
        let turns = relay.map { relay in transport.afterEachTurn { [self] in flush(relay) } } ?? false
        relay?.turns = turns
        defer {
            relay?.close()
            if turns { _ = transport.afterEachTurn(nil) }
        }
        do {
            try await withTaskCancellationHandler {
                try await sendAndRecord(queue, stop: stop, inbox: inbox, folding: folding, relay: relay)
            } onCancel: {
                relay?.close()
                inbox.cancelAll()
            }
        } catch {
            relay?.close()
            inbox.cancelAll()  // a store failure ends the worker: nothing more is recorded, so nothing more goes out
            throw error
        }
    }

    /// How long the loop waits for a group of sends to end before it records the ones that have: far longer
    /// than a group takes when the receiver answers (under a millisecond here), far shorter than a stall.
    static let groupPatience = Duration.milliseconds(5)

    /// The loop of ``pump(_:stop:)``: `running` counts the slots taken (started, outcome not yet recorded).
    private func sendAndRecord(
        _ queue: ClaimQueue<Work>, stop: StopSignal, inbox: CompletionInbox<Ended>, folding: JournalFolding?, relay: Relay?
    ) async throws {
        // With a journal the loop's cost per round is the hand-offs (to libcurl's thread and back), not a commit:
        // waiting for half the slots costs 4–5 % less CPU at the same rate than a quarter (BENCHMARKS.md).
        let group = max(1, options.concurrency / (folding == nil ? 4 : 2))
        var running = 0
        var following: [Work] = []
        while true {
            // Every slot busy: wait until a group of sends has ended, so a transaction is not spent on each (but
            // not for long when sends stall).
            if running >= options.concurrency { await inbox.wait(atLeast: group, patience: Self.groupPatience) }
            let ended = inbox.takeAll()
            running -= ended.count
            let completed = ended.compactMap(\.completion)
            // The next parts of split notices go first, as far as slots are free; parts may wait for a slot.
            var starting = Array(following.prefix(max(0, options.concurrency - running)))
            following.removeFirst(starting.count)
            if stop.isSet || Task.isCancelled {
                relay?.close()
                starting = []
                following = []
            } else if running + starting.count < options.concurrency {
                starting += try await queue.take(options.concurrency - running - starting.count)
            }
            if completed.isEmpty, starting.isEmpty {
                if running == 0 { return }
                await inbox.wait(atLeast: min(running, group), patience: Self.groupPatience)
                continue
            }
            let (next, started) = try await record(completed, starting: starting, folding: folding)
            following += next
            guard !started.isEmpty else { continue }
            running += started.count
            send(started, at: now(), inbox: inbox, relay: relay)
        }
    }

    /// Hands attempts whose start is recorded to the transport. Each end goes to the relay when it may answer it,
    /// else to the loop.
    private func send(_ started: [Work], at time: Date, inbox: CompletionInbox<Ended>, relay: Relay?) {
        let requests = started.map { work in
            DeliveryRequestBuilder.request(for: work.parts[work.part - 1], target: work.target, attempt: time)
        }
        let batch = inbox.batch(of: started.count)
        let transfers = transport.start(requests) { [self] index, result in
            let completion = Completion(work: started[index], result: result)
            if let relay, hold(completion, in: relay) {
                inbox.transferEnded(batch: batch)
                if !relay.turns { flush(relay) }
            } else {
                inbox.put(.completion(completion), batch: batch)
            }
        }
        inbox.started(transfers, batch: batch)
    }

    // MARK: The relay

    /// What ended a slot, for the loop: a send's end to record, or a slot the relay recorded and freed.
    private enum Ended: Sendable {
        case completion(Completion)
        case relayed

        var completion: Completion? {
            if case .completion(let completion) = self { completion } else { nil }
        }
    }

    /// Answers, on the transport's thread, sends that arrived with the next claimed notices: each turn's arrivals
    /// ("sent", the last part) and the starts that take their slots go to the journal in one write, and the new
    /// sends start at once, with no hand-off to the loop and back. A slot is still taken from the record of its
    /// start to the record of its outcome, so the crash bound is the loop's. Anything else (a failure, a next part,
    /// a start the store must decide, a journal that cannot be written) goes to the loop, as before.
    private final class Relay: Sendable {
        struct Held: Sendable {
            var completion: Completion
            /// Its "sent" for the journal.
            var record: OutboxJournalRecord
            var report: AttemptReport
            var status: Int?
        }

        let folding: JournalFolding
        let queue: ClaimQueue<Work>
        let inbox: CompletionInbox<Ended>
        let stop: StopSignal
        private let state = Mutex(State())

        private struct State {
            var held: [Held] = []
            var open = true
            var turns = false
        }

        init(folding: JournalFolding, queue: ClaimQueue<Work>, inbox: CompletionInbox<Ended>, stop: StopSignal) {
            self.folding = folding
            self.queue = queue
            self.inbox = inbox
            self.stop = stop
        }

        /// Whether the transport calls ``flush`` after each turn (else the relay flushes each end by itself).
        var turns: Bool {
            get { state.withLock { $0.turns } }
            set { state.withLock { $0.turns = newValue } }
        }

        /// Whether it still starts new sends (no stop, no cancellation).
        var isOpen: Bool { state.withLock { $0.open } && !stop.isSet }

        func close() { state.withLock { $0.open = false } }

        /// Keeps an end to record at the end of the turn; false when closed.
        func hold(_ held: Held) -> Bool {
            state.withLock { state in
                guard state.open else { return false }
                state.held.append(held)
                return true
            }
        }

        func takeHeld() -> [Held] {
            state.withLock { state in
                var held: [Held] = []
                swap(&held, &state.held)
                return held
            }
        }
    }

    /// Keeps a send's end for the relay when it arrived whole and needs nothing from the store.
    private func hold(_ completion: Completion, in relay: Relay) -> Bool {
        guard case .success = completion.result, completion.work.part == completion.work.parts.count, relay.isOpen,
            relay.folding.journal.unfolded <= Self.unfoldedLimit * options.concurrency
        else { return false }
        let time = now()
        let ended = finish(completion, at: time, cancelled: false)
        guard ended.outcome == .sent,
            let record = Self.journalRecords([ended.step], at: time, pausedUntil: relay.folding.pausedUntil)?.first
        else { return false }
        return relay.hold(.init(completion: completion, record: record, report: ended.report, status: ended.status))
    }

    /// The relay's turn: records the held ends together with the starts of as many claimed notices as may go now,
    /// in one write to the journal, and sends those.
    private func flush(_ relay: Relay) {
        let held = relay.takeHeld()
        guard !held.isEmpty else { return }
        let time = now()
        let claimed = relay.isOpen ? relay.queue.takeNow(held.count) : []
        var records = held.map(\.record)
        var starting: [Work] = []
        var back: [Work] = []
        for work in claimed {
            // As in the loop: a start the store need not decide, while its claim's lease has half its time left.
            if work.notice.leaseUntil.timeIntervalSince(time) > options.lease.seconds / 2,
                let start = Self.journalRecords([beginStep(work, at: time)], at: time, pausedUntil: relay.folding.pausedUntil)?.first
            {
                var work = work
                work.attempt = 0
                starting.append(work)
                records.append(start)
            } else {
                back.append(work)
            }
        }
        do {
            try relay.folding.journal.append(records)
        } catch {
            // Not written (a full disk): the loop records the ends in the store and starts the notices.
            logger.warning("\((error as? StoreError)?.message(options.language) ?? String(describing: error))")
            relay.queue.putBack(starting + back)
            for ended in held { relay.inbox.add(.completion(ended.completion)) }
            return
        }
        relay.queue.putBack(back)
        relay.folding.kick()
        for ended in held {
            account(ended.completion.work, step: .sent, outcome: .sent, report: ended.report, status: ended.status)
        }
        if !starting.isEmpty { send(starting, at: time, inbox: relay.inbox, relay: relay) }
        for _ in starting.count..<held.count { relay.inbox.add(.relayed) }
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

    /// A send that ended, waiting for its outcome to be recorded.
    private struct Completion: Sendable {
        var work: Work
        var result: Result<HTTPResponse, TransportError>
    }

    /// Runs a store call until the database lets it through. A database busy past its timeout (another
    /// process's long write) is waited out, logged, and never ends the worker, which keeps its leases.
    private func persistently<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var delay = Duration.milliseconds(50)
        var tries = 0
        while true {
            do {
                return try await body()
            } catch StoreError.busy(let seconds) {
                tries += 1
                if tries == 1 || tries.isMultiple(of: 10) {
                    logger.warning(
                        "\(DeliveryMessages.databaseBusy(seconds: seconds).text(options.language))",
                        metadata: ["store.tries": "\(tries)"])
                }
                try Task.checkCancellation()
                try await clock.sleep(for: delay)
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    // MARK: Attempts

    /// A claimed delivery being worked on: its target, its parts and the part to send next.
    /// The claimed notice, its target and rendered parts sit in one shared box, so handing a `Work` from
    /// the queue to the transport's callback and back to the log copies one reference, not dozens.
    private struct Work: Sendable {
        final class Notice: Sendable {
            let claimed: ClaimedDelivery
            let target: NotifyTarget
            let parts: [RenderedPart]
            /// When the claim's lease ends (a start renews it).
            let leaseUntil: Date

            init(claimed: ClaimedDelivery, target: NotifyTarget, parts: [RenderedPart], leaseUntil: Date) {
                self.leaseUntil = leaseUntil
                self.claimed = claimed
                self.target = target
                self.parts = parts
            }
        }

        let notice: Notice
        var part: Int
        var failures: Int
        var attempt: Int64 = 0

        init(claimed: ClaimedDelivery, target: NotifyTarget, parts: [RenderedPart], leaseUntil: Date, part: Int, failures: Int) {
            notice = Notice(claimed: claimed, target: target, parts: parts, leaseUntil: leaseUntil)
            self.part = part
            self.failures = failures
        }

        var claimed: ClaimedDelivery { notice.claimed }
        var target: NotifyTarget { notice.target }
        var parts: [RenderedPart] { notice.parts }
        var delivery: OutboxDelivery { notice.claimed.delivery }
    }

    /// Renders claimed notices; those whose target is gone go to the dead letters.
    private func prepare(_ batch: [ClaimedDelivery], leaseUntil: Date) async throws -> [Work] {
        let configuration = self.configuration
        let rendered: [Work?] = chunkedMap(batch, minimumChunk: 16) { chunk in
            chunk.map { claimed in
                let delivery = claimed.delivery
                guard let target = configuration.target(named: delivery.target) else { return nil }
                let parts = NoticeRenderer.render(delivery.notice, for: target, deliveryID: delivery.key).map {
                    DeliveryRequestBuilder.keepingWhatAttemptsRead($0, target: target)
                }
                return Work(
                    claimed: claimed, target: target, parts: parts, leaseUntil: leaseUntil,
                    part: min(delivery.partsSent + 1, parts.count), failures: delivery.failures)
            }
        }
        let orphans = zip(batch, rendered).filter { $1 == nil }.map(\.0.delivery)
        if !orphans.isEmpty { try await finishWithoutTarget(orphans) }
        return rendered.compactMap { $0 }
    }

    /// Records, in one transaction, the outcomes of ended sends and "attempt started" for new ones.
    /// - Returns: The notices whose next part is due, and the attempts that may go now.
    private func record(
        _ completed: [Completion], starting: [Work], folding: JournalFolding?
    ) async throws -> (following: [Work], started: [Work]) {
        let time = now()
        var steps: [AttemptStep] = []
        var following: [Work] = []
        let cancelled = Task.isCancelled
        for completion in completed {
            let work = completion.work
            let ended = finish(completion, at: time, cancelled: cancelled)
            steps.append(ended.step)
            account(work, step: ended.next, outcome: ended.outcome, report: ended.report, status: ended.status)
            if case .nextPart = ended.next {
                var next = work
                next.part += 1
                next.failures = 0
                following.append(next)
            }
        }
        let finishes = steps.count
        for work in starting { steps.append(beginStep(work, at: time)) }
        if let folding {
            // A start goes to the journal only while its claim's lease has half its time left: the journal does not
            // ask the store whether this worker still holds the notice, the store does (a claim that waited long
            // behind stalled sends).
            let leased = starting.allSatisfy { $0.notice.leaseUntil.timeIntervalSince(time) > options.lease.seconds / 2 }
            if leased, let records = Self.journalRecords(steps, at: time, pausedUntil: folding.pausedUntil) {
                var written = true
                do {
                    try folding.journal.append(records)
                } catch {
                    // Not written (a full disk): the store writes them, as it does without a journal.
                    written = false
                    logger.warning("\((error as? StoreError)?.message(options.language) ?? String(describing: error))")
                }
                if written {
                    folding.kick()
                    // Far ahead of the store (a database busy for long): wait for it, so little waits unfolded.
                    if folding.journal.unfolded > Self.unfoldedLimit * options.concurrency { try await folding.drain() }
                    // Their log rows are made by the fold: a finish that goes to the store finds its part's open one.
                    return (following, starting.map { work in
                        var work = work
                        work.attempt = 0
                        return work
                    })
                }
            }
            // A step the store decides comes after every record of the journal.
            try await folding.drain()
        }
        let answers = try await persistently { [steps] in try await self.outbox.apply(steps, at: time) }
        var started: [Work] = []
        for (work, answer) in zip(starting, answers.dropFirst(finishes)) {
            switch answer {
            case .started(let attempt):
                var work = work
                work.attempt = attempt
                started.append(work)
            case .deferred(let until):
                statistics.record(.deferred)
                logger.debug(
                    "\(DeliveryMessages.deferred.text(options.language))",
                    metadata: [
                        "notice.id": "\(work.delivery.id)", "notice.target": "\(work.target.name)",
                        "notice.until": "\(Timestamp.string(from: until))",
                    ])
            case .leaseLost, .finished:
                break
            }
        }
        return (following, started)
    }

    /// A send's end as the log records it: what follows, the outcome and the report.
    private func finish(
        _ completion: Completion, at time: Date, cancelled: Bool
    ) -> (step: AttemptStep, next: AttemptFinish.Next, outcome: DeliveryOutcome, report: AttemptReport, status: Int?) {
        let work = completion.work
        let (response, failure): (HTTPResponse?, TransportError?) =
            switch completion.result {
            case .success(let response): (response, nil)
            case .failure(let error): (nil, error)
            }
        let outcome = DeliveryClassifier.classify(
            kind: work.target.kind, response: response, error: failure, masker: masker, signed: work.target.signs)
        let interrupted = cancelled && failure == .cancelled
        let next = decide(work, outcome: outcome, interrupted: interrupted, at: time)
        let message =
            outcome == .sent
            ? Self.sentMessage : masker.mask(Self.logMessage(outcome, .zh) + "\n" + Self.logMessage(outcome, .en))
        let report = AttemptReport(
            outcome: outcome.outcomeUnknown || interrupted ? .unknown : Self.logOutcome(outcome),
            httpStatus: response?.status, platformCode: outcome.failure?.platformCode, message: message,
            latency: response?.elapsed)
        let step = AttemptStep.finish(
            AttemptFinish(
                attempt: work.attempt, delivery: work.delivery.id, owner: options.owner,
                bot: work.target.endpoint.botIdentity, part: work.part, report: report, next: next))
        return (step, next, outcome, report, response?.status)
    }

    /// "Attempt started" for a claimed notice's current part.
    private func beginStep(_ work: Work, at time: Date) -> AttemptStep {
        .begin(
            AttemptStart(
                delivery: work.delivery.id, owner: options.owner, part: work.part, partCount: work.parts.count,
                target: work.target.name, bot: work.target.endpoint.botIdentity, windows: work.target.rateWindows,
                notBefore: notBefore(work, at: time), leaseUntil: time.addingTimeInterval(options.lease.seconds),
                rateMargin: configuration.rateMargin))
    }

    /// Records unfolded, per slot, past which the loop waits for the store.
    static let unfoldedLimit = 64
    /// Records, per slot, a fold of the journal waits for (or 20 ms).
    static let foldBatch = 16

    /// The journal's records for steps that need no decision from the store: starts that may go now to an
    /// unlimited bot not paused, and finishes that end a delivery as sent. Nil when any step needs one.
    static func journalRecords(
        _ steps: [AttemptStep], at time: Date, pausedUntil: (BotIdentity) -> Date?
    ) -> [OutboxJournalRecord]? {
        let at = Timestamp.milliseconds(time)
        var records: [OutboxJournalRecord] = []
        records.reserveCapacity(steps.count)
        for step in steps {
            switch step {
            case .begin(let start):
                guard start.startsPlainly(at: time, botPausedUntil: pausedUntil(start.bot)) else { return nil }
                records.append(
                    .start(
                        .init(
                            delivery: start.delivery, part: start.part, partCount: start.partCount, target: start.target,
                            bot: start.bot, at: at, leaseUntil: Timestamp.milliseconds(start.leaseUntil))))
            case .finish(let finish):
                let report = finish.report
                guard finish.next == .sent, report.outcome == .sent, report.platformCode == nil,
                    report.message == OutboxJournalRecord.sentMessage
                else { return nil }
                records.append(
                    .sent(
                        .init(
                            delivery: finish.delivery, part: finish.part, at: at, httpStatus: report.httpStatus,
                            latencyMilliseconds: report.latencyMilliseconds)))
            }
        }
        return records
    }

    /// The earliest send time quiet hours and the Feishu :00/:30 rule allow.
    private func notBefore(_ work: Work, at time: Date) -> Date {
        guard let zone else { return time }
        return SendWindow.adjustedSendTime(
            max(time, work.delivery.dueAt), urgent: work.delivery.notice.urgent, quietHours: configuration.quietHours,
            zone: zone, kind: work.target.kind)
    }

    /// What follows an attempt: the next part, done, a retry, the dead letters, or (interrupted by a
    /// shutdown) back to pending.
    private func decide(_ work: Work, outcome: DeliveryOutcome, interrupted: Bool, at time: Date) -> AttemptFinish.Next {
        if outcome == .sent { return work.part < work.parts.count ? .nextPart : .sent }
        if interrupted { return .pending(at: time) }
        var machine = DeliveryStateMachine(
            policy: options.retryPolicy, firstAttempt: WallInstant(work.claimed.firstAttemptAt ?? time),
            attempts: work.failures)
        var random = SystemRandomNumberGenerator()
        switch machine.attemptFinished(outcome, at: WallInstant(time), random: &random) {
        case .done: return .sent
        case .retry(let at, let pause): return .retry(at: at.date, pauseBotUntil: pause?.date)
        case .dead: return .dead
        }
    }

    /// Counts and logs one attempt's end.
    private func account(_ work: Work, step: AttemptFinish.Next, outcome: DeliveryOutcome, report: AttemptReport, status: Int?) {
        var metadata: Logger.Metadata {
            var metadata: Logger.Metadata = [
                "notice.id": "\(work.delivery.id)", "notice.target": "\(work.target.name)",
                "notice.part": "\(work.part)/\(work.parts.count)",
            ]
            if let status { metadata["http.status"] = "\(status)" }
            return metadata
        }
        switch step {
        case .nextPart:
            break
        case .sent:
            statistics.record(.sent)
            logger.debug("\(DeliveryMessages.sent.text(options.language))", metadata: metadata)
        case .retry(let at, _):
            statistics.record(report.outcome == .unknown ? .unknown : .retried)
            logger.info(
                "\(DeliveryMessages.willRetryPrefix.text(options.language))\(outcome.message(options.language))",
                metadata: metadata.merging(["notice.retry": "\(Timestamp.string(from: at))"]) { $1 })
        case .dead:
            statistics.record(.dead)
            logger.warning("\(DeliveryMessages.gaveUpPrefix.text(options.language))\(outcome.message(options.language))", metadata: metadata)
        case .pending:
            statistics.record(.unknown)
            logger.info("\(DeliveryMessages.interruptedByShutdown.text(options.language))", metadata: metadata)
        }
    }

    /// The log's text for a delivered part.
    static let sentMessage = OutboxJournalRecord.sentMessage

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

    /// Notices for targets that are no longer configured go to the dead letters, with a log entry.
    private func finishWithoutTarget(_ deliveries: [OutboxDelivery]) async throws {
        let time = now()
        let starts = deliveries.map { delivery in
            AttemptStep.begin(
                AttemptStart(
                    delivery: delivery.id, owner: options.owner, part: 1, partCount: 1, target: delivery.target,
                    bot: delivery.bot, windows: [], notBefore: time, leaseUntil: time.addingTimeInterval(options.lease.seconds)))
        }
        let answers = try await persistently { try await self.outbox.apply(starts, at: time) }
        var finishes: [AttemptStep] = []
        for (delivery, answer) in zip(deliveries, answers) {
            guard case .started(let attempt) = answer else { continue }
            let message = DeliveryMessages.targetGone(target: delivery.target, id: delivery.id).bothLines
            finishes.append(
                .finish(
                    AttemptFinish(
                        attempt: attempt, delivery: delivery.id, owner: options.owner, bot: delivery.bot, part: 1,
                        report: AttemptReport(outcome: .permanent, message: message), next: .dead)))
            statistics.record(.dead)
            logger.warning(
                "\(DeliveryMessages.gaveUpUnknownTarget.text(options.language))", metadata: ["notice.id": "\(delivery.id)", "notice.target": "\(delivery.target)"])
        }
        _ = try await persistently { [finishes] in try await self.outbox.apply(finishes, at: time) }
    }

    // MARK: Daily digest

    /// When the daily notices are made (core's rule): at the digest time, or 08:00 when only other daily
    /// notices (off-track alerts) are made.
    private var dailySchedule: DailyNoticeSchedule? {
        DailyNoticeSchedule(
            digestTime: configuration.digestTime, makesDigests: campaigns != nil, makesOtherNotices: dailyNotices != nil)
    }

    /// Enqueues today's digests and other daily notices when the schedule says they are due.
    private func enqueueDigestIfDue() async throws {
        guard let dailySchedule, let zone, !configuration.targets.isEmpty else { return }
        let time = now()
        let local = zone.local(at: time)
        let due = digestDay.withLock { lastMade -> LocalDate? in
            guard let day = dailySchedule.dueDay(at: local, lastMade: lastMade) else { return nil }
            lastMade = day
            return day
        }
        guard let day = due else { return }
        if let campaigns, configuration.digestTime != nil, let reference = try await campaigns.referenceData() {
            let events = try await campaigns.events(matching: EventQuery(from: day, through: day, ordered: false))
            let entries = DigestPlanner.digests(
                for: day, events: events, configuration: configuration, reference: reference, now: time)
            let added = try await outbox.enqueue(entries, at: time)
            if added > 0 { logger.info("\(DeliveryMessages.queuedDigest.text(options.language))", metadata: ["digest.date": "\(day)", "digest.targets": "\(added)"]) }
        }
        if let dailyNotices {
            let added = try await outbox.enqueue(try await dailyNotices(day, time), at: time)
            if added > 0 { logger.info("\(DeliveryMessages.queuedDailyNotices.text(options.language))", metadata: ["daily.date": "\(day)", "daily.notices": "\(added)"]) }
        }
    }

    private func nextDigestTime(after time: Date) -> Date? {
        guard let dailySchedule, let zone else { return nil }
        return zone.date(of: dailySchedule.next(after: zone.local(at: time)))
    }
}

/// Claimed notices waiting for a slot. When fewer than `lowWater` are left it claims the next batch in
/// the background (claiming and rendering off the sending loop's path), and it keeps claiming while the
/// loop needs more, until a claim finds nothing. Claimed notices have not started: a
/// crash leaves them to the lease's expiry, never sends them twice. The loop waits for notices
/// (``take(_:)``); the relay on the transport's thread takes what is there (``takeNow(_:)``).
final class ClaimQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var exhausted = false
        var pending: Task<Void, Never>?
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let lowWater: Int
    private let claim: @Sendable () async throws -> [Item]

    init(lowWater: Int, claim: @escaping @Sendable () async throws -> [Item]) {
        self.lowWater = lowWater
        self.claim = claim
    }

    /// Up to `count` items; fewer only when nothing more is due.
    /// - Throws: What a claim threw.
    func take(_ count: Int) async throws -> [Item] {
        while true {
            let (taken, running, failure) = state.withLock { state -> ([Item]?, Task<Void, Never>?, (any Error)?) in
                if let failure = state.failure { return (nil, nil, failure) }
                guard state.items.count >= count || state.exhausted else {
                    return (nil, startClaim(&state), nil)
                }
                return (take(count, from: &state), nil, nil)
            }
            if let failure { throw failure }
            if let taken { return taken }
            await running?.value
        }
    }

    /// What is there now, up to `count` (a claim starts in the background when few are left).
    func takeNow(_ count: Int) -> [Item] {
        state.withLock { state in state.failure == nil ? take(count, from: &state) : [] }
    }

    /// Puts items taken but not started back in front, in their order.
    func putBack(_ items: [Item]) {
        guard !items.isEmpty else { return }
        state.withLock { $0.items.insert(contentsOf: items, at: 0) }
    }

    /// Waits for a claim still running (its notices stay claimed until the worker releases its leases).
    func finish() async {
        await state.withLock { $0.pending }?.value
    }

    private func take(_ count: Int, from state: inout State) -> [Item] {
        let taken = Array(state.items.prefix(count))
        state.items.removeFirst(taken.count)
        if state.items.count < lowWater, !state.exhausted { _ = startClaim(&state) }
        return taken
    }

    /// The running claim, started now if none runs.
    private func startClaim(_ state: inout State) -> Task<Void, Never> {
        if let pending = state.pending { return pending }
        let task = Task { [self, claim] in
            let result: Result<[Item], any Error>
            do { result = .success(try await claim()) } catch { result = .failure(error) }
            self.state.withLock { state in
                state.pending = nil
                switch result {
                case .success(let more) where more.isEmpty: state.exhausted = true
                case .success(let more): state.items += more
                case .failure(let error): state.failure = error
                }
            }
        }
        state.pending = task
        return task
    }
}

/// Sends that ended, handed over by the transport's thread, waiting for the worker to record them. The
/// worker is woken only when it waits with nothing to do; while it writes a transaction, ends pile up
/// here and go into the next one. It also keeps the batches still running, to cancel them on shutdown.
final class CompletionInbox<Item: Sendable>: Sendable {
    private struct Batch {
        var running: Int
        var transfers: StartedTransfers?
    }

    private struct State {
        var items: [Item] = []
        var waiter: CheckedContinuation<Void, Never>?
        var wanted = 1
        var batches: [Int: Batch] = [:]
        var nextBatch = 0
        var cancelled = false
    }

    private let state = Mutex(State())
    /// Ends a wait for a group once its patience is over (re-armed by each wait: cheaper than a task per wait).
    private nonisolated(unsafe) let patienceTimer: any DispatchSourceTimer

    init() {
        patienceTimer = DispatchSource.makeTimerSource(queue: .global())
        patienceTimer.schedule(deadline: .distantFuture)
        patienceTimer.setEventHandler { [weak self] in self?.patienceOver() }
        patienceTimer.resume()
    }

    deinit { patienceTimer.cancel() }

    /// Numbers a batch of `count` sends about to start; their ends are ``put(_:batch:)`` with it.
    func batch(of count: Int) -> Int {
        state.withLock { state in
            state.nextBatch += 1
            state.batches[state.nextBatch] = Batch(running: count)
            return state.nextBatch
        }
    }

    /// Keeps a started batch to cancel on shutdown (at once, after ``cancelAll()``).
    func started(_ transfers: StartedTransfers, batch: Int) {
        let cancel = state.withLock { state in
            state.batches[batch]?.transfers = transfers
            return state.cancelled
        }
        if cancel { transfers.cancel() }
    }

    /// Adds an ended send of `batch`; wakes the worker when it waits.
    func put(_ item: Item, batch: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.items.append(item)
            state.batches[batch]?.running -= 1
            if state.batches[batch]?.running == 0 { state.batches[batch] = nil }
            guard state.items.count >= state.wanted else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// A send of `batch` ended and was taken care of elsewhere (it adds no item).
    func transferEnded(batch: Int) {
        state.withLock { state in
            state.batches[batch]?.running -= 1
            if state.batches[batch]?.running == 0 { state.batches[batch] = nil }
        }
    }

    /// Adds an item of no batch; wakes the worker when it waits.
    func add(_ item: Item) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.items.append(item)
            guard state.items.count >= state.wanted else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Everything that ended since the last call.
    func takeAll() -> [Item] {
        state.withLock { state in
            var items: [Item] = []
            swap(&items, &state.items)
            return items
        }
    }

    /// Returns when `count` sends have ended since the last ``takeAll()`` (at once if they have), or, once
    /// `patience` has passed, as soon as one has: sends that stall (a receiver that never answers) then hold only
    /// their own slots, not the ones freed beside them. The caller must have at least `count` sends running or
    /// ended, and cancelling them ends them.
    func wait(atLeast count: Int, patience: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = state.withLock { state in
                guard state.items.count < count else { return false }
                state.wanted = count
                state.waiter = continuation
                return true
            }
            guard waiting else { return continuation.resume() }
            if count > 1 {
                let (seconds, attoseconds) = patience.components
                patienceTimer.schedule(deadline: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
            }
        }
    }

    /// The patience of the current wait is over: it ends now if a send has ended, else with the next one.
    private func patienceOver() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.waiter != nil else { return nil }
            guard !state.items.isEmpty else {
                state.wanted = 1
                return nil
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Cancels every batch still running and any started later.
    func cancelAll() {
        let transfers = state.withLock { state in
            state.cancelled = true
            return state.batches.values.compactMap(\.transfers)
        }
        for transfer in transfers { transfer.cancel() }
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
