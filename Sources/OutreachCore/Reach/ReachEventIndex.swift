import Foundation

/// What checking and storing a reach record needs to know about every event, looked up by the event
/// id's bytes.
public struct ReachEventIndex: Sendable {
    /// What every row of an event needs, in plain values (copied per row without reference counting).
    struct Entry: Sendable {
        var key: Int
        /// Campaign, channel and branch codes packed as a rollup cell's attribution.
        var attribution: UInt64
        /// Metric codes the event's channel reports, as a bitset of 256.
        var metrics: (UInt64, UInt64, UInt64, UInt64)
        var capacity: Int?
        var expected: Int?
        var occupiesVenue: Bool
        /// The days a one-off event runs (a recurring one's days are worked out when first needed).
        var firstDay: Int32
        var lastDay: Int32
        var recurs: Bool
        /// The campaign's period, when known (reach outside it is refused); Int32.min...Int32.max otherwise.
        var campaignFirstDay: Int32
        var campaignLastDay: Int32
    }

    /// What messages about an event's rows name: its id, campaign and channel, and the campaign's period.
    struct Details: Sendable {
        var id: Event.ID
        var campaign: Campaign.ID
        var channel: Channel.ID
        var cancelled: Bool
        /// The campaign's first day (the event's, when the campaign has none) and last day.
        var periodStart: LocalDate
        var periodEnd: LocalDate
    }

    let entries: [Entry]
    /// The details of each entry, for messages.
    let details: [Details]
    /// The recurring events, by entry: their days are worked out from the rule when first needed. Every other
    /// event is kept only as its plain values, so the index of 100,000 events stays a few megabytes.
    let recurring: [Int: StoredEvent]
    private let ids: ByteKeyTable
    let metrics: ByteKeyTable
    let segments: ByteKeyTable
    let reference: ReferenceData
    let codes: ReachCodes
    /// Whether each metric code counts people (indexed by code).
    let countsPeople: [Bool]
    let metricIDsByCode: [Int: Metric.ID]
    private let eventIDs: [String]
    private let metricIDs: [String]
    private let segmentIDs: [String]

    /// - Parameters:
    ///   - events: every stored event (cancelled ones too: their records may be corrected).
    ///   - keys: the store's key of each event.
    public init(events: [StoredEvent], keys: [Event.ID: Int], reference: ReferenceData, codes: ReachCodes) {
        var builder = Builder(keys: keys, reference: reference, codes: codes)
        builder.add(events)
        self = builder.index
    }

    /// Builds an index from events read a part at a time (a campaign's), keeping only what checking rows needs,
    /// so the whole set of stored events is never in memory at once.
    public struct Builder: Sendable {
        let keys: [Event.ID: Int]
        let reference: ReferenceData
        let codes: ReachCodes
        var entries: [Entry] = []
        var details: [Details] = []
        var recurring: [Int: StoredEvent] = [:]
        var table: ByteKeyTable
        var eventIDs: [String] = []

        public init(keys: [Event.ID: Int], reference: ReferenceData, codes: ReachCodes) {
            self.keys = keys
            self.reference = reference
            self.codes = codes
            table = ByteKeyTable(capacity: keys.count)
            entries.reserveCapacity(keys.count)
            details.reserveCapacity(keys.count)
            eventIDs.reserveCapacity(keys.count)
        }

        /// Adds events (each once).
        public mutating func add(_ events: [StoredEvent]) {
            for stored in events {
                let event = stored.event
                eventIDs.append(event.id.rawValue)
                guard let key = keys[event.id] else { continue }
                let channel = reference.channel(event.channel)
                var mask: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
                for metric in channel?.metrics ?? [] {
                    guard let code = codes.metrics[metric] else { continue }
                    switch code >> 6 {
                    case 0: mask.0 |= 1 << UInt64(code & 63)
                    case 1: mask.1 |= 1 << UInt64(code & 63)
                    case 2: mask.2 |= 1 << UInt64(code & 63)
                    default: mask.3 |= 1 << UInt64(code & 63)
                    }
                }
                let attribution = ReachCell.attribution(
                    campaign: codes.campaigns[event.campaign] ?? 0, channel: codes.channels[event.channel] ?? 0,
                    branch: codes.branches[event.branch] ?? 0)
                if event.recurrence != nil { recurring[entries.count] = stored }
                table.insert(event.id.rawValue, entries.count)
                entries.append(
                    Entry(
                        key: key, attribution: attribution, metrics: mask,
                        capacity: event.capacity ?? reference.venue(event.venue)?.capacity, expected: event.expectedReach,
                        occupiesVenue: channel?.occupiesVenue ?? false, firstDay: Int32(event.timing.startDate.dayNumber),
                        lastDay: Int32(event.timing.endDate.dayNumber), recurs: event.recurrence != nil,
                        campaignFirstDay: stored.campaignStart.map { Int32($0.dayNumber) } ?? .min,
                        campaignLastDay: stored.campaignStart == nil ? .max : Int32(stored.campaignEnd.dayNumber)))
                details.append(
                    Details(
                        id: event.id, campaign: event.campaign, channel: event.channel, cancelled: event.status == .cancelled,
                        periodStart: stored.campaignStart ?? event.timing.startDate, periodEnd: stored.campaignEnd))
            }
        }

