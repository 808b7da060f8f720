import Foundation
import OutreachCore
import OutreachFormats

/// The outbox in SQLite. Claims, attempt steps and enqueues each run in one `BEGIN IMMEDIATE`
/// transaction, which also serialises them against other processes using the same file, so rate
/// budgets read from the delivery log hold across every worker.
extension SQLiteStore: OutboxStore {
    // MARK: Scheduling hook

    /// Sets the `notify:` configuration that imports and status changes plan reminders with, in the same
    /// transaction as the change. Nil (the default) schedules nothing.
    public func scheduleNotices(with configuration: NotifyConfiguration?) {
        notifyConfiguration = configuration
    }

    /// Plans the notices of the events an import touched (inside its transaction).
    func planNotices(after operations: [ImportPlanner.Operation], at now: Date) throws {
        guard notifyConfiguration != nil, !operations.isEmpty else { return }
        let ids = operations.map { operation -> Event.ID in
            switch operation {
            case .add(let event), .update(let event, _): event.id
            case .cancelRemoved(let id): id
            }
        }
        try planNotices(forEvents: ids, at: now)
    }

    /// Plans the notices of some events (inside the caller's transaction).
    func planNotices(forEvents ids: [Event.ID], at now: Date) throws {
        guard let configuration = notifyConfiguration, !configuration.targets.isEmpty,
            let reference = try referenceData()
        else { return }
        let planner = ReminderPlanner(configuration: configuration, reference: reference)
        let nowMS = Self.milliseconds(now)
        for id in ids {
            guard let stored = try event(id) else { continue }
            let existing = try ReminderPlanner.keyPrefixes(of: id).flatMap { try outboxDeliveries(keyPrefix: $0) }
            // Nothing queued and nothing to queue: the common case of a planned event.
            if existing.isEmpty, stored.event.status != .confirmed { continue }
            let plan = planner.plan(for: stored, existing: existing, now: now)
            for key in plan.cancel { _ = try cancelOutbox(key: key, nowMS: nowMS, prefix: false) }
            _ = try insertOutbox(plan.enqueue, nowMS: nowMS)
        }
    }

    // MARK: Enqueue and cancel

    public func enqueue(_ entries: [OutboxEntry], at now: Date) throws -> Int {
        try connection.transaction { try insertOutbox(entries, nowMS: Self.milliseconds(now)) }
    }

    /// Enqueues inside the caller's transaction, for store code that writes a notice together with the
    /// change that causes it (a published bulletin).
    func insertOutbox(_ entries: [OutboxEntry], nowMS: Int64) throws -> Int {
        guard !entries.isEmpty else { return 0 }
        let insert = try connection.statement(
            """
            INSERT INTO outbox (key, live_key, kind, target, bot, urgent, state, due_at, next_attempt_at, created_at, updated_at)
            VALUES (?1, ?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8, ?9)
            ON CONFLICT (live_key) DO NOTHING
            """
        )
        let text = try connection.statement("INSERT INTO outbox_notices (id, notice) VALUES (?, ?)")
        var added = 0
        for entry in entries {
            insert.reset()
            let json = entry.notice.storageJSON
            let due = Self.milliseconds(entry.dueAt)
            insert.bindAll(entry.key, entry.notice.kind.rawValue, entry.target, entry.bot.rawValue, entry.notice.urgent ? 1 : 0)
            insert.set(6, due)
            insert.set(7, due)
            insert.set(8, nowMS)
            insert.set(9, nowMS)
            try insert.run()
            guard connection.changes > 0 else { continue }
            text.reset()
            text.set(1, connection.lastInsertRowID)
            text.set(2, json)
            try text.run()
            added += 1
        }
        return added
    }

    public func cancelPending(keyPrefix: String, at now: Date) throws -> Int {
        try connection.transaction { try cancelOutbox(key: keyPrefix, nowMS: Self.milliseconds(now), prefix: true) }
    }

    public func cancelPending(key: String, at now: Date) throws -> Int {
        try connection.transaction { try cancelOutbox(key: key, nowMS: Self.milliseconds(now), prefix: false) }
    }

