/// A calendar date without a time zone (`2027-03-15`), as staff write it.
///
/// Arithmetic works on a day number (days since 1970-01-01), so it is exact and needs no `Calendar`.
public struct LocalDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01: the whole representation, so dates are small, hash fast and compare as numbers.
    private let storage: Int32

    /// Creates a date, or returns nil when the day does not exist (2027-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        storage = Int32(LocalDate.dayNumber(year: year, month: month, day: day))
    }

    /// Creates a date from a day number (days since 1970-01-01).
    public init(dayNumber: Int) { storage = Int32(truncatingIfNeeded: dayNumber) }

    /// Days since 1970-01-01.
    public var dayNumber: Int { Int(storage) }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// Year, month and day from the day number.
    public var civil: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday (ISO 4).
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// The same day in another month, or nil when that month is shorter.
    public func adding(months: Int) -> LocalDate? {
        let c = civil
        let index = c.year * 12 + (c.month - 1) + months
        return LocalDate(year: index / 12, month: index % 12 + 1, day: c.day)
    }

    public var firstOfMonth: LocalDate { adding(days: 1 - day) }
    public var lastOfMonth: LocalDate {
        let c = civil
        return adding(days: LocalDate.daysIn(month: c.month, year: c.year) - c.day)
    }
    /// The Monday of this date's week (weeks start on Monday).
    public var startOfWeek: LocalDate { adding(days: 1 - weekday) }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.storage < rhs.storage }

    /// `2027-03-15` (a date reached by arithmetic past the year 9999 gets its five digits).
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `2027-03-15` as ASCII bytes (years 0 to 9999).
    public func write(into out: inout [UInt8]) {
        let c = civil
        appendDigits(c.year, 4, &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(c.month, 2, &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(c.day, 2, &out)
    }

    /// `20270315`, the iCalendar form.
    public var compactDescription: String {
        let c = civil
        return "\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))"
    }

    /// `2027-03`.
    public var monthDescription: String {
        let c = civil
        return "\(pad(c.year, 4))-\(pad(c.month, 2))"
    }

    /// Parses `2027-03-15` strictly (four-digit year, two-digit month and day).
    public init?(_ text: some StringProtocol) {
        var string = String(text)
        guard let date = string.withUTF8({ LocalDate(utf8: $0) }) else { return nil }
        self = date
    }

    /// Parses `2027-03-15` from UTF-8 bytes.
    public init?(utf8 u: UnsafeBufferPointer<UInt8>) {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            let y = digits(u, 0, 4), let m = digits(u, 5, 2), let d = digits(u, 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses `20270315`.
    public init?(compact text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 8, let y = digits(u, 0, 4), let m = digits(u, 4, 2), let d = digits(u, 6, 2) else {
            return nil
        }
        self.init(year: y, month: m, day: d)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "Expected a date like 2027-03-15.")
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Zero-padded decimal.
func pad(_ value: Int, _ width: Int) -> String {
    guard value >= 0 else {
        let text = String(value)
        return text.utf8.count >= width ? text : String(repeating: "0", count: width - text.utf8.count) + text
    }
    var bytes: [UInt8] = []
    appendDigits(value, width, &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends a non-negative number in decimal, zero-padded to at least `width` digits.
func appendDigits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
    var digits = 1, limit = 10
    while value >= limit, digits < 19 {
        digits += 1
        limit &*= 10
    }
    let count = max(digits, width)
    let start = out.count
    out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
    var rest = value
    var i = start + count - 1
    while rest > 0 {
        out[i] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        i -= 1
    }
}

/// The decimal number in `bytes[start..<start+count]`, or nil if any byte is not a digit.
func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
    bytes.withUnsafeBufferPointer { digits($0, start, count) }
}

func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    var value = 0
    for i in start..<(start + count) {
        let b = bytes[i]
        guard b >= 48, b <= 57 else { return nil }
        value = value * 10 + Int(b - 48)
    }
    return value
}
