import Foundation

/// Reference data as a store keeps it: one row per item (its kind, its id, its place in its list and its definition
/// as JSON), read back as one JSON array per kind. Which kinds there are and what names an item is the domain's; a
/// store only writes the rows and gathers the arrays.
public enum ReferenceItems {
    /// One stored item.
    public struct Row: Sendable, Hashable {
        public var kind: String
        public var id: String
        public var position: Int
        public var definition: String
    }

    /// Every item of `data`, kind by kind, in list order.
    public static func rows(of data: ReferenceData) throws -> [Row] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var rows: [Row] = []
        func put<T: Encodable>(_ kind: String, _ items: [T], id: (T) -> String) throws {
            for (position, item) in items.enumerated() {
                rows.append(Row(kind: kind, id: id(item), position: position, definition: String(decoding: try encoder.encode(item), as: UTF8.self)))
            }
        }
        try put("branch", data.branches) { $0.id.rawValue }
        try put("venue", data.venues) { $0.id.rawValue }
        try put("channel", data.channels) { $0.id.rawValue }
        try put("metric", data.metrics) { $0.id.rawValue }
        try put("segment", data.segments) { $0.id.rawValue }
        try put("kind", data.kinds) { $0.id.rawValue }
        try put("term", data.terms) { "\($0.calendar)/\($0.start)" }
        try put("notice", data.holidays.notices.values.sorted { $0.year < $1.year }) { String($0.year) }
        try put("anchor", data.holidays.anchors) { $0.date.description }
        try put("population", data.populations) { "\($0.year)/\($0.branch)/\($0.segment)" }
        return rows
    }

    /// The reference data of one JSON array per kind (items in position order); nil when there is none.
    /// - Parameter venues: The venues when the store has read them another way (nil: decoded from their array).
    public static func data(fromArrays arrays: [String: Data], venues: [Venue]? = nil) throws -> ReferenceData? {
        guard !arrays.isEmpty else { return nil }
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ kind: String, as type: T.Type) throws -> [T] {
            guard let data = arrays[kind] else { return [] }
            return try decoder.decode([T].self, from: data)
        }
        return ReferenceData(
            branches: try decode("branch", as: Branch.self), venues: try venues ?? decode("venue", as: Venue.self),
            channels: try decode("channel", as: Channel.self), metrics: try decode("metric", as: Metric.self),
            segments: try decode("segment", as: AudienceSegment.self), kinds: try decode("kind", as: CampaignKind.self),
            terms: try decode("term", as: SchoolTerm.self),
            holidays: HolidayCalendar(
                notices: try decode("notice", as: HolidayCalendar.Notice.self),
                anchors: try decode("anchor", as: HolidayCalendar.Anchor.self)),
            populations: try decode("population", as: Population.self))
    }
}

extension ReferenceItems {
    /// One field of a stored definition as a store's JSON functions read it.
    public enum Field: Sendable, Hashable {
        /// Missing, or JSON null.
        case absent
        case text(String)
        /// A JSON number that is a whole number within 64 bits.
        case integer(Int)
        /// Anything else (another JSON type, a fraction, a number beyond 64 bits).
        case other
    }

    /// The fields of a venue's definition, as paths from its root, in the order `venue(fields:)` takes them: a store
    /// reads them with its own JSON functions (thousands of venues in a city; several times faster than
    /// `JSONDecoder`, which every command opening the store would otherwise spend most of its start on).
    public static let venueFieldPaths: [[String]] = [
        ["id"], ["names", "zh"], ["names", "en"], ["kind"], ["branch"], ["capacity"], ["address"], ["terms"],
    ]

    /// The venue the fields make; nil when a field is not exactly what these cases represent (a field of another
    /// JSON type, an unknown kind): the store then leaves the venues to `JSONDecoder`, with its answer or its error.
    public static func venue(fields: [Field]) -> Venue? {
        guard fields.count == venueFieldPaths.count else { return nil }
        func required(_ i: Int) -> String? { if case .text(let text) = fields[i] { text } else { nil } }
        func optional(_ i: Int) -> String?? {
            switch fields[i] {
            case .absent: .some(nil)
            case .text(let text): .some(text)
            case .integer, .other: nil
            }
        }
        guard let id = required(0), let zh = required(1), let en = optional(2), let kindText = required(3),
            let kind = Venue.Kind(rawValue: kindText), let branch = required(4), let address = optional(6),
            let terms = optional(7)
        else { return nil }
        let capacity: Int?
        switch fields[5] {
        case .absent: capacity = nil
        case .integer(let value): capacity = value
        case .text, .other: return nil
        }
        return Venue(
            id: Venue.ID(id), names: BilingualName(zh: zh, en: en), kind: kind, branch: Branch.ID(branch),
            capacity: capacity, address: address, terms: terms.map { SchoolTerm.CalendarID($0) })
    }
}
