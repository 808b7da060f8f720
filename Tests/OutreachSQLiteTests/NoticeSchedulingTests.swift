import Foundation
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import Testing

/// Notices are written in the same transaction as the change that causes them.
struct NoticeSchedulingTests {
    let now = Timestamp.date(from: "2026-11-29T01:00:00Z")!

    var configuration: NotifyConfiguration {
        NotifyConfiguration(targets: [
            NotifyTarget(name: "城东群", kind: .wecom, endpoint: (try? WebhookEndpoint.make(kind: .wecom, value: "east").get())!)
        ])
    }

    func event(_ id: String, day: String = "2026-12-05", status: EventStatus = .confirmed) -> Event {
        Event(
            id: Event.ID(id), campaign: "c1", title: BilingualName(zh: "防诈骗讲座"), channel: "community-event", venue: "community-1",
            branch: "east", timing: .timed(start: LocalDateTime("\(day) 14:30")!, end: LocalDateTime("\(day) 16:00")!),
            status: status)
    }

    func campaign(_ events: [Event]) -> Campaign {
        Campaign(
            id: "c1", title: BilingualName(zh: "金融知识进万家"), kind: "households", start: LocalDate("2026-12-01")!,
            end: LocalDate("2026-12-31")!, owner: "city", branches: ["east"], segments: [], channels: ["community-event"],
            events: events)
    }

    /// The reminder policy every import and status change below passes to its unit of work.
    var reminders: ReminderPlanner { ReminderPlanner(configuration: configuration, reference: .fixture()) }

