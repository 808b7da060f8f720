import OutreachCore

/// Results computed from the stored data, kept under the question they answer (any `Hashable`: the query itself,
/// never a text made of it) while the data's version holds (`DataVersionStore`): a month's
/// calendar, a quarter's report, the reference data are computed once per change, not once per request. Bounded:
/// at most `capacity` entries, the oldest dropped first; an entry of an older version is recomputed on its next use.
///
/// ```swift
/// let version = try await store.dataVersion()
/// let result = try await cache.value(query, version: version) { try await listing.calendar(query) }
/// ```
public actor VersionedCache {
    private struct Entry {
        var version: DataVersion
        var value: any Sendable
    }

    public let capacity: Int
    private var entries: [AnyHashable: Entry] = [:]
    /// Keys in the order they were first stored, for dropping the oldest.
    private var order: [AnyHashable] = []
    private var hits = 0
    private var misses = 0

    public init(capacity: Int = 128) {
        self.capacity = max(1, capacity)
    }

    /// The value kept under `key` for `version`, or the one `compute` gives (then kept).
    public func value<T: Sendable>(
        _ question: some Hashable & Sendable, version: DataVersion, compute: @Sendable () async throws -> T
    ) async throws -> T {
        let key = AnyHashable(question)
        if let entry = entries[key], entry.version == version, let value = entry.value as? T {
            hits += 1
            return value
        }
        misses += 1
        let value = try await compute()
        if entries[key] == nil {
            if order.count >= capacity {
                // Drop the oldest half at once: amortised O(1) per insertion.
                let dropped = order.prefix(order.count / 2 + 1)
                for old in dropped { entries[old] = nil }
                order.removeFirst(dropped.count)
            }
            order.append(key)
        }
        // A value computed for a version older than one stored meanwhile is not kept over it.
        entries[key] = Entry(version: version, value: value)
        return value
    }

    /// How often a value was found and how often computed, for `/metrics` and tests.
    public var statistics: (hits: Int, misses: Int, entries: Int) { (hits, misses, entries.count) }
}