    private func cancelOutbox(key: String, nowMS: Int64, prefix: Bool) throws -> Int {
        let condition = prefix ? "live_key >= ? AND live_key < ?" : "live_key = ?"
        let statement = try connection.statement(
            """
            UPDATE outbox SET state = 'cancelled', live_key = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
            WHERE \(condition) AND state IN ('pending', 'failed')
            """
        )
        statement.set(1, nowMS)
        statement.set(2, key)
        if prefix { statement.set(3, Self.prefixEnd(key)) }
        try statement.run()
        return connection.changes
    }

    public func deliveries(keyPrefix: String) throws -> [OutboxDelivery] {
        try? foldAbandonedJournalsBeforeReading()  // best effort: a read still answers on a read-only or busy file
        return try outboxDeliveries(keyPrefix: keyPrefix)
    }

    private func outboxDeliveries(keyPrefix: String) throws -> [OutboxDelivery] {
        let statement = try connection.statement(
            "SELECT \(Self.outboxColumns) FROM outbox WHERE live_key >= ? AND live_key < ? ORDER BY id")
        statement.set(1, keyPrefix)
        statement.set(2, Self.prefixEnd(keyPrefix))
        return try readDeliveries(statement)
    }

    /// The smallest string above every string that starts with `prefix` (binary collation).
    private static func prefixEnd(_ prefix: String) -> String { prefix + "\u{10FFFF}" }

    // MARK: Claiming

    /// Claims on the store's queue, then decodes the notices on the caller's thread, so the JSON work
    /// of a large claim runs beside the store's next transaction instead of in front of it.
    public nonisolated func claimDue(_ request: ClaimRequest) async throws -> [ClaimedDelivery] {
        let rows = try await claimRows(request)
        return try chunkedMap(rows, minimumChunk: 16) { chunk in
            try chunk.map { row in
                var claimed = row.claimed
                claimed.delivery.notice = try Self.decodeNotice(row.json, id: claimed.delivery.id)
                return claimed
            }
        }
    }

    private struct ClaimRow: Sendable {
        var claimed: ClaimedDelivery
        var json: String
    }

    private func claimRows(_ request: ClaimRequest) throws -> [ClaimRow] {
        let now = Self.milliseconds(request.now)
        let lease = Self.milliseconds(request.leaseUntil)
        let keys = request.keyPrefix == nil ? "" : " AND live_key >= ?3 AND live_key < ?4"
        func bindKeys(_ statement: SQLiteStatement) {
            guard let prefix = request.keyPrefix else { return }
            statement.set(3, prefix)
            statement.set(4, Self.prefixEnd(prefix))
        }
        var journals: [AbandonedJournal] = []
        let rows: [ClaimRow]
        do {
            rows = try claimRows(request, now: now, lease: lease, keys: keys, bindKeys: bindKeys, journals: &journals)
        } catch {
            releaseAbandonedJournals(journals)
            throw error
        }
        removeAbandonedJournals(journals)
        return rows
    }

