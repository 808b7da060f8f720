import Foundation
import OutreachFormats

/// What a report groups by (`--by`).
public enum ReportDimension: String, CaseIterable, Hashable, Sendable {
    case campaign, channel, branch, segment, metric, month, week, day

    var isTime: Bool { self == .month || self == .week || self == .day }

    public func header(_ language: Language) -> String { ReportMessages.dimension(self).text(language) }
}

/// A report's question: which records (period, branch subtree, filters) grouped how.
public struct ReportRequest: Hashable, Sendable {
    public var period: ReportPeriod
    public var dimensions: [ReportDimension]
    /// Only records of this branch and below it; nil for the whole organisation.
    public var scope: Branch.ID?
    /// The tree level `branch` groups at; nil for the level just below the scope (sub-branches for the city).
    public var level: Branch.Level?
    public var campaign: Campaign.ID?
    public var channel: Channel.ID?
    public var segment: AudienceSegment.ID?

    public init(
        period: ReportPeriod, dimensions: [ReportDimension], scope: Branch.ID? = nil, level: Branch.Level? = nil,
        campaign: Campaign.ID? = nil, channel: Channel.ID? = nil, segment: AudienceSegment.ID? = nil
    ) {
        self.period = period
        self.dimensions = dimensions
        self.scope = scope
        self.level = level
        self.campaign = campaign
        self.channel = channel
        self.segment = segment
    }
}

/// A reach report: rows of grouped totals, each metric kept apart. People-reached metrics are also
/// summed as person-times (人次); other metrics (leaflets, plays, reads) are never added to them.
public struct ReachReport: Sendable {
    public struct Row: Sendable {
        /// One key per grouping dimension other than `metric`: an id, or a period label.
        public var keys: [String]
        /// Totals per metric, in `ReachReport.metrics` order.
        public var values: [Int64]
        public var personTimes: Int64
        /// Target population of the row's segment (in the row's branch, or the scope), when known.
        public var population: Int?

        public var coverage: Double? { share?.fraction }

        /// Person-times of the target population, as whole numbers (shown without rounding twice).
        public var share: Share? { population.flatMap { Share(personTimes, of: Int64($0)) } }
    }

    public var request: ReportRequest
    /// The grouping dimensions other than `metric`, in request order.
    public var keyDimensions: [ReportDimension]
    /// The metrics that have records, people-reached ones first.
    public var metrics: [Metric]
    public var rows: [Row]
    public var totals: Row

    /// Whether each metric becomes its own row (`--by metric`).
    public var isLong: Bool { request.dimensions.contains(.metric) }
    public var showsCoverage: Bool { keyDimensions.contains(.segment) }
}

/// Rollup cuboid months loaded from a store, handed to report builders.
public struct ReachCubeReader: Sendable {
    private var loaded: [ReachCuboid: [Int: ReachCubeMonth]] = [:]
    private var loadedRanges: [ReachCuboid: [ClosedRange<Int>]] = [:]

    public init() {}

    /// Cells loaded, over every cuboid and month.
    public var cellCount: Int { loaded.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.keys.count } } }

    /// Adds a cuboid's months (as read for `range`).
    public mutating func add(_ cuboid: ReachCuboid, range: ClosedRange<Int>, months: [ReachCubeMonth]) {
        for month in months { loaded[cuboid, default: [:]][month.month] = month }
        loadedRanges[cuboid, default: []].append(range)
    }

    /// What a request needs that is not loaded yet.
    public func missing(for request: ReportRequest) -> [(cuboid: ReachCuboid, months: ClosedRange<Int>)] {
        ReachReportBuilder.sources(for: request).filter { source in
            !(loadedRanges[source.cuboid] ?? []).contains { $0.contains(source.months.lowerBound) && $0.contains(source.months.upperBound) }
        }
    }

    func cells(for request: ReportRequest) -> [(cuboid: ReachCuboid, months: [ReachCubeMonth])] {
        ReachReportBuilder.sources(for: request).map { source in
            (source.cuboid, source.months.compactMap { loaded[source.cuboid]?[$0] })
        }
    }
}

/// Builds reports from the rollup months, fast enough for any grouping over millions of records.
public enum ReachReportBuilder {
    public enum Failure: Error, Equatable, Sendable {
        case severalTimeDimensions([ReportDimension])
        /// The figures would add up beyond what a total can hold (counts over the limit, stored by an older
        /// version: `outreach reach verify` names them).
        case overflow
    }

