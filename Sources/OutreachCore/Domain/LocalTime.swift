/// A wall-clock time of day (`09:30`), minutes precision.
public struct LocalTime: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    private let storage: Int16

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        storage = Int16(hour * 60 + minute)
    }

    public var hour: Int { Int(storage) / 60 }
    public var minute: Int { Int(storage) % 60 }

    /// Minutes since midnight.
    public var minuteOfDay: Int { Int(storage) }

    public static let midnight = LocalTime(uncheckedHour: 0, minute: 0)

    init(uncheckedHour hour: Int, minute: Int) {
        storage = Int16(hour * 60 + minute)
    }

    /// Parses `9:30`, `09:30` or `09:30:00` (seconds must be zero).
    public init?(_ text: some StringProtocol) {
        var string = String(text)
        guard let time = string.withUTF8({ LocalTime(utf8: $0) }) else { return nil }
        self = time
    }

    /// Parses a time from UTF-8 bytes.
    public init?(utf8 u: UnsafeBufferPointer<UInt8>) {
        let colon = UInt8(ascii: ":")
        let hourLength: Int
        if u.count >= 2, u[1] == colon { hourLength = 1 } else if u.count >= 3, u[2] == colon { hourLength = 2 } else { return nil }
        let rest = u.count - hourLength - 1
        guard rest == 2 || (rest == 5 && u[hourLength + 3] == colon && u[hourLength + 4] == 48 && u[hourLength + 5] == 48),
            let h = digits(u, 0, hourLength), let m = digits(u, hourLength + 1, 2)
        else { return nil }
        self.init(hour: h, minute: m)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.storage < rhs.storage }

    /// `09:30`.
    public var description: String {
        var bytes: [UInt8] = []
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `09:30` as ASCII bytes.
    public func write(into out: inout [UInt8]) {
        appendDigits(hour, 2, &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(minute, 2, &out)
    }

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

    /// Parses `2027-03-15 09:30` or `2027-03-15T09:30` (spaces after the date are allowed).
    public init?(_ text: some StringProtocol) {
        var string = String(text)
        guard let value = string.withUTF8({ LocalDateTime(utf8: $0) }) else { return nil }
        self = value
    }

    /// Parses a date and time from UTF-8 bytes.
    public init?(utf8 u: UnsafeBufferPointer<UInt8>) {
        guard u.count >= 15, u[10] == UInt8(ascii: " ") || u[10] == UInt8(ascii: "T"),
            let date = LocalDate(utf8: UnsafeBufferPointer(rebasing: u[0..<10]))
        else { return nil }
        var start = 11
        while start < u.count, u[start] == UInt8(ascii: " ") { start += 1 }
        guard let time = LocalTime(utf8: UnsafeBufferPointer(rebasing: u[start...])) else { return nil }
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
