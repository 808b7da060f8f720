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

    /// Adds changes (keys with their totals) to a month's cells as `encoded()` wrote them, and returns the
    /// merged cells, encoded: one pass over the bytes with a table of the changes only, a changed cell updated
    /// where it stands, a cell that comes to zero dropped, a new one appended. Unlike decoding the month into a
    /// table (`merging(keys:totals:)`), memory does not grow with the month: a dense month of a 20M-row import
    /// holds about a million cells, whose table alone took 32 MiB.
    public static func merging(encoded bytes: UnsafeRawBufferPointer, keys changeKeys: [UInt64], totals changeTotals: [Int64]) -> [UInt8] {
        var changes = changeTotals
        var positions = CellTotals(capacity: changeKeys.count)
        for i in changeKeys.indices {
            // A key given twice is added up under its first position.
            let first = Int(positions.total(of: changeKeys[i], insertingIfNew: Int64(i)))
            if first != i {
                changes[first] += changes[i]
                changes[i] = 0
            }
        }
        let stored = bytes.count / 16
        let capacity = (stored + changeKeys.count) * 16
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
            let raw = UnsafeMutableRawBufferPointer(out)
            var at = 0
            func put(_ key: UInt64, _ total: Int64) {
                raw.storeBytes(of: key.littleEndian, toByteOffset: at, as: UInt64.self)
                raw.storeBytes(of: total.littleEndian, toByteOffset: at + 8, as: Int64.self)
                at += 16
            }
            for i in 0..<stored {
                let key = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 16, as: UInt64.self))
                var total = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 16 + 8, as: Int64.self))
                if let position = positions.lookup(key) {
                    // Taken: what is left in `changes` afterwards is the new cells.
                    total += changes[Int(position)]
                    changes[Int(position)] = 0
                }
                if total != 0 { put(key, total) }
            }
            for j in changeKeys.indices where changes[j] != 0 { put(changeKeys[j], changes[j]) }
            written = at
        }
    }

    /// The sum of the magnitudes of cells as `encoded()` wrote them, read in place; nil when it cannot be held
    /// (see `ReachSums.magnitude`).
    public static func magnitude(encoded bytes: UnsafeRawBufferPointer) -> Int64? {
        var sum: Int64 = 0
        for i in 0..<bytes.count / 16 {
            let total = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 16 + 8, as: Int64.self))
            guard total != .min else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(Int64(total.magnitude))
            if overflow { return nil }
            sum = next
        }
        return sum
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

extension ReachCuboidMonth {
    /// These changes added to a month's cells as a store holds them (`ReachCubeMonth.encoded()`; empty when the
    /// month has none), encoded, merged in place (`ReachCubeMonth.merging(encoded:keys:totals:)`). Checked before
    /// adding (see `ReachSums`): an overflow is an error, never a wrapped total.
    public func merged(into stored: UnsafeRawBufferPointer) throws(ReachStoreError) -> [UInt8] {
        guard let sum = ReachCubeMonth.magnitude(encoded: stored), ReachSums.magnitude(totals, adding: sum) != nil else {
            throw .sumOverflow
        }
        return ReachCubeMonth.merging(encoded: stored, keys: keys, totals: totals)
    }
}
