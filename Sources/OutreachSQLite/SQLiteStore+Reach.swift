import Foundation
import OutreachCore

/// The state of an open reach write: its batch, counters and the rollup changes to apply at the end.
struct ReachSession {
    var batch: Int
    var added = 0
    var replaced = 0
    var unchanged = 0
    var delta = ReachCubeDelta()
}

/// The writer of the batch a `writeReachBatch` call holds open: its writes go to that batch only, and fail
/// with `ReachStoreError.noOpenBatch` once the call has returned.
struct SQLiteReachBatchWriter: ReachBatchWriter {
    let store: SQLiteStore
    let batch: Int

    func write(_ rows: [ReachRow]) async throws -> ReachWriteOutcome {
        try await store.writeReach(rows, batch: batch)
    }

    func write(_ rows: [ReachRow], counted rollup: [ReachCuboidMonth]) async throws -> ReachWriteOutcome {
        try await store.writeReach(rows, counted: rollup, batch: batch)
    }
}

extension SQLiteStore: ReachStore {
    // MARK: Codes

    public func reachCodes() throws -> ReachCodes {
        let reference = try referenceData() ?? ReferenceData()
        let campaignIDs = try self.campaignIDs().map(\.rawValue)
        let wanted: [(String, [String], Int)] = [
            ("metric", reference.metrics.map(\.id.rawValue), ReachCell.maximumSmallCode),
            ("segment", reference.segments.map(\.id.rawValue), ReachCell.maximumSmallCode),
            ("channel", reference.channels.map(\.id.rawValue), ReachCell.maximumSmallCode),
            ("campaign", campaignIDs, ReachCell.maximumCampaignCode),
            ("branch", reference.branches.map(\.id.rawValue), ReachCell.maximumBranchCode),
        ]
        // Reading needs no write lock; only ids without a code yet take a transaction.
        var found = try wanted.map { try codes($0.0, [], limit: $0.2) }
        if zip(wanted, found).contains(where: { kind, known in kind.1.contains { known[$0] == nil } }) {
            found = try connection.transaction { try wanted.map { try codes($0.0, $0.1, limit: $0.2) } }
        }
        return ReachCodes(
            metrics: found[0].reduce(into: [:]) { $0[Metric.ID($1.key)] = $1.value },
            segments: found[1].reduce(into: [:]) { $0[AudienceSegment.ID($1.key)] = $1.value },
            channels: found[2].reduce(into: [:]) { $0[Channel.ID($1.key)] = $1.value },
            campaigns: found[3].reduce(into: [:]) { $0[Campaign.ID($1.key)] = $1.value },
            branches: found[4].reduce(into: [:]) { $0[Branch.ID($1.key)] = $1.value })
    }

    /// The codes of ids of one kind, assigning the next free code (from 1) to new ids.
    private func codes(_ kind: String, _ ids: [String], limit: Int) throws -> [String: Int] {
        let select = try connection.statement("SELECT id, code FROM codes WHERE kind = ?")
        select.bindAll(kind)
        var result: [String: Int] = [:]
        var highest = 0
        while try select.step() {
            result[select.text(0)] = select.int(1)
            highest = max(highest, select.int(1))
        }
        let insert = try connection.statement("INSERT INTO codes (kind, id, code) VALUES (?, ?, ?)")
        for id in ids where result[id] == nil {
            highest += 1
            guard highest <= limit else { throw ReachStoreError.codeSpaceFull(kind: kind, limit: limit) }
            insert.reset()
            insert.bindAll(kind, id, highest)
            try insert.run()
            result[id] = highest
        }
        return result
    }

    public func eventKeys() throws -> [Event.ID: Int] {
        let statement = try connection.statement("SELECT id, key FROM events")
        var keys: [Event.ID: Int] = [:]
        while try statement.step() { keys[Event.ID(statement.text(0))] = statement.int(1) }
        return keys
    }

    // MARK: Writing

