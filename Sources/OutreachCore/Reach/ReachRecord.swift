import Foundation

/// A measured outcome (触达记录): for an event on a day, a metric and a count, optionally for one
/// audience segment. The event gives the campaign, branch, channel and venue.
///
/// People reached are person-times (人次): the same person at two talks counts twice.
public struct ReachRecord: Hashable, Sendable {
    /// The largest count one record may hold: a billion, far above any event's or channel's daily figure,
    /// and low enough that no sum of records can come near Int64's limit. A larger value is refused at
    /// import and entry (a pasted 18-digit ID number is the usual cause).
    public static let maximumCount = 1_000_000_000

    public var event: Event.ID
    public var date: LocalDate
    public var metric: Metric.ID
    public var segment: AudienceSegment.ID?
    public var count: Int
    public var note: String?
    /// A reference to a photo, sign-in sheet or other evidence.
    public var evidence: String?

    public init(
        event: Event.ID, date: LocalDate, metric: Metric.ID, segment: AudienceSegment.ID? = nil, count: Int,
        note: String? = nil, evidence: String? = nil
    ) {
        self.event = event
        self.date = date
        self.metric = metric
        self.segment = segment
        self.count = count
        self.note = note
        self.evidence = evidence
    }
}

/// One write of reach records: a manual entry or an imported file. Every record remembers its batch,
/// so `outreach reach undo BATCH` can take a batch back.
public struct ReachBatch: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable, Codable {
        case manual, `import`
    }

    public var id: Int
    public var source: Source
    public var file: String?
    public var recordedBy: String?
    public var recordedAt: Date
    public var added: Int
    public var replaced: Int
    public var unchanged: Int
    public var undoneAt: Date?

    public init(
        id: Int, source: Source, file: String?, recordedBy: String?, recordedAt: Date, added: Int, replaced: Int,
        unchanged: Int, undoneAt: Date? = nil
    ) {
        self.id = id
        self.source = source
        self.file = file
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.added = added
        self.replaced = replaced
        self.unchanged = unchanged
        self.undoneAt = undoneAt
    }
}

/// Small stable integer codes for ids, assigned by the store once and never reused, so reach keys
/// and rollup cells stay valid when seeds are reloaded.
public struct ReachCodes: Hashable, Sendable {
    public var metrics: [Metric.ID: Int]
    public var segments: [AudienceSegment.ID: Int]
    public var channels: [Channel.ID: Int]
    public var campaigns: [Campaign.ID: Int]
    public var branches: [Branch.ID: Int]

    public init(
        metrics: [Metric.ID: Int] = [:], segments: [AudienceSegment.ID: Int] = [:], channels: [Channel.ID: Int] = [:],
        campaigns: [Campaign.ID: Int] = [:], branches: [Branch.ID: Int] = [:]
    ) {
        self.metrics = metrics
        self.segments = segments
        self.channels = channels
        self.campaigns = campaigns
        self.branches = branches
    }

    /// Code 0 means "no segment".
    public static let noSegment = 0

    public var metricsByCode: [Int: Metric.ID] { Dictionary(metrics.map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
    public var segmentsByCode: [Int: AudienceSegment.ID] {
        Dictionary(segments.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }
    public var channelsByCode: [Int: Channel.ID] { Dictionary(channels.map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
    public var campaignsByCode: [Int: Campaign.ID] {
        Dictionary(campaigns.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }
    public var branchesByCode: [Int: Branch.ID] { Dictionary(branches.map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
}

/// The storage key of a reach record: day, event, metric and segment packed into one 63-bit integer,
/// day first, so records logged over time are appended in key order.
///
/// Layout (high to low): day number since 1970 (19 bits), event key (28 bits), metric code (8 bits),
/// segment code (8 bits, 0 = none).
public enum ReachKey {
    public static func pack(day: Int, event: Int, metric: Int, segment: Int) -> Int64 {
        (Int64(day) << 44) | (Int64(event) << 16) | (Int64(metric) << 8) | Int64(segment)
    }

    public static func day(_ key: Int64) -> Int { Int(key >> 44) }
    public static func event(_ key: Int64) -> Int { Int((key >> 16) & 0x0FFF_FFFF) }
    public static func metric(_ key: Int64) -> Int { Int((key >> 8) & 0xFF) }
    public static func segment(_ key: Int64) -> Int { Int(key & 0xFF) }

    /// The smallest key of a day, for range scans.
    public static func firstKey(ofDay day: Int) -> Int64 { Int64(day) << 44 }
}
