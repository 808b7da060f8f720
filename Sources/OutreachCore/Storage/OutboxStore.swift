import Foundation

/// The durable outbox of notices and the log of every delivery attempt.
///
/// One row per notice and target (a *delivery*), identified by a stable idempotency key such as
/// `reminder:315-talk-chibi:2027-03-15T14:30:day-before:城东支行群`. Every method that writes does so in
/// one transaction. The SQLite store implements it; a PostgreSQL store implements the same protocol
/// (claims there use `FOR UPDATE SKIP LOCKED`) and passes the same contract tests.
///
/// Delivery rules the store keeps:
/// - A key is enqueued at most once while its row is live (any state but `cancelled`): `INSERT … ON
///   CONFLICT DO NOTHING`. A cancelled row does not block enqueueing the key again.
/// - ``claimDue(_:)`` hands each due row to one worker at a time, under a lease that expires.
/// - ``apply(_:at:)`` writes "attempt started" before a send and the outcome after it. A started
///   attempt without an outcome is an attempt whose outcome is unknown: only then may a notice be
///   sent twice.
///
/// ```swift
/// _ = try await store.enqueue([entry], at: now)
/// let claimed = try await store.claimDue(ClaimRequest(owner: owner, limit: 64, now: now, leaseUntil: now + 60))
/// let started = try await store.apply([.begin(start)], at: now)
/// ```
public protocol OutboxStore: Sendable {
    /// Creates the schema or brings it up to date.
    func migrate() async throws

    /// Adds deliveries; a key that is already live is left alone.
    /// - Returns: How many rows were added.
    func enqueue(_ entries: [OutboxEntry], at now: Date) async throws -> Int

    /// Cancels the pending and failed deliveries whose key starts with `keyPrefix` (not those in flight,
    /// sent or dead).
    /// - Returns: How many were cancelled.
    func cancelPending(keyPrefix: String, at now: Date) async throws -> Int

    /// Cancels the pending or failed delivery with exactly this key (not one in flight, sent or dead), so that
    /// a newer notice can be queued under the key.
    /// - Returns: How many were cancelled (0 or 1).
    func cancelPending(key: String, at now: Date) async throws -> Int

    /// Every delivery whose key starts with `keyPrefix`, cancelled ones excluded, oldest first.
    func deliveries(keyPrefix: String) async throws -> [OutboxDelivery]

    /// Hands due deliveries to a worker: pending or failed rows whose time has come, and in-flight rows
    /// whose lease expired. Each is marked in flight under the worker's lease. A started attempt of an
    /// expired row is recorded as outcome unknown.
    func claimDue(_ request: ClaimRequest) async throws -> [ClaimedDelivery]

    /// Records attempt steps in order, in one transaction, and answers each.
    func apply(_ steps: [AttemptStep], at now: Date) async throws -> [AttemptStepResult]

    /// Returns the in-flight deliveries of `owner` to pending (or failed), recording any started attempt
    /// without an outcome as unknown. Used at shutdown.
    /// - Returns: How many were released.
    func releaseLeases(owner: String, at now: Date) async throws -> Int

    /// The owners of current leases, so a worker can find those of crashed processes.
    func leaseOwners() async throws -> [String]

    /// Ends the leases of these owners now (their processes are gone), so the rows can be claimed at once.
    func expireLeases(owners: [String], at now: Date) async throws -> Int

    /// The earliest time a pending or failed delivery becomes due, or an in-flight lease expires.
    func nextDueTime() async throws -> Date?

    /// Deliveries for `outreach notify queue`.
    func deliveries(matching query: OutboxQuery) async throws -> [OutboxDelivery]

    /// One delivery.
    func delivery(_ id: OutboxDelivery.ID) async throws -> OutboxDelivery?

    /// Attempts for `outreach notify log`, newest first.
    func attempts(matching query: DeliveryLogQuery) async throws -> [DeliveryAttempt]

