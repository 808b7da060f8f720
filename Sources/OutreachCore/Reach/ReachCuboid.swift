/// One stored projection of the reach rollup: which of campaign, channel, branch and segment it keeps,
/// and whether it keeps days or only months. The metric is always kept.
///
/// Every write updates all of them (`derive`), so a report reads the smallest one that answers it:
/// `--by channel` over two years reads a few hundred cells, not millions.
public struct ReachCuboid: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let campaign: UInt8 = 1, channel: UInt8 = 2, branch: UInt8 = 4, segment: UInt8 = 8

    public var dimensions: UInt8
    public var isDaily: Bool

    public init(dimensions: UInt8, isDaily: Bool) {
        self.dimensions = dimensions & 15
        self.isDaily = isDaily
    }

    public init(id: Int) { self.init(dimensions: UInt8(id & 15), isDaily: id & 16 != 0) }

    public var id: Int { (isDaily ? 16 : 0) | Int(dimensions) }
    public var description: String { "\(isDaily ? "daily" : "monthly")/\(dimensions)" }
    public static func < (a: ReachCuboid, b: ReachCuboid) -> Bool { a.id < b.id }

    /// The base: every dimension, every day (what writes are recorded in).
    public static let full = ReachCuboid(dimensions: 15, isDaily: true)

    /// The cuboids kept: every combination by month, and by day the full one and those with at most two
    /// dimensions.
    public static let stored: [ReachCuboid] =
        (0...15).map { ReachCuboid(dimensions: UInt8($0), isDaily: false) }
        + (0...14).filter { UInt8($0).nonzeroBitCount <= 2 }.map { ReachCuboid(dimensions: UInt8($0), isDaily: true) } + [full]

    /// The smallest stored daily cuboid that keeps `dimensions`.
    public static func daily(covering dimensions: UInt8) -> ReachCuboid {
        dimensions.nonzeroBitCount <= 2 ? ReachCuboid(dimensions: dimensions, isDaily: true) : full
    }

    /// The bits of a cell key this cuboid keeps.
    var mask: UInt64 {
        var mask: UInt64 = 0xFF  // metric
        if isDaily { mask |= 0x1F << 52 }
        if dimensions & Self.campaign != 0 { mask |= 0xFFFF << 36 }
        if dimensions & Self.channel != 0 { mask |= 0xFF << 28 }
        if dimensions & Self.branch != 0 { mask |= 0xFFF << 16 }
        if dimensions & Self.segment != 0 { mask |= 0xFF << 8 }
        return mask
    }

    /// Projects a month of full cells (sorted keys and totals) onto every stored cuboid, as sorted cells.
    public static func derive(keys: [UInt64], totals: [Int64]) -> [(cuboid: ReachCuboid, keys: [UInt64], totals: [Int64])] {
        func project(_ keys: [UInt64], _ totals: [Int64], onto cuboid: ReachCuboid) -> ([UInt64], [Int64]) {
            let mask = cuboid.mask
            var cells = CellTotals(capacity: min(keys.count, 1 << 16))
            for i in keys.indices { cells.add(totals[i], to: keys[i] & mask) }
            return cells.sortedPairs()
        }
        var result: [(ReachCuboid, [UInt64], [Int64])] = [(full, keys, totals)]
        let monthly = project(keys, totals, onto: ReachCuboid(dimensions: 15, isDaily: false))
        for cuboid in stored where cuboid != full {
            let (k, t) = cuboid.isDaily ? project(keys, totals, onto: cuboid) : project(monthly.0, monthly.1, onto: cuboid)
            result.append((cuboid, k, t))
        }
        return result
    }

    /// Projects a month of full cells onto every stored cuboid. Monthly cuboids are derived from the monthly
    /// full one, which is much smaller than the daily cells.
    public static func derive(_ cells: [UInt64: Int64]) -> [ReachCuboid: [UInt64: Int64]] {
        var result: [ReachCuboid: [UInt64: Int64]] = [full: cells]
        func project(_ source: [UInt64: Int64], onto cuboid: ReachCuboid) -> [UInt64: Int64] {
            let mask = cuboid.mask
            var totals = CellTotals(capacity: min(source.count, 1 << 16))
            for (key, value) in source { totals.add(value, to: key & mask) }
            return totals.dictionary
        }
        let monthlyFull = project(cells, onto: ReachCuboid(dimensions: 15, isDaily: false))
        for cuboid in stored where cuboid != full {
            result[cuboid] = cuboid.isDaily ? project(cells, onto: cuboid) : project(monthlyFull, onto: cuboid)
        }
        return result
    }
}
