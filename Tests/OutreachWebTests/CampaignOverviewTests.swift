import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// A campaign's page counts its progress from its own events' records (`Scorecards.activity(of:)`, the store's
/// `reachEntries(events:…)`): the same figures as from every record and every event of the period, as before.
struct CampaignOverviewTests {
    @Test(.timeLimit(.minutes(2)))
    func progressFromTheCampaignsOwnRecordsIsTheSameAsFromTheWholePeriod() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        // The shipped November reach, and figures for an event of another campaign.
        let importer = ReachImport(store: setup.store, reference: setup.reference, language: .en)
        let summary = try await importer.run(
            paths: [CommandRunner.repositoryRoot.appendingPathComponent("samples/reach-2026-11.csv").path], at: ShippedWebSetup.now,
            observer: SilentReachImportObserver())
        #expect(summary.committed)
        let admin = User(name: "wang.fang", displayName: "王芳", role: .admin, createdAt: ShippedWebSetup.now)
        let staff = User(name: "li.ming", displayName: "李明", role: .branchStaff, branch: "xn-chibi", createdAt: ShippedWebSetup.now)
        let overview = CampaignOverview(store: setup.store, reference: setup.reference)
        let today = try #require(LocalDate("2027-03-16"))
        var withReach = 0
        for stored in try await setup.store.campaigns() {
            let campaign = stored.campaign
            for user in [admin, staff] {
                guard let result = try await overview.overview(campaign.id, for: user, today: today) else { continue }
                // As counted before: every event and every record of the period, then this campaign's visible ones.
                let visible = { (event: Event) in user.maySee(event.branch, reference: setup.reference) }
                let activity = try await Scorecards(store: setup.store, reference: setup.reference, today: today)
                    .activity(from: campaign.start, through: campaign.end)
                let held = activity.heldOccurrences(in: ReportPeriod(kind: .dates, start: campaign.start, end: campaign.end))
                    .filter { $0.event.campaign == campaign.id && visible($0.event) }
                var byCode: [Int: Int64] = [:]
                for entry in activity.entries {
                    guard let event = activity.events[entry.event]?.event, event.campaign == campaign.id, visible(event) else { continue }
                    byCode[entry.metric, default: 0] += Int64(entry.count)
                }
                let reach = setup.reference.metrics.compactMap { metric in
                    activity.codes.metrics[metric.id].flatMap { byCode[$0] }.map { "\(metric.id.rawValue)=\($0)" }
                }
                #expect(result.progress.reach.map { "\($0.metric.id.rawValue)=\($0.count)" } == reach, "\(campaign.id) \(user.name)")
                #expect(result.progress.held == held.filter(\.isPlanned).count, "\(campaign.id) \(user.name)")
                #expect(result.progress.unplanned == held.filter { !$0.isPlanned }.count, "\(campaign.id) \(user.name)")
                if !reach.isEmpty { withReach += 1 }
            }
        }
        #expect(withReach >= 2)
    }
}

/// Reports nothing.
final class SilentReachImportObserver: ReachImportObserver {
    var isInterrupted: Bool { false }
    func batchOpened() async {}
    func report(_ issues: [InputIssue]) {}
    func progress(bytesRead: Int, rows: Int) {}
    func finished() {}
}
