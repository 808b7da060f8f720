import Foundation
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Synchronization
import Testing

/// The behaviour every `ReachStore` must show: a write session that re-imports idempotently, corrections that
/// keep the replaced record for undo, duplicates and rollback, undo, a rollup that always equals the sums of the
/// records, text kept byte for byte, counts over the limit found and never wrapped, targets and bulletins.
public enum ReachContract {
    public static let cases: [StoreContract] = [
        StoreContract("importingTheSameRowsAgainChangesNothing") { try await ReachCases().importingTheSameRowsAgainChangesNothing($0) },
        StoreContract("correctionsReplaceAndUndoRestores") { try await ReachCases().correctionsReplaceAndUndoRestores($0) },
        StoreContract("theSameRecordTwiceInOneBatchIsADuplicate") { try await ReachCases().theSameRecordTwiceInOneBatchIsADuplicate($0) },
        StoreContract("aChunkThatContinuesTheDayBeforeItFindsEachRecord") { try await ReachCases().aChunkThatContinuesTheDayBeforeItFindsEachRecord($0) },
        StoreContract("aRolledBackBatchLeavesNothing") { try await ReachCases().aRolledBackBatchLeavesNothing($0) },
        StoreContract("aBatchWhoseBodyThrowsIsRolledBack") { try await ReachCases().aBatchWhoseBodyThrowsIsRolledBack($0) },
        StoreContract("movingAnEventToAnotherBranchMovesItsReach") { try await ReachCases().movingAnEventToAnotherBranchMovesItsReach($0) },
        StoreContract("targetsAndBulletinsRoundTrip") { try await ReachCases().targetsAndBulletinsRoundTrip($0) },
        StoreContract("randomNotesRoundTripByteForByteThroughCSVAndTheStore") { try await ReachCases().randomNotesRoundTripByteForByteThroughCSVAndTheStore($0) },
        StoreContract("theStoreKeepsEveryByteOfText") { try await ReachCases().theStoreKeepsEveryByteOfText($0) },
        StoreContract("countsOverTheLimitFromAnOlderVersionAreFoundAndNeverWrap") { try await ReachCases().countsOverTheLimitFromAnOlderVersionAreFoundAndNeverWrap($0) },
        StoreContract("aCleanStorePassesTheCountCheck") { try await ReachCases().aCleanStorePassesTheCountCheck($0) },
        StoreContract("theRecordsOfSomeEventsAreReadWithinThePeriod") {
            try await ReachCases().theRecordsOfSomeEventsAreReadWithinThePeriod($0)
        },
    ]
}

struct ReachCases {
    let now = ReachFixture.now

    /// A store with the fixture's reference data and events. The campaigns run from 2026 to 2027, wide enough for
    /// every date these tests write (reach outside a campaign's period is refused).
    func store(_ database: StoreDatabase) async throws -> any OutreachStore {
        let store = try await database.migrated()
        try await store.replaceReferenceData(ReachFixture.reference(), at: now)
        var c1 = Campaign(id: "c1", title: BilingualName(zh: "三·一五"), kind: "consumer-rights-day", start: ReachFixture.day("2026-01-01"), end: ReachFixture.day("2027-12-31"), owner: "city")
        c1.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c1" }
        var c2 = Campaign(id: "c2", title: BilingualName(zh: "广播"), kind: "households", start: ReachFixture.day("2026-01-01"), end: ReachFixture.day("2027-12-31"), owner: "city")
        c2.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c2" }
        _ = try await store.importCampaigns([c1, c2], sources: [:], at: now)
        return store
    }

    /// Rows checked against the store's own keys and codes.
    func rows(_ store: any OutreachStore, _ csv: String) async throws -> [ReachRow] {
        let (rows, issues) = try await ReachFixture.rows(csv, in: store)
        #expect(issues.errors.isEmpty)
        return rows
    }

    func write(_ store: any OutreachStore, _ csv: String, commit: Bool = true) async throws -> (ReachWriteOutcome, ReachBatch) {
        let rows = try await rows(store, csv)
        return try await store.writeReachBatch(rows, source: .import, file: "r.csv", recordedBy: "测试员", at: now) { _ in commit }
    }

    func personTimes(_ store: any OutreachStore) async throws -> Int64 {
        let request = ReportRequest(period: ReportPeriod("2027-03")!, dimensions: [])
        var cube = ReachCubeReader()
        for source in ReachReportBuilder.sources(for: request) {
            cube.add(source.cuboid, range: source.months, months: try await store.reachCube(source.cuboid, months: source.months))
        }
        return try ReachReportBuilder.build(request, cube: cube, codes: try await store.reachCodes(), reference: ReachFixture.reference()).totals.personTimes
    }

