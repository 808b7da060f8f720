import OutreachCore

/// Opens the embedded store: `location` is a database file path (`":memory:"` for a private one).
public struct SQLiteFactory: StoreFactory {
    public init() {}

    public func exists(at location: String) -> Bool { SQLiteStore.exists(at: location) }

    public func open(_ location: String) throws -> any OutreachStore { try SQLiteStore(path: location) }
}
