import Foundation
import OutreachCore
import PostgresNIO

/// The outbox shared by every worker and server on the database.
///
/// - A claim picks due rows with `FOR UPDATE SKIP LOCKED`, so claimers on other connections pass over rows being
///   claimed instead of waiting for them, and hands them out with a lease (owner and expiry); a lease that expired
///   is claimed again, its open attempt recorded as an unknown outcome.
/// - Starting an attempt to a bot with a rate budget takes a transaction-scoped advisory lock on the bot, reads the
///   bot's recent attempts from the delivery log and writes the new attempt before the lock is released at commit:
///   every worker and server decides against the same log, one at a time per bot.
extension PostgresStore: OutboxStore {
    private static let columns = """
        id, key, notice::text, target, bot, state, outreach_ms(due_at), outreach_ms(next_attempt_at), attempts, failures,
        parts_sent, last_error, outreach_ms(created_at), outreach_ms(updated_at), outreach_ms(first_attempt_at)
        """

    /// The advisory lock space of bots' rate budgets (the second key is the bot's hash).
    private static let botLockSpace = 7306

    // MARK: Notices planned with a change

    /// Plans the notices of some events inside the caller's transaction (an import, a status change).
    static func planNotices(
        forEvents ids: [Event.ID], with reminders: ReminderPlanner, at now: Date, on connection: PostgresConnection
    ) async throws {
        guard !reminders.configuration.targets.isEmpty, !ids.isEmpty else { return }
        let reference = try await referenceData(on: connection) ?? reminders.reference
        let planner = ReminderPlanner(configuration: reminders.configuration, reference: reference)
        let nowMS = ms(now)
        for id in ids {
            guard let stored = try await event(id, on: connection) else { continue }
            var existing: [OutboxDelivery] = []
            for prefix in ReminderPlanner.keyPrefixes(of: id) {
                existing += try await deliveries(keyPrefix: prefix, on: connection)
            }
            if existing.isEmpty, stored.event.status != .confirmed { continue }
            let plan = planner.plan(for: stored, existing: existing, now: now)
            for key in plan.cancel { _ = try await cancel(key: key, prefix: false, nowMS: nowMS, on: connection) }
            _ = try await insert(plan.enqueue, nowMS: nowMS, on: connection)
        }
    }

    // MARK: Enqueue and cancel

    public func enqueue(_ entries: [OutboxEntry], at now: Date) async throws -> Int {
        guard !entries.isEmpty else { return 0 }
        return try await transaction { connection in try await Self.insert(entries, nowMS: Self.ms(now), on: connection) }
    }

    /// Enqueues in one statement inside the caller's transaction; a key already live is left as it is.
    static func insert(_ entries: [OutboxEntry], nowMS: Int64, on connection: PostgresConnection) async throws -> Int {
        guard !entries.isEmpty else { return 0 }
        let keys = entries.map(\.key), kinds = entries.map(\.notice.kind.rawValue), targets = entries.map(\.target)
        let bots = entries.map(\.bot.rawValue), notices = entries.map(\.notice.storageJSON)
        let urgent = entries.map(\.notice.urgent), due = entries.map { ms($0.dueAt) }
        return try await connection.rows(
            """
            INSERT INTO outbox (key, kind, target, bot, notice, urgent, state, due_at, next_attempt_at, created_at, updated_at)
            SELECT key, kind, target, bot, notice::jsonb, urgent, 'pending', outreach_ts(due), outreach_ts(due),
                outreach_ts(\(nowMS)), outreach_ts(\(nowMS))
            FROM unnest(\(keys)::text[], \(kinds)::text[], \(targets)::text[], \(bots)::text[], \(notices)::text[],
                \(urgent)::boolean[], \(due)::bigint[]) WITH ORDINALITY AS t (key, kind, target, bot, notice, urgent, due, n)
            ORDER BY n
            ON CONFLICT (key) WHERE state <> 'cancelled' DO NOTHING
            RETURNING 1
            """
        ).count
    }

