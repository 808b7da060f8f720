import OutreachFormats

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
            var pairs: [(String, JSONValue)] = [
                ("branch", .string(alert.branch.rawValue)),
                ("branch_name", alert.branchName.json),
                ("period", alert.period.json),
                ("segment", alert.segment.json),
                ("achieved", .int(alert.achieved)),
                ("target", .int(alert.target)),
                ("percent", .int(alert.percent)),
                ("expected_percent", .int(alert.expectedPercent)),
                ("more", .array(alert.more.map(\.json))),
            ]
            // Other branches of a group's alert; left out when there are none (as stored before).
            if !alert.others.isEmpty {
                let others: [JSONValue] = alert.others.map { other in
                    .object([
                        ("branch", .string(other.branch.rawValue)), ("branch_name", other.branchName.json),
                        ("measures", .array(other.measures.map(\.json))),
                    ])
                }
                pairs.append(("others", .array(others)))
            }
            return .object(pairs)
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

extension Notice.OffTrackAlert.Measure {
    var json: JSONValue {
        .object([
            ("segment", segment.json), ("achieved", .int(achieved)), ("target", .int(target)), ("percent", .int(percent)),
        ])
    }
}

extension BilingualName {
    var json: JSONValue { .object([("zh", .string(zh)), ("en", .optional(en))]) }
}