    /// One batch as one unit of work: `BEGIN IMMEDIATE` here, the body's writes on this connection, then the
    /// rollup changes and `COMMIT`, or `ROLLBACK` (see `ReachStore`). The body runs in the caller's context, so
    /// the caller reads and checks its next chunk while this actor writes the previous one.
    public nonisolated func writeReachBatch<Result>(
        source: ReachBatch.Source, file: String?, recordedBy: String?, at now: Date,
        _ body: (_ writer: any ReachBatchWriter) async throws -> (result: Result, commit: Bool)
    ) async throws -> (result: Result, batch: ReachBatch) {
        let batch = try await beginReachBatch(source: source, file: file, recordedBy: recordedBy, at: now)
        let ended: (result: Result, commit: Bool)
        do {
            ended = try await body(SQLiteReachBatchWriter(store: self, batch: batch))
        } catch {
            _ = try? await finishReachBatch(batch, commit: false)
            throw error
        }
        return (ended.result, try await finishReachBatch(batch, commit: ended.commit))
    }

    func beginReachBatch(source: ReachBatch.Source, file: String?, recordedBy: String?, at now: Date) throws -> Int {
        guard reachSession == nil else { throw ReachStoreError.batchAlreadyOpen }
        try connection.execute(Self.memory(bulkWrite: true))
        do {
            try connection.execute("BEGIN IMMEDIATE")
        } catch {
            try? connection.execute(Self.memory(bulkWrite: false))
            throw error
        }
        do {
            let insert = try connection.statement(
                "INSERT INTO reach_batches (source, file, recorded_by, recorded_at) VALUES (?, ?, ?, ?)")
            insert.bindAll(source.rawValue, file, recordedBy, Timestamp.string(from: now))
            try insert.run()
            let batch = Int(connection.lastInsertRowID)
            reachSession = ReachSession(batch: batch)
            return batch
        } catch {
            try? connection.execute("ROLLBACK")
            try? connection.execute(Self.memory(bulkWrite: false))
            throw error
        }
    }

    func writeReach(_ rows: [ReachRow], batch: Int) throws -> ReachWriteOutcome {
        guard reachSession?.batch == batch else { throw ReachStoreError.noOpenBatch }
        return try write(rows, precounted: false)
    }

    func writeReach(_ rows: [ReachRow], counted rollup: [ReachCuboidMonth], batch: Int) throws -> ReachWriteOutcome {
        guard reachSession?.batch == batch else { throw ReachStoreError.noOpenBatch }
        let outcome = try write(rows, precounted: true)
        try mergeIntoCube(rollup)
        return outcome
    }

    /// Whether the rows are in key order.
    private static func inKeyOrder(_ rows: [ReachRow]) -> Bool {
        rows.withUnsafeBufferPointer { rows in
            for i in rows.indices.dropFirst() where rows[i - 1].key > rows[i].key { return false }
            return true
        }
    }

