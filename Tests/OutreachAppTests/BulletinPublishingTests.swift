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

    /// Two runs publish the same month at once, each over its own connection: one publishes, the other is told
    /// when and by whom (not a raw UNIQUE constraint error), and only one notice is queued.
    @Test func ofTwoPublishersAtOnceOneWinsAndTheOtherIsToldWhoDid() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let month = ReachCubeMonth.index(of: LocalDate("2026-11-01")!)
        let bulletin = try await Scorecards(store: setup.store, reference: setup.reference, today: LocalDate("2026-11-29")!)
            .bulletin(month: month, scope: "city")
        @Sendable func publish(_ who: String) async -> Result<Int, any Error> {
            do {
                let store = try setup.factory.open(setup.location)
                let publishing = BulletinPublishing(store: store, reference: setup.reference, notify: StoreSetup.notify)
                return .success(
                    try await publishing.publish(
                        bulletin, month: "2026-11", period: ReportPeriod.month(month), scope: "city", link: "b.html",
                        language: .zh, by: who, at: now))
            } catch {
                return .failure(error)
            }
        }
        async let first = publish("王芳")
        async let second = publish("李强")
        let results = await [first, second]
        let winners = results.compactMap { try? $0.get() }
        #expect(winners == [1])
        let published = try #require(try await setup.store.bulletin(month: "2026-11", branch: "city"))
        #expect(["王芳", "李强"].contains(published.publishedBy))
        let refusals = results.compactMap { result -> ReachStoreError? in
            if case .failure(let error) = result { return error as? ReachStoreError }
            return nil
        }
        #expect(refusals == [.bulletinAlreadyPublished(published)])
        let at = Timestamp.string(from: now)
        #expect(
            refusals.first?.message(.en)
                == "The 2026-11 bulletin was published on \(at) by \(published.publishedBy) and is not issued again; later corrections appear in the next bulletin.")
        #expect(
            refusals.first?.message(.zh)
                == "2026-11 的专刊已于 \(at) 由 \(published.publishedBy) 发布，不再重复发布；之后的更正会在下一期专刊中说明。")
        #expect(try await setup.keys() == ["bulletin:2026-11:city:城东群"])
    }

    /// A bulletin or report of a published month says so, and says when its figures changed after publishing.
    @Test func aPublishedMonthSaysWhenAndByWhomAndWhetherItsFiguresChanged() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let month = ReachCubeMonth.index(of: LocalDate("2026-11-01")!)
        let scorecards = Scorecards(store: setup.store, reference: setup.reference, today: LocalDate("2026-11-29")!)
        #expect(try await scorecards.publishedStatus(month: month, scope: "city") == nil)
        let bulletin = try await scorecards.bulletin(month: month, scope: "city")
        try await BulletinPublishing(store: setup.store, reference: setup.reference, notify: nil).publish(
            bulletin, month: "2026-11", period: ReportPeriod.month(month), scope: "city", link: "b.html", language: .zh,
            by: "王芳", at: now)
        let status = try #require(try await scorecards.publishedStatus(month: month, scope: "city"))
        #expect(!status.figuresDiffer)
        let at = Timestamp.string(from: now)
        #expect(status.message(.zh) == "2026-11 的专刊已于 \(at) 由 王芳 发布。")
        #expect(status.message(.en) == "The 2026-11 bulletin was published on \(at) by 王芳.")
        // Figures that differ from those issued (reach logged for November after publishing).
        var later = bulletin.figures
        later.personTimes += 40
        let changed = PublishedBulletinStatus(status.bulletin, current: later)
        #expect(changed.figuresDiffer)
        #expect(
            changed.message(.en)
                == "The 2026-11 bulletin was published on \(at) by 王芳. Reach for 2026-11 changed after it was published: these figures differ from the published bulletin, and the next bulletin restates them.")
        #expect(
            changed.message(.zh)
                == "2026-11 的专刊已于 \(at) 由 王芳 发布。此后 2026-11 的触达数据有变动：这里的数字与已发布的专刊不同，下一期专刊将作更正说明。")
    }
}
