/// One occurrence of an event that was held in a period: the unit "events held" (开展场次) counts, the same
/// unit as events planned.
///
/// An occurrence is a one-off event, one date of a recurring event, or one whole multi-day display. It was
/// held when reach is logged on one of its days inside the period, or (for an event that does not recur) when
/// the event is marked done. Reach logged for an event on a day none of its planned occurrences covers, or for
/// a cancelled event, is an unplanned occurrence: one per event and logged day, counted separately.
public struct HeldOccurrence: Hashable, Sendable {
    public var stored: StoredEvent
    /// The occurrence's first day; for an unplanned occurrence, the day reach was logged.
    public var start: LocalDate
    /// false for an unplanned occurrence.
    public var isPlanned: Bool

    public var event: Event { stored.event }
}

extension ReachActivity {
    /// The occurrences held in a period, planned ones first, each once however many days have records.
    ///
    /// Time is linear in the records and in the occurrences of the events that have them.
    public func heldOccurrences(in period: ReportPeriod) -> [HeldOccurrence] {
        var daysByEvent: [Int: [Int]] = [:]
        for pair in heldDays {
            let day = Int(pair >> 28), key = Int(pair & 0x0FFF_FFFF)
            guard period.contains(LocalDate(dayNumber: day)) else { continue }
            daysByEvent[key, default: []].append(day)
        }
        var planned: [HeldOccurrence] = []
        var unplanned: [HeldOccurrence] = []
        var heldEvents = Set<Int>()
        for key in daysByEvent.keys.sorted() {
            guard let stored = events[key], let days = daysByEvent[key] else { continue }
            let event = stored.event
            let timings: [Event.Timing]
            if event.status == .cancelled {
                timings = []
            } else if event.recurrence == nil {
                timings = [event.timing]
            } else {
                timings = event.occurrences(through: min(stored.campaignEnd, period.end)).filter { $0.endDate >= period.start }
            }
            var starts = Set<Int>()
            for day in days.sorted() {
                let date = LocalDate(dayNumber: day)
                if let timing = Self.occurrence(covering: date, in: timings) {
                    if starts.insert(timing.startDate.dayNumber).inserted {
                        planned.append(HeldOccurrence(stored: stored, start: timing.startDate, isPlanned: true))
                    }
                } else {
                    unplanned.append(HeldOccurrence(stored: stored, start: date, isPlanned: false))
                }
            }
            if !starts.isEmpty { heldEvents.insert(key) }
        }
        // An event that does not recur and is marked done was held, records or not.
        for key in events.keys.sorted() where !heldEvents.contains(key) {
            guard let stored = events[key] else { continue }
            let event = stored.event
            guard event.status == .done, event.recurrence == nil, event.timing.endDate >= period.start,
                event.timing.startDate <= period.end
            else { continue }
            planned.append(HeldOccurrence(stored: stored, start: event.timing.startDate, isPlanned: true))
        }
        return planned + unplanned
    }

    /// The occurrence whose days include `date`, from occurrences in start order (binary search).
    static func occurrence(covering date: LocalDate, in timings: [Event.Timing]) -> Event.Timing? {
        var low = 0, high = timings.count
        while low < high {
            let middle = (low + high) / 2
            if timings[middle].startDate <= date { low = middle + 1 } else { high = middle }
        }
        // The latest occurrence starting on or before the date, and (for overlapping spans) the ones before it
        // that are still short enough to reach it: all occurrences of an event are equally long.
        guard low > 0 else { return nil }
        let span = timings[low - 1].startDate.days(until: timings[low - 1].endDate)
        var index = low - 1
        while index >= 0, timings[index].startDate.days(until: date) <= span {
            if timings[index].endDate >= date { return timings[index] }
            index -= 1
        }
        return nil
    }
}