    public func cancelPending(keyPrefix: String, at now: Date) async throws -> Int {
        try await transaction { connection in
            try await Self.cancel(key: keyPrefix, prefix: true, nowMS: Self.ms(now), on: connection)
        }
    }

    public func cancelPending(key: String, at now: Date) async throws -> Int {
        try await transaction { connection in
            try await Self.cancel(key: key, prefix: false, nowMS: Self.ms(now), on: connection)
        }
    }

    private static func cancel(key: String, prefix: Bool, nowMS: Int64, on connection: PostgresConnection) async throws -> Int {
        let condition = prefix ? "starts_with(key, $2)" : "key = $2"
        var binds = PostgresBindings()
        binds.append(nowMS)
        binds.append(key)
        return try await connection.rows(
            PostgresQuery(
                unsafeSQL: """
                    UPDATE outbox SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = outreach_ts($1)
                    WHERE \(condition) AND state IN ('pending', 'failed') RETURNING 1
                    """, binds: binds)
        ).count
    }

    public func deliveries(keyPrefix: String) async throws -> [OutboxDelivery] {
        try await reading { connection in try await Self.deliveries(keyPrefix: keyPrefix, on: connection) }
    }

    private static func deliveries(keyPrefix: String, on connection: PostgresConnection) async throws -> [OutboxDelivery] {
        try await connection.rows(
            """
            SELECT \(unescaped: columns) FROM outbox WHERE starts_with(key, \(keyPrefix)) AND state <> 'cancelled' ORDER BY id
            """
        ).map { try decoded(try readRow($0)).delivery }
    }

    // MARK: Claiming

    public func claimDue(_ request: ClaimRequest) async throws -> [ClaimedDelivery] {
        let now = Self.ms(request.now), lease = Self.ms(request.leaseUntil)
        let prefix = request.keyPrefix
        let rows = try await transaction { connection -> [Row] in
            var claimed: [Row] = []
            // Rows whose worker went away first, so they are not starved by a long queue.
            let abandoned = try await connection.rows(
                """
                SELECT id FROM outbox WHERE state = 'in_flight' AND lease_expires_at <= outreach_ts(\(now))
                AND (\(prefix)::text IS NULL OR starts_with(key, \(prefix)))
                ORDER BY lease_expires_at LIMIT \(request.limit) FOR UPDATE SKIP LOCKED
                """
            ).map { try $0.decode(Int64.self) }
            for id in abandoned {
                let unknown = try await Self.markOpenAttemptsUnknown(of: id, nowMS: now, on: connection) > 0
                let taken = try await connection.rows(
                    """
                    UPDATE outbox SET state = 'in_flight', lease_owner = \(request.owner), lease_expires_at = outreach_ts(\(lease)),
                    updated_at = outreach_ts(\(now)) WHERE id = \(id) RETURNING \(unescaped: Self.columns)
                    """)
                for row in taken {
                    var read = try Self.readRow(row)
                    read.hadUnknownOutcome = unknown
                    claimed.append(read)
                }
            }
            // Due rows: chosen and locked, passing over rows other claimers hold, then leased; nothing is written
            // (and the data version stays) when none is due.
            let remaining = max(0, request.limit - abandoned.count)
            guard remaining > 0 else { return claimed }
            let dueIDs = try await connection.rows(
                """
                SELECT id FROM outbox WHERE state IN ('pending', 'failed') AND next_attempt_at <= outreach_ts(\(now))
                AND (\(prefix)::text IS NULL OR starts_with(key, \(prefix)))
                ORDER BY next_attempt_at, id LIMIT \(remaining) FOR UPDATE SKIP LOCKED
                """
            ).map { try $0.decode(Int64.self) }
            guard !dueIDs.isEmpty else { return claimed }
            let due = try await connection.rows(
                """
                UPDATE outbox SET state = 'in_flight', lease_owner = \(request.owner), lease_expires_at = outreach_ts(\(lease)),
                    updated_at = outreach_ts(\(now))
                WHERE id = ANY(\(dueIDs)::bigint[]) RETURNING \(unescaped: Self.columns)
                """
            ).map(Self.readRow)
            claimed += due.sorted {
                $0.nextAttemptMS != $1.nextAttemptMS ? $0.nextAttemptMS < $1.nextAttemptMS : $0.id < $1.id
            }
            return claimed
        }
        return try rows.map { row in
            let (delivery, firstAttempt) = try Self.decoded(row)
            return ClaimedDelivery(delivery: delivery, hadUnknownOutcome: row.hadUnknownOutcome, firstAttemptAt: firstAttempt)
        }
    }

