internal import CSQLite
import OutreachCore

/// The whole store read out and written back (`outreach migrate`): the portable form is this store's own, so each
/// table is copied column by column.
extension SQLiteStore: SnapshotStore {
    public func snapshotRows(of table: StoreSnapshot.Table) throws -> [[SnapshotValue]] {
        try? foldAbandonedJournalsBeforeReading()  // what a worker that died sent is copied as sent
        let names = Self.selected(table)
        let statement = try connection.statement("SELECT \(names) FROM \(table.name) ORDER BY rowid")
        defer { statement.reset() }
        var rows: [[SnapshotValue]] = []
        while try statement.step() {
            rows.append((0..<Int32(table.columns.count)).map { statement.snapshotValue($0) })
        }
        return rows
    }

    public func snapshotPage(of table: StoreSnapshot.Table, from cursor: Int64, limit: Int) throws
        -> (rows: [[SnapshotValue]], next: Int64?)
    {
        if cursor == 0 { try? foldAbandonedJournalsBeforeReading() }  // what a worker that died sent is copied as sent
        let names = Self.selected(table)
        let statement = try connection.statement("SELECT rowid, \(names) FROM \(table.name) WHERE rowid > ? ORDER BY rowid LIMIT ?")
        defer { statement.reset() }
        statement.bind(1, cursor)
        statement.bind(2, Int64(limit))
        var rows: [[SnapshotValue]] = []
        var last = cursor
        while try statement.step() {
            last = Int64(statement.int(0))
            rows.append((1...Int32(table.columns.count)).map { statement.snapshotValue($0) })
        }
        return (rows, rows.count < limit ? nil : last)
    }

    /// The source is read whole first (a SQLite transaction is not held open across the reads), then written in one.
    public func replaceContent(from source: any SnapshotStore) async throws {
        var tables: [SnapshotTable] = []
        for table in StoreSnapshot.layout {
            var rows: [[SnapshotValue]] = []
            var cursor: Int64? = 0
            while let from = cursor {
                let page = try await source.snapshotPage(of: table, from: from, limit: 5000)
                rows += page.rows
                cursor = page.next
            }
            tables.append(SnapshotTable(name: table.name, rows: rows))
        }
        try replaceContent(with: tables)
    }

    public func replaceContent(with tables: [SnapshotTable]) throws {
        let layout = Dictionary(uniqueKeysWithValues: StoreSnapshot.layout.map { ($0.name, $0) })
        try connection.transaction {
            for name in StoreSnapshot.leftBehind + StoreSnapshot.layout.reversed().flatMap({ Self.stored($0.name).reversed() }) {
                try connection.execute("DELETE FROM \(name)")
            }
            for table in tables {
                guard let columns = layout[table.name]?.columns, !table.rows.isEmpty else { continue }
                let inserts = try Self.inserts(table.name, columns: columns.map(\.name)).map { try connection.statement($0) }
                defer { for insert in inserts { insert.reset() } }
                for row in table.rows {
                    for insert in inserts {
                        insert.reset()
                        for (index, value) in row.prefix(insert.parameterCount).enumerated() {
                            insert.bind(Int32(index + 1), snapshot: value)
                        }
                        try insert.run()
                    }
                }
            }
        }
    }

    /// The portable layout's outbox is one table; this store keeps the notice's text apart (`outbox_notices`) and
    /// the key of a notice not cancelled in `live_key` (migration "outbox-narrow-rows").
    private static func stored(_ table: String) -> [String] {
        table == "outbox" ? ["outbox", "outbox_notices"] : [table]
    }

    /// The columns of a portable table as this store selects them.
    private static func selected(_ table: StoreSnapshot.Table) -> String {
        table.columns.map { column in
            table.name == "outbox" && column.name == "notice"
                ? "(SELECT notice FROM outbox_notices WHERE outbox_notices.id = outbox.id)" : column.name
        }
        .joined(separator: ", ")
    }

    /// The statements that write one row of a portable table, each bound with the row's values in order (`?N` is
    /// the N-th column).
    private static func inserts(_ table: String, columns: [String]) -> [String] {
        let all = columns.indices.map { "?\($0 + 1)" }
        guard table == "outbox", let notice = columns.firstIndex(of: "notice"), let id = columns.firstIndex(of: "id"),
            let key = columns.firstIndex(of: "key"), let state = columns.firstIndex(of: "state")
        else {
            return ["INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(all.joined(separator: ", ")))"]
        }
        let kept = columns.indices.filter { $0 != notice }
        return [
            """
            INSERT INTO outbox (\(kept.map { columns[$0] }.joined(separator: ", ")), live_key)
            VALUES (\(kept.map { all[$0] }.joined(separator: ", ")), CASE WHEN \(all[state]) <> 'cancelled' THEN \(all[key]) END)
            """,
            "INSERT INTO outbox_notices (id, notice) VALUES (\(all[id]), \(all[notice]))",
        ]
    }

    public func snapshotCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in StoreSnapshot.layout {
            let statement = try connection.statement("SELECT count(*) FROM \(table.name)")
            defer { statement.reset() }
            counts[table.name] = try statement.stepInt()
        }
        return counts
    }
}

extension SQLiteStatement {
    func snapshotValue(_ column: Int32) -> SnapshotValue {
        switch columnType(column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(Int64(int(column)))
        case SQLITE_FLOAT: return .real(double(column))
        case SQLITE_BLOB: return .bytes(blob(column) { Array($0.bindMemory(to: UInt8.self)) })
        default: return .text(String(decoding: bytes(column), as: UTF8.self))
        }
    }

    func bind(_ index: Int32, snapshot value: SnapshotValue) {
        switch value {
        case .null: bind(index, nil as String?)
        case .integer(let number): bind(index, number)
        case .real(let number): bind(index, number)
        case .text(let text): bind(index, text)
        case .bytes(let bytes): bind(index, bytes: bytes)
        }
    }
}
