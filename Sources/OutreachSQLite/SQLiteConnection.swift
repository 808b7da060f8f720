internal import CSQLite
import OutreachCore

/// One SQLite connection. Not thread-safe: it is owned by `SQLiteStore`, whose serial executor is the
/// only place it is used.
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var cache: [String: SQLiteStatement] = [:]
    let path: String

    init(path: String, readOnly: Bool = false) throws(StoreError) {
        var db: OpaquePointer?
        let flags = readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw .database("cannot open '\(path)': \(message)")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, Int32(Self.busyTimeoutSeconds * 1000))
        sqlite3_extended_result_codes(db, 1)
    }

    /// How long a statement waits for another process's lock before failing with ``StoreError/busy(seconds:)``.
    /// SQLite's busy handler retries within it; a write transaction is only ever held for local work
    /// (no command holds one across a network call or a wait), so this bounds every wait.
    static let busyTimeoutSeconds = 10

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(message)
            throw failure(code, text)
        }
    }

    /// The error for a failed call: busy or locked (another process held the database past the busy
    /// timeout) is told apart from real failures.
    /// `SQLITE_BUSY_SNAPSHOT` (517) is not a wait that ran out but a write begun on a stale snapshot, which
    /// ``transaction(immediate:_:)`` rules out; should it happen, it is reported as the failure it is.
    func failure(_ code: Int32, _ message: String) -> StoreError {
        let primary = code & 0xFF
        guard primary == SQLITE_BUSY || primary == SQLITE_LOCKED, code != SQLITE_BUSY | (2 << 8) else { return .database(message) }
        return .busy(seconds: Self.busyTimeoutSeconds)
    }

    /// Ends every read a statement left open: a statement that stopped on a row keeps its read
    /// transaction (a WAL snapshot) until it is reset. Such a snapshot must never outlive one store call —
    /// a write begun on a snapshot another process has since moved past fails at once with
    /// `SQLITE_BUSY_SNAPSHOT` ("database is locked"), which no busy timeout can wait out.
    func endReads() {
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            if sqlite3_stmt_busy(current) != 0 { sqlite3_reset(current) }
            statement = sqlite3_next_stmt(handle, current)
        }
    }

    /// Whether a statement still holds a read open (tests).
    var hasOpenRead: Bool {
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            if sqlite3_stmt_busy(current) != 0 { return true }
            statement = sqlite3_next_stmt(handle, current)
        }
        return false
    }

    /// A prepared statement, cached by its SQL.
    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil) == SQLITE_OK, let raw
        else { throw .database(errorMessage) }
        let statement = SQLiteStatement(raw, connection: self)
        cache[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws. Inside a transaction
    /// already open, `body` simply joins it.
    ///
    /// A write transaction starts with `BEGIN IMMEDIATE` on no snapshot at all (reads left open are ended
    /// first), so waiting for another writer is SQLite's busy handler's job and bounded by its timeout;
    /// `BEGIN` (deferred) would take a snapshot first and fail without waiting when it upgrades to write.
    func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try body() }
        endReads()
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            endReads()
            return result
        } catch {
            try? execute("ROLLBACK")
            endReads()
            throw error
        }
    }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }
    /// Rows changed by this connection since it opened.
    var totalChanges: Int64 { sqlite3_total_changes64(handle) }
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}

/// A prepared statement with typed binding and column access (indexes are 1-based for binding,
/// 0-based for columns, as in the C API).
final class SQLiteStatement {
    private let raw: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(_ raw: OpaquePointer, connection: SQLiteConnection) {
        self.raw = raw
        self.connection = connection
    }

    deinit { sqlite3_finalize(raw) }

