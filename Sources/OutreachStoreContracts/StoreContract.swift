import OutreachCore
import Testing

/// One behaviour every store must show, named, in the domain's terms. The cases live in `CampaignContract`,
/// `ReachContract` and `OutboxContract`; a store's own test target runs each of them on its store:
///
/// ```swift
/// @Test(arguments: StoreContract.runs(OutboxContract.cases, on: [memory, file]))
/// func outbox(_ run: StoreContractRun) async throws { try await run.run() }
/// ```
///
/// A case checks with `#expect` and `#require` (Swift Testing, from the toolchain), so a broken promise is
/// reported in the test that runs it, with the case's own source line.
public struct StoreContract: Sendable, CustomTestStringConvertible {
    /// The behaviour, as a lowerCamelCase phrase (`sameKeyIsNeverEnqueuedTwice`).
    public let name: String
    /// Whether the case opens a second instance on the same database (concurrent claimers).
    public let needsSecondInstance: Bool
    let body: @Sendable (StoreDatabase) async throws -> Void

    init(_ name: String, needsSecondInstance: Bool = false, _ body: @escaping @Sendable (StoreDatabase) async throws -> Void) {
        self.name = name
        self.needsSecondInstance = needsSecondInstance
        self.body = body
    }

    public var testDescription: String { name }

    /// Runs the case on a new, empty database of the store, and removes the database afterwards.
    public func run(on store: StoreUnderTest) async throws {
        let database = try await store.create()
        defer { database.remove() }
        try await body(database)
    }

    /// Every case paired with every store it applies to (a case that needs a second instance only where the
    /// store can open one), for `@Test(arguments:)`.
    public static func runs(_ cases: [StoreContract], on stores: [StoreUnderTest]) -> [StoreContractRun] {
        cases.flatMap { contract in
            stores.filter { !contract.needsSecondInstance || $0.opensSecondInstances }
                .map { StoreContractRun(contract: contract, store: $0) }
        }
    }
}

/// A store to run the contracts on: how to make a new, empty database of it.
public struct StoreUnderTest: Sendable, CustomTestStringConvertible {
    /// Names the store in test output (`sqliteMemory`, `sqliteFile`, `postgres`).
    public let name: String
    /// Whether its databases can be opened a second time (`StoreDatabase.openAnother` is set).
    public let opensSecondInstances: Bool
    let create: @Sendable () async throws -> StoreDatabase

    /// - Parameters:
    ///   - create: makes a new, empty database (not yet migrated) and returns the first instance on it.
    public init(_ name: String, opensSecondInstances: Bool, create: @escaping @Sendable () async throws -> StoreDatabase) {
        self.name = name
        self.opensSecondInstances = opensSecondInstances
        self.create = create
    }

    public var testDescription: String { name }
}

/// A new database made for one contract case.
public struct StoreDatabase: Sendable {
    /// The first instance (connection) on it, not yet migrated.
    public let store: any OutreachStore
    /// Opens another instance (connection) on the same database; `nil` where there is none (`:memory:`).
    public let openAnother: (@Sendable () async throws -> any OutreachStore)?
    /// Removes the database (temporary files, a scratch schema) once the case is over.
    public let remove: @Sendable () -> Void

    public init(
        store: any OutreachStore, openAnother: (@Sendable () async throws -> any OutreachStore)? = nil,
        remove: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.openAnother = openAnother
        self.remove = remove
    }

    /// The first instance, migrated.
    func migrated() async throws -> any OutreachStore {
        try await store.migrate()
        return store
    }
}

/// One contract case on one store: a single argument of a parameterized test.
public struct StoreContractRun: Sendable, CustomTestStringConvertible {
    public let contract: StoreContract
    public let store: StoreUnderTest

    public var testDescription: String { "\(contract.name) on \(store.name)" }

    public func run() async throws { try await contract.run(on: store) }
}
