/// The subset of an RFC 5545 RRULE that campaigns use: DAILY, WEEKLY or MONTHLY, with INTERVAL,
/// BYDAY, BYMONTHDAY, COUNT and UNTIL. Weeks start on Monday.
///
/// ```
/// FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8
/// FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231
/// ```
public struct RecurrenceRule: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Frequency: String, Hashable, Sendable, Codable, CaseIterable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY"
    }

    /// A BYDAY entry: a weekday, optionally the nth (or nth from the end, when negative) in the month.
    public struct WeekdayEntry: Hashable, Sendable, Codable, CustomStringConvertible {
        public var ordinal: Int?
        /// ISO weekday, 1 is Monday.
        public var weekday: Int
        public init(ordinal: Int? = nil, weekday: Int) {
            self.ordinal = ordinal
            self.weekday = weekday
        }
        public var description: String { (ordinal.map(String.init) ?? "") + RecurrenceRule.weekdayCodes[weekday - 1] }
    }

    public var frequency: Frequency
    public var interval: Int
    public var byDay: [WeekdayEntry]
    public var byMonthDay: [Int]
    public var count: Int?
    /// The last moment an occurrence may start, local time; a date-only UNTIL means the end of that day.
    public var until: LocalDateTime?
    /// UNTIL was written as a date (`20271215`) rather than a date and time.
    public var untilIsDate: Bool

    public init(
        frequency: Frequency, interval: Int = 1, byDay: [WeekdayEntry] = [], byMonthDay: [Int] = [],
        count: Int? = nil, until: LocalDateTime? = nil, untilIsDate: Bool = true
    ) {
        self.frequency = frequency
        self.interval = interval
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.count = count
        self.until = until
        self.untilIsDate = untilIsDate
    }

    static let weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// The rule in canonical RRULE form (`FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`).
    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.description).joined(separator: ",")) }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ",")) }
        if let count { parts.append("COUNT=\(count)") }
        if let until {
            parts.append("UNTIL=" + (untilIsDate ? until.date.compactDescription : until.compactDescription))
        }
        return parts.joined(separator: ";")
    }

    /// Why a rule cannot be read.
    public enum ParseError: Error, Hashable, Sendable {
        case empty
        case malformedPart(String)
        case unknownPart(String, suggestion: String?)
        case duplicatePart(String)
        case missingFrequency
        case unsupportedFrequency(String)
        case invalidInterval(String)
        case invalidCount(String)
        case invalidUntil(String)
        case invalidByDay(String)
        case invalidByMonthDay(String)
        case countAndUntil
        case byMonthDayWithWeekly
        case ordinalOutsideMonthly(String)
        case unsupportedWeekStart(String)
    }

    static let supportedParts = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"]

    /// Parses an RRULE value; an optional `RRULE:` prefix is accepted.
    public static func parse(_ text: String) throws(ParseError) -> RecurrenceRule {
        var body = text.trimmingCharacters(in: " ")
        if body.uppercased().hasPrefix("RRULE:") { body = String(body.dropFirst(6)) }
        guard !body.isEmpty else { throw .empty }
        var seen = Set<String>()
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        for part in body.split(separator: ";", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty else { throw .malformedPart(String(part)) }
            let name = pieces[0].uppercased().trimmingCharacters(in: " ")
            let value = pieces[1].trimmingCharacters(in: " ")
            guard supportedParts.contains(name) else {
                throw .unknownPart(String(pieces[0]), suggestion: nearest(to: name, in: supportedParts))
            }
            guard seen.insert(name).inserted else { throw .duplicatePart(name) }
            switch name {
            case "FREQ":
                guard let f = Frequency(rawValue: value.uppercased()) else { throw .unsupportedFrequency(value) }
                frequency = f
            case "INTERVAL":
                guard let n = Int(value), n >= 1, n <= 1000, value.allSatisfy(\.isASCIIDigit) else {
                    throw .invalidInterval(value)
                }
                rule.interval = n
            case "COUNT":
                guard let n = Int(value), n >= 1, n <= 10_000, value.allSatisfy(\.isASCIIDigit) else {
                    throw .invalidCount(value)
                }
                rule.count = n
            case "UNTIL":
                if let date = LocalDate(compact: value) {
                    rule.until = LocalDateTime(date: date, time: LocalTime(uncheckedHour: 23, minute: 59))
                    rule.untilIsDate = true
                } else if value.utf8.count == 15, let date = LocalDate(compact: value.prefix(8)),
                    value.dropFirst(8).first == "T", value.suffix(2) == "00",
                    let time = LocalTime(value.dropFirst(9).prefix(2) + ":" + value.dropFirst(11).prefix(2))
                {
                    rule.until = LocalDateTime(date: date, time: time)
                    rule.untilIsDate = false
                } else if let date = LocalDate(value) {
                    rule.until = LocalDateTime(date: date, time: LocalTime(uncheckedHour: 23, minute: 59))
                    rule.untilIsDate = true
                } else {
                    throw .invalidUntil(value)
                }
            case "BYDAY":
                rule.byDay = try value.split(separator: ",", omittingEmptySubsequences: false).map {
                    (entry) throws(ParseError) -> WeekdayEntry in
                    try parseWeekday(String(entry).trimmingCharacters(in: " "))
                }
            case "BYMONTHDAY":
                rule.byMonthDay = try value.split(separator: ",", omittingEmptySubsequences: false).map {
                    (entry) throws(ParseError) -> Int in
                    let trimmed = entry.trimmingCharacters(in: " ")
                    guard let n = Int(trimmed), n != 0, (-31...31).contains(n) else {
                        throw .invalidByMonthDay(trimmed)
                    }
                    return n
                }
            default:  // WKST
                guard value.uppercased() == "MO" else { throw .unsupportedWeekStart(value) }
            }
        }
        guard let frequency else { throw .missingFrequency }
        rule.frequency = frequency
        if rule.count != nil, rule.until != nil { throw .countAndUntil }
        if frequency == .weekly, !rule.byMonthDay.isEmpty { throw .byMonthDayWithWeekly }
        if frequency != .monthly, let entry = rule.byDay.first(where: { $0.ordinal != nil }) {
            throw .ordinalOutsideMonthly(entry.description)
        }
        return rule
    }

    private static func parseWeekday(_ text: String) throws(ParseError) -> WeekdayEntry {
        let upper = text.uppercased()
        guard upper.count >= 2 else { throw .invalidByDay(text) }
        let code = String(upper.suffix(2))
        let prefix = upper.dropLast(2)
        guard let index = weekdayCodes.firstIndex(of: code) else { throw .invalidByDay(text) }
        if prefix.isEmpty { return WeekdayEntry(weekday: index + 1) }
        guard let n = Int(prefix), n != 0, (-5...5).contains(n) else { throw .invalidByDay(text) }
        return WeekdayEntry(ordinal: n, weekday: index + 1)
    }

    // MARK: Expansion

    /// The dates on which the rule starts an occurrence, from `start` (which the rule must match)
    /// up to `limit` inclusive, before excluded dates are removed. COUNT counts these.
    ///
    /// - Parameters:
    ///   - start: the first occurrence (DTSTART's date).
    ///   - startTime: DTSTART's wall-clock time, compared with a timed UNTIL.
    ///   - limit: no occurrence after this date is produced (the campaign's last day).
    public func dates(from start: LocalDate, at startTime: LocalTime = .midnight, through limit: LocalDate)
        -> [LocalDate]
    {
        dates(from: start, at: startTime, through: limit, maximum: min(count ?? Int.max, Self.occurrenceLimit))
    }

    /// The most occurrences one rule is expanded to; a rule without COUNT that would give more is cut
    /// there (and `validate` warns, see ``isCut(from:at:through:)``).
    public static let occurrenceLimit = 10_000

    /// Whether ``dates(from:at:through:)`` leaves out occurrences because of ``occurrenceLimit``.
    public func isCut(from start: LocalDate, at startTime: LocalTime = .midnight, through limit: LocalDate) -> Bool {
        guard count == nil else { return false }
        return dates(from: start, at: startTime, through: limit, maximum: Self.occurrenceLimit + 1).count
            > Self.occurrenceLimit
    }

    private func dates(from start: LocalDate, at startTime: LocalTime, through limit: LocalDate, maximum: Int)
        -> [LocalDate]
    {
        var result: [LocalDate] = []
        var last = limit
        if let until {
            let untilDate = startTime <= until.time ? until.date : until.date.adding(days: -1)
            last = min(last, untilDate)
        }
        func take(_ date: LocalDate) -> Bool {
            guard date >= start else { return true }
            guard date <= last, result.count < maximum else { return false }
            result.append(date)
            return true
        }
        switch frequency {
        case .daily:
            var day = start
            while day <= last, result.count < maximum {
                if matchesFilters(day) { _ = take(day) }
                day = day.adding(days: interval)
            }
        case .weekly:
            let weekdays = byDay.isEmpty ? [start.weekday] : Array(Set(byDay.map(\.weekday))).sorted()
            var monday = start.startOfWeek
            outer: while monday <= last {
                for weekday in weekdays where !take(monday.adding(days: weekday - 1)) { break outer }
                monday = monday.adding(days: 7 * interval)
            }
        case .monthly:
            var first = start.firstOfMonth
            outer: while first <= last {
                for day in monthDays(in: first, start: start) where !take(day) { break outer }
                guard let next = first.adding(months: interval) else { break }
                first = next
            }
        }
        return result
    }

    /// Whether DTSTART's date is one the rule would produce (RFC 5545 leaves other starts undefined).
    public func matches(start: LocalDate) -> Bool {
        switch frequency {
        case .daily: return matchesFilters(start)
        case .weekly: return byDay.isEmpty || byDay.contains { $0.weekday == start.weekday }
        case .monthly: return monthDays(in: start.firstOfMonth, start: start).contains(start)
        }
    }

    private func matchesFilters(_ day: LocalDate) -> Bool {
        if !byDay.isEmpty, !byDay.contains(where: { $0.weekday == day.weekday }) { return false }
        if !byMonthDay.isEmpty {
            let length = LocalDate.daysIn(month: day.month, year: day.year)
            if !byMonthDay.contains(where: { ($0 > 0 ? $0 : length + 1 + $0) == day.day }) { return false }
        }
        return true
    }

    /// The candidate days of one month, sorted.
    private func monthDays(in first: LocalDate, start: LocalDate) -> [LocalDate] {
        let length = LocalDate.daysIn(month: first.month, year: first.year)
        var days = Set<Int>()
        if !byMonthDay.isEmpty {
            for n in byMonthDay {
                let day = n > 0 ? n : length + 1 + n
                guard (1...length).contains(day) else { continue }
                if byDay.isEmpty || byDay.contains(where: { $0.weekday == first.adding(days: day - 1).weekday }) {
                    days.insert(day)
                }
            }
        } else if !byDay.isEmpty {
            for entry in byDay {
                let firstWeekday = first.weekday
                let firstMatch = 1 + (entry.weekday - firstWeekday + 7) % 7
                let all = Array(stride(from: firstMatch, through: length, by: 7))
                if let ordinal = entry.ordinal {
                    let index = ordinal > 0 ? ordinal - 1 : all.count + ordinal
                    if all.indices.contains(index) { days.insert(all[index]) }
                } else {
                    days.formUnion(all)
                }
            }
        } else if start.day <= length {
            days.insert(start.day)
        }
        return days.sorted().map { first.adding(days: $0 - 1) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice.removeFirst() }
        while slice.last == set { slice.removeLast() }
        return String(slice)
    }
}
