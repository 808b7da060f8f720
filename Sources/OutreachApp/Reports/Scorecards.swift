import Foundation
import OutreachCore

/// Computes scorecards and bulletins from the store: the reach of the period, the monthly rollups, targets
/// and the bulletins already published.
///
/// - Throws: store errors, and `ReachSums.Overflow` when the stored figures add up beyond what a total holds.
public struct Scorecards: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData
    /// The day a scorecard is as of when none is given.
    public let today: LocalDate

    public init(store: any OutreachStore, reference: ReferenceData, today: LocalDate) {
        self.store = store
        self.reference = reference
        self.today = today
    }

    public func activity(from: LocalDate, through: LocalDate) async throws -> ReachActivity {
        try await activity(from: from, through: through, events: try await eventsByKey())
    }

    /// Every stored event by its store key: read once for the several periods of a bulletin or of the daily alerts
    /// (100,000 events took most of a second on PostgreSQL, each time).
    func eventsByKey() async throws -> [Int: StoredEvent] {
        async let keys = store.eventKeys()
        let events = try await store.events(matching: EventQuery(ordered: false))
        return Self.keyed(events, by: try await keys)
    }

    /// Events by their store key (an event the keys do not know is left out).
    private static func keyed(_ events: [StoredEvent], by keys: [Event.ID: Int]) -> [Int: StoredEvent] {
        var byKey: [Int: StoredEvent] = [:]
        for stored in events { if let key = keys[stored.event.id] { byKey[key] = stored } }
        return byKey
    }

    /// The reach of the period, with events already read.
    func activity(from: LocalDate, through: LocalDate, events: [Int: StoredEvent]) async throws -> ReachActivity {
        async let codes = store.reachCodes()
        let read = try await store.reachEntries(from: from, through: through)
        try ReachSums.check(read)
        return ReachActivity(events: events, entries: read, codes: try await codes)
    }

    /// The activity of some events alone (a campaign's page): their reach in the period and their held
    /// occurrences, without reading every event and every record of the period.
    public func activity(of events: [StoredEvent], from: LocalDate, through: LocalDate) async throws -> ReachActivity {
        async let codes = store.reachCodes()
        let byKey = Self.keyed(events, by: try await store.eventKeys())
        let read = try await store.reachEntries(events: byKey.keys.sorted(), from: from, through: through)
        try ReachSums.check(read)
        return ReachActivity(events: byKey, entries: read, codes: try await codes)
    }

    /// The monthly rollups with branch, and with branch and segment, which the scorecard and the bulletin
    /// read (always for whole months).
    public func cube(months: ClosedRange<Int>) async throws -> ReachCubeReader {
        var cube = ReachCubeReader()
        for dimensions in [ReachCuboid.branch, ReachCuboid.branch | ReachCuboid.segment] {
            let cuboid = ReachCuboid(dimensions: dimensions, isDaily: false)
            let read = try await store.reachCube(cuboid, months: months)
            // The scorecard and the bulletin add these cells up: checked once here (see ReachSums).
            try ReachSums.check(read)
            cube.add(cuboid, range: months, months: read)
        }
        return cube
    }

    public func scorecard(period: ReportPeriod, scope: Branch.ID?, asOf: LocalDate? = nil, scoringScope: Bool = false) async throws
        -> Scorecard
    {
        try await scorecard(period: period, scope: scope, asOf: asOf, scoringScope: scoringScope, activity: try await activity(in: period))
    }

    /// The reach of one period with only the events it looks up (see `eventsByKey(meeting:recordedIn:)`).
    func activity(in period: ReportPeriod) async throws -> ReachActivity {
        async let codes = store.reachCodes()
        let entries = try await store.reachEntries(from: period.start, through: period.end)
        try ReachSums.check(entries)
        let events = try await eventsByKey(meeting: period, recordedIn: entries)
        return ReachActivity(events: events, entries: entries, codes: try await codes)
    }

    /// How many events with reach in a period but no day in it are read one by one before every event is read instead.
    static let eventsReadAlone = 200

    /// The events a period's scorecard looks up: those whose span meets the period (their planned occurrences) and
    /// those with reach recorded in it, possibly on a day outside their span. A month's scorecard read every stored
    /// event before.
    func eventsByKey(meeting period: ReportPeriod, recordedIn entries: [ReachEntry]) async throws -> [Int: StoredEvent] {
        async let keysRead = store.eventKeys()
        let meeting = try await store.events(matching: EventQuery(from: period.start, through: period.end, ordered: false))
        let keys = try await keysRead
        var byKey = Self.keyed(meeting, by: keys)
        let missing = Set(entries.map(\.event)).subtracting(byKey.keys)
        guard !missing.isEmpty else { return byKey }
        guard missing.count <= Self.eventsReadAlone else { return try await eventsByKey() }
        for (id, key) in keys where missing.contains(key) {
            if let stored = try await store.event(id) { byKey[key] = stored }
        }
        return byKey
    }

    /// A scorecard with events already read.
    func scorecard(
        period: ReportPeriod, scope: Branch.ID?, asOf: LocalDate? = nil, scoringScope: Bool = false,
        events: [Int: StoredEvent]
    ) async throws -> Scorecard {
        try await scorecard(
            period: period, scope: scope, asOf: asOf, scoringScope: scoringScope,
            activity: try await activity(from: period.start, through: period.end, events: events))
    }

    /// A scorecard of the period's activity.
    private func scorecard(
        period: ReportPeriod, scope: Branch.ID?, asOf: LocalDate?, scoringScope: Bool, activity: ReachActivity
    ) async throws -> Scorecard {
        let cube = try await cube(months: period.months)
        let targets = try await store.targets()
        let query = PlanQuery(from: period.start, through: period.end)
        let planned = Planner.occurrences(of: Array(activity.events.values), matching: query, reference: reference)
        return Scorecard.build(
            period: period, scope: scope, asOf: asOf ?? today, reference: reference, targets: targets, cube: cube,
            activity: activity, planned: planned, scoringScope: scoringScope)
    }

    /// The bulletin published for a month (an index, `year * 12 + month - 1`) and branch, if any, with whether the
    /// month's figures changed since it was issued.
    public func publishedStatus(month: Int, scope: Branch.ID) async throws -> PublishedBulletinStatus? {
        let period = ReportPeriod.month(month)
        guard let published = try await store.bulletin(month: period.description, branch: scope) else { return nil }
        let current = BulletinFigures.compute(
            month: month, scope: scope, reference: reference, cube: try await cube(months: month...month),
            activity: try await activity(in: period))
        return PublishedBulletinStatus(published, current: current)
    }

    public func bulletin(month: Int, scope: Branch.ID) async throws -> Bulletin {
        let period = ReportPeriod.month(month)
        // Every period below (the month, the month before, the quarter, earlier bulletins' months) reads these.
        let events = try await eventsByKey()
        let activity = try await activity(from: period.start, through: period.end, events: events)
        let first = min(month - 5, (month / 12) * 12)
        let cube = try await cube(months: first...month)
        let previousActivity = try await self.activity(
            from: ReportPeriod.month(month - 1).start, through: ReportPeriod.month(month - 1).end, events: events)
        let previous = BulletinFigures.compute(month: month - 1, scope: scope, reference: reference, cube: cube, activity: previousActivity)
        // The quarter containing the month, as of the month's end (or today, if earlier).
        let quarter = ReportPeriod("\(period.start.year)-Q\((period.start.month - 1) / 3 + 1)") ?? period
        let scorecard = try await self.scorecard(
            period: quarter, scope: scope, asOf: min(today, period.end), scoringScope: true, events: events)
        var earlier: [(PublishedBulletin, BulletinFigures)] = []
        for published in try await store.bulletins(branch: scope) {
            guard let p = ReportPeriod(published.month), p.end < period.start else { continue }
            let index = ReachCubeMonth.index(of: p.start)
            let monthCube = try await self.cube(months: index...index)
            let monthActivity = try await self.activity(from: p.start, through: p.end, events: events)
            earlier.append((published, BulletinFigures.compute(month: index, scope: scope, reference: reference, cube: monthCube, activity: monthActivity)))
        }
        return OutreachCore.Bulletin.build(
            month: month, scope: scope, reference: reference, cube: cube, activity: activity, previous: previous,
            scorecard: scorecard, earlier: earlier)
    }
}

