import Foundation
import OutreachCore

/// The audit log (migration "audit-log"); times are ms since 1970 UTC.
extension SQLiteStore: AuditStore {
    private static func ms(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }

    public func recordAudit(_ entry: AuditEntry) throws {
        let what: String, before: String, after: String
        switch entry.change {
        case .status(let from, let to): (what, before, after) = ("status", from.rawValue, to.rawValue)
        case .created: (what, before, after) = ("created", "", "")
        case .field(let name, let from, let to): (what, before, after) = ("field:" + name, from, to)
        }
        try connection.transaction {
            let insert = try connection.statement(
                """
                INSERT INTO audit_log (at, actor, actor_display_name, source, event_id, campaign_id, what, before, after, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insert.bindAll(
                Self.ms(entry.at), entry.actor, entry.actorDisplayName, entry.source.rawValue, entry.event.rawValue,
                entry.campaign.rawValue, what, before, after, entry.reason)
            try insert.run()
        }
    }

    public func setStatus(
        _ status: EventStatus, of id: Event.ID, reminders: ReminderPlanner?, at now: Date, recording actor: AuditActor,
        reason: String?
    ) throws -> StoredEvent {
        // One transaction: `setStatus` and `recordAudit` join it (a transaction inside one runs in it).
        try connection.transaction {
            let before = try event(id)?.event.status
            let updated = try setStatus(status, of: id, reminders: reminders, at: now)
            if let before, before != updated.event.status {
                try recordAudit(
                    AuditEntry(
                        actor: actor.name, actorDisplayName: actor.displayName, source: actor.source, at: now, event: id,
                        campaign: updated.event.campaign, change: .status(from: before, to: updated.event.status),
                        reason: reason))
            }
            return updated
        }
    }

    public func auditEntries(event: Event.ID) throws -> [AuditEntry] {
        try auditEntries(where: "event_id = ?", event.rawValue)
    }

    public func auditEntries(campaign: Campaign.ID) throws -> [AuditEntry] {
        try auditEntries(where: "campaign_id = ?", campaign.rawValue)
    }

    private func auditEntries(where condition: String, _ value: String) throws -> [AuditEntry] {
        let statement = try connection.statement(
            """
            SELECT at, actor, actor_display_name, source, event_id, campaign_id, what, before, after, reason
            FROM audit_log WHERE \(condition) ORDER BY id
            """)
        defer { statement.reset() }
        statement.bindAll(value)
        var result: [AuditEntry] = []
        while try statement.step() {
            // A row of a kind this version does not know is skipped.
            let what = statement.text(6)
            let change: AuditEntry.Change
            if what == "status", let from = EventStatus(rawValue: statement.text(7)),
                let to = EventStatus(rawValue: statement.text(8))
            {
                change = .status(from: from, to: to)
            } else if what == "created" {
                change = .created
            } else if what.hasPrefix("field:") {
                change = .field(String(what.dropFirst(6)), from: statement.text(7), to: statement.text(8))
            } else {
                continue
            }
            result.append(
                AuditEntry(
                    actor: statement.text(1), actorDisplayName: statement.text(2),
                    source: AuditEntry.Source(rawValue: statement.text(3)) ?? .web,
                    at: Date(timeIntervalSince1970: Double(statement.int(0)) / 1000), event: Event.ID(statement.text(4)),
                    campaign: Campaign.ID(statement.text(5)), change: change,
                    reason: statement.optionalText(9)))
        }
        return result
    }
}
