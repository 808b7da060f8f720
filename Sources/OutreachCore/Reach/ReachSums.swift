/// Checked sums of reach counts. Every figure a report, scorecard or bulletin shows is a sum of some of the
/// rollup's cells; when the sum of their magnitudes fits in an Int64, so does every partial sum, in any
/// order. Checking that once up front lets the hot loops add without a check per addition, and turns an
/// overflow into an error instead of a wrong (wrapped) figure.
public enum ReachSums {
    public struct Overflow: Error, Equatable, Sendable {
        public init() {}

        public func message(_ language: Language) -> String {
            StoreMessages.sumOverflow.text(language)
        }
    }

    /// The sum of the magnitudes of `totals`, added to `start`; nil when it does not fit in an Int64.
    public static func magnitude(_ totals: some Sequence<Int64>, adding start: Int64 = 0) -> Int64? {
        var sum = start
        for total in totals {
            guard total != .min else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(Int64(total.magnitude))
            if overflow { return nil }
            sum = next
        }
        return sum
    }

    /// Throws when the stored cells of `months` could add up beyond what a total can hold, or hold a total
    /// below zero (counts are never negative: such a cell is a sum an older version wrapped).
    public static func check(_ months: some Sequence<ReachCubeMonth>) throws(Overflow) {
        var sum: Int64 = 0
        for month in months {
            guard !month.totals.contains(where: { $0 < 0 }), let next = magnitude(month.totals, adding: sum) else { throw Overflow() }
            sum = next
        }
    }

    /// Throws when the counts of `entries` could add up beyond what a total can hold.
    public static func check(_ entries: [ReachEntry]) throws(Overflow) {
        guard magnitude(entries.lazy.map { Int64($0.count) }) != nil else { throw Overflow() }
    }
}
