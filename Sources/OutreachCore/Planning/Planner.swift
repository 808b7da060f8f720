import OutreachFormats

/// One occurrence of an event in a plan: the event, this occurrence's times, and where it happens.
public struct PlannedOccurrence: Hashable, Sendable {
    public var stored: StoredEvent
    /// This occurrence's local times.
    public var timing: Event.Timing
    /// The branch's IANA zone the local times are in.
    public var timeZone: String
    /// Absolute start and end, in minutes since 1970 UTC.
    public var startMinute: Int
    public var endMinute: Int
    /// The zone's UTC offsets (minutes) at the start and the end.
    public var startOffset: Int
    public var endOffset: Int

    public var event: Event { stored.event }
}

/// What `outreach plan` lists.
public struct PlanQuery: Hashable, Sendable {
    /// First and last day of the window, inclusive, in each event's local time.
    public var from: LocalDate
    public var through: LocalDate
    /// Only events of this branch or below it.
    public var branch: Branch.ID?
    public var campaign: Campaign.ID?
    public var channel: Channel.ID?
    /// Statuses to show; nil shows all but cancelled.
    public var statuses: Set<EventStatus>?

    public init(
        from: LocalDate, through: LocalDate, branch: Branch.ID? = nil, campaign: Campaign.ID? = nil,
        channel: Channel.ID? = nil, statuses: Set<EventStatus>? = nil
    ) {
        self.from = from
        self.through = through
        self.branch = branch
        self.campaign = campaign
        self.channel = channel
        self.statuses = statuses
    }

    /// The coarse query to ask a store.
    public var storeQuery: EventQuery {
        EventQuery(from: from, through: through, campaign: campaign, channel: channel, ordered: false)
    }

    public func includes(_ status: EventStatus) -> Bool { statuses?.contains(status) ?? (status != .cancelled) }
}

/// Expands stored events into the occurrences of a window, in time order.
public enum Planner {
    /// - Parameters:
    ///   - events: stored events (usually already narrowed by `query.storeQuery`).
    ///   - query: the window and filters.
    ///   - reference: for time zones and the branch tree.
    ///   - limit: stop after this many occurrences (the "next upcoming" list); nil for all.
    public static func occurrences(
        of events: [StoredEvent], matching query: PlanQuery, reference: ReferenceData, limit: Int? = nil
    ) -> [PlannedOccurrence] {
        let result = chunkedMap(events) { expand($0, matching: query, reference: reference) }
        // Sort positions rather than the (large) occurrences themselves.
        let starts = result.map(\.startMinute)
        let ids = result.map(\.stored.event.id)
        let order = result.indices.sorted { starts[$0] != starts[$1] ? starts[$0] < starts[$1] : ids[$0] < ids[$1] }
        let kept = limit.map { min($0, order.count) } ?? order.count
        return order.prefix(kept).map { result[$0] }
    }

    /// The occurrences of some events inside the window, unsorted.
    static func expand(_ events: ArraySlice<StoredEvent>, matching query: PlanQuery, reference: ReferenceData)
        -> [PlannedOccurrence]
    {
        var converters: [String: ZoneConverter] = [:]
        var zoneNames: [Branch.ID: String] = [:]
        var within: [Branch.ID: Bool] = [:]
        var result: [PlannedOccurrence] = []
        for stored in events {
            let event = stored.event
            guard query.includes(event.status) else { continue }
            if let campaign = query.campaign, event.campaign != campaign { continue }
            if let channel = query.channel, event.channel != channel { continue }
            if let branch = query.branch {
                let inside = within[event.branch] ?? reference.isWithin(event.branch, branch)
                within[event.branch] = inside
                guard inside else { continue }
            }
            let zoneName = zoneNames[event.branch] ?? reference.timeZone(of: event.branch)
            zoneNames[event.branch] = zoneName
            let zone: ZoneConverter
            if let known = converters[zoneName] {
                zone = known
            } else if let made = ZoneConverter(identifier: zoneName) {
                converters[zoneName] = made
                zone = made
            } else {
                continue
            }
            let last = min(stored.campaignEnd, query.through)
            let timings = event.recurrence == nil ? [event.timing] : event.occurrences(through: last)
            for timing in timings {
                guard timing.endDate >= query.from, timing.startDate <= query.through else { continue }
                let start: Int, end: Int
                switch timing {
                case .timed(let s, let e):
                    start = zone.utcMinute(of: s)
                    end = zone.utcMinute(of: e)
                case .allDay(let s, let e):
                    start = zone.utcMinute(ofLocalMinute: s.dayNumber * 1440)
                    end = zone.utcMinute(ofLocalMinute: (e.dayNumber + 1) * 1440)
                }
                result.append(
                    PlannedOccurrence(
                        stored: stored, timing: timing, timeZone: zoneName, startMinute: start, endMinute: end,
                        startOffset: zone.offset(atUTCMinute: start), endOffset: zone.offset(atUTCMinute: end)))
            }
        }
        return result
    }
}
