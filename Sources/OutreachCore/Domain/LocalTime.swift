/// A wall-clock time of day (`09:30`), minutes precision.
public struct LocalTime: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Minutes since midnight.
    public var minuteOfDay: Int { hour * 60 + minute }

    public static let midnight = LocalTime(uncheckedHour: 0, minute: 0)

    init(uncheckedHour hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Parses `9:30`, `09:30` or `09:30:00` (seconds must be zero).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            let h = Int(parts[0]), parts[0].count <= 2, parts[0].allSatisfy(\.isASCII),
            parts[1].count == 2, let m = Int(parts[1]), parts[1].allSatisfy(\.isASCII)
        else { return nil }
        if parts.count == 3 {
            guard parts[2] == "00" else { return nil }
        }
        self.init(hour: h, minute: m)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minuteOfDay < rhs.minuteOfDay }

    /// `09:30`.
    public var description: String { "\(pad(hour, 2)):\(pad(minute, 2))" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = LocalTime(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Expected a time like 09:30.")
            )
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A local date and wall-clock time, without a zone.
public struct LocalDateTime: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime

    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }

    /// Minutes since 1970-01-01 00:00 in the same (unnamed) zone.
    public var minuteNumber: Int { date.dayNumber * 1440 + time.minuteOfDay }

    public init(minuteNumber: Int) {
        let day = minuteNumber >= 0 ? minuteNumber / 1440 : (minuteNumber - 1439) / 1440
        let rest = minuteNumber - day * 1440
        date = LocalDate(dayNumber: day)
        time = LocalTime(uncheckedHour: rest / 60, minute: rest % 60)
    }

    /// `2027-03-15 09:30`.
    public var description: String { "\(date) \(time)" }

    /// `20270315T093000`, the iCalendar form.
    public var compactDescription: String { "\(date.compactDescription)T\(pad(time.hour, 2))\(pad(time.minute, 2))00" }

    /// Parses `2027-03-15 09:30` or `2027-03-15T09:30`.
    public init?(_ text: some StringProtocol) {
        let s = String(text)
        guard s.utf8.count >= 15 else { return nil }
        let dateEnd = s.index(s.startIndex, offsetBy: 10)
        let separator = s[dateEnd]
        guard separator == " " || separator == "T", let date = LocalDate(s[..<dateEnd]),
            let time = LocalTime(s[s.index(after: dateEnd)...].trimmingLeadingSpaces())
        else { return nil }
        self.init(date: date, time: time)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Expected a date and time like 2027-03-15 09:30.")
            )
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Substring {
    func trimmingLeadingSpaces() -> Substring { drop(while: { $0 == " " }) }
}