    func store() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: ":memory:")
        try await store.migrate()
        try await store.replaceReferenceData(.fixture(), at: now)
        return store
    }

    func keys(_ store: SQLiteStore, state: OutboxDelivery.State? = nil) async throws -> [String] {
        let states: Set<OutboxDelivery.State> = state.map { [$0] } ?? Set(OutboxDelivery.State.allCases)
        return try await store.deliveries(matching: OutboxQuery(states: states)).map(\.key).sorted()
    }

    @Test func importingAConfirmedEventQueuesItsReminders() async throws {
        let store = try await store()
        _ = try await store.importCampaigns([campaign([event("e1"), event("e2", status: .planned)])], sources: [:], reminders: reminders, at: now)
        #expect(
            try await keys(store) == [
                "reminder:e1:2026-12-05T14:30:1d@09:00:城东群", "reminder:e1:2026-12-05T14:30:1h:城东群",
            ])
        // Importing the same file again adds nothing.
        _ = try await store.importCampaigns([campaign([event("e1"), event("e2", status: .planned)])], sources: [:], reminders: reminders, at: now)
        #expect(try await store.stateCounts() == [.pending: 2])
    }

    @Test func confirmingSchedulesAndCancellingWithdraws() async throws {
        let store = try await store()
        _ = try await store.importCampaigns([campaign([event("e1", status: .planned)])], sources: [:], reminders: reminders, at: now)
        #expect(try await keys(store).isEmpty)
        _ = try await store.setStatus(.confirmed, of: "e1", reminders: reminders, at: now)
        #expect(try await store.stateCounts() == [.pending: 2])
        _ = try await store.setStatus(.cancelled, of: "e1", reminders: reminders, at: now)
        // Nothing was sent, so nothing is announced.
        #expect(try await store.stateCounts() == [.cancelled: 2])
    }

    @Test func aMovedEventMovesItsRemindersOnImport() async throws {
        let store = try await store()
        _ = try await store.importCampaigns([campaign([event("e1")])], sources: [:], reminders: reminders, at: now)
        _ = try await store.importCampaigns([campaign([event("e1", day: "2026-12-08")])], sources: [:], reminders: reminders, at: now)
        #expect(
            try await keys(store, state: .pending) == [
                "reminder:e1:2026-12-08T14:30:1d@09:00:城东群", "reminder:e1:2026-12-08T14:30:1h:城东群",
            ])
        #expect(try await keys(store, state: .cancelled).count == 2)
        // Moving it back revives the first keys: a cancelled key may be queued again.
        _ = try await store.importCampaigns([campaign([event("e1")])], sources: [:], reminders: reminders, at: now)
        #expect(try await keys(store, state: .pending).first == "reminder:e1:2026-12-05T14:30:1d@09:00:城东群")
    }

    @Test func removingAnEventWhoseReminderWentOutAnnouncesTheCancellation() async throws {
        let store = try await store()
        _ = try await store.importCampaigns([campaign([event("e1"), event("e2")])], sources: [:], reminders: reminders, at: now)
        // Deliver e1's day-before reminder.
        let claimed = try await store.claimDue(
            ClaimRequest(owner: "w", limit: 1, now: Timestamp.date(from: "2026-12-04T01:00:00Z")!, leaseUntil: now.addingTimeInterval(1e7)))
        let delivery = try #require(claimed.first)
        #expect(delivery.delivery.key.hasPrefix("reminder:e1:"))
        let started = try await store.apply(
            [
                .begin(
                    AttemptStart(
                        delivery: delivery.delivery.id, owner: "w", part: 1, partCount: 1, target: "城东群",
                        bot: delivery.delivery.bot, windows: [], notBefore: now, leaseUntil: now.addingTimeInterval(1e7)))
            ], at: now)
        guard case .started(let attempt)? = started.first else {
            Issue.record("expected a started attempt")
            return
        }
        _ = try await store.apply(
            [
                .finish(
                    AttemptFinish(
                        attempt: attempt, delivery: delivery.delivery.id, owner: "w", bot: delivery.delivery.bot, part: 1,
                        report: AttemptReport(outcome: .sent, httpStatus: 200, message: "已送达。\nDelivered."), next: .sent))
            ], at: now)
        // e1 leaves its file; e2 stays.
        _ = try await store.importCampaigns([campaign([event("e2")])], sources: [:], reminders: reminders, at: now)
        #expect(try await keys(store, state: .pending).filter { $0.contains("e1") } == ["cancelled:e1:城东群"])
        #expect(try await keys(store, state: .cancelled) == ["reminder:e1:2026-12-05T14:30:1h:城东群"])
        // A second import changes nothing: the cancellation is queued once.
        _ = try await store.importCampaigns([campaign([event("e2")])], sources: [:], reminders: reminders, at: now)
        #expect(try await keys(store).filter { $0.hasPrefix("cancelled:") }.count == 1)
    }

    @Test func aFailingImportQueuesNothing() async throws {
        let store = try await store()
        var broken = campaign([event("e1")])
        broken.events.append(event("e1", day: "2026-12-07"))
        await #expect(throws: (any Error).self) {
            try await store.importCampaigns([broken], sources: [:], reminders: reminders, at: now)
        }
        #expect(try await store.stateCounts().isEmpty)
        #expect(try await store.events(matching: EventQuery()).isEmpty)
    }

    @Test func withoutAConfigurationNothingIsScheduled() async throws {
        let store = try await store()
        _ = try await store.importCampaigns([campaign([event("e1")])], sources: [:], reminders: nil, at: now)
        _ = try await store.setStatus(.cancelled, of: "e1", reminders: nil, at: now)
        _ = try await store.setStatus(.confirmed, of: "e1", reminders: nil, at: now)
        #expect(try await store.stateCounts().isEmpty)
    }

    @Test func bulletinsAndAlertsAreQueuedThroughThePublicAPI() async throws {
        let store = try await store()
        let bulletin = Notice(
            .bulletinPublished(
                Notice.BulletinPublished(
                    year: 2027, month: 3, branch: "east", branchName: BilingualName(zh: "咸安支行"), eventsHeld: 12, personTimes: 860,
                    link: "https://intranet/bulletin/2027-03")), createdAt: now)
        let key = Notice.bulletinKey(year: 2027, month: 3, branch: "east")
        #expect(key == "bulletin:2027-03:east")
        #expect(try await store.enqueue(bulletin, key: key, configuration: configuration, reference: .fixture(), at: now) == 1)
        #expect(try await store.enqueue(bulletin, key: key, configuration: configuration, reference: .fixture(), at: now) == 0)
        let alert = Notice(
            .offTrackAlert(
                Notice.OffTrackAlert(
                    branch: "east-1", branchName: BilingualName(zh: "温泉路网点"), period: BilingualName(zh: "2027 年第一季度"),
                    segment: BilingualName(zh: "老年人"), achieved: 120, target: 400, expectedPercent: 60)), urgent: true, createdAt: now)
        let alertKey = Notice.offTrackKey(branch: "east-1", period: BilingualName(zh: "2027 年第一季度"), segment: BilingualName(zh: "老年人"), on: LocalDate("2027-03-09")!)
        var routed = configuration
        routed.targets.append(
            NotifyTarget(name: "城西群", kind: .wecom, endpoint: (try? WebhookEndpoint.make(kind: .wecom, value: "west").get())!))
        routed.routes = [NotifyRoute(targets: ["城西群"], kinds: [.offTrackAlert], branches: ["east"])]
        #expect(try await store.enqueue(alert, key: alertKey, configuration: routed, reference: .fixture(), at: now) == 1)
        #expect(
            try await keys(store) == [
                "bulletin:2027-03:east:城东群", "off-track:east-1:2027 年第一季度:老年人:2027-03-09:城西群",
            ])
    }
}
