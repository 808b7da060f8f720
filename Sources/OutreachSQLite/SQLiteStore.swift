import Foundation
import OutreachCore
import OutreachFormats

/// The embedded store: one SQLite file, no server.
///
/// An actor on its own serial queue owns the connection, so SQLite's blocking calls stay off Swift's
/// cooperative threads and every access is serialised. The file uses WAL journaling, so readers in
/// other processes are not blocked by an import.
public actor SQLiteStore: CampaignStore {
    private let executor: SerialQueueExecutor
    let connection: SQLiteConnection
    public nonisolated let path: String
    /// Where the workers' journals of this database are (`SQLiteOutboxJournal`): next to the file the path leads
    /// to, so processes that name the database by different paths (a symbolic link) share them; nil in memory.
    nonisolated let journalFolder: String?
    /// The reach write session in progress (see SQLiteStore+Reach.swift).
    var reachSession: ReachSession?
    /// The `notify:` configuration reminders are planned with, set only for the length of one import or status
    /// change from the `reminders:` it is given (see `SQLiteStore+Outbox.swift`).
    var notifyConfiguration: NotifyConfiguration?
    /// Reference data as last decoded, and the change stamp it was decoded at.
    private var referenceCache: (stamp: [Int], data: ReferenceData?)?
    /// Per live journal folded here, the log rows of attempts it started whose outcome is not folded yet.
    var journalAttempts: [String: [JournalPart: Int64]] = [:]

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens (creating if needed) the database at `path`; `":memory:"` gives a private in-memory store.
    public init(path: String) throws {
        self.path = path
        executor = SerialQueueExecutor(label: "outreach.sqlite")
        connection = try SQLiteConnection(path: path)
        if path.isEmpty || path == ":memory:" || path.hasPrefix("file:") {
            journalFolder = nil
        } else if let resolved = realpath(path, nil) {
            journalFolder = String(cString: resolved) + "-outbox"
            free(resolved)
        } else {
            journalFolder = path + "-outbox"
        }
        try connection.execute(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            """
        )
        try connection.execute(Self.memory(bulkWrite: false))
    }

    /// How much memory the connection may keep, set only here: for reading, the file mapped (up to 1 GiB, pages
    /// shared with the OS cache) and 64 MiB of page cache; for a reach batch's bulk write, no mapping and 8 MiB.
    /// Rows arrive in key order, so few pages are hot; a mapping would keep every page the batch's lookups touch
    /// resident (and counted in the process's memory) for the rest of the batch.
    static func memory(bulkWrite: Bool) -> String {
        bulkWrite
            ? "PRAGMA mmap_size = 0; PRAGMA cache_size = -8192;"
            : "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;"
    }

    /// Whether a statement still holds a read transaction open (tests: none may outlive a store call).
    var holdsReadTransaction: Bool { connection.hasOpenRead }

    /// Whether a database file exists at a path (a store is not created just to look).
    public static func exists(at path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    // MARK: Schema

    public static let schemaVersion = Migrations.steps.count

    public func migrate() throws {
        let current = try userVersion()
        guard current <= Migrations.steps.count else {
            throw StoreError.schemaTooNew(found: current, supported: Migrations.steps.count)
        }
        let nowMS = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        for version in current..<Migrations.steps.count {
            try connection.transaction {
                try connection.execute(Migrations.steps[version].sql)
                if version + 1 >= Migrations.recordedFrom {
                    // Records this step, and any earlier one applied before the table existed (with no time).
                    let record = try connection.statement(
                        "INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
                    for recorded in 1...(version + 1) {
                        record.bind(Int32(1), Int64(recorded))
                        record.bind(Int32(2), Migrations.steps[recorded - 1].name)
                        record.bind(Int32(3), recorded > current ? Int(nowMS) : nil)
                        try record.run()
                        record.reset()
                    }
                }
                try connection.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }

    /// The schema steps this database holds, oldest first: version, name and when it was applied (nil for
    /// steps applied before the database recorded them).
    public func appliedMigrations() throws -> [(version: Int, name: String, appliedAt: Date?)] {
        guard try userVersion() >= Migrations.recordedFrom else { return [] }
        let statement = try connection.statement("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        var steps: [(version: Int, name: String, appliedAt: Date?)] = []
        while try statement.step() {
            let applied = statement.isNull(2) ? nil : Date(timeIntervalSince1970: Double(statement.int(2)) / 1000)
            steps.append((statement.int(0), statement.text(1), applied))
        }
        return steps
    }

    func userVersion() throws -> Int {
        let statement = try connection.statement("PRAGMA user_version")
        // Reset, or the statement keeps a read transaction open for the life of the process.
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : 0
    }

    // MARK: Reference data

    public func referenceData() throws -> ReferenceData? {
        // Decoded once while the database is unchanged: a command asks for it more than once (opening
        // the store, reach codes), and a long-running worker many times.
        let stamp = try changeStamp()
        if let cached = referenceCache, cached.stamp == stamp { return cached.data }
        let data = try decodeReferenceData()
        referenceCache = (stamp, data)
        return data
    }

    /// The reference data with `venues` empty. The full data is decoded and kept for the next call (the venues come
    /// from SQLite's JSON functions, quick enough here).
    public func referenceDataWithoutVenues() throws -> ReferenceData? {
        try referenceData()?.withoutVenues
    }

    /// Changes when this connection or another one commits a change to the database.
    private func changeStamp() throws -> [Int] {
        let statement = try connection.statement("SELECT data_version, total_changes() FROM pragma_data_version")
        defer { statement.reset() }
        return try statement.step() ? [statement.int(0), statement.int(1)] : []
    }

    private func decodeReferenceData() throws -> ReferenceData? {
        // One JSON array per kind, decoded in one call: much faster than a decode per item.
        let statement = try connection.statement(
            "SELECT kind, '[' || group_concat(definition, ',') || ']' FROM (SELECT kind, definition FROM reference_items ORDER BY kind, position) GROUP BY kind")
        var arrays: [String: Data] = [:]
        while try statement.step() { arrays[statement.text(0)] = Data(statement.text(1).utf8) }
        guard !arrays.isEmpty else { return nil }
        return try ReferenceItems.data(fromArrays: arrays, venues: arrays["venue"] == nil ? [] : try readVenues())
    }

    /// The venues, read field by field with SQLite's JSON functions (`ReferenceItems.venueFieldPaths`); nil when
    /// a definition is not exactly what those fields represent, for `JSONDecoder` to decode as before.
    private func readVenues() throws -> [Venue]? {
        let fields = ReferenceItems.venueFieldPaths.map { "$." + $0.joined(separator: ".") }
        // Each field's JSON type and the SQL type of its value ("integer/integer"; "integer/real" for an integer
        // beyond 64 bits), then the value.
        let columns = fields.map {
            "json_type(definition, '\($0)') || '/' || typeof(json_extract(definition, '\($0)')), json_extract(definition, '\($0)')"
        }.joined(separator: ", ")
        let statement = try connection.statement(
            "SELECT json_type(definition), \(columns) FROM reference_items WHERE kind = 'venue' ORDER BY position")
        defer { statement.reset() }
        var venues: [Venue] = []
        while true {
            // A definition that is not JSON at all is left to JSONDecoder too (its error, not SQLite's).
            guard let more = try? statement.step() else { return nil }
            guard more else { break }
            guard statement.text(0) == "object" else { return nil }
            // Column of field i's JSON type and value: 1 + 2i and 2 + 2i.
            let values = (0..<Int32(fields.count)).map { i -> ReferenceItems.Field in
                switch statement.optionalText(1 + 2 * i) {
                case nil, "null/null": .absent
                case "text/text": .text(statement.text(2 + 2 * i))
                case "integer/integer": .integer(statement.int(2 + 2 * i))
                default: .other
                }
            }
            guard let venue = ReferenceItems.venue(fields: values) else { return nil }
            venues.append(venue)
        }
        return venues
    }

    public func replaceReferenceData(_ data: ReferenceData, at now: Date) throws {
        let rows = try ReferenceItems.rows(of: data)
        try connection.transaction {
            try connection.execute("DELETE FROM reference_items")
            let insert = try connection.statement(
                "INSERT INTO reference_items (kind, id, position, definition) VALUES (?, ?, ?, ?)")
            for row in rows {
                insert.reset()
                insert.bindAll(row.kind, row.id, row.position, row.definition)
                try insert.run()
            }
            let meta = try connection.statement(
                "INSERT INTO reference_meta (name, value) VALUES ('loaded_at', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value"
            )
            meta.bindAll(Timestamp.string(from: now))
            try meta.run()
        }
    }

    // MARK: Campaigns

    public func importCampaigns(
        _ campaigns: [Campaign], sources: [Campaign.ID: String], reminders: ReminderPlanner?, at now: Date
    ) throws -> ImportSummary {
        let stamp = Timestamp.string(from: now)
        // The reminder policy holds for this unit of work only (no await in between: nothing else runs meanwhile).
        let saved = notifyConfiguration
        notifyConfiguration = reminders?.configuration
        defer { notifyConfiguration = saved }
        return try connection.transaction {
            var summary = ImportSummary()
            var campaignKeys: [Campaign.ID: Int] = [:]
            for campaign in campaigns {
                let (key, change) = try upsertCampaign(campaign, source: sources[campaign.id], stamp: stamp)
                campaignKeys[campaign.id] = key
                switch change {
                case .added: summary.campaignsAdded += 1
                case .updated: summary.campaignsUpdated += 1
                case .unchanged: summary.campaignsUnchanged += 1
                }
            }
            let stored = try storedEvents(inCampaigns: Array(campaignKeys.values), orIDs: Set(campaigns.flatMap { $0.events.map(\.id) }))
            let (operations, eventSummary) = ImportPlanner.plan(incoming: campaigns, stored: stored)
            let ends = Dictionary(campaigns.map { ($0.id, $0.end) }, uniquingKeysWith: { a, _ in a })
            // Events whose campaign, channel or branch changes move their reach in the rollup.
            let before = Dictionary(stored.map { ($0.event.id, $0.event) }, uniquingKeysWith: { a, _ in a })
            var moved: [(Event, Event)] = []
            for case .update(let event, _) in operations {
                if let old = before[event.id], old.campaign != event.campaign || old.channel != event.channel || old.branch != event.branch {
                    moved.append((old, event))
                }
            }
            for operation in operations {
                switch operation {
                case .add(let event):
                    try insertEvent(event, campaignKey: campaignKeys[event.campaign] ?? 0, campaignEnd: ends[event.campaign] ?? event.timing.endDate, stamp: stamp)
                case .update(let event, let status):
                    try updateEvent(event, status: status, campaignKey: campaignKeys[event.campaign] ?? 0, campaignEnd: ends[event.campaign] ?? event.timing.endDate, stamp: stamp)
                case .cancelRemoved(let id):
                    try cancelRemoved(id, stamp: stamp)
                }
            }
            if !moved.isEmpty { try reattributeReach(moved) }
            try planNotices(after: operations, at: now)
            try settleWebEditsInTransaction(campaigns: campaigns.map(\.id), at: now)
            summary.eventsAdded = eventSummary.eventsAdded
            summary.eventsUpdated = eventSummary.eventsUpdated
            summary.eventsUnchanged = eventSummary.eventsUnchanged
            summary.eventsCancelled = eventSummary.eventsCancelled
            return summary
        }
    }

    private enum Change { case added, updated, unchanged }

    private func upsertCampaign(_ campaign: Campaign, source: String?, stamp: String) throws -> (Int, Change) {
        let columns = try CampaignColumns(campaign)
        let find = try connection.statement(
            "SELECT key, title, title_en, kind, start_date, end_date, owner, branches, segments, channels, notes, source_path FROM campaigns WHERE id = ?"
        )
        find.bindAll(campaign.id.rawValue)
        if try find.step() {
            let key = find.int(0)
            let current = CampaignColumns(
                title: find.text(1), titleEN: find.optionalText(2), kind: find.text(3), start: find.text(4),
                end: find.text(5), owner: find.text(6), branches: find.text(7), segments: find.text(8),
                channels: find.text(9), notes: find.optionalText(10))
            let sourceChanged = source != nil && find.optionalText(11) != source
            find.reset()
            guard current != columns || sourceChanged else { return (key, .unchanged) }
            let update = try connection.statement(
                """
                UPDATE campaigns SET title = ?, title_en = ?, kind = ?, start_date = ?, end_date = ?, owner = ?,
                branches = ?, segments = ?, channels = ?, notes = ?, source_path = coalesce(?, source_path), updated_at = ?
                WHERE key = ?
                """
            )
            update.bindAll(
                columns.title, columns.titleEN, columns.kind, columns.start, columns.end, columns.owner,
                columns.branches, columns.segments, columns.channels, columns.notes, source, stamp, key)
            try update.run()
            return (key, current != columns ? .updated : .unchanged)
        }
        find.reset()
        let insert = try connection.statement(
            """
            INSERT INTO campaigns (id, title, title_en, kind, start_date, end_date, owner, branches, segments, channels,
            notes, source_path, imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        insert.bindAll(
            campaign.id.rawValue, columns.title, columns.titleEN, columns.kind, columns.start, columns.end,
            columns.owner, columns.branches, columns.segments, columns.channels, columns.notes, source, stamp, stamp)
        try insert.run()
        return (Int(connection.lastInsertRowID), .added)
    }

    public func campaigns() throws -> [StoredCampaign] {
        try loadCampaigns(where: "1 = 1", bind: { _ in })
    }

    public func campaign(_ id: Campaign.ID) throws -> StoredCampaign? {
        guard var stored = try loadCampaigns(where: "id = ?", bind: { $0.bindAll(id.rawValue) }).first else {
            return nil
        }
        let events = try storedEvents(where: "e.campaign_key = (SELECT key FROM campaigns WHERE id = ?)") {
            $0.bindAll(id.rawValue)
        }
        stored.campaign.events = Self.inStartOrder(events).map(\.event)
        return stored
    }

    /// Campaign ids, for "Did you mean …?".
    public func campaignIDs() throws -> [Campaign.ID] {
        let statement = try connection.statement("SELECT id FROM campaigns ORDER BY id")
        var ids: [Campaign.ID] = []
        while try statement.step() { ids.append(Campaign.ID(statement.text(0))) }
        return ids
    }

    private func loadCampaigns(where condition: String, bind: (SQLiteStatement) -> Void) throws -> [StoredCampaign] {
        let statement = try connection.statement(
            """
            SELECT id, title, title_en, kind, start_date, end_date, owner, branches, segments, channels, notes,
            source_path, imported_at, updated_at FROM campaigns WHERE \(condition) ORDER BY start_date, id
            """
        )
        bind(statement)
        var result: [StoredCampaign] = []
        while try statement.step() {
            let columns = CampaignColumns(
                title: statement.text(1), titleEN: statement.optionalText(2), kind: statement.text(3),
                start: statement.text(4), end: statement.text(5), owner: statement.text(6),
                branches: statement.text(7), segments: statement.text(8), channels: statement.text(9),
                notes: statement.optionalText(10))
            let campaign = try columns.campaign(id: Campaign.ID(statement.text(0)))
            result.append(
                StoredCampaign(
                    campaign: campaign, sourcePath: statement.optionalText(11),
                    importedAt: Timestamp.date(from: statement.text(12)) ?? Date(timeIntervalSince1970: 0),
                    updatedAt: Timestamp.date(from: statement.text(13)) ?? Date(timeIntervalSince1970: 0)))
        }
        return result
    }

    // MARK: Events

    public func events(matching query: EventQuery) throws -> [StoredEvent] {
        var conditions: [String] = []
        var values: [String] = []
        if let from = query.from {
            conditions.append("e.last_date >= ?")
            values.append(from.description)
        }
        if let through = query.through {
            conditions.append("e.first_date <= ?")
            values.append(through.description)
        }
        if let campaign = query.campaign {
            conditions.append("e.campaign_key = (SELECT key FROM campaigns WHERE id = ?)")
            values.append(campaign.rawValue)
        }
        if let channel = query.channel {
            conditions.append("e.channel = ?")
            values.append(channel.rawValue)
        }
        let condition = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        // A window of more than a quarter matches most rows: a table scan beats walking the date index,
        // and the scan is split across cores, each part read on a connection of its own.
        let wide = query.from.flatMap { from in query.through.map { from.days(until: $0) > 92 } } ?? true
        let events: [StoredEvent]
        if wide, query.campaign == nil, let parallel = try parallelRead(where: condition, values: values) {
            events = parallel
        } else {
            events = try storedEvents(where: condition, indexed: !wide || query.campaign != nil) { statement in
                for (i, value) in values.enumerated() { statement.bind(Int32(i + 1), value) }
            }
        }
        return query.ordered ? Self.inStartOrder(events) : events
    }

    public func event(_ id: Event.ID) throws -> StoredEvent? {
        try storedEvents(where: "e.id = ?") { $0.bindAll(id.rawValue) }.first
    }

    /// Event ids, for "Did you mean …?".
    public func eventIDs() throws -> [Event.ID] {
        let statement = try connection.statement("SELECT id FROM events ORDER BY id")
        var ids: [Event.ID] = []
        while try statement.step() { ids.append(Event.ID(statement.text(0))) }
        return ids
    }

    public func eventCounts() throws -> [EventCount] {
        let statement = try connection.statement(
            """
            SELECT c.id, e.branch, count(*) FROM events e JOIN campaigns c ON c.key = e.campaign_key
            WHERE e.status <> 'cancelled' GROUP BY c.id, e.branch
            """)
        var counts: [EventCount] = []
        while try statement.step() {
            counts.append(EventCount(campaign: Campaign.ID(statement.text(0)), branch: Branch.ID(statement.text(1)), events: statement.int(2)))
        }
        return counts
    }

    public func setStatus(_ status: EventStatus, of id: Event.ID, reminders: ReminderPlanner?, at now: Date) throws
        -> StoredEvent
    {
        guard let current = try event(id) else {
            throw StoreError.eventNotFound(id, suggestion: nearest(to: id.rawValue, in: try eventIDs().map(\.rawValue)).map { Event.ID($0) })
        }
        guard current.event.status.canChange(to: status) else {
            throw StoreError.statusChange(id, from: current.event.status, to: status)
        }
        guard current.event.status != status else { return current }
        let stamp = Timestamp.string(from: now)
        let saved = notifyConfiguration
        notifyConfiguration = reminders?.configuration
        defer { notifyConfiguration = saved }
        try connection.transaction {
            let update = try connection.statement("UPDATE events SET status = ?, updated_at = ? WHERE id = ?")
            update.bindAll(status.rawValue, stamp, id.rawValue)
            try update.run()
            let history = try connection.statement(
                "INSERT INTO event_history (event_key, at, change, old_status, new_status) SELECT key, ?, 'status', ?, ? FROM events WHERE id = ?"
            )
            history.bindAll(stamp, current.event.status.rawValue, status.rawValue, id.rawValue)
            try history.run()
            try planNotices(forEvents: [id], at: now)
        }
        return try event(id) ?? current
    }

    private static let eventColumns = """
        e.id, e.campaign_key, e.title, e.title_en, e.channel, e.venue, e.branch, e.all_day, e.starts, e.ends, e.rrule,
        e.except_dates, e.staff, e.expected_reach, e.capacity, e.status, e.notes, e.file_status, e.removed, e.updated_at
        """

    /// What each event row needs from its campaign, read once per query instead of joined per row.
    private struct CampaignInfo: Sendable {
        var id: Campaign.ID
        var title: BilingualName
        var start: LocalDate?
        var end: LocalDate?
    }

    private func campaignInfo() throws -> [Int: CampaignInfo] {
        let statement = try connection.statement("SELECT key, id, title, title_en, start_date, end_date FROM campaigns")
        var result: [Int: CampaignInfo] = [:]
        while try statement.step() {
            result[statement.int(0)] = CampaignInfo(
                id: Campaign.ID(statement.text(1)), title: BilingualName(zh: statement.text(2), en: statement.optionalText(3)),
                start: LocalDate(statement.text(4)), end: LocalDate(statement.text(5)))
        }
        return result
    }

    /// Events in the order they happen: first day, start, id.
    static func inStartOrder(_ events: [StoredEvent]) -> [StoredEvent] {
        let keys = events.map { stored -> Int in
            let timing = stored.event.timing
            if case .timed(let start, _) = timing { return start.minuteNumber }
            return timing.startDate.dayNumber * 1440 - 1
        }
        let order = events.indices.sorted {
            keys[$0] != keys[$1] ? keys[$0] < keys[$1] : events[$0].event.id < events[$1].event.id
        }
        return order.map { events[$0] }
    }

    func storedEvents(where condition: String, indexed: Bool = true, bind: (SQLiteStatement) -> Void) throws
        -> [StoredEvent]
    {
        let campaigns = try campaignInfo()
        let table = indexed ? "events e" : "events e NOT INDEXED"
        let statement = try connection.statement("SELECT \(Self.eventColumns) FROM \(table) WHERE \(condition)")
        bind(statement)
        return try Self.readEvents(statement, campaigns: campaigns)
    }

    private static func readEvents(_ statement: SQLiteStatement, campaigns: [Int: CampaignInfo]) throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        while try statement.step() {
            guard let campaign = campaigns[statement.int(1)] else { continue }
            result.append(try readEvent(statement, campaign: campaign))
        }
        return result
    }

    /// Reads a large set of events in key ranges on parallel read-only connections (WAL lets readers run
    /// side by side). Nil for small tables, an in-memory database, or inside a transaction.
    private func parallelRead(where condition: String, values: [String]) throws -> [StoredEvent]? {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard workers > 1, path != ":memory:", !connection.isInTransaction else { return nil }
        let bounds = try connection.statement("SELECT min(key), max(key), count(*) FROM events")
        defer { bounds.reset() }
        guard try bounds.step(), bounds.int(2) > 20_000 else { return nil }
        let low = bounds.int(0), high = bounds.int(1)
        bounds.reset()
        let campaigns = try campaignInfo()
        let span = (high - low) / workers + 1
        let path = self.path
        // One part per core: each reads its key range on its own read-only connection.
        return try chunkedMap(Array(0..<workers), minimumChunk: 1) { parts throws(any Error) -> [StoredEvent] in
            try parts.flatMap { part in
                let reader = try SQLiteConnection(path: path, readOnly: true)
                try reader.execute(Self.memory(bulkWrite: false))
                let statement = try reader.statement(
                    "SELECT \(Self.eventColumns) FROM events e WHERE e.key BETWEEN ? AND ? AND \(condition)")
                statement.bind(1, low + part * span)
                statement.bind(2, low + (part + 1) * span - 1)
                for (i, value) in values.enumerated() { statement.bind(Int32(i + 3), value) }
                return try Self.readEvents(statement, campaigns: campaigns)
            }
        }
    }

    private func storedEvents(inCampaigns keys: [Int], orIDs ids: Set<Event.ID>) throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        var seen = Set<Event.ID>()
        for key in keys {
            for stored in try storedEvents(where: "e.campaign_key = ?", bind: { $0.bind(1, key) }) {
                seen.insert(stored.event.id)
                result.append(stored)
            }
        }
        // Events that moved here from another campaign.
        let all = try connection.statement("SELECT id FROM events")
        var elsewhere: [String] = []
        while try all.step() {
            let id = Event.ID(all.text(0))
            if ids.contains(id), !seen.contains(id) { elsewhere.append(id.rawValue) }
        }
        for id in elsewhere {
            result += try storedEvents(where: "e.id = ?") { $0.bindAll(id) }
        }
        return result
    }

    private static func readEvent(_ s: SQLiteStatement, campaign: CampaignInfo) throws -> StoredEvent {
        let timing: Event.Timing
        if s.int(7) != 0, let start = LocalDate(utf8: s.bytes(8)), let end = LocalDate(utf8: s.bytes(9)) {
            timing = .allDay(start: start, end: end)
        } else if let start = LocalDateTime(utf8: s.bytes(8)), let end = LocalDateTime(utf8: s.bytes(9)) {
            timing = .timed(start: start, end: end)
        } else {
            throw StoreError.database("event '\(s.text(0))' has unreadable times '\(s.text(8))' and '\(s.text(9))'")
        }
        let rule = try s.optionalText(10).map { try RecurrenceRule.parse($0) }
        let except = s.bytes(11).split(separator: UInt8(ascii: " ")).compactMap { LocalDate(utf8: UnsafeBufferPointer(rebasing: $0)) }
        let staffBytes = s.bytes(12)
        let staff = staffBytes.isEmpty
            ? [] : staffBytes.split(separator: 0x1F, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let event = Event(
            id: Event.ID(s.text(0)), campaign: campaign.id, title: BilingualName(zh: s.text(2), en: s.optionalText(3)),
            channel: Channel.ID(s.text(4)), venue: Venue.ID(s.text(5)), branch: Branch.ID(s.text(6)), timing: timing,
            recurrence: rule, exceptDates: except, staff: staff, expectedReach: s.optionalInt(13),
            capacity: s.optionalInt(14), status: Self.status(s.bytes(15)), notes: s.optionalText(16))
        return StoredEvent(
            event: event, fileStatus: Self.status(s.bytes(17)), isRemovedFromFile: s.int(18) != 0,
            campaignTitle: campaign.title, campaignStart: campaign.start, campaignEnd: campaign.end ?? event.timing.endDate,
            updatedAt: Timestamp.date(utf8: s.bytes(19)) ?? Date(timeIntervalSince1970: 0))
    }

    /// A status from its stored text, without making a string.
    private static func status(_ bytes: UnsafeBufferPointer<UInt8>) -> EventStatus {
        switch bytes.first {
        case UInt8(ascii: "c"): bytes.count > 1 && bytes[1] == UInt8(ascii: "o") ? .confirmed : .cancelled
        case UInt8(ascii: "d"): .done
        default: .planned
        }
    }

    func insertEvent(_ event: Event, campaignKey: Int, campaignEnd: LocalDate, stamp: String) throws {
        let statement = try connection.statement(
            """
            INSERT INTO events (id, campaign_key, title, title_en, channel, venue, branch, all_day, starts, ends, rrule,
            except_dates, staff, expected_reach, capacity, notes, file_status, status, removed, first_date, last_date,
            updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
            """
        )
        let c = EventColumns(event, campaignEnd: campaignEnd)
        statement.bindAll(
            event.id.rawValue, campaignKey, event.title.zh, event.title.en, event.channel.rawValue, event.venue.rawValue,
            event.branch.rawValue, c.allDay, c.starts, c.ends, c.rrule, c.except, c.staff, event.expectedReach,
            event.capacity, event.notes, event.status.rawValue, event.status.rawValue, c.first, c.last, stamp)
        try statement.run()
        let history = try connection.statement(
            "INSERT INTO event_history (event_key, at, change, old_status, new_status) VALUES (?, ?, 'added', NULL, ?)")
        history.bindAll(Int(connection.lastInsertRowID), stamp, event.status.rawValue)
        try history.run()
    }

    func updateEvent(_ event: Event, status: EventStatus, campaignKey: Int, campaignEnd: LocalDate, stamp: String) throws {
        let statement = try connection.statement(
            """
            UPDATE events SET campaign_key = ?, title = ?, title_en = ?, channel = ?, venue = ?, branch = ?, all_day = ?,
            starts = ?, ends = ?, rrule = ?, except_dates = ?, staff = ?, expected_reach = ?, capacity = ?, notes = ?,
            file_status = ?, status = ?, removed = 0, first_date = ?, last_date = ?, updated_at = ? WHERE id = ?
            """
        )
        let c = EventColumns(event, campaignEnd: campaignEnd)
        statement.bindAll(
            campaignKey, event.title.zh, event.title.en, event.channel.rawValue, event.venue.rawValue,
            event.branch.rawValue, c.allDay, c.starts, c.ends, c.rrule, c.except, c.staff, event.expectedReach,
            event.capacity, event.notes, event.status.rawValue, status.rawValue, c.first, c.last, stamp,
            event.id.rawValue)
        try statement.run()
        let history = try connection.statement(
            "INSERT INTO event_history (event_key, at, change, old_status, new_status) SELECT key, ?, 'updated', NULL, ? FROM events WHERE id = ?"
        )
        history.bindAll(stamp, status.rawValue, event.id.rawValue)
        try history.run()
    }

    private func cancelRemoved(_ id: Event.ID, stamp: String) throws {
        let history = try connection.statement(
            "INSERT INTO event_history (event_key, at, change, old_status, new_status) SELECT key, ?, 'removed', status, 'cancelled' FROM events WHERE id = ?"
        )
        history.bindAll(stamp, id.rawValue)
        try history.run()
        let statement = try connection.statement(
            "UPDATE events SET status = 'cancelled', removed = 1, updated_at = ? WHERE id = ?")
        statement.bindAll(stamp, id.rawValue)
        try statement.run()
    }
}

/// A campaign's columns as stored; lists are JSON arrays.
struct CampaignColumns: Equatable {
    var title: String
    var titleEN: String?
    var kind: String
    var start: String
    var end: String
    var owner: String
    var branches: String
    var segments: String
    var channels: String
    var notes: String?

    init(
        title: String, titleEN: String?, kind: String, start: String, end: String, owner: String, branches: String,
        segments: String, channels: String, notes: String?
    ) {
        self.title = title
        self.titleEN = titleEN
        self.kind = kind
        self.start = start
        self.end = end
        self.owner = owner
        self.branches = branches
        self.segments = segments
        self.channels = channels
        self.notes = notes
    }

    init(_ campaign: Campaign) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        self.init(
            title: campaign.title.zh, titleEN: campaign.title.en, kind: campaign.kind.rawValue,
            start: campaign.start.description, end: campaign.end.description, owner: campaign.owner.rawValue,
            branches: try json(campaign.branches), segments: try json(campaign.segments),
            channels: try json(campaign.channels), notes: campaign.notes)
    }

    func campaign(id: Campaign.ID) throws -> Campaign {
        let decoder = JSONDecoder()
        guard let start = LocalDate(start), let end = LocalDate(end) else {
            throw StoreError.database("campaign '\(id)' has unreadable dates")
        }
        return Campaign(
            id: id, title: BilingualName(zh: title, en: titleEN), kind: CampaignKind.ID(kind), start: start, end: end,
            owner: Branch.ID(owner), branches: try decoder.decode([Branch.ID].self, from: Data(branches.utf8)),
            segments: try decoder.decode([Campaign.SegmentTarget].self, from: Data(segments.utf8)),
            channels: try decoder.decode([Channel.ID].self, from: Data(channels.utf8)), notes: notes)
    }
}

/// An event's derived columns.
struct EventColumns {
    var allDay: Int
    var starts: String
    var ends: String
    var rrule: String?
    var except: String
    var staff: String
    var first: String
    var last: String

    init(_ event: Event, campaignEnd: LocalDate) {
        switch event.timing {
        case .timed(let start, let end):
            allDay = 0
            starts = start.description
            ends = end.description
        case .allDay(let start, let end):
            allDay = 1
            starts = start.description
            ends = end.description
        }
        rrule = event.recurrence?.description
        except = event.exceptDates.map(\.description).joined(separator: " ")
        staff = event.staff.joined(separator: "\u{1F}")
        let occurrences = event.occurrences(through: campaignEnd)
        first = (occurrences.first ?? event.timing).startDate.description
        last = (occurrences.last ?? event.timing).endDate.description
    }
}
