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

    /// Whether this cuboid's cells can be added up into `other`'s.
    func covers(_ other: ReachCuboid) -> Bool {
        dimensions & other.dimensions == other.dimensions && (isDaily || !other.isDaily)
    }

    /// Projects a month of full cells onto every stored cuboid. Each is added up from the smallest one
    /// already made that keeps what it needs (the monthly ones from the monthly full one, single
    /// dimensions by day from pairs), not from the full cells each time.
    public static func derive(month: Int, keys: [UInt64], totals: [Int64]) -> [ReachCuboidMonth] {
        var made = [ReachCuboidMonth(cuboid: full, month: month, keys: keys, totals: totals)]
        for cuboid in derivationOrder {
            let source = made.filter { $0.cuboid.covers(cuboid) }.min { $0.keys.count < $1.keys.count }!
            let mask = cuboid.mask
            var cells = CellTotals(capacity: source.keys.count / 2)
            source.keys.withUnsafeBufferPointer { sourceKeys in
                source.totals.withUnsafeBufferPointer { sourceTotals in
                    for i in 0..<sourceKeys.count { cells.add(sourceTotals[i], to: sourceKeys[i] & mask) }
                }
            }
            let (k, t) = cells.pairs()
            made.append(ReachCuboidMonth(cuboid: cuboid, month: month, keys: k, totals: t))
        }
        return made
    }

    /// Daily cuboids before monthly ones, more dimensions before fewer: each can then be made from one
    /// made before it.
    private static let derivationOrder = stored.filter { $0 != full }.sorted {
        ($0.isDaily ? 0 : 1, -$0.dimensions.nonzeroBitCount, $0.id) < ($1.isDaily ? 0 : 1, -$1.dimensions.nonzeroBitCount, $1.id)
    }

    /// Projects several months of full cells onto every stored cuboid.
    public static func derive(_ months: [(month: Int, keys: [UInt64], totals: [Int64])]) -> [ReachCuboidMonth] {
        months.flatMap { derive(month: $0.month, keys: $0.keys, totals: $0.totals) }
    }
}

/// One month of one cuboid's cells: what a write adds to the stored rollup.
public struct ReachCuboidMonth: Sendable {
    public var cuboid: ReachCuboid
    public var month: Int
    public var keys: [UInt64]
    public var totals: [Int64]

    public init(cuboid: ReachCuboid, month: Int, keys: [UInt64], totals: [Int64]) {
        self.cuboid = cuboid
        self.month = month
        self.keys = keys
        self.totals = totals
    }
}
