import Foundation
import OutreachCore
import OutreachFormats
import OutreachSQLite
import OutreachTestSupport
import Testing

/// Reach writes against a real SQLite file: idempotent re-import, corrections with an audit trail,
/// duplicates, rollback, undo, and a rollup that always matches the records.
struct ReachStoreTests {
    let now = ReachFixture.now

    /// A store with the fixture's reference data and events. The campaigns run from 2026 to 2027, wide enough for
    /// every date these tests write (reach outside a campaign's period is refused).
    func store() async throws -> SQLiteStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reach-\(UUID()).sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        try await store.replaceReferenceData(ReachFixture.reference(), at: now)
        var c1 = Campaign(id: "c1", title: Names(zh: "三·一五"), kind: "consumer-rights-day", start: ReachFixture.day("2026-01-01"), end: ReachFixture.day("2027-12-31"), owner: "city")
        c1.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c1" }
        var c2 = Campaign(id: "c2", title: Names(zh: "广播"), kind: "households", start: ReachFixture.day("2026-01-01"), end: ReachFixture.day("2027-12-31"), owner: "city")
        c2.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c2" }
        _ = try await store.importCampaigns([c1, c2], sources: [:], at: now)
        return store
    }

    /// Rows checked against the store's own keys and codes.
    func rows(_ store: SQLiteStore, _ csv: String) async throws -> [ReachRow] {
        let codes = try await store.reachCodes()
        let keys = try await store.eventKeys()
        let events = try await store.events(matching: EventQuery())
        var validator = ReachRowValidator(index: ReachEventIndex(events: events, keys: keys, reference: ReachFixture.reference(), codes: codes), path: "r.csv")
        var reader = CSVReader()
        var rows: [ReachRow] = []
        var issues: [InputIssue] = []
        var header = true
        _ = try Array(csv.utf8).withUnsafeBufferPointer { buffer in
            try reader.parse(buffer, isFinal: true) { record in
                if header {
                    header = false
                    _ = validator.readHeader(record)
                } else if let row = validator.validate(record, issues: &issues) {
                    rows.append(row)
                }
            }
        }
        #expect(issues.errors.isEmpty)
        return rows
    }

    func write(_ store: SQLiteStore, _ csv: String, commit: Bool = true) async throws -> (ReachWriteOutcome, ReachBatch) {
        let rows = try await rows(store, csv)
        _ = try await store.beginReachBatch(source: .import, file: "r.csv", recordedBy: "测试员", at: now)
        let outcome = try await store.writeReach(rows)
        return (outcome, try await store.finishReachBatch(commit: commit))
    }

    func personTimes(_ store: SQLiteStore) async throws -> Int64 {
        let request = ReportRequest(period: ReportPeriod("2027-03")!, dimensions: [])
        var cube = ReachCubeReader()
        for source in ReachReportBuilder.sources(for: request) {
            cube.add(source.cuboid, range: source.months, months: try await store.reachCube(source.cuboid, months: source.months))
        }
        return try ReachReportBuilder.build(request, cube: cube, codes: try await store.reachCodes(), reference: ReachFixture.reference()).totals.personTimes
    }

    @Test func importingTheSameRowsAgainChangesNothing() async throws {
        let store = try await store()
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

    @Test func correctionsReplaceAndUndoRestores() async throws {
        let store = try await store()
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

    @Test func theSameRecordTwiceInOneBatchIsADuplicate() async throws {
        let store = try await store()
        let twice = ReachFixture.csv + "talk,2027-03-12,attendees,41,elderly\n"
        let (outcome, _) = try await write(store, twice, commit: false)
        #expect(outcome.duplicateLines == [11])
        #expect(try await store.reachBatches().isEmpty)
        #expect(try await personTimes(store) == 0)
    }

    @Test func aRolledBackBatchLeavesNothing() async throws {
        let store = try await store()
        _ = try await write(store, ReachFixture.csv, commit: false)
        #expect(try await store.reachBatches().isEmpty)
        #expect(try await store.reachEntries(from: ReachFixture.day("2027-01-01"), through: ReachFixture.day("2027-12-31")).isEmpty)
        #expect(try await store.verifyReachCube().isEmpty)
    }

    @Test func movingAnEventToAnotherBranchMovesItsReach() async throws {
        let store = try await store()
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

    @Test func targetsAndBulletinsRoundTrip() async throws {
        let store = try await store()
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
}
