import Foundation
import OutreachCore
import Testing

/// The behaviour every `PlanningStore` must show: an event saved from the web app is added or edited with its
/// audit entries (created; each changed field before → after) and its web edit in one unit of work, the status
/// is kept, an unchanged save records nothing, and a web edit stays pending until an import or an export of its
/// campaign settles it.
public enum PlanningContract {
    public static let cases: [StoreContract] = [
        StoreContract("aWebSaveAddsOrEditsTheEventWithItsAuditAndWebEdit") { try await PlanningCases().saveIsAudited($0) },
        StoreContract("aWebEditIsPendingUntilAnImportOrExportSettlesIt") { try await PlanningCases().editsSettle($0) },
    ]
}

struct PlanningCases {
    let now = Timestamp.date(from: "2026-12-05T02:00:00Z")!
    let actor = AuditActor(name: "wang.fang", displayName: "王芳", source: .web)

    func saveIsAudited(_ database: StoreDatabase) async throws {
        let cases = CampaignCases()
        let store = try await cases.prepared(database)
        _ = try await store.importCampaigns([cases.campaign(events: [cases.event("e1")])], sources: ["c1": "c1.yaml"], at: now)
        _ = try await store.setStatus(.confirmed, of: "e1", at: now)

        // A new event: stored with its status, one "created" entry, a pending web edit.
        let added = try await store.saveEvent(cases.event("e2", day: "2026-12-09", title: "新讲座"), reminders: nil, at: now, recording: actor)
        #expect(added.event == cases.event("e2", day: "2026-12-09", title: "新讲座"))
        #expect(try await store.auditEntries(event: "e2") == [
            AuditEntry(actor: "wang.fang", actorDisplayName: "王芳", source: .web, at: now, event: "e2", campaign: "c1", change: .created)
        ])

        // An edit: the fields change, the status (confirmed) and the status as filed (planned) stay.
        var edited = cases.event("e1", title: "防诈骗讲座（改）")
        edited.staff = ["张伟"]
        let later = now.addingTimeInterval(60)
        let saved = try await store.saveEvent(edited, reminders: nil, at: later, recording: actor)
        #expect(saved.event.title.zh == "防诈骗讲座（改）" && saved.event.staff == ["张伟"])
        #expect(saved.event.status == .confirmed && saved.fileStatus == .planned)
        #expect(try await store.auditEntries(event: "e1") == [
            AuditEntry(actor: "wang.fang", actorDisplayName: "王芳", source: .web, at: later, event: "e1", campaign: "c1",
                       change: .field("title", from: "防诈骗讲座", to: "防诈骗讲座（改）")),
            AuditEntry(actor: "wang.fang", actorDisplayName: "王芳", source: .web, at: later, event: "e1", campaign: "c1",
                       change: .field("staff", from: "张伟, 李娜", to: "张伟")),
        ])
        // Saving it again unchanged records nothing.
        _ = try await store.saveEvent(edited, reminders: nil, at: later.addingTimeInterval(60), recording: actor)
        #expect(try await store.auditEntries(campaign: "c1").count == 3)
        #expect(try await store.pendingWebEdits(campaigns: nil).map(\.event) == ["e1", "e2"])
        let edit = try #require(try await store.pendingWebEdits(campaigns: ["c1"]).first)
        #expect(edit.editedAt == later && edit.editedBy == "wang.fang" && edit.editedByDisplayName == "王芳" && edit.settledAt == nil)

        // An event of a campaign that is not stored is refused, and nothing is written.
        var stray = cases.event("e9")
        stray.campaign = "none"
        await #expect(throws: StoreError.self) { try await store.saveEvent(stray, reminders: nil, at: now, recording: actor) }
        #expect(try await store.event("e9") == nil)
        #expect(try await store.auditEntries(event: "e9").isEmpty)
    }

    func editsSettle(_ database: StoreDatabase) async throws {
        let cases = CampaignCases()
        let store = try await cases.prepared(database)
        _ = try await store.importCampaigns([cases.campaign(events: [cases.event("e1")])], sources: ["c1": "c1.yaml"], at: now)
        #expect(try await store.pendingWebEdits(campaigns: nil).isEmpty)
        _ = try await store.saveEvent(cases.event("e1", title: "改"), reminders: nil, at: now, recording: actor)
        #expect(try await store.pendingWebEdits(campaigns: ["c1"]).count == 1)
        #expect(try await store.pendingWebEdits(campaigns: ["other"]).isEmpty)

        // An export settles it (an export of another campaign does not).
        try await store.settleWebEdits(campaigns: ["other"], at: now.addingTimeInterval(10))
        #expect(try await store.pendingWebEdits(campaigns: nil).count == 1)
        try await store.settleWebEdits(campaigns: ["c1"], at: now.addingTimeInterval(10))
        #expect(try await store.pendingWebEdits(campaigns: nil).isEmpty)

        // A newer edit is pending again; an import of its campaign settles it in the same unit of work.
        _ = try await store.saveEvent(cases.event("e1", title: "再改"), reminders: nil, at: now.addingTimeInterval(20), recording: actor)
        #expect(try await store.pendingWebEdits(campaigns: nil).map(\.event) == ["e1"])
        _ = try await store.importCampaigns(
            [cases.campaign(events: [cases.event("e1")])], sources: ["c1": "c1.yaml"], at: now.addingTimeInterval(30))
        #expect(try await store.pendingWebEdits(campaigns: nil).isEmpty)
        #expect(try await store.event("e1")?.event.title.zh == "防诈骗讲座")
    }
}
