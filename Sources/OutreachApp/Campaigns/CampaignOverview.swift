import OutreachCore

/// The campaign pages: the campaigns a user may see, and one campaign with its events, progress (occurrences
/// planned and held, reach logged so far, from the same activity the scorecard reads) and audit log.
public struct CampaignOverview: Sendable {
    /// How far a campaign has come, counted over the events the user may see.
    public struct Progress: Sendable {
        /// Occurrences planned over the period (cancelled events left out), as the scorecard counts them.
        public var planned: Int
        /// Planned occurrences held so far (reach logged on one of their days, or marked done).
        public var held: Int
        /// Occurrences held that no plan covered (reach on another day, or of a cancelled event).
        public var unplanned: Int
        /// The reach logged so far, per metric, in the reference data's order (metrics never added together).
        public var reach: [(metric: Metric, count: Int64)]
    }

    public struct Result: Sendable {
        public var stored: StoredCampaign
        /// The events the user may see, in start order, with their current status.
        public var events: [StoredEvent]
        public var progress: Progress
        /// Status changes of those events, oldest first.
        public var audit: [AuditEntry]
    }

    public let store: any OutreachStore
    public let reference: ReferenceData

    public init(store: any OutreachStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// The campaigns the user may see, by start date.
    public func campaigns(for user: User) async throws -> [StoredCampaign] {
        try await store.campaigns().filter { user.maySee($0.campaign, reference: reference) }
    }

    /// One campaign with the events the user may see, in start order (the JSON API's campaign): no progress, no
    /// audit. Nil when there is no campaign with the id or the user may not see it.
    public func campaign(_ id: Campaign.ID, for user: User) async throws -> (stored: StoredCampaign, events: [StoredEvent])? {
        guard let stored = try await store.campaign(id), user.maySee(stored.campaign, reference: reference) else { return nil }
        let events = try await store.events(matching: EventQuery(campaign: id)).filter { user.maySee($0.event.branch, reference: reference) }
        return (stored, events)
    }

    /// One campaign, or nil when there is none with the id or the user may not see it.
    public func overview(_ id: Campaign.ID, for user: User, today: LocalDate) async throws -> Result? {
        guard let (stored, events) = try await self.campaign(id, for: user) else { return nil }
        let campaign = stored.campaign
        let visible = { (event: Event) in user.maySee(event.branch, reference: reference) }
        let planned = Planner.occurrences(
            of: events, matching: PlanQuery(from: campaign.start, through: campaign.end, campaign: id), reference: reference)
        // The same activity the scorecard reads (reach of the period, held occurrences), of the events shown.
        let activity = try await Scorecards(store: store, reference: reference, today: today)
            .activity(of: events, from: campaign.start, through: campaign.end)
        let held = activity.heldOccurrences(in: ReportPeriod(kind: .dates, start: campaign.start, end: campaign.end))
            .filter { $0.event.campaign == id && visible($0.event) }
        var byCode: [Int: Int64] = [:]
        for entry in activity.entries {
            guard let event = activity.events[entry.event]?.event, event.campaign == id, visible(event) else { continue }
            byCode[entry.metric, default: 0] += Int64(entry.count)
        }
        let reach: [(metric: Metric, count: Int64)] = reference.metrics.compactMap { metric in
            guard let code = activity.codes.metrics[metric.id], let count = byCode[code] else { return nil }
            return (metric, count)
        }
        let shownIDs = Set(events.map(\.event.id))
        let audit = try await store.auditEntries(campaign: id).filter { shownIDs.contains($0.event) }
        return Result(
            stored: stored, events: events,
            progress: Progress(
                planned: planned.count, held: held.filter(\.isPlanned).count, unplanned: held.filter { !$0.isPlanned }.count,
                reach: reach),
            audit: audit)
    }
}
