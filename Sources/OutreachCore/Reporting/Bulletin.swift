import Foundation

/// The figures of one month's bulletin for a branch, as published and compared later for restatements.
public struct BulletinFigures: Codable, Hashable, Sendable {
    public struct Count: Codable, Hashable, Sendable {
        public var id: String
        public var value: Int
    }

    public var month: String
    public var branch: String
    /// Occurrences held (see ``HeldOccurrence``), unplanned ones included.
    public var eventsHeld: Int
    /// Of `eventsHeld`, those no plan of the month has; nil when there are none.
    public var unplannedEvents: Int?
    public var eventsByChannel: [Count]
    /// People reached, person-times (人次).
    public var personTimes: Int
    public var personTimesBySegment: [Count]
    /// Metrics that do not count people (leaflets, reads, plays), each on its own.
    public var otherMetrics: [Count]

    /// Computes a month's figures for a branch and everything below it.
    ///
    /// - Parameters:
    ///   - cube: the month's rollup.
    ///   - activity: the month's records and the events.
    public static func compute(
        month: Int, scope: Branch.ID, reference: ReferenceData, cube: ReachCubeReader, activity: ReachActivity
    ) -> BulletinFigures {
        let period = ReportPeriod.month(month)
        let codes = activity.codes
        let report = try? ReachReportBuilder.build(
            ReportRequest(period: period, dimensions: [.segment], scope: scope), cube: cube, codes: codes, reference: reference)
        var bySegment: [Count] = []
        var personTimes = 0
        var other: [String: Int] = [:]
        for row in report?.rows ?? [] {
            personTimes += Int(row.personTimes)
            if row.personTimes > 0 { bySegment.append(Count(id: row.keys[0], value: Int(row.personTimes))) }
            for (i, metric) in (report?.metrics ?? []).enumerated() where !metric.countsPeople {
                other[metric.id.rawValue, default: 0] += Int(row.values[i])
            }
        }
        var byChannel: [String: Int] = [:]
        var held = 0, unplanned = 0
        for occurrence in activity.heldOccurrences(in: period) where reference.isWithin(occurrence.event.branch, scope) {
            held += 1
            if !occurrence.isPlanned { unplanned += 1 }
            byChannel[occurrence.event.channel.rawValue, default: 0] += 1
        }
        let channelOrder = reference.channels.map(\.id.rawValue)
        let metricOrder = reference.metrics.map(\.id.rawValue)
        return BulletinFigures(
            month: period.description, branch: scope.rawValue, eventsHeld: held, unplannedEvents: unplanned > 0 ? unplanned : nil,
            eventsByChannel: channelOrder.compactMap { id in byChannel[id].map { Count(id: id, value: $0) } },
            personTimes: personTimes, personTimesBySegment: bySegment,
            otherMetrics: metricOrder.compactMap { id in other[id].flatMap { $0 > 0 ? Count(id: id, value: $0) : nil } })
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public static func from(json: String) -> BulletinFigures? {
        try? JSONDecoder().decode(BulletinFigures.self, from: Data(json.utf8))
    }
}

/// The monthly bulletin (专刊): events held by channel, person-times by segment, coverage and targets,
/// the trend over previous months, top outlets, notable events, and restatements of earlier bulletins.
public struct Bulletin: Sendable {
    public struct Restatement: Hashable, Sendable {
        public var month: String
        /// `eventsHeld`, `personTimes`, `segment:<id>` or `metric:<id>`.
        public var measure: String
        public var old: Int
        public var new: Int
    }

    public struct NotableEvent: Hashable, Sendable {
        public var event: StoredEvent
        public var date: LocalDate
        public var personTimes: Int
    }

    public struct CoverageLine: Hashable, Sendable {
        public var segment: AudienceSegment.ID
        public var personTimesThisYear: Int
        public var population: Int?
        public var coverage: Double? { share?.fraction }

        /// Person-times this year of the target population, as whole numbers.
        public var share: Share? { population.flatMap { Share(Int64(personTimesThisYear), of: Int64($0)) } }
    }

    public var month: Int
    public var scope: Branch.ID
    public var figures: BulletinFigures
    public var previous: BulletinFigures?
    /// Person-times of this month and the five before it, oldest first.
    public var trend: [(month: String, personTimes: Int)]
    public var coverage: [CoverageLine]
    public var scorecard: Scorecard
    public var topOutlets: [(branch: Branch.ID, personTimes: Int)]
    public var notable: [NotableEvent]
    public var restatements: [Restatement]

    /// Earlier bulletins whose figures changed, as they should now be stated (for `--publish`).
    public var restated: [PublishedBulletin]