    private func claimRows(
        _ request: ClaimRequest, now: Int64, lease: Int64, keys: String, bindKeys: (SQLiteStatement) -> Void,
        journals: inout [AbandonedJournal]
    ) throws -> [ClaimRow] {
        try connection.transaction {
            var claimed: [ClaimRow] = []
            // Rows whose worker went away first, so they are not starved by a long queue.
            let expired = try connection.statement(
                """
                SELECT \(Self.outboxColumns) FROM outbox WHERE state = 'in_flight' AND lease_expires_at <= ?1\(keys)
                ORDER BY lease_expires_at LIMIT ?2
                """
            )
            func readExpired() throws -> [(OutboxDelivery, Date?, String)] {
                expired.reset()
                expired.set(1, now)
                expired.set(2, request.limit)
                bindKeys(expired)
                return try readRows(expired)
            }
            var abandoned = try readExpired()
            // Their worker's journal first, if it left one: a notice it sent is not claimed again.
            if !abandoned.isEmpty {
                try foldAbandonedJournals(into: &journals)
                if !journals.isEmpty { abandoned = try readExpired() }
            }
            let take = try connection.statement(
                """
                UPDATE outbox SET state = 'in_flight', lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE id = ?
                """
            )
            for (row, firstAttempt, json) in abandoned {
                var delivery = row
                let unknown = try markOpenAttemptsUnknown(of: delivery.id, nowMS: now) > 0
                if unknown { delivery.lastError = Self.interruptedMessage }
                take.reset()
                take.bindAll(request.owner)
                take.set(2, lease)
                take.set(3, now)
                take.set(4, Int64(delivery.id.rawValue) ?? 0)
                try take.run()
                delivery.state = .inFlight
                claimed.append(
                    ClaimRow(
                        claimed: ClaimedDelivery(delivery: delivery, hadUnknownOutcome: unknown, firstAttemptAt: firstAttempt),
                        json: json))
            }
            // Due rows are chosen and marked in one statement (PostgreSQL: a CTE with FOR UPDATE SKIP LOCKED).
            let due = try connection.statement(
                """
                UPDATE outbox SET state = 'in_flight', lease_owner = ?5, lease_expires_at = ?6, updated_at = ?1
                WHERE id IN (
                    SELECT id FROM outbox WHERE state IN ('pending', 'failed') AND next_attempt_at <= ?1\(keys)
                    ORDER BY next_attempt_at, id LIMIT ?2)
                RETURNING \(Self.outboxColumns)
                """
            )
            due.set(1, now)
            due.set(2, max(0, request.limit - abandoned.count))
            bindKeys(due)
            due.set(5, request.owner)
            due.set(6, lease)
            let fresh = try readRows(due).sorted {
                $0.0.nextAttemptAt != $1.0.nextAttemptAt
                    ? $0.0.nextAttemptAt < $1.0.nextAttemptAt : (Int($0.0.id.rawValue) ?? 0) < (Int($1.0.id.rawValue) ?? 0)
            }
            for (delivery, firstAttempt, json) in fresh {
                claimed.append(
                    ClaimRow(
                        claimed: ClaimedDelivery(delivery: delivery, hadUnknownOutcome: false, firstAttemptAt: firstAttempt),
                        json: json))
            }
            return claimed
        }
    }

    /// What the log says of an attempt a worker started and never finished (Chinese line, English line).
    static let interruptedMessage = NoticeMessages.interruptedAttempt.bothLines

    private func markOpenAttemptsUnknown(of id: OutboxDelivery.ID, nowMS: Int64) throws -> Int {
        let statement = try connection.statement(
            """
            UPDATE delivery_log SET outcome = 'unknown', finished_at = ?, message = ?
            WHERE delivery_id = ? AND outcome IS NULL
            """
        )
        statement.set(1, nowMS)
        statement.set(2, Self.interruptedMessage)
        statement.set(3, Int64(id.rawValue) ?? 0)
        try statement.run()
        let changed = connection.changes
        if changed > 0 {
            let note = try connection.statement("UPDATE outbox SET last_error = ? WHERE id = ?")
            note.set(1, Self.interruptedMessage)
            note.set(2, Int64(id.rawValue) ?? 0)
            try note.run()
        }
        return changed
    }

    // MARK: Attempts

    public func apply(_ steps: [AttemptStep], at now: Date) throws -> [AttemptStepResult] {
        let nowMS = Self.milliseconds(now)
        return try connection.transaction {
            var pauses: [BotIdentity: Date?] = [:]
            var results = [AttemptStepResult](repeating: .finished, count: steps.count)
            // Steps that need no decision are written set-wise: starts to unlimited, unpaused bots
            // that may go now, and finishes that end a delivery as sent. Everything else goes one by
            // one, in order, after whatever was gathered before it.
            var plainStarts: [(index: Int, start: AttemptStart)] = []
            var sent: [AttemptFinish] = []
            func flush() throws {
                try beginPlainly(plainStarts, nowMS: nowMS, into: &results)
                plainStarts.removeAll(keepingCapacity: true)
                try markSent(sent, nowMS: nowMS)
                sent.removeAll(keepingCapacity: true)
            }
            for (index, step) in steps.enumerated() {
                switch step {
                case .begin(let start):
                    let paused = try pausedUntil(start.bot, pauses: &pauses)
                    if start.startsPlainly(at: now, botPausedUntil: paused) {
                        plainStarts.append((index, start))
                    } else {
                        try flush()
                        results[index] = try begin(start, now: now, nowMS: nowMS, pausedUntil: paused)
                    }
                case .finish(let finish):
                    try recordOutcome(finish, nowMS: nowMS)
                    if case .sent = finish.next {
                        sent.append(finish)
                    } else {
                        try flush()
                        if case .retry(_, _?) = finish.next { pauses[finish.bot] = nil }  // read it again
                        results[index] = try self.finish(finish, nowMS: nowMS)
                    }
                }
            }
            try flush()
            return results
        }
    }