    /// Which stored cuboids and months answer a request: the monthly cuboid with just the dimensions
    /// needed for whole months, a daily one for days, weeks and the partial months at either end.
    public static func sources(for request: ReportRequest) -> [(cuboid: ReachCuboid, months: ClosedRange<Int>)] {
        var mask: UInt8 = 0
        for dimension in request.dimensions {
            switch dimension {
            case .campaign: mask |= ReachCuboid.campaign
            case .channel: mask |= ReachCuboid.channel
            case .branch: mask |= ReachCuboid.branch
            case .segment: mask |= ReachCuboid.segment
            default: break
            }
        }
        if request.campaign != nil { mask |= ReachCuboid.campaign }
        if request.channel != nil { mask |= ReachCuboid.channel }
        if request.segment != nil { mask |= ReachCuboid.segment }
        if request.scope != nil { mask |= ReachCuboid.branch }
        let months = request.period.months
        if request.dimensions.contains(.day) || request.dimensions.contains(.week) {
            return [(ReachCuboid.daily(covering: mask), months)]
        }
        func whole(_ month: Int) -> Bool {
            let period = ReportPeriod.month(month)
            return request.period.start <= period.start && period.end <= request.period.end
        }
        var sources: [(ReachCuboid, ClosedRange<Int>)] = []
        let daily = ReachCuboid.daily(covering: mask)
        var low = months.lowerBound, high = months.upperBound
        if !whole(low) {
            sources.append((daily, low...low))
            low += 1
        }
        if high >= low, !whole(high) {
            sources.append((daily, high...high))
            high -= 1
        }
        if high >= low { sources.append((ReachCuboid(dimensions: mask, isDaily: false), low...high)) }
        return sources
    }

    /// Builds a report from cuboids already loaded (see `ReachCubeReader.missing(for:)`).
    public static func build(_ request: ReportRequest, cube: ReachCubeReader, codes: ReachCodes, reference: ReferenceData)
        throws(Failure) -> ReachReport
    {
        try build(request, cells: cube.cells(for: request), codes: codes, reference: reference)
    }

