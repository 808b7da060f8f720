import Foundation
import OutreachCore

/// Publishes a monthly bulletin (`outreach report bulletin --publish`): its figures are stored as issued, the
/// figures of earlier bulletins it restates are recorded, and the chat groups' notices of it are queued, all
/// in one unit of work. A month's bulletin is published once.
public struct BulletinPublishing: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData
    /// Who hears of it; nil queues no notice.
    public let notify: NotifyConfiguration?

    public init(store: any OutreachStore, reference: ReferenceData, notify: NotifyConfiguration?) {
        self.store = store
        self.reference = reference
        self.notify = notify
    }

    /// The bulletin already published for a month (`yyyy-mm`) and branch, if any.
    public func published(month: String, branch: Branch.ID) async throws -> PublishedBulletin? {
        try await store.bulletin(month: month, branch: branch)
    }

    /// Publishes a bulletin built for `period`, whose notices link to `link`: `outreach report bulletin --publish`.
    /// The command line stands outside the web app's four-eyes rule (whoever holds the database file can
    /// publish): the publisher is recorded as approver (审核) and, when nobody prepared the bulletin in the web app,
    /// as preparer (制表) too, both marked as the command line in the bulletin's audit.
    ///
    /// - Parameter publisher: who publishes it (the account running the command), kept with it.
    /// - Returns: how many notices were queued.
    /// - Throws: `ReachStoreError.bulletinAlreadyPublished` when the month and branch were published already,
    ///   by an earlier run or by one running at the same moment; nothing is written then.
    @discardableResult
    public func publish(
        _ bulletin: Bulletin, month: String, period: ReportPeriod, scope: Branch.ID, link: String, language: Language,
        by publisher: String = "", at now: Date
    ) async throws -> Int {
        let actor = AuditActor(name: publisher, source: .commandLine)
        return try await publishSigned(
            bulletin, month: month, period: period, scope: scope, link: link, language: language, approvedBy: actor,
            preparedIfNone: actor, at: now
        ).notices
    }

    /// Publishes a bulletin approved by `approvedBy` (kept as its publisher) and records the approval on its
    /// preparation, in one unit of work; `preparedIfNone` is recorded as preparer when nobody prepared it.
    ///
    /// - Returns: the preparation with its approver, and how many notices were queued.
    /// - Throws: `ReachStoreError.bulletinAlreadyPublished`, `BulletinPreparationStoreError.notPrepared`; nothing
    ///   is written then.
    public func publishSigned(
        _ bulletin: Bulletin, month: String, period: ReportPeriod, scope: Branch.ID, link: String, language: Language,
        approvedBy: AuditActor, preparedIfNone: AuditActor?, at now: Date
    ) async throws -> (preparation: BulletinPreparation, notices: Int) {
        let figures = bulletin.figures.json()
        var notices: [OutboxEntry] = []
        if let notify {
            let (key, notice) = ReportNotices.bulletinPublished(
                bulletin.figures, period: period, branch: scope, reference: reference, link: link, language: language, at: now)
            notices = notify.outboxEntries(for: notice, key: key, reference: reference, dueAt: now)
        }
        let preparation = try await store.publishBulletin(
            PublishedBulletin(
                month: month, branch: scope, issuedAt: now, figures: figures, stated: figures,
                publishedBy: approvedBy.source == .web ? approvedBy.displayName : approvedBy.name),
            restating: bulletin.restated, notices: notices, approvedBy: approvedBy, preparedIfNone: preparedIfNone, at: now)
        return (preparation, notices.count)
    }
}
