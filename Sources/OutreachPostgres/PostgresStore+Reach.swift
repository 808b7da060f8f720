import Foundation
import OutreachCore
import PostgresNIO

/// Reach: records keyed as on every store (`ReachKey`), batches, the audit of replaced records for undo, and the
/// rollup (`reach_cube`, one `bytea` of encoded cells per cuboid and month, merged as on SQLite).
///
/// A batch is one transaction on one connection, held for as long as the caller's body writes chunks; it takes an
/// advisory lock first, so batches from different servers follow one another (the rollup is read, merged and
/// written back inside it). Each chunk is written set-wise: one read of the stored records it touches, then the new
/// ones streamed with `COPY reach FROM STDIN` (text format), one `UPDATE … FROM unnest(…)` of the corrections and one
/// insert of their audit rows. Notes, evidence and who recorded a batch are `bytea` (their
/// UTF-8), because they may hold NUL, which `text` cannot.
extension PostgresStore: ReachStore {
    /// The advisory lock that orders reach batches (and code assignment) across every instance.
    static let reachLock: PostgresQuery = "SELECT pg_advisory_xact_lock(7305, hashtext('reach'))"

    // MARK: Codes

    public func reachCodes() async throws -> ReachCodes {
        if let known = try await reading({ connection in try await Self.reachCodes(assigning: false, on: connection) }) {
            return known
        }
        return try await transaction { connection in
            try await connection.run(Self.reachLock)
            return try await Self.reachCodes(assigning: true, on: connection) ?? ReachCodes()
        }
    }

    /// The codes of every metric, segment, channel, campaign and branch; nil when one has none yet and `assigning`
    /// is false, else the missing ones are given the next free code of their kind (the caller holds `reachLock`).
    static func reachCodes(assigning: Bool, on connection: PostgresConnection) async throws -> ReachCodes? {
        // The ids alone, in list order: decoding the whole reference data (thousands of venues) cost a report
        // about 10 ms.
        var listed: [String: [String]] = [:]
        for row in try await connection.rows(
            "SELECT kind, id FROM reference_items WHERE kind IN ('metric', 'segment', 'channel', 'branch') ORDER BY kind, position")
        {
            let (kind, id) = try row.decode((String, String).self)
            listed[kind, default: []].append(id)
        }
        let campaignIDs = try await connection.rows("SELECT id FROM campaigns").map { try $0.decode(String.self) }
        let wanted: [(String, [String], Int)] = [
            ("metric", listed["metric"] ?? [], ReachCell.maximumSmallCode),
            ("segment", listed["segment"] ?? [], ReachCell.maximumSmallCode),
            ("channel", listed["channel"] ?? [], ReachCell.maximumSmallCode),
            ("campaign", campaignIDs, ReachCell.maximumCampaignCode),
            ("branch", listed["branch"] ?? [], ReachCell.maximumBranchCode),
        ]
        var stored: [String: [String: Int]] = [:]
        for row in try await connection.rows("SELECT kind, id, code FROM codes") {
            let (kind, id, code) = try row.decode((String, String, Int).self)
            stored[kind, default: [:]][id] = code
        }
        var found: [[String: Int]] = []
        for (kind, ids, limit) in wanted {
            var codes = stored[kind] ?? [:]
            let missing = ids.filter { codes[$0] == nil }
            if !missing.isEmpty {
                guard assigning else { return nil }
                var highest = codes.values.max() ?? 0
                var newIDs: [String] = [], newCodes: [Int] = []
                for id in missing {
                    highest += 1
                    guard highest <= limit else { throw ReachStoreError.codeSpaceFull(kind: kind, limit: limit) }
                    codes[id] = highest
                    newIDs.append(id)
                    newCodes.append(highest)
                }
                try await connection.run(
                    "INSERT INTO codes (kind, id, code) SELECT \(kind), id, code FROM unnest(\(newIDs)::text[], \(newCodes)::int[]) AS t (id, code)")
            }
            found.append(codes)
        }
        return ReachCodes(
            metrics: found[0].reduce(into: [:]) { $0[Metric.ID($1.key)] = $1.value },
            segments: found[1].reduce(into: [:]) { $0[AudienceSegment.ID($1.key)] = $1.value },
            channels: found[2].reduce(into: [:]) { $0[OutreachCore.Channel.ID($1.key)] = $1.value },
            campaigns: found[3].reduce(into: [:]) { $0[Campaign.ID($1.key)] = $1.value },
            branches: found[4].reduce(into: [:]) { $0[Branch.ID($1.key)] = $1.value })
    }

    public func eventKeys() async throws -> [Event.ID: Int] {
        try await reading { connection in
            var keys: [Event.ID: Int] = [:]
            for row in try await connection.rows("SELECT id, key FROM events") {
                let (id, key) = try row.decode((String, Int).self)
                keys[Event.ID(id)] = key
            }
            return keys
        }
    }