        /// The index of every event added.
        public var index: ReachEventIndex { ReachEventIndex(self) }
    }

    private init(_ built: Builder) {
        entries = built.entries
        details = built.details
        recurring = built.recurring
        ids = built.table
        eventIDs = built.eventIDs
        reference = built.reference
        codes = built.codes
        // Metrics and segments are found by id, Chinese name or English name.
        var metricNames: [(String, Int)] = []
        for metric in reference.metrics {
            guard let code = codes.metrics[metric.id] else { continue }
            metricNames += [(metric.id.rawValue, code), (metric.names.zh, code)]
            if let en = metric.names.en { metricNames += [(en, code), (en.lowercased(), code)] }
        }
        metrics = ByteKeyTable(metricNames)
        var segmentNames: [(String, Int)] = []
        for segment in reference.segments {
            guard let code = codes.segments[segment.id] else { continue }
            segmentNames += [(segment.id.rawValue, code), (segment.names.zh, code)]
            if let en = segment.names.en { segmentNames += [(en, code), (en.lowercased(), code)] }
        }
        segments = ByteKeyTable(segmentNames)
        var people = [Bool](repeating: false, count: 256)
        for metric in reference.metrics where metric.countsPeople {
            if let code = codes.metrics[metric.id], code < 256 { people[code] = true }
        }
        countsPeople = people
        metricIDsByCode = codes.metricsByCode
        metricIDs = reference.metrics.map(\.id.rawValue)
        segmentIDs = reference.segments.map(\.id.rawValue)
    }

    func entry(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { ids.lookup(bytes) }
    func entry(_ id: Event.ID) -> Int? { ids.lookup(id.rawValue) }

    func suggestEvent(_ value: String) -> String? {
        eventIDs.count <= 20_000 ? nearest(to: value, in: eventIDs) : nearest(to: value, in: eventIDs.filter { $0.hasPrefix(String(value.prefix(3))) })
    }
    func suggestMetric(_ value: String) -> String? {
        Self.suggest(value, ids: metricIDs, names: reference.metrics.map { [$0.names.zh] + ($0.names.en.map { [$0] } ?? []) })
    }
    func suggestSegment(_ value: String) -> String? {
        Self.suggest(value, ids: segmentIDs, names: reference.segments.map { [$0.names.zh] + ($0.names.en.map { [$0] } ?? []) })
    }
    /// The metric ids a file may use (their Chinese and English names are accepted too).
    var acceptedMetrics: [String] { metricIDs }
    var acceptedSegments: [String] { segmentIDs }

    /// The nearest id or name by spelling (`老人` → `老年人`), else an id one of whose words is the value
    /// (`plays` → `screen-plays`), else a name that contains it.
    static func suggest(_ value: String, ids: [String], names: [[String]]) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let close = nearest(to: trimmed, in: ids + names.flatMap { $0 }) { return close }
        let lower = trimmed.lowercased()
        if let id = ids.first(where: { $0.split(separator: "-").contains { $0 == lower } }) { return id }
        for (i, list) in names.enumerated() where i < ids.count {
            if let name = list.first(where: { containsText($0.lowercased(), lower) }) { return name }
        }
        return nil
    }

    static func reports(_ mask: (UInt64, UInt64, UInt64, UInt64), _ code: Int) -> Bool {
        let bit = UInt64(1) << UInt64(code & 63)
        switch code >> 6 {
        case 0: return mask.0 & bit != 0
        case 1: return mask.1 & bit != 0
        case 2: return mask.2 & bit != 0
        default: return mask.3 & bit != 0
        }
    }
}
