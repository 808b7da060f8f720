import Foundation

/// Local times during which notices wait (default 22:00–08:00); the range may wrap past midnight.
public struct QuietHours: Hashable, Sendable, CustomStringConvertible {
    public var start: LocalTime
    public var end: LocalTime
    /// Whether urgent notices are sent during quiet hours anyway. Default `true`.
    public var urgentOverrides: Bool

    public init(start: LocalTime, end: LocalTime, urgentOverrides: Bool = true) {
        self.start = start
        self.end = end
        self.urgentOverrides = urgentOverrides
    }

    /// 22:00–08:00, urgent notices excepted.
    public static let standard = QuietHours(
        start: LocalTime(uncheckedHour: 22, minute: 0), end: LocalTime(uncheckedHour: 8, minute: 0))

    /// Whether a local time of day falls inside (start inclusive, end exclusive).
    public func contains(_ time: LocalTime) -> Bool {
        if start == end { return false }
        if start < end { return time >= start && time < end }
        return time >= start || time < end
    }

    /// Parses `22:00-08:00` (also with `–` or `~`).
    public init?(parsing text: String) {
        let separators: [Character] = ["-", "–", "~"]
        let parts = text.split(omittingEmptySubsequences: false) { separators.contains($0) }
        guard parts.count == 2,
            let start = LocalTime(parts[0].trimmingCharacters(in: .whitespaces)),
            let end = LocalTime(parts[1].trimmingCharacters(in: .whitespaces))
        else { return nil }
        self.init(start: start, end: end)
    }

    /// `22:00-08:00`.
    public var description: String { "\(start)-\(end)" }
}

/// When a notice due at some time may actually go: after quiet hours and, for Feishu/Lark, off the
/// exact :00 and :30 minutes, when the platform's load spikes and it answers `11232`.
public enum SendWindow {
    /// How far a Feishu/Lark send is moved off :00 or :30.
    public static let feishuOffset: TimeInterval = 120

    /// The time to send a notice that is due at `due`.
    /// - Parameters:
    ///   - due: When the notice is due (UTC).
    ///   - urgent: Whether the notice is urgent.
    ///   - quietHours: Quiet hours, or nil for none.
    ///   - zone: The zone the quiet hours are in (`Asia/Shanghai` by default in config).
    ///   - kind: The target's platform.
    /// - Returns: `due`, or a later time.
    public static func adjustedSendTime(
        _ due: Date, urgent: Bool, quietHours: QuietHours?, zone: ZoneConverter, kind: NotifyTarget.Kind
    ) -> Date {
        var time = due
        if let quietHours, !(urgent && quietHours.urgentOverrides) {
            let local = zone.local(at: time)
            if quietHours.contains(local.time) {
                // The next end of quiet hours: today's when it is still ahead, else tomorrow's.
                var endDate = local.date
                if local.time >= quietHours.end { endDate = endDate.adding(days: 1) }
                time = max(time, zone.date(of: LocalDateTime(date: endDate, time: quietHours.end)))
            }
        }
        if kind == .feishu || kind == .lark {
            let local = zone.local(at: time)
            if local.time.minute == 0 || local.time.minute == 30 {
                let minuteStart = zone.date(of: local)
                time = max(time, minuteStart.addingTimeInterval(feishuOffset))
            }
        }
        return time
    }
}
