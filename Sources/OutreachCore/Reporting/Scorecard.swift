import Foundation
import OutreachFormats

/// The inputs of reports that look at events as well as totals (scorecard, bulletin): events by the
/// store's key, and the records of the period.
public struct ReachActivity: Sendable {
    public var events: [Int: StoredEvent]
    public var entries: [ReachEntry]
    public var codes: ReachCodes

    public init(events: [Int: StoredEvent], entries: [ReachEntry], codes: ReachCodes) {
        self.events = events
        self.entries = entries
        self.codes = codes
    }

    /// The (event key, day) pairs that have records: occurrences held.
    public var heldDays: Set<Int64> { Set(entries.map { $0.key >> 16 }) }
}

/// A branch scorecard for a period (考核): events planned and held, person-times per segment against
/// targets, percent of target, and whether the branch is on track for the time elapsed.
public struct Scorecard: Sendable {
    public enum Status: String, Hashable, Sendable {
        case met, onTrack = "on-track", offTrack = "off-track", missed, notStarted = "not-started", noTarget = "no-target"

        public func text(_ language: Language) -> String { ReportMessages.scorecardStatus(self).text(language) }
    }

    /// One measure of one branch: events, or person-times of a segment.
    public struct Line: Hashable, Sendable {
        public var branch: Branch.ID
        /// nil for events held; a segment for person-times.
        public var segment: AudienceSegment.ID?
        public var planned: Int?
        public var achieved: Int
        public var target: Int?
        /// The target came from a longer period (a year) and was pro-rated to this one.
        public var isProRated: Bool
        public var status: Status
        /// Of the events held (`achieved`), those no plan of the period has: reach logged on a day none of the
        /// event's occurrences covers, or for a cancelled event. Always 0 for person-times.
        public var unplanned: Int = 0

        public var percentOfTarget: Double? {
            guard let target, target > 0 else { return nil }
            return Double(achieved) / Double(target)
        }
    }

    public var period: ReportPeriod
    public var asOf: LocalDate
    /// The share of the period elapsed (the pro-rata expectation).
    public var elapsed: Double
    public var lines: [Line]

    /// Lines that are off track (what the off-track alert notices report).
    public var offTrack: [Line] { lines.filter { $0.status == .offTrack } }

    /// Builds a scorecard for the branches directly below `scope` (the sub-branches of the city branch).
    ///
    /// - Parameters:
    ///   - cube: rollup cuboids covering the period (monthly with branch and segment).
    ///   - activity: events and the period's records.
    ///   - planned: the period's planned occurrences (cancelled ones left out).
    ///   - scoringScope: score `scope` itself first, then only those branches below it that have targets (a
    ///     sub-branch's bulletin shows its own target); the city branch, which has none, is never scored itself.
    public static func build(
        period: ReportPeriod, scope: Branch.ID?, asOf today: LocalDate, reference: ReferenceData, targets: [Target],
        cube: ReachCubeReader, activity: ReachActivity, planned: [PlannedOccurrence], scoringScope: Bool = false
    ) -> Scorecard {
        let root = scope ?? reference.branches.first { $0.parent == nil }?.id
        var branches = root.map { reference.children(of: $0).map(\.id) } ?? []
        if scoringScope, let root, reference.branch(root)?.parent != nil {
            let withTargets = Set(targets.map(\.branch))
            branches = [root] + branches.filter { withTargets.contains($0) }
        }
        let elapsed = period.elapsedShare(asOf: today)

        // Person-times per branch and segment from the rollup.
        let request = ReportRequest(period: period, dimensions: [.branch, .segment], scope: root)
        let report = try? ReachReportBuilder.build(request, cube: cube, codes: activity.codes, reference: reference)
        var personTimes: [String: Int64] = [:]
        for row in report?.rows ?? [] { personTimes["\(row.keys[0])|\(row.keys[1])", default: 0] += row.personTimes }
        if let root, branches.first == root {
            // The scope's own line: everything below it, whatever the level.
            let own = ReportRequest(period: period, dimensions: [.segment], scope: root)
            let ownReport = try? ReachReportBuilder.build(own, cube: cube, codes: activity.codes, reference: reference)
            for row in ownReport?.rows ?? [] { personTimes["\(root)|\(row.keys[0])"] = row.personTimes }
        }

        // Events held: occurrences (the unit of planned), with reach logged or, not recurring, marked done.
        var heldByBranch: [Branch.ID: Int] = [:]
        var unplannedByBranch: [Branch.ID: Int] = [:]
        for occurrence in activity.heldOccurrences(in: period) {
            for branch in branches where reference.isWithin(occurrence.event.branch, branch) {
                heldByBranch[branch, default: 0] += 1
                if !occurrence.isPlanned { unplannedByBranch[branch, default: 0] += 1 }
            }
        }
        var plannedByBranch: [Branch.ID: Int] = [:]
        for occurrence in planned {
            for branch in branches where reference.isWithin(occurrence.event.branch, branch) {
                plannedByBranch[branch, default: 0] += 1
            }
        }

        var lines: [Line] = []
        for branch in branches {
            let (eventTarget, eventsProRated) = target(for: branch, period: period, in: targets) { $0.events }
            let held = heldByBranch[branch] ?? 0
            lines.append(
                Line(
                    branch: branch, segment: nil, planned: plannedByBranch[branch] ?? 0, achieved: held, target: eventTarget,
                    isProRated: eventsProRated, status: status(held, eventTarget, elapsed: elapsed),
                    unplanned: unplannedByBranch[branch] ?? 0))
            let targetSegments = targets.filter { $0.branch == branch }.flatMap { $0.personTimes.map(\.segment) }
            let reachedSegments = reference.segments.map(\.id).filter { personTimes["\(branch)|\($0)", default: 0] > 0 }
            for segment in reference.segments.map(\.id) where targetSegments.contains(segment) || reachedSegments.contains(segment) {
                let (segmentTarget, proRated) = target(for: branch, period: period, in: targets) { target in
                    target.personTimes.first { $0.segment == segment }?.count
                }
                let achieved = Int(personTimes["\(branch)|\(segment)"] ?? 0)
                lines.append(
                    Line(
                        branch: branch, segment: segment, planned: nil, achieved: achieved, target: segmentTarget,
                        isProRated: proRated, status: status(achieved, segmentTarget, elapsed: elapsed)))
            }
        }
        return Scorecard(period: period, asOf: today, elapsed: elapsed, lines: lines)
    }

