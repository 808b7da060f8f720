/// Which state of the stored data a reader saw: equal versions mean nothing was committed in between, by this
/// instance or any other process. Pages and reports computed from the data are kept for as long as the version
/// holds (`VersionedCache`), so a busy server computes a month's calendar once per change, not once per request.
public struct DataVersion: Hashable, Sendable {
    /// Opaque parts, compared as a whole (on SQLite: the file's change counter as other connections see it, and
    /// this connection's own changes).
    public var parts: [Int64]

    public init(_ parts: [Int64]) { self.parts = parts }
}

/// A store that can say cheaply whether anything was committed since it last said so.
public protocol DataVersionStore: Sendable {
    /// The current version: it changes with every commit that changed rows, by this instance or another.
    func dataVersion() async throws -> DataVersion
}
