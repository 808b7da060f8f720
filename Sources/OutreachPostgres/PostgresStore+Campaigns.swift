import Foundation
import OutreachCore
import PostgresNIO

/// Reference data, campaigns and events. An import runs in one transaction that first takes an advisory lock, so
/// two imports (from two servers) do not interleave their read-compare-write of the same campaigns.
extension PostgresStore: CampaignStore {
    // MARK: Reference data

    public func referenceData() async throws -> ReferenceData? {
        try await reading { connection in try await Self.referenceData(on: connection) }
    }

    public func referenceDataWithoutVenues() async throws -> ReferenceData? {
        try await reading { connection in try await Self.referenceData(on: connection, venues: false) }
    }

    /// One JSON array per kind, in position order, decoded once per kind; venues, the many items, field by field
    /// (as the SQLite store reads them), unless one is not of the shape the fields expect.
    static func referenceData(on connection: PostgresConnection, venues withVenues: Bool = true) async throws -> ReferenceData? {
        let rows = try await connection.rows(
            "SELECT kind, json_agg(definition ORDER BY position)::text FROM reference_items WHERE kind <> 'venue' GROUP BY kind")
        var arrays: [String: Data] = [:]
        for row in rows {
            let (kind, json) = try row.decode((String, String).self)
            arrays[kind] = Data(json.utf8)
        }
        guard withVenues else {
            if arrays.isEmpty, try await connection.rows("SELECT 1 FROM reference_items WHERE kind = 'venue' LIMIT 1").first != nil {
                arrays["venue"] = Data("[]".utf8)  // reference data with venues only is still reference data
            }
            return try ReferenceItems.data(fromArrays: arrays, venues: [])
        }
        let venues = try await Self.venues(on: connection)
        if venues == nil {
            let all = try await connection.rows(
                "SELECT json_agg(definition ORDER BY position)::text FROM reference_items WHERE kind = 'venue'")
            if let json = try all.first?.decode(String?.self) { arrays["venue"] = Data(json.utf8) }
        } else if let venues, !venues.isEmpty, arrays.isEmpty {
            arrays["venue"] = Data("[]".utf8)  // reference data with venues only is still reference data
        }
        return try ReferenceItems.data(fromArrays: arrays, venues: venues)
    }

    /// The venues read field by field with jsonb operators (`ReferenceItems.venueFieldPaths`), in position order;
    /// nil when a definition is not exactly what those fields represent, for `JSONDecoder` to decode (and report).
    private static func venues(on connection: PostgresConnection) async throws -> [Venue]? {
        let paths = ReferenceItems.venueFieldPaths.map { "{" + $0.joined(separator: ",") + "}" }
        // Each field's JSON type (NULL when it is missing), then its value as text.
        let columns = paths.map { "jsonb_typeof(definition #> '\($0)'), definition #>> '\($0)'" }.joined(separator: ", ")
        let rows = try await connection.rows(
            PostgresQuery(
                unsafeSQL: "SELECT jsonb_typeof(definition), \(columns) FROM reference_items WHERE kind = 'venue' ORDER BY position"))
        var venues: [Venue] = []
        venues.reserveCapacity(rows.count)
        for row in rows {
            var cells = row.makeIterator()
            func next() throws -> String? { try cells.next()?.decode(String?.self) }
            guard try next() == "object" else { return nil }
            var fields: [ReferenceItems.Field] = []
            for _ in paths {
                let (type, value) = (try next(), try next())
                switch type {
                case nil, "null": fields.append(.absent)
                case "string": fields.append(value.map { .text($0) } ?? .other)
                // Only a plain integer: 1.5 or a number beyond 64 bits goes to JSONDecoder.
                case "number": fields.append(value.flatMap { Int($0) }.map { .integer($0) } ?? .other)
                default: fields.append(.other)
                }
            }
            guard let venue = ReferenceItems.venue(fields: fields) else { return nil }
            venues.append(venue)
        }
        return venues
    }