    func importingTheSameRowsAgainChangesNothing(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        let (first, batch) = try await write(store, ReachFixture.csv)
        #expect(first.added == 9)
        #expect(batch.recordedBy == "测试员")
        #expect(try await personTimes(store) == 110)
        let (again, _) = try await write(store, ReachFixture.csv)
        #expect(again.added == 0)
        #expect(again.unchanged == 9)
        #expect(try await personTimes(store) == 110)
        #expect(try await store.verifyReachCube().isEmpty)
    }

    func correctionsReplaceAndUndoRestores(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        _ = try await write(store, ReachFixture.csv)
        let corrected = ReachFixture.csv.replacingOccurrences(of: "talk,2027-03-12,attendees,40,elderly", with: "talk,2027-03-12,attendees,48,elderly")
        let (outcome, batch) = try await write(store, corrected)
        #expect(outcome.replaced == 1)
        #expect(outcome.unchanged == 8)
        #expect(try await personTimes(store) == 118)
        let undo = try await store.undoReachBatch(batch.id, at: now)
        #expect(undo == ReachUndoSummary(batch: batch.id, deleted: 0, restored: 1, keptLaterChanges: 0))
        #expect(try await personTimes(store) == 110)
        await #expect(throws: ReachStoreError.batchAlreadyUndone(batch.id, at: now)) { try await store.undoReachBatch(batch.id, at: now) }
        let all = try await store.reachBatches()
        #expect(all.map(\.undoneAt) == [nil, now])
        // Undoing the first batch deletes what it added.
        let first = try await store.undoReachBatch(all[0].id, at: now)
        #expect(first.deleted == 9)
        #expect(try await personTimes(store) == 0)
        #expect(try await store.verifyReachCube().isEmpty)
    }

    /// Two chunks of one batch on the same day, in key order, the second one's keys among the first's and an earlier
    /// batch's (a file in date order cut mid-day): new records, a correction, an unchanged record, the same record
    /// twice in the chunk and a record of the chunk before are each found as they would be one by one.
    func aChunkThatContinuesTheDayBeforeItFindsEachRecord(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        let header = "event,date,metric,count,segment\n"
        _ = try await write(store, header + "talk,2027-03-12,attendees,40,elderly\ntalk,2027-03-12,consultations,5,elderly\n")
        func sorted(_ csv: String) async throws -> [ReachRow] {
            try await rows(store, header + csv).sorted { $0.key != $1.key ? $0.key < $1.key : $0.line < $1.line }
        }
        let firstChunk = try await sorted("talk,2027-03-12,attendees,10,students\ntalk,2027-03-12,leaflets,100,\n")
        let secondChunk = try await sorted(
            """
            talk,2027-03-12,attendees,10,students
            talk,2027-03-12,attendees,41,elderly
            talk,2027-03-12,attendees,41,elderly
            talk,2027-03-12,attendees,3,new-urban-workers
            talk,2027-03-12,consultations,2,students
            talk,2027-03-12,consultations,5,elderly

            """)
        let ((first, second), batch) = try await store.writeReachBatch(source: .import, file: "r.csv", recordedBy: nil, at: now) { writer in
            let first = try await writer.write(firstChunk)
            let second = try await writer.write(secondChunk)
            return ((first, second), true)
        }
        #expect(first.added == 2)
        #expect(second.added == 2)  // attendees of new urban workers, consultations of students
        #expect(second.replaced == 1)  // attendees of the elderly: 40 → 41
        #expect(second.unchanged == 1)  // consultations of the elderly
        #expect(second.duplicateLines.sorted() == [2, 4])  // in no set order; students' attendees were in the first chunk; the elderly's line 4 repeats 3
        #expect(second.earlierLines == [4: 3])
        #expect(second.duplicateKeys == [2: secondChunk[0].key])
        #expect(batch.added == 4)
        #expect(batch.replaced == 1)
        let counts = try await store.reachEntries(from: ReachFixture.day("2027-03-12"), through: ReachFixture.day("2027-03-12")).map(\.count)
        #expect(counts == [10, 41, 3, 2, 5, 100])
        #expect(try await personTimes(store) == 10 + 41 + 3 + 2 + 5)
        #expect(try await store.verifyReachCube().isEmpty)
    }

