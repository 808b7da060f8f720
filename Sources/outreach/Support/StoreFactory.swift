import ArgumentParser
import OutreachCore
import OutreachPostgres
import OutreachSQLite

/// The one place that names a concrete store: a `--database` / `OUTREACH_DATABASE` location that is a
/// `postgres://` URL opens the shared PostgreSQL store (docs/postgres.md), any other the embedded SQLite store
/// (a database file). Commands and use cases see only the store protocols.
enum Stores {
    static func factory(for location: String) -> any StoreFactory {
        PostgresFactory.handles(location) ? PostgresFactory() : SQLiteFactory()
    }
}
