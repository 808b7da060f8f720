import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// Records what a reach import tells its front end.
final class RecordingObserver: ReachImportObserver {
    var issues: [InputIssue] = []
    var opened = 0
    var finishedCount = 0
    var progressRows: [Int] = []
    var interruptAfterOpening = false
    var isInterrupted: Bool { interruptAfterOpening && opened > 0 }

    func batchOpened() async { opened += 1 }
    func report(_ issues: [InputIssue]) { self.issues += issues }
    func progress(bytesRead: Int, rows: Int) { progressRows.append(rows) }
    func finished() { finishedCount += 1 }
}

/// `outreach reach import` and `reach log`/`undo` as use cases, over the real SQLite store opened through the factory.
struct ReachImportTests {
    let now = StoreSetup.now

    /// A store holding one event, e1 on 2026-12-05 at 阳光社区 (咸安支行).
    func setup() async throws -> StoreSetup {
        let setup = try await StoreSetup()
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: nil)
        try await importer.store(try await importer.check([StoreSetup.campaignFile(events: [("e1", "confirmed")])]), at: now)
        return setup
    }

    func write(_ text: String, in setup: StoreSetup, name: String = "reach.csv") -> String {
        let path = setup.folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func total(_ setup: StoreSetup) async throws -> Int {
        try await setup.store.reachEntries(from: LocalDate("2026-12-01")!, through: LocalDate("2026-12-31")!)
            .reduce(0) { $0 + Int($1.count) }
    }

    @Test func aGoodFileIsCommittedAndTheRollupEqualsTheRecords() async throws {
        let setup = try await setup()
        defer { setup.close() }
        let path = write("event,date,metric,count,segment\ne1,2026-12-05,attendees,40,elderly\ne1,2026-12-05,leaflets,100,\n", in: setup)
        let observer = RecordingObserver()
        let summary = try await ReachImport(store: setup.store, reference: setup.reference, language: .en)
            .run(paths: [path], at: now, observer: observer)
        #expect(summary.committed)
        #expect(summary.rows == 2)
        #expect(summary.errors == 0)
        #expect(summary.batch?.added == 2)
        #expect(observer.issues.isEmpty)
        #expect(observer.opened == 1)
        #expect(observer.finishedCount == 1)
        #expect(observer.progressRows.last == 2)
        #expect(try await total(setup) == 140)
        #expect(try await setup.store.verifyReachCube().isEmpty)
    }

    @Test func aBadRowWritesNothingUnlessSkippedThenGoesToTheRejectsFile() async throws {
        let setup = try await setup()
        defer { setup.close() }
        let path = write("event,date,metric,count,segment\ne1,2026-12-05,attendees,40,elderly\ne1,2026-12-05,atendees,7,\n", in: setup)
        var use = ReachImport(store: setup.store, reference: setup.reference, language: .en)
        let observer = RecordingObserver()
        let refused = try await use.run(paths: [path], at: now, observer: observer)
        #expect(!refused.committed)
        #expect(refused.errors == 1)
        #expect(observer.issues.errors.map { $0.location?.path } == [path])
        #expect(observer.issues.errors.map { $0.location?.line } == [3])
        #expect(try await total(setup) == 0)
        #expect(!FileManager.default.fileExists(atPath: path + ".rejects.csv"))

        use.skipInvalid = true
        let skipped = try await use.run(paths: [path], at: now, observer: RecordingObserver())
        #expect(skipped.committed)
        #expect(skipped.rejected == 1)
        #expect(skipped.rejectFiles == [path + ".rejects.csv"])
        #expect(try await total(setup) == 40)
        let rejects = try #require(FileManager.default.contents(atPath: path + ".rejects.csv"))
        let lines = String(decoding: rejects, as: UTF8.self).components(separatedBy: "\r\n")
        // The row as written, its line in the file, and why.
        #expect(lines.first == "\u{FEFF}event,date,metric,count,segment,line,reason")
        #expect(lines[1].hasPrefix("e1,2026-12-05,atendees,7,,3,"))
        #expect(lines[1].contains("'atendees'"))
        // Corrected, the rejects file imports as it is: its line and reason columns are ignored.
        let corrected = String(decoding: rejects, as: UTF8.self).replacingOccurrences(of: "atendees", with: "consultations")
        try Data(corrected.utf8).write(to: URL(fileURLWithPath: path + ".fixed.csv"))
        var again = ReachImport(store: setup.store, reference: setup.reference, language: .en)
        again.skipInvalid = false
        let fixed = try await again.run(paths: [path + ".fixed.csv"], at: now, observer: RecordingObserver())
        #expect(fixed.committed)
        #expect(fixed.errors == 0)
        #expect(try await total(setup) == 47)
    }

    @Test func issuesComeInLineOrder() async throws {
        let setup = try await setup()
        defer { setup.close() }
        // Line 3 repeats line 2 (found when the store writes), line 4 has no such date (found when read).
        let path = write(
            "event,date,metric,count,segment\ne1,2026-12-05,attendees,40,elderly\ne1,2026-12-05,attendees,41,elderly\ne1,2026-12-32,attendees,1,\n",
            in: setup)
        let use = ReachImport(store: setup.store, reference: setup.reference, language: .en)
        let observer = RecordingObserver()
        _ = try await use.run(paths: [path], at: now, observer: observer)
        #expect(observer.issues.errors.map { $0.location?.line } == [3, 4])
    }

    @Test func anInterruptionRollsEverythingBack() async throws {
        let setup = try await setup()
        defer { setup.close() }
        let path = write("event,date,metric,count,segment\ne1,2026-12-05,attendees,40,elderly\n", in: setup)
        let observer = RecordingObserver()
        observer.interruptAfterOpening = true
        let summary = try await ReachImport(store: setup.store, reference: setup.reference, language: .en)
            .run(paths: [path], at: now, observer: observer)
        #expect(summary.interrupted)
        #expect(!summary.committed)
        #expect(try await total(setup) == 0)
        #expect(try await setup.store.reachBatches().isEmpty)
    }

    @Test func aFileInAnotherEncodingOrWithoutRowsIsRefused() async throws {
        let setup = try await setup()
        defer { setup.close() }
        var use = ReachImport(store: setup.store, reference: setup.reference, language: .en)
        use.encoding = .utf8
        let latin = setup.folder + "/latin.csv"
        _ = FileManager.default.createFile(
            atPath: latin, contents: Data(Array("event,date,metric,count\ne1,2026-12-05,attendees,4".utf8) + [0xB0, 0x0A]))
        await #expect(throws: ReachImport.Failure.encoding(.notUTF8(byteOffset: 49), path: latin)) {
            try await use.run(paths: [latin], at: now, observer: RecordingObserver())
        }
        let empty = write("event,date,metric,count,segment\n", in: setup, name: "empty.csv")
        let observer = RecordingObserver()
        await #expect(throws: ReachImport.Failure.badFile) {
            try await use.run(paths: [empty], at: now, observer: observer)
        }
        #expect(observer.issues.map { $0.location } == [SourceLocation(path: empty)])
        #expect(try await setup.store.reachBatches().isEmpty)
    }

    @Test func loggedRowsAreOneBatchThatUndoTakesBack() async throws {
        let setup = try await setup()
        defer { setup.close() }
        let log = ReachLog(store: setup.store, reference: setup.reference)
        let (index, events) = try await log.index()
        #expect(events.map(\.event.id) == ["e1"])
        var validator = ReachRowValidator(index: index, path: "")
        var issues: [InputIssue] = []
        func row(_ count: Int) -> ReachRow? {
            validator.validate(
                ReachRecord(event: "e1", date: LocalDate("2026-12-05")!, metric: "attendees", segment: "elderly", count: count),
                flags: [:], at: nil, issues: &issues)
        }
        let first = try #require(row(30))
        let recorded = try await log.record([first], recordedBy: "张伟", at: now)
        #expect(recorded.committed)
        #expect(recorded.outcome.added == 1)
        #expect(try await total(setup) == 30)
        // The same record twice in one batch writes nothing.
        let twice = try await log.record([try #require(row(31)), try #require(row(32))], recordedBy: "张伟", at: now)
        #expect(!twice.committed)
        #expect(try await total(setup) == 30)
        let undone = try await log.undo(recorded.batch, at: now)
        #expect(undone.deleted == 1)
        #expect(try await total(setup) == 0)
        #expect(issues.isEmpty)
    }
}
