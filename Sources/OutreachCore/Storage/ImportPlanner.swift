/// Works out what an import changes, as a pure function of what is stored and what the files say.
///
/// Stores run it inside their import transaction and then apply its operations.
public enum ImportPlanner {
    public enum Operation: Hashable, Sendable {
        /// A new event, stored with the file's status.
        case add(Event)
        /// An edited event. `status` is the status to store: the file's when the file changed it, else the
        /// current one (so `outreach event confirm` survives re-importing an unchanged file status).
        case update(Event, status: EventStatus)
        /// An event that left its campaign file: marked cancelled, never deleted.
        case cancelRemoved(Event.ID)
    }

    /// - Parameters:
    ///   - incoming: the campaigns being imported, each with all its events (statuses as in the file).
    ///   - stored: the stored events of those campaigns, plus stored events with the same ids elsewhere.
    public static func plan(incoming: [Campaign], stored: [StoredEvent]) -> (operations: [Operation], summary: ImportSummary) {
        var summary = ImportSummary()
        var operations: [Operation] = []
        let storedByID = Dictionary(stored.map { ($0.event.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<Event.ID>()
        for campaign in incoming {
            for event in campaign.events {
                seen.insert(event.id)
                guard let current = storedByID[event.id] else {
                    operations.append(.add(event))
                    summary.eventsAdded += 1
                    continue
                }
                var asFiled = current.event
                asFiled.status = current.fileStatus
                if asFiled == event, !current.isRemovedFromFile {
                    summary.eventsUnchanged += 1
                    continue
                }
                let fileChangedStatus = current.fileStatus != event.status || current.isRemovedFromFile
                operations.append(.update(event, status: fileChangedStatus ? event.status : current.event.status))
                summary.eventsUpdated += 1
            }
        }
        let importing = Set(incoming.map(\.id))
        for current in stored
        where importing.contains(current.event.campaign) && !seen.contains(current.event.id) && !current.isRemovedFromFile {
            operations.append(.cancelRemoved(current.event.id))
            summary.eventsCancelled += 1
        }
        return (operations, summary)
    }
}