    /// The branch's target for the period: a target for exactly this period, else one for a period that
    /// contains it, pro-rated by days.
    static func target(for branch: Branch.ID, period: ReportPeriod, in targets: [Target], value: (Target) -> Int?)
        -> (Int?, Bool)
    {
        let own = targets.filter { $0.branch == branch }
        if let exact = own.first(where: { $0.period == period }), let v = value(exact) { return (v, false) }
        let containing = own.filter { $0.period.start <= period.start && period.end <= $0.period.end && value($0) != nil }
            .min { $0.period.dayCount < $1.period.dayCount }
        guard let containing, let v = value(containing) else { return (nil, false) }
        return (Int((Double(v) * Double(period.dayCount) / Double(containing.period.dayCount)).rounded()), true)
    }

    /// On track when the achievement is at least 90% of what the time elapsed calls for.
    static func status(_ achieved: Int, _ target: Int?, elapsed: Double) -> Status {
        guard let target else { return .noTarget }
        if achieved >= target { return .met }
        if elapsed >= 1 { return .missed }
        if elapsed <= 0 { return .notStarted }
        return Double(achieved) >= 0.9 * Double(target) * elapsed ? .onTrack : .offTrack
    }
}

/// Renders a scorecard as a table, CSV, JSON or Markdown.
public struct ScorecardRenderer: Sendable {
    public var scorecard: Scorecard
    public var reference: ReferenceData
    public var language: Language

    public init(scorecard: Scorecard, reference: ReferenceData, language: Language) {
        self.scorecard = scorecard
        self.reference = reference
        self.language = language
    }

    public var headers: [String] {
        ReportMessages.scorecardHeaders.map { $0.text(language) }
    }

    /// Text cells; `raw` keeps numbers plain (CSV) instead of grouped with thousands separators.
    public func rows(raw: Bool = false) -> [[String]] {
        let number: (Int) -> String = raw ? { String($0) } : { $0.groupedText }
        return scorecard.lines.map { line in
            let measure = line.segment.map { segment in
                ReportMessages.personTimesPrefix.text(language) + (reference.segment(segment)?.names.text(language) ?? segment.rawValue)
            } ?? ReportMessages.eventsHeld.text(language)
            let expected = line.target.map { number(Int((Double($0) * scorecard.elapsed).rounded())) } ?? "—"
            var achieved = number(line.achieved)
            if line.unplanned > 0 {
                achieved += ReportMessages.unplanned(count: number(line.unplanned)).text(language)
            }
            return [
                reference.branch(line.branch)?.names.text(language) ?? line.branch.rawValue, measure,
                line.planned.map(number) ?? "—", achieved,
                line.target.map { number($0) + (line.isProRated ? "*" : "") } ?? "—",
                line.percentOfTarget.map { String(format: "%.1f%%", $0 * 100) } ?? "—", expected, line.status.text(language),
            ]
        }
    }

    public var title: String {
        ReportMessages.scorecardTitle(period: scorecard.period, asOf: scorecard.asOf, elapsed: scorecard.elapsed).text(language)
    }

    public var footnote: String {
        ReportMessages.scorecardNote.text(language)
    }

    public func table() -> String {
        var alignments = [TextTable.Alignment](repeating: .right, count: headers.count)
        alignments[0] = .left
        alignments[1] = .left
        alignments[7] = .left
        return title + "\n" + TextTable(headers: headers, alignments: alignments, rows: rows()).render() + footnote + "\n"
    }

    public func csv(byteOrderMark: Bool) -> String {
        CSVWriter(includeByteOrderMark: byteOrderMark).document(header: headers, rows: rows(raw: true))
    }

    public func markdown() -> String {
        var out = "# \(title)\n\n| " + headers.joined(separator: " | ") + " |\n|"
        out += headers.indices.map { (2...6).contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows() { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out + "\n" + footnote + "\n"
    }

    public func json() -> String {
        let value: JSONValue = .object([
            ("period", .string(scorecard.period.description)), ("asOf", .string(scorecard.asOf.description)),
            ("elapsed", .double((scorecard.elapsed * 10000).rounded() / 10000)),
            ("lines", .array(scorecard.lines.map { line in
                .object([
                    ("branch", .string(line.branch.rawValue)), ("segment", .optional(line.segment?.rawValue)),
                    ("planned", .optional(line.planned)), ("achieved", .int(line.achieved)), ("target", .optional(line.target)),
                    ("proRated", .bool(line.isProRated)),
                    ("percentOfTarget", line.percentOfTarget.map { .double(($0 * 10000).rounded() / 10000) } ?? .null),
                    ("status", .string(line.status.rawValue)),
                    ("unplanned", line.segment == nil ? .int(line.unplanned) : .null),
                ])
            })),
        ])
        return value.serialized(pretty: true) + "\n"
    }
}