    // MARK: Writing

    public func writeReachBatch<Result>(
        source: ReachBatch.Source, file: String?, recordedBy: String?, at now: Date,
        _ body: (_ writer: any ReachBatchWriter) async throws -> (result: Result, commit: Bool)
    ) async throws -> (result: Result, batch: ReachBatch) {
        var ended: (result: Result, commit: Bool)?
        var finished: ReachBatch?
        try await reachServer()
        do {
            try await client.withConnection { connection in
                try await connection.run("BEGIN")
                var writer: PostgresReachBatchWriter?
                do {
                    try await connection.run(Self.reachLock)
                    // Every statement of a batch reads or writes a chunk's keys through the index; compiling them
                    // (a large chunk's estimated cost passes `jit_above_cost`) took 70–170 ms a chunk and saved nothing.
                    try await connection.run("SET LOCAL jit = off")
                    let id = try await connection.rows(
                        """
                        INSERT INTO reach_batches (source, file, recorded_by, recorded_at)
                        VALUES (\(source.rawValue), \(file), \(recordedBy.map { Data($0.utf8) }), outreach_ts(\(Self.ms(now))))
                        RETURNING id
                        """
                    ).first?.decode(Int.self) ?? 0
                    let opened = PostgresReachBatchWriter(batch: id, connection: connection)
                    writer = opened
                    let result = try await body(opened)
                    ended = result
                    let session = try await opened.close()
                    if result.commit {
                        var delta = session.delta
                        try await Self.mergeIntoCube(ReachCuboid.derive(delta.takeAll()), on: connection)
                        try await connection.run(
                            """
                            UPDATE reach_batches SET added = \(session.added), replaced = \(session.replaced),
                            unchanged = \(session.unchanged), first_key = \(session.keys?.lowerBound),
                            last_key = \(session.keys?.upperBound) WHERE id = \(id)
                            """)
                    }
                    finished = ReachBatch(
                        id: id, source: source, file: file, recordedBy: recordedBy, recordedAt: Self.date(Self.ms(now)),
                        added: session.added, replaced: session.replaced, unchanged: session.unchanged)
                    try await connection.run(result.commit ? "COMMIT" : "ROLLBACK")
                } catch {
                    _ = try? await writer?.close()
                    try? await connection.run("ROLLBACK")
                    throw error
                }
            }
        } catch {
            throw Self.storeError(error)
        }
        guard let ended, let finished else { throw ReachStoreError.noOpenBatch }
        return (ended.result, finished)
    }

    /// How many cuboid months one merge statement reads and writes, and how many cells they may add together: a
    /// month's cells can be a few hundred KB, and a group is held three times over (read, merged, sent), so a group
    /// stays about a megabyte of cells.
    static let cubeMergeGroup = (months: 32, cells: 65_536)

    /// Adds changes to stored cuboid months; a month whose cells all come to zero is removed.
    ///
    /// A group of months is read (locked) with one statement and written back with at most two, instead of two round
    /// trips for each month: an import of a million rows folds about 800 cuboid months.
    static func mergeIntoCube(_ parts: [ReachCuboidMonth], on connection: PostgresConnection) async throws {
        var start = parts.startIndex
        while start < parts.endIndex {
            // A month twice in one statement could not be written twice: a repeat starts the next group.
            var end = start
            var inGroup: Set<Int64> = []
            var cells = 0
            while end < parts.endIndex, end - start < cubeMergeGroup.months,
                end == start || cells + parts[end].keys.count <= cubeMergeGroup.cells,
                inGroup.insert(cubeMonthKey(parts[end].cuboid.id, parts[end].month)).inserted
            {
                cells += parts[end].keys.count
                end += 1
            }
            let group = parts[start..<end]
            start = end
            let cuboids = group.map { Int32($0.cuboid.id) }
            let months = group.map { Int32($0.month) }
            var stored: [Int64: ByteBuffer] = [:]
            for row in try await connection.rows(
                """
                SELECT c.cuboid, c.month, c.cells FROM reach_cube c
                JOIN unnest(\(cuboids)::integer[], \(months)::integer[]) AS t (cuboid, month)
                    ON c.cuboid = t.cuboid AND c.month = t.month
                ORDER BY c.cuboid, c.month FOR UPDATE OF c
                """)
            {
                let (cuboid, month, cells) = try row.decode((Int32, Int32, ByteBuffer).self)
                stored[cubeMonthKey(Int(cuboid), Int(month))] = cells
            }
            var written: (cuboids: [Int32], months: [Int32], cells: [ByteBuffer]) = ([], [], [])
            var emptied: (cuboids: [Int32], months: [Int32]) = ([], [])
            for part in group {
                // Merged from the stored bytes, as on SQLite: memory does not grow with the month.
                let cells = stored[cubeMonthKey(part.cuboid.id, part.month)] ?? ByteBuffer()
                let merged = try cells.withUnsafeReadableBytes { stored throws -> [UInt8] in try part.merged(into: stored) }
                if merged.isEmpty {
                    emptied.cuboids.append(Int32(part.cuboid.id))
                    emptied.months.append(Int32(part.month))
                } else {
                    written.cuboids.append(Int32(part.cuboid.id))
                    written.months.append(Int32(part.month))
                    written.cells.append(ByteBuffer(bytes: merged))
                }
            }
            if !written.cells.isEmpty {
                try await connection.run(
                    """
                    INSERT INTO reach_cube (cuboid, month, cells)
                    SELECT * FROM unnest(\(written.cuboids)::integer[], \(written.months)::integer[], \(written.cells)::bytea[])
                    ON CONFLICT (cuboid, month) DO UPDATE SET cells = excluded.cells
                    """)
            }
            if !emptied.cuboids.isEmpty {
                try await connection.run(
                    """
                    DELETE FROM reach_cube c USING unnest(\(emptied.cuboids)::integer[], \(emptied.months)::integer[]) AS t (cuboid, month)
                    WHERE c.cuboid = t.cuboid AND c.month = t.month
                    """)
            }
        }
    }