    /// What the log says of an attempt a worker started and never finished (Chinese line, English line).
    static let interruptedMessage = NoticeMessages.interruptedAttempt.bothLines

    private static func markOpenAttemptsUnknown(of id: Int64, nowMS: Int64, on connection: PostgresConnection) async throws -> Int {
        let changed = try await connection.rows(
            """
            UPDATE delivery_log SET outcome = 'unknown', finished_at = outreach_ts(\(nowMS)), message = \(interruptedMessage)
            WHERE delivery_id = \(id) AND outcome IS NULL RETURNING 1
            """
        ).count
        if changed > 0 {
            try await connection.run("UPDATE outbox SET last_error = \(interruptedMessage) WHERE id = \(id)")
        }
        return changed
    }

    // MARK: Attempts

    public func apply(_ steps: [AttemptStep], at now: Date) async throws -> [AttemptStepResult] {
        guard !steps.isEmpty else { return [] }
        let nowMS = Self.ms(now)
        return try await transaction { connection in
            var results = [AttemptStepResult](repeating: .finished, count: steps.count)
            var pauses: [BotIdentity: Date?] = [:]
            // As on SQLite: steps that need no decision are written set-wise, a few statements for the whole group
            // (each statement is a round trip to the server): the outcomes, the starts to unlimited bots that are not
            // paused and may go now, and the finishes that end a delivery as sent. Everything else goes one by one, in
            // order, after whatever was gathered before it.
            var outcomes: [AttemptFinish] = []
            var plainStarts: [(index: Int, start: AttemptStart)] = []
            var sent: [AttemptFinish] = []
            func flush() async throws {
                try await Self.recordOutcomes(outcomes, nowMS: nowMS, on: connection)
                outcomes.removeAll(keepingCapacity: true)
                try await Self.beginPlainly(plainStarts, nowMS: nowMS, on: connection, into: &results)
                plainStarts.removeAll(keepingCapacity: true)
                try await Self.markSent(sent, nowMS: nowMS, on: connection)
                sent.removeAll(keepingCapacity: true)
            }
            for (index, step) in steps.enumerated() {
                switch step {
                case .begin(let start):
                    let paused = try await Self.pausedUntil(start.bot, pauses: &pauses, on: connection)
                    if start.startsPlainly(at: now, botPausedUntil: paused) {
                        plainStarts.append((index, start))
                    } else {
                        try await flush()
                        results[index] = try await Self.begin(start, now: now, nowMS: nowMS, on: connection)
                    }
                case .finish(let finish):
                    outcomes.append(finish)
                    if case .sent = finish.next {
                        sent.append(finish)
                    } else {
                        try await flush()
                        if case .retry(_, _?) = finish.next { pauses[finish.bot] = nil }  // read it again
                        results[index] = try await Self.finish(finish, nowMS: nowMS, on: connection)
                    }
                }
            }
            try await flush()
            return results
        }
    }

    /// The bot's pause, read once per transaction.
    private static func pausedUntil(
        _ bot: BotIdentity, pauses: inout [BotIdentity: Date?], on connection: PostgresConnection
    ) async throws -> Date? {
        if let known = pauses[bot] { return known }
        let until = try await connection.rows("SELECT outreach_ms(paused_until) FROM bot_pauses WHERE bot = \(bot.rawValue)")
            .first.map { date(try $0.decode(Int64.self)) }
        pauses[bot] = .some(until)
        return until
    }

