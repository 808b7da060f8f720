/// The reach rollup: for each month, the totals of every (day, campaign, channel, branch, segment, metric)
/// combination that has records. It is kept current at write time (imports, manual entries, undo), so a
/// report reads a few hundred thousand cells instead of millions of records.
///
/// A month is stored as one block of sorted 16-byte cells (key, total), little-endian.
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
        let sorted = deltas.sorted { $0.key < $1.key }
        return merging(keys: sorted.map(\.key), totals: sorted.map(\.value))
    }

    /// Adds changes given as keys in ascending order with their totals.
    public func merging(keys changeKeys: [UInt64], totals changeTotals: [Int64]) -> ReachCubeMonth {
        guard !changeKeys.isEmpty else { return self }
        let changes = zip(changeKeys, changeTotals).map { (key: $0, value: $1) }
        var newKeys: [UInt64] = []
        var newTotals: [Int64] = []
        newKeys.reserveCapacity(keys.count + changes.count)
        newTotals.reserveCapacity(keys.count + changes.count)
        var i = 0, j = 0
        func put(_ key: UInt64, _ total: Int64) {
            if total != 0 {
                newKeys.append(key)
                newTotals.append(total)
            }
        }
        while i < keys.count || j < changes.count {
            if j == changes.count || (i < keys.count && keys[i] < changes[j].key) {
                put(keys[i], totals[i])
                i += 1
            } else if i == keys.count || changes[j].key < keys[i] {
                put(changes[j].key, changes[j].value)
                j += 1
            } else {
                put(keys[i], totals[i] + changes[j].value)
                i += 1
                j += 1
            }
        }
        return ReachCubeMonth(month: month, keys: newKeys, totals: newTotals)
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
        current = finished.removeValue(forKey: month) ?? CellTotals()
        currentMonth = month
    }

    /// The changes by month.
    public var months: [Int: [UInt64: Int64]] {
        var all = finished
        if currentMonth >= 0, current.count > 0 { all[currentMonth] = current }
        return all.mapValues { $0.dictionary }
    }

    /// Takes out the changes of every month but the one being written (records arrive in date order, so
    /// those months are usually done), as sorted keys and totals.
    public mutating func takeFinishedMonths() -> [(month: Int, keys: [UInt64], totals: [Int64])] {
        let taken = finished.map { ($0.key, $0.value.sortedPairs()) }
        finished.removeAll()
        return taken.map { ($0.0, $0.1.keys, $0.1.totals) }
    }

    /// Takes out all changes, as sorted keys and totals per month.
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
/// a `Dictionary` for the millions of additions of a large import.
struct CellTotals: Sendable {
    private var keys: [UInt64]
    private var totals: [Int64]
    private var used: [Bool]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        totals = [Int64](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        mask = size - 1
    }

    /// MurmurHash3's 64-bit finaliser: every key bit reaches the low bits the mask keeps.
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        var h = key
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h) & mask
    }

    mutating func add(_ value: Int64, to key: UInt64) {
        var i = slot(key)
        while used[i] {
            if keys[i] == key {
                totals[i] += value
                return
            }
            i = (i + 1) & mask
        }
        used[i] = true
        keys[i] = key
        totals[i] = value
        count += 1
        if count * 2 > keys.count { grow() }
    }

    private mutating func grow() {
        let oldKeys = keys, oldTotals = totals, oldUsed = used
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        totals = [Int64](repeating: 0, count: oldKeys.count * 2)
        used = [Bool](repeating: false, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for i in oldKeys.indices where oldUsed[i] { add(oldTotals[i], to: oldKeys[i]) }
    }

    /// The cells in key order.
    func sortedPairs() -> (keys: [UInt64], totals: [Int64]) {
        var pairs: [(UInt64, Int64)] = []
        pairs.reserveCapacity(count)
        for i in keys.indices where used[i] && totals[i] != 0 { pairs.append((keys[i], totals[i])) }
        pairs.sort { $0.0 < $1.0 }
        return (pairs.map(\.0), pairs.map(\.1))
    }

    var dictionary: [UInt64: Int64] {
        var result: [UInt64: Int64] = [:]
        result.reserveCapacity(count)
        for i in keys.indices where used[i] { result[keys[i]] = totals[i] }
        return result
    }
}
