import Foundation
import OutreachCore

/// Events planned in the web app and the record of web edits (migration "web-edits"); times are ms since 1970 UTC.
extension SQLiteStore: PlanningStore {
    private static func ms(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    private static func date(_ ms: Int) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    public func saveEvent(_ event: Event, reminders: ReminderPlanner?, at now: Date, recording actor: AuditActor) throws
        -> StoredEvent
    {
        let stamp = Timestamp.string(from: now)
        let saved = notifyConfiguration
        notifyConfiguration = reminders?.configuration
        defer { notifyConfiguration = saved }
        return try connection.transaction {
            let find = try connection.statement("SELECT key, end_date FROM campaigns WHERE id = ?")
            find.bindAll(event.campaign.rawValue)
            guard try find.step() else {
                find.reset()
                throw StoreError.campaignNotFound(
                    event.campaign,
                    suggestion: nearest(to: event.campaign.rawValue, in: try campaignIDs().map(\.rawValue)).map { Campaign.ID($0) })
            }
            let campaignKey = find.int(0)
            let campaignEnd = LocalDate(find.text(1)) ?? event.timing.endDate
            find.reset()
            let current = try self.event(event.id)
            var changes: [AuditEntry.Change]
            if let current {
                // The fields the form edits; the status (current and as filed) stays as it is.
                var asFiled = event
                asFiled.status = current.fileStatus
                var compared = event
                compared.status = current.event.status
                let differences = EventFields.differences(from: current.event, to: compared)
                guard !differences.isEmpty else { return current }
                changes = differences.map { .field($0.field, from: $0.before, to: $0.after) }
                try updateEvent(asFiled, status: current.event.status, campaignKey: campaignKey, campaignEnd: campaignEnd, stamp: stamp)
                if current.event.channel != event.channel || current.event.branch != event.branch
                    || current.event.campaign != event.campaign
                {
                    try reattributeReach([(current.event, compared)])
                }
            } else {
                changes = [.created]
                try insertEvent(event, campaignKey: campaignKey, campaignEnd: campaignEnd, stamp: stamp)
            }
            try planNotices(forEvents: [event.id], at: now)
            for change in changes {
                try recordAudit(
                    AuditEntry(
                        actor: actor.name, actorDisplayName: actor.displayName, source: actor.source, at: now,
                        event: event.id, campaign: event.campaign, change: change))
            }
            let edit = try connection.statement(
                """
                INSERT INTO web_edits (event_id, campaign_id, edited_at, edited_by, edited_by_display_name, settled_at)
                VALUES (?, ?, ?, ?, ?, NULL)
                ON CONFLICT (event_id) DO UPDATE SET campaign_id = excluded.campaign_id, edited_at = excluded.edited_at,
                edited_by = excluded.edited_by, edited_by_display_name = excluded.edited_by_display_name
                """)
            edit.bindAll(event.id.rawValue, event.campaign.rawValue, Self.ms(now), actor.name, actor.displayName)
            try edit.run()
            guard let stored = try self.event(event.id) else { throw StoreError.eventNotFound(event.id, suggestion: nil) }
            return stored
        }
    }

    public func pendingWebEdits(campaigns: [Campaign.ID]?) throws -> [WebEdit] {
        let statement = try connection.statement(
            """
            SELECT event_id, campaign_id, edited_at, edited_by, edited_by_display_name, settled_at FROM web_edits
            WHERE settled_at IS NULL OR settled_at < edited_at ORDER BY campaign_id, event_id
            """)
        defer { statement.reset() }
        let wanted = campaigns.map(Set.init)
        var result: [WebEdit] = []
        while try statement.step() {
            let campaign = Campaign.ID(statement.text(1))
            if let wanted, !wanted.contains(campaign) { continue }
            result.append(
                WebEdit(
                    event: Event.ID(statement.text(0)), campaign: campaign, editedAt: Self.date(statement.int(2)),
                    editedBy: statement.text(3), editedByDisplayName: statement.text(4),
                    settledAt: statement.isNull(5) ? nil : Self.date(statement.int(5))))
        }
        return result
    }

    public func settleWebEdits(campaigns: [Campaign.ID], at now: Date) throws {
        try connection.transaction { try settleWebEditsInTransaction(campaigns: campaigns, at: now) }
    }

    /// Settles the web edits of campaigns inside the caller's transaction (an import's).
    func settleWebEditsInTransaction(campaigns: [Campaign.ID], at now: Date) throws {
        let settle = try connection.statement(
            "UPDATE web_edits SET settled_at = max(?, edited_at) WHERE campaign_id = ?")
        for campaign in Set(campaigns) {
            settle.bindAll(Self.ms(now), campaign.rawValue)
            try settle.run()
            settle.reset()
        }
    }
}