    /// Starts attempts that need no budget decision in one statement: renews the leases and counts the attempts of
    /// every delivery still held by its worker, and logs one attempt for each.
    private static func beginPlainly(
        _ starts: [(index: Int, start: AttemptStart)], nowMS: Int64, on connection: PostgresConnection,
        into results: inout [AttemptStepResult]
    ) async throws {
        guard !starts.isEmpty else { return }
        let ids = starts.map { Int64($0.start.delivery.rawValue) ?? 0 }
        let rows = try await connection.rows(
            """
            WITH wanted AS (
                SELECT * FROM unnest(\(ids)::bigint[], \(starts.map(\.start.owner))::text[],
                    \(starts.map { ms($0.start.leaseUntil) })::bigint[], \(starts.map { Int64($0.start.part) })::bigint[],
                    \(starts.map { Int64($0.start.partCount) })::bigint[], \(starts.map(\.start.target))::text[],
                    \(starts.map(\.start.bot.rawValue))::text[]) AS w(id, owner, lease, part, part_count, target, bot)),
            held AS (
                UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, outreach_ts(\(nowMS))),
                lease_expires_at = outreach_ts(wanted.lease), updated_at = outreach_ts(\(nowMS))
                FROM wanted WHERE outbox.id = wanted.id AND outbox.state = 'in_flight' AND outbox.lease_owner = wanted.owner
                RETURNING outbox.id)
            INSERT INTO delivery_log (delivery_id, part, part_count, target, bot, started_at)
            SELECT wanted.id, wanted.part, wanted.part_count, wanted.target, wanted.bot, outreach_ts(\(nowMS))
            FROM wanted JOIN held ON held.id = wanted.id
            RETURNING delivery_id, id
            """)
        var attempts: [Int64: Int64] = [:]
        for row in rows {
            let (delivery, attempt) = try row.decode((Int64, Int64).self)
            attempts[delivery] = attempt
        }
        for ((index, _), id) in zip(starts, ids) {
            results[index] = attempts[id].map { .started(attempt: $0) } ?? .leaseLost
        }
    }

    /// Writes the outcomes of attempts into their log rows, in one statement.
    private static func recordOutcomes(_ finishes: [AttemptFinish], nowMS: Int64, on connection: PostgresConnection) async throws {
        guard !finishes.isEmpty else { return }
        let reports = finishes.map(\.report)
        // An absent number or code travels as a flag beside a placeholder: the arrays hold no NULLs.
        let latencies = reports.map { $0.latencyMilliseconds.map(Int64.init) }
        try await connection.run(
            """
            UPDATE delivery_log SET finished_at = outreach_ts(\(nowMS)), outcome = o.outcome,
            http_status = CASE WHEN o.has_status THEN o.status END, platform_code = CASE WHEN o.has_code THEN o.code END,
            message = o.message, latency_ms = CASE WHEN o.has_latency THEN o.latency END
            FROM unnest(\(finishes.map(\.attempt))::bigint[], \(reports.map(\.outcome.rawValue))::text[],
                \(reports.map { $0.httpStatus != nil })::boolean[], \(reports.map { Int64($0.httpStatus ?? 0) })::bigint[],
                \(reports.map { $0.platformCode != nil })::boolean[], \(reports.map { $0.platformCode ?? "" })::text[],
                \(reports.map(\.message))::text[],
                \(latencies.map { $0 != nil })::boolean[], \(latencies.map { $0 ?? 0 })::bigint[])
                AS o(id, outcome, has_status, status, has_code, code, message, has_latency, latency)
            WHERE delivery_log.id = o.id
            """)
    }

    /// Ends deliveries whose last part arrived (only while their worker holds them), in one statement.
    private static func markSent(_ finishes: [AttemptFinish], nowMS: Int64, on connection: PostgresConnection) async throws {
        guard !finishes.isEmpty else { return }
        try await connection.run(
            """
            UPDATE outbox SET state = 'sent', parts_sent = f.part, failures = 0, last_error = NULL, lease_owner = NULL,
            lease_expires_at = NULL, updated_at = outreach_ts(\(nowMS))
            FROM unnest(\(finishes.map { Int64($0.delivery.rawValue) ?? 0 })::bigint[], \(finishes.map { Int64($0.part) })::bigint[],
                \(finishes.map(\.owner))::text[]) AS f(id, part, owner)
            WHERE outbox.id = f.id AND outbox.state = 'in_flight' AND outbox.lease_owner = f.owner
            """)
    }

