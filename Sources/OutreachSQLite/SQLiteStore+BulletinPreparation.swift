import Foundation
import OutreachCore

/// The bulletins' four-eyes record (migration "bulletin-preparation"): who prepared, who approved, and the audit
/// of both steps; times are ms since 1970 UTC.
extension SQLiteStore: BulletinPreparationStore {
    private static func ms(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    private static func date(_ ms: Int) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    public func prepareBulletin(month: String, branch: Branch.ID, by actor: AuditActor, at now: Date) throws
        -> BulletinPreparation
    {
        try connection.transaction {
            if let existing = try bulletin(month: month, branch: branch) {
                throw ReachStoreError.bulletinAlreadyPublished(existing)
            }
            let preparation = BulletinPreparation(month: month, branch: branch, preparedBy: actor, preparedAt: now)
            let upsert = try connection.statement(
                """
                INSERT INTO bulletin_preparations (month, branch, prepared_by, prepared_by_display_name, prepared_source, prepared_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (month, branch) DO UPDATE SET prepared_by = excluded.prepared_by,
                    prepared_by_display_name = excluded.prepared_by_display_name, prepared_source = excluded.prepared_source,
                    prepared_at = excluded.prepared_at, approved_by = NULL, approved_by_display_name = NULL,
                    approved_source = NULL, approved_at = NULL
                """)
            upsert.bindAll(month, branch.rawValue, actor.name, actor.displayName, actor.source.rawValue, Self.ms(now))
            try upsert.run()
            try recordBulletinAudit(BulletinAuditEntry(month: month, branch: branch, action: .prepare, actor: actor, at: now))
            return preparation
        }
    }

    public func bulletinPreparation(month: String, branch: Branch.ID) throws -> BulletinPreparation? {
        let statement = try connection.statement(
            """
            SELECT prepared_by, prepared_by_display_name, prepared_source, prepared_at, approved_by, approved_by_display_name,
                approved_source, approved_at
            FROM bulletin_preparations WHERE month = ? AND branch = ?
            """)
        defer { statement.reset() }
        statement.bindAll(month, branch.rawValue)
        guard try statement.step() else { return nil }
        let prepared = AuditActor(
            name: statement.text(0), displayName: statement.text(1),
            source: AuditEntry.Source(rawValue: statement.text(2)) ?? .web)
        let approved = statement.optionalText(4).map { name in
            AuditActor(
                name: name, displayName: statement.optionalText(5) ?? name,
                source: AuditEntry.Source(rawValue: statement.optionalText(6) ?? "") ?? .web)
        }
        return BulletinPreparation(
            month: month, branch: branch, preparedBy: prepared, preparedAt: Self.date(statement.int(3)), approvedBy: approved,
            approvedAt: statement.optionalInt(7).map(Self.date))
    }

    public func publishBulletin(
        _ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry], approvedBy: AuditActor,
        preparedIfNone: AuditActor?, at now: Date
    ) throws -> BulletinPreparation {
        // One transaction: the calls below join it (a transaction inside one runs in it).
        try connection.transaction {
            if let existing = try self.bulletin(month: bulletin.month, branch: bulletin.branch) {
                throw ReachStoreError.bulletinAlreadyPublished(existing)
            }
            var preparation: BulletinPreparation
            if let existing = try bulletinPreparation(month: bulletin.month, branch: bulletin.branch) {
                preparation = existing
            } else if let preparer = preparedIfNone {
                preparation = try prepareBulletin(month: bulletin.month, branch: bulletin.branch, by: preparer, at: now)
            } else {
                throw BulletinPreparationStoreError.notPrepared(month: bulletin.month, branch: bulletin.branch)
            }
            try publishBulletin(bulletin, restating: restating, notices: notices)
            let update = try connection.statement(
                """
                UPDATE bulletin_preparations SET approved_by = ?, approved_by_display_name = ?, approved_source = ?, approved_at = ?
                WHERE month = ? AND branch = ?
                """)
            update.bindAll(
                approvedBy.name, approvedBy.displayName, approvedBy.source.rawValue, Self.ms(now), bulletin.month,
                bulletin.branch.rawValue)
            try update.run()
            try recordBulletinAudit(
                BulletinAuditEntry(month: bulletin.month, branch: bulletin.branch, action: .publish, actor: approvedBy, at: now))
            preparation.approvedBy = approvedBy
            preparation.approvedAt = Self.date(Self.ms(now))
            preparation.preparedAt = Self.date(Self.ms(preparation.preparedAt))
            return preparation
        }
    }

    public func bulletinAudit(month: String, branch: Branch.ID) throws -> [BulletinAuditEntry] {
        let statement = try connection.statement(
            """
            SELECT action, actor, actor_display_name, source, at FROM bulletin_audit
            WHERE month = ? AND branch = ? ORDER BY id
            """)
        defer { statement.reset() }
        statement.bindAll(month, branch.rawValue)
        var entries: [BulletinAuditEntry] = []
        while try statement.step() {
            // A step of a kind this version does not know is skipped.
            guard let action = BulletinAuditEntry.Action(rawValue: statement.text(0)) else { continue }
            entries.append(
                BulletinAuditEntry(
                    month: month, branch: branch, action: action,
                    actor: AuditActor(
                        name: statement.text(1), displayName: statement.text(2),
                        source: AuditEntry.Source(rawValue: statement.text(3)) ?? .web),
                    at: Self.date(statement.int(4))))
        }
        return entries
    }

    private func recordBulletinAudit(_ entry: BulletinAuditEntry) throws {
        let insert = try connection.statement(
            """
            INSERT INTO bulletin_audit (month, branch, action, actor, actor_display_name, source, at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bindAll(
            entry.month, entry.branch.rawValue, entry.action.rawValue, entry.actor.name, entry.actor.displayName,
            entry.actor.source.rawValue, Self.ms(entry.at))
        try insert.run()
    }
}
