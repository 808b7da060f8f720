import Foundation
import OutreachCore
import PostgresNIO

/// Photos kept as reach evidence and the reach log of an event.
extension PostgresStore: EvidenceStore {
    public func addEvidence(_ evidence: [ReachEvidence]) async throws {
        guard !evidence.isEmpty else { return }
        try await transaction { connection in
            for item in evidence {
                try await connection.run(
                    """
                    INSERT INTO reach_evidence (hash, content_type, bytes, width, height, event_key, day, batch, added_by, added_at)
                    VALUES (\(item.hash), \(item.contentType), \(item.byteCount), \(item.width), \(item.height), \(item.event),
                    \(item.date.description)::date, \(item.batch), \(item.addedBy), outreach_ts(\(Self.ms(item.addedAt))))
                    ON CONFLICT (hash, event_key, day) DO NOTHING
                    """)
            }
        }
    }

    private static let evidenceColumns =
        "hash, content_type, bytes, width, height, event_key, to_char(day, 'YYYY-MM-DD'), batch, added_by, outreach_ms(added_at)"

    private static func readEvidence(_ row: PostgresRow) throws -> ReachEvidence {
        let (hash, type, bytes, width, height, event, day, batch, by, at) =
            try row.decode((String, String, Int, Int, Int, Int, String, Int, String?, Int64).self)
        guard let date = LocalDate(day) else { throw StoreError.database("evidence '\(hash)' has an unreadable day") }
        return ReachEvidence(
            hash: hash, contentType: type, byteCount: bytes, width: width, height: height, event: event, date: date,
            batch: batch, addedBy: by, addedAt: Self.date(at))
    }

    public func evidence(hash: String) async throws -> [ReachEvidence] {
        try await reading { connection in
            try await connection.rows(
                "SELECT \(unescaped: Self.evidenceColumns) FROM reach_evidence WHERE hash = \(hash) ORDER BY added_at, event_key, day"
            ).map(Self.readEvidence)
        }
    }

    public func evidence(event key: Int) async throws -> [ReachEvidence] {
        try await reading { connection in
            try await connection.rows(
                "SELECT \(unescaped: Self.evidenceColumns) FROM reach_evidence WHERE event_key = \(key) ORDER BY day, added_at, hash"
            ).map(Self.readEvidence)
        }
    }

    public func reachLog(event key: Int) async throws -> [ReachLogEntry] {
        try await reading { connection in
            // The event is the key's bits 16...43 (see ReachKey).
            try await connection.rows(
                """
                SELECT r.key, r.count, r.note, r.batch, b.recorded_by, outreach_ms(b.recorded_at)
                FROM reach r JOIN reach_batches b ON b.id = r.batch
                WHERE (r.key >> 16) & 268435455 = \(key) ORDER BY r.key
                """
            ).map { row in
                let (key, count, note, batch, by, at) = try row.decode((Int64, Int64, Data?, Int, Data?, Int64).self)
                return ReachLogEntry(
                    key: key, count: Int(count), note: note.map { String(decoding: $0, as: UTF8.self) }, batch: batch,
                    recordedBy: by.map { String(decoding: $0, as: UTF8.self) }, recordedAt: Self.date(at))
            }
        }
    }
}

/// Four-eyes publishing: who prepared a month's bulletin and who approved it, with the audit of both steps.
extension PostgresStore: BulletinPreparationStore {
    public func prepareBulletin(month: String, branch: Branch.ID, by actor: AuditActor, at now: Date) async throws
        -> BulletinPreparation
    {
        try await transaction { connection in
            try await Self.prepare(month: month, branch: branch, by: actor, at: now, on: connection)
        }
    }

    private static func prepare(month: String, branch: Branch.ID, by actor: AuditActor, at now: Date, on connection: PostgresConnection)
        async throws -> BulletinPreparation
    {
        try await connection.run("SELECT pg_advisory_xact_lock(7305, hashtext(\("bulletin:" + month + ":" + branch.rawValue)))")
        if let existing = try await bulletin(month: month, branch: branch, on: connection) {
            throw ReachStoreError.bulletinAlreadyPublished(existing)
        }
        try await connection.run(
            """
            INSERT INTO bulletin_preparations (month, branch, prepared_by, prepared_by_display_name, prepared_source, prepared_at)
            VALUES (\(month), \(branch.rawValue), \(actor.name), \(actor.displayName), \(actor.source.rawValue),
            outreach_ts(\(roundedMS(now))))
            ON CONFLICT (month, branch) DO UPDATE SET prepared_by = excluded.prepared_by,
                prepared_by_display_name = excluded.prepared_by_display_name, prepared_source = excluded.prepared_source,
                prepared_at = excluded.prepared_at, approved_by = NULL, approved_by_display_name = NULL,
                approved_source = NULL, approved_at = NULL
            """)
        try await recordBulletinAudit(
            BulletinAuditEntry(month: month, branch: branch, action: .prepare, actor: actor, at: now), on: connection)
        return BulletinPreparation(month: month, branch: branch, preparedBy: actor, preparedAt: now)
    }

