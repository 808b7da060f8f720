import Foundation

/// Who prepared a month's bulletin (制表) and, once published, who approved it (审核): the four-eyes record of
/// `/reports/bulletin` (docs/web.md). `outreach report bulletin --publish` records the operating system's user
/// as approver and, when nobody prepared the bulletin in the web app, as preparer too.
public struct BulletinPreparation: Hashable, Sendable {
    /// The month, `yyyy-mm`.
    public var month: String
    public var branch: Branch.ID
    public var preparedBy: AuditActor
    public var preparedAt: Date
    /// Who published it; nil while it is not published.
    public var approvedBy: AuditActor?
    public var approvedAt: Date?

    public init(
        month: String, branch: Branch.ID, preparedBy: AuditActor, preparedAt: Date, approvedBy: AuditActor? = nil,
        approvedAt: Date? = nil
    ) {
        self.month = month
        self.branch = branch
        self.preparedBy = preparedBy
        self.preparedAt = preparedAt
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
    }
}

/// One step of a bulletin's four-eyes publishing in the audit log: prepared or published, by whom, when.
public struct BulletinAuditEntry: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable {
        case prepare, publish
    }

    public var month: String
    public var branch: Branch.ID
    public var action: Action
    public var actor: AuditActor
    /// When, UTC (stored to the millisecond).
    public var at: Date

    public init(month: String, branch: Branch.ID, action: Action, actor: AuditActor, at: Date) {
        self.month = month
        self.branch = branch
        self.action = action
        self.actor = actor
        self.at = at
    }
}

/// Why a bulletin could not be prepared or published by the store.
public enum BulletinPreparationStoreError: Error, Hashable, Sendable {
    /// Nobody prepared the month's bulletin, and no preparer was given to record.
    case notPrepared(month: String, branch: Branch.ID)
}

/// Persistence for the four-eyes record of bulletins: who prepared, who approved, and the audit of both.
///
/// ```swift
/// _ = try await store.prepareBulletin(month: "2026-11", branch: "city", by: planner, at: now)
/// let signed = try await store.publishBulletin(published, restating: [], notices: [], approvedBy: approver,
///                                             preparedIfNone: nil, at: now)
/// ```
public protocol BulletinPreparationStore: Sendable {
    /// Records who prepared a month's bulletin (replacing an earlier preparation while it is unpublished), with
    /// its audit entry, in one transaction.
    ///
    /// - Throws: `ReachStoreError.bulletinAlreadyPublished` when the month and branch are published already.
    func prepareBulletin(month: String, branch: Branch.ID, by actor: AuditActor, at now: Date) async throws
        -> BulletinPreparation

    /// Who prepared (and approved) a month's bulletin, or nil when nobody prepared it.
    func bulletinPreparation(month: String, branch: Branch.ID) async throws -> BulletinPreparation?

    /// Publishes a bulletin as `ReachStore.publishBulletin` does and, in the same transaction, records the
    /// approver on its preparation and the audit entries: the preparation (`preparedIfNone`, when nobody prepared
    /// it) and the publication.
    ///
    /// - Returns: the preparation with its approver.
    /// - Throws: `BulletinPreparationStoreError.notPrepared` when nobody prepared it and `preparedIfNone` is nil;
    ///   `ReachStoreError.bulletinAlreadyPublished`. Nothing is written then.
    func publishBulletin(
        _ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry], approvedBy: AuditActor,
        preparedIfNone: AuditActor?, at now: Date
    ) async throws -> BulletinPreparation

    /// The four-eyes audit entries of a month's bulletin, oldest first.
    func bulletinAudit(month: String, branch: Branch.ID) async throws -> [BulletinAuditEntry]
}