    /// A campaign's page reads its own events' records: the same entries as every record of the period, filtered.
    func theRecordsOfSomeEventsAreReadWithinThePeriod(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        _ = try await write(store, ReachFixture.csv)
        let keys = try await store.eventKeys()
        let chosen = try [#require(keys["talk"]), #require(keys["radio"])]
        for (from, through) in [("2026-01-01", "2027-12-31"), ("2027-03-12", "2027-03-16")] {
            let (first, last) = (ReachFixture.day(from), ReachFixture.day(through))
            let all = try await store.reachEntries(from: first, through: last)
            let some = try await store.reachEntries(events: chosen, from: first, through: last)
            #expect(!some.isEmpty)
            #expect(some.count < all.count)
            #expect(some == all.filter { chosen.contains($0.event) }.sorted { $0.key < $1.key })
        }
        #expect(try await store.reachEntries(events: [], from: ReachFixture.day("2026-01-01"), through: ReachFixture.day("2027-12-31")).isEmpty)
        #expect(try await store.reachEntries(events: [99_999], from: ReachFixture.day("2026-01-01"), through: ReachFixture.day("2027-12-31")).isEmpty)
    }

    func theSameRecordTwiceInOneBatchIsADuplicate(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        let twice = ReachFixture.csv + "talk,2027-03-12,attendees,41,elderly\n"
        let (outcome, _) = try await write(store, twice, commit: false)
        #expect(outcome.duplicateLines == [11])
        #expect(try await store.reachBatches().isEmpty)
        #expect(try await personTimes(store) == 0)
    }

    func aRolledBackBatchLeavesNothing(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        _ = try await write(store, ReachFixture.csv, commit: false)
        #expect(try await store.reachBatches().isEmpty)
        #expect(try await store.reachEntries(from: ReachFixture.day("2027-01-01"), through: ReachFixture.day("2027-12-31")).isEmpty)
        #expect(try await store.verifyReachCube().isEmpty)
    }

    private struct Stop: Error {}

    /// A failure in the middle of a batch (after chunks were written) rolls back the whole batch: no record, no
    /// batch, no rollup change; the writer is dead afterwards, and the store takes the next batch as usual.
    func aBatchWhoseBodyThrowsIsRolledBack(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        _ = try await write(store, ReachFixture.csv)
        let before = try await store.reachBatches()
        let corrected = try await rows(
            store, ReachFixture.csv.replacingOccurrences(of: "talk,2027-03-12,attendees,40,elderly", with: "talk,2027-03-12,attendees,48,elderly"))
        let extra = try await rows(store, "event,date,metric,count\nled,2027-03-21,screen-plays,7\n")
        let kept = Mutex<(any ReachBatchWriter)?>(nil)
        await #expect(throws: Stop.self) {
            _ = try await store.writeReachBatch(source: .import, file: "r.csv", recordedBy: nil, at: now) {
                (writer) async throws -> (result: Void, commit: Bool) in
                kept.withLock { $0 = writer }
                #expect(try await writer.write(corrected).replaced == 1)
                #expect(try await writer.write(extra).added == 1)
                throw Stop()
            }
        }
        #expect(try await store.reachBatches() == before)
        #expect(try await personTimes(store) == 110)
        #expect(try await store.reachEntries(from: ReachFixture.day("2027-03-21"), through: ReachFixture.day("2027-03-21")).isEmpty)
        #expect(try await store.verifyReachCube().isEmpty)
        let writer = try #require(kept.withLock { $0 })
        await #expect(throws: ReachStoreError.noOpenBatch) { try await writer.write(extra) }
        let (outcome, _) = try await store.writeReachBatch(extra, source: .import, file: "r.csv", recordedBy: nil, at: now)
        #expect(outcome.added == 1)
        #expect(try await store.reachBatches().count == before.count + 1)
    }

    func movingAnEventToAnotherBranchMovesItsReach(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        _ = try await write(store, ReachFixture.csv)
        var c1 = try #require(try await store.campaign("c1")).campaign
        c1.events = c1.events.map { event in
            var moved = event
            if moved.id == "talk" { moved.branch = "west" }
            return moved
        }
        _ = try await store.importCampaigns([c1], sources: [:], at: now)
        #expect(try await store.verifyReachCube().isEmpty)
        let request = ReportRequest(period: ReportPeriod("2027-03")!, dimensions: [.branch])
        var cube = ReachCubeReader()
        for source in ReachReportBuilder.sources(for: request) {
            cube.add(source.cuboid, range: source.months, months: try await store.reachCube(source.cuboid, months: source.months))
        }
        let report = try ReachReportBuilder.build(request, cube: cube, codes: try await store.reachCodes(), reference: ReachFixture.reference())
        #expect(report.rows.map(\.keys) == [["city"], ["east"], ["west"]])
        #expect(report.rows.map(\.personTimes) == [0, 55, 55])
    }