    private static func begin(_ start: AttemptStart, now: Date, nowMS: Int64, on connection: PostgresConnection) async throws
        -> AttemptStepResult
    {
        let id = Int64(start.delivery.rawValue) ?? 0
        let bot = start.bot.rawValue
        if !start.windows.isEmpty {
            // One decision at a time per bot, across every worker and server, until this transaction commits.
            try await connection.run("SELECT pg_advisory_xact_lock(\(botLockSpace)::int, hashtext(\(bot)))")
        }
        let pausedUntil = try await connection.rows("SELECT outreach_ms(paused_until) FROM bot_pauses WHERE bot = \(bot)")
            .first.map { date(try $0.decode(Int64.self)) }
        let earliest = max(now, start.notBefore)
        var sendAt = max(earliest, pausedUntil ?? earliest)
        if !start.windows.isEmpty {
            let longestMS = Int64(start.windows.map { $0.period.components.seconds }.max() ?? 0) * 1000
            let marginMS = Int64((start.windows.map { start.rateMargin.seconds(for: $0) }.max() ?? 0) * 1000)
            // When each recent request reached the platform at the latest: its reply, or now while in flight.
            let sends = try await connection.rows(
                """
                SELECT outreach_ms(greatest(started_at, coalesce(finished_at, outreach_ts(\(nowMS))))) FROM delivery_log
                WHERE bot = \(bot) AND started_at > outreach_ts(\(nowMS - 2 * (longestMS + marginMS) - 60_000))
                """
            ).map { date(try $0.decode(Int64.self)) }
            let budget = RateBudget(
                windows: start.windows, margin: start.rateMargin,
                slowed: try await slowedByRefusal(start.bot, longestMS: longestMS, nowMS: nowMS, pausedUntil: pausedUntil, on: connection))
            sendAt = budget.nextAllowed(after: earliest, recentSends: sends, pausedUntil: pausedUntil)
        }
        if ms(sendAt) > nowMS {
            let deferred = try await connection.rows(
                """
                UPDATE outbox SET state = CASE WHEN failures > 0 THEN 'failed' ELSE 'pending' END,
                next_attempt_at = outreach_ts(\(ms(sendAt))), lease_owner = NULL, lease_expires_at = NULL,
                updated_at = outreach_ts(\(nowMS)) WHERE id = \(id) AND state = 'in_flight' AND lease_owner = \(start.owner)
                RETURNING 1
                """
            ).count
            return deferred > 0 ? .deferred(until: sendAt) : .leaseLost
        }
        // Renews the lease and counts the attempt, if this worker still holds the delivery, and logs it.
        let attempt = try await connection.rows(
            """
            WITH held AS (
                UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, outreach_ts(\(nowMS))),
                lease_expires_at = outreach_ts(\(ms(start.leaseUntil))), updated_at = outreach_ts(\(nowMS))
                WHERE id = \(id) AND state = 'in_flight' AND lease_owner = \(start.owner) RETURNING id)
            INSERT INTO delivery_log (delivery_id, part, part_count, target, bot, started_at)
            SELECT id, \(start.part), \(start.partCount), \(start.target), \(bot), outreach_ts(\(nowMS)) FROM held
            RETURNING id
            """
        ).first
        guard let attempt else { return .leaseLost }
        return .started(attempt: try attempt.decode(Int64.self))
    }