    /// The bot's pause, read once per transaction.
    private func pausedUntil(_ bot: BotIdentity, pauses: inout [BotIdentity: Date?]) throws -> Date? {
        if let known = pauses[bot] { return known }
        let pause = try connection.statement("SELECT paused_until FROM bot_pauses WHERE bot = ?")
        pause.set(1, bot.rawValue)
        let until = try pause.step() ? Self.date(Int64(pause.int(0))) : nil
        pause.reset()
        pauses[bot] = .some(until)
        return until
    }

    /// Starts attempts that need no budget decision: one statement renews the leases and counts the
    /// attempts of every delivery still held, then one log row each.
    private func beginPlainly(
        _ starts: [(index: Int, start: AttemptStart)], nowMS: Int64, into results: inout [AttemptStepResult]
    ) throws {
        guard !starts.isEmpty else { return }
        let groups = Dictionary(grouping: starts) { GroupKey(owner: $0.start.owner, milliseconds: Self.milliseconds($0.start.leaseUntil)) }
        let update = try connection.statement(
            """
            UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?1),
            lease_expires_at = ?2, updated_at = ?1
            WHERE id IN (SELECT value FROM json_each(?3)) AND state = 'in_flight' AND lease_owner = ?4 RETURNING id
            """
        )
        let insert = try connection.statement(
            "INSERT INTO delivery_log (delivery_id, part, part_count, target, bot, started_at) VALUES (?, ?, ?, ?, ?, ?)")
        for (key, members) in groups {
            update.reset()
            update.set(1, nowMS)
            update.set(2, key.milliseconds)
            update.set(3, "[" + members.map(\.start.delivery.rawValue).joined(separator: ",") + "]")
            update.set(4, key.owner)
            var held = Set<Int>()
            while try update.step() { held.insert(update.int(0)) }
            update.reset()
            for (index, start) in members {
                guard let id = Int(start.delivery.rawValue), held.contains(id) else {
                    results[index] = .leaseLost
                    continue
                }
                insert.reset()
                insert.set(1, id)
                insert.set(2, start.part)
                insert.set(3, start.partCount)
                insert.set(4, start.target)
                insert.set(5, start.bot.rawValue)
                insert.set(6, nowMS)
                try insert.run()
                results[index] = .started(attempt: connection.lastInsertRowID)
            }
        }
    }

    private struct GroupKey: Hashable {
        var owner: String
        var milliseconds: Int64
    }

    /// Ends deliveries whose last part arrived: one statement per worker and part count.
    private func markSent(_ finishes: [AttemptFinish], nowMS: Int64) throws {
        guard !finishes.isEmpty else { return }
        let statement = try connection.statement(
            """
            UPDATE outbox SET state = 'sent', parts_sent = ?1, failures = 0, last_error = NULL, lease_owner = NULL,
            lease_expires_at = NULL, updated_at = ?2
            WHERE id IN (SELECT value FROM json_each(?3)) AND state = 'in_flight' AND lease_owner = ?4
            """
        )
        for (key, members) in Dictionary(grouping: finishes, by: { GroupKey(owner: $0.owner, milliseconds: Int64($0.part)) }) {
            statement.reset()
            statement.set(1, Int(key.milliseconds))
            statement.set(2, nowMS)
            statement.set(3, "[" + members.map(\.delivery.rawValue).joined(separator: ",") + "]")
            statement.set(4, key.owner)
            try statement.run()
        }
    }

