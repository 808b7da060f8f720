@testable import OutreachCore
import Testing

/// The lookup table the importer reads ids with, and the rollup cells' merging.
struct ReachTablesTests {
    @Test func byteKeyTableFindsKeysOfEveryLength() {
        // Lengths around the sixteen bytes a slot keeps, Chinese, and the empty key.
        let keys = ["", "a", "ev-1", "ev-1-353", "ev-12345", "ev-98-4220000000", "ev-98-42200000001", "ev-98-422-extra-long-identifier-2027",
                    "财商进校园-咸宁-0001", "财商进校园-咸宁-0002"]
        var table = ByteKeyTable(capacity: 2)  // grows while inserting
        for (value, key) in keys.enumerated() { table.insert(key, value) }
        table.insert("ev-1", 99)  // the first value of a key wins
        #expect(table.count == keys.count)
        for (value, key) in keys.enumerated() { #expect(table.lookup(key) == value, "\(key)") }
        // Same head, different tail; same length, one byte off; a prefix.
        for missing in ["ev-98-422-extra-long-identifier-2028", "ev-98-42200000002", "ev-2", "ev-1-35", "财商进校园-咸宁-0003", "EV-1"] {
            #expect(table.lookup(missing) == nil, "\(missing)")
        }
    }

    @Test func byteKeyTableHoldsManyKeys() {
        var table = ByteKeyTable(capacity: 10)
        for i in 0..<50_000 { table.insert("ev-\(i % 977)-\(i)", i) }
        #expect(table.count == 50_000)
        #expect((0..<50_000).allSatisfy { table.lookup("ev-\($0 % 977)-\($0)") == $0 })
        #expect(table.lookup("ev-0-50000") == nil)
    }

    @Test func cubeMonthsMergeInAnyOrderAndDropZeros() {
        let month = ReachCubeMonth(month: 24300, keys: [3, 1, 2], totals: [30, 10, 20])
        let merged = month.merging(keys: [2, 4, 1], totals: [-20, 40, 5])
        #expect(merged == ReachCubeMonth(month: 24300, keys: [1, 3, 4], totals: [15, 30, 40]))
        #expect(merged != ReachCubeMonth(month: 24300, keys: [1, 3, 4], totals: [15, 30, 41]))
        #expect(merged != ReachCubeMonth(month: 24301, keys: [1, 3, 4], totals: [15, 30, 40]))
        #expect(merged.merging([1: -15, 3: -30, 4: -40]).isEmpty)
        // Bytes round-trip.
        let bytes = merged.encoded()
        let read = bytes.withUnsafeBytes { ReachCubeMonth(month: 24300, encoded: $0) }
        #expect(read == merged)
    }

    /// The store merges into a month's stored bytes in place; the result holds the same cells as merging the
    /// decoded month: changes added, zeros dropped, new cells kept, a key given twice added up.
    @Test func mergingStoredBytesInPlaceGivesTheSameCellsAsTheTable() {
        var seed: UInt64 = 7
        func next(_ bound: UInt64) -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (seed >> 33) % bound
        }
        for round in 0..<50 {
            var stored: [UInt64: Int64] = [:]
            for _ in 0..<next(300) { stored[1 + next(500)] = Int64(1 + next(50)) }
            let month = ReachCubeMonth(month: 24300, keys: Array(stored.keys), totals: Array(stored.values))
            var changes: [UInt64: Int64] = [:]
            for _ in 0..<next(300) {
                let key = 1 + next(700)
                // Some changes cancel a stored cell exactly, some go below zero and back.
                changes[key] = next(4) == 0 ? -(stored[key] ?? 0) : Int64(next(40)) - 10
            }
            let keys = Array(changes.keys), totals = keys.map { changes[$0]! }
            let expected = month.merging(keys: keys, totals: totals)
            let bytes = month.encoded().withUnsafeBytes { ReachCubeMonth.merging(encoded: $0, keys: keys, totals: totals) }
            let merged = bytes.withUnsafeBytes { ReachCubeMonth(month: 24300, encoded: $0) }
            #expect(merged == expected, "round \(round)")
            #expect(!merged.totals.contains(0), "round \(round)")
        }
        let twice = [UInt8]().withUnsafeBytes { ReachCubeMonth.merging(encoded: $0, keys: [4, 2, 4], totals: [1, 5, 2]) }
        #expect(twice.withUnsafeBytes { ReachCubeMonth(month: 1, encoded: $0) } == ReachCubeMonth(month: 1, keys: [4, 2], totals: [3, 5]))
        let empty = ReachCubeMonth(month: 1, keys: [4], totals: [3]).encoded().withUnsafeBytes {
            ReachCubeMonth.merging(encoded: $0, keys: [4], totals: [-3])
        }
        #expect(empty.isEmpty)
        // The overflow check reads the stored bytes in place too, with the same answer.
        let big: Int64 = 999_999_999_999_999_999
        let nine = ReachCubeMonth(month: 1, keys: Array(1...9), totals: Array(repeating: big, count: 9)).encoded()
        #expect(nine.withUnsafeBytes { ReachCubeMonth.magnitude(encoded: $0) } == 8_999_999_999_999_999_991)
        let ten = ReachCubeMonth(month: 1, keys: Array(1...10), totals: Array(repeating: big, count: 10)).encoded()
        #expect(ten.withUnsafeBytes { ReachCubeMonth.magnitude(encoded: $0) } == nil)
        let signed = ReachCubeMonth(month: 1, keys: [1, 2], totals: [-5, 7]).encoded()
        #expect(signed.withUnsafeBytes { ReachCubeMonth.magnitude(encoded: $0) } == 12)
    }

    @Test func derivedCuboidsAgreeWithDirectProjection() {
        // Full cells over a few days, campaigns, channels, branches and segments.
        var delta = ReachCubeDelta()
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % n
        }
        let firstDay = LocalDate(year: 2027, month: 3, day: 1)!.dayNumber
        for _ in 0..<5_000 {
            delta.add(
                Int64(next(100) + 1), day: firstDay + next(31),
                attribution: ReachCell.attribution(campaign: next(5) + 1, channel: next(12) + 1, branch: next(40) + 1),
                segment: next(9), metric: next(8) + 1)
        }
        let months = delta.takeAll()
        #expect(months.count == 1)
        let full = months[0]
        for part in ReachCuboid.derive(months) {
            var expected: [UInt64: Int64] = [:]
            for (key, total) in zip(full.keys, full.totals) { expected[key & part.cuboid.mask, default: 0] += total }
            let direct = ReachCubeMonth(month: full.month, keys: Array(expected.keys), totals: Array(expected.values))
            #expect(ReachCubeMonth(month: part.month, keys: part.keys, totals: part.totals) == direct, "\(part.cuboid)")
        }
        #expect(ReachCuboid.derive(months).map(\.cuboid).sorted() == ReachCuboid.stored.sorted())
    }
}
