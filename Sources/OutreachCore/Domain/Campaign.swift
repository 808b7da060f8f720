/// A themed drive over a date range (宣传活动), with target audiences, channels and events.
public struct Campaign: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Campaign>

    /// An audience segment the campaign aims at, with its target population (people).
    public struct SegmentTarget: Hashable, Sendable, Codable {
        public var segment: AudienceSegment.ID
        public var targetPopulation: Int?
        public init(segment: AudienceSegment.ID, targetPopulation: Int? = nil) {
            self.segment = segment
            self.targetPopulation = targetPopulation
        }
    }

    public var id: ID
    public var title: BilingualName
    public var kind: CampaignKind.ID
    /// First and last day, inclusive, local dates.
    public var start: LocalDate
    public var end: LocalDate
    /// The branch that owns the campaign.
    public var owner: Branch.ID
    /// Branches taking part (the owner always does).
    public var branches: [Branch.ID]
    public var segments: [SegmentTarget]
    public var channels: [Channel.ID]
    public var notes: String?
    public var events: [Event]

    public init(
        id: ID, title: BilingualName, kind: CampaignKind.ID, start: LocalDate, end: LocalDate, owner: Branch.ID,
        branches: [Branch.ID] = [], segments: [SegmentTarget] = [], channels: [Channel.ID] = [],
        notes: String? = nil, events: [Event] = []
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.start = start
        self.end = end
        self.owner = owner
        self.branches = branches
        self.segments = segments
        self.channels = channels
        self.notes = notes
        self.events = events
    }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date <= end }
}
