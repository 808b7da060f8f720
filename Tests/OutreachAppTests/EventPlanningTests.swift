import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// `EventPlanning` as a use case over the real SQLite store: a form saved moves a confirmed event's reminders as
/// an import does, a form with problems saves nothing, and the import rule sees the edit.
struct EventPlanningTests {
    let now = StoreSetup.now
    let actor = AuditActor(name: "wang.fang", displayName: "王芳", source: .web)

    @Test func movingAConfirmedEventInTheFormReplansItsRemindersAndTheImportRuleSeesIt() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        let file = StoreSetup.campaignFile(events: [("e1", "confirmed")])
        try await importer.store(try await importer.check([file]), at: now)
        let planning = EventPlanning(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        var form = EventForm(try #require(try await setup.store.event("e1")).event)
        form.start = "2026-12-08 14:30"
        let outcome = try await planning.save(form, campaign: "c1", editing: "e1", by: actor, at: now)
        #expect(!outcome.checked.hasErrors)
        #expect(outcome.saved?.event.status == .confirmed)
        #expect(
            try await setup.keys(.pending) == [
                "reminder:e1:2026-12-08T14:30:1d@09:00:城东群", "reminder:e1:2026-12-08T14:30:1h:城东群",
            ])
        #expect(
            try await setup.keys(.cancelled) == [
                "reminder:e1:2026-12-05T14:30:1d@09:00:城东群", "reminder:e1:2026-12-05T14:30:1h:城东群",
            ])
        #expect(try await setup.store.auditEntries(event: "e1").map(\.change) == [
            .field("start", from: "2026-12-05 14:30", to: "2026-12-08 14:30")
        ])

        // Importing the old file would move it back: a conflict, field by field.
        let conflicts = try await importer.webEditConflicts(try await importer.check([file]))
        #expect(conflicts.map(\.event) == ["e1"])
        #expect(conflicts.first?.differences == [.init(field: "start", before: "2026-12-08 14:30", after: "2026-12-05 14:30")])
        #expect(conflicts.first?.path == "campaigns/c1.yaml")

        // A form with a problem saves nothing.
        form.end = "13:00"
        let refused = try await planning.save(form, campaign: "c1", editing: "e1", by: actor, at: now)
        #expect(refused.saved == nil)
        #expect(refused.checked.fieldErrors["end"]?.map { $0.text(.en) } == [
            "The end '13:00' is not after the start '2026-12-08 14:30'."
        ])
        #expect(try await setup.store.auditEntries(event: "e1").count == 1)
    }
}