/// Off-track alerts on their cadence: one per chat group (listing every branch well behind the pro-rated
/// target), and none for a group alerted in the past seven days. A new alert supersedes an unsent (pending or
/// failed) alert of the same period to the same group: the old one is cancelled, so a group never hears stale
/// figures after fresh ones.
public struct OffTrackAlerts: Sendable {
    public let store: any OutreachStore
    public let configuration: NotifyConfiguration
    public let reference: ReferenceData

    public init(store: any OutreachStore, configuration: NotifyConfiguration, reference: ReferenceData) {
        self.store = store
        self.configuration = configuration
        self.reference = reference
    }

    /// What queuing did: alerts added, and of the earlier ones not sent yet, how many they replaced.
    public struct Queued: Equatable, Sendable {
        public var added: Int
        public var superseded: Int

        public init(added: Int, superseded: Int) {
            self.added = added
            self.superseded = superseded
        }
    }

    /// Queues the alerts of a scorecard that are due, cancelling the unsent ones they supersede.
    public func queue(_ scorecard: Scorecard, language: Language, at now: Date) async throws -> Queued {
        let (due, superseded) = try await prepare([scorecard], language: language, at: now)
        return Queued(added: try await store.enqueue(due, at: now), superseded: superseded)
    }

    /// The alerts of some scorecards (the most pressing period first) still due this week: at most one per group.
    public func due(_ scorecards: [Scorecard], language: Language, at now: Date) async throws -> [OutboxEntry] {
        try await due(scorecards, earlier: try await earlier(), language: language, at: now)
    }

