/// How many people of a segment live in a branch's area in a year (the denominator of coverage, 覆盖率).
public struct Population: Hashable, Sendable, Codable {
    public var year: Int
    public var branch: Branch.ID
    public var segment: AudienceSegment.ID
    public var count: Int

    public init(year: Int, branch: Branch.ID, segment: AudienceSegment.ID, count: Int) {
        self.year = year
        self.branch = branch
        self.segment = segment
        self.count = count
    }
}

/// A branch's target for a period (考核目标): events to hold and person-times to reach per segment.
public struct Target: Hashable, Sendable, Codable {
    public var branch: Branch.ID
    public var period: ReportPeriod
    public var events: Int?
    public var personTimes: [SegmentCount]

    public struct SegmentCount: Hashable, Sendable, Codable {
        public var segment: AudienceSegment.ID
        public var count: Int
        public init(segment: AudienceSegment.ID, count: Int) {
            self.segment = segment
            self.count = count
        }
    }

    public init(branch: Branch.ID, period: ReportPeriod, events: Int? = nil, personTimes: [SegmentCount] = []) {
        self.branch = branch
        self.period = period
        self.events = events
        self.personTimes = personTimes
    }
}

extension ReferenceData {
    /// The target population of a segment in a branch and everything below it, for a year. A year without
    /// figures uses the latest earlier year that has them; nil when there are none.
    public func population(of segment: AudienceSegment.ID, in branch: Branch.ID?, year: Int) -> Int? {
        let years = Set(populations.filter { $0.segment == segment && $0.year <= year }.map(\.year))
        guard let chosen = years.max() else { return nil }
        let matching = populations.filter { entry in
            entry.year == chosen && entry.segment == segment && (branch.map { isWithin(entry.branch, $0) } ?? true)
        }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.count }
    }
}
