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
