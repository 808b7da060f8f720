extension Notice.Payload {
    /// The facts as ordered JSON for generic webhooks (`data.notice`), keys in snake_case, Chinese
    /// names with their English ones where known.
    public var json: JSONValue {
        switch self {
        case .eventReminder(let reminder):
            return .object([("event", reminder.event.json), ("offset", reminder.offsetLabel.json)])
        case .dailyDigest(let digest):
            return .object([
                ("date", .string(digest.date.description)),
                ("branch", .optional(digest.branch?.rawValue)),
                ("branch_name", digest.branchName?.json ?? .null),
                ("events", .array(digest.events.map(\.json))),
            ])
        case .bulletinPublished(let bulletin):
            return .object([
                ("year", .int(bulletin.year)),
                ("month", .int(bulletin.month)),
                ("branch", .string(bulletin.branch.rawValue)),
                ("branch_name", bulletin.branchName.json),
                ("events_held", .int(bulletin.eventsHeld)),
                ("person_times", .int(bulletin.personTimes)),
                ("link", .string(bulletin.link)),
            ])
        case .offTrackAlert(let alert):
            return .object([
                ("branch", .string(alert.branch.rawValue)),
                ("branch_name", alert.branchName.json),
                ("period", alert.period.json),
                ("segment", alert.segment.json),
                ("achieved", .int(alert.achieved)),
                ("target", .int(alert.target)),
                ("percent", .int(alert.percent)),
                ("expected_percent", .int(alert.expectedPercent)),
                (
                    "more",
                    .array(
                        alert.more.map {
                            .object([
                                ("segment", $0.segment.json), ("achieved", .int($0.achieved)), ("target", .int($0.target)),
                                ("percent", .int($0.percent)),
                            ])
                        })
                ),
            ])
        case .eventCancelled(let cancelled):
            return .object([("event", cancelled.event.json), ("was_at", .string(cancelled.wasAt.description))])
        case .test(let test):
            return .object([("target", .string(test.target)), ("message", .optional(test.message))])
        }
    }
}

extension Notice.EventSummary {
    var json: JSONValue {
        .object([
            ("id", .string(event.rawValue)),
            ("campaign", .string(campaign.rawValue)),
            ("title", title.json),
            ("venue", venue.json),
            ("branch", .string(branch.rawValue)),
            ("branch_name", branchName.json),
            ("start", .string(start.description)),
            ("end", .string(end.description)),
            ("time_zone", .string(timeZone)),
            ("staff", .array(staff.map { .string($0) })),
        ])
    }
}

extension Names {
    var json: JSONValue { .object([("zh", .string(zh)), ("en", .optional(en))]) }
}
