/// An event to check together with the others: its campaign's period, and where it was written.
public struct ScheduledEvent: Sendable {
    public var event: Event
    public var campaignEnd: LocalDate
    /// The event's `start` field, or nil for an event that comes from the store rather than a file.
    public var location: SourceLocation?

    public init(event: Event, campaignEnd: LocalDate, location: SourceLocation?) {
        self.event = event
        self.campaignEnd = campaignEnd
        self.location = location
    }
}

/// Checks a schedule as a whole: double-booked venues, staff in two places at once, single-campaign
/// displays given to two campaigns, events on public holidays and campus events outside school terms.
///
/// Recurring events are expanded first; each occurrence is placed in its branch's time zone.
public struct ScheduleChecker: Sendable {
    public let reference: ReferenceData

    public init(reference: ReferenceData) { self.reference = reference }

    /// The issues of a set of events. Cancelled events are left out.
    ///
    /// - Parameters:
    ///   - events: the events being validated (with their file locations).
    ///   - others: events already in the store from other campaigns, checked against but not reported on.
    public func check(_ events: [ScheduledEvent], against others: [ScheduledEvent] = []) -> [InputIssue] {
        var issues: [InputIssue] = []
        var slots: [String: [Slot]] = [:]
        var converters: [String: ZoneConverter] = [:]
        var yearsWithoutNotice = Set<Int>()

        func converter(for branch: Branch.ID) -> ZoneConverter? {
            let zone = reference.timeZone(of: branch)
            if let known = converters[zone] { return known }
            let made = ZoneConverter(identifier: zone)
            converters[zone] = made
            return made
        }

        for (index, scheduled) in (events + others).enumerated() {
            let isOwn = index < events.count
            let event = scheduled.event
            guard event.status != .cancelled, let channel = reference.channel(event.channel),
                let venue = reference.venue(event.venue), let zone = converter(for: event.branch)
            else { continue }
            let timings = event.occurrences(through: scheduled.campaignEnd)
            var keys: [(String, Slot.Rule)] = []
            if channel.occupiesVenue { keys.append(("venue\u{0}\(event.venue)", .venue)) }
            if channel.isSingleCampaign { keys.append(("display\u{0}\(event.channel)\u{0}\(event.venue)", .display)) }
            if case .timed = event.timing {
                for person in event.staff { keys.append(("staff\u{0}\(person)", .staff(person))) }
            }
            if !keys.isEmpty {
                for timing in timings {
                    let (start, end) = interval(of: timing, in: zone)
                    for (key, rule) in keys {
                        slots[key, default: []].append(
                            Slot(start: start, end: end, owner: index, rule: rule, timing: timing))
                    }
                }
            }
            guard isOwn else { continue }
            issues += calendarIssues(scheduled, channel: channel, venue: venue, timings: timings, missing: &yearsWithoutNotice)
        }

        let all = events + others
        for (_, list) in slots {
            issues += conflicts(in: list, events: all, ownCount: events.count)
        }
        for year in yearsWithoutNotice.sorted() {
            issues.append(.warning(.missingHolidayNotice(year: year), at: nil))
        }
        return issues
    }

    // MARK: Conflicts

    struct Slot {
        enum Rule: Hashable {
            case venue, display
            case staff(String)
        }
        var start: Int
        var end: Int
        var owner: Int
        var rule: Rule
        var timing: Event.Timing
    }

    private struct PairKey: Hashable {
        var rule: Slot.Rule
        var first: Int
        var second: Int
    }

