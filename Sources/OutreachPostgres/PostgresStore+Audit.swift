import Foundation
import OutreachCore
import PostgresNIO

/// The audit log, and status changes written together with their entry.
extension PostgresStore: AuditStore {
    /// Milliseconds rounded to the nearest, as the audit log and web edits count time.
    static func roundedMS(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public func recordAudit(_ entry: AuditEntry) async throws {
        try await transaction { connection in try await Self.recordAudit(entry, on: connection) }
    }

    static func recordAudit(_ entry: AuditEntry, on connection: PostgresConnection) async throws {
        let what: String, before: String, after: String
        switch entry.change {
        case .status(let from, let to): (what, before, after) = ("status", from.rawValue, to.rawValue)
        case .created: (what, before, after) = ("created", "", "")
        case .field(let name, let from, let to): (what, before, after) = ("field:" + name, from, to)
        }
        try await connection.run(
            """
            INSERT INTO audit_log (at, actor, actor_display_name, source, event_id, campaign_id, what, before, after, reason)
            VALUES (outreach_ts(\(roundedMS(entry.at))), \(entry.actor), \(entry.actorDisplayName), \(entry.source.rawValue),
            \(entry.event.rawValue), \(entry.campaign.rawValue), \(what), \(before), \(after), \(entry.reason))
            """)
    }

    public func setStatus(
        _ status: EventStatus, of id: Event.ID, reminders: ReminderPlanner?, at now: Date, recording actor: AuditActor,
        reason: String?
    ) async throws -> StoredEvent {
        try await transaction { connection in
            let (updated, before, changed) = try await Self.changeStatus(status, of: id, reminders: reminders, at: now, on: connection)
            if changed {
                try await Self.recordAudit(
                    AuditEntry(
                        actor: actor.name, actorDisplayName: actor.displayName, source: actor.source, at: now, event: id,
                        campaign: updated.event.campaign, change: .status(from: before, to: updated.event.status),
                        reason: reason),
                    on: connection)
            }
            return updated
        }
    }

    public func auditEntries(event: Event.ID) async throws -> [AuditEntry] {
        try await auditEntries(column: "event_id", event.rawValue)
    }

    public func auditEntries(campaign: Campaign.ID) async throws -> [AuditEntry] {
        try await auditEntries(column: "campaign_id", campaign.rawValue)
    }

    private func auditEntries(column: String, _ value: String) async throws -> [AuditEntry] {
        try await reading { connection in
            try await connection.rows(
                """
                SELECT outreach_ms(at), actor, actor_display_name, source, event_id, campaign_id, what, before, after, reason
                FROM audit_log WHERE \(unescaped: column) = \(value) ORDER BY id
                """
            ).compactMap { row -> AuditEntry? in
                let (at, actor, displayName, source, event, campaign, what, before, after, reason) =
                    try row.decode((Int64, String, String, String, String, String, String, String, String, String?).self)
                // A row of a kind this version does not know is skipped.
                let change: AuditEntry.Change
                if what == "status", let from = EventStatus(rawValue: before), let to = EventStatus(rawValue: after) {
                    change = .status(from: from, to: to)
                } else if what == "created" {
                    change = .created
                } else if what.hasPrefix("field:") {
                    change = .field(String(what.dropFirst(6)), from: before, to: after)
                } else {
                    return nil
                }
                return AuditEntry(
                    actor: actor, actorDisplayName: displayName, source: AuditEntry.Source(rawValue: source) ?? .web,
                    at: Self.date(at), event: Event.ID(event), campaign: Campaign.ID(campaign), change: change, reason: reason)
            }
        }
    }
}

/// Events saved from the web (planning form) and the web edits an import must not silently overwrite.
extension PostgresStore: PlanningStore {
    public func saveEvent(_ event: Event, reminders: ReminderPlanner?, at now: Date, recording actor: AuditActor) async throws
        -> StoredEvent
    {
        let nowMS = Self.ms(now)
        return try await transaction { connection in
            guard let found = try await connection.rows(
                "SELECT key, to_char(end_date, 'YYYY-MM-DD') FROM campaigns WHERE id = \(event.campaign.rawValue) FOR SHARE").first
            else {
                let ids = try await connection.rows("SELECT id FROM campaigns ORDER BY id").map { try $0.decode(String.self) }
                throw StoreError.campaignNotFound(
                    event.campaign, suggestion: nearest(to: event.campaign.rawValue, in: ids).map { Campaign.ID($0) })
            }
            let (campaignKey, endText) = try found.decode((Int64, String).self)
            let campaignEnd = LocalDate(endText) ?? event.timing.endDate
            try await connection.run("SELECT 1 FROM events WHERE id = \(event.id.rawValue) FOR UPDATE")
            let current = try await Self.event(event.id, on: connection)
            let changes: [AuditEntry.Change]
            if let current {
                // The fields the form edits; the status (current and as filed) stays as it is.
                var asFiled = event
                asFiled.status = current.fileStatus
                var compared = event
                compared.status = current.event.status
                let differences = EventFields.differences(from: current.event, to: compared)
                guard !differences.isEmpty else { return current }
                changes = differences.map { .field($0.field, from: $0.before, to: $0.after) }
                try await Self.updateEvent(
                    asFiled, status: current.event.status, campaignKey: campaignKey, campaignEnd: campaignEnd, nowMS: nowMS,
                    on: connection)
                if current.event.channel != event.channel || current.event.branch != event.branch
                    || current.event.campaign != event.campaign
                {
                    try await Self.reattributeReach([(current.event, compared)], on: connection)
                }
            } else {
                changes = [.created]
                try await Self.insertEvent(event, campaignKey: campaignKey, campaignEnd: campaignEnd, nowMS: nowMS, on: connection)
            }
            if let reminders { try await Self.planNotices(forEvents: [event.id], with: reminders, at: now, on: connection) }
            for change in changes {
                try await Self.recordAudit(
                    AuditEntry(
                        actor: actor.name, actorDisplayName: actor.displayName, source: actor.source, at: now,
                        event: event.id, campaign: event.campaign, change: change),
                    on: connection)
            }
            try await connection.run(
                """
                INSERT INTO web_edits (event_id, campaign_id, edited_at, edited_by, edited_by_display_name, settled_at)
                VALUES (\(event.id.rawValue), \(event.campaign.rawValue), outreach_ts(\(Self.roundedMS(now))), \(actor.name),
                \(actor.displayName), NULL)
                ON CONFLICT (event_id) DO UPDATE SET campaign_id = excluded.campaign_id, edited_at = excluded.edited_at,
                edited_by = excluded.edited_by, edited_by_display_name = excluded.edited_by_display_name
                """)
            guard let stored = try await Self.event(event.id, on: connection) else {
                throw StoreError.eventNotFound(event.id, suggestion: nil)
            }
            return stored
        }
    }

