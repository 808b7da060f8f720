import Foundation

/// What a report groups by (`--by`).
public enum ReportDimension: String, CaseIterable, Hashable, Sendable {
    case campaign, channel, branch, segment, metric, month, week, day

    var isTime: Bool { self == .month || self == .week || self == .day }

    public func header(_ language: Language) -> String {
        switch (self, language) {
        case (.campaign, .zh): "宣传活动"
        case (.channel, .zh): "渠道"
        case (.branch, .zh): "机构"
        case (.segment, .zh): "客群"
        case (.metric, .zh): "指标"
        case (.month, .zh): "月份"
        case (.week, .zh): "周"
        case (.day, .zh): "日期"
        case (_, .en): rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }
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

        public var coverage: Double? {
            guard let population, population > 0 else { return nil }
            return Double(personTimes) / Double(population)
        }
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
        var keyDimensions: [ReportDimension] = []
        for dimension in request.dimensions where dimension != .metric && !keyDimensions.contains(dimension) {
            keyDimensions.append(dimension)
        }

        // Lookup tables indexed by code.
        let branchByCode = codes.branchesByCode
        let groupBranch = branchGrouping(request, reference: reference, codes: codes, branchByCode: branchByCode)
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
            has.contains(.branch) ? (codes.branches.values.max() ?? 0) + 1 : 1,
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
                            let branch = groupBranch[ReachCell.branch(cell)]
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
        var groups: [Int: [Int64]] = [:]
        for partial in partials { partial.collect(into: &groups) }

        // Columns: metrics with records, people-reached first, in seed order.
        var used = Set<Int>()
        for values in groups.values { for (code, value) in values.enumerated() where value != 0 { used.insert(code) } }
        groups = groups.filter { $0.value.contains { $0 != 0 } }
        let metrics = reference.metrics.filter { metric in codes.metrics[metric.id].map(used.contains) ?? false }
            .sorted { ($0.countsPeople ? 0 : 1) < ($1.countsPeople ? 0 : 1) }
        let columns = metrics.compactMap { codes.metrics[$0.id] }
        let people = metrics.map(\.countsPeople)

        let campaignByCode = codes.campaignsByCode, channelByCode = codes.channelsByCode
        let segmentByCode = codes.segmentsByCode
        var populations = PopulationCache(reference: reference, year: request.period.end.year)
        var rows: [ReachReport.Row] = []
        for (group, values) in groups {
            // Undo the mixed radix: time, segment, branch, channel, campaign.
            var rest = group
            var digits = [Int](repeating: 0, count: 5)
            if time != nil {
                digits[4] = rest % timeSpan + timeBase
                rest /= timeSpan
            }
            for d in stride(from: 3, through: 0, by: -1) where radix[d] > 1 {
                digits[d] = rest % radix[d]
                rest /= radix[d]
            }
            var keys: [String] = []
            var branchID: Branch.ID?
            var segmentID: AudienceSegment.ID?
            for dimension in keyDimensions {
                switch dimension {
                case .campaign: keys.append(campaignByCode[digits[0]]?.rawValue ?? "")
                case .channel: keys.append(channelByCode[digits[1]]?.rawValue ?? "")
                case .branch:
                    branchID = branchByCode[digits[2]]
                    keys.append(branchID?.rawValue ?? "")
                case .segment:
                    segmentID = segmentByCode[digits[3]]
                    keys.append(segmentID?.rawValue ?? "")
                case .month, .week, .day: keys.append(timeLabel(dimension, digits[4]))
                case .metric: continue
                }
            }
            var row = makeRow(keys: keys, values: columns.map { values[$0] }, people: people)
            if has.contains(.segment), let segmentID {
                row.population = populations.population(of: segmentID, in: branchID ?? request.scope)
            }
            rows.append(row)
        }
        rows = sorted(rows, keyDimensions, reference: reference)
        var totalValues = [Int64](repeating: 0, count: columns.count)
        for row in rows { for i in row.values.indices { totalValues[i] += row.values[i] } }
        var totals = makeRow(keys: [], values: totalValues, people: people)
        if let segment = request.segment { totals.population = populations.population(of: segment, in: request.scope) }
        return ReachReport(request: request, keyDimensions: keyDimensions, metrics: metrics, rows: rows, totals: totals)
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
        var known: [String: Int?] = [:]

        init(reference: ReferenceData, year: Int) {
            self.reference = reference
            self.year = year
        }

        mutating func population(of segment: AudienceSegment.ID, in branch: Branch.ID?) -> Int? {
            let key = "\(segment)|\(branch?.rawValue ?? "")"
            if let value = known[key] { return value }
            let value = reference.population(of: segment, in: branch, year: year)
            known[key] = value
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

    /// Rows in a natural order: time ascending, branches, channels and segments in seed order.
    static func sorted(_ rows: [ReachReport.Row], _ dimensions: [ReportDimension], reference: ReferenceData) -> [ReachReport.Row] {
        let ranks: [[String: Int]] = dimensions.map { dimension in
            switch dimension {
            case .branch: Dictionary(reference.branches.enumerated().map { ($1.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            case .channel: Dictionary(reference.channels.enumerated().map { ($1.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            case .segment: Dictionary(reference.segments.enumerated().map { ($1.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            default: [:]
            }
        }
        // Each dimension's distinct values are put in order once (reference order, then text); rows are then
        // sorted by those ordinals, without comparing strings.
        let width = dimensions.count
        var ordinals = [Int](repeating: 0, count: rows.count * width)
        for i in dimensions.indices {
            var position: [String: Int] = [:]
            for row in rows { position[row.keys[i]] = 0 }
            let ordered = position.keys.sorted { (ranks[i][$0] ?? Int.max, $0) < (ranks[i][$1] ?? Int.max, $1) }
            for (n, key) in ordered.enumerated() { position[key] = n }
            for (r, row) in rows.enumerated() { ordinals[r * width + i] = position[row.keys[i]] ?? 0 }
        }
        let order = ordinals.withUnsafeBufferPointer { ordinals in
            rows.indices.sorted { a, b in
                for i in 0..<width where ordinals[a * width + i] != ordinals[b * width + i] {
                    return ordinals[a * width + i] < ordinals[b * width + i]
                }
                return false
            }
        }
        return order.map { rows[$0] }
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

    /// Adds this tally's non-empty groups to `groups`.
    func collect(into groups: inout [Int: [Int64]]) {
        if !dense.isEmpty {
            dense.withUnsafeBufferPointer { dense in
                for group in 0..<(dense.count / width) {
                    let base = group * width
                    guard (base..<(base + width)).contains(where: { dense[$0] != 0 }) else { continue }
                    groups[group, default: [Int64](repeating: 0, count: width)].withUnsafeMutableBufferPointer { values in
                        for i in 0..<width { values[i] += dense[base + i] }
                    }
                }
            }
        } else {
            let (keys, totals) = sparse.pairs()
            for (key, total) in zip(keys, totals) {
                let cell = Int(key) - 1
                groups[cell / width, default: [Int64](repeating: 0, count: width)][cell % width] += total
            }
        }
    }
}
