import Foundation
import OutreachCore
import Testing

/// The behaviour every `AuditStore` must show: entries read back exactly, oldest first, by event and by
/// campaign, with the reason kept (Chinese text byte for byte) and none when none was given.
public enum AuditContract {
    public static let cases: [StoreContract] = [
        StoreContract("auditEntriesReadBackByEventAndCampaign") { try await AuditCases().entriesReadBack($0) },
        StoreContract("aStatusChangeIsRecordedWithItsAuditEntry") { try await AuditCases().statusChangeIsRecorded($0) },
    ]
}

struct AuditCases {
    let now = Timestamp.date(from: "2026-12-05T02:00:00Z")!

    func entriesReadBack(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.auditEntries(event: "e1").isEmpty)
        // Kept to the millisecond (as a count of them, so the same instant reads back).
        let milliseconds = Date(timeIntervalSince1970: (now.timeIntervalSince1970 * 1000 + 123) / 1000)
        let first = AuditEntry(
            actor: "li.ming", actorDisplayName: "李明", source: .web, at: milliseconds, event: "e1",
            campaign: "c1", change: .status(from: .planned, to: .confirmed))
        let second = AuditEntry(
            actor: "wangf", source: .commandLine, at: now.addingTimeInterval(60), event: "e2", campaign: "c1",
            change: .status(from: .planned, to: .cancelled), reason: "场地停电，改期；'<b>' \"引号\"")
        let third = AuditEntry(
            actor: "zhao.lei", actorDisplayName: "赵磊", source: .web, at: now.addingTimeInterval(120), event: "e1",
            campaign: "c1", change: .status(from: .confirmed, to: .done))
        let other = AuditEntry(
            actor: "li.ming", source: .web, at: now, event: "e9", campaign: "c2", change: .status(from: .planned, to: .done))
        for entry in [first, second, third, other] { try await store.recordAudit(entry) }
        #expect(try await store.auditEntries(event: "e1") == [first, third])
        #expect(try await store.auditEntries(event: "e2") == [second])
        #expect(try await store.auditEntries(campaign: "c1") == [first, second, third])
        #expect(try await store.auditEntries(campaign: "c2") == [other])
        #expect(try await store.auditEntries(campaign: "none").isEmpty)
        #expect(first.actorDisplayName == "李明" && second.actorDisplayName == "wangf")
    }

    func statusChangeIsRecorded(_ database: StoreDatabase) async throws {
        let cases = CampaignCases()
        let store = try await cases.prepared(database)
        _ = try await store.importCampaigns([cases.campaign(events: [cases.event("e1")])], sources: [:], at: now)
        let actor = AuditActor(name: "li.ming", displayName: "李明", source: .web)
        let updated = try await store.setStatus(.cancelled, of: "e1", reminders: nil, at: now, recording: actor, reason: "暴雨")
        #expect(updated.event.status == .cancelled)
        #expect(try await store.auditEntries(event: "e1") == [
            AuditEntry(
                actor: "li.ming", actorDisplayName: "李明", source: .web, at: now, event: "e1", campaign: "c1",
                change: .status(from: .planned, to: .cancelled), reason: "暴雨")
        ])
        // Nothing changes, nothing is recorded; a refused change records nothing either.
        _ = try await store.setStatus(.cancelled, of: "e1", reminders: nil, at: now, recording: actor, reason: nil)
        await #expect(throws: StoreError.self) {
            try await store.setStatus(.done, of: "e1", reminders: nil, at: now, recording: actor, reason: nil)
        }
        await #expect(throws: StoreError.self) {
            try await store.setStatus(.done, of: "none", reminders: nil, at: now, recording: actor, reason: nil)
        }
        #expect(try await store.auditEntries(campaign: "c1").count == 1)
    }
}