    public func pendingWebEdits(campaigns: [Campaign.ID]?) async throws -> [WebEdit] {
        let wanted = campaigns?.map(\.rawValue)
        return try await reading { connection in
            try await connection.rows(
                """
                SELECT event_id, campaign_id, outreach_ms(edited_at), edited_by, edited_by_display_name, outreach_ms(settled_at)
                FROM web_edits WHERE (settled_at IS NULL OR settled_at < edited_at)
                AND (\(wanted)::text[] IS NULL OR campaign_id = ANY(\(wanted)::text[]))
                ORDER BY campaign_id, event_id
                """
            ).map { row in
                let (event, campaign, edited, by, byName, settled) = try row.decode((String, String, Int64, String, String, Int64?).self)
                return WebEdit(
                    event: Event.ID(event), campaign: Campaign.ID(campaign), editedAt: Self.date(edited), editedBy: by,
                    editedByDisplayName: byName, settledAt: settled.map(Self.date))
            }
        }
    }

    public func settleWebEdits(campaigns: [Campaign.ID], at now: Date) async throws {
        try await transaction { connection in try await Self.settleWebEdits(campaigns: campaigns, at: now, on: connection) }
    }

    static func settleWebEdits(campaigns: [Campaign.ID], at now: Date, on connection: PostgresConnection) async throws {
        guard !campaigns.isEmpty else { return }
        try await connection.run(
            """
            UPDATE web_edits SET settled_at = greatest(outreach_ts(\(roundedMS(now))), edited_at)
            WHERE campaign_id = ANY(\(campaigns.map(\.rawValue))::text[])
            """)
    }
}
