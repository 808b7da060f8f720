/// Where a campaign and its events were written, so later checks can point at the right line.
public struct CampaignLocations: Hashable, Sendable {
    public var path: String
    /// The campaign's `id` field.
    public var location: SourceLocation
    /// Each event's `id` field.
    public var events: [Event.ID: SourceLocation]
    /// Each event's `start` field.
    public var eventStarts: [Event.ID: SourceLocation]

    public init(
        path: String, location: SourceLocation, events: [Event.ID: SourceLocation] = [:],
        eventStarts: [Event.ID: SourceLocation] = [:]
    ) {
        self.path = path
        self.location = location
        self.events = events
        self.eventStarts = eventStarts
    }
}

/// A campaign read from a file, with where its parts are.
public struct DecodedCampaign: Hashable, Sendable {
    public var campaign: Campaign
    public var source: CampaignLocations
    /// Events that had errors of their own; they are left out of schedule checks.
    public var invalidEvents: Set<Event.ID>

    public init(campaign: Campaign, source: CampaignLocations, invalidEvents: Set<Event.ID> = []) {
        self.campaign = campaign
        self.source = source
        self.invalidEvents = invalidEvents
    }
}
