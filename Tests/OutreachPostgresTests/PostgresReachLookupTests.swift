import Foundation
import OutreachCore
import OutreachPostgres
import OutreachSQLite
import OutreachTestSupport
import Testing

/// How a chunk of a reach batch finds the records it replaces (`PostgresReachBatchWriter.storedRecords`): by the
/// chunk's key range when the stored records there are few (files in date order, as the contract cases write), and
/// key by key when the range holds many more records than the chunk (rows in no order). Both must find the same.
@Suite(.enabled(if: PostgresTestServer.available, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to test on"))
struct PostgresReachLookupTests {
    let now = ReachFixture.now

    func store(_ scratch: ScratchSchema) async throws -> PostgresStore {
        let store = try scratch.open()
        try await prepare(store)
        return store
    }

    func prepare(_ store: any OutreachStore) async throws {
        try await store.migrate()
        try await store.replaceReferenceData(ReachFixture.reference(), at: now)
        var c2 = Campaign(
            id: "c2", title: BilingualName(zh: "广播"), kind: "households", start: ReachFixture.day("2026-01-01"),
            end: ReachFixture.day("2027-12-31"), owner: "city")
        c2.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c2" }
        _ = try await store.importCampaigns([c2], sources: [:], at: now)
    }

    /// 3,000 records of one event on consecutive days, then a batch of three rows at both ends of that range and
    /// in it: far more stored records between its keys than the batch holds, so each key is looked up alone.
    @Test func aSparseChunkOverManyStoredRecordsFindsEachOneByKey() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let store = try await store(scratch)
        let (template, issues) = try await ReachFixture.rows("event,date,metric,count\nradio,2027-03-20,listeners,3000\n", in: store)
        #expect(issues.errors.isEmpty)
        let first = try #require(template.first)
        func row(day offset: Int, count: Int, note: String? = nil, line: Int) -> ReachRow {
            let key = ReachKey.pack(
                day: first.day + offset, event: ReachKey.event(first.key), metric: first.metricCode, segment: first.segmentCode)
            return ReachRow(line: line, key: key, count: count, note: note, evidence: nil, attribution: first.attribution)
        }
        let stored = (0..<3000).map { row(day: $0 * 2, count: 10, note: $0 == 0 ? "旧\u{0}备注" : nil, line: $0 + 2) }
        let (loaded, _) = try await store.writeReachBatch(stored, source: .import, file: "a.csv", recordedBy: nil, at: now)
        #expect(loaded.added == 3000)

        let sparse = [
            row(day: 0, count: 12, note: "新", line: 2),  // the first record, corrected
            row(day: 2999 * 2, count: 10, line: 3),  // the last, unchanged
            row(day: 1001, count: 7, line: 4),  // between two stored days: new
        ]
        let (outcome, batch) = try await store.writeReachBatch(sparse, source: .import, file: "b.csv", recordedBy: nil, at: now)
        #expect(outcome.replaced == 1)
        #expect(outcome.unchanged == 1)
        #expect(outcome.added == 1)
        #expect(outcome.duplicateLines.isEmpty)
        #expect(try await store.reachTexts().first?.note == "新")
        #expect(try await store.verifyReachCube().isEmpty)

        // The same rows again are all unchanged, found the same way.
        let (again, _) = try await store.writeReachBatch(sparse, source: .import, file: "b.csv", recordedBy: nil, at: now)
        #expect(again.unchanged == 3)

        // Undo restores the replaced record as it was (its note, NUL included) from the audit the batch wrote.
        let undo = try await store.undoReachBatch(batch.id, at: now)
        #expect(undo == ReachUndoSummary(batch: batch.id, deleted: 1, restored: 1, keptLaterChanges: 0))
        let texts = try await store.reachTexts()
        #expect(texts.count == 3000)
        #expect(texts.first?.note == "旧\u{0}备注")
        #expect(try await store.reachEntries(from: ReachFixture.day("2000-01-01"), through: ReachFixture.day("2099-12-31")).first?.count == 10)
        #expect(try await store.verifyReachCube().isEmpty)
    }

    /// A chunk in date order over records of the same days (a corrected file imported again): read by range.
    @Test func aDenseChunkReplacesByRange() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let store = try await store(scratch)
        let (template, _) = try await ReachFixture.rows("event,date,metric,count\nradio,2027-03-20,listeners,3000\n", in: store)
        let first = try #require(template.first)
        func rows(count: Int) -> [ReachRow] {
            (0..<2000).map {
                ReachRow(
                    line: $0 + 2,
                    key: ReachKey.pack(day: first.day + $0, event: ReachKey.event(first.key), metric: first.metricCode, segment: first.segmentCode),
                    count: $0 % 2 == 0 ? count : 5, note: nil, evidence: "照片\($0)", attribution: first.attribution)
            }
        }
        _ = try await store.writeReachBatch(rows(count: 5), source: .import, file: "a.csv", recordedBy: nil, at: now)
        let (outcome, batch) = try await store.writeReachBatch(rows(count: 6), source: .import, file: "a.csv", recordedBy: nil, at: now)
        #expect(outcome.replaced == 1000)
        #expect(outcome.unchanged == 1000)
        #expect(try await store.verifyReachCube().isEmpty)
        let undo = try await store.undoReachBatch(batch.id, at: now)
        #expect(undo.restored == 1000)
        #expect(try await store.reachTexts().map(\.evidence) == (0..<2000).map { "照片\($0)" })
        #expect(try await store.verifyReachCube().isEmpty)
    }

    /// Undo reads a batch's records as the range of keys the batch wrote (there is no index on `reach.batch`): the
    /// keys it replaced as well as those it added. A record comes back to a batch when a later batch that replaced it
    /// is undone, so the earlier batch's range must hold it. The ranges of batches written
    /// elsewhere (`outreach migrate` from SQLite, or batches written before the range was kept) are worked out from
    /// the records and the audit, and undo finds the same there.
    @Test func undoFindsABatchsRecordsWithinTheKeysItWroteAlsoAfterAMigration() async throws {
        func batches(in store: any OutreachStore) async throws -> (first: [ReachRow], second: [ReachRow]) {
            let (template, _) = try await ReachFixture.rows("event,date,metric,count\nradio,2027-03-20,listeners,1\n", in: store)
            let first = try #require(template.first)
            func row(day offset: Int, count: Int, line: Int) -> ReachRow {
                let key = ReachKey.pack(
                    day: first.day + offset, event: ReachKey.event(first.key), metric: first.metricCode, segment: first.segmentCode)
                return ReachRow(line: line, key: key, count: count, note: nil, evidence: "照片\(offset)", attribution: first.attribution)
            }
            // The second batch corrects the first's first record, below the two it adds after the first's range.
            return ((0..<300).map { row(day: 100 + $0, count: 10, line: $0 + 2) },
                    [row(day: 100, count: 99, line: 2), row(day: 450, count: 1, line: 3), row(day: 460, count: 2, line: 4)])
        }
        func undoBoth(in store: any OutreachStore, first: Int, second: Int) async throws {
            let undoSecond = try await store.undoReachBatch(second, at: now)
            #expect(undoSecond == ReachUndoSummary(batch: second, deleted: 2, restored: 1, keptLaterChanges: 0))
            #expect(try await store.reachTexts().count == 300)
            #expect(try await store.reachTexts().first?.evidence == "照片100")
            #expect(try await store.verifyReachCube().isEmpty)
            // The restored record is the first batch's again: undoing that batch removes all 300.
            let undoFirst = try await store.undoReachBatch(first, at: now)
            #expect(undoFirst == ReachUndoSummary(batch: first, deleted: 300, restored: 0, keptLaterChanges: 0))
            #expect(try await store.reachTexts().isEmpty)
            #expect(try await store.verifyReachCube().isEmpty)
        }

        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let postgres = try await store(scratch)
        let (first, second) = try await batches(in: postgres)
        let a = try await postgres.writeReachBatch(first, source: .import, file: "a.csv", recordedBy: nil, at: now).batch
        let b = try await postgres.writeReachBatch(second, source: .import, file: "b.csv", recordedBy: "周敏", at: now)
        #expect(b.outcome.added == 2)
        #expect(b.outcome.replaced == 1)
        try await undoBoth(in: postgres, first: a.id, second: b.batch.id)

        // The same two batches written on SQLite and moved to PostgreSQL.
        let sqlite = try SQLiteStore(path: ":memory:")
        try await prepare(sqlite)
        let (firstThere, secondThere) = try await batches(in: sqlite)
        let aThere = try await sqlite.writeReachBatch(firstThere, source: .import, file: "a.csv", recordedBy: nil, at: now).batch
        let bThere = try await sqlite.writeReachBatch(secondThere, source: .import, file: "b.csv", recordedBy: nil, at: now).batch
        let moved = try await ScratchSchema.create()
        defer { moved.remove() }
        let target = try moved.open()
        try await target.migrate()
        try await target.replaceContent(from: sqlite)
        try await undoBoth(in: target, first: aThere.id, second: bThere.id)
    }
}
