import ArgumentParser
import OutreachCore
import OutreachSQLite

/// The one place that names a concrete store: every `--database` / `OUTREACH_DATABASE` location opens the
/// embedded SQLite store (a database file). Commands and use cases see only the store protocols.
enum Stores {
    static func factory(for location: String) -> any StoreFactory { SQLiteFactory() }
}