    /// - Parameters:
    ///   - cells: the months of the cuboids `sources(for:)` named.
    ///   - codes: the store's codes, to read cells.
    public static func build(
        _ request: ReportRequest, cells: [(cuboid: ReachCuboid, months: [ReachCubeMonth])], codes: ReachCodes,
        reference: ReferenceData
    ) throws(Failure) -> ReachReport {
        let times = request.dimensions.filter(\.isTime)
        guard times.count <= 1 else { throw .severalTimeDimensions(times) }
        // Every sum below adds some of these cells: when their magnitudes add up without overflow, so does each.
        do { try ReachSums.check(cells.lazy.flatMap(\.months)) } catch { throw .overflow }
        var keyDimensions: [ReportDimension] = []
        for dimension in request.dimensions where dimension != .metric && !keyDimensions.contains(dimension) {
            keyDimensions.append(dimension)
        }

        // Lookup tables indexed by code.
        let branchByCode = codes.branchesByCode
        let groupBranch = branchGrouping(request, reference: reference, codes: codes, branchByCode: branchByCode)
        // The branches reported under are numbered 0..<n for the groups (a few sub-branches rather than every
        // branch code), which keeps the group space small enough to count in a dense array.
        var branchOfGroup: [Int] = []
        var groupOfBranch = [Int](repeating: -1, count: groupBranch.count)
        var compactBranch = groupBranch
        for code in groupBranch.indices where groupBranch[code] >= 0 {
            let grouped = groupBranch[code]
            if groupOfBranch[grouped] < 0 {
                groupOfBranch[grouped] = branchOfGroup.count
                branchOfGroup.append(grouped)
            }
            compactBranch[code] = groupOfBranch[grouped]
        }
        let branchGroups = compactBranch
        let campaignFilter = request.campaign.map { codes.campaigns[$0] ?? -1 }
        let channelFilter = request.channel.map { codes.channels[$0] ?? -1 }
        let segmentFilter = request.segment.map { codes.segments[$0] ?? -1 }
        let first = request.period.start.dayNumber, last = request.period.end.dayNumber
        let has = Set(keyDimensions)
        let time = keyDimensions.first(where: \.isTime)

        // The group of a cell is a mixed-radix number over the grouping dimensions; the metric is the
        // last digit. Small spaces are counted in a dense array, large ones in a hash map.
        let width = (codes.metrics.values.max() ?? 0) + 1
        let timeBase = time.map { timeKey($0, day: first, month: ReachCubeMonth.index(of: request.period.start)) } ?? 0
        let timeSpan = time.map { timeKey($0, day: last, month: ReachCubeMonth.index(of: request.period.end)) - timeBase + 1 } ?? 1
        let radix = [
            has.contains(.campaign) ? (codes.campaigns.values.max() ?? 0) + 1 : 1,
            has.contains(.channel) ? (codes.channels.values.max() ?? 0) + 1 : 1,
            has.contains(.branch) ? max(1, branchOfGroup.count) : 1,
            has.contains(.segment) ? (codes.segments.values.max() ?? 0) + 1 : 1,
            timeSpan,
        ]
        let space = radix.reduce(width, *)
        let dense = space <= 1 << 20

        let work = cells.flatMap { source in source.months.map { (source.cuboid.isDaily, $0) } }
        let partials = chunkedMap(work, minimumChunk: 1) { slice -> [Tally] in
            var tally = Tally(width: width, denseSize: dense ? space : 0)
            for (isDaily, month) in slice {
                let period = ReportPeriod.month(month.month)
                let monthStart = period.start.dayNumber
                // Monthly cells stand for the whole month (their day is the 1st); sources() only gives whole months.
                let whole = !isDaily || (monthStart >= first && period.end.dayNumber <= last)
                month.keys.withUnsafeBufferPointer { keys in
                    month.totals.withUnsafeBufferPointer { totals in
                        for i in 0..<keys.count {
                            let cell = keys[i]
                            let day = monthStart + ReachCell.dayOfMonth(cell) - 1
                            if !whole, day < first || day > last { continue }
                            let branch = branchGroups[ReachCell.branch(cell)]
                            if branch < 0 { continue }
                            let campaign = ReachCell.campaign(cell), channel = ReachCell.channel(cell)
                            let segment = ReachCell.segment(cell)
                            if let campaignFilter, campaign != campaignFilter { continue }
                            if let channelFilter, channel != channelFilter { continue }
                            if let segmentFilter, segment != segmentFilter { continue }
                            var group = 0
                            if radix[0] > 1 { group = campaign }
                            if radix[1] > 1 { group = group * radix[1] + channel }
                            if radix[2] > 1 { group = group * radix[2] + branch }
                            if radix[3] > 1 { group = group * radix[3] + segment }
                            if let time { group = group * timeSpan + timeKey(time, day: day, month: month.month) - timeBase }
                            tally.add(totals[i], group: group, metric: ReachCell.metric(cell))
                        }
                    }
                }
            }
            return [tally]
        }
        let groups = Tally.merge(partials)

        // Columns: metrics with records, people-reached first, in seed order.
        var used = Set<Int>()
        groups.values.withUnsafeBufferPointer { values in
            for i in values.indices where values[i] != 0 { used.insert(i % width) }
        }
        let metrics = reference.metrics.filter { metric in codes.metrics[metric.id].map(used.contains) ?? false }
            .sorted { ($0.countsPeople ? 0 : 1) < ($1.countsPeople ? 0 : 1) }
        let columns = metrics.compactMap { codes.metrics[$0.id] }
        let people = metrics.map(\.countsPeople)

        // Each grouping dimension's labels and sort positions by code, made once: rows are then put in order
        // by integers and labelled from these tables, with no string made or compared per row.
        let labels = GroupLabels(
            request: request, codes: codes, reference: reference, branchByCode: branchByCode, time: time,
            timeBase: timeBase, timeSpan: timeSpan)
        let keyCount = keyDimensions.count
        let groupedBranches = has.contains(.branch) ? branchOfGroup : nil
        let digitsOf = groups.groups.map {
            Self.digits(of: $0, radix: radix, time: time != nil, timeSpan: timeSpan, branches: groupedBranches)
        }
        var order: [Int] = []
        order.reserveCapacity(groups.groups.count * keyCount)
        for digits in digitsOf {
            for dimension in keyDimensions { order.append(labels.position(dimension, digits)) }
        }
        let sortedIndices = order.withUnsafeBufferPointer { order in
            groups.groups.indices.sorted { a, b in
                for i in 0..<keyCount where order[a * keyCount + i] != order[b * keyCount + i] {
                    return order[a * keyCount + i] < order[b * keyCount + i]
                }
                return false
            }
        }
        var populations = PopulationCache(reference: reference, year: request.period.end.year)
        var rows: [ReachReport.Row] = []
        rows.reserveCapacity(groups.groups.count)
        for index in sortedIndices {
            let digits = digitsOf[index]
            let base = index * width
            var row = makeRow(
                keys: keyDimensions.map { labels.label($0, digits) }, values: columns.map { groups.values[base + $0] },
                people: people)
            if has.contains(.segment), let segmentID = labels.segment(digits[3]) {
                let branchCode = has.contains(.branch) ? digits[2] : -1
                let branchID = branchCode >= 0 ? labels.branch(branchCode) : nil
                row.population = populations.population(
                    of: segmentID, in: branchID ?? request.scope, key: digits[3] << 20 | (branchCode & 0xFFFFF))
            }
            rows.append(row)
        }
        var totalValues = [Int64](repeating: 0, count: columns.count)
        for row in rows { for i in row.values.indices { totalValues[i] += row.values[i] } }
        var totals = makeRow(keys: [], values: totalValues, people: people)
        if let segment = request.segment {
            totals.population = reference.population(of: segment, in: request.scope, year: request.period.end.year)
        }
        return ReachReport(request: request, keyDimensions: keyDimensions, metrics: metrics, rows: rows, totals: totals)
    }

