/// An event's fields as a campaign file writes them (the keys of `docs/campaign-format.md`, the values as
/// `CampaignFileEncoder` writes them), for showing what a change does field by field: the audit log of a web
/// edit and the differences an import would make to an event edited on the web.
public enum EventFields {
    /// The keys, in the order a campaign file writes them.
    public static let keys = [
        "id", "title", "title_en", "channel", "venue", "branch", "start", "end", "repeat", "except", "staff",
        "expected_reach", "capacity", "status", "notes",
    ]

    /// One field that differs: its key, and its text before and after (empty when absent).
    public struct Difference: Hashable, Sendable {
        public var field: String
        public var before: String
        public var after: String

        public init(field: String, before: String, after: String) {
            self.field = field
            self.before = before
            self.after = after
        }
    }

    /// The text of every field of an event, by key; a field the file would leave out is empty.
    public static func values(_ event: Event) -> [String: String] {
        var values: [String: String] = [
            "id": event.id.rawValue, "title": event.title.zh, "title_en": event.title.en ?? "",
            "channel": event.channel.rawValue, "venue": event.venue.rawValue, "branch": event.branch.rawValue,
            "repeat": event.recurrence?.description ?? "",
            "except": event.exceptDates.map(\.description).joined(separator: ", "),
            "staff": event.staff.joined(separator: ", "),
            "expected_reach": event.expectedReach.map(String.init) ?? "",
            "capacity": event.capacity.map(String.init) ?? "", "status": event.status.rawValue,
            "notes": event.notes ?? "",
        ]
        switch event.timing {
        case .timed(let start, let end):
            values["start"] = start.description
            values["end"] = end.date == start.date ? end.time.description : end.description
        case .allDay(let start, let end):
            values["start"] = start.description
            values["end"] = end == start ? "" : end.description
        }
        return values
    }

    /// The fields that differ between two versions of an event, in file order; nil stands for no event (every
    /// field empty).
    public static func differences(from before: Event?, to after: Event?) -> [Difference] {
        let old = before.map(values) ?? [:]
        let new = after.map(values) ?? [:]
        return keys.compactMap { key in
            let a = old[key] ?? "", b = new[key] ?? ""
            return a == b ? nil : Difference(field: key, before: a, after: b)
        }
    }
}