    /// The first failed bind since the last step or reset: binding never fails silently, the next
    /// `step()` throws it (so call sites bind without `try`, and a failed bind never runs the statement).
    private var bindFailure: StoreError?

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        bindFailure = nil
    }

    /// Resets without clearing bindings, for hot loops that bind every parameter anyway.
    func rewind() {
        sqlite3_reset(raw)
        bindFailure = nil
    }

    /// Records a bind's result code; anything but SQLITE_OK makes the next step throw.
    private func check(_ code: Int32, _ index: Int32) {
        guard code != SQLITE_OK, bindFailure == nil else { return }
        bindFailure = .database("cannot bind parameter \(index): \(String(cString: sqlite3_errstr(code)))")
    }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { check(sqlite3_bind_int64(raw, index, Int64(value)), index) } else { bindNull(index) }
    }

    func bind(_ index: Int32, _ value: Int64) { check(sqlite3_bind_int64(raw, index, value), index) }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { check(sqlite3_bind_double(raw, index, value), index) } else { bindNull(index) }
    }

    /// Binds text with its byte length, so a U+0000 inside it is stored too instead of ending it.
    func bind(_ index: Int32, _ value: String?) {
        guard var value else { return bindNull(index) }
        value.withUTF8 { bindText(index, $0) }
    }

    /// Binds UTF-8 bytes as text, with their length (a copy is made, so the buffer may go right after).
    func bindText(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have no address, and a null pointer would bind NULL instead of ''.
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return check(sqlite3_bind_text64(raw, index, "", 0, csqlite_transient(), UInt8(SQLITE_UTF8)), index)
        }
        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
            check(sqlite3_bind_text64(raw, index, chars, UInt64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8)), index)
        }
    }

    private func bindNull(_ index: Int32) { check(sqlite3_bind_null(raw, index), index) }

    /// The largest parameter index the statement has (`?N`).
    var parameterCount: Int { Int(sqlite3_bind_parameter_count(raw)) }

    /// Binds several values in order, starting at 1. Named apart from `bind(_:_:)`: under one name, a call such as
    /// `bind(5, flag ? 1 : 0)` could resolve to this and bind parameters 1 and 2.
    func bindAll(_ values: any SQLiteBindable...) {
        for (i, value) in values.enumerated() { value.bind(to: self, at: Int32(i + 1)) }
    }

    /// Steps once: true when a row is ready.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        if let bindFailure { throw bindFailure }
        switch sqlite3_step(raw) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw connection.failure(code, connection.errorMessage)
        }
    }

    /// The first column of the first row as an integer (0 when there is no row).
    func stepInt() throws(StoreError) -> Int {
        defer { reset() }
        return try step() ? int(0) : 0
    }

    /// Runs to completion.
    func run() throws(StoreError) {
        while try step() {}
    }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(raw, column)) }
    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(raw, column) == SQLITE_NULL }
    func columnType(_ column: Int32) -> Int32 { sqlite3_column_type(raw, column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(raw, column) else { return "" }
        let count = Int(sqlite3_column_bytes(raw, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// Reads a BLOB column without copying it first.
    func blob<R>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let count = Int(sqlite3_column_bytes(raw, column))
        return try body(UnsafeRawBufferPointer(start: sqlite3_column_blob(raw, column), count: count))
    }

    func bind(_ index: Int32, bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            // A null pointer would bind NULL: an empty blob is bound as a zero-length one.
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return check(sqlite3_bind_zeroblob(raw, index, 0), index) }
            check(sqlite3_bind_blob64(raw, index, base, UInt64(buffer.count), csqlite_transient()), index)
        }
    }

    /// Binds bytes without a copy (SQLite's own would double a large rollup month), runs the statement, then
    /// resets it and clears its bindings, so the borrowed bytes are never read after this returns.
    func run(binding bytes: [UInt8], at index: Int32) throws(StoreError) {
        defer { reset() }
        let failure = bytes.withUnsafeBytes { buffer -> StoreError? in
            if let base = buffer.baseAddress, !buffer.isEmpty {
                check(sqlite3_bind_blob64(raw, index, base, UInt64(buffer.count), csqlite_static()), index)
            } else {
                check(sqlite3_bind_zeroblob(raw, index, 0), index)
            }
            do throws(StoreError) {
                try run()
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// The column's UTF-8 bytes, valid until the statement is stepped, reset or finalised.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(raw, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(raw, column)))
    }
}

/// Values that can be bound to a statement parameter.
protocol SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32)
}

extension Int: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, Int64(self)) }
}

extension String: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self) }
}

extension Double: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) {
        switch self {
        case .some(let value): value.bind(to: statement, at: index)
        case .none: statement.bind(index, nil as Int?)
        }
    }
}