    /// Undoes the mixed radix of a group number: campaign, channel, branch, segment, time (absolute).
    /// `branches` turns the group's branch number back into the branch code (nil when not grouped by branch).
    private static func digits(of group: Int, radix: [Int], time: Bool, timeSpan: Int, branches: [Int]?) -> GroupDigits {
        var rest = group
        var digits = GroupDigits()
        if time {
            digits[4] = rest % timeSpan
            rest /= timeSpan
        }
        for d in stride(from: 3, through: 0, by: -1) where radix[d] > 1 {
            digits[d] = rest % radix[d]
            rest /= radix[d]
        }
        if let branches { digits[2] = branches[digits[2]] }
        return digits
    }

    /// A group's codes (campaign, channel, branch, segment) and its time offset, without an array.
    struct GroupDigits {
        private var values: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)

        subscript(index: Int) -> Int {
            get {
                switch index {
                case 0: values.0
                case 1: values.1
                case 2: values.2
                case 3: values.3
                default: values.4
                }
            }
            set {
                switch index {
                case 0: values.0 = newValue
                case 1: values.1 = newValue
                case 2: values.2 = newValue
                case 3: values.3 = newValue
                default: values.4 = newValue
                }
            }
        }
    }

    /// Labels and sort positions of group digits, by code: ids for campaign, channel, branch and segment
    /// (in seed order where the seeds give one, then by id), period labels for time.
    struct GroupLabels {
        private var ids: [[String]] = []  // campaign, channel, branch, segment: label by code
        private var positions: [[Int]] = []  // the same: sort position by code
        private var segmentIDs: [AudienceSegment.ID?] = []
        private var branchIDs: [Branch.ID?] = []
        private var timeLabels: [String] = []
        private let timeBase: Int

        init(
            request: ReportRequest, codes: ReachCodes, reference: ReferenceData, branchByCode: [Int: Branch.ID],
            time: ReportDimension?, timeBase: Int, timeSpan: Int
        ) {
            self.timeBase = timeBase
            func table(_ byCode: [Int: String], ranks: [String: Int]) -> (labels: [String], positions: [Int]) {
                let size = (byCode.keys.max() ?? 0) + 1
                var labels = [String](repeating: "", count: size)
                for (code, id) in byCode { labels[code] = id }
                let ordered = (0..<size).sorted {
                    (ranks[labels[$0]] ?? Int.max, labels[$0], $0) < (ranks[labels[$1]] ?? Int.max, labels[$1], $1)
                }
                var positions = [Int](repeating: 0, count: size)
                // Codes with the same label share a position, as their rows would compare equal by label.
                var position = 0
                for (n, code) in ordered.enumerated() {
                    if n > 0, labels[ordered[n - 1]] != labels[code] { position = n }
                    positions[code] = position
                }
                return (labels, positions)
            }
            func ranks(_ ids: [String]) -> [String: Int] {
                Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            }
            let campaign = table(codes.campaignsByCode.mapValues(\.rawValue), ranks: [:])
            let channel = table(codes.channelsByCode.mapValues(\.rawValue), ranks: ranks(reference.channels.map(\.id.rawValue)))
            let branch = table(branchByCode.mapValues(\.rawValue), ranks: ranks(reference.branches.map(\.id.rawValue)))
            let segment = table(codes.segmentsByCode.mapValues(\.rawValue), ranks: ranks(reference.segments.map(\.id.rawValue)))
            ids = [campaign.labels, channel.labels, branch.labels, segment.labels]
            positions = [campaign.positions, channel.positions, branch.positions, segment.positions]
            let segments = codes.segmentsByCode, branches = branchByCode
            segmentIDs = (0..<segment.labels.count).map { segments[$0] }
            branchIDs = (0..<branch.labels.count).map { branches[$0] }
            if let time { timeLabels = (0..<timeSpan).map { ReachReportBuilder.timeLabel(time, $0 + timeBase) } }
        }

        private static func index(_ dimension: ReportDimension) -> Int? {
            switch dimension {
            case .campaign: 0
            case .channel: 1
            case .branch: 2
            case .segment: 3
            default: nil
            }
        }

        /// Time sorts by its value: period labels sort the same way.
        func position(_ dimension: ReportDimension, _ digits: GroupDigits) -> Int {
            guard let d = Self.index(dimension) else { return digits[4] }
            return digits[d] < positions[d].count ? positions[d][digits[d]] : Int.max
        }

        func label(_ dimension: ReportDimension, _ digits: GroupDigits) -> String {
            guard let d = Self.index(dimension) else { return timeLabels[digits[4]] }
            return digits[d] < ids[d].count ? ids[d][digits[d]] : ""
        }

        func segment(_ code: Int) -> AudienceSegment.ID? { code < segmentIDs.count ? segmentIDs[code] : nil }
        func branch(_ code: Int) -> Branch.ID? { code < branchIDs.count ? branchIDs[code] : nil }
    }

    private static func makeRow(keys: [String], values: [Int64], people: [Bool]) -> ReachReport.Row {
        var personTimes: Int64 = 0
        for i in values.indices where people[i] { personTimes += values[i] }
        return ReachReport.Row(keys: keys, values: values, personTimes: personTimes, population: nil)
    }

    /// Target populations looked up once per (segment, branch).
    struct PopulationCache {
        let reference: ReferenceData
        let year: Int
        var byCode: [Int: Int?] = [:]

        init(reference: ReferenceData, year: Int) {
            self.reference = reference
            self.year = year
        }

        /// `key` is a number the caller makes from the segment and branch codes, one per pair.
        mutating func population(of segment: AudienceSegment.ID, in branch: Branch.ID?, key: Int) -> Int? {
            if let value = byCode[key] { return value }
            let value = reference.population(of: segment, in: branch, year: year)
            byCode[key] = value
            return value
        }
    }

    /// For each branch code, the code it is reported under (its ancestor at the level), or -1 when the
    /// branch is outside the scope.
    static func branchGrouping(
        _ request: ReportRequest, reference: ReferenceData, codes: ReachCodes, branchByCode: [Int: Branch.ID]
    ) -> [Int] {
        var map = [Int](repeating: -1, count: ReachCell.maximumBranchCode + 1)
        let level = request.level ?? defaultLevel(below: request.scope, reference: reference)
        for (code, id) in branchByCode {
            let lineage = reference.lineage(of: id)
            if let scope = request.scope, !lineage.contains(scope) { continue }
            // The nearest branch at the level; a branch above the level stands for itself.
            let grouped = lineage.first { reference.branch($0)?.level == level } ?? id
            map[code] = codes.branches[grouped] ?? code
        }
        map[0] = request.scope == nil ? 0 : -1
        return map
    }

    /// The level just below a branch: sub-branches for the city branch, outlets for a sub-branch.
    public static func defaultLevel(below scope: Branch.ID?, reference: ReferenceData) -> Branch.Level {
        switch scope.flatMap({ reference.branch($0)?.level }) {
        case .subBranch?, .outlet?: .outlet
        default: .subBranch
        }
    }

    static func timeKey(_ dimension: ReportDimension, day: Int, month: Int) -> Int {
        switch dimension {
        case .day: day
        case .week: (day - 4) / 7  // weeks start on Monday; 1970-01-05 was one
        default: month
        }
    }

    /// `2027-03-15`, `2027-W11` or `2027-03`.
    static func timeLabel(_ dimension: ReportDimension, _ value: Int) -> String {
        switch dimension {
        case .day: return LocalDate(dayNumber: value).description
        case .week:
            let monday = LocalDate(dayNumber: value * 7 + 4)
            let (year, week) = isoWeek(monday)
            return "\(year)-W\(pad(week, 2))"
        default: return ReachCubeMonth.firstDay(ofMonth: value).monthDescription
        }
    }

    /// The ISO 8601 week-year and week number of a date.
    static func isoWeek(_ date: LocalDate) -> (Int, Int) {
        let thursday = date.adding(days: 4 - date.weekday)
        let january1 = LocalDate(year: thursday.year, month: 1, day: 1) ?? thursday
        return (thursday.year, january1.days(until: thursday) / 7 + 1)
    }
}

