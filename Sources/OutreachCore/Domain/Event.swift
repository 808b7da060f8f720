/// One scheduled occurrence (活动场次) of a campaign on one channel at one venue, possibly recurring.
public struct Event: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Event>

    /// When the event happens, in the branch's local time.
    public enum Timing: Hashable, Sendable, Codable {
        /// A timed event: start and end wall-clock times (the end may fall on a later day).
        case timed(start: LocalDateTime, end: LocalDateTime)
        /// An all-day event or a multi-day display (a poster up for two weeks): inclusive dates.
        case allDay(start: LocalDate, end: LocalDate)

        public var startDate: LocalDate {
            switch self {
            case .timed(let start, _): start.date
            case .allDay(let start, _): start
            }
        }

        public var endDate: LocalDate {
            switch self {
            case .timed(_, let end): end.time == .midnight && end.date > startDate ? end.date.adding(days: -1) : end.date
            case .allDay(_, let end): end
            }
        }

        public var isAllDay: Bool {
            if case .allDay = self { return true }
            return false
        }

        /// Length in minutes (all-day spans count whole days).
        public var durationMinutes: Int {
            switch self {
            case .timed(let start, let end): end.minuteNumber - start.minuteNumber
            case .allDay(let start, let end): (start.days(until: end) + 1) * 1440
            }
        }

        /// The same timing moved so that it starts on another date.
        public func moved(to date: LocalDate) -> Timing {
            let shift = startDate.days(until: date)
            switch self {
            case .timed(let start, let end):
                return .timed(
                    start: LocalDateTime(date: start.date.adding(days: shift), time: start.time),
                    end: LocalDateTime(date: end.date.adding(days: shift), time: end.time)
                )
            case .allDay(let start, let end):
                return .allDay(start: start.adding(days: shift), end: end.adding(days: shift))
            }
        }
    }

    public var id: ID
    public var campaign: Campaign.ID
    public var title: BilingualName
    public var channel: Channel.ID
    public var venue: Venue.ID
    public var branch: Branch.ID
    public var timing: Timing
    public var recurrence: RecurrenceRule?
    /// Dates on which a recurring event does not happen (EXDATE).
    public var exceptDates: [LocalDate]
    public var staff: [String]
    public var expectedReach: Int?
    public var capacity: Int?
    public var status: EventStatus
    public var notes: String?

    public init(
        id: ID, campaign: Campaign.ID, title: BilingualName, channel: Channel.ID, venue: Venue.ID, branch: Branch.ID,
        timing: Timing, recurrence: RecurrenceRule? = nil, exceptDates: [LocalDate] = [], staff: [String] = [],
        expectedReach: Int? = nil, capacity: Int? = nil, status: EventStatus = .planned, notes: String? = nil
    ) {
        self.id = id
        self.campaign = campaign
        self.title = title
        self.channel = channel
        self.venue = venue
        self.branch = branch
        self.timing = timing
        self.recurrence = recurrence
        self.exceptDates = exceptDates
        self.staff = staff
        self.expectedReach = expectedReach
        self.capacity = capacity
        self.status = status
        self.notes = notes
    }
}
