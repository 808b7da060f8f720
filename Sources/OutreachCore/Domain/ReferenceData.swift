/// The reference data campaigns are checked against: the organisation, venues, channels, metrics,
/// audience segments, campaign kinds, school terms and the holiday calendar (from `seeds/`).
public struct ReferenceData: Hashable, Sendable, Codable {
    public static let defaultTimeZone = "Asia/Shanghai"

    public var branches: [Branch]
    public var venues: [Venue]
    public var channels: [Channel]
    public var metrics: [Metric]
    public var segments: [AudienceSegment]
    public var kinds: [CampaignKind]
    public var terms: [SchoolTerm]
    public var holidays: HolidayCalendar
    /// Target populations per branch, segment and year (`seeds/populations/YYYY.yaml`).
    public var populations: [Population]

    private var branchIndex: [Branch.ID: Int] = [:]
    private var venueIndex: [Venue.ID: Int] = [:]
    private var channelIndex: [Channel.ID: Int] = [:]
    private var metricIndex: [Metric.ID: Int] = [:]
    private var segmentIndex: [AudienceSegment.ID: Int] = [:]
    private var kindIndex: [CampaignKind.ID: Int] = [:]
    private var knownIDs: [Subject: KnownIDs] = [:]

    public init(
        branches: [Branch] = [], venues: [Venue] = [], channels: [Channel] = [], metrics: [Metric] = [],
        segments: [AudienceSegment] = [], kinds: [CampaignKind] = [], terms: [SchoolTerm] = [],
        holidays: HolidayCalendar = HolidayCalendar(), populations: [Population] = []
    ) {
        self.branches = branches
        self.venues = venues
        self.channels = channels
        self.metrics = metrics
        self.segments = segments
        self.kinds = kinds
        self.terms = terms
        self.holidays = holidays
        self.populations = populations
        reindex()
    }

    enum CodingKeys: String, CodingKey {
        case branches, venues, channels, metrics, segments, kinds, terms, holidays, populations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            branches: try c.decode([Branch].self, forKey: .branches),
            venues: try c.decode([Venue].self, forKey: .venues),
            channels: try c.decode([Channel].self, forKey: .channels),
            metrics: try c.decode([Metric].self, forKey: .metrics),
            segments: try c.decode([AudienceSegment].self, forKey: .segments),
            kinds: try c.decode([CampaignKind].self, forKey: .kinds),
            terms: try c.decode([SchoolTerm].self, forKey: .terms),
            holidays: try c.decode(HolidayCalendar.self, forKey: .holidays),
            populations: try c.decodeIfPresent([Population].self, forKey: .populations) ?? []
        )
    }

    /// The same data without venues (its lookups made again: setting `venues` alone would leave them stale).
    public var withoutVenues: ReferenceData {
        ReferenceData(
            branches: branches, channels: channels, metrics: metrics, segments: segments, kinds: kinds, terms: terms,
            holidays: holidays, populations: populations)
    }

    private mutating func reindex() {
        branchIndex = Dictionary(branches.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        venueIndex = Dictionary(venues.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        channelIndex = Dictionary(channels.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        metricIndex = Dictionary(metrics.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        segmentIndex = Dictionary(segments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        kindIndex = Dictionary(kinds.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        knownIDs = [
            .branch: KnownIDs(branches.map(\.id.rawValue)), .venue: KnownIDs(venues.map(\.id.rawValue)),
            .channel: KnownIDs(channels.map(\.id.rawValue)), .metric: KnownIDs(metrics.map(\.id.rawValue)),
            .segment: KnownIDs(segments.map(\.id.rawValue)), .campaignKind: KnownIDs(kinds.map(\.id.rawValue)),
        ]
    }

    /// The ids of one kind of reference data, for lookups and "Did you mean …?".
    public func known(_ subject: Subject) -> KnownIDs { knownIDs[subject] ?? KnownIDs([]) }

    public func branch(_ id: Branch.ID) -> Branch? { branchIndex[id].map { branches[$0] } }
    public func venue(_ id: Venue.ID) -> Venue? { venueIndex[id].map { venues[$0] } }
    public func channel(_ id: Channel.ID) -> Channel? { channelIndex[id].map { channels[$0] } }
    public func metric(_ id: Metric.ID) -> Metric? { metricIndex[id].map { metrics[$0] } }
    public func segment(_ id: AudienceSegment.ID) -> AudienceSegment? { segmentIndex[id].map { segments[$0] } }
    public func kind(_ id: CampaignKind.ID) -> CampaignKind? { kindIndex[id].map { kinds[$0] } }

    /// The branch and its ancestors, nearest first.
    public func lineage(of id: Branch.ID) -> [Branch.ID] {
        var result: [Branch.ID] = []
        var current: Branch.ID? = id
        while let next = current, !result.contains(next), let branch = branch(next) {
            result.append(next)
            current = branch.parent
        }
        return result
    }

    /// Whether `id` is `ancestor` or below it in the tree.
    public func isWithin(_ id: Branch.ID, _ ancestor: Branch.ID) -> Bool { lineage(of: id).contains(ancestor) }

    /// The IANA zone of a branch: its own, else its nearest ancestor's, else Asia/Shanghai.
    public func timeZone(of id: Branch.ID) -> String {
        for ancestor in lineage(of: id) {
            if let zone = branch(ancestor)?.timeZone { return zone }
        }
        return ReferenceData.defaultTimeZone
    }

    /// The terms a school venue follows.
    public func terms(for venue: Venue) -> [SchoolTerm] {
        let calendar = venue.terms ?? SchoolTerm.defaultCalendar
        return terms.filter { $0.calendar == calendar }
    }

    /// The branches directly below a branch, in seed order.
    public func children(of id: Branch.ID) -> [Branch] { branches.filter { $0.parent == id } }
}

/// A set of known ids, in seed order, checked in constant time.
public struct KnownIDs: Hashable, Sendable {
    public let ordered: [String]
    private let set: Set<String>

    public init(_ ids: [String]) {
        ordered = ids
        set = Set(ids)
    }

    public func contains(_ id: String) -> Bool { set.contains(id) }
}
