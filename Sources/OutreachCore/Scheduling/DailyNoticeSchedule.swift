/// When the day's notices are made — the morning digest, and the off-track alerts beside it: once a
/// local day, from a time of day until 12 hours after it. A worker started in the evening therefore does
/// not send that morning's digest, and one restarted after the notices were made does not make them again
/// (the outbox's idempotency keys also refuse a second copy).
///
/// The worker carries the rule out; the rule itself is here so that the CLI's worker, the web server and a
/// PostgreSQL deployment's workers all make the day's notices at the same moment.
public struct DailyNoticeSchedule: Hashable, Sendable {
    /// The time of day the off-track alerts are made when no digest is configured.
    public static let alertsOnlyTime = LocalTime(hour: 8, minute: 0)!

    /// How long after their time a day's notices are still made, in minutes.
    public static let latenessLimit = 12 * 60

    /// The time of day the notices are made.
    public let time: LocalTime

    public init(time: LocalTime) {
        self.time = time
    }

    /// The schedule for what a worker makes: at the digest time when it makes digests, at 08:00 when it
    /// makes only the other daily notices, and none when it makes neither.
    /// - Parameters:
    ///   - digestTime: `notify.digest` from the configuration, if set.
    ///   - makesDigests: Whether the worker has the campaigns a digest is made from.
    ///   - makesOtherNotices: Whether it makes other daily notices (the scorecard's off-track alerts).
    public init?(digestTime: LocalTime?, makesDigests: Bool, makesOtherNotices: Bool) {
        if makesDigests, let digestTime {
            self.init(time: digestTime)
        } else if makesOtherNotices {
            self.init(time: Self.alertsOnlyTime)
        } else {
            return nil
        }
    }

    /// The day whose notices are due at the local time `now`, or nil when none are: it is before their
    /// time, 12 hours or more after it, or that day's notices were made already.
    /// - Parameter lastMade: The last day whose notices were made, if any.
    public func dueDay(at now: LocalDateTime, lastMade: LocalDate?) -> LocalDate? {
        let minutesLate = now.time.minuteOfDay - time.minuteOfDay
        guard minutesLate >= 0, minutesLate < Self.latenessLimit, lastMade != now.date else { return nil }
        return now.date
    }

    /// The next local time after `now` at which notices are made: today's time if it is still ahead,
    /// otherwise tomorrow's.
    public func next(after now: LocalDateTime) -> LocalDateTime {
        let day = now.time < time ? now.date : now.date.adding(days: 1)
        return LocalDateTime(date: day, time: time)
    }
}