    /// Whether the platform refused the bot for rate within the last ``RateBudget/slowedWindows`` windows
    /// (counted from the end of the pause the refusal brought, when that is later).
    private static func slowedByRefusal(
        _ bot: BotIdentity, longestMS: Int64, nowMS: Int64, pausedUntil: Date?, on connection: PostgresConnection
    ) async throws -> Bool {
        let span = Int64(RateBudget.slowedWindows) * longestMS
        let codes = Array(DeliveryClassifier.rateRefusalCodes).map { "\($0)" }
        let refused = try await connection.rows(
            """
            SELECT outreach_ms(max(finished_at)) FROM delivery_log WHERE bot = \(bot.rawValue)
            AND started_at > outreach_ts(\(nowMS - span - 3_600_000)) AND outcome = 'transient'
            AND (http_status = 429 OR platform_code = ANY(\(codes)::text[]))
            """
        ).first.flatMap { try $0.decode(Int64?.self) }
        guard let refusedAt = refused else { return false }
        let from = max(refusedAt, pausedUntil.map(ms) ?? refusedAt)
        return nowMS < from + span
    }

    /// Moves a delivery on after an attempt whose outcome is recorded (only while this worker holds it).
    private static func finish(_ finish: AttemptFinish, nowMS: Int64, on connection: PostgresConnection) async throws
        -> AttemptStepResult
    {
        let id = Int64(finish.delivery.rawValue) ?? 0
        let owner = finish.owner
        let message = finish.report.message
        switch finish.next {
        case .nextPart:
            try await connection.run(
                """
                UPDATE outbox SET parts_sent = \(finish.part), failures = 0, updated_at = outreach_ts(\(nowMS))
                WHERE id = \(id) AND state = 'in_flight' AND lease_owner = \(owner)
                """)
        case .sent:
            try await connection.run(
                """
                UPDATE outbox SET state = 'sent', parts_sent = \(finish.part), failures = 0, last_error = NULL,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = outreach_ts(\(nowMS))
                WHERE id = \(id) AND state = 'in_flight' AND lease_owner = \(owner)
                """)
        case .retry(let at, let pauseUntil):
            if let pauseUntil {
                try await connection.run(
                    """
                    INSERT INTO bot_pauses (bot, paused_until) VALUES (\(finish.bot.rawValue), outreach_ts(\(ms(pauseUntil))))
                    ON CONFLICT (bot) DO UPDATE SET paused_until = greatest(bot_pauses.paused_until, excluded.paused_until)
                    """)
            }
            try await connection.run(
                """
                UPDATE outbox SET state = 'failed', failures = failures + 1, next_attempt_at = outreach_ts(\(ms(at))),
                last_error = \(message), lease_owner = NULL, lease_expires_at = NULL, updated_at = outreach_ts(\(nowMS))
                WHERE id = \(id) AND state = 'in_flight' AND lease_owner = \(owner)
                """)
        case .dead:
            try await connection.run(
                """
                UPDATE outbox SET state = 'dead', failures = failures + 1, last_error = \(message), lease_owner = NULL,
                lease_expires_at = NULL, updated_at = outreach_ts(\(nowMS))
                WHERE id = \(id) AND state = 'in_flight' AND lease_owner = \(owner)
                """)
        case .pending(let at):
            try await connection.run(
                """
                UPDATE outbox SET state = CASE WHEN failures > 0 THEN 'failed' ELSE 'pending' END,
                next_attempt_at = outreach_ts(\(ms(at))), last_error = \(message), lease_owner = NULL,
                lease_expires_at = NULL, updated_at = outreach_ts(\(nowMS))
                WHERE id = \(id) AND state = 'in_flight' AND lease_owner = \(owner)
                """)
        }
        return .finished
    }

    // MARK: Leases

    public func releaseLeases(owner: String, at now: Date) async throws -> Int {
        let nowMS = Self.ms(now)
        return try await transaction { connection in
            let ids = try await connection.rows(
                "SELECT id FROM outbox WHERE state = 'in_flight' AND lease_owner = \(owner) FOR UPDATE"
            ).map { try $0.decode(Int64.self) }
            for id in ids { _ = try await Self.markOpenAttemptsUnknown(of: id, nowMS: nowMS, on: connection) }
            guard !ids.isEmpty else { return 0 }
            try await connection.run(
                """
                UPDATE outbox SET state = CASE WHEN failures > 0 THEN 'failed' ELSE 'pending' END, lease_owner = NULL,
                lease_expires_at = NULL, updated_at = outreach_ts(\(nowMS)) WHERE id = ANY(\(ids)::bigint[])
                """)
            return ids.count
        }
    }