    /// - Parameters:
    ///   - cube: monthly rollups (with branch, and branch and segment) from January of the year, or six months
    ///     back if earlier, to the month.
    ///   - activity: the month's records and the events.
    ///   - earlier: for each published earlier month of this scope, the bulletin and the figures as they are now.
    public static func build(
        month: Int, scope: Branch.ID, reference: ReferenceData, cube: ReachCubeReader, activity: ReachActivity,
        previous: BulletinFigures?, scorecard: Scorecard, earlier: [(PublishedBulletin, BulletinFigures)]
    ) -> Bulletin {
        let figures = BulletinFigures.compute(month: month, scope: scope, reference: reference, cube: cube, activity: activity)
        let codes = activity.codes

        var trend: [(String, Int)] = []
        for m in (month - 5)...month {
            let report = try? ReachReportBuilder.build(
                ReportRequest(period: .month(m), dimensions: [], scope: scope), cube: cube, codes: codes, reference: reference)
            trend.append((ReportPeriod.month(m).description, Int(report?.totals.personTimes ?? 0)))
        }

        let yearStart = (month / 12) * 12
        let ytd = ReportPeriod(kind: .dates, start: ReachCubeMonth.firstDay(ofMonth: yearStart), end: ReportPeriod.month(month).end)
        let ytdReport = try? ReachReportBuilder.build(
            ReportRequest(period: ytd, dimensions: [.segment], scope: scope), cube: cube, codes: codes, reference: reference)
        let coverage = reference.segments.compactMap { segment -> CoverageLine? in
            let reached = Int(ytdReport?.rows.first { $0.keys[0] == segment.id.rawValue }?.personTimes ?? 0)
            let population = reference.population(of: segment.id, in: scope, year: month / 12)
            guard reached > 0 || population != nil else { return nil }
            return CoverageLine(segment: segment.id, personTimesThisYear: reached, population: population)
        }

        let outletReport = try? ReachReportBuilder.build(
            ReportRequest(period: .month(month), dimensions: [.branch], scope: scope, level: .outlet), cube: cube,
            codes: codes, reference: reference)
        let topOutlets = (outletReport?.rows ?? [])
            .filter { reference.branch(Branch.ID($0.keys[0]))?.level == .outlet && $0.personTimes > 0 }
            .sorted { $0.personTimes > $1.personTimes }.prefix(10)
            .map { (Branch.ID($0.keys[0]), Int($0.personTimes)) }

        let people = Set(reference.metrics.filter(\.countsPeople).compactMap { codes.metrics[$0.id] })
        var perEvent: [Int64: Int] = [:]  // (day, event) → person-times
        for entry in activity.entries where people.contains(entry.metric) { perEvent[entry.key >> 16, default: 0] += entry.count }
        let notable = perEvent.compactMap { pair, total -> NotableEvent? in
            guard let stored = activity.events[Int(pair & 0x0FFF_FFFF)], reference.isWithin(stored.event.branch, scope) else { return nil }
            let date = LocalDate(dayNumber: Int(pair >> 28))
            guard ReportPeriod.month(month).contains(date) else { return nil }
            return NotableEvent(event: stored, date: date, personTimes: total)
        }
        .sorted { $0.personTimes != $1.personTimes ? $0.personTimes > $1.personTimes : $0.event.event.id < $1.event.event.id }
        .prefix(5)

        var restatements: [Restatement] = []
        var restated: [PublishedBulletin] = []
        for (published, now) in earlier {
            guard let stated = BulletinFigures.from(json: published.stated) else { continue }
            let changes = differences(stated, now)
            guard !changes.isEmpty else { continue }
            restatements += changes.map { Restatement(month: published.month, measure: $0.0, old: $0.1, new: $0.2) }
            var updated = published
            updated.stated = now.json()
            restated.append(updated)
        }
        return Bulletin(
            month: month, scope: scope, figures: figures, previous: previous, trend: trend, coverage: coverage,
            scorecard: scorecard, topOutlets: Array(topOutlets), notable: Array(notable), restatements: restatements,
            restated: restated)
    }

    /// The measures that differ between two sets of figures: (measure, old, new).
    static func differences(_ old: BulletinFigures, _ new: BulletinFigures) -> [(String, Int, Int)] {
        var changes: [(String, Int, Int)] = []
        if old.eventsHeld != new.eventsHeld { changes.append(("eventsHeld", old.eventsHeld, new.eventsHeld)) }
        if old.personTimes != new.personTimes { changes.append(("personTimes", old.personTimes, new.personTimes)) }
        func compare(_ prefix: String, _ a: [BulletinFigures.Count], _ b: [BulletinFigures.Count]) {
            let before = Dictionary(a.map { ($0.id, $0.value) }, uniquingKeysWith: { x, _ in x })
            let after = Dictionary(b.map { ($0.id, $0.value) }, uniquingKeysWith: { x, _ in x })
            for id in Set(before.keys).union(after.keys).sorted() where before[id, default: 0] != after[id, default: 0] {
                changes.append(("\(prefix):\(id)", before[id, default: 0], after[id, default: 0]))
            }
        }
        compare("segment", old.personTimesBySegment, new.personTimesBySegment)
        compare("metric", old.otherMetrics, new.otherMetrics)
        return changes
    }
}
