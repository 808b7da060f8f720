import OutreachCore

/// `PRAGMA data_version` changes when another connection commits to the file; `sqlite3_total_changes64` counts
/// this connection's own row changes. Together they change with every commit that changed rows, for the price of
/// reading the WAL index header: no query of any table.
extension SQLiteStore: DataVersionStore {
    public func dataVersion() throws -> DataVersion {
        let statement = try connection.statement("PRAGMA data_version")
        defer { statement.reset() }
        let others = try statement.step() ? Int64(statement.int(0)) : 0
        return DataVersion([others, connection.totalChanges])
    }
}
