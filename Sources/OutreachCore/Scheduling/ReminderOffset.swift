import Foundation

/// When an event reminder goes, relative to the event's start: a number of days before at a local
/// time (`1d@09:00`, the day before at 09:00), or a fixed time before (`1h`, `30m`).
///
/// All-day events get only the day-based reminders.
public enum ReminderOffset: Hashable, Sendable, CustomStringConvertible {
    /// `days` days before the event's start date, at `time` in the event's zone.
    case daysBefore(Int, at: LocalTime)
    /// This many minutes before a timed event's start.
    case minutesBefore(Int)

    /// The default: the day before at 09:00 and one hour before the start.
    public static let defaults: [ReminderOffset] = [
        .daysBefore(1, at: LocalTime(uncheckedHour: 9, minute: 0)), .minutesBefore(60),
    ]

    /// Parses `1d@09:00`, `2d@17:30`, `1h`, `90m` or `2h30m`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let at = trimmed.firstIndex(of: "@") {
            let dayPart = trimmed[..<at]
            guard dayPart.hasSuffix("d"), let days = Int(dayPart.dropLast()), (1...30).contains(days),
                let time = LocalTime(trimmed[trimmed.index(after: at)...])
            else { return nil }
            self = .daysBefore(days, at: time)
            return
        }
        var minutes = 0
        var digits = ""
        var sawUnit = false
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "h" || character == "m", let value = Int(digits) {
                minutes += character == "h" ? value * 60 : value
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard digits.isEmpty, sawUnit, minutes > 0, minutes <= 7 * 24 * 60 else { return nil }
        self = .minutesBefore(minutes)
    }

    /// `1d@09:00`, `1h`, `90m`: the form it is written in, also a part of idempotency keys.
    public var description: String {
        switch self {
        case .daysBefore(let days, let time): "\(days)d@\(time)"
        case .minutesBefore(let minutes): minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes)m"
        }
    }

    /// How the reminder says when the event is: "明天" / "tomorrow", "1 小时后" / "in 1 hour".
    public var label: BilingualName {
        switch self {
        case .daysBefore(let days, _) where days == 1 || days == 2: return NoticeMessages.daysAhead(days).names
        case .daysBefore(let days, _): return NoticeMessages.inDays(days).names
        case .minutesBefore(let minutes):
            if minutes % 60 == 0 { return NoticeMessages.hoursAhead(minutes / 60).names }
            return NoticeMessages.minutesAhead(minutes).names
        }
    }

    /// The local time the reminder is due for an event starting at `start`, or nil when it does not
    /// apply (a fixed offset before an all-day event).
    public func due(start: LocalDateTime, allDay: Bool) -> LocalDateTime? {
        switch self {
        case .daysBefore(let days, let time):
            return LocalDateTime(date: start.date.adding(days: -days), time: time)
        case .minutesBefore(let minutes):
            guard !allDay else { return nil }
            return LocalDateTime(minuteNumber: start.minuteNumber - minutes)
        }
    }
}