    /// The day's alerts for the worker (`dailyNotices`): the scorecard of the quarter and of every target period
    /// running `today`, from the city branch down; the unsent alerts they supersede are cancelled, and the
    /// alerts to queue are returned.
    ///
    /// - Throws: store errors, and `ReachSums.Overflow` when the stored figures add up beyond what a total holds.
    public func daily(today: LocalDate, language: Language, at now: Date) async throws -> [OutboxEntry] {
        let targets = try await store.targets()
        guard !targets.isEmpty else { return [] }
        let quarter = ReportPeriod("\(today.year)-Q\((today.month - 1) / 3 + 1)")
        var periods: [ReportPeriod] = quarter.map { [$0] } ?? []
        for target in targets where target.period.contains(today) && !periods.contains(target.period) {
            periods.append(target.period)
        }
        let scorecards = Scorecards(store: store, reference: reference, today: today)
        var cards: [Scorecard] = []
        let events = try await scorecards.eventsByKey()
        for period in periods { cards.append(try await scorecards.scorecard(period: period, scope: nil, asOf: today, events: events)) }
        return try await prepare(cards, language: language, at: now).due
    }

    /// The due alerts, after cancelling the unsent alerts they supersede (how many).
    private func prepare(_ scorecards: [Scorecard], language: Language, at now: Date) async throws
        -> (due: [OutboxEntry], superseded: Int)
    {
        let earlier = try await earlier()
        let due = try await due(scorecards, earlier: earlier, language: language, at: now)
        var superseded = 0
        for key in ReportNotices.supersededAlerts(by: due, earlier: earlier) {
            superseded += try await store.cancelPending(key: key, at: now)
        }
        return (due, superseded)
    }

    private func earlier() async throws -> [OutboxDelivery] {
        try await store.deliveries(keyPrefix: Notice.offTrackKeyPrefix)
    }

    private func due(_ scorecards: [Scorecard], earlier: [OutboxDelivery], language: Language, at now: Date) async throws
        -> [OutboxEntry]
    {
        let entries = scorecards.flatMap { scorecard in
            ReportNotices.offTrackAlerts(scorecard, configuration: configuration, reference: reference, language: language, at: now)
        }
        guard let today = scorecards.first?.asOf, !entries.isEmpty else { return [] }
        return ReportNotices.dueAlerts(entries, earlier: earlier, today: today)
    }
}
