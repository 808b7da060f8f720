import OutreachCore

/// What the event page shows: the event, its occurrences, and its audit log, for a user who may see it.
public struct EventDetails: Sendable {
    public struct Result: Sendable {
        public var stored: StoredEvent
        /// Every occurrence over the campaign's period (one for an event that does not recur), at most 366.
        public var occurrences: [PlannedOccurrence]
        /// Status changes, oldest first.
        public var audit: [AuditEntry]
    }

    public let store: any OutreachStore
    public let reference: ReferenceData

    public init(store: any OutreachStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// The event, or nil when there is none with the id or the user may not see it (both read as "no such
    /// page", so ids of other branches cannot be probed).
    public func details(_ id: Event.ID, for user: User) async throws -> Result? {
        guard let stored = try await store.event(id), user.maySee(stored.event.branch, reference: reference) else { return nil }
        let query = PlanQuery(
            from: stored.event.timing.startDate, through: max(stored.campaignEnd, stored.event.timing.endDate),
            statuses: Set(EventStatus.allCases))
        let occurrences = Planner.occurrences(of: [stored], matching: query, reference: reference, limit: 366)
        return Result(stored: stored, occurrences: occurrences, audit: try await store.auditEntries(event: id))
    }
}