    public func bulletinPreparation(month: String, branch: Branch.ID) async throws -> BulletinPreparation? {
        try await reading { connection in try await Self.preparation(month: month, branch: branch, on: connection) }
    }

    private static func preparation(month: String, branch: Branch.ID, on connection: PostgresConnection) async throws
        -> BulletinPreparation?
    {
        guard let row = try await connection.rows(
            """
            SELECT prepared_by, prepared_by_display_name, prepared_source, outreach_ms(prepared_at), approved_by,
                approved_by_display_name, approved_source, outreach_ms(approved_at)
            FROM bulletin_preparations WHERE month = \(month) AND branch = \(branch.rawValue)
            """
        ).first else { return nil }
        let (by, byName, source, at, approver, approverName, approverSource, approvedAt) =
            try row.decode((String, String, String, Int64, String?, String?, String?, Int64?).self)
        let prepared = AuditActor(name: by, displayName: byName, source: AuditEntry.Source(rawValue: source) ?? .web)
        let approved = approver.map { name in
            AuditActor(
                name: name, displayName: approverName ?? name, source: AuditEntry.Source(rawValue: approverSource ?? "") ?? .web)
        }
        return BulletinPreparation(
            month: month, branch: branch, preparedBy: prepared, preparedAt: date(at), approvedBy: approved,
            approvedAt: approvedAt.map(date))
    }

    public func publishBulletin(
        _ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry], approvedBy: AuditActor,
        preparedIfNone: AuditActor?, at now: Date
    ) async throws -> BulletinPreparation {
        try await transaction { connection in
            try await connection.run(
                "SELECT pg_advisory_xact_lock(7305, hashtext(\("bulletin:" + bulletin.month + ":" + bulletin.branch.rawValue)))")
            if let existing = try await Self.bulletin(month: bulletin.month, branch: bulletin.branch, on: connection) {
                throw ReachStoreError.bulletinAlreadyPublished(existing)
            }
            var preparation: BulletinPreparation
            if let existing = try await Self.preparation(month: bulletin.month, branch: bulletin.branch, on: connection) {
                preparation = existing
            } else if let preparer = preparedIfNone {
                preparation = try await Self.prepare(month: bulletin.month, branch: bulletin.branch, by: preparer, at: now, on: connection)
            } else {
                throw BulletinPreparationStoreError.notPrepared(month: bulletin.month, branch: bulletin.branch)
            }
            try await Self.publish(bulletin, restating: restating, notices: notices, on: connection)
            try await connection.run(
                """
                UPDATE bulletin_preparations SET approved_by = \(approvedBy.name), approved_by_display_name = \(approvedBy.displayName),
                approved_source = \(approvedBy.source.rawValue), approved_at = outreach_ts(\(Self.roundedMS(now)))
                WHERE month = \(bulletin.month) AND branch = \(bulletin.branch.rawValue)
                """)
            try await Self.recordBulletinAudit(
                BulletinAuditEntry(month: bulletin.month, branch: bulletin.branch, action: .publish, actor: approvedBy, at: now),
                on: connection)
            preparation.approvedBy = approvedBy
            preparation.approvedAt = Self.date(Self.roundedMS(now))
            preparation.preparedAt = Self.date(Self.roundedMS(preparation.preparedAt))
            return preparation
        }
    }

    public func bulletinAudit(month: String, branch: Branch.ID) async throws -> [BulletinAuditEntry] {
        try await reading { connection in
            try await connection.rows(
                """
                SELECT action, actor, actor_display_name, source, outreach_ms(at) FROM bulletin_audit
                WHERE month = \(month) AND branch = \(branch.rawValue) ORDER BY id
                """
            ).compactMap { row -> BulletinAuditEntry? in
                let (action, actor, name, source, at) = try row.decode((String, String, String, String, Int64).self)
                // A step of a kind this version does not know is skipped.
                guard let action = BulletinAuditEntry.Action(rawValue: action) else { return nil }
                return BulletinAuditEntry(
                    month: month, branch: branch, action: action,
                    actor: AuditActor(name: actor, displayName: name, source: AuditEntry.Source(rawValue: source) ?? .web),
                    at: Self.date(at))
            }
        }
    }

    private static func recordBulletinAudit(_ entry: BulletinAuditEntry, on connection: PostgresConnection) async throws {
        try await connection.run(
            """
            INSERT INTO bulletin_audit (month, branch, action, actor, actor_display_name, source, at)
            VALUES (\(entry.month), \(entry.branch.rawValue), \(entry.action.rawValue), \(entry.actor.name),
            \(entry.actor.displayName), \(entry.actor.source.rawValue), outreach_ts(\(roundedMS(entry.at))))
            """)
    }
}
