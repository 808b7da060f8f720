import Foundation
import OutreachCore
import PostgresNIO

/// The whole store read out and written back (`outreach migrate`), converting between PostgreSQL's types and the
/// portable form (the embedded store's) in SQL, column by column.
extension PostgresStore: SnapshotStore {
    public func snapshotRows(of table: StoreSnapshot.Table) async throws -> [[SnapshotValue]] {
        try await rows(of: table, suffix: "")
    }

    /// A table's rows in the portable form, in the order of all their columns.
    private func rows(of table: StoreSnapshot.Table, suffix: String) async throws -> [[SnapshotValue]] {
        let expressions = table.columns.map { Self.exported($0.name, $0.kind) }
        let order = (1...table.columns.count).map(String.init).joined(separator: ", ")
        let sql = "SELECT \(expressions.joined(separator: ", ")) FROM \(table.name) ORDER BY \(order)\(suffix)"
        return try await reading { connection in
            try await connection.rows(PostgresQuery(unsafeSQL: sql)).map { row in
                let cells = row.makeRandomAccess()
                return try table.columns.indices.map { index in
                    guard let text = try cells[index].decode(String?.self) else { return SnapshotValue.null }
                    return Self.portable(text, table.columns[index].kind)
                }
            }
        }
    }

    public func snapshotPage(of table: StoreSnapshot.Table, from cursor: Int64, limit: Int) async throws
        -> (rows: [[SnapshotValue]], next: Int64?)
    {
        let rows = try await rows(of: table, suffix: " OFFSET \(cursor) LIMIT \(limit)")
        return (rows, rows.count < limit ? nil : cursor + Int64(rows.count))
    }

    public func replaceContent(with tables: [SnapshotTable]) async throws {
        try await replacing { write in
            for table in tables { try await write(table.name, table.rows) }
        }
    }

    /// Pages are read from `source` while this store's transaction is open, so only one page is held at a time.
    public func replaceContent(from source: any SnapshotStore) async throws {
        try await replacing { write in
            for table in StoreSnapshot.layout {
                var cursor: Int64? = 0
                while let from = cursor {
                    let page = try await source.snapshotPage(of: table, from: from, limit: 5000)
                    try await write(table.name, page.rows)
                    cursor = page.next
                }
            }
        }
    }

    /// Empties every table, lets `body` write rows through `write`, renumbers the identity columns: one transaction.
    private func replacing(
        _ body: (_ write: (_ table: String, _ rows: [[SnapshotValue]]) async throws -> Void) async throws -> Void
    ) async throws {
        let layout = Dictionary(uniqueKeysWithValues: StoreSnapshot.layout.map { ($0.name, $0) })
        try await transaction { connection in
            for name in StoreSnapshot.leftBehind + StoreSnapshot.layout.reversed().map(\.name) {
                try await connection.run(PostgresQuery(unsafeSQL: "DELETE FROM \(name)"))
            }
            try await body { name, rows in
                guard let shape = layout[name], !rows.isEmpty else { return }
                let names = shape.columns.map(\.name).joined(separator: ", ")
                let values = shape.columns.enumerated().map { index, column in Self.imported("(r->>\(index))", column.kind) }
                let sql = """
                    INSERT INTO \(name) (\(names)) OVERRIDING SYSTEM VALUE
                    SELECT \(values.joined(separator: ", ")) FROM jsonb_array_elements($1::jsonb) AS r
                    """
                var start = 0
                while start < rows.count {
                    let chunk = rows[start..<min(start + 5000, rows.count)]
                    let json = try JSONEncoder().encode(chunk.map { row in
                        row.enumerated().map { index, value in Self.parameter(value, shape.columns[index].kind) }
                    })
                    var binds = PostgresBindings()
                    binds.append(String(decoding: json, as: UTF8.self))
                    try await connection.run(PostgresQuery(unsafeSQL: sql, binds: binds))
                    start += 5000
                }
            }
            // The portable form has no key ranges (the embedded store keeps none): they are worked out here.
            try await connection.run(PostgresQuery(unsafeSQL: PostgresMigrations.batchKeyRanges))
            for table in StoreSnapshot.layout {
                guard let identity = table.identity else { continue }
                try await connection.run(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table.name)', '\(identity)'),
                        coalesce((SELECT max(\(identity)) FROM \(table.name)), 0) + 1, false)
                    """))
            }
        }
    }

    public func snapshotCounts() async throws -> [String: Int] {
        let sql = StoreSnapshot.layout.map { "SELECT '\($0.name)', count(*) FROM \($0.name)" }.joined(separator: " UNION ALL ")
        return try await reading { connection in
            var counts: [String: Int] = [:]
            for row in try await connection.rows(PostgresQuery(unsafeSQL: sql)) {
                let (name, count) = try row.decode((String, Int).self)
                counts[name] = count
            }
            return counts
        }
    }

    /// A column as text in the portable form.
    private static func exported(_ column: String, _ kind: SnapshotColumnKind) -> String {
        switch kind {
        case .integer, .json: "\(column)::text"
        case .text: column
        case .utf8, .blob: "encode(\(column), 'hex')"
        case .milliseconds: "outreach_ms(\(column))::text"
        case .stamp: "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        case .date: "to_char(\(column), 'YYYY-MM-DD')"
        case .dayNumber: "(\(column) - date '1970-01-01')::text"
        case .flag: "\(column)::integer::text"
        case .eventTime: "CASE WHEN all_day THEN to_char(\(column), 'YYYY-MM-DD') ELSE to_char(\(column), 'YYYY-MM-DD HH24:MI') END"
        case .dateList: "array_to_string(\(column), ' ')"
        case .textList: "array_to_string(\(column), chr(31))"
        }
    }

    /// The column's value from the portable form's text `x`.
    private static func imported(_ x: String, _ kind: SnapshotColumnKind) -> String {
        switch kind {
        case .integer: "\(x)::bigint"
        case .text: x
        case .utf8, .blob: "decode(\(x), 'hex')"
        case .milliseconds: "outreach_ts(\(x)::bigint)"
        case .stamp: "\(x)::timestamptz"
        case .date: "\(x)::date"
        case .dayNumber: "date '1970-01-01' + \(x)::integer"
        case .flag: "\(x)::integer <> 0"
        case .json: "\(x)::jsonb"
        case .eventTime: "\(x)::timestamp"
        case .dateList: "coalesce(string_to_array(nullif(\(x), ''), ' ')::date[], '{}')"
        case .textList: "coalesce(string_to_array(nullif(\(x), ''), chr(31)), '{}')"
        }
    }

    /// A portable value as the text sent for `imported`.
    private static func parameter(_ value: SnapshotValue, _ kind: SnapshotColumnKind) -> String? {
        switch value {
        case .null: nil
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): kind == .utf8 || kind == .blob ? hex(Array(text.utf8)) : text
        case .bytes(let bytes): kind == .utf8 || kind == .blob ? hex(bytes) : String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Text read back by `exported` as a portable value.
    private static func portable(_ text: String, _ kind: SnapshotColumnKind) -> SnapshotValue {
        switch kind {
        case .integer, .milliseconds, .dayNumber, .flag: .integer(Int64(text) ?? 0)
        case .utf8: .text(String(decoding: unhex(text), as: UTF8.self))
        case .blob: .bytes(unhex(text))
        default: .text(text)
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func unhex(_ text: String) -> [UInt8] {
        func value(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 32) - 87 }
        let chars = Array(text.utf8)
        return stride(from: 0, to: chars.count - 1, by: 2).map { value(chars[$0]) << 4 | value(chars[$0 + 1]) }
    }
}
