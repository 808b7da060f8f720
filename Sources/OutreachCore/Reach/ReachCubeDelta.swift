/// Changes to the rollup collected during a write, by month, folded into the stored rollup at the end of the
/// transaction, or earlier once they pass `heldCells` (merging is additive).
///
/// Records usually arrive in date order, so the month and day of the previous record are remembered.
public struct ReachCubeDelta: Sendable {
    private var finished: [Int: CellTotals] = [:]
    private var current = CellTotals()
    private var currentMonth = -1
    private var lastDay = Int.min
    private var lastDayBits: UInt64 = 0

    /// How many changed cells a writer holds before folding them into the stored rollup (about 8 MiB).
    public static let heldCells = 200_000

    public init() {}

    /// Adds `change` to the cell of a record.
    public mutating func add(_ change: Int64, day: Int, attribution: UInt64, segment: Int, metric: Int) {
        guard change != 0 else { return }
        if day != lastDay {
            let civil = LocalDate(dayNumber: day).civil
            let month = civil.year * 12 + civil.month - 1
            lastDay = day
            lastDayBits = UInt64(civil.day - 1) << 52
            if month != currentMonth { switchTo(month) }
        }
        current.add(change, to: lastDayBits | attribution | (UInt64(segment) << 8) | UInt64(metric))
    }

    private mutating func switchTo(_ month: Int) {
        if currentMonth >= 0, current.count > 0 { finished[currentMonth] = current }
        current = finished.removeValue(forKey: month) ?? CellTotals(capacity: 1 << 15)
        currentMonth = month
    }

    /// The changes by month.
    public var months: [Int: [UInt64: Int64]] {
        var all = finished
        if currentMonth >= 0, current.count > 0 { all[currentMonth] = current }
        return all.mapValues { $0.dictionary }
    }

    /// Takes out all changes, as keys and totals per month.
    public mutating func takeAll() -> [(month: Int, keys: [UInt64], totals: [Int64])] {
        if currentMonth >= 0, current.count > 0 { finished[currentMonth] = current }
        current = CellTotals()
        currentMonth = -1
        lastDay = Int.min
        let taken = finished.map { ($0.key, $0.value.pairs()) }
        finished.removeAll()
        return taken.map { ($0.0, $0.1.keys, $0.1.totals) }
    }

    /// How many cells have changes.
    public var cellCount: Int { finished.values.reduce(current.count) { $0 + $1.count } }

    public var isEmpty: Bool { cellCount == 0 }
}

/// Totals by cell key in an open-addressing table with a multiplicative hash: several times faster than
/// a `Dictionary` for the millions of additions of a large import. Key 0 marks a free slot (a real cell
/// key always has a metric code, which starts at 1).
struct CellTotals: Sendable {
    private struct Cell: Sendable {
        var key: UInt64 = 0
        var total: Int64 = 0
    }

    private var cells: [Cell]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        cells = [Cell](repeating: Cell(), count: size)
        mask = size - 1
    }

    /// MurmurHash3's 64-bit finaliser: every key bit reaches the low bits the mask keeps.
    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var h = key
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h) & mask
    }

    mutating func add(_ value: Int64, to key: UInt64) {
        assert(key != 0, "a cell key has a metric code")
        let mask = self.mask
        let added = cells.withUnsafeMutableBufferPointer { cells -> Bool in
            var i = Self.slot(key, mask)
            while true {
                let found = cells[i].key
                if found == key {
                    // Checked: a total that cannot be held traps instead of wrapping to a wrong figure. Writers and
                    // readers check the sums' magnitude first (`ReachSums`), so this is a last line.
                    cells[i].total += value
                    return false
                }
                if found == 0 {
                    cells[i] = Cell(key: key, total: value)
                    return true
                }
                i = (i + 1) & mask
            }
        }
        if added {
            count += 1
            if count * 2 > cells.count { grow() }
        }
    }

    /// The total under `key`; when the key is new, `value` is stored under it first (a table used as an
    /// index: key to position).
    mutating func total(of key: UInt64, insertingIfNew value: Int64) -> Int64 {
        assert(key != 0, "keys start at 1")
        let mask = self.mask
        let (total, added) = cells.withUnsafeMutableBufferPointer { cells -> (Int64, Bool) in
            var i = Self.slot(key, mask)
            while true {
                let found = cells[i].key
                if found == key { return (cells[i].total, false) }
                if found == 0 {
                    cells[i] = Cell(key: key, total: value)
                    return (value, true)
                }
                i = (i + 1) & mask
            }
        }
        if added {
            count += 1
            if count * 2 > cells.count { grow() }
        }
        return total
    }

    /// The total under `key`, or nil when it has none.
    func lookup(_ key: UInt64) -> Int64? {
        cells.withUnsafeBufferPointer { cells -> Int64? in
            var i = Self.slot(key, mask)
            while true {
                let found = cells[i].key
                if found == key { return cells[i].total }
                if found == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    private mutating func grow() {
        let old = cells
        cells = [Cell](repeating: Cell(), count: old.count * 2)
        mask = cells.count - 1
        count = 0
        for cell in old where cell.key != 0 { add(cell.total, to: cell.key) }
    }

    /// The cells whose totals are not zero, in table order.
    func pairs() -> (keys: [UInt64], totals: [Int64]) {
        var keys: [UInt64] = []
        var totals: [Int64] = []
        keys.reserveCapacity(count)
        totals.reserveCapacity(count)
        cells.withUnsafeBufferPointer { cells in
            for cell in cells where cell.key != 0 && cell.total != 0 {
                keys.append(cell.key)
                totals.append(cell.total)
            }
        }
        return (keys, totals)
    }

    var dictionary: [UInt64: Int64] {
        var result: [UInt64: Int64] = [:]
        result.reserveCapacity(count)
        for cell in cells where cell.key != 0 { result[cell.key] = cell.total }
        return result
    }
}
