extension Event {
    /// The start dates of the event's occurrences, excluded dates removed.
    ///
    /// - Parameter limit: the last date an occurrence may start (the campaign's last day); a rule
    ///   without COUNT or UNTIL stops there.
    public func occurrenceDates(through limit: LocalDate) -> [LocalDate] {
        let start = timing.startDate
        guard let recurrence else { return start <= limit ? [start] : [] }
        let startTime: LocalTime
        if case .timed(let s, _) = timing { startTime = s.time } else { startTime = .midnight }
        let dates = recurrence.dates(from: start, at: startTime, through: limit)
        guard !exceptDates.isEmpty else { return dates }
        let excluded = Set(exceptDates)
        return dates.filter { !excluded.contains($0) }
    }

    /// The event's occurrences as timings, in order.
    public func occurrences(through limit: LocalDate) -> [Timing] {
        occurrenceDates(through: limit).map { timing.moved(to: $0) }
    }
}
