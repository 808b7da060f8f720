import OutreachCore

/// Opens the shared store: `location` is a `postgres://user@host[:port]/database` URL (the password in
/// `PGPASSWORD`, never in the URL, which commands print).
public struct PostgresFactory: StoreFactory {
    public init() {}

    /// Whether a location names a PostgreSQL database rather than a file.
    public static func handles(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// A server's database is there to be opened; `outreach init` migrates and seeds it, and a command on one that
    /// was never initialised is told so (`StoreError.notInitialized`).
    public func exists(at location: String) -> Bool { true }

    /// - Throws: `StoreError.database` when the URL cannot be read or holds a password.
    public func open(_ location: String) throws -> any OutreachStore {
        if let at = location.firstIndex(of: "@"), location[..<at].dropFirst("postgres://".count).contains(":") {
            throw StoreError.database(PostgresStoreMessages.passwordInURL.bothLines)
        }
        return try PostgresStore(url: location)
    }
}