    private func begin(_ start: AttemptStart, now: Date, nowMS: Int64, pausedUntil: Date?) throws -> AttemptStepResult {
        let id = Int64(start.delivery.rawValue) ?? 0

        let earliest = max(now, start.notBefore)
        var sendAt = max(earliest, pausedUntil ?? earliest)
        if !start.windows.isEmpty {
            let longestMS = Int64(start.windows.map { ($0.period.components.seconds) }.max() ?? 0) * 1000
            let marginMS = Int64((start.windows.map { start.rateMargin.seconds(for: $0) }.max() ?? 0) * 1000)
            // When each recent request reached the platform at the latest: its reply, or now while in flight.
            let recent = try connection.statement(
                "SELECT max(started_at, coalesce(finished_at, ?1)) FROM delivery_log WHERE bot = ?2 AND started_at > ?3")
            recent.set(1, nowMS)
            recent.set(2, start.bot.rawValue)
            recent.set(3, nowMS - 2 * (longestMS + marginMS) - 60_000)
            var sends: [Date] = []
            while try recent.step() { sends.append(Self.date(Int64(recent.int(0)))) }
            let budget = RateBudget(
                windows: start.windows, margin: start.rateMargin,
                slowed: try slowedByRefusal(start.bot, longestMS: longestMS, nowMS: nowMS, pausedUntil: pausedUntil))
            sendAt = budget.nextAllowed(after: earliest, recentSends: sends, pausedUntil: pausedUntil)
        }
        if Self.milliseconds(sendAt) > nowMS {
            let defer_ = try connection.statement(
                """
                UPDATE outbox SET state = CASE WHEN failures > 0 THEN 'failed' ELSE 'pending' END, next_attempt_at = ?,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ? AND state = 'in_flight' AND lease_owner = ?
                """
            )
            defer_.set(1, Self.milliseconds(sendAt))
            defer_.set(2, nowMS)
            defer_.set(3, id)
            defer_.set(4, start.owner)
            try defer_.run()
            return connection.changes > 0 ? .deferred(until: sendAt) : .leaseLost
        }
        // Renew the lease and count the attempt, if this worker still holds the delivery.
        let update = try connection.statement(
            """
            UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?),
            lease_expires_at = ?, updated_at = ? WHERE id = ? AND state = 'in_flight' AND lease_owner = ?
            """
        )
        update.set(1, nowMS)
        update.set(2, Self.milliseconds(start.leaseUntil))
        update.set(3, nowMS)
        update.set(4, id)
        update.set(5, start.owner)
        try update.run()
        guard connection.changes > 0 else { return .leaseLost }
        let insert = try connection.statement(
            """
            INSERT INTO delivery_log (delivery_id, part, part_count, target, bot, started_at) VALUES (?, ?, ?, ?, ?, ?)
            """
        )
        insert.set(1, id)
        insert.set(2, start.part)
        insert.set(3, start.partCount)
        insert.set(4, start.target)
        insert.set(5, start.bot.rawValue)
        insert.set(6, nowMS)
        try insert.run()
        return .started(attempt: connection.lastInsertRowID)
    }

    /// Whether the platform refused the bot for rate within the last ``RateBudget/slowedWindows`` windows
    /// (counted from the end of the pause the refusal brought, when that is later).
    private func slowedByRefusal(_ bot: BotIdentity, longestMS: Int64, nowMS: Int64, pausedUntil: Date?) throws -> Bool {
        let span = Int64(RateBudget.slowedWindows) * longestMS
        let codes = DeliveryClassifier.rateRefusalCodes.map { "'\($0)'" }.joined(separator: ", ")
        let refusal = try connection.statement(
            """
            SELECT max(finished_at) FROM delivery_log WHERE bot = ? AND started_at > ? AND outcome = 'transient'
            AND (http_status = 429 OR platform_code IN (\(codes)))
            """
        )
        defer { refusal.reset() }
        refusal.set(1, bot.rawValue)
        refusal.set(2, nowMS - span - 3_600_000)
        guard try refusal.step(), !refusal.isNull(0) else { return false }
        let refusedAt = Int64(refusal.int(0))
        let from = max(refusedAt, pausedUntil.map(Self.milliseconds) ?? refusedAt)
        return nowMS < from + span
    }

    /// Writes an attempt's outcome into its log row.
    private func recordOutcome(_ finish: AttemptFinish, nowMS: Int64) throws {
        let report = finish.report
        let log = try connection.statement(
            """
            UPDATE delivery_log SET finished_at = ?, outcome = ?, http_status = ?, platform_code = ?, message = ?,
            latency_ms = ? WHERE id = ?
            """
        )
        log.set(1, nowMS)
        log.set(2, report.outcome.rawValue)
        log.set(3, report.httpStatus)
        log.set(4, report.platformCode)
        log.set(5, report.message)
        log.set(6, report.latencyMilliseconds)
        log.set(7, try attempt(of: finish))
        try log.run()
    }

