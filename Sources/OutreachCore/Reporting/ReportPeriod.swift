/// A reporting period: a year (`2027`), a half (`2027-H1`), a quarter (`2027-Q1`), a month (`2027-03`)
/// or any dates (`2027-03-01..2027-03-20`).
public struct ReportPeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        case year, half, quarter, month, dates
    }

    public var kind: Kind
    public var start: LocalDate
    public var end: LocalDate

    public init(kind: Kind, start: LocalDate, end: LocalDate) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    /// Parses `2027`, `2027-H1`, `2027-Q1` or `2027-03`; nil for anything else.
    public init?(_ text: String) {
        let upper = text.uppercased()
        let parts = upper.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), (2000...2100).contains(year) else {
            return nil
        }
        func months(_ from: Int, _ to: Int) -> (LocalDate, LocalDate)? {
            guard let start = LocalDate(year: year, month: from, day: 1),
                let endFirst = LocalDate(year: year, month: to, day: 1)
            else { return nil }
            return (start, endFirst.lastOfMonth)
        }
        switch parts.count {
        case 1:
            guard let (s, e) = months(1, 12) else { return nil }
            self.init(kind: .year, start: s, end: e)
        case 2:
            let tail = parts[1]
            if tail.hasPrefix("H"), let n = Int(tail.dropFirst()), (1...2).contains(n), tail.count == 2,
                let (s, e) = months(n * 6 - 5, n * 6)
            {
                self.init(kind: .half, start: s, end: e)
            } else if tail.hasPrefix("Q"), let n = Int(tail.dropFirst()), (1...4).contains(n), tail.count == 2,
                let (s, e) = months(n * 3 - 2, n * 3)
            {
                self.init(kind: .quarter, start: s, end: e)
            } else if tail.count == 2, tail.allSatisfy(\.isASCIIDigit), let n = Int(tail), (1...12).contains(n),
                let (s, e) = months(n, n)
            {
                self.init(kind: .month, start: s, end: e)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// The period of a month index (`year * 12 + month - 1`).
    public static func month(_ index: Int) -> ReportPeriod {
        let start = ReachCubeMonth.firstDay(ofMonth: index)
        return ReportPeriod(kind: .month, start: start, end: start.lastOfMonth)
    }

    public var dayCount: Int { start.days(until: end) + 1 }
    public var year: Int { start.year }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= end }

    /// `2027`, `2027-H1`, `2027-Q1`, `2027-03` or `2027-03-01..2027-03-20`.
    public var description: String {
        switch kind {
        case .year: String(start.year)
        case .half: "\(start.year)-H\(start.month <= 6 ? 1 : 2)"
        case .quarter: "\(start.year)-Q\((start.month - 1) / 3 + 1)"
        case .month: start.monthDescription
        case .dates: "\(start)..\(end)"
        }
    }

    /// The month indexes the period touches.
    public var months: ClosedRange<Int> { ReachCubeMonth.index(of: start)...ReachCubeMonth.index(of: end) }

    /// The share of the period elapsed by the end of `today` (0 before it starts, 1 after it ends).
    public func elapsedShare(asOf today: LocalDate) -> Double {
        if today < start { return 0 }
        if today >= end { return 1 }
        return Double(start.days(until: today) + 1) / Double(dayCount)
    }
}

extension ReportPeriod {
    /// The period as people say it: "2027 年第一季度" / "2027 Q1".
    public var names: BilingualName {
        ReportMessages.period(self).names
    }
}
