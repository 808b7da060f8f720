import OutreachCore

/// The calendar of the web app: a month, a week or an agenda of occurrences (the same expansion as
/// `outreach plan`, through `PlanListing`), each day with its public holiday, and the schedule conflicts among
/// the events shown (the same `ScheduleChecker` as `outreach validate`).
public struct CalendarListing: Sendable {
    /// How much the calendar shows around its date.
    public enum View: String, Hashable, Sendable, CaseIterable {
        /// The weeks (Monday to Sunday) covering the month of the date.
        case month
        /// The week (Monday to Sunday) of the date.
        case week
        /// 30 days from the date, days with events only.
        case agenda
    }

    /// What to show: the view, its date and the filters (nil shows all).
    public struct Query: Hashable, Sendable {
        public var view: View
        public var date: LocalDate
        public var branch: Branch.ID?
        public var campaign: Campaign.ID?
        public var channel: Channel.ID?
        /// nil shows all but cancelled, as `outreach plan` does.
        public var status: EventStatus?

        public init(
            view: View, date: LocalDate, branch: Branch.ID? = nil, campaign: Campaign.ID? = nil, channel: Channel.ID? = nil,
            status: EventStatus? = nil
        ) {
            self.view = view
            self.date = date
            self.branch = branch
            self.campaign = campaign
            self.channel = channel
            self.status = status
        }

        /// The first and last day shown.
        public var window: (from: LocalDate, through: LocalDate) {
            switch view {
            case .month: (date.firstOfMonth.startOfWeek, date.lastOfMonth.startOfWeek.adding(days: 6))
            case .week: (date.startOfWeek, date.startOfWeek.adding(days: 6))
            case .agenda: (date, date.adding(days: 29))
            }
        }

        /// The date of the previous and the next page of the same view.
        public var previous: LocalDate {
            switch view {
            case .month: date.firstOfMonth.adding(months: -1) ?? date.adding(days: -28)
            case .week: date.adding(days: -7)
            case .agenda: date.adding(days: -30)
            }
        }

        public var next: LocalDate {
            switch view {
            case .month: date.firstOfMonth.adding(months: 1) ?? date.adding(days: 28)
            case .week: date.adding(days: 7)
            case .agenda: date.adding(days: 30)
            }
        }
    }

    /// One day of the calendar.
    public struct Day: Hashable, Sendable {
        public var date: LocalDate
        /// The public holiday the day belongs to (from the reference data's holiday notices; for a year whose
        /// notice is not loaded, the statutory holiday fixed on that date, a one-day block).
        public var holiday: HolidayCalendar.Block?
        /// The holiday comes from a statutory date, not a notice: the days off around it are not known yet.
        public var isProvisional: Bool
        /// A weekend day worked to make up for a holiday (调休).
        public var adjustedWorkday: HolidayCalendar.AdjustedWorkday?
        /// The occurrences that take place on the day (a multi-day display on each of its days), in time order.
        public var occurrences: [PlannedOccurrence]
    }

    /// A clash found among the events shown: the event it is reported on, the other event, and the message.
    public struct Conflict: Sendable {
        public var event: Event.ID
        public var other: Event.ID
        public var issue: InputIssue
    }

    public struct Result: Sendable {
        public var query: Query
        public var days: [Day]
        public var conflicts: [Conflict]

        /// The events that clash with another event shown.
        public var conflicting: Set<Event.ID> { Set(conflicts.flatMap { [$0.event, $0.other] }) }
    }

    public let store: any CampaignStore
    public let reference: ReferenceData

    public init(store: any CampaignStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// The days of the query's window with their occurrences, holidays and conflicts.
    public func calendar(_ query: Query) async throws -> Result {
        let (from, through) = query.window
        let plan = PlanQuery(
            from: from, through: through, branch: query.branch, campaign: query.campaign, channel: query.channel,
            statuses: query.status.map { [$0] })
        let occurrences = try await PlanListing(store: store, reference: reference).occurrences(plan).occurrences
        var byDay: [LocalDate: [PlannedOccurrence]] = [:]
        for occurrence in occurrences {
            var day = max(occurrence.timing.startDate, from)
            let last = min(occurrence.timing.endDate, through)
            while day <= last {
                byDay[day, default: []].append(occurrence)
                day = day.adding(days: 1)
            }
        }
        var days: [Day] = []
        var day = from
        while day <= through {
            let list = byDay[day] ?? []
            if query.view != .agenda || !list.isEmpty {
                let holidays = reference.holidays
                var holiday = holidays.holiday(on: day)
                var isProvisional = false
                if holiday == nil, !holidays.hasNotice(for: day.year), let anchor = holidays.anchor(on: day) {
                    holiday = HolidayCalendar.Block(names: anchor.names, start: day, end: day)
                    isProvisional = true
                }
                days.append(
                    Day(
                        date: day, holiday: holiday, isProvisional: isProvisional,
                        adjustedWorkday: holidays.adjustedWorkday(on: day), occurrences: list))
            }
            day = day.adding(days: 1)
        }
        return Result(query: query, days: days, conflicts: conflicts(among: occurrences))
    }

    /// The clashes among the events of the occurrences, as `outreach validate` finds them; each event is
    /// placed by its id so a clash names the events on both sides.
    public func conflicts(among occurrences: [PlannedOccurrence]) -> [Conflict] {
        var seen = Set<Event.ID>()
        var scheduled: [ScheduledEvent] = []
        for occurrence in occurrences where seen.insert(occurrence.event.id).inserted {
            scheduled.append(
                ScheduledEvent(
                    event: occurrence.event, campaignEnd: occurrence.stored.campaignEnd,
                    location: SourceLocation(path: occurrence.event.id.rawValue)))
        }
        return ScheduleChecker(reference: reference).check(scheduled).compactMap { issue in
            guard let event = issue.location?.path else { return nil }
            let other: String
            switch issue.problem {
            case .venueDoubleBooked(_, _, let id, _, _), .staffDoubleBooked(_, _, let id, _, _): other = id
            case .displayDoubleBooked(_, _, _, _, let id, _, _): other = id
            default: return nil
            }
            return Conflict(event: Event.ID(event), other: Event.ID(other), issue: issue)
        }
    }
}