    public func leaseOwners() async throws -> [String] {
        try await reading { connection in
            try await connection.rows(
                "SELECT DISTINCT lease_owner FROM outbox WHERE state = 'in_flight' AND lease_owner IS NOT NULL ORDER BY 1"
            ).map { try $0.decode(String.self) }
        }
    }

    public func expireLeases(owners: [String], at now: Date) async throws -> Int {
        guard !owners.isEmpty else { return 0 }
        return try await transaction { connection in
            try await connection.rows(
                """
                UPDATE outbox SET lease_expires_at = outreach_ts(\(Self.ms(now)))
                WHERE state = 'in_flight' AND lease_owner = ANY(\(owners)::text[]) RETURNING 1
                """
            ).count
        }
    }

    public func nextDueTime() async throws -> Date? {
        try await reading { connection in
            try await connection.rows(
                """
                SELECT outreach_ms(least(
                    (SELECT min(next_attempt_at) FROM outbox WHERE state IN ('pending', 'failed')),
                    (SELECT min(lease_expires_at) FROM outbox WHERE state = 'in_flight')))
                """
            ).first.flatMap { try $0.decode(Int64?.self) }.map(Self.date)
        }
    }

    // MARK: Listing

    public func deliveries(matching query: OutboxQuery) async throws -> [OutboxDelivery] {
        let states = (query.states ?? OutboxQuery.defaultStates).map(\.rawValue).sorted()
        return try await reading { connection in
            try await connection.rows(
                """
                SELECT \(unescaped: Self.columns) FROM outbox WHERE state = ANY(\(states)::text[])
                AND (\(query.target)::text IS NULL OR target = \(query.target))
                ORDER BY next_attempt_at, id LIMIT \(query.limit.map { max(0, $0) })
                """
            ).map { try Self.decoded(try Self.readRow($0)).delivery }
        }
    }

    public func delivery(_ id: OutboxDelivery.ID) async throws -> OutboxDelivery? {
        guard let number = Int64(id.rawValue) else { return nil }
        return try await reading { connection in try await Self.delivery(number, on: connection) }
    }

    private static func delivery(_ id: Int64, on connection: PostgresConnection) async throws -> OutboxDelivery? {
        try await connection.rows("SELECT \(unescaped: columns) FROM outbox WHERE id = \(id)")
            .first.map { try decoded(try readRow($0)).delivery }
    }

    public func attempts(matching query: DeliveryLogQuery) async throws -> [DeliveryAttempt] {
        let delivery = query.delivery.map { Int64($0.rawValue) ?? -1 }
        return try await reading { connection in
            try await connection.rows(
                """
                SELECT l.id, l.delivery_id, o.key, l.part, l.part_count, l.target, l.bot, outreach_ms(l.started_at),
                outreach_ms(l.finished_at), l.outcome, l.http_status, l.platform_code, l.message, l.latency_ms
                FROM delivery_log l JOIN outbox o ON o.id = l.delivery_id
                WHERE (\(query.target)::text IS NULL OR l.target = \(query.target))
                AND (\(delivery)::bigint IS NULL OR l.delivery_id = \(delivery))
                ORDER BY l.id DESC LIMIT \(query.limit.map { max(0, $0) })
                """
            ).map { row in
                let (id, deliveryID, key, part, partCount, target, bot, started, finished, outcome, status, code, message, latency) =
                    try row.decode((Int64, Int64, String, Int, Int, String, String, Int64, Int64?, String?, Int?, String?, String?, Int?).self)
                return DeliveryAttempt(
                    id: id, delivery: OutboxDelivery.ID(String(deliveryID)), key: key, part: part, partCount: partCount,
                    target: target, bot: BotIdentity(rawValue: bot), startedAt: Self.date(started),
                    finishedAt: finished.map(Self.date), outcome: outcome.flatMap(AttemptReport.Outcome.init(rawValue:)),
                    httpStatus: status, platformCode: code, message: message, latency: latency.map { .milliseconds($0) })
            }
        }
    }