    /// The log row of the attempt a finish ends: its own, or for an attempt started through a journal (whose
    /// row was made when the journal was folded, so the worker never learnt its number) the part's open attempt.
    private func attempt(of finish: AttemptFinish) throws -> Int64 {
        guard finish.attempt == 0 else { return finish.attempt }
        let open = try connection.statement(
            "SELECT id FROM delivery_log WHERE delivery_id = ? AND part = ? AND outcome IS NULL ORDER BY id DESC LIMIT 1")
        defer { open.reset() }
        open.set(1, Int64(finish.delivery.rawValue) ?? 0)
        open.set(2, finish.part)
        return try open.step() ? Int64(open.int(0)) : 0
    }

    /// Moves a delivery on after an attempt whose outcome is recorded.
    private func finish(_ finish: AttemptFinish, nowMS: Int64) throws -> AttemptStepResult {
        let report = finish.report
        let id = Int64(finish.delivery.rawValue) ?? 0
        let owned = "WHERE id = ? AND state = 'in_flight' AND lease_owner = ?"
        let statement: SQLiteStatement
        switch finish.next {
        case .nextPart:
            statement = try connection.statement("UPDATE outbox SET parts_sent = ?, failures = 0, updated_at = ? \(owned)")
            statement.set(1, finish.part)
            statement.set(2, nowMS)
        case .sent:
            statement = try connection.statement(
                """
                UPDATE outbox SET state = 'sent', parts_sent = ?, failures = 0, last_error = NULL, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = ? \(owned)
                """
            )
            statement.set(1, finish.part)
            statement.set(2, nowMS)
        case .retry(let at, let pauseUntil):
            if let pauseUntil {
                let pause = try connection.statement(
                    """
                    INSERT INTO bot_pauses (bot, paused_until) VALUES (?, ?)
                    ON CONFLICT (bot) DO UPDATE SET paused_until = max(paused_until, excluded.paused_until)
                    """
                )
                pause.set(1, finish.bot.rawValue)
                pause.set(2, Self.milliseconds(pauseUntil))
                try pause.run()
            }
            statement = try connection.statement(
                """
                UPDATE outbox SET state = 'failed', failures = failures + 1, next_attempt_at = ?, last_error = ?,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = ? \(owned)
                """
            )
            statement.set(1, Self.milliseconds(at))
            statement.set(2, report.message)
            statement.set(3, nowMS)
        case .dead:
            statement = try connection.statement(
                """
                UPDATE outbox SET state = 'dead', failures = failures + 1, last_error = ?, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = ? \(owned)
                """
            )
            statement.set(1, report.message)
            statement.set(2, nowMS)
        case .pending(let at):
            statement = try connection.statement(
                """
                UPDATE outbox SET state = CASE WHEN failures > 0 THEN 'failed' ELSE 'pending' END, next_attempt_at = ?,
                last_error = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? \(owned)
                """
            )
            statement.set(1, Self.milliseconds(at))
            statement.set(2, report.message)
            statement.set(3, nowMS)
        }
        let idIndex: Int32 = {
            switch finish.next {
            case .nextPart, .sent, .dead: 3
            case .retry, .pending: 4
            }
        }()
        statement.set(idIndex, id)
        statement.set(idIndex + 1, finish.owner)
        try statement.run()
        return .finished
    }

    // MARK: Leases

    public func releaseLeases(owner: String, at now: Date) throws -> Int {
        let nowMS = Self.milliseconds(now)
        return try connection.transaction {
            let owned = try connection.statement("SELECT id FROM outbox WHERE state = 'in_flight' AND lease_owner = ?")
            owned.set(1, owner)
            var ids: [Int64] = []
            while try owned.step() { ids.append(Int64(owned.int(0))) }
            owned.reset()
            let release = try connection.statement(
                """
                UPDATE outbox SET state = CASE WHEN failures > 0 THEN 'failed' ELSE 'pending' END,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ?
                """
            )
            for id in ids {
                _ = try markOpenAttemptsUnknown(of: OutboxDelivery.ID(String(id)), nowMS: nowMS)
                release.reset()
                release.set(1, nowMS)
                release.set(2, id)
                try release.run()
            }
            return ids.count
        }
    }

    public func leaseOwners() throws -> [String] {
        let statement = try connection.statement(
            "SELECT DISTINCT lease_owner FROM outbox WHERE state = 'in_flight' AND lease_owner IS NOT NULL ORDER BY 1")
        var owners: [String] = []
        while try statement.step() { owners.append(statement.text(0)) }
        return owners
    }