    public func replaceReferenceData(_ data: ReferenceData, at now: Date) async throws {
        let rows = try ReferenceItems.rows(of: data)
        let (k, i, p, d) = (rows.map(\.kind), rows.map(\.id), rows.map(\.position), rows.map(\.definition))
        let stamp = Timestamp.string(from: now)
        try await transaction { connection in
            try await connection.run("DELETE FROM reference_items")
            try await connection.run(
                """
                INSERT INTO reference_items (kind, id, position, definition)
                SELECT kind, id, position, definition::jsonb FROM unnest(\(k)::text[], \(i)::text[], \(p)::int[], \(d)::text[])
                    AS t (kind, id, position, definition)
                """)
            try await connection.run(
                """
                INSERT INTO reference_meta (name, value) VALUES ('loaded_at', \(stamp))
                ON CONFLICT (name) DO UPDATE SET value = excluded.value
                """)
        }
    }

    // MARK: Import

    public func importCampaigns(
        _ campaigns: [Campaign], sources: [Campaign.ID: String], reminders: ReminderPlanner?, at now: Date
    ) async throws -> ImportSummary {
        let nowMS = Self.ms(now)
        return try await transaction { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(7305, hashtext('campaign-import'))")
            var summary = ImportSummary()
            var campaignKeys: [Campaign.ID: Int64] = [:]
            for campaign in campaigns {
                let (key, change) = try await Self.upsertCampaign(campaign, source: sources[campaign.id], nowMS: nowMS, on: connection)
                campaignKeys[campaign.id] = key
                switch change {
                case .added: summary.campaignsAdded += 1
                case .updated: summary.campaignsUpdated += 1
                case .unchanged: summary.campaignsUnchanged += 1
                }
            }
            let incomingIDs = campaigns.flatMap { $0.events.map(\.id.rawValue) }
            let stored = try await Self.storedEvents(
                where: "e.campaign_key = ANY($1::bigint[]) OR e.id IN (SELECT unnest($2::text[]))",
                binds: { $0.append(Array(campaignKeys.values)); $0.append(incomingIDs) }, on: connection)
            let (operations, eventSummary) = ImportPlanner.plan(incoming: campaigns, stored: stored)
            let ends = Dictionary(campaigns.map { ($0.id, $0.end) }, uniquingKeysWith: { a, _ in a })
            // Events whose campaign, channel or branch changes move their reach in the rollup.
            let before = Dictionary(stored.map { ($0.event.id, $0.event) }, uniquingKeysWith: { a, _ in a })
            var moved: [(old: Event, new: Event)] = []
            for case .update(let event, _) in operations {
                if let old = before[event.id], old.campaign != event.campaign || old.channel != event.channel || old.branch != event.branch {
                    moved.append((old, event))
                }
            }
            // Added and edited events are written set-wise (a few statements per thousands of events).
            var added: [EventWrite] = [], updated: [EventWrite] = []
            for operation in operations {
                switch operation {
                case .add(let event):
                    added.append(EventWrite(
                        event: event, status: event.status, campaignKey: campaignKeys[event.campaign] ?? 0,
                        campaignEnd: ends[event.campaign] ?? event.timing.endDate))
                case .update(let event, let status):
                    updated.append(EventWrite(
                        event: event, status: status, campaignKey: campaignKeys[event.campaign] ?? 0,
                        campaignEnd: ends[event.campaign] ?? event.timing.endDate))
                case .cancelRemoved: break
                }
            }
            try await Self.insertEvents(added, nowMS: nowMS, on: connection)
            try await Self.updateEvents(updated, nowMS: nowMS, on: connection)
            for operation in operations {
                switch operation {
                case .add, .update: break
                case .cancelRemoved(let id):
                    try await connection.run(
                        """
                        WITH removed AS (
                            UPDATE events e SET status = 'cancelled', removed = true, updated_at = outreach_ts(\(nowMS))
                            FROM events old WHERE old.key = e.key AND e.id = \(id.rawValue) RETURNING e.key, old.status)
                        INSERT INTO event_history (event_key, at, change, old_status, new_status)
                        SELECT key, outreach_ts(\(nowMS)), 'removed', status, 'cancelled' FROM removed
                        """)
                }
            }
            try await Self.reattributeReach(moved, on: connection)
            if let reminders {
                let touched = operations.map { operation -> Event.ID in
                    switch operation {
                    case .add(let event), .update(let event, _): event.id
                    case .cancelRemoved(let id): id
                    }
                }
                try await Self.planNotices(forEvents: touched, with: reminders, at: now, on: connection)
            }
            try await Self.settleWebEdits(campaigns: campaigns.map(\.id), at: now, on: connection)
            summary.eventsAdded = eventSummary.eventsAdded
            summary.eventsUpdated = eventSummary.eventsUpdated
            summary.eventsUnchanged = eventSummary.eventsUnchanged
            summary.eventsCancelled = eventSummary.eventsCancelled
            return summary
        }
    }

