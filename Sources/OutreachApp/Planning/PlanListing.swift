import OutreachCore

/// The occurrences of a window (`outreach plan`, the web app's agenda): stored events narrowed by the store,
/// then expanded and filtered by `Planner`.
public struct PlanListing: Sendable {
    public let store: any CampaignStore
    public let reference: ReferenceData

    public init(store: any CampaignStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// The occurrences matching the query, in time order (at most `limit` when given), and the events read.
    public func occurrences(_ query: PlanQuery, limit: Int? = nil) async throws -> (events: [StoredEvent], occurrences: [PlannedOccurrence]) {
        let events = try await store.events(matching: query.storeQuery)
        return (events, Planner.occurrences(of: events, matching: query, reference: reference, limit: limit))
    }

    /// The events the occurrences belong to, each once, in the order of their first occurrence (what an
    /// iCalendar export writes: an event with its rule, not one entry per day).
    public static func events(of occurrences: [PlannedOccurrence]) -> [StoredEvent] {
        var seen = Set<Event.ID>()
        return occurrences.compactMap { seen.insert($0.event.id).inserted ? $0.stored : nil }
    }
}
