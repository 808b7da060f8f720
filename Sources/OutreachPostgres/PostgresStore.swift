import Foundation
import OutreachCore
import PostgresNIO
import Synchronization

/// The shared store: one PostgreSQL database that many app instances and workers use at once.
///
/// Each call borrows a connection from a pool (`PostgresClient`) and writes in one transaction of its own, so
/// calls from many tasks, processes and machines run side by side; what must not run side by side is settled by
/// the database: outbox claims with `FOR UPDATE SKIP LOCKED` and leases, each bot's rate budget under an advisory
/// lock held until the attempt's transaction commits, migrations under an advisory lock.
///
/// ```swift
/// let store = try PostgresStore(url: "postgres://outreach@db.example:5432/outreach")
/// try await store.migrate()
/// ```
public final class PostgresStore: Sendable {
    let client: PostgresClient
    private let running: Task<Void, Never>
    /// The same server, for one plain connection that says at once why the pool could not connect (the pool
    /// itself retries for a while and then reports only that it gave up).
    private let direct: PostgresConnection.Configuration
    private let reached = Mutex(false)
    /// The schema the store's tables are in, when one was named (created by `migrate()` when missing).
    let schema: String?
    /// Where the store is, without any password (for messages).
    public let location: String

    /// Opens a pool on the database at `url` (`postgres://user@host[:port]/database`; the password from the URL or
    /// else `PGPASSWORD`, as psql takes it); `schema`
    /// (or the URL's `?schema=` parameter) puts the store's tables in that schema instead of the user's default.
    /// No connection is made until the first call.
    ///
    /// - Throws: `StoreError.database` when the URL cannot be read.
    public init(url: String, schema: String? = nil, maximumConnections: Int = 8) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError.database(PostgresStoreMessages.badURL.bothLines)
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"], database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectionIdleTimeout = .seconds(30)
        let schema = schema ?? components.queryItems?.first(where: { $0.name == "schema" })?.value
        self.schema = schema
        if let schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        configuration.options.additionalStartupParameters.append(("application_name", "outreach"))
        configuration.options.additionalStartupParameters.append(("TimeZone", "UTC"))
        var direct = PostgresConnection.Configuration(
            host: host, port: configuration.port ?? 5432, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        direct.options.additionalStartupParameters = configuration.options.additionalStartupParameters
        direct.options.connectTimeout = .seconds(10)
        self.direct = direct
        let client = PostgresClient(configuration: configuration)
        self.client = client
        running = Task { await client.run() }
        var shown = components
        shown.password = nil
        location = shown.string ?? url
    }

    deinit { running.cancel() }

    /// Closes the pool's connections; the store is unusable afterwards.
    public func close() { running.cancel() }

    // MARK: Connections and transactions

    /// Connects once, directly, before the pool is first used: a server that is down, a database that does not
    /// exist or a refused user is reported at once, with the server's reason.
    func reachServer() async throws {
        guard !reached.withLock({ $0 }) else { return }
        var logger = Logger(label: "outreach.postgres")
        logger.logLevel = .critical
        // The pool makes its first connection meanwhile, not after: a command's first query comes a connection
        // sooner (about 2 ms).
        let client = self.client
        let warming = Task { try? await client.withConnection { _ in } }
        do {
            let connection = try await PostgresConnection.connect(configuration: direct, id: 0, logger: logger)
            try? await connection.close()
            reached.withLock { $0 = true }
        } catch let error as PSQLError {
            warming.cancel()
            let reason = error.serverInfo?[.message] ?? error.underlying.map { String(describing: $0) } ?? String(describing: error.code)
            throw StoreError.database(PostgresStoreMessages.unreachable(reason).bothLines)
        } catch {
            warming.cancel()
            throw StoreError.database(PostgresStoreMessages.unreachable(String(describing: error)).bothLines)
        }
    }

