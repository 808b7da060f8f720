/// The reach rollup: for each month, the totals of every (day, campaign, channel, branch, segment, metric)
/// combination that has records. It is kept current at write time (imports, manual entries, undo), so a
/// report reads a few hundred thousand cells instead of millions of records.
///
/// A month is stored as one block of 16-byte cells (key, total), little-endian, each key once, in no
/// particular order (readers add cells up, so sorting them would be work for nothing). Two months are
/// equal when they hold the same cells, whatever their order.
public struct ReachCubeMonth: Hashable, Sendable {
    /// `year * 12 + month - 1`.
    public var month: Int
    public var keys: [UInt64]
    public var totals: [Int64]

    public init(month: Int, keys: [UInt64] = [], totals: [Int64] = []) {
        self.month = month
        self.keys = keys
        self.totals = totals
    }

    public static func index(of date: LocalDate) -> Int { date.year * 12 + date.month - 1 }
    public static func firstDay(ofMonth month: Int) -> LocalDate {
        LocalDate(year: month / 12, month: month % 12 + 1, day: 1) ?? LocalDate(dayNumber: 0)
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// The month's cells as bytes.
    public func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: keys.count * 16)
        bytes.withUnsafeMutableBytes { raw in
            for i in keys.indices {
                raw.storeBytes(of: keys[i].littleEndian, toByteOffset: i * 16, as: UInt64.self)
                raw.storeBytes(of: totals[i].littleEndian, toByteOffset: i * 16 + 8, as: Int64.self)
            }
        }
        return bytes
    }

    /// Reads cells written by `encoded()`.
    public init(month: Int, encoded bytes: UnsafeRawBufferPointer) {
        let count = bytes.count / 16
        var keys = [UInt64](repeating: 0, count: count)
        var totals = [Int64](repeating: 0, count: count)
        for i in 0..<count {
            keys[i] = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 16, as: UInt64.self))
            totals[i] = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 16 + 8, as: Int64.self))
        }
        self.init(month: month, keys: keys, totals: totals)
    }

    /// Adds changes (which may be negative) and drops cells that come to zero.
    public func merging(_ deltas: [UInt64: Int64]) -> ReachCubeMonth {
        merging(keys: Array(deltas.keys), totals: Array(deltas.values))
    }

    /// Adds changes given as keys (each once) with their totals.
    public func merging(keys changeKeys: [UInt64], totals changeTotals: [Int64]) -> ReachCubeMonth {
        guard !changeKeys.isEmpty else { return self }
        if keys.isEmpty, !changeTotals.contains(0) { return ReachCubeMonth(month: month, keys: changeKeys, totals: changeTotals) }
        var cells = CellTotals(capacity: keys.count + changeKeys.count)
        for i in keys.indices { cells.add(totals[i], to: keys[i]) }
        for i in changeKeys.indices { cells.add(changeTotals[i], to: changeKeys[i]) }
        let (newKeys, newTotals) = cells.pairs()
        return ReachCubeMonth(month: month, keys: newKeys, totals: newTotals)
    }

    /// The cells in key order.
    public var sortedCells: [(key: UInt64, total: Int64)] {
        zip(keys, totals).map { (key: $0, total: $1) }.sorted { $0.key < $1.key }
    }

    public static func == (a: ReachCubeMonth, b: ReachCubeMonth) -> Bool {
        guard a.month == b.month, a.keys.count == b.keys.count else { return false }
        if a.keys == b.keys { return a.totals == b.totals }
        return a.sortedCells.elementsEqual(b.sortedCells) { $0.key == $1.key && $0.total == $1.total }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(month)
        hasher.combine(keys.count)
    }
}

/// The key of one rollup cell.
///
/// Layout (high to low): day of month − 1 (5 bits), campaign code (16), channel code (8),
/// branch code (12), segment code (8, 0 = none), metric code (8).
public enum ReachCell {
    public static func pack(dayOfMonth: Int, campaign: Int, channel: Int, branch: Int, segment: Int, metric: Int) -> UInt64 {
        (UInt64(dayOfMonth - 1) << 52) | (UInt64(campaign) << 36) | (UInt64(channel) << 28) | (UInt64(branch) << 16)
            | (UInt64(segment) << 8) | UInt64(metric)
    }

    /// The cell key without its day and metric: what an event contributes to, given a segment.
    public static func attribution(campaign: Int, channel: Int, branch: Int) -> UInt64 {
        (UInt64(campaign) << 36) | (UInt64(channel) << 28) | (UInt64(branch) << 16)
    }

    public static func dayOfMonth(_ key: UInt64) -> Int { Int(key >> 52) + 1 }
    public static func campaign(_ key: UInt64) -> Int { Int((key >> 36) & 0xFFFF) }
    public static func channel(_ key: UInt64) -> Int { Int((key >> 28) & 0xFF) }
    public static func branch(_ key: UInt64) -> Int { Int((key >> 16) & 0xFFF) }
    public static func segment(_ key: UInt64) -> Int { Int((key >> 8) & 0xFF) }
    public static func metric(_ key: UInt64) -> Int { Int(key & 0xFF) }

    /// The largest codes that fit, for checks when codes are assigned.
    public static let maximumCampaignCode = 0xFFFF
    public static let maximumBranchCode = 0xFFF
    public static let maximumSmallCode = 0xFF
}

/// Changes to the rollup collected during a write, by month, applied once at the end of the transaction.
///
/// Records usually arrive in date order, so the month and day of the previous record are remembered.
public struct ReachCubeDelta: Sendable {
    private var finished: [Int: CellTotals] = [:]
    private var current = CellTotals()
    private var currentMonth = -1
    private var lastDay = Int.min
    private var lastDayBits: UInt64 = 0

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

    /// Takes out the changes of every month but the one being written (records arrive in date order, so
    /// those months are usually done), as keys and totals.
    public mutating func takeFinishedMonths() -> [(month: Int, keys: [UInt64], totals: [Int64])] {
        let taken = finished.map { ($0.key, $0.value.pairs()) }
        finished.removeAll()
        return taken.map { ($0.0, $0.1.keys, $0.1.totals) }
    }

    /// Takes out all changes, as keys and totals per month.
    public mutating func takeAll() -> [(month: Int, keys: [UInt64], totals: [Int64])] {
        if currentMonth >= 0, current.count > 0 { finished[currentMonth] = current }
        current = CellTotals()
        currentMonth = -1
        lastDay = Int.min
        return takeFinishedMonths()
    }

    /// Cells in months other than the current one.
    public var finishedCellCount: Int { finished.values.reduce(0) { $0 + $1.count } }

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