    /// Makes a dead or failed delivery pending and due now, with its failure count reset.
    /// - Throws: ``OutboxError/deliveryNotFound(_:)`` or ``OutboxError/notRetryable(_:state:)``.
    func retry(_ id: OutboxDelivery.ID, at now: Date) async throws -> OutboxDelivery

    /// Makes every dead delivery pending and due now.
    /// - Returns: How many.
    func retryAllDead(at now: Date) async throws -> Int

    /// How many deliveries are in each state.
    func stateCounts() async throws -> [OutboxDelivery.State: Int]

    /// A journal for `owner` to write the attempts that need no decision to, folded in the background (see
    /// ``OutboxJournal``); nil when the store keeps none (a server shared by several machines, where a journal left
    /// on one machine's disk could not be folded by the others).
    func openJournal(owner: String) throws -> (any OutboxJournal)?
}

extension OutboxStore {
    public func openJournal(owner: String) throws -> (any OutboxJournal)? { nil }
}

/// A delivery to enqueue: one notice for one target.
public struct OutboxEntry: Hashable, Sendable {
    /// The idempotency key, stable for the same notice and target.
    public var key: String
    public var notice: Notice
    /// The target's name.
    public var target: String
    /// The bot behind the target, for shared rate budgets.
    public var bot: BotIdentity
    /// When the notice should go (UTC); quiet hours and rate budgets may push it later.
    public var dueAt: Date

    public init(key: String, notice: Notice, target: String, bot: BotIdentity, dueAt: Date) {
        self.key = key
        self.notice = notice
        self.target = target
        self.bot = bot
        self.dueAt = dueAt
    }
}

/// A delivery as stored.
public struct OutboxDelivery: Hashable, Sendable {
    public typealias ID = Identifier<OutboxDelivery>

    /// Where a delivery stands.
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        /// Waiting for its time (or its first attempt).
        case pending
        /// Claimed by a worker, which holds a lease on it.
        case inFlight = "in_flight"
        /// The platform confirmed every part.
        case sent
        /// An attempt failed transiently; it will be retried at `nextAttemptAt`.
        case failed
        /// Given up: a permanent failure, or retries exhausted. `outreach notify retry` revives it.
        case dead
        /// Withdrawn before it was sent (its event moved or was cancelled).
        case cancelled

        public func text(_ language: Language) -> String { NoticeMessages.deliveryState(self).text(language) }
    }

    public var id: ID
    public var key: String
    public var notice: Notice
    public var target: String
    public var bot: BotIdentity
    public var state: State
    public var dueAt: Date
    /// When it may next be tried (pending and failed), or was last due.
    public var nextAttemptAt: Date
    /// Attempts so far, every part counted.
    public var attempts: Int
    /// Failed attempts since the last success, for the backoff.
    public var failures: Int
    /// Parts already delivered (of a notice split into several).
    public var partsSent: Int
    /// The last failure's message (masked), or nil.
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, key: String, notice: Notice, target: String, bot: BotIdentity, state: State, dueAt: Date,
        nextAttemptAt: Date, attempts: Int, failures: Int, partsSent: Int, lastError: String?, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.key = key
        self.notice = notice
        self.target = target
        self.bot = bot
        self.state = state
        self.dueAt = dueAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.failures = failures
        self.partsSent = partsSent
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a worker asks for when it claims work.
public struct ClaimRequest: Hashable, Sendable {
    /// The worker's lease owner name (`host/pid/random`).
    public var owner: String
    public var limit: Int
    public var now: Date
    /// When the lease ends unless renewed by starting an attempt.
    public var leaseUntil: Date
    /// Claim only deliveries whose key starts with this (`outreach notify test` sends its own notice only).
    public var keyPrefix: String?

    public init(owner: String, limit: Int, now: Date, leaseUntil: Date, keyPrefix: String? = nil) {
        self.owner = owner
        self.limit = limit
        self.now = now
        self.leaseUntil = leaseUntil
        self.keyPrefix = keyPrefix
    }
}

