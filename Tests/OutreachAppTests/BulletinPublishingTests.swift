import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// Scorecards and publishing a bulletin, over the real SQLite store opened through the factory.
struct BulletinPublishingTests {
    let now = StoreSetup.now

    @Test func publishingStoresTheBulletinAndQueuesItsNoticeTogether() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let month = ReachCubeMonth.index(of: LocalDate("2026-11-01")!)
        let bulletin = try await Scorecards(store: setup.store, reference: setup.reference, today: LocalDate("2026-11-29")!)
            .bulletin(month: month, scope: "city")
        let publishing = BulletinPublishing(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        #expect(try await publishing.published(month: "2026-11", branch: "city") == nil)
        let queued = try await publishing.publish(
            bulletin, month: "2026-11", period: ReportPeriod.month(month), scope: "city", link: "https://intranet/b/2026-11",
            language: .zh, at: now)
        #expect(queued == 1)
        #expect(try await setup.keys() == ["bulletin:2026-11:city:城东群"])
        let published = try #require(try await publishing.published(month: "2026-11", branch: "city"))
        #expect(published.issuedAt == now)
        #expect(published.figures == bulletin.figures.json())
    }

    @Test func withoutANotifyConfigurationTheBulletinIsPublishedQuietly() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let month = ReachCubeMonth.index(of: LocalDate("2026-11-01")!)
        let bulletin = try await Scorecards(store: setup.store, reference: setup.reference, today: LocalDate("2026-11-29")!)
            .bulletin(month: month, scope: "city")
        let queued = try await BulletinPublishing(store: setup.store, reference: setup.reference, notify: nil).publish(
            bulletin, month: "2026-11", period: ReportPeriod.month(month), scope: "city", link: "b.html", language: .en, at: now)
        #expect(queued == 0)
        #expect(try await setup.store.stateCounts().isEmpty)
        #expect(try await setup.store.bulletins(branch: "city").map(\.month) == ["2026-11"])
    }
}