    func targetsAndBulletinsRoundTrip(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        let targets = [Target(branch: "east", period: ReportPeriod("2027-Q1")!, events: 30, personTimes: [.init(segment: "elderly", count: 900)])]
        try await store.replaceTargets(targets, source: "targets/2027.yaml")
        try await store.replaceTargets(targets, source: "targets/2027.yaml")
        #expect(try await store.targets() == targets)
        let figures = "{\"personTimes\":1}"
        try await store.publishBulletin(PublishedBulletin(month: "2027-02", branch: "city", issuedAt: now, figures: figures, stated: figures), restating: [], notices: [])
        var later = try #require(try await store.bulletin(month: "2027-02", branch: "city"))
        later.stated = "{\"personTimes\":2}"
        try await store.publishBulletin(PublishedBulletin(month: "2027-03", branch: "city", issuedAt: now, figures: figures, stated: figures), restating: [later], notices: [])
        #expect(try await store.bulletins(branch: "city").map(\.stated) == ["{\"personTimes\":2}", figures])
        #expect(try await store.bulletin(month: "2027-02", branch: "city")?.figures == figures)
    }

    func randomNotesRoundTripByteForByteThroughCSVAndTheStore(_ database: StoreDatabase) async throws {
        let store = try await store(database)
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
        let rows = try await rows(store, csv)
        #expect(rows.count == 300)
        _ = try await store.writeReachBatch(rows, source: .import, file: "r.csv", recordedBy: nil, at: now)
        let stored = try await store.reachTexts()
        #expect(stored.count == 300)
        for (i, texts) in stored.enumerated() {
            #expect(Array((texts.note ?? "").utf8) == Array(expected[i].note.utf8), "row \(i)")
            #expect(Array((texts.evidence ?? "").utf8) == Array(expected[i].evidence.utf8), "row \(i)")
        }
    }

    /// The store itself keeps every byte, U+0000 included (text is bound with its length); refusing such
    /// characters is the import's decision, not a truncation.
    func theStoreKeepsEveryByteOfText(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        var rows = try await rows(store, "event,date,metric,count\nled,2027-03-02,screen-plays,1\nled,2027-03-03,screen-plays,2\n")
        rows[0].note = "前\u{0}后\u{0}"
        rows[0].evidence = ""
        rows[1].note = "\u{0}"
        let (_, batch) = try await store.writeReachBatch(rows, source: .manual, file: nil, recordedBy: "甲\u{0}乙", at: now)
        let stored = try await store.reachTexts()
        #expect(stored.map { $0.note.map { Array($0.utf8) } } == [Array("前\u{0}后\u{0}".utf8), [0]])
        #expect(stored[0].evidence == "")  // an empty text stays text, not NULL
        #expect(stored[1].evidence == nil)
        #expect(try await store.reachBatches().first { $0.id == batch.id }?.recordedBy.map { Array($0.utf8) } == Array("甲\u{0}乙".utf8))
    }

    func countsOverTheLimitFromAnOlderVersionAreFoundAndNeverWrap(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        // 18 records of 999,999,999,999,999,999 in 18 months (one per month, so each stored cell holds).
        var csv = "event,date,metric,count\n"
        for i in 0..<18 { csv += "led,\(2026 + i / 12)-\(i % 12 + 1 < 10 ? "0" : "")\(i % 12 + 1)-15,screen-plays,1\n" }
        var rows = try await rows(store, csv)
        for i in rows.indices { rows[i].count = 999_999_999_999_999_999 }
        _ = try await store.writeReachBatch(rows, source: .import, file: "old.csv", recordedBy: nil, at: now)

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
        var more = try await self.rows(store, "event,date,metric,count\nled,2026-01-16,screen-plays,1\n")
        more[0].count = Int.max - 10
        await #expect(throws: ReachStoreError.sumOverflow) {
            try await store.writeReachBatch(more, source: .import, file: "more.csv", recordedBy: nil, at: now)
        }
        #expect(try await store.reachTexts().count == 18)
    }

    func aCleanStorePassesTheCountCheck(_ database: StoreDatabase) async throws {
        let store = try await store(database)
        _ = try await write(store, ReachFixture.csv)
        let check = try await store.reachCountCheck()
        #expect(check.isEmpty)
        #expect(check.examples.isEmpty)
    }
}