/// Totals per (group, metric): a dense array for small group spaces, else a hash map of slots.
struct Tally: Sendable {
    let width: Int
    /// Small group spaces: a dense array indexed by group and metric.
    private var dense: [Int64]
    /// Large ones: an open-addressing table keyed by `group * width + metric + 1`.
    private var sparse: CellTotals

    init(width: Int, denseSize: Int) {
        self.width = width
        dense = [Int64](repeating: 0, count: denseSize)
        sparse = CellTotals(capacity: denseSize > 0 ? 16 : 1 << 14)
    }

    mutating func add(_ value: Int64, group: Int, metric: Int) {
        if !dense.isEmpty {
            dense[group * width + metric] += value
        } else {
            sparse.add(value, to: UInt64(group * width + metric + 1))
        }
    }

    /// The groups with a non-zero total over all the tallies (made with the same sizes), each with its
    /// `width` totals, in `values` from `index * width`.
    static func merge(_ tallies: [Tally]) -> (groups: [Int], values: [Int64]) {
        guard var first = tallies.first else { return ([], []) }
        let width = first.width
        var groups: [Int] = []
        var values: [Int64] = []
        if !first.dense.isEmpty {
            first.dense.withUnsafeMutableBufferPointer { sum in
                for other in tallies.dropFirst() {
                    other.dense.withUnsafeBufferPointer { add in
                        for i in 0..<sum.count { sum[i] += add[i] }
                    }
                }
                for group in 0..<(sum.count / width) {
                    let base = group * width
                    guard (base..<(base + width)).contains(where: { sum[$0] != 0 }) else { continue }
                    groups.append(group)
                    values.append(contentsOf: UnsafeBufferPointer(rebasing: sum[base..<(base + width)]))
                }
            }
            return (groups, values)
        }
        // Group number to its position in `groups`, in an open-addressing table (keys from 1).
        var index = CellTotals(capacity: tallies.reduce(0) { $0 + $1.sparse.count } / 2)
        for tally in tallies {
            let (keys, totals) = tally.sparse.pairs()
            for (key, total) in zip(keys, totals) {
                let cell = Int(key) - 1
                let group = cell / width
                let slot = Int(index.total(of: UInt64(group + 1), insertingIfNew: Int64(groups.count)))
                if slot == groups.count {
                    groups.append(group)
                    values.append(contentsOf: repeatElement(0, count: width))
                }
                values[slot * width + cell % width] += total
            }
        }
        // Totals that cancelled out (a correction) leave a group of zeros: it is not reported.
        var kept: [Int] = []
        var keptValues: [Int64] = []
        for (slot, group) in groups.enumerated() where (0..<width).contains(where: { values[slot * width + $0] != 0 }) {
            kept.append(group)
            keptValues.append(contentsOf: values[(slot * width)..<((slot + 1) * width)])
        }
        return (kept, keptValues)
    }
}