    /// Runs `body` on a pooled connection outside any explicit transaction (each statement commits by itself).
    func reading<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await reachServer()
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in one transaction on a pooled connection: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await reachServer()
        do {
            return try await client.withConnection { connection in
                try await connection.withTransaction(logger: connection.logger) { connection in try await body(connection) }
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The store's own errors as they are; the database's as `StoreError.database` with the server's message.
    static func storeError(_ error: any Error) -> any Error {
        if let transaction = error as? PostgresTransactionError {
            if let closure = transaction.closureError { return storeError(closure) }
            if let commit = transaction.commitError { return storeError(commit) }
            if let begin = transaction.beginError { return storeError(begin) }
            return StoreError.database(String(reflecting: transaction))
        }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                let detail = psql.serverInfo?[.detail].map { " (\($0))" } ?? ""
                return StoreError.database(message + detail)
            }
            return StoreError.database(PostgresStoreMessages.unreachable(String(describing: psql.code)).bothLines)
        }
        return error
    }

    // MARK: Schema

    /// The schema version this build writes.
    public static let schemaVersion = PostgresMigrations.steps.count

    /// Creates the schema or brings it up to date: each missing step in one transaction, under an advisory lock so
    /// that instances starting together apply each step once.
    public func migrate() async throws {
        // Already at this version (every command after the first): one read, no transaction and no lock. A missing
        // schema or table, a newer schema or an unreachable server take the full path, which says what is wrong.
        try await reachServer()  // a server that cannot be reached is said so once, not twice
        let current = try? await reading { connection in
            try await connection.rows("SELECT coalesce(max(version), 0) FROM schema_migrations").first?.decode(Int.self)
        }
        if current == PostgresMigrations.steps.count { return }
        if let schema {
            try await reading { connection in
                let quoted = try await connection.rows("SELECT quote_ident(\(schema))").first?.decode(String.self) ?? "\"\""
                try await connection.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted)"))
            }
        }
        for _ in 0..<PostgresMigrations.steps.count + 1 {
            let done = try await transaction { connection -> Bool in
                try await connection.run("SELECT pg_advisory_xact_lock(7305, hashtext(current_schema()))")
                try await connection.run(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                    """)
                let current = try await connection.rows("SELECT coalesce(max(version), 0) FROM schema_migrations")
                    .first?.decode(Int.self) ?? 0
                guard current <= PostgresMigrations.steps.count else {
                    throw StoreError.schemaTooNew(found: current, supported: PostgresMigrations.steps.count)
                }
                guard current < PostgresMigrations.steps.count else { return true }
                let step = PostgresMigrations.steps[current]
                for statement in step.allStatements { try await connection.run(PostgresQuery(unsafeSQL: statement)) }
                try await connection.run(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(current + 1), \(step.name))")
                return false
            }
            if done { return }
        }
    }

    /// The schema steps this database holds, oldest first.
    public func appliedMigrations() async throws -> [(version: Int, name: String, appliedAt: Date)] {
        try await reading { connection in
            try await connection.rows("SELECT version, name, outreach_ms(applied_at) FROM schema_migrations ORDER BY version")
                .map { row in
                    let (version, name, ms) = try row.decode((Int, String, Int64).self)
                    return (version, name, Self.date(ms))
                }
        }
    }

    // MARK: Times

    /// Whole milliseconds since 1970, as the outbox and the accounts count time (rounded down).
    static func ms(_ date: Date) -> Int64 { Timestamp.milliseconds(date) }

    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(ms) / 1000) }
}

extension PostgresStore: DataVersionStore {
    /// The counter the deferred `bump_version_at_commit` trigger moves once per committed writing transaction, by any
    /// process: one row read by primary key.
    public func dataVersion() async throws -> DataVersion {
        try await reading { connection in
            DataVersion([try await connection.rows("SELECT counter FROM data_version").first?.decode(Int64.self) ?? 0])
        }
    }
}

extension PostgresConnection {
    /// Every row of a query.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// Runs a statement, ignoring any rows.
    func run(_ query: PostgresQuery) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }

    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    func changes(_ query: PostgresQuery) async throws -> Int {
        let future: EventLoopFuture<PostgresQueryResult> = self.query(query, logger: logger)
        return try await future.get().metadata.rows ?? 0
    }
}

extension PostgresStore {
    /// Runs one statement outside the store's tables (the tests create and drop a schema per case with it).
    public func executeForTests(_ sql: String) async throws {
        try await reading { connection in try await connection.run(PostgresQuery(unsafeSQL: sql)) }
    }
}