    /// Where the rows that can be appended start: rows in key order past the largest stored key.
    private func appendableStart(_ rows: [ReachRow], ordered: Bool) throws -> Int {
        guard rows.count > 1 else { return rows.count }
        guard ordered else { return rows.count }
        let select = try connection.statement("SELECT max(key) FROM reach")
        defer { select.reset() }
        guard try select.step(), !select.isNull(0) else { return 0 }
        let largest = Int64(select.int(0))
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].key > largest { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Inserts rows known to be new, in key order, `appendWidth` per statement.
    private func appendReach(_ rows: [ReachRow], batch: Int) throws {
        let values = Array(repeating: "(?, ?, ?, ?, ?)", count: Self.appendWidth).joined(separator: ", ")
        let wide = try connection.statement("INSERT INTO reach (key, count, batch, note, evidence) VALUES \(values)")
        let single = try connection.statement("INSERT INTO reach (key, count, batch, note, evidence) VALUES (?, ?, ?, ?, ?)")
        var start = 0
        while start < rows.count {
            let width = rows.count - start >= Self.appendWidth ? Self.appendWidth : 1
            let statement = width == 1 ? single : wide
            statement.rewind()
            for i in 0..<width {
                let row = rows[start + i], at = Int32(i * 5)
                statement.bind(at + 1, row.key)
                statement.bind(at + 2, Int64(row.count))
                statement.bind(at + 3, Int64(batch))
                statement.bind(at + 4, row.note)
                statement.bind(at + 5, row.evidence)
            }
            try statement.run()
            start += width
        }
    }

    private static let appendWidth = 100

    /// A stored record's values, as a write compares them.
    struct StoredReach {
        var count: Int
        var batch: Int
        var note: String?
        var evidence: String?
    }

    /// The stored records with keys from `low` through `high`, by key.
    private func storedReach(from low: Int64, through high: Int64) throws -> [Int64: StoredReach] {
        let select = try connection.statement("SELECT key, count, batch, note, evidence FROM reach WHERE key BETWEEN ? AND ?")
        defer { select.reset() }
        select.bind(1, low)
        select.bind(2, high)
        var records: [Int64: StoredReach] = [:]
        while try select.step() {
            records[Int64(select.int(0))] = StoredReach(
                count: select.int(1), batch: select.int(2), note: select.optionalText(3), evidence: select.optionalText(4))
        }
        return records
    }

    /// Writes rows; when `precounted`, their counts are already in the caller's rollup, so only
    /// corrections are collected here.
    private func write(_ rows: [ReachRow], precounted: Bool) throws -> ReachWriteOutcome {
        guard var session = reachSession else { throw ReachStoreError.noOpenBatch }
        // Take the session out while writing, so its rollup changes are not copied on every write.
        reachSession = nil
        defer { reachSession = session }
        var outcome = ReachWriteOutcome()
        let insert = try connection.statement(
            "INSERT INTO reach (key, count, batch, note, evidence) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")
        let select = try connection.statement("SELECT count, batch, note, evidence FROM reach WHERE key = ?")
        let update = try connection.statement("UPDATE reach SET count = ?, batch = ?, note = ?, evidence = ? WHERE key = ?")
        let audit = try connection.statement(
            """
            INSERT INTO reach_audit (key, batch, old_count, old_batch, old_note, old_evidence, new_count)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        // Rows in key order past the largest stored key are new (a new period, a first import): they are
        // appended without a conflict check each, many per statement, each next to the one before. Rows
        // before them are checked one by one.
        let ordered = Self.inKeyOrder(rows)
        let appendFrom = try appendableStart(rows, ordered: ordered)
        if appendFrom < rows.count {
            var appendable: [ReachRow] = []
            appendable.reserveCapacity(rows.count - appendFrom)
            for i in appendFrom..<rows.count {
                let row = rows[i]
                if i > appendFrom, rows[i - 1].key == row.key {
                    // The same record twice in this batch: the earlier line stays.
                    outcome.duplicateLines.append(row.line)
                    outcome.earlierLines[row.line] = appendable.last?.line
                    if precounted {
                        session.delta.add(
                            -Int64(row.count), day: row.day, attribution: row.attribution, segment: row.segmentCode,
                            metric: row.metricCode)
                    }
                    continue
                }
                appendable.append(row)
                if !precounted {
                    session.delta.add(
                        Int64(row.count), day: row.day, attribution: row.attribution, segment: row.segmentCode,
                        metric: row.metricCode)
                }
            }
            try appendReach(appendable, batch: session.batch)
            outcome.added += appendable.count
        }
        do {
            // Rows before the last stored key, all of one day: the rest of the day the previous write ended with (a
            // file in date order cut between two chunks). Its stored records are read with one range read, and the
            // rows found new are appended many per statement, as above; any other rows are looked up one by one.
            var stored: [Int64: StoredReach]?
            var fresh: [ReachRow] = []
            if ordered, appendFrom > 0, ReachKey.day(rows[0].key) == ReachKey.day(rows[appendFrom - 1].key) {
                stored = try storedReach(from: rows[0].key, through: rows[appendFrom - 1].key)
            }
            // The first row of each record in this write, for naming it when a later row repeats it.
            var first: (key: Int64, line: Int) = (-1, 0)
            for row in rows[..<appendFrom] {
                let repeated = first.key == row.key
                if !repeated { first = (row.key, row.line) }
                // Written as new: counted into the rollup, unless the caller counted it already.
                func countAsNew() {
                    outcome.added += 1
                    guard !precounted else { return }
                    session.delta.add(
                        Int64(row.count), day: row.day, attribution: row.attribution, segment: row.segmentCode, metric: row.metricCode)
                }
                // Not written as new: a precounted row's count comes out of the rollup again.
                func uncount(_ count: Int) {
                    guard precounted else { return }
                    session.delta.add(
                        -Int64(count), day: row.day, attribution: row.attribution, segment: row.segmentCode, metric: row.metricCode)
                }
                let old: StoredReach
                if let known = stored {
                    if let record = known[row.key] {
                        old = record
                    } else if repeated {
                        // New here, and the same record again: the earlier line stays.
                        outcome.duplicateLines.append(row.line)
                        outcome.earlierLines[row.line] = first.line
                        uncount(row.count)
                        continue
                    } else {
                        fresh.append(row)
                        countAsNew()
                        continue
                    }
                } else {
                    insert.rewind()
                    insert.bind(1, row.key)
                    insert.bind(2, Int64(row.count))
                    insert.bind(3, Int64(session.batch))
                    insert.bind(4, row.note)
                    insert.bind(5, row.evidence)
                    try insert.run()
                    if connection.changes == 1 {
                        countAsNew()
                        continue
                    }
                    select.reset()
                    select.bind(1, row.key)
                    guard try select.step() else {
                        uncount(row.count)
                        continue
                    }
                    old = StoredReach(
                        count: select.int(0), batch: select.int(1), note: select.optionalText(2), evidence: select.optionalText(3))
                    select.reset()
                }
                let oldCount = old.count, oldBatch = old.batch
                let oldNote = old.note, oldEvidence = old.evidence
                if oldBatch == session.batch {
                    outcome.duplicateLines.append(row.line)
                    if first.key == row.key, first.line != row.line {
                        outcome.earlierLines[row.line] = first.line
                    } else {
                        outcome.duplicateKeys[row.line] = row.key
                    }
                    uncount(row.count)
                    continue
                }
                if oldCount == row.count, oldNote == row.note, oldEvidence == row.evidence {
                    outcome.unchanged += 1
                    uncount(row.count)
                    continue
                }
                update.reset()
                update.bind(1, Int64(row.count))
                update.bind(2, Int64(session.batch))
                update.bind(3, row.note)
                update.bind(4, row.evidence)
                update.bind(5, row.key)
                try update.run()
                audit.reset()
                audit.bind(1, row.key)
                audit.bind(2, Int64(session.batch))
                audit.bind(3, Int64(oldCount))
                audit.bind(4, Int64(oldBatch))
                audit.bind(5, oldNote)
                audit.bind(6, oldEvidence)
                audit.bind(7, Int64(row.count))
                try audit.run()
                outcome.replaced += 1
                stored?[row.key] = StoredReach(count: row.count, batch: session.batch, note: row.note, evidence: row.evidence)
                session.delta.add(
                    Int64((precounted ? 0 : row.count) - oldCount), day: row.day, attribution: row.attribution,
                    segment: row.segmentCode, metric: row.metricCode)
            }
            try appendReach(fresh, batch: session.batch)
        }
        session.added += outcome.added
        session.replaced += outcome.replaced
        session.unchanged += outcome.unchanged
        // Changes past a fixed number of cells are folded into the rollup now, keeping memory flat.
        if session.delta.cellCount > ReachCubeDelta.heldCells { try mergeIntoCube(ReachCuboid.derive(session.delta.takeAll())) }
        return outcome
    }

    func finishReachBatch(_ batch: Int, commit: Bool) throws -> ReachBatch {
        guard let session = reachSession, session.batch == batch else { throw ReachStoreError.noOpenBatch }
        reachSession = nil
        defer { try? connection.execute(Self.memory(bulkWrite: false)) }
        do {
            if commit {
                try applyCubeDelta(session.delta)
                let update = try connection.statement(
                    "UPDATE reach_batches SET added = ?, replaced = ?, unchanged = ? WHERE id = ?")
                update.bindAll(session.added, session.replaced, session.unchanged, session.batch)
                try update.run()
            }
            let batch = try reachBatch(session.batch)
            try connection.execute(commit ? "COMMIT" : "ROLLBACK")
            return ReachBatch(
                id: session.batch, source: batch?.source ?? .import, file: batch?.file, recordedBy: batch?.recordedBy,
                recordedAt: batch?.recordedAt ?? Date(timeIntervalSince1970: 0), added: session.added,
                replaced: session.replaced, unchanged: session.unchanged)
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Merges rollup changes into every stored cuboid.
    func applyCubeDelta(_ delta: ReachCubeDelta) throws {
        var delta = delta
        try mergeIntoCube(ReachCuboid.derive(delta.takeAll()))
    }

    /// Adds changes to stored cuboid months; a month whose cells all come to zero is removed.
    func mergeIntoCube(_ parts: [ReachCuboidMonth]) throws {
        guard !parts.isEmpty else { return }
        let select = try connection.statement("SELECT cells FROM reach_cube WHERE cuboid = ? AND month = ?")
        let upsert = try connection.statement(
            "INSERT INTO reach_cube (cuboid, month, cells) VALUES (?, ?, ?) ON CONFLICT (cuboid, month) DO UPDATE SET cells = excluded.cells")
        let delete = try connection.statement("DELETE FROM reach_cube WHERE cuboid = ? AND month = ?")
        for part in parts {
            select.reset()
            select.bind(1, part.cuboid.id)
            select.bind(2, part.month)
            // Merged from the stored bytes where SQLite holds them: memory does not grow with the month.
            let merged =
                try select.step()
                ? try select.blob(0) { try part.merged(into: $0) } : try part.merged(into: UnsafeRawBufferPointer(start: nil, count: 0))
            select.reset()
            if merged.isEmpty {
                delete.reset()
                delete.bind(1, part.cuboid.id)
                delete.bind(2, part.month)
                try delete.run()
            } else {
                upsert.reset()
                upsert.bind(1, part.cuboid.id)
                upsert.bind(2, part.month)
                try upsert.run(binding: merged, at: 3)
            }
        }
    }

    // MARK: Undo

    public func undoReachBatch(_ id: Int, at now: Date) throws -> ReachUndoSummary {
        guard let batch = try reachBatch(id) else { throw ReachStoreError.batchNotFound(id) }
        if let undone = batch.undoneAt { throw ReachStoreError.batchAlreadyUndone(id, at: undone) }
        let attribution = try eventAttributions()
        return try connection.transaction { () throws -> ReachUndoSummary in
            var delta = ReachCubeDelta()
            // What the batch replaced, to restore (only where no later batch changed the record again).
            let audits = try connection.statement(
                "SELECT key, old_count, old_batch, old_note, old_evidence FROM reach_audit WHERE batch = ?")
            audits.bind(1, id)
            var restore: [Int64: (Int, Int, String?, String?)] = [:]
            while try audits.step() {
                restore[Int64(audits.int(0))] = (audits.int(1), audits.int(2), audits.optionalText(3), audits.optionalText(4))
            }
            audits.reset()
            var deleted = 0, restored = 0
            let rows = try connection.statement("SELECT key, count FROM reach WHERE batch = ?")
            rows.bind(1, id)
            var current: [(Int64, Int)] = []
            while try rows.step() { current.append((Int64(rows.int(0)), rows.int(1))) }
            rows.reset()
            let remove = try connection.statement("DELETE FROM reach WHERE key = ?")
            let put = try connection.statement("UPDATE reach SET count = ?, batch = ?, note = ?, evidence = ? WHERE key = ?")
            for (key, count) in current {
                let cell = attribution[ReachKey.event(key)] ?? 0
                if let (oldCount, oldBatch, oldNote, oldEvidence) = restore.removeValue(forKey: key) {
                    put.reset()
                    put.bind(1, Int64(oldCount))
                    put.bind(2, Int64(oldBatch))
                    put.bind(3, oldNote)
                    put.bind(4, oldEvidence)
                    put.bind(5, key)
                    try put.run()
                    restored += 1
                    delta.add(Int64(oldCount - count), day: ReachKey.day(key), attribution: cell, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
                } else {
                    remove.reset()
                    remove.bind(1, key)
                    try remove.run()
                    deleted += 1
                    delta.add(-Int64(count), day: ReachKey.day(key), attribution: cell, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
                }
            }
            try applyCubeDelta(delta)
            let mark = try connection.statement("UPDATE reach_batches SET undone_at = ? WHERE id = ?")
            mark.bindAll(Timestamp.string(from: now), id)
            try mark.run()
            return ReachUndoSummary(batch: id, deleted: deleted, restored: restored, keptLaterChanges: restore.count)
        }
    }

    /// Moves the reach of events whose campaign, channel or branch changed to their new rollup cells.
    func reattributeReach(_ moved: [(old: Event, new: Event)]) throws {
        let keys = try eventKeys()
        let codes = try reachCodes()
        func attribution(_ e: Event) -> UInt64 {
            ReachCell.attribution(
                campaign: codes.campaigns[e.campaign] ?? 0, channel: codes.channels[e.channel] ?? 0,
                branch: codes.branches[e.branch] ?? 0)
        }
        var change: [Int: (UInt64, UInt64)] = [:]
        for (old, new) in moved { if let key = keys[new.id] { change[key] = (attribution(old), attribution(new)) } }
        guard !change.isEmpty, try connection.statement("SELECT EXISTS (SELECT 1 FROM reach)").stepInt() == 1 else { return }
        var delta = ReachCubeDelta()
        let statement = try connection.statement("SELECT key, count FROM reach")
        while try statement.step() {
            let key = Int64(statement.int(0))
            guard let (from, to) = change[ReachKey.event(key)] else { continue }
            let count = Int64(statement.int(1)), day = ReachKey.day(key)
            delta.add(-count, day: day, attribution: from, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
            delta.add(count, day: day, attribution: to, segment: ReachKey.segment(key), metric: ReachKey.metric(key))
        }
        try applyCubeDelta(delta)
    }

    /// Each event key's rollup attribution (campaign, channel and branch codes).
    func eventAttributions() throws -> [Int: UInt64] {
        let codes = try reachCodes()
        let statement = try connection.statement(
            "SELECT e.key, c.id, e.channel, e.branch FROM events e JOIN campaigns c ON c.key = e.campaign_key")
        var result: [Int: UInt64] = [:]
        while try statement.step() {
            result[statement.int(0)] = ReachCell.attribution(
                campaign: codes.campaigns[Campaign.ID(statement.text(1))] ?? 0,
                channel: codes.channels[Channel.ID(statement.text(2))] ?? 0,
                branch: codes.branches[Branch.ID(statement.text(3))] ?? 0)
        }
        return result
    }

    // MARK: Reading

    public func reachBatches() throws -> [ReachBatch] {
        try batches(where: "1 = 1") { _ in }
    }

    func reachBatch(_ id: Int) throws -> ReachBatch? {
        try batches(where: "id = ?") { $0.bind(1, id) }.first
    }

    private func batches(where condition: String, bind: (SQLiteStatement) -> Void) throws -> [ReachBatch] {
        let statement = try connection.statement(
            "SELECT id, source, file, recorded_by, recorded_at, added, replaced, unchanged, undone_at FROM reach_batches WHERE \(condition) ORDER BY id")
        bind(statement)
        var result: [ReachBatch] = []
        while try statement.step() {
            result.append(
                ReachBatch(
                    id: statement.int(0), source: ReachBatch.Source(rawValue: statement.text(1)) ?? .import,
                    file: statement.optionalText(2), recordedBy: statement.optionalText(3),
                    recordedAt: Timestamp.date(from: statement.text(4)) ?? Date(timeIntervalSince1970: 0),
                    added: statement.int(5), replaced: statement.int(6), unchanged: statement.int(7),
                    undoneAt: statement.optionalText(8).flatMap(Timestamp.date(from:))))
        }
        return result
    }

    public func reachCube(_ cuboid: ReachCuboid, months: ClosedRange<Int>) throws -> [ReachCubeMonth] {
        let statement = try connection.statement(
            "SELECT month, cells FROM reach_cube WHERE cuboid = ? AND month BETWEEN ? AND ? ORDER BY month")
        statement.bind(1, cuboid.id)
        statement.bind(2, months.lowerBound)
        statement.bind(3, months.upperBound)
        var result: [ReachCubeMonth] = []
        while try statement.step() {
            let month = statement.int(0)
            result.append(statement.blob(1) { ReachCubeMonth(month: month, encoded: $0) })
        }
        return result
    }

    public func reachRecordCount(event key: Int) throws -> Int {
        // The event is the key's bits 16...43 (see ReachKey).
        let statement = try connection.statement("SELECT count(*) FROM reach WHERE (key >> 16) & 268435455 = ?")
        statement.bind(1, key)
        return try statement.stepInt()
    }

    public func reachEntries(from: LocalDate, through: LocalDate) throws -> [ReachEntry] {
        let statement = try connection.statement("SELECT key, count FROM reach WHERE key >= ? AND key < ?")
        statement.bind(1, ReachKey.firstKey(ofDay: from.dayNumber))
        statement.bind(2, ReachKey.firstKey(ofDay: through.dayNumber + 1))
        var result: [ReachEntry] = []
        while try statement.step() { result.append(ReachEntry(key: Int64(statement.int(0)), count: statement.int(1))) }
        return result
    }

    /// No index by event here (as for `reachLog(event:)`): the period's records are read in key order and kept when
    /// they are one of the events', without holding the others.
    public func reachEntries(events: [Int], from: LocalDate, through: LocalDate) throws -> [ReachEntry] {
        let wanted = Set(events)
        guard !wanted.isEmpty else { return [] }
        let statement = try connection.statement("SELECT key, count FROM reach WHERE key >= ? AND key < ? ORDER BY key")
        defer { statement.reset() }
        statement.bind(1, ReachKey.firstKey(ofDay: from.dayNumber))
        statement.bind(2, ReachKey.firstKey(ofDay: through.dayNumber + 1))
        var result: [ReachEntry] = []
        while try statement.step() {
            let key = Int64(statement.int(0))
            if wanted.contains(ReachKey.event(key)) { result.append(ReachEntry(key: key, count: statement.int(1))) }
        }
        return result
    }

    /// The note and evidence of every stored record, in key order, exactly as stored.
    public func reachTexts() throws -> [(key: Int64, note: String?, evidence: String?)] {
        let statement = try connection.statement("SELECT key, note, evidence FROM reach ORDER BY key")
        defer { statement.reset() }
        var result: [(key: Int64, note: String?, evidence: String?)] = []
        while try statement.step() {
            result.append((Int64(statement.int(0)), statement.optionalText(1), statement.optionalText(2)))
        }
        return result
    }

    public func reachCountCheck() throws -> ReachCountCheck {
        let outside = "count < 0 OR count > \(ReachRecord.maximumCount)"
        let number = try connection.statement("SELECT count(*) FROM reach WHERE \(outside)").stepInt()
        var examples: [ReachEntry] = []
        if number > 0 {
            let statement = try connection.statement("SELECT key, count FROM reach WHERE \(outside) ORDER BY key LIMIT 5")
            while try statement.step() { examples.append(ReachEntry(key: Int64(statement.int(0)), count: statement.int(1))) }
            statement.reset()
        }
        // SQLite's sum() fails with "integer overflow" rather than wrap; the magnitudes are added, so counts
        // that cancel out cannot hide one.
        let sum = try connection.statement("SELECT sum(abs(count)) FROM reach")
        defer { sum.reset() }
        var overflows = false
        do {
            _ = try sum.step()
        } catch {
            guard case .database(let message) = error, message.contains("overflow") else { throw error }
            overflows = true
        }
        return ReachCountCheck(outOfRange: number, examples: examples, sumOverflows: overflows)
    }

    public func verifyReachCube() throws -> [(cuboid: ReachCuboid, month: Int)] {
        // Counts over the limit could add up beyond a total: `reachCountCheck` reports them, and the rollup is
        // not recomputed from them (that sum could not be held).
        guard try reachCountCheck().isEmpty else { return [] }
        let attribution = try eventAttributions()
        var delta = ReachCubeDelta()
        let statement = try connection.statement("SELECT key, count FROM reach")
        while try statement.step() {
            let key = Int64(statement.int(0))
            delta.add(
                Int64(statement.int(1)), day: ReachKey.day(key), attribution: attribution[ReachKey.event(key)] ?? 0,
                segment: ReachKey.segment(key), metric: ReachKey.metric(key))
        }
        var expected: [ReachCuboid: [Int: ReachCubeMonth]] = [:]
        for part in ReachCuboid.derive(delta.takeAll()) {
            expected[part.cuboid, default: [:]][part.month] = ReachCubeMonth(month: part.month, keys: part.keys, totals: part.totals)
        }
        var differing: [(cuboid: ReachCuboid, month: Int)] = []
        for cuboid in ReachCuboid.stored {
            let stored = Dictionary(try reachCube(cuboid, months: 0...Int(Int32.max)).map { ($0.month, $0) }, uniquingKeysWith: { a, _ in a })
            let wanted = expected[cuboid] ?? [:]
            for month in Set(stored.keys).union(wanted.keys).sorted()
            where (stored[month] ?? ReachCubeMonth(month: month)) != (wanted[month] ?? ReachCubeMonth(month: month)) {
                differing.append((cuboid, month))
            }
        }
        return differing
    }

    // MARK: Targets and bulletins

    public func targets() throws -> [Target] {
        let statement = try connection.statement(
            "SELECT branch, period, start_date, end_date, events, person_times FROM targets ORDER BY id")
        var result: [Target] = []
        let decoder = JSONDecoder()
        while try statement.step() {
            guard let period = ReportPeriod(statement.text(1)) else { continue }
            let counts = try decoder.decode([Target.SegmentCount].self, from: Data(statement.text(5).utf8))
            result.append(Target(branch: Branch.ID(statement.text(0)), period: period, events: statement.optionalInt(4), personTimes: counts))
        }
        return result
    }

    public func replaceTargets(_ targets: [Target], source: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try connection.transaction {
            let delete = try connection.statement("DELETE FROM targets WHERE source_path = ?")
            delete.bindAll(source)
            try delete.run()
            let insert = try connection.statement(
                "INSERT INTO targets (source_path, branch, period, start_date, end_date, events, person_times) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for target in targets {
                insert.reset()
                let counts = String(decoding: try encoder.encode(target.personTimes), as: UTF8.self)
                insert.bindAll(
                    source, target.branch.rawValue, target.period.description, target.period.start.description,
                    target.period.end.description, target.events, counts)
                try insert.run()
            }
        }
    }

    public func bulletin(month: String, branch: Branch.ID) throws -> PublishedBulletin? {
        let statement = try connection.statement(
            "SELECT issued_at, figures, stated, published_by FROM bulletins WHERE month = ? AND branch = ?")
        statement.bindAll(month, branch.rawValue)
        guard try statement.step() else { return nil }
        defer { statement.reset() }
        return PublishedBulletin(
            month: month, branch: branch, issuedAt: Timestamp.date(from: statement.text(0)) ?? Date(timeIntervalSince1970: 0),
            figures: statement.text(1), stated: statement.text(2), publishedBy: statement.text(3))
    }

    public func bulletins(branch: Branch.ID) throws -> [PublishedBulletin] {
        let statement = try connection.statement(
            "SELECT month, issued_at, figures, stated, published_by FROM bulletins WHERE branch = ? ORDER BY month")
        statement.bindAll(branch.rawValue)
        var result: [PublishedBulletin] = []
        while try statement.step() {
            result.append(
                PublishedBulletin(
                    month: statement.text(0), branch: branch,
                    issuedAt: Timestamp.date(from: statement.text(1)) ?? Date(timeIntervalSince1970: 0),
                    figures: statement.text(2), stated: statement.text(3), publishedBy: statement.text(4)))
        }
        return result
    }

    public func publishBulletin(_ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry]) throws {
        // BEGIN IMMEDIATE takes the write lock first: of two runs publishing the same month, the second finds the
        // first one's row here instead of failing on the table's unique key.
        try connection.transaction {
            if let existing = try self.bulletin(month: bulletin.month, branch: bulletin.branch) {
                throw ReachStoreError.bulletinAlreadyPublished(existing)
            }
            _ = try insertOutbox(notices, nowMS: Self.milliseconds(bulletin.issuedAt))
            let insert = try connection.statement(
                "INSERT INTO bulletins (month, branch, issued_at, figures, stated, published_by) VALUES (?, ?, ?, ?, ?, ?)")
            insert.bindAll(
                bulletin.month, bulletin.branch.rawValue, Timestamp.string(from: bulletin.issuedAt), bulletin.figures,
                bulletin.stated, bulletin.publishedBy)
            try insert.run()
            let restate = try connection.statement("UPDATE bulletins SET stated = ? WHERE month = ? AND branch = ?")
            for earlier in restating {
                restate.reset()
                restate.bindAll(earlier.stated, earlier.month, earlier.branch.rawValue)
                try restate.run()
            }
        }
    }
}
