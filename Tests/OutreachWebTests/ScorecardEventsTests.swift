import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

@testable import OutreachApp

/// A period's scorecard reads only the events it looks up (`Scorecards.eventsByKey(meeting:recordedIn:)`): those
/// whose span meets the period and those with reach recorded in it. It must come out the same as from every event.
struct ScorecardEventsTests {
    @Test(.timeLimit(.minutes(2)))
    func aScorecardFromTheEventsItLooksUpIsTheSameAsFromEveryEvent() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        // The shipped November reach, and reach of a November talk recorded on a December day it did not run.
        let offDay = URL(fileURLWithPath: setup.folder).appendingPathComponent("off-day.csv")
        try "event,date,metric,count,segment\nhh-yangguang-talk-20261126,2026-12-02,attendees,7,elderly\n"
            .write(to: offDay, atomically: true, encoding: .utf8)
        let importer = ReachImport(store: setup.store, reference: setup.reference, language: .en)
        for path in [CommandRunner.repositoryRoot.appendingPathComponent("samples/reach-2026-11.csv").path, offDay.path] {
            let summary = try await importer.run(paths: [path], at: ShippedWebSetup.now, observer: SilentReachImportObserver())
            #expect(summary.committed, "\(path)")
        }
        let today = try #require(LocalDate("2027-03-16"))
        let scorecards = Scorecards(store: setup.store, reference: setup.reference, today: today)
        let every = try await scorecards.eventsByKey()
        func json(_ scorecard: Scorecard) -> String {
            ScorecardRenderer(scorecard: scorecard, reference: setup.reference, language: .en).json()
        }
        for text in ["2026-11", "2026-12", "2026-Q4", "2027-Q1", "2027-03"] {
            let period = try #require(ReportPeriod(text))
            let read = try await scorecards.scorecard(period: period, scope: nil)
            let fromEvery = try await scorecards.scorecard(period: period, scope: nil, events: every)
            #expect(json(read) == json(fromEvery), "\(text)")
        }
        // December needs the talk although it has no day in December: without it the scorecard would differ.
        let december = try #require(ReportPeriod("2026-12"))
        let entries = try await setup.store.reachEntries(from: december.start, through: december.end)
        let meetingOnly = try await scorecards.eventsByKey(meeting: december, recordedIn: [])
        let looked = try await scorecards.eventsByKey(meeting: december, recordedIn: entries)
        #expect(looked.count == meetingOnly.count + 1)
        let without = try await scorecards.scorecard(period: december, scope: nil, events: meetingOnly)
        #expect(json(without) != json(try await scorecards.scorecard(period: december, scope: nil)))
    }
}