    private static func cubeMonthKey(_ cuboid: Int, _ month: Int) -> Int64 { Int64(cuboid) << 32 | Int64(month) }

    // MARK: Undo

    public func undoReachBatch(_ id: Int, at now: Date) async throws -> ReachUndoSummary {
        try await transaction { connection in
            try await connection.run(Self.reachLock)
            guard let batch = try await Self.batches(id: id, on: connection).first else { throw ReachStoreError.batchNotFound(id) }
            if let undone = batch.undoneAt { throw ReachStoreError.batchAlreadyUndone(id, at: undone) }
            let attribution = try await Self.eventAttributions(on: connection)
            var restore: [Int64: (count: Int64, batch: Int, note: Data?, evidence: Data?)] = [:]
            for row in try await connection.rows(
                "SELECT key, old_count, old_batch, old_note, old_evidence FROM reach_audit WHERE batch = \(id)")
            {
                let (key, count, oldBatch, note, evidence) = try row.decode((Int64, Int64, Int, Data?, Data?).self)
                restore[key] = (count, oldBatch, note, evidence)
            }
            var delta = ReachCubeDelta()
            var deleted: [Int64] = []
            var restoredKeys: [Int64] = []
            // The batch's records lie within the keys it wrote (kept with the batch; no index on `reach.batch`,
            // whose upkeep took a quarter of an import's COPY): a range of the primary key, read in key order.
            // A batch without a range wrote no record.
            let (first, last) = try await connection.rows("SELECT first_key, last_key FROM reach_batches WHERE id = \(id)")
                .first?.decode((Int64?, Int64?).self) ?? (nil, nil)
            let low = first ?? 1, high = last ?? 0
            let current = try await connection.rows(
                "SELECT key, count FROM reach WHERE key BETWEEN \(low) AND \(high) AND batch = \(id)"
            ).map { try $0.decode((Int64, Int64).self) }
            for (key, count) in current {
                let cell = attribution[ReachKey.event(key)] ?? 0
                if let old = restore.removeValue(forKey: key) {
                    try await connection.run(
                        """
                        UPDATE reach SET count = \(old.count), batch = \(old.batch), note = \(old.note), evidence = \(old.evidence)
                        WHERE key = \(key)
                        """)
                    restoredKeys.append(key)
                    delta.add(old.count - count, day: ReachKey.day(key), attribution: cell, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
                } else {
                    deleted.append(key)
                    delta.add(-count, day: ReachKey.day(key), attribution: cell, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
                }
            }
            // The records restored above belong to their earlier batch again: what is left of this one is `deleted`.
            if !deleted.isEmpty {
                try await connection.run("DELETE FROM reach WHERE key BETWEEN \(low) AND \(high) AND batch = \(id)")
            }
            try await Self.mergeIntoCube(ReachCuboid.derive(delta.takeAll()), on: connection)
            try await connection.run("UPDATE reach_batches SET undone_at = outreach_ts(\(Self.ms(now))) WHERE id = \(id)")
            return ReachUndoSummary(batch: id, deleted: deleted.count, restored: restoredKeys.count, keptLaterChanges: restore.count)
        }
    }

    /// Moves the reach of events whose campaign, channel or branch changed to their new rollup cells (inside an
    /// import's or a web save's transaction).
    static func reattributeReach(_ moved: [(old: Event, new: Event)], on connection: PostgresConnection) async throws {
        guard !moved.isEmpty else { return }
        try await connection.run(reachLock)
        guard let codes = try await reachCodes(assigning: true, on: connection) else { return }
        func attribution(_ e: Event) -> UInt64 {
            ReachCell.attribution(
                campaign: codes.campaigns[e.campaign] ?? 0, channel: codes.channels[e.channel] ?? 0,
                branch: codes.branches[e.branch] ?? 0)
        }
        var keys: [String: Int] = [:]
        for row in try await connection.rows("SELECT id, key FROM events WHERE id = ANY(\(moved.map(\.new.id.rawValue))::text[])") {
            let (id, key) = try row.decode((String, Int).self)
            keys[id] = key
        }
        var change: [Int: (UInt64, UInt64)] = [:]
        for (old, new) in moved { if let key = keys[new.id.rawValue] { change[key] = (attribution(old), attribution(new)) } }
        guard !change.isEmpty else { return }
        var delta = ReachCubeDelta()
        // The event is the key's bits 16...43 (see ReachKey).
        let events = change.keys.map { Int64($0) }
        for row in try await connection.rows(
            "SELECT key, count FROM reach WHERE (key >> 16) & 268435455 = ANY(\(events)::bigint[]) ORDER BY key")
        {
            let (key, count) = try row.decode((Int64, Int64).self)
            guard let (from, to) = change[ReachKey.event(key)] else { continue }
            let day = ReachKey.day(key)
            delta.add(-count, day: day, attribution: from, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
            delta.add(count, day: day, attribution: to, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
        }
        try await mergeIntoCube(ReachCuboid.derive(delta.takeAll()), on: connection)
    }

    /// Each event key's rollup attribution (campaign, channel and branch codes).
    static func eventAttributions(on connection: PostgresConnection) async throws -> [Int: UInt64] {
        let codes = try await reachCodes(assigning: false, on: connection) ?? ReachCodes()
        var result: [Int: UInt64] = [:]
        for row in try await connection.rows(
            "SELECT e.key, c.id, e.channel, e.branch FROM events e JOIN campaigns c ON c.key = e.campaign_key")
        {
            let (key, campaign, channel, branch) = try row.decode((Int, String, String, String).self)
            result[key] = ReachCell.attribution(
                campaign: codes.campaigns[Campaign.ID(campaign)] ?? 0, channel: codes.channels[OutreachCore.Channel.ID(channel)] ?? 0,
                branch: codes.branches[Branch.ID(branch)] ?? 0)
        }
        return result
    }

    // MARK: Reading

    public func reachBatches() async throws -> [ReachBatch] {
        try await reading { connection in try await Self.batches(id: nil, on: connection) }
    }

    private static func batches(id: Int?, on connection: PostgresConnection) async throws -> [ReachBatch] {
        try await connection.rows(
            """
            SELECT id, source, file, recorded_by, outreach_ms(recorded_at), added, replaced, unchanged, outreach_ms(undone_at)
            FROM reach_batches WHERE \(id)::bigint IS NULL OR id = \(id) ORDER BY id
            """
        ).map { row in
            let (id, source, file, recordedBy, recordedAt, added, replaced, unchanged, undoneAt) =
                try row.decode((Int, String, String?, Data?, Int64, Int, Int, Int, Int64?).self)
            return ReachBatch(
                id: id, source: ReachBatch.Source(rawValue: source) ?? .import, file: file,
                recordedBy: recordedBy.map { String(decoding: $0, as: UTF8.self) }, recordedAt: date(recordedAt),
                added: added, replaced: replaced, unchanged: unchanged, undoneAt: undoneAt.map(date))
        }
    }

    public func reachCube(_ cuboid: ReachCuboid, months: ClosedRange<Int>) async throws -> [ReachCubeMonth] {
        try await reading { connection in
            try await connection.rows(
                """
                SELECT month, cells FROM reach_cube WHERE cuboid = \(cuboid.id)
                AND month BETWEEN \(months.lowerBound) AND \(months.upperBound) ORDER BY month
                """
            ).map { row in
                let (month, cells) = try row.decode((Int, Data).self)
                return cells.withUnsafeBytes { ReachCubeMonth(month: month, encoded: $0) }
            }
        }
    }

    public func reachRecordCount(event key: Int) async throws -> Int {
        try await reading { connection in
            try await connection.rows("SELECT count(*) FROM reach WHERE (key >> 16) & 268435455 = \(key)").first?.decode(Int.self) ?? 0
        }
    }

    public func reachEntries(from: LocalDate, through: LocalDate) async throws -> [ReachEntry] {
        try await reading { connection in
            try await connection.rows(
                """
                SELECT key, count FROM reach WHERE key >= \(ReachKey.firstKey(ofDay: from.dayNumber))
                AND key < \(ReachKey.firstKey(ofDay: through.dayNumber + 1)) ORDER BY key
                """
            ).map { row in
                let (key, count) = try row.decode((Int64, Int64).self)
                return ReachEntry(key: key, count: Int(count))
            }
        }
    }

    /// Through the index by event, within the period's keys.
    public func reachEntries(events: [Int], from: LocalDate, through: LocalDate) async throws -> [ReachEntry] {
        guard !events.isEmpty else { return [] }
        return try await reading { connection in
            // The event is the key's bits 16...43 (see ReachKey).
            try await connection.rows(
                """
                SELECT key, count FROM reach WHERE (key >> 16) & 268435455 = ANY(\(events.map(Int64.init))::bigint[])
                AND key >= \(ReachKey.firstKey(ofDay: from.dayNumber)) AND key < \(ReachKey.firstKey(ofDay: through.dayNumber + 1))
                ORDER BY key
                """
            ).map { row in
                let (key, count) = try row.decode((Int64, Int64).self)
                return ReachEntry(key: key, count: Int(count))
            }
        }
    }

    /// The note and evidence of every stored record, in key order, exactly as stored.
    public func reachTexts() async throws -> [(key: Int64, note: String?, evidence: String?)] {
        try await reading { connection in
            try await connection.rows("SELECT key, note, evidence FROM reach ORDER BY key").map { row in
                let (key, note, evidence) = try row.decode((Int64, Data?, Data?).self)
                return (key, note.map { String(decoding: $0, as: UTF8.self) }, evidence.map { String(decoding: $0, as: UTF8.self) })
            }
        }
    }

    public func reachCountCheck() async throws -> ReachCountCheck {
        try await reading { connection in try await Self.reachCountCheck(on: connection) }
    }

    private static func reachCountCheck(on connection: PostgresConnection) async throws -> ReachCountCheck {
        // PostgreSQL adds bigints into a numeric: the magnitudes' sum is compared with the largest bigint, so
        // counts that cancel out cannot hide an overflow.
        let row = try await connection.rows(
            """
            SELECT count(*) FILTER (WHERE count < 0 OR count > \(ReachRecord.maximumCount)),
            coalesce(sum(abs(count::numeric)), 0) > 9223372036854775807 FROM reach
            """
        ).first
        let (number, overflows) = try row?.decode((Int, Bool).self) ?? (0, false)
        var examples: [ReachEntry] = []
        if number > 0 {
            examples = try await connection.rows(
                """
                SELECT key, count FROM reach WHERE count < 0 OR count > \(ReachRecord.maximumCount) ORDER BY key LIMIT 5
                """
            ).map { row in
                let (key, count) = try row.decode((Int64, Int64).self)
                return ReachEntry(key: key, count: Int(count))
            }
        }
        return ReachCountCheck(outOfRange: number, examples: examples, sumOverflows: overflows)
    }

    public func verifyReachCube() async throws -> [(cuboid: ReachCuboid, month: Int)] {
        try await reading { connection in
            // Counts over the limit could add up beyond a total: `reachCountCheck` reports them, and the rollup is
            // not recomputed from them (that sum could not be held).
            guard try await Self.reachCountCheck(on: connection).isEmpty else { return [] }
            let attribution = try await Self.eventAttributions(on: connection)
            var delta = ReachCubeDelta()
            for row in try await connection.rows("SELECT key, count FROM reach ORDER BY key") {
                let (key, count) = try row.decode((Int64, Int64).self)
                delta.add(
                    count, day: ReachKey.day(key), attribution: attribution[ReachKey.event(key)] ?? 0,
                    segment: ReachKey.segment(key), metric: ReachKey.metric(key))
            }
            var expected: [ReachCuboid: [Int: ReachCubeMonth]] = [:]
            for part in ReachCuboid.derive(delta.takeAll()) {
                expected[part.cuboid, default: [:]][part.month] = ReachCubeMonth(month: part.month, keys: part.keys, totals: part.totals)
            }
            var stored: [Int: [Int: ReachCubeMonth]] = [:]
            for row in try await connection.rows("SELECT cuboid, month, cells FROM reach_cube") {
                let (cuboid, month, cells) = try row.decode((Int, Int, Data).self)
                stored[cuboid, default: [:]][month] = cells.withUnsafeBytes { ReachCubeMonth(month: month, encoded: $0) }
            }
            var differing: [(cuboid: ReachCuboid, month: Int)] = []
            for cuboid in ReachCuboid.stored {
                let have = stored[cuboid.id] ?? [:]
                let wanted = expected[cuboid] ?? [:]
                for month in Set(have.keys).union(wanted.keys).sorted()
                where (have[month] ?? ReachCubeMonth(month: month)) != (wanted[month] ?? ReachCubeMonth(month: month)) {
                    differing.append((cuboid, month))
                }
            }
            return differing
        }
    }

    // MARK: Targets and bulletins

    public func targets() async throws -> [Target] {
        try await reading { connection in
            let decoder = JSONDecoder()
            return try await connection.rows(
                "SELECT branch, period, events, person_times::text FROM targets ORDER BY id"
            ).compactMap { row -> Target? in
                let (branch, periodText, events, counts) = try row.decode((String, String, Int?, String).self)
                guard let period = ReportPeriod(periodText) else { return nil }
                return Target(
                    branch: Branch.ID(branch), period: period, events: events,
                    personTimes: try decoder.decode(Array<Target.SegmentCount>.self, from: Data(counts.utf8)))
            }
        }
    }

    public func replaceTargets(_ targets: [Target], source: String) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let counts = try targets.map { String(decoding: try encoder.encode($0.personTimes), as: UTF8.self) }
        try await transaction { connection in
            try await connection.run("DELETE FROM targets WHERE source_path = \(source)")
            for (target, counts) in zip(targets, counts) {
                try await connection.run(
                    """
                    INSERT INTO targets (source_path, branch, period, start_date, end_date, events, person_times)
                    VALUES (\(source), \(target.branch.rawValue), \(target.period.description),
                    \(target.period.start.description)::date, \(target.period.end.description)::date, \(target.events),
                    \(counts)::jsonb)
                    """)
            }
        }
    }

    public func bulletin(month: String, branch: Branch.ID) async throws -> PublishedBulletin? {
        try await reading { connection in try await Self.bulletin(month: month, branch: branch, on: connection) }
    }

    static func bulletin(month: String, branch: Branch.ID, on connection: PostgresConnection) async throws -> PublishedBulletin? {
        try await connection.rows(
            """
            SELECT outreach_ms(issued_at), figures, stated, published_by FROM bulletins
            WHERE month = \(month) AND branch = \(branch.rawValue)
            """
        ).first.map { row in
            let (issued, figures, stated, by) = try row.decode((Int64, String, String, String).self)
            return PublishedBulletin(month: month, branch: branch, issuedAt: date(issued), figures: figures, stated: stated, publishedBy: by)
        }
    }

    public func bulletins(branch: Branch.ID) async throws -> [PublishedBulletin] {
        try await reading { connection in
            try await connection.rows(
                """
                SELECT month, outreach_ms(issued_at), figures, stated, published_by FROM bulletins
                WHERE branch = \(branch.rawValue) ORDER BY month
                """
            ).map { row in
                let (month, issued, figures, stated, by) = try row.decode((String, Int64, String, String, String).self)
                return PublishedBulletin(month: month, branch: branch, issuedAt: Self.date(issued), figures: figures, stated: stated, publishedBy: by)
            }
        }
    }

    public func publishBulletin(_ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry]) async throws {
        try await transaction { connection in try await Self.publish(bulletin, restating: restating, notices: notices, on: connection) }
    }

    /// Publishes inside the caller's transaction: refused when the month is already published (the row is locked
    /// by key first, so of two servers publishing together the second finds the first one's bulletin).
    static func publish(
        _ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry], on connection: PostgresConnection
    ) async throws {
        try await connection.run("SELECT pg_advisory_xact_lock(7305, hashtext(\("bulletin:" + bulletin.month + ":" + bulletin.branch.rawValue)))")
        if let existing = try await Self.bulletin(month: bulletin.month, branch: bulletin.branch, on: connection) {
            throw ReachStoreError.bulletinAlreadyPublished(existing)
        }
        _ = try await insert(notices, nowMS: ms(bulletin.issuedAt), on: connection)
        try await connection.run(
            """
            INSERT INTO bulletins (month, branch, issued_at, figures, stated, published_by)
            VALUES (\(bulletin.month), \(bulletin.branch.rawValue), outreach_ts(\(ms(bulletin.issuedAt))), \(bulletin.figures),
            \(bulletin.stated), \(bulletin.publishedBy))
            """)
        for earlier in restating {
            try await connection.run(
                "UPDATE bulletins SET stated = \(earlier.stated) WHERE month = \(earlier.month) AND branch = \(earlier.branch.rawValue)")
        }
    }
}

/// The writer of the batch a `writeReachBatch` call holds open, on that call's connection and transaction; it
/// fails with `ReachStoreError.noOpenBatch` once the call has ended.
actor PostgresReachBatchWriter: ReachBatchWriter {
    nonisolated let batch: Int
    private let connection: PostgresConnection
    private var session: PostgresReachSession?

    init(batch: Int, connection: PostgresConnection) {
        self.batch = batch
        self.connection = connection
        session = PostgresReachSession()
    }

    /// Ends the writer and hands back what it wrote.
    func close() throws -> PostgresReachSession {
        guard let session else { throw ReachStoreError.noOpenBatch }
        self.session = nil
        return session
    }

    func write(_ rows: [ReachRow]) async throws -> ReachWriteOutcome {
        try await write(rows, precounted: false)
    }

    func write(_ rows: [ReachRow], counted rollup: [ReachCuboidMonth]) async throws -> ReachWriteOutcome {
        let outcome = try await write(rows, precounted: true)
        try await PostgresStore.mergeIntoCube(rollup, on: connection)
        return outcome
    }

    /// Writes one chunk set-wise; when `precounted`, the rows' counts are already in the caller's rollup, so only
    /// what was not written as new is taken out again.
    private func write(_ rows: [ReachRow], precounted: Bool) async throws -> ReachWriteOutcome {
        guard var session else { throw ReachStoreError.noOpenBatch }
        self.session = nil
        var outcome = ReachWriteOutcome()
        func count(_ change: Int, _ row: ReachRow) {
            session.delta.add(Int64(change), day: row.day, attribution: row.attribution, segment: row.segmentCode, metric: row.metricCode)
        }
        // The first row of each record in this chunk; a later one is a duplicate.
        var firstLine: [Int64: Int] = [:]
        var unique: [ReachRow] = []
        var previous: (key: Int64, line: Int)?
        for row in rows {
            if firstLine[row.key] != nil {
                outcome.duplicateLines.append(row.line)
                if let previous, previous.key == row.key {
                    outcome.earlierLines[row.line] = previous.line
                } else {
                    outcome.duplicateKeys[row.line] = row.key
                }
                if precounted { count(-row.count, row) }
                continue
            }
            firstLine[row.key] = row.line
            previous = (row.key, row.line)
            unique.append(row)
        }
        let stored = try await Self.storedRecords(firstLine, on: connection)
        var added: [ReachRow] = []
        var replaced: [(row: ReachRow, old: StoredRecord)] = []
        for row in unique {
            guard let old = stored[row.key] else {
                added.append(row)
                if !precounted { count(row.count, row) }
                continue
            }
            if old.batch == batch {
                // Written by an earlier chunk of this batch.
                outcome.duplicateLines.append(row.line)
                outcome.duplicateKeys[row.line] = row.key
                if precounted { count(-row.count, row) }
                continue
            }
            if old.count == Int64(row.count), old.note == row.note.map({ Data($0.utf8) }),
                old.evidence == row.evidence.map({ Data($0.utf8) })
            {
                outcome.unchanged += 1
                if precounted { count(-row.count, row) }
                continue
            }
            replaced.append((row, old))
            count((precounted ? 0 : row.count) - Int(old.count), row)
        }
        if !added.isEmpty {
            // New records stream in with COPY (text format) inside the batch's transaction.
            try await connection.copyFrom(
                table: "reach", columns: ["key", "count", "batch", "note", "evidence"], logger: connection.logger
            ) { writer in
                // Sent in pieces of 64 KiB, so that the server parses while the rest is being written.
                var buffer = ByteBuffer()
                buffer.reserveCapacity(1 << 16 + 1024)
                for row in added {
                    Self.appendCopyLine(row, batch: batch, to: &buffer)
                    if buffer.readableBytes >= 1 << 16 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
            outcome.added = added.count
        }
        if !replaced.isEmpty {
            let texts = Texts(replaced.map { ($0.row.note.map { Data($0.utf8) }, $0.row.evidence.map { Data($0.utf8) }) })
            let oldTexts = Texts(replaced.map { ($0.old.note, $0.old.evidence) })
            let keys = replaced.map(\.row.key)
            let counts = replaced.map { Int64($0.row.count) }
            // The replaced records as the lookup read them (no join with `reach`, which the planner could make a
            // scan of the whole table).
            try await connection.run(
                """
                INSERT INTO reach_audit (key, batch, old_count, old_batch, old_note, old_evidence, new_count)
                SELECT t.key, \(batch), t.old_count, t.old_batch, CASE WHEN t.has_note THEN decode(t.note, 'hex') END,
                    CASE WHEN t.has_evidence THEN decode(t.evidence, 'hex') END, t.count
                FROM unnest(\(keys)::bigint[], \(replaced.map(\.old.count))::bigint[], \(replaced.map { Int64($0.old.batch) })::bigint[],
                    \(oldTexts.hasNote)::boolean[], \(oldTexts.notes)::text[], \(oldTexts.hasEvidence)::boolean[],
                    \(oldTexts.evidence)::text[], \(counts)::bigint[])
                    AS t (key, old_count, old_batch, has_note, note, has_evidence, evidence, count)
                """)
            // One index probe per replaced key: with hash and merge joins allowed, the planner joined a large chunk
            // to the whole table. Both are set back to the server's setting right after.
            try await connection.run("SET LOCAL enable_hashjoin = off")
            try await connection.run("SET LOCAL enable_mergejoin = off")
            try await connection.run(
                """
                UPDATE reach r SET count = t.count, batch = \(batch), note = CASE WHEN t.has_note THEN decode(t.note, 'hex') END,
                    evidence = CASE WHEN t.has_evidence THEN decode(t.evidence, 'hex') END
                FROM unnest(\(keys)::bigint[], \(counts)::bigint[], \(texts.hasNote)::boolean[],
                    \(texts.notes)::text[], \(texts.hasEvidence)::boolean[], \(texts.evidence)::text[])
                    AS t (key, count, has_note, note, has_evidence, evidence)
                WHERE r.key = t.key
                """)
            try await connection.run("SET LOCAL enable_hashjoin TO DEFAULT")
            try await connection.run("SET LOCAL enable_mergejoin TO DEFAULT")
            outcome.replaced = replaced.count
        }
        for row in added { session.wrote(row.key) }
        for (row, _) in replaced { session.wrote(row.key) }
        session.added += outcome.added
        session.replaced += outcome.replaced
        session.unchanged += outcome.unchanged
        // Changes past a fixed number of cells are folded into the rollup now, keeping memory flat.
        if session.delta.cellCount > ReachCubeDelta.heldCells {
            try await PostgresStore.mergeIntoCube(ReachCuboid.derive(session.delta.takeAll()), on: connection)
        }
        self.session = session
        return outcome
    }

    /// A stored record as a chunk's lookup reads it.
    typealias StoredRecord = (count: Int64, batch: Int, note: Data?, evidence: Data?)

    /// The stored records among `keys`, read through the primary key's index whatever the table's size.
    ///
    /// `WHERE key = ANY(keys)` let the planner choose a (parallel) sequential scan of the whole table once it held a
    /// few chunks, so that every chunk read every record before it and an import took time in the square of its
    /// size. A key starts with its day and files come in date order, so the records between the chunk's smallest
    /// and largest key are read first, in key order (an index range scan that stops at `limit`); when that range
    /// holds many more records than the chunk (rows in no order, into a large table), each key is looked up by
    /// itself: a `LATERAL` subquery with a `LIMIT` is never turned into a join, so it stays one index probe per key.
    static func storedRecords(_ keys: [Int64: Int], on connection: PostgresConnection) async throws -> [Int64: StoredRecord] {
        guard let low = keys.keys.min(), let high = keys.keys.max() else { return [:] }
        var stored: [Int64: StoredRecord] = [:]
        let limit = 2 * keys.count + 1024
        let range = try await connection.rows(
            """
            SELECT key, count, batch, note, evidence FROM reach WHERE key BETWEEN \(low) AND \(high)
            ORDER BY key LIMIT \(limit + 1)
            """)
        if range.count <= limit {
            for row in range {
                let (key, count, batch, note, evidence) = try row.decode((Int64, Int64, Int, Data?, Data?).self)
                if keys[key] != nil { stored[key] = (count, batch, note, evidence) }
            }
            return stored
        }
        for row in try await connection.rows(
            """
            SELECT t.key, r.count, r.batch, r.note, r.evidence FROM unnest(\(Array(keys.keys))::bigint[]) AS t (key)
            CROSS JOIN LATERAL (SELECT count, batch, note, evidence FROM reach WHERE reach.key = t.key LIMIT 1) AS r
            """)
        {
            let (key, count, batch, note, evidence) = try row.decode((Int64, Int64, Int, Data?, Data?).self)
            stored[key] = (count, batch, note, evidence)
        }
        return stored
    }

    /// One record as a line of `COPY … FROM STDIN` text: tab-separated, `\N` for a missing text, a text as `bytea`
    /// hex (`\\x…`, its backslash doubled for COPY), so every byte (NUL included) arrives as it was.
    static func appendCopyLine(_ row: ReachRow, batch: Int, to buffer: inout ByteBuffer) {
        buffer.writeString("\(row.key)\t\(row.count)\t\(batch)\t")
        appendCopyBytes(row.note, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        appendCopyBytes(row.evidence, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func appendCopyBytes(_ text: String?, to buffer: inout ByteBuffer) {
        guard let text else {
            buffer.writeStaticString("\\N")
            return
        }
        buffer.writeStaticString("\\\\x")
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            for byte in text.utf8 {
                buffer.writeInteger(digits[Int(byte >> 4)])
                buffer.writeInteger(digits[Int(byte & 0xF)])
            }
        }
    }

    /// Optional notes and evidence as parallel arrays (postgres-nio binds no array with NULLs): whether each is
    /// there, and its bytes (a text's UTF-8) in hex (NUL included, which `text` cannot hold).
    private struct Texts {
        var hasNote: [Bool] = [], notes: [String] = [], hasEvidence: [Bool] = [], evidence: [String] = []

        init(_ pairs: [(Data?, Data?)]) {
            for (note, evidence) in pairs {
                hasNote.append(note != nil)
                notes.append(Self.hex(note ?? Data()))
                hasEvidence.append(evidence != nil)
                self.evidence.append(Self.hex(evidence ?? Data()))
            }
        }

        static func hex(_ bytes: Data) -> String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// What an open reach batch has written so far.
struct PostgresReachSession: Sendable {
    var added = 0
    var replaced = 0
    var unchanged = 0
    var delta = ReachCubeDelta()
    /// The smallest and largest key written (added or replaced): undo reads the batch's records in this range.
    var keys: ClosedRange<Int64>?

    mutating func wrote(_ key: Int64) {
        keys = keys.map { min($0.lowerBound, key)...max($0.upperBound, key) } ?? key...key
    }
}
