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
        // In the order of the files (a dictionary's order changes from run to run): two runs print the same.
        var clashes: [InputIssue] = []
        for key in slots.keys.sorted() {
            clashes += conflicts(in: slots[key] ?? [], events: all, ownCount: events.count)
        }
        issues += clashes.enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            if x != y, let x, let y { return x < y }
            if (x == nil) != (y == nil) { return x != nil }
            return a.offset < b.offset
        }.map(\.element)
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

    /// What one event's clashes under one rule come to: the first clash found, and how many in all.
    private struct Clash {
        var slot: Slot
        var partner: Slot
        var total: Int
    }

    /// Reports each clashing event once per rule (venue, display, or one staff member), naming one event it
    /// clashes with and counting the rest, so the output stays linear in the number of events however many
    /// of them overlap. Time is O(n log n) in the occurrences of one venue, display or person.
    ///
    /// As for a single pair, the clash is reported on the later of two events when it is one being validated,
    /// else on the earlier one; the earliest of a group of clashing events is named in every other line.
    private func conflicts(in list: [Slot], events: [ScheduledEvent], ownCount: Int) -> [InputIssue] {
        guard list.count > 1 else { return [] }
        let sorted = list.sorted { ($0.start, $0.owner) < ($1.start, $1.owner) }
        // Slots that may not clash with each other: the same event, or for a display the same campaign.
        let sameCampaignAllowed: Bool
        if case .display = sorted[0].rule { sameCampaignAllowed = true } else { sameCampaignAllowed = false }
        var groupIDs: [String: Int] = [:]
        func group(of slot: Slot) -> Int {
            guard sameCampaignAllowed else { return slot.owner }
            let campaign = events[slot.owner].event.campaign.rawValue
            if let known = groupIDs[campaign] { return known }
            groupIDs[campaign] = groupIDs.count
            return groupIDs.count - 1
        }
        let groups = sorted.map(group(of:))

        // How many slots of other groups overlap each slot: all overlapping slots minus those of its own group.
        func overlapCounts(_ indices: [Int]) -> [Int: Int] {
            let starts = indices.map { sorted[$0].start }  // already in order
            let ends = indices.map { sorted[$0].end }.sorted()
            var result: [Int: Int] = [:]
            result.reserveCapacity(indices.count)
            for i in indices {
                let slot = sorted[i]
                let begunBeforeEnd = starts.partitioningIndex { $0 >= slot.end }
                let endedBeforeStart = ends.partitioningIndex { $0 > slot.start }
                result[i] = max(0, begunBeforeEnd - endedBeforeStart - 1)
            }
            return result
        }
        var byGroup: [Int: [Int]] = [:]
        for (i, g) in groups.enumerated() { byGroup[g, default: []].append(i) }
        let overlapping = overlapCounts(Array(sorted.indices))
        var clashCount = [Int](repeating: 0, count: sorted.count)
        for (_, indices) in byGroup {
            let own = indices.count > 1 ? overlapCounts(indices) : [:]
            for i in indices { clashCount[i] = max(0, overlapping[i, default: 0] - own[i, default: 0]) }
        }

        // Slots of events not being validated, in order, to find a later clash of an event being validated.
        let storedIndices = sorted.indices.filter { sorted[$0].owner >= ownCount }
        let storedStarts = storedIndices.map { sorted[$0].start }

        var clashes: [Int: Clash] = [:]
        var order: [Int] = []
        // Clashes of an event's occurrences seen before the one it is reported at.
        var pendingTotals: [Int: Int] = [:]
        // The active slot that ends last, and the one that ends last among the other groups: if any active
        // slot of another group than the current one exists, one of these two is such a slot.
        var best: (index: Int, end: Int)?
        var second: (index: Int, end: Int)?
        for (i, slot) in sorted.enumerated() {
            let g = groups[i]
            if clashCount[i] > 0, slot.owner < ownCount {
                var partner: Int?
                if let best, best.end > slot.start, groups[best.index] != g {
                    partner = best.index
                } else if let second, second.end > slot.start, groups[second.index] != g {
                    partner = second.index
                } else {
                    // No earlier clash: a later one counts only when it is with an event not being validated.
                    let from = storedStarts.partitioningIndex { $0 >= slot.start }
                    if from < storedStarts.count, storedStarts[from] < slot.end {
                        var k = from
                        while k < storedIndices.count, storedStarts[k] < slot.end {
                            if groups[storedIndices[k]] != g, storedIndices[k] > i { partner = storedIndices[k]; break }
                            k += 1
                        }
                    }
                }
                if clashes[slot.owner] != nil {
                    clashes[slot.owner]!.total += clashCount[i]
                } else if let partner {
                    clashes[slot.owner] = Clash(slot: slot, partner: sorted[partner], total: clashCount[i])
                    order.append(slot.owner)
                } else {
                    pendingTotals[slot.owner, default: 0] += clashCount[i]
                }
            }
            // Keep the two slots that end last, of different groups.
            if let b = best, groups[b.index] == g {
                if slot.end > b.end { best = (i, slot.end) }
            } else if let b = best, slot.end <= b.end {
                if second.map({ slot.end > $0.end }) ?? true { second = (i, slot.end) }
            } else {
                second = best
                best = (i, slot.end)
            }
        }
        var issues: [InputIssue] = []
        for owner in order {
            guard let clash = clashes[owner] else { continue }
            let here = events[owner], there = events[clash.partner.owner]
            let more = clash.total + pendingTotals[owner, default: 0] - 1
            let when = describe(clash.slot.timing)
            let problem: Diagnostic
            switch clash.slot.rule {
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

extension Array {
    /// The index of the first element for which `predicate` holds, the array being partitioned by it
    /// (false for a prefix, then true): a binary search.
    fileprivate func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