    private func conflicts(in list: [Slot], events: [ScheduledEvent], ownCount: Int) -> [InputIssue] {
        guard list.count > 1 else { return [] }
        let sorted = list.sorted { ($0.start, $0.owner) < ($1.start, $1.owner) }
        var active: [Slot] = []
        var found: [PairKey: (first: Slot, second: Slot, count: Int)] = [:]
        var order: [PairKey] = []
        for slot in sorted {
            active.removeAll { $0.end <= slot.start }
            for other in active where other.owner != slot.owner {
                if case .display = slot.rule,
                    events[other.owner].event.campaign == events[slot.owner].event.campaign
                {
                    continue
                }
                let key = PairKey(rule: slot.rule, first: other.owner, second: slot.owner)
                if let existing = found[key] {
                    found[key] = (existing.first, existing.second, existing.count + 1)
                } else {
                    found[key] = (other, slot, 0)
                    order.append(key)
                }
            }
            active.append(slot)
        }
        var issues: [InputIssue] = []
        for key in order {
            guard let (firstSlot, secondSlot, more) = found[key] else { continue }
            // Report on the later event when it is one being validated, else on the earlier one.
            let reportsSecond = key.second < ownCount
            let (reported, other) = reportsSecond ? (key.second, key.first) : (key.first, key.second)
            guard reported < ownCount else { continue }
            let here = events[reported], there = events[other]
            let when = describe(reportsSecond ? secondSlot.timing : firstSlot.timing)
            let problem: Problem
            switch key.rule {
            case .venue:
                problem = .venueDoubleBooked(
                    venue: venueName(here.event.venue), when: when, other: there.event.id.rawValue,
                    otherLocation: there.location, more: more)
            case .staff(let person):
                problem = .staffDoubleBooked(
                    staff: person, when: when, other: there.event.id.rawValue, otherLocation: there.location, more: more)
            case .display:
                problem = .displayDoubleBooked(
                    channel: reference.channel(here.event.channel)?.names.zh ?? here.event.channel.rawValue,
                    venue: venueName(here.event.venue), when: when, otherCampaign: there.event.campaign.rawValue,
                    other: there.event.id.rawValue, otherLocation: there.location, more: more)
            }
            issues.append(.error(problem, at: here.location))
        }
        return issues
    }

    private func venueName(_ id: Venue.ID) -> String { reference.venue(id)?.names.zh ?? id.rawValue }

    /// `2027-03-12 14:30–16:00`, `2027-03-12` or `2027-03-08–2027-03-21`.
    func describe(_ timing: Event.Timing) -> String {
        switch timing {
        case .timed(let start, let end):
            return end.date == start.date ? "\(start)–\(end.time)" : "\(start)–\(end)"
        case .allDay(let start, let end):
            return start == end ? "\(start)" : "\(start)–\(end)"
        }
    }

    /// The absolute minutes an occurrence covers, [start, end).
    func interval(of timing: Event.Timing, in zone: ZoneConverter) -> (Int, Int) {
        switch timing {
        case .timed(let start, let end):
            return (zone.utcMinute(of: start), zone.utcMinute(of: end))
        case .allDay(let start, let end):
            return (
                zone.utcMinute(ofLocalMinute: start.dayNumber * 1440),
                zone.utcMinute(ofLocalMinute: (end.dayNumber + 1) * 1440)
            )
        }
    }

    // MARK: Calendar

    private func calendarIssues(
        _ scheduled: ScheduledEvent, channel: Channel, venue: Venue, timings: [Event.Timing], missing: inout Set<Int>
    ) -> [InputIssue] {
        var issues: [InputIssue] = []
        let holidays = reference.holidays
        var holidayHits: [(LocalDate, HolidayCalendar.Block)] = []
        var anchorHit: (LocalDate, HolidayCalendar.Anchor)?
        var outsideTerm: [LocalDate] = []
        let terms = venue.kind == .school ? reference.terms(for: venue) : []
        for timing in timings {
            var day = timing.startDate
            let last = timing.endDate
            while day <= last {
                if !holidays.hasNotice(for: day.year) {
                    missing.insert(day.year)
                    if !channel.runsOnHolidays, anchorHit == nil, let anchor = holidays.anchor(on: day) {
                        anchorHit = (day, anchor)
                    }
                } else if !channel.runsOnHolidays, let block = holidays.holiday(on: day) {
                    holidayHits.append((day, block))
                }
                if !terms.isEmpty, !terms.contains(where: { $0.contains(day) }) { outsideTerm.append(day) }
                // Long displays are checked on their first and last days only: they run unattended.
                day = (timing.isAllDay && last.dayNumber - day.dayNumber > 1 && channel.runsOnHolidays) ? last : day.adding(days: 1)
            }
        }
        if let (date, block) = holidayHits.first {
            issues.append(
                .warning(.onPublicHoliday(date: date, holiday: block.names, more: holidayHits.count - 1), at: scheduled.location))
        }
        if let (date, anchor) = anchorHit {
            issues.append(
                .warning(.onProvisionalAnchor(date: date, holiday: anchor.names, year: date.year), at: scheduled.location))
        }
        if let date = outsideTerm.first {
            issues.append(.warning(.outsideSchoolTerm(date: date, more: outsideTerm.count - 1), at: scheduled.location))
        }
        return issues
    }
}
