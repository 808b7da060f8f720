import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// `outreach event confirm|done|cancel` as a use case, over the real SQLite store opened through the factory.
struct EventStatusChangeTests {
    let now = StoreSetup.now

    func imported(_ events: [(id: String, status: String)]) async throws -> StoreSetup {
        let setup = try await StoreSetup()
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        try await importer.store(try await importer.check([StoreSetup.campaignFile(events: events)]), at: now)
        return setup
    }

    @Test func confirmingQueuesRemindersAndCancellingWithdrawsThem() async throws {
        let setup = try await imported([("e1", "planned"), ("e2", "planned")])
        defer { setup.close() }
        #expect(try await setup.keys().isEmpty)
        let change = EventStatusChange(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        var changed: [String] = []
        try await change.run(["e1", "e2"], to: .confirmed, at: now) { changed.append("\($0.event.id) \($0.event.status)") }
        #expect(changed == ["e1 confirmed", "e2 confirmed"])
        #expect(try await setup.store.stateCounts() == [.pending: 4])
        try await change.run(["e1"], to: .cancelled, at: now)
        #expect(try await setup.keys(.pending).allSatisfy { $0.hasPrefix("reminder:e2:") })
        #expect(try await setup.keys(.cancelled).count == 2)
    }

    @Test func aChangeWithAnActorIsAuditedAndOneWithoutAReasonForCancellingIsRefused() async throws {
        let setup = try await imported([("e1", "planned"), ("e2", "planned")])
        defer { setup.close() }
        let change = EventStatusChange(store: setup.store, reference: setup.reference, notify: nil)
        // The command line: the operating system's user name.
        let shell = AuditActor(name: "wangf", source: .commandLine)
        try await change.run(["e1", "e2"], to: .confirmed, at: now, by: shell)
        try await change.run(["e1"], to: .confirmed, at: now, by: shell)  // no change, nothing recorded
        let e1 = try await setup.store.auditEntries(event: "e1")
        #expect(e1 == [
            AuditEntry(actor: "wangf", source: .commandLine, at: now, event: "e1", campaign: "c1", change: .status(from: .planned, to: .confirmed))
        ])
        // The web app: a cancellation needs a reason.
        let web = AuditActor(name: "li.ming", displayName: "李明", source: .web)
        await #expect(throws: EventStatusChange.FormError.reasonRequired) {
            try await change.change("e2", to: .cancelled, by: web, reason: " \n", at: now)
        }
        #expect(try await setup.store.event("e2")?.event.status == .confirmed)
        let cancelled = try await change.change("e2", to: .cancelled, by: web, reason: " 暴雨停课 ", at: now)
        #expect(cancelled.event.status == .cancelled)
        #expect(try await setup.store.auditEntries(campaign: "c1").map(\.reason) == [nil, nil, "暴雨停课"])
        #expect(try await setup.store.auditEntries(event: "e2").last?.actorDisplayName == "李明")
    }

    @Test func anUnknownIdChangesNothingAndSuggestsTheNearest() async throws {
        let setup = try await imported([("e1", "planned"), ("talk-east", "planned")])
        defer { setup.close() }
        let change = EventStatusChange(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        let error = await #expect(throws: StoreError.self) {
            try await change.run(["e1", "talk-eats"], to: .confirmed, at: now)
        }
        #expect(error == .eventNotFound("talk-eats", suggestion: "talk-east"))
        #expect(error?.message(.en) == "No event with id 'talk-eats'. Did you mean 'talk-east'?")
        #expect(error?.message(.zh) == "没有编号为 'talk-eats' 的活动场次。是否应为 'talk-east'？")
        // e1 came first and was valid, but nothing changed.
        #expect(try await setup.store.event("e1")?.event.status == .planned)
        #expect(try await setup.store.stateCounts().isEmpty)
    }

    @Test func aChangeTheStatusDoesNotAllowChangesNothing() async throws {
        let setup = try await imported([("e1", "planned"), ("e2", "done")])
        defer { setup.close() }
        let change = EventStatusChange(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        let error = await #expect(throws: StoreError.self) {
            try await change.run(["e1", "e2"], to: .confirmed, at: now)
        }
        #expect(error == .statusChange("e2", from: .done, to: .confirmed))
        #expect(try await setup.store.event("e1")?.event.status == .planned)
        #expect(try await setup.store.stateCounts().isEmpty)
    }

    @Test func anEventIsNotMarkedDoneBeforeItsFirstDay() async throws {
        let setup = try await imported([("e1", "confirmed"), ("e2", "confirmed")])
        defer { setup.close() }
        let change = EventStatusChange(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        // 2026-11-29 09:00 in Shanghai; the events are on 2026-12-05.
        let error = await #expect(throws: StoreError.self) {
            try await change.run(["e1", "e2"], to: .done, at: now)
        }
        #expect(error == .notHeldYet("e1", firstDay: LocalDate(year: 2026, month: 12, day: 5)!, today: LocalDate(year: 2026, month: 11, day: 29)!))
        #expect(error?.message(.en) == "Event 'e1' cannot be marked done before its first day, 2026-12-05 (today is 2026-11-29).")
        #expect(error?.message(.zh) == "活动场次 'e1' 的第一天是 2026-12-05，今天是 2026-11-29，在此之前不能标记为“已完成”。")
        #expect(try await setup.store.event("e1")?.event.status == .confirmed)
        // 2026-12-04 16:30 UTC is already 00:30 on the 5th in Shanghai: the first day has come.
        try await change.run(["e1"], to: .done, at: Timestamp.date(from: "2026-12-04T16:30:00Z")!)
        #expect(try await setup.store.event("e1")?.event.status == .done)
        let early = await #expect(throws: StoreError.self) {
            try await change.run(["e2"], to: .done, at: Timestamp.date(from: "2026-12-04T15:30:00Z")!)
        }
        #expect(early == .notHeldYet("e2", firstDay: LocalDate(year: 2026, month: 12, day: 5)!, today: LocalDate(year: 2026, month: 12, day: 4)!))
    }

    @Test func campaignLookupSuggestsTheNearestId() async throws {
        let setup = try await imported([("e1", "planned")])
        defer { setup.close() }
        let lookup = EventLookup(store: setup.store)
        #expect(try await lookup.campaign("c1").campaign.id == "c1")
        await #expect(throws: StoreError.campaignNotFound("c2", suggestion: "c1")) {
            try await lookup.campaign("c2")
        }
    }
}
