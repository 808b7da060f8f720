import OutreachCore

/// Which day `outreach reach log` records: `--date`, else today when the event happens today.
extension CommandContext {
    /// The day to record for an event: the given date, which may not be after today without `allowFuture`;
    /// without one, today when it is one of the event's days. Otherwise today, with why it is refused (a usage
    /// error, exit 64, listing the event's nearest occurrences), to say once the counts themselves are checked.
    /// An unknown event is left to the row validator, which suggests ids.
    func reachLogDay(
        event id: Event.ID, given: LocalDate?, allowFuture: Bool, events: [StoredEvent], reference: ReferenceData
    ) -> (day: LocalDate, refusal: String?) {
        let stored = events.first { $0.event.id == id }
        let today = today(in: stored.map { reference.timeZone(of: $0.event.branch) } ?? ReferenceData.defaultTimeZone)
        if let given {
            if given > today, !allowFuture {
                return (
                    given,
                    ReachCommandMessages.futureDate(given: given, today: today).text(language)
                )
            }
            return (given, nil)
        }
        guard let stored else { return (today, nil) }
        let event = stored.event
        let days = (event.recurrence == nil ? [event.timing] : event.occurrences(through: stored.campaignEnd))
            .map { $0.startDate...$0.endDate }
        if days.contains(where: { $0.contains(today) }) { return (today, nil) }
        // The two occurrences before today and the two after it.
        let before = days.filter { $0.upperBound < today }.suffix(2)
        let after = days.filter { $0.lowerBound > today }.prefix(2)
        let nearest = (before + after).map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
        let example = (before.last?.upperBound ?? after.first?.lowerBound).map { "\($0)" } ?? "\(today)"
        let listed = nearest.isEmpty
            ? ReachCommandMessages.noOccurrences.text(language)
            : ReachCommandMessages.nearestOccurrences(nearest: nearest).text(language)
        return (
            today,
            ReachCommandMessages.todayNotEventDay(today: today, id: id, listed: listed, example: example).text(language)
        )
    }
}