    private enum Change { case added, updated, unchanged }

    private static let campaignColumns = """
        id, title, title_en, kind, to_char(start_date, 'YYYY-MM-DD'), to_char(end_date, 'YYYY-MM-DD'), owner,
        branches::text, segments::text, channels::text, notes, source_path, outreach_ms(imported_at), outreach_ms(updated_at)
        """

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func upsertCampaign(_ campaign: Campaign, source: String?, nowMS: Int64, on connection: PostgresConnection)
        async throws -> (Int64, Change)
    {
        let branches = try json(campaign.branches), segments = try json(campaign.segments), channels = try json(campaign.channels)
        let found = try await connection.rows(
            "SELECT key, \(unescaped: campaignColumns) FROM campaigns WHERE id = \(campaign.id.rawValue) FOR UPDATE")
        if let row = found.first {
            let key = try row.decode(Int64.self)
            let stored = try readCampaign(row, offset: 1)
            var current = stored.campaign
            current.events = campaign.events
            let sourceChanged = source != nil && stored.sourcePath != source
            guard current != campaign || sourceChanged else { return (key, .unchanged) }
            try await connection.run(
                """
                UPDATE campaigns SET title = \(campaign.title.zh), title_en = \(campaign.title.en), kind = \(campaign.kind.rawValue),
                start_date = \(campaign.start.description)::date, end_date = \(campaign.end.description)::date,
                owner = \(campaign.owner.rawValue), branches = \(branches)::jsonb, segments = \(segments)::jsonb,
                channels = \(channels)::jsonb, notes = \(campaign.notes), source_path = coalesce(\(source), source_path),
                updated_at = outreach_ts(\(nowMS)) WHERE key = \(key)
                """)
            return (key, current != campaign ? .updated : .unchanged)
        }
        let inserted = try await connection.rows(
            """
            INSERT INTO campaigns (id, title, title_en, kind, start_date, end_date, owner, branches, segments, channels,
            notes, source_path, imported_at, updated_at) VALUES (\(campaign.id.rawValue), \(campaign.title.zh),
            \(campaign.title.en), \(campaign.kind.rawValue), \(campaign.start.description)::date, \(campaign.end.description)::date,
            \(campaign.owner.rawValue), \(branches)::jsonb, \(segments)::jsonb, \(channels)::jsonb, \(campaign.notes), \(source),
            outreach_ts(\(nowMS)), outreach_ts(\(nowMS))) RETURNING key
            """)
        return (try inserted.first?.decode(Int64.self) ?? 0, .added)
    }

    /// A campaign row (without events) from `campaignColumns`, starting at `offset`.
    private static func readCampaign(_ row: PostgresRow, offset: Int = 0) throws -> StoredCampaign {
        var cells = Array(row).dropFirst(offset).makeIterator()
        func next<T: PostgresDecodable>(_ type: T.Type) throws -> T {
            guard let cell = cells.next() else { throw StoreError.database("campaign row is short") }
            return try cell.decode(T.self)
        }
        let id = Campaign.ID(try next(String.self))
        let title = BilingualName(zh: try next(String.self), en: try next(String?.self))
        let kind = CampaignKind.ID(try next(String.self))
        let startText = try next(String.self), endText = try next(String.self)
        let owner = Branch.ID(try next(String.self))
        let branches = try next(String.self), segments = try next(String.self), channels = try next(String.self)
        let notes = try next(String?.self)
        let source = try next(String?.self)
        let imported = try next(Int64.self), updated = try next(Int64.self)
        guard let start = LocalDate(startText), let end = LocalDate(endText) else {
            throw StoreError.database("campaign '\(id)' has unreadable dates")
        }
        let decoder = JSONDecoder()
        let campaign = Campaign(
            id: id, title: title, kind: kind, start: start, end: end, owner: owner,
            branches: try decoder.decode(Array<Branch.ID>.self, from: Data(branches.utf8)),
            segments: try decoder.decode(Array<Campaign.SegmentTarget>.self, from: Data(segments.utf8)),
            channels: try decoder.decode(Array<OutreachCore.Channel.ID>.self, from: Data(channels.utf8)), notes: notes)
        return StoredCampaign(campaign: campaign, sourcePath: source, importedAt: date(imported), updatedAt: date(updated))
    }

