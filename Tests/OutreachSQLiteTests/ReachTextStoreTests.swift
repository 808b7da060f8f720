import Foundation
import OutreachCore
@testable import OutreachSQLite
import OutreachTestSupport
import Testing

/// Text comes back from the store byte for byte, and counts an older version stored over the limit are
/// found by the count check and refused by reports instead of wrapping.
struct ReachTextStoreTests {
    let base = ReachStoreTests()

    @Test func randomNotesRoundTripByteForByteThroughCSVAndTheStore() async throws {
        let store = try await base.store()
        var generator = SeededGenerator(seed: 20_261_204)
        var expected: [(note: String, evidence: String)] = []
        var csv = "event,date,metric,count,segment,note,evidence\n"
        // One record per day (keys in date order), each with its own random note and evidence.
        for i in 0..<300 {
            let note = RandomNoteText.string(using: &generator), evidence = RandomNoteText.string(maximumLength: 12, using: &generator)
            expected.append((note, evidence))
            let day = LocalDate(year: 2027, month: 1, day: 1)!.adding(days: i)
            csv += "led,\(day),screen-plays,\(i),,\(RandomNoteText.quoted(note)),\(RandomNoteText.quoted(evidence))\n"
        }
        let rows = try await base.rows(store, csv)
        #expect(rows.count == 300)
        _ = try await store.beginReachBatch(source: .import, file: "r.csv", recordedBy: nil, at: base.now)
        _ = try await store.writeReach(rows)
        _ = try await store.finishReachBatch(commit: true)
        let stored = try await store.reachTexts()
        #expect(stored.count == 300)
        for (i, texts) in stored.enumerated() {
            #expect(Array((texts.note ?? "").utf8) == Array(expected[i].note.utf8), "row \(i)")
            #expect(Array((texts.evidence ?? "").utf8) == Array(expected[i].evidence.utf8), "row \(i)")
        }
    }

    /// The store itself keeps every byte, U+0000 included (text is bound with its length); refusing such
    /// characters is the import's decision, not a truncation.
    @Test func theStoreKeepsEveryByteOfText() async throws {
        let store = try await base.store()
        var rows = try await base.rows(store, "event,date,metric,count\nled,2027-03-02,screen-plays,1\nled,2027-03-03,screen-plays,2\n")
        rows[0].note = "前\u{0}后\u{0}"
        rows[0].evidence = ""
        rows[1].note = "\u{0}"
        _ = try await store.beginReachBatch(source: .manual, file: nil, recordedBy: "甲\u{0}乙", at: base.now)
        _ = try await store.writeReach(rows)
        let batch = try await store.finishReachBatch(commit: true)
        let stored = try await store.reachTexts()
        #expect(stored.map { $0.note.map { Array($0.utf8) } } == [Array("前\u{0}后\u{0}".utf8), [0]])
        #expect(stored[0].evidence == "")  // an empty text stays text, not NULL
        #expect(stored[1].evidence == nil)
        #expect(try await store.reachBatches().first { $0.id == batch.id }?.recordedBy.map { Array($0.utf8) } == Array("甲\u{0}乙".utf8))
    }

    @Test func countsOverTheLimitFromAnOlderVersionAreFoundAndNeverWrap() async throws {
        let store = try await base.store()
        // 18 records of 999,999,999,999,999,999 in 18 months (one per month, so each stored cell holds).
        var csv = "event,date,metric,count\n"
        for i in 0..<18 { csv += "led,\(2026 + i / 12)-\(i % 12 + 1 < 10 ? "0" : "")\(i % 12 + 1)-15,screen-plays,1\n" }
        var rows = try await base.rows(store, csv)
        for i in rows.indices { rows[i].count = 999_999_999_999_999_999 }
        _ = try await store.beginReachBatch(source: .import, file: "old.csv", recordedBy: nil, at: base.now)
        _ = try await store.writeReach(rows)
        _ = try await store.finishReachBatch(commit: true)

        let check = try await store.reachCountCheck()
        #expect(check.outOfRange == 18)
        #expect(check.examples.count == 5)
        #expect(check.examples.allSatisfy { $0.count == 999_999_999_999_999_999 })
        #expect(check.sumOverflows)
        // The rollup is not recomputed from counts that cannot be added.
        #expect(try await store.verifyReachCube().isEmpty)

        // A report over the 18 months fails instead of showing a negative total.
        let request = ReportRequest(
            period: ReportPeriod(kind: .dates, start: LocalDate("2026-01-01")!, end: LocalDate("2027-06-30")!), dimensions: [])
        var cube = ReachCubeReader()
        for source in ReachReportBuilder.sources(for: request) {
            cube.add(source.cuboid, range: source.months, months: try await store.reachCube(source.cuboid, months: source.months))
        }
        #expect(throws: ReachReportBuilder.Failure.overflow) {
            try ReachReportBuilder.build(request, cube: cube, codes: ReachFixture.codes, reference: ReachFixture.reference())
        }
        // Writing more to a month whose cell is already near the limit is refused, and nothing is written.
        var more = try await base.rows(store, "event,date,metric,count\nled,2026-01-16,screen-plays,1\n")
        more[0].count = Int.max - 10
        _ = try await store.beginReachBatch(source: .import, file: "more.csv", recordedBy: nil, at: base.now)
        _ = try await store.writeReach(more)
        await #expect(throws: ReachStoreError.sumOverflow) { try await store.finishReachBatch(commit: true) }
        #expect(try await store.reachTexts().count == 18)
    }

    @Test func aCleanStorePassesTheCountCheck() async throws {
        let store = try await base.store()
        _ = try await base.write(store, ReachFixture.csv)
        let check = try await store.reachCountCheck()
        #expect(check.isEmpty)
        #expect(check.examples.isEmpty)
    }
}

/// Every bind's result is checked: a failed bind makes the statement throw instead of running with NULL.
struct SQLiteBindTests {
    @Test func aFailedBindIsAnErrorNotANull() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bind-\(UUID()).sqlite").path
        let connection = try SQLiteConnection(path: path)
        let statement = try connection.statement("SELECT ?1, length(?1), typeof(?1)")
        statement.bind(2 as Int32, "out of range" as String?)
        #expect(throws: StoreError.database("cannot bind parameter 2: column index out of range")) { try statement.step() }
        // After a reset the statement works again, and text keeps every byte.
        statement.reset()
        statement.bind(1 as Int32, "a\u{0}b" as String?)
        #expect(try statement.step())
        #expect(Array(statement.text(0).utf8) == [0x61, 0, 0x62])
        #expect(statement.int(1) == 1)  // SQL length() stops at U+0000; the stored value does not
        #expect(statement.text(2) == "text")
        statement.reset()
        statement.bind(1 as Int32, "" as String?)
        #expect(try statement.step())
        #expect(statement.text(2) == "text")  // an empty text stays text, not NULL
    }
}