/// A delivery handed to a worker.
public struct ClaimedDelivery: Hashable, Sendable {
    public var delivery: OutboxDelivery
    /// Whether an earlier attempt was cut off without an outcome (a crashed worker): its part may have
    /// arrived, so sending it again may duplicate it.
    public var hadUnknownOutcome: Bool
    /// When the first attempt was made, for the retry policy's maximum age.
    public var firstAttemptAt: Date?

    public init(delivery: OutboxDelivery, hadUnknownOutcome: Bool, firstAttemptAt: Date?) {
        self.delivery = delivery
        self.hadUnknownOutcome = hadUnknownOutcome
        self.firstAttemptAt = firstAttemptAt
    }
}

/// One step of a delivery attempt, written by ``OutboxStore/apply(_:at:)``.
public enum AttemptStep: Hashable, Sendable {
    /// Before sending a part: checks the bot's rate budget and pause against the delivery log (so every
    /// process sending to the bot shares it) and, when the part may go now, records "attempt started".
    case begin(AttemptStart)
    /// After a part's attempt: records the outcome and what happens to the delivery next.
    case finish(AttemptFinish)
}

/// The answer to one ``AttemptStep``.
public enum AttemptStepResult: Hashable, Sendable {
    /// The attempt is recorded as started; send now.
    case started(attempt: Int64)
    /// Not now: the budget, a pause or `notBefore` says `until`. The delivery went back to waiting.
    case deferred(until: Date)
    /// The worker no longer holds the lease (it expired and another worker took the delivery).
    case leaseLost
    /// The outcome was recorded.
    case finished
}

/// Asks to start sending one part.
public struct AttemptStart: Hashable, Sendable {
    public var delivery: OutboxDelivery.ID
    public var owner: String
    /// 1-based part number and the number of parts.
    public var part: Int
    public var partCount: Int
    public var target: String
    public var bot: BotIdentity
    /// The bot's rate windows; empty for unlimited.
    public var windows: [RateWindow]
    /// The earliest send time allowed by quiet hours and the Feishu :00/:30 rule.
    public var notBefore: Date
    /// The lease is extended to this.
    public var leaseUntil: Date
    /// Added to every rate window (see ``RateBudget``).
    public var rateMargin: RateMargin

    /// Whether the attempt may start at `now` with no decision to make: an unlimited bot that is not paused, and
    /// nothing (quiet hours, the Feishu :00/:30 rule) holding it back. A store writes such starts set-wise.
    public func startsPlainly(at now: Date, botPausedUntil paused: Date?) -> Bool {
        windows.isEmpty && notBefore <= now && (paused.map { $0 <= now } ?? true)
    }

    public init(
        delivery: OutboxDelivery.ID, owner: String, part: Int, partCount: Int, target: String, bot: BotIdentity,
        windows: [RateWindow], notBefore: Date, leaseUntil: Date, rateMargin: RateMargin = .standard
    ) {
        self.rateMargin = rateMargin
        self.delivery = delivery
        self.owner = owner
        self.part = part
        self.partCount = partCount
        self.target = target
        self.bot = bot
        self.windows = windows
        self.notBefore = notBefore
        self.leaseUntil = leaseUntil
    }
}

/// The outcome of one attempt and the delivery's next state.
public struct AttemptFinish: Hashable, Sendable {
    /// What to do with the delivery.
    public enum Next: Hashable, Sendable {
        /// The part arrived and more parts follow; the worker keeps the lease.
        case nextPart
        /// Every part arrived.
        case sent
        /// Retry at a time; optionally pause every send to the bot until then.
        case retry(at: Date, pauseBotUntil: Date?)
        /// Give up.
        case dead
        /// Back to pending at a time, without counting a failure (an interrupted send at shutdown).
        case pending(at: Date)
    }

    public var attempt: Int64
    public var delivery: OutboxDelivery.ID
    /// The worker's lease owner name; the delivery changes only while that worker holds it.
    public var owner: String
    /// The bot, for a pause.
    public var bot: BotIdentity
    public var part: Int
    public var report: AttemptReport
    public var next: Next