    // MARK: Reading campaigns and events

    public func campaigns() async throws -> [StoredCampaign] {
        try await reading { connection in
            try await connection.rows("SELECT \(unescaped: Self.campaignColumns) FROM campaigns ORDER BY start_date, id")
                .map { try Self.readCampaign($0) }
        }
    }

    public func campaign(_ id: Campaign.ID) async throws -> StoredCampaign? {
        try await reading { connection in
            guard let row = try await connection.rows(
                "SELECT \(unescaped: Self.campaignColumns) FROM campaigns WHERE id = \(id.rawValue)").first
            else { return nil }
            var stored = try Self.readCampaign(row)
            let events = try await Self.storedEvents(
                where: "e.campaign_key = (SELECT key FROM campaigns WHERE id = $1)", binds: { $0.append(id.rawValue) },
                on: connection)
            stored.campaign.events = Self.inStartOrder(events).map(\.event)
            return stored
        }
    }

    public func campaignIDs() async throws -> [Campaign.ID] {
        try await reading { connection in
            try await connection.rows("SELECT id FROM campaigns ORDER BY id").map { Campaign.ID(try $0.decode(String.self)) }
        }
    }

    public func events(matching query: EventQuery) async throws -> [StoredEvent] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let from = query.from {
            binds.append(from.description)
            conditions.append("e.last_date >= $\(binds.count)::date")
        }
        if let through = query.through {
            binds.append(through.description)
            conditions.append("e.first_date <= $\(binds.count)::date")
        }
        if let campaign = query.campaign {
            binds.append(campaign.rawValue)
            conditions.append("e.campaign_key = (SELECT key FROM campaigns WHERE id = $\(binds.count))")
        }
        if let channel = query.channel {
            binds.append(channel.rawValue)
            conditions.append("e.channel = $\(binds.count)")
        }
        let condition = conditions.isEmpty ? "true" : conditions.joined(separator: " AND ")
        let bound = binds
        let events = try await reading { connection in
            try await Self.storedEvents(where: condition, binds: { $0 = bound }, on: connection)
        }
        return query.ordered ? Self.inStartOrder(events) : events
    }

    public func event(_ id: Event.ID) async throws -> StoredEvent? {
        try await reading { connection in try await Self.event(id, on: connection) }
    }

    static func event(_ id: Event.ID, on connection: PostgresConnection) async throws -> StoredEvent? {
        try await storedEvents(where: "e.id = $1", binds: { $0.append(id.rawValue) }, on: connection).first
    }

    public func eventIDs() async throws -> [Event.ID] {
        try await reading { connection in
            try await connection.rows("SELECT id FROM events ORDER BY id").map { Event.ID(try $0.decode(String.self)) }
        }
    }

    public func eventCounts() async throws -> [EventCount] {
        try await reading { connection in
            try await connection.rows(
                """
                SELECT c.id, e.branch, count(*) FROM events e JOIN campaigns c ON c.key = e.campaign_key
                WHERE e.status <> 'cancelled' GROUP BY c.id, e.branch
                """
            ).map { row in
                let (campaign, branch, events) = try row.decode((String, String, Int).self)
                return EventCount(campaign: Campaign.ID(campaign), branch: Branch.ID(branch), events: events)
            }
        }
    }

    // MARK: Status

    public func setStatus(_ status: EventStatus, of id: Event.ID, reminders: ReminderPlanner?, at now: Date) async throws
        -> StoredEvent
    {
        try await transaction { connection in
            try await Self.changeStatus(status, of: id, reminders: reminders, at: now, on: connection).stored
        }
    }

    /// Changes an event's status inside the caller's transaction (the row locked for it); `changed` is false when
    /// the event already had it.
    static func changeStatus(
        _ status: EventStatus, of id: Event.ID, reminders: ReminderPlanner?, at now: Date, on connection: PostgresConnection
    ) async throws -> (stored: StoredEvent, before: EventStatus, changed: Bool) {
        try await connection.run("SELECT 1 FROM events WHERE id = \(id.rawValue) FOR UPDATE")
        guard let current = try await event(id, on: connection) else {
            let ids = try await connection.rows("SELECT id FROM events ORDER BY id").map { try $0.decode(String.self) }
            throw StoreError.eventNotFound(id, suggestion: nearest(to: id.rawValue, in: ids).map { Event.ID($0) })
        }
        guard current.event.status.canChange(to: status) else {
            throw StoreError.statusChange(id, from: current.event.status, to: status)
        }
        guard current.event.status != status else { return (current, current.event.status, false) }
        let nowMS = ms(now)
        try await connection.run(
            """
            WITH changed AS (UPDATE events SET status = \(status.rawValue), updated_at = outreach_ts(\(nowMS))
                WHERE id = \(id.rawValue) RETURNING key)
            INSERT INTO event_history (event_key, at, change, old_status, new_status)
            SELECT key, outreach_ts(\(nowMS)), 'status', \(current.event.status.rawValue), \(status.rawValue) FROM changed
            """)
        if let reminders { try await planNotices(forEvents: [id], with: reminders, at: now, on: connection) }
        return (try await event(id, on: connection) ?? current, current.event.status, true)
    }

    // MARK: Event rows

    private static let eventColumns = """
        e.id, c.id, e.title, e.title_en, e.channel, e.venue, e.branch, e.all_day,
        CASE WHEN e.all_day THEN to_char(e.starts, 'YYYY-MM-DD') ELSE to_char(e.starts, 'YYYY-MM-DD HH24:MI') END,
        CASE WHEN e.all_day THEN to_char(e.ends, 'YYYY-MM-DD') ELSE to_char(e.ends, 'YYYY-MM-DD HH24:MI') END,
        e.rrule, e.except_dates::text[], e.staff, e.expected_reach, e.capacity, e.status, e.notes, e.file_status,
        e.removed, outreach_ms(e.updated_at), c.title, c.title_en, to_char(c.start_date, 'YYYY-MM-DD'),
        to_char(c.end_date, 'YYYY-MM-DD')
        """

    /// Events (with what they need of their campaign) matching a condition over `e` (events) and `c` (campaigns),
    /// whose parameters `binds` appends as `$1`, `$2`, ….
    static func storedEvents(
        where condition: String, binds: (inout PostgresBindings) throws -> Void, on connection: PostgresConnection
    ) async throws -> [StoredEvent] {
        var bindings = PostgresBindings()
        try binds(&bindings)
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(eventColumns) FROM events e JOIN campaigns c ON c.key = e.campaign_key WHERE \(condition)",
            binds: bindings)
        return try await connection.rows(query).map(readEvent)
    }

    private static func readEvent(_ row: PostgresRow) throws -> StoredEvent {
        // Cell by cell in one pass (100,000 events are read for a reach import's checks).
        var cells = row.makeIterator()
        func next<T: PostgresDecodable>(_ type: T.Type) throws -> T {
            guard let cell = cells.next() else { throw StoreError.database("event row is short") }
            return try cell.decode(T.self)
        }
        let id = try next(String.self), campaignID = try next(String.self), title = try next(String.self)
        let titleEN = try next(String?.self), channel = try next(String.self), venue = try next(String.self)
        let branch = try next(String.self), allDay = try next(Bool.self), starts = try next(String.self)
        let ends = try next(String.self), rrule = try next(String?.self), except = try next([String].self)
        let staff = try next([String].self)
        let expected = try next(Int?.self), capacity = try next(Int?.self)
        let status = EventStatus(rawValue: try next(String.self)) ?? .planned
        let notes = try next(String?.self)
        let fileStatus = EventStatus(rawValue: try next(String.self)) ?? .planned
        let removed = try next(Bool.self)
        let updated = try next(Int64.self)
        let campaignTitle = BilingualName(zh: try next(String.self), en: try next(String?.self))
        let campaignStart = LocalDate(try next(String.self))
        let campaignEnd = LocalDate(try next(String.self))
        let timing: Event.Timing
        if allDay, let start = LocalDate(starts), let end = LocalDate(ends) {
            timing = .allDay(start: start, end: end)
        } else if !allDay, let start = LocalDateTime(starts), let end = LocalDateTime(ends) {
            timing = .timed(start: start, end: end)
        } else {
            throw StoreError.database("event '\(id)' has unreadable times '\(starts)' and '\(ends)'")
        }
        let event = Event(
            id: Event.ID(id), campaign: Campaign.ID(campaignID), title: BilingualName(zh: title, en: titleEN),
            channel: OutreachCore.Channel.ID(channel), venue: Venue.ID(venue), branch: Branch.ID(branch), timing: timing,
            recurrence: try rrule.map { try RecurrenceRule.parse($0) }, exceptDates: except.compactMap { LocalDate($0) },
            staff: staff, expectedReach: expected, capacity: capacity, status: status, notes: notes)
        return StoredEvent(
            event: event, fileStatus: fileStatus, isRemovedFromFile: removed, campaignTitle: campaignTitle,
            campaignStart: campaignStart, campaignEnd: campaignEnd ?? event.timing.endDate, updatedAt: date(updated))
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

    /// An event's columns derived for storage: its times as text for `timestamp`, its span's first and last day.
    private struct EventColumns {
        var allDay: Bool
        var starts: String
        var ends: String
        var first: String
        var last: String

        init(_ event: Event, campaignEnd: LocalDate) {
            switch event.timing {
            case .timed(let start, let end):
                allDay = false
                starts = start.description
                ends = end.description
            case .allDay(let start, let end):
                allDay = true
                starts = start.description
                ends = end.description
            }
            let occurrences = event.occurrences(through: campaignEnd)
            first = (occurrences.first ?? event.timing).startDate.description
            last = (occurrences.last ?? event.timing).endDate.description
        }
    }

    /// An event to write, with its campaign's key and last day and the status to store.
    struct EventWrite {
        var event: Event
        var status: EventStatus
        var campaignKey: Int64
        var campaignEnd: LocalDate
    }

    static func insertEvent(_ event: Event, campaignKey: Int64, campaignEnd: LocalDate, nowMS: Int64, on connection: PostgresConnection)
        async throws
    {
        try await insertEvents(
            [EventWrite(event: event, status: event.status, campaignKey: campaignKey, campaignEnd: campaignEnd)], nowMS: nowMS,
            on: connection)
    }

    static func updateEvent(
        _ event: Event, status: EventStatus, campaignKey: Int64, campaignEnd: LocalDate, nowMS: Int64,
        on connection: PostgresConnection
    ) async throws {
        try await updateEvents(
            [EventWrite(event: event, status: status, campaignKey: campaignKey, campaignEnd: campaignEnd)], nowMS: nowMS,
            on: connection)
    }

    /// The columns of many events as parallel arrays for `unnest` (postgres-nio binds no array holding NULL, so
    /// each optional column comes with a `has_…` array; lists are joined: except dates by spaces, staff by U+001F).
    private struct EventArrays {
        var ids: [String] = [], campaignKeys: [Int64] = [], titles: [String] = [], titlesEN: [String] = [], hasTitleEN: [Bool] = []
        var channels: [String] = [], venues: [String] = [], branches: [String] = [], allDay: [Bool] = []
        var starts: [String] = [], ends: [String] = [], rrules: [String] = [], hasRRule: [Bool] = []
        var except: [String] = [], staff: [String] = [], expected: [Int] = [], hasExpected: [Bool] = []
        var capacity: [Int] = [], hasCapacity: [Bool] = [], notes: [String] = [], hasNotes: [Bool] = []
        var fileStatus: [String] = [], status: [String] = [], first: [String] = [], last: [String] = []

        init(_ writes: ArraySlice<EventWrite>) {
            for write in writes {
                let event = write.event
                let c = EventColumns(event, campaignEnd: write.campaignEnd)
                ids.append(event.id.rawValue)
                campaignKeys.append(write.campaignKey)
                titles.append(event.title.zh)
                titlesEN.append(event.title.en ?? "")
                hasTitleEN.append(event.title.en != nil)
                channels.append(event.channel.rawValue)
                venues.append(event.venue.rawValue)
                branches.append(event.branch.rawValue)
                allDay.append(c.allDay)
                starts.append(c.starts)
                ends.append(c.ends)
                rrules.append(event.recurrence?.description ?? "")
                hasRRule.append(event.recurrence != nil)
                except.append(event.exceptDates.map(\.description).joined(separator: " "))
                staff.append(event.staff.joined(separator: "\u{1F}"))
                expected.append(event.expectedReach ?? 0)
                hasExpected.append(event.expectedReach != nil)
                capacity.append(event.capacity ?? 0)
                hasCapacity.append(event.capacity != nil)
                notes.append(event.notes ?? "")
                hasNotes.append(event.notes != nil)
                fileStatus.append(event.status.rawValue)
                status.append(write.status.rawValue)
                first.append(c.first)
                last.append(c.last)
            }
        }

        /// The arrays as `$1` … `$25`, in the order of `source`.
        var bindings: PostgresBindings {
            var b = PostgresBindings()
            b.append(ids); b.append(campaignKeys); b.append(titles); b.append(titlesEN); b.append(hasTitleEN)
            b.append(channels); b.append(venues); b.append(branches); b.append(allDay); b.append(starts); b.append(ends)
            b.append(rrules); b.append(hasRRule); b.append(except); b.append(staff); b.append(expected)
            b.append(hasExpected); b.append(capacity); b.append(hasCapacity); b.append(notes); b.append(hasNotes)
            b.append(fileStatus); b.append(status); b.append(first); b.append(last)
            return b
        }

        /// `unnest(…) AS t (…)` over every column.
        static let source = """
            unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[],
                $9::boolean[], $10::text[], $11::text[], $12::text[], $13::boolean[], $14::text[], $15::text[], $16::bigint[],
                $17::boolean[], $18::bigint[], $19::boolean[], $20::text[], $21::boolean[], $22::text[], $23::text[],
                $24::text[], $25::text[])
            AS t (id, campaign_key, title, title_en, has_title_en, channel, venue, branch, all_day, starts, ends, rrule, has_rrule,
                except_dates, staff, expected_reach, has_expected_reach, capacity, has_capacity, notes, has_notes, file_status, status,
                first_date, last_date)
            """
    }

    /// The SQL of `EventArrays`' columns as stored values.
    private static let eventValues = """
        t.title, CASE WHEN t.has_title_en THEN t.title_en END, t.channel, t.venue, t.branch, t.all_day,
        t.starts::timestamp, t.ends::timestamp, CASE WHEN t.has_rrule THEN t.rrule END,
        string_to_array(t.except_dates, ' ')::date[], string_to_array(t.staff, E'\\x1F'),
        CASE WHEN t.has_expected_reach THEN t.expected_reach END, CASE WHEN t.has_capacity THEN t.capacity END,
        CASE WHEN t.has_notes THEN t.notes END, t.file_status, t.status, t.first_date::date, t.last_date::date
        """

    /// Adds events and their "added" history, a few thousand per statement.
    static func insertEvents(_ writes: [EventWrite], nowMS: Int64, on connection: PostgresConnection) async throws {
        for start in stride(from: 0, to: writes.count, by: 5_000) {
            let arrays = EventArrays(writes[start..<min(writes.count, start + 5_000)])
            let sql = """
                WITH added AS (
                    INSERT INTO events (id, campaign_key, title, title_en, channel, venue, branch, all_day, starts, ends, rrule,
                    except_dates, staff, expected_reach, capacity, notes, file_status, status, first_date, last_date, updated_at)
                    SELECT t.id, t.campaign_key, \(eventValues), outreach_ts(\(nowMS)) FROM \(EventArrays.source)
                    ORDER BY t.id RETURNING key, status)
                INSERT INTO event_history (event_key, at, change, old_status, new_status)
                SELECT key, outreach_ts(\(nowMS)), 'added', NULL, status FROM added
                """
            let query = PostgresQuery(unsafeSQL: sql, binds: arrays.bindings)
            try await connection.run(query)
        }
    }

    /// Updates events (their status set as given) and records "updated" in their history, a few thousand per statement.
    static func updateEvents(_ writes: [EventWrite], nowMS: Int64, on connection: PostgresConnection) async throws {
        for start in stride(from: 0, to: writes.count, by: 5_000) {
            let arrays = EventArrays(writes[start..<min(writes.count, start + 5_000)])
            let sql = """
                WITH updated AS (
                    UPDATE events e SET (campaign_key, title, title_en, channel, venue, branch, all_day, starts, ends, rrule,
                        except_dates, staff, expected_reach, capacity, notes, file_status, status, first_date, last_date,
                        removed, updated_at) = (t.campaign_key, \(eventValues), false, outreach_ts(\(nowMS)))
                    FROM \(EventArrays.source) WHERE e.id = t.id RETURNING e.key, e.status)
                INSERT INTO event_history (event_key, at, change, old_status, new_status)
                SELECT key, outreach_ts(\(nowMS)), 'updated', NULL, status FROM updated
                """
            let query = PostgresQuery(unsafeSQL: sql, binds: arrays.bindings)
            try await connection.run(query)
        }
    }
}
