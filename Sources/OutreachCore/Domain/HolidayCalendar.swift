/// China's public holidays and adjusted working days (调休), one State Council notice per year.
///
/// Years without a loaded notice fall back to the default rule (Monday–Friday work, weekends rest) and
/// are *provisional*: only the statutory anchor days (元旦, 除夕…) are known, never invented 调休 dates.
public struct HolidayCalendar: Hashable, Sendable, Codable {
    /// A block of consecutive days off (`2026-10-01` to `2026-10-07`, 国庆节).
    public struct Block: Hashable, Sendable, Codable {
        public var names: BilingualName
        public var start: LocalDate
        public var end: LocalDate
        public init(names: BilingualName, start: LocalDate, end: LocalDate) {
            self.names = names
            self.start = start
            self.end = end
        }
        public var dayCount: Int { start.days(until: end) + 1 }
    }

    /// A weekend day that is worked to make up for a holiday.
    public struct AdjustedWorkday: Hashable, Sendable, Codable {
        public var date: LocalDate
        public var holiday: BilingualName
        public init(date: LocalDate, holiday: BilingualName) {
            self.date = date
            self.holiday = holiday
        }
    }

    /// One year's notice 《国务院办公厅关于XXXX年部分节假日安排的通知》.
    public struct Notice: Hashable, Sendable, Codable {
        public var year: Int
        public var sourceTitle: String
        public var sourceURL: String?
        public var publishedOn: LocalDate?
        public var offDays: [Block]
        public var adjustedWorkdays: [AdjustedWorkday]
        public init(
            year: Int, sourceTitle: String, sourceURL: String? = nil, publishedOn: LocalDate? = nil,
            offDays: [Block], adjustedWorkdays: [AdjustedWorkday]
        ) {
            self.year = year
            self.sourceTitle = sourceTitle
            self.sourceURL = sourceURL
            self.publishedOn = publishedOn
            self.offDays = offDays
            self.adjustedWorkdays = adjustedWorkdays
        }
    }

    /// A statutory holiday date fixed by law and astronomy, known before the year's notice.
    public struct Anchor: Hashable, Sendable, Codable {
        public var date: LocalDate
        public var names: BilingualName
        public init(date: LocalDate, names: BilingualName) {
            self.date = date
            self.names = names
        }
    }

    public var notices: [Int: Notice]
    public var anchors: [Anchor]

    public init(notices: [Notice] = [], anchors: [Anchor] = []) {
        self.notices = Dictionary(notices.map { ($0.year, $0) }, uniquingKeysWith: { _, last in last })
        self.anchors = anchors
    }

    /// Whether a notice is loaded for the year.
    public func hasNotice(for year: Int) -> Bool { notices[year] != nil }

    /// The holiday block containing the date. A notice may reach into the December before its year,
    /// so both that year's and the next year's notice are looked at.
    public func holiday(on date: LocalDate) -> Block? {
        for year in [date.year, date.year + 1] {
            if let block = notices[year]?.offDays.first(where: { $0.start <= date && date <= $0.end }) {
                return block
            }
        }
        return nil
    }

    /// The adjusted working day on the date, if it is one.
    public func adjustedWorkday(on date: LocalDate) -> AdjustedWorkday? {
        for year in [date.year, date.year + 1] {
            if let day = notices[year]?.adjustedWorkdays.first(where: { $0.date == date }) { return day }
        }
        return nil
    }

    /// Whether people work on the date: holidays rest, adjusted weekends work, otherwise Monday–Friday.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if holiday(on: date) != nil { return false }
        if adjustedWorkday(on: date) != nil { return true }
        return date.weekday <= 5
    }

    /// The statutory anchor on the date, for years whose notice is missing.
    public func anchor(on date: LocalDate) -> Anchor? { anchors.first { $0.date == date } }
}