    public func retry(_ id: OutboxDelivery.ID, at now: Date) async throws -> OutboxDelivery {
        guard let number = Int64(id.rawValue) else { throw OutboxError.deliveryNotFound(id) }
        let nowMS = Self.ms(now)
        return try await transaction { connection in
            guard let current = try await connection.rows("SELECT \(unescaped: Self.columns) FROM outbox WHERE id = \(number) FOR UPDATE")
                .first.map({ try Self.decoded(try Self.readRow($0)).delivery })
            else { throw OutboxError.deliveryNotFound(id) }
            guard current.state == .dead || current.state == .failed else {
                throw OutboxError.notRetryable(id, state: current.state)
            }
            try await connection.run(
                """
                UPDATE outbox SET state = 'pending', next_attempt_at = outreach_ts(\(nowMS)), failures = 0,
                first_attempt_at = NULL, updated_at = outreach_ts(\(nowMS)) WHERE id = \(number)
                """)
            return try await Self.delivery(number, on: connection) ?? current
        }
    }

    public func retryAllDead(at now: Date) async throws -> Int {
        let nowMS = Self.ms(now)
        return try await transaction { connection in
            try await connection.rows(
                """
                UPDATE outbox SET state = 'pending', next_attempt_at = outreach_ts(\(nowMS)), failures = 0,
                first_attempt_at = NULL, updated_at = outreach_ts(\(nowMS)) WHERE state = 'dead' RETURNING 1
                """
            ).count
        }
    }

    public func stateCounts() async throws -> [OutboxDelivery.State: Int] {
        try await reading { connection in
            var counts: [OutboxDelivery.State: Int] = [:]
            for row in try await connection.rows("SELECT state, count(*) FROM outbox GROUP BY state") {
                let (state, count) = try row.decode((String, Int).self)
                if let state = OutboxDelivery.State(rawValue: state) { counts[state] = count }
            }
            return counts
        }
    }

    // MARK: Rows

    /// A row of `columns` with its notice still as JSON text.
    private struct Row: Sendable {
        var id: Int64
        var key: String
        var json: String
        var target: String
        var bot: String
        var state: String
        var dueMS: Int64
        var nextAttemptMS: Int64
        var attempts: Int
        var failures: Int
        var partsSent: Int
        var lastError: String?
        var createdMS: Int64
        var updatedMS: Int64
        var firstAttemptMS: Int64?
        var hadUnknownOutcome = false
    }

    private static func readRow(_ row: PostgresRow) throws -> Row {
        let (id, key, json, target, bot, state, due, next, attempts, failures, parts, lastError, created, updated, first) =
            try row.decode((Int64, String, String, String, String, String, Int64, Int64, Int, Int, Int, String?, Int64, Int64, Int64?).self)
        return Row(
            id: id, key: key, json: json, target: target, bot: bot, state: state, dueMS: due, nextAttemptMS: next,
            attempts: attempts, failures: failures, partsSent: parts, lastError: lastError, createdMS: created,
            updatedMS: updated, firstAttemptMS: first)
    }

    private static func decoded(_ row: Row) throws -> (delivery: OutboxDelivery, firstAttemptAt: Date?) {
        let id = OutboxDelivery.ID(String(row.id))
        let notice: Notice
        do {
            notice = try Notice(storageJSON: row.json)
        } catch {
            throw StoreError.database("notice \(id) in the outbox is unreadable (field '\(error.field)')")
        }
        let delivery = OutboxDelivery(
            id: id, key: row.key, notice: notice, target: row.target, bot: BotIdentity(rawValue: row.bot),
            state: OutboxDelivery.State(rawValue: row.state) ?? .pending, dueAt: date(row.dueMS),
            nextAttemptAt: date(row.nextAttemptMS), attempts: row.attempts, failures: row.failures, partsSent: row.partsSent,
            lastError: row.lastError, createdAt: date(row.createdMS), updatedAt: date(row.updatedMS))
        return (delivery, row.firstAttemptMS.map(date))
    }
}
