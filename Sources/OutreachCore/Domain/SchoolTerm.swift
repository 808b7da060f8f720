/// A school term (学期): campus events outside terms get a warning.
public struct SchoolTerm: Hashable, Sendable, Codable {
    public typealias CalendarID = Identifier<SchoolTerm>

    public var calendar: CalendarID
    public var names: BilingualName
    public var start: LocalDate
    public var end: LocalDate

    public init(calendar: CalendarID, names: BilingualName, start: LocalDate, end: LocalDate) {
        self.calendar = calendar
        self.names = names
        self.start = start
        self.end = end
    }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= end }

    /// The calendar venues follow unless they name another.
    public static let defaultCalendar: CalendarID = "default"
}
