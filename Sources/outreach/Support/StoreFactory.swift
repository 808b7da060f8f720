import ArgumentParser
import OutreachCore
import OutreachSQLite

/// The one place that names a concrete store: every `--database` / `OUTREACH_DATABASE` location opens the
/// embedded SQLite store (a database file). Commands and use cases see only the store protocols.
enum Stores {
    static func factory(for location: String) -> any StoreFactory { SQLiteFactory() }
}

extension CommandContext {
    /// The concrete store, for the notify and worker commands until their use cases move out of the CLI.
    func openStore() async throws -> (SQLiteStore, ReferenceData) {
        let (store, reference) = try await openDatabase()
        guard let store = store as? SQLiteStore else {
            throw fail(
                language.pick(
                    "此命令只支持内嵌的 SQLite 数据库，'\(databasePath)' 不是。",
                    "This command works only with the embedded SQLite database, which '\(databasePath)' is not."))
        }
        return (store, reference)
    }
}
