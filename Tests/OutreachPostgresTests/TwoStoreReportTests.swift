import Foundation
import OutreachCore
import OutreachFormats
import OutreachPostgres
import OutreachSQLite
import OutreachTestSupport
import Testing

/// The same reach written to both stores gives the same report for every grouping (issue 13, item 4): the rollups
/// are kept alike, whatever each store does underneath.
@Suite(.enabled(if: PostgresTestServer.available, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to test on"))
struct TwoStoreReportTests {
    let now = ReachFixture.now

    func prepared(_ store: any OutreachStore) async throws {
        try await store.migrate()
        try await store.replaceReferenceData(ReachFixture.reference(), at: now)
        var c1 = Campaign(
            id: "c1", title: BilingualName(zh: "三·一五"), kind: "consumer-rights-day", start: ReachFixture.day("2026-01-01"),
            end: ReachFixture.day("2027-12-31"), owner: "city")
        c1.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c1" }
        var c2 = Campaign(
            id: "c2", title: BilingualName(zh: "广播"), kind: "households", start: ReachFixture.day("2026-01-01"),
            end: ReachFixture.day("2027-12-31"), owner: "city")
        c2.events = ReachFixture.events().map(\.event).filter { $0.campaign == "c2" }
        _ = try await store.importCampaigns([c1, c2], sources: [:], at: now)
    }

    func write(_ store: any OutreachStore, _ csv: String) async throws -> ReachBatch {
        let (rows, issues) = try await ReachFixture.rows(csv, in: store)
        #expect(issues.errors.isEmpty)
        return try await store.writeReachBatch(rows, source: .import, file: "r.csv", recordedBy: "测试员", at: now).batch
    }

    /// Every grouping of one and two dimensions, as text (rows, totals, metrics).
    func reports(_ store: any OutreachStore, period: ReportPeriod) async throws -> [String] {
        let codes = try await store.reachCodes()
        var groupings: [[ReportDimension]] = [[]] + ReportDimension.allCases.map { [$0] }
        for first in ReportDimension.allCases {
            for second in ReportDimension.allCases where second != first { groupings.append([first, second]) }
        }
        var result: [String] = []
        for dimensions in groupings {
            let request = ReportRequest(period: period, dimensions: dimensions)
            var cube = ReachCubeReader()
            for source in ReachReportBuilder.sources(for: request) {
                cube.add(source.cuboid, range: source.months, months: try await store.reachCube(source.cuboid, months: source.months))
            }
            do {
                let report = try ReachReportBuilder.build(request, cube: cube, codes: codes, reference: ReachFixture.reference())
                result.append(
                    "\(dimensions): \(report.metrics.map(\.id)) \(report.rows.map { "\($0.keys) \($0.values) \($0.personTimes) \(String(describing: $0.population))" }) total \(report.totals.values) \(report.totals.personTimes)")
            } catch {
                result.append("\(dimensions): \(error)")
            }
        }
        return result
    }

    @Test func reportsAreTheSameOnBothStoresForEveryGrouping() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let postgres = try scratch.open()
        let sqlite = try SQLiteStore(path: ":memory:")
        let corrected = ReachFixture.csv.replacingOccurrences(
            of: "talk,2027-03-12,attendees,40,elderly", with: "talk,2027-03-12,attendees,48,elderly")
        for store in [postgres, sqlite] as [any OutreachStore] {
            try await prepared(store)
            _ = try await write(store, ReachFixture.csv)
            let correction = try await write(store, corrected + "led,2027-03-21,screen-plays,7\n")
            _ = try await write(store, "event,date,metric,count\nradio,2027-04-02,listeners,1200\n")
            _ = try await store.undoReachBatch(correction.id, at: now)
            _ = try await write(store, corrected)
        }
        for period in ["2027-03", "2027-Q1", "2027-Q2", "2027"] {
            let expected = try await reports(sqlite, period: try #require(ReportPeriod(period)))
            let got = try await reports(postgres, period: try #require(ReportPeriod(period)))
            #expect(got.count == expected.count)
            for (have, want) in zip(got, expected) { #expect(have == want, "\(period)") }
        }
        // The records themselves, named by event (each store numbers its events itself).
        var records: [[String]] = []
        for store in [postgres, sqlite] as [any OutreachStore] {
            let names = Dictionary(try await store.eventKeys().map { ($1, $0.rawValue) }, uniquingKeysWith: { a, _ in a })
            records.append(
                try await store.reachEntries(from: ReachFixture.day("2027-01-01"), through: ReachFixture.day("2027-12-31")).map {
                    "\(names[$0.event] ?? "?") \($0.day) \($0.metric) \($0.segment) \($0.count)"
                }.sorted())
        }
        #expect(records[0] == records[1])
        #expect(records[0].count == 10)
        #expect(try await postgres.verifyReachCube().isEmpty)
    }
}
