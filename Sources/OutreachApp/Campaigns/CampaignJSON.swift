import OutreachCore
import OutreachFormats

/// Campaigns and events as JSON, the same for `outreach campaign list|show --format json`, `outreach event show
/// --format json` and `/api/v1`: ids and codes as stored, Chinese titles with their English beside them, dates
/// as `yyyy-mm-dd` and times as local wall-clock times with the event's time zone.
public enum CampaignJSON {
    /// A campaign in a list, with how many of its events are not cancelled.
    public static func summary(_ stored: StoredCampaign, events: Int) -> JSONValue {
        let c = stored.campaign
        return .object([
            ("id", .string(c.id.rawValue)), ("title", .string(c.title.zh)), ("titleEn", .optional(c.title.en)),
            ("kind", .string(c.kind.rawValue)), ("start", .string(c.start.description)),
            ("end", .string(c.end.description)), ("owner", .string(c.owner.rawValue)),
            ("events", .int(events)), ("source", .optional(stored.sourcePath)),
        ])
    }

    /// A campaign with its targets and its events.
    public static func campaign(_ stored: StoredCampaign, events: [StoredEvent], reference: ReferenceData) -> JSONValue {
        let c = stored.campaign
        return .object([
            ("id", .string(c.id.rawValue)), ("title", .string(c.title.zh)), ("titleEn", .optional(c.title.en)),
            ("kind", .string(c.kind.rawValue)), ("start", .string(c.start.description)),
            ("end", .string(c.end.description)), ("owner", .string(c.owner.rawValue)),
            ("branches", .array(c.branches.map { .string($0.rawValue) })),
            ("segments", .array(c.segments.map { .object([("segment", .string($0.segment.rawValue)), ("targetPopulation", .optional($0.targetPopulation))]) })),
            ("channels", .array(c.channels.map { .string($0.rawValue) })),
            ("notes", .optional(c.notes)), ("source", .optional(stored.sourcePath)),
            ("events", .array(events.map { event($0, reference: reference) })),
        ])
    }

    /// One event as planned (not its occurrences).
    public static func event(_ stored: StoredEvent, reference: ReferenceData) -> JSONValue {
        let e = stored.event
        var timing: [(String, JSONValue)]
        switch e.timing {
        case .timed(let start, let end):
            timing = [("start", .string(start.description)), ("end", .string(end.description)), ("allDay", false)]
        case .allDay(let start, let end):
            timing = [("start", .string(start.description)), ("end", .string(end.description)), ("allDay", true)]
        }
        return .object(
            [
                ("id", .string(e.id.rawValue)), ("campaign", .string(e.campaign.rawValue)), ("title", .string(e.title.zh)),
                ("titleEn", .optional(e.title.en)), ("channel", .string(e.channel.rawValue)), ("venue", .string(e.venue.rawValue)),
                ("branch", .string(e.branch.rawValue)),
            ] + timing + [
                ("timeZone", .string(reference.timeZone(of: e.branch))), ("repeat", .optional(e.recurrence?.description)),
                ("except", .array(e.exceptDates.map { .string($0.description) })), ("staff", .array(e.staff.map { .string($0) })),
                ("expectedReach", .optional(e.expectedReach)), ("capacity", .optional(e.capacity)),
                ("status", .string(e.status.rawValue)), ("fileStatus", .string(stored.fileStatus.rawValue)),
                ("removedFromFile", .bool(stored.isRemovedFromFile)), ("notes", .optional(e.notes)),
            ])
    }
}