    public func expireLeases(owners: [String], at now: Date) throws -> Int {
        guard !owners.isEmpty else { return 0 }
        let nowMS = Self.milliseconds(now)
        return try connection.transaction {
            let statement = try connection.statement(
                "UPDATE outbox SET lease_expires_at = ? WHERE state = 'in_flight' AND lease_owner = ?")
            var total = 0
            for owner in owners {
                statement.reset()
                statement.set(1, nowMS)
                statement.set(2, owner)
                try statement.run()
                total += connection.changes
            }
            return total
        }
    }

    public func nextDueTime() throws -> Date? {
        let statement = try connection.statement(
            """
            SELECT min(t) FROM (
                SELECT min(next_attempt_at) AS t FROM outbox WHERE state IN ('pending', 'failed')
                UNION ALL SELECT min(lease_expires_at) FROM outbox WHERE state = 'in_flight')
            """
        )
        // Reset before returning: the worker sleeps after asking, and must not hold a snapshot meanwhile.
        defer { statement.reset() }
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return Self.date(Int64(statement.int(0)))
    }

    // MARK: Listing

    public func deliveries(matching query: OutboxQuery) throws -> [OutboxDelivery] {
        try? foldAbandonedJournalsBeforeReading()  // best effort: a read still answers on a read-only or busy file
        let states = (query.states ?? OutboxQuery.defaultStates).map(\.rawValue).sorted()
        var conditions = ["state IN (\(states.map { _ in "?" }.joined(separator: ", ")))"]
        if query.target != nil { conditions.append("target = ?") }
        let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
        let statement = try connection.statement(
            """
            SELECT \(Self.outboxColumns) FROM outbox WHERE \(conditions.joined(separator: " AND "))
            ORDER BY next_attempt_at, id\(limit)
            """
        )
        for (index, state) in states.enumerated() { statement.set(Int32(index + 1), state) }
        if let target = query.target { statement.set(Int32(states.count + 1), target) }
        return try readDeliveries(statement)
    }

    public func delivery(_ id: OutboxDelivery.ID) throws -> OutboxDelivery? {
        try? foldAbandonedJournalsBeforeReading()  // best effort: a read still answers on a read-only or busy file
        guard let number = Int64(id.rawValue) else { return nil }
        let statement = try connection.statement("SELECT \(Self.outboxColumns) FROM outbox WHERE id = ?")
        statement.set(1, number)
        return try readDeliveries(statement).first
    }

    public func attempts(matching query: DeliveryLogQuery) throws -> [DeliveryAttempt] {
        try? foldAbandonedJournalsBeforeReading()  // best effort: a read still answers on a read-only or busy file
        var conditions: [String] = []
        if query.target != nil { conditions.append("l.target = ?") }
        if query.delivery != nil { conditions.append("l.delivery_id = ?") }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
        let statement = try connection.statement(
            """
            SELECT l.id, l.delivery_id, o.key, l.part, l.part_count, l.target, l.bot, l.started_at, l.finished_at,
            l.outcome, l.http_status, l.platform_code, l.message, l.latency_ms
            FROM delivery_log l JOIN outbox o ON o.id = l.delivery_id \(condition) ORDER BY l.id DESC\(limit)
            """
        )
        var index: Int32 = 1
        if let target = query.target {
            statement.set(index, target)
            index += 1
        }
        if let delivery = query.delivery { statement.set(index, Int64(delivery.rawValue) ?? -1) }
        var result: [DeliveryAttempt] = []
        while try statement.step() {
            result.append(
                DeliveryAttempt(
                    id: Int64(statement.int(0)), delivery: OutboxDelivery.ID(String(statement.int(1))),
                    key: statement.text(2), part: statement.int(3), partCount: statement.int(4),
                    target: statement.text(5), bot: BotIdentity(rawValue: statement.text(6)),
                    startedAt: Self.date(Int64(statement.int(7))),
                    finishedAt: statement.optionalInt(8).map { Self.date(Int64($0)) },
                    outcome: statement.optionalText(9).flatMap(AttemptReport.Outcome.init(rawValue:)),
                    httpStatus: statement.optionalInt(10), platformCode: statement.optionalText(11),
                    message: statement.optionalText(12), latency: statement.optionalInt(13).map { .milliseconds($0) }))
        }
        return result
    }

