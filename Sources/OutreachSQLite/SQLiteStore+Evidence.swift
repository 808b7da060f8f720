import Foundation
import OutreachCore

/// Reach evidence (migration "reach-evidence") and the reach log of one event.
extension SQLiteStore: EvidenceStore {
    public func addEvidence(_ evidence: [ReachEvidence]) throws {
        try connection.transaction {
            let insert = try connection.statement(
                """
                INSERT OR IGNORE INTO reach_evidence
                    (hash, content_type, bytes, width, height, event_key, day, batch, added_by, added_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for item in evidence {
                insert.bindAll(
                    item.hash, item.contentType, item.byteCount, item.width, item.height, item.event, item.date.dayNumber,
                    item.batch, item.addedBy, Timestamp.string(from: item.addedAt))
                try insert.run()
                insert.reset()
            }
        }
    }

    private static let evidenceColumns = "hash, content_type, bytes, width, height, event_key, day, batch, added_by, added_at"

    private func readEvidence(_ statement: SQLiteStatement) -> ReachEvidence {
        ReachEvidence(
            hash: statement.text(0), contentType: statement.text(1), byteCount: statement.int(2), width: statement.int(3),
            height: statement.int(4), event: statement.int(5), date: LocalDate(dayNumber: statement.int(6)), batch: statement.int(7),
            addedBy: statement.optionalText(8), addedAt: Timestamp.date(from: statement.text(9)) ?? Date(timeIntervalSince1970: 0))
    }

    public func evidence(hash: String) throws -> [ReachEvidence] {
        let statement = try connection.statement(
            "SELECT \(Self.evidenceColumns) FROM reach_evidence WHERE hash = ? ORDER BY added_at, event_key, day")
        defer { statement.reset() }
        statement.bindAll(hash)
        var result: [ReachEvidence] = []
        while try statement.step() { result.append(readEvidence(statement)) }
        return result
    }

    public func evidence(event key: Int) throws -> [ReachEvidence] {
        let statement = try connection.statement(
            "SELECT \(Self.evidenceColumns) FROM reach_evidence WHERE event_key = ? ORDER BY day, added_at, hash")
        defer { statement.reset() }
        statement.bindAll(key)
        var result: [ReachEvidence] = []
        while try statement.step() { result.append(readEvidence(statement)) }
        return result
    }

    public func reachLog(event key: Int) throws -> [ReachLogEntry] {
        // The event is the key's bits 16...43 (see ReachKey).
        let statement = try connection.statement(
            """
            SELECT r.key, r.count, r.note, r.batch, b.recorded_by, b.recorded_at
            FROM reach r JOIN reach_batches b ON b.id = r.batch
            WHERE (r.key >> 16) & 268435455 = ? ORDER BY r.key
            """)
        defer { statement.reset() }
        statement.bindAll(key)
        var result: [ReachLogEntry] = []
        while try statement.step() {
            result.append(
                ReachLogEntry(
                    key: Int64(statement.int(0)), count: statement.int(1), note: statement.optionalText(2), batch: statement.int(3),
                    recordedBy: statement.optionalText(4),
                    recordedAt: Timestamp.date(from: statement.text(5)) ?? Date(timeIntervalSince1970: 0)))
        }
        return result
    }
}
