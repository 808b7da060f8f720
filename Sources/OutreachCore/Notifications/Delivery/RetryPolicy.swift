import Foundation

/// How often and how long a transiently failed notice is retried.
///
/// Backoff is exponential with full jitter: before attempt n+1 the wait is a random duration in
/// `0...min(maxDelay, initialDelay × 2^(n-1))`, never shorter than a `Retry-After` or platform pause.
public struct RetryPolicy: Hashable, Sendable {
    /// The ceiling of the first wait. Default 5 s.
    public var initialDelay: Duration
    /// The largest ceiling. Default 30 min.
    public var maxDelay: Duration
    /// Attempts in all, the first included. Default 10.
    public var maxAttempts: Int
    /// A notice older than this (from its first attempt) is not retried. Default 24 h.
    public var maxAge: Duration

    public init(
        initialDelay: Duration = .seconds(5), maxDelay: Duration = .seconds(1800), maxAttempts: Int = 10,
        maxAge: Duration = .seconds(86_400)
    ) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
    }

    /// The jitter ceiling after `attempt` failed attempts (1-based).
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        var ceiling = initialDelay
        for _ in 1..<max(1, attempt) {
            ceiling *= 2
            if ceiling >= maxDelay { return maxDelay }
        }
        return min(ceiling, maxDelay)
    }
}

/// The retry decisions for one part of one notice to one target, as a pure state machine:
/// outcomes in, actions out. The delivery worker carries out the actions; tests drive it with a test clock.
///
/// ```swift
/// var machine = DeliveryStateMachine(policy: policy, firstAttempt: clock.now)
/// switch machine.attemptFinished(outcome, at: clock.now, random: &generator) {
/// case .done: …
/// case .retry(let at, let pauseBotUntil): …
/// case .dead(let failure, let reason): …
/// }
/// ```
public struct DeliveryStateMachine<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration, Instant: Sendable {
    /// Why a notice went to the dead letters.
    public enum DeadReason: Hashable, Sendable {
        /// The platform said something only a person can fix.
        case permanent(DeliveryFix)
        /// Every attempt failed.
        case attemptsExhausted(Int)
        /// The next retry would come after the notice's maximum age.
        case tooOld
    }

    /// What to do next.
    public enum Action: Hashable, Sendable {
        /// Delivered; nothing more to do.
        case done
        /// Try again at `at`; when `pauseBotUntil` is set, hold every send to the same bot until then.
        case retry(at: Instant, pauseBotUntil: Instant?)
        /// Give up.
        case dead(DeliveryFailure, DeadReason)
    }

    public let policy: RetryPolicy
    /// When the first attempt was made (or the notice became due).
    public let firstAttempt: Instant
    /// Attempts made so far.
    public private(set) var attempts: Int

    public init(policy: RetryPolicy, firstAttempt: Instant, attempts: Int = 0) {
        self.policy = policy
        self.firstAttempt = firstAttempt
        self.attempts = attempts
    }

    /// Records the outcome of an attempt and decides the next step.
    /// - Parameters:
    ///   - outcome: The classified outcome.
    ///   - now: When the attempt finished.
    ///   - random: The jitter source (injected so tests are repeatable).
    /// - Returns: The action to carry out.
    public mutating func attemptFinished(
        _ outcome: DeliveryOutcome, at now: Instant, random: inout some RandomNumberGenerator
    ) -> Action {
        attempts += 1
        switch outcome {
        case .sent:
            return .done
        case .permanent(let failure, let fix):
            return .dead(failure, .permanent(fix))
        case .transient(let failure, let retryAfter, let pause):
            guard attempts < policy.maxAttempts else { return .dead(failure, .attemptsExhausted(attempts)) }
            let ceiling = policy.ceiling(afterAttempt: attempts)
            let ceilingNanoseconds = max(0, ceiling.nanoseconds)
            let jitter = Duration.nanoseconds(Int64.random(in: 0...ceilingNanoseconds, using: &random))
            var wait = jitter
            if let retryAfter { wait = max(wait, retryAfter) }
            if let pause { wait = max(wait, pause) }
            let next = now.advanced(by: wait)
            if firstAttempt.duration(to: next) > policy.maxAge { return .dead(failure, .tooOld) }
            return .retry(at: next, pauseBotUntil: pause.map { now.advanced(by: $0) })
        }
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return scaled + attoseconds / 1_000_000_000
    }
}

/// A wall-clock instant (a `Date`) usable with ``DeliveryStateMachine``, for the store-backed outbox,
/// whose retry times must survive a restart.
public struct WallInstant: InstantProtocol, Sendable {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public func advanced(by duration: Duration) -> WallInstant {
        WallInstant(date.addingTimeInterval(Double(duration.nanoseconds) / 1e9))
    }

    public func duration(to other: WallInstant) -> Duration {
        .nanoseconds(Int64(((other.date.timeIntervalSince1970 - date.timeIntervalSince1970) * 1e9).rounded()))
    }

    public static func < (lhs: WallInstant, rhs: WallInstant) -> Bool { lhs.date < rhs.date }
}
