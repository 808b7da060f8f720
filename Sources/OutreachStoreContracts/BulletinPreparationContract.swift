import Foundation
import OutreachCore
import Testing

/// The behaviour every `BulletinPreparationStore` must show: a preparation reads back (Chinese names byte for
/// byte) and is replaced while unpublished; publishing records the approver, the published bulletin and both
/// audit entries in one unit of work; nothing is written when nobody prepared it or it is published already.
public enum BulletinPreparationContract {
    public static let cases: [StoreContract] = [
        StoreContract("aPreparationReadsBackAndIsReplacedWhileUnpublished") { try await BulletinPreparationCases().preparationReadsBack($0) },
        StoreContract("publishingRecordsTheApproverAndBothAuditEntries") { try await BulletinPreparationCases().publishingRecordsTheApprover($0) },
        StoreContract("nothingIsWrittenWhenUnpreparedOrPublishedAlready") { try await BulletinPreparationCases().nothingIsWritten($0) },
    ]
}

struct BulletinPreparationCases {
    let now = Timestamp.date(from: "2026-12-05T02:00:00Z")!
    let planner = AuditActor(name: "chen.jing", displayName: "陈静", source: .web)
    let approver = AuditActor(name: "liu.yang", displayName: "刘洋 '<b>'", source: .web)

    func published(_ month: String = "2026-11") -> PublishedBulletin {
        PublishedBulletin(month: month, branch: "city", issuedAt: now, figures: "{}", stated: "{}", publishedBy: "刘洋")
    }

    func preparationReadsBack(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.bulletinPreparation(month: "2026-11", branch: "city") == nil)
        let prepared = try await store.prepareBulletin(month: "2026-11", branch: "city", by: planner, at: now)
        #expect(prepared == BulletinPreparation(month: "2026-11", branch: "city", preparedBy: planner, preparedAt: now))
        #expect(try await store.bulletinPreparation(month: "2026-11", branch: "city") == prepared)
        #expect(try await store.bulletinPreparation(month: "2026-11", branch: "xn-chibi") == nil)
        #expect(try await store.bulletinPreparation(month: "2026-10", branch: "city") == nil)
        // Prepared again by someone else: the later preparer stands, both are in the audit.
        let other = AuditActor(name: "root", source: .commandLine)
        let later = now.addingTimeInterval(60)
        _ = try await store.prepareBulletin(month: "2026-11", branch: "city", by: other, at: later)
        #expect(try await store.bulletinPreparation(month: "2026-11", branch: "city")?.preparedBy == other)
        #expect(try await store.bulletinAudit(month: "2026-11", branch: "city") == [
            BulletinAuditEntry(month: "2026-11", branch: "city", action: .prepare, actor: planner, at: now),
            BulletinAuditEntry(month: "2026-11", branch: "city", action: .prepare, actor: other, at: later),
        ])
        #expect(try await store.bulletinAudit(month: "2026-11", branch: "xn-chibi").isEmpty)
    }

    func publishingRecordsTheApprover(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        _ = try await store.prepareBulletin(month: "2026-11", branch: "city", by: planner, at: now)
        let later = now.addingTimeInterval(3600)
        let signed = try await store.publishBulletin(
            published(), restating: [], notices: [], approvedBy: approver, preparedIfNone: nil, at: later)
        let expected = BulletinPreparation(
            month: "2026-11", branch: "city", preparedBy: planner, preparedAt: now, approvedBy: approver, approvedAt: later)
        #expect(signed == expected)
        #expect(try await store.bulletinPreparation(month: "2026-11", branch: "city") == expected)
        #expect(try await store.bulletin(month: "2026-11", branch: "city")?.publishedBy == "刘洋")
        #expect(try await store.bulletinAudit(month: "2026-11", branch: "city").map(\.action) == [.prepare, .publish])
        #expect(try await store.bulletinAudit(month: "2026-11", branch: "city").last?.actor == approver)
        // Unprepared, with a preparer to record (the command line): both steps by the same actor.
        let cli = AuditActor(name: "root", source: .commandLine)
        let both = try await store.publishBulletin(
            published("2026-10"), restating: [], notices: [], approvedBy: cli, preparedIfNone: cli, at: later)
        #expect(both.preparedBy == cli && both.approvedBy == cli)
        #expect(try await store.bulletinAudit(month: "2026-10", branch: "city").map(\.action) == [.prepare, .publish])
    }

    func nothingIsWritten(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        await #expect(throws: BulletinPreparationStoreError.notPrepared(month: "2026-11", branch: "city")) {
            try await store.publishBulletin(self.published(), restating: [], notices: [], approvedBy: self.approver, preparedIfNone: nil, at: self.now)
        }
        #expect(try await store.bulletin(month: "2026-11", branch: "city") == nil)
        #expect(try await store.bulletinAudit(month: "2026-11", branch: "city").isEmpty)
        _ = try await store.prepareBulletin(month: "2026-11", branch: "city", by: planner, at: now)
        _ = try await store.publishBulletin(published(), restating: [], notices: [], approvedBy: approver, preparedIfNone: nil, at: now)
        await #expect(throws: ReachStoreError.self) {
            try await store.publishBulletin(self.published(), restating: [], notices: [], approvedBy: self.planner, preparedIfNone: nil, at: self.now)
        }
        await #expect(throws: ReachStoreError.self) {
            try await store.prepareBulletin(month: "2026-11", branch: "city", by: self.planner, at: self.now)
        }
        #expect(try await store.bulletinPreparation(month: "2026-11", branch: "city")?.approvedBy == approver)
        #expect(try await store.bulletinAudit(month: "2026-11", branch: "city").count == 2)
    }
}