    public func retry(_ id: OutboxDelivery.ID, at now: Date) throws -> OutboxDelivery {
        try connection.transaction {
            guard let current = try delivery(id) else { throw OutboxError.deliveryNotFound(id) }
            guard current.state == .dead || current.state == .failed else {
                throw OutboxError.notRetryable(id, state: current.state)
            }
            try revive(where: "id = ?", nowMS: Self.milliseconds(now)) { $0.set(3, Int64(id.rawValue) ?? 0) }
            return try delivery(id) ?? current
        }
    }

    public func retryAllDead(at now: Date) throws -> Int {
        try connection.transaction {
            try revive(where: "state = 'dead'", nowMS: Self.milliseconds(now)) { _ in }
            return connection.changes
        }
    }

    private func revive(where condition: String, nowMS: Int64, bind: (SQLiteStatement) -> Void) throws {
        let statement = try connection.statement(
            """
            UPDATE outbox SET state = 'pending', next_attempt_at = ?, failures = 0, first_attempt_at = NULL,
            updated_at = ? WHERE \(condition)
            """
        )
        statement.set(1, nowMS)
        statement.set(2, nowMS)
        bind(statement)
        try statement.run()
    }

    public func stateCounts() throws -> [OutboxDelivery.State: Int] {
        try? foldAbandonedJournalsBeforeReading()  // best effort: a read still answers on a read-only or busy file
        let statement = try connection.statement("SELECT state, count(*) FROM outbox GROUP BY state")
        var counts: [OutboxDelivery.State: Int] = [:]
        while try statement.step() {
            if let state = OutboxDelivery.State(rawValue: statement.text(0)) { counts[state] = statement.int(1) }
        }
        return counts
    }

    // MARK: Rows

    private static let outboxColumns = """
        id, key, (SELECT notice FROM outbox_notices WHERE outbox_notices.id = outbox.id), target, bot, state, due_at, next_attempt_at, attempts, failures, parts_sent, last_error,
        created_at, updated_at, first_attempt_at
        """

    private func readDeliveries(_ statement: SQLiteStatement) throws -> [OutboxDelivery] {
        try readRows(statement).map { row in
            var delivery = row.0
            delivery.notice = try Self.decodeNotice(row.2, id: delivery.id)
            return delivery
        }
    }

    /// Reads a stored notice (``Notice/storageJSON``).
    private static func decodeNotice(_ json: String, id: OutboxDelivery.ID) throws -> Notice {
        do {
            return try Notice(storageJSON: json)
        } catch {
            throw StoreError.database("notice \(id) in the outbox is unreadable (field '\(error.field)')")
        }
    }

    /// A placeholder until the stored JSON is decoded.
    private static let undecoded = Notice(.test(Notice.TestNotice(target: "")), createdAt: Date(timeIntervalSince1970: 0))

    /// Rows with their notice still as JSON text.
    private func readRows(_ statement: SQLiteStatement) throws -> [(OutboxDelivery, Date?, String)] {
        var result: [(OutboxDelivery, Date?, String)] = []
        defer { statement.reset() }
        while try statement.step() {
            let json = statement.text(2)
            let notice = Self.undecoded
            let delivery = OutboxDelivery(
                id: OutboxDelivery.ID(String(statement.int(0))), key: statement.text(1), notice: notice,
                target: statement.text(3), bot: BotIdentity(rawValue: statement.text(4)),
                state: OutboxDelivery.State(rawValue: statement.text(5)) ?? .pending,
                dueAt: Self.date(Int64(statement.int(6))), nextAttemptAt: Self.date(Int64(statement.int(7))),
                attempts: statement.int(8), failures: statement.int(9), partsSent: statement.int(10),
                lastError: statement.optionalText(11), createdAt: Self.date(Int64(statement.int(12))),
                updatedAt: Self.date(Int64(statement.int(13))))
            result.append((delivery, statement.optionalInt(14).map { Self.date(Int64($0)) }, json))
        }
        return result
    }

    static func milliseconds(_ date: Date) -> Int64 { Timestamp.milliseconds(date) }

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
}

/// Typed binding by position. `bind(1, "text")` would pick the variadic `bind(_:)` (binding `1` and
/// `"text"` as two values), so positional binds in this file go through these.
extension SQLiteStatement {
    fileprivate func set(_ index: Int32, _ value: String?) { bind(index, value) }
    fileprivate func set(_ index: Int32, _ value: Int?) { bind(index, value) }
    fileprivate func set(_ index: Int32, _ value: Int64) { bind(index, value) }
}