    public init(
        attempt: Int64, delivery: OutboxDelivery.ID, owner: String, bot: BotIdentity, part: Int, report: AttemptReport,
        next: Next
    ) {
        self.attempt = attempt
        self.delivery = delivery
        self.owner = owner
        self.bot = bot
        self.part = part
        self.report = report
        self.next = next
    }
}

/// What one attempt came to, as the log keeps it. Every text is masked.
public struct AttemptReport: Hashable, Sendable {
    /// The attempt's outcome in the log.
    public enum Outcome: String, Hashable, Sendable, Codable, CaseIterable {
        case sent
        case transient
        case permanent
        /// The request may or may not have arrived (timeout, dropped connection, interrupted worker).
        case unknown
    }

    public var outcome: Outcome
    public var httpStatus: Int?
    public var platformCode: String?
    /// One or two sentences: what happened and what to fix (masked).
    public var message: String
    public var latency: Duration?

    /// The latency in whole milliseconds, as the delivery log keeps it.
    public var latencyMilliseconds: Int? {
        latency.map { Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) }
    }

    public init(outcome: Outcome, httpStatus: Int? = nil, platformCode: String? = nil, message: String, latency: Duration? = nil) {
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.platformCode = platformCode
        self.message = message
        self.latency = latency
    }
}

/// One attempt in the delivery log.
public struct DeliveryAttempt: Hashable, Sendable {
    public var id: Int64
    public var delivery: OutboxDelivery.ID
    public var key: String
    public var part: Int
    public var partCount: Int
    public var target: String
    public var bot: BotIdentity
    public var startedAt: Date
    public var finishedAt: Date?
    /// Nil while the attempt is running (or was cut off and not yet noticed).
    public var outcome: AttemptReport.Outcome?
    public var httpStatus: Int?
    public var platformCode: String?
    public var message: String?
    public var latency: Duration?

    public init(
        id: Int64, delivery: OutboxDelivery.ID, key: String, part: Int, partCount: Int, target: String, bot: BotIdentity,
        startedAt: Date, finishedAt: Date?, outcome: AttemptReport.Outcome?, httpStatus: Int?, platformCode: String?,
        message: String?, latency: Duration?
    ) {
        self.id = id
        self.delivery = delivery
        self.key = key
        self.part = part
        self.partCount = partCount
        self.target = target
        self.bot = bot
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.platformCode = platformCode
        self.message = message
        self.latency = latency
    }
}

/// A filter for `outreach notify queue`.
public struct OutboxQuery: Hashable, Sendable {
    /// States to list; nil lists every state but sent and cancelled.
    public var states: Set<OutboxDelivery.State>?
    public var target: String?
    public var limit: Int?

    public init(states: Set<OutboxDelivery.State>? = nil, target: String? = nil, limit: Int? = nil) {
        self.states = states
        self.target = target
        self.limit = limit
    }

    /// The states listed when none are asked for.
    public static let defaultStates: Set<OutboxDelivery.State> = [.pending, .inFlight, .failed, .dead]
}

/// A filter for `outreach notify log`.
public struct DeliveryLogQuery: Hashable, Sendable {
    public var target: String?
    public var delivery: OutboxDelivery.ID?
    public var limit: Int?

    public init(target: String? = nil, delivery: OutboxDelivery.ID? = nil, limit: Int? = nil) {
        self.target = target
        self.delivery = delivery
        self.limit = limit
    }
}

/// Failures of the outbox that a user can act on.
public enum OutboxError: Error, Equatable, Sendable, CustomStringConvertible {
    case deliveryNotFound(OutboxDelivery.ID)
    case notRetryable(OutboxDelivery.ID, state: OutboxDelivery.State)

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        switch self {
        case .deliveryNotFound(let id):
            return NoticeMessages.noticeNotFound(id: id).text(language)
        case .notRetryable(let id, let state):
            return NoticeMessages.notRetryable(id: id, state: state).text(language)
        }
    }
}

extension OutboxError: LocalizedError {
    public var errorDescription: String? { description }
}
