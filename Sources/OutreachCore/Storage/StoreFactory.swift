import Foundation

/// Everything the use cases ask of a store: campaigns and events, reach and its evidence, the notice outbox,
/// users, calendar feeds, the audit log, web edits, the bulletins' four-eyes record, API tokens and idempotency keys, and the data's version.
public typealias OutreachStore = CampaignStore & ReachStore & OutboxStore & UserStore & CalendarFeedStore & AuditStore
    & EvidenceStore & PlanningStore & BulletinPreparationStore & APITokenStore & IdempotencyStore
    & DataVersionStore & SnapshotStore

/// Opens a store at a location (`--database`, `OUTREACH_DATABASE`). The composition root picks the factory;
/// commands and use cases see only the store protocols.
///
/// ```swift
/// let factory: any StoreFactory = …
/// guard factory.exists(at: location) else { … }
/// let store = try factory.open(location)
/// ```
public protocol StoreFactory: Sendable {
    /// Whether a store already exists there (none is created just to look).
    func exists(at location: String) -> Bool

    /// Opens the store, creating an empty one when there is none (`outreach init` then migrates and seeds it).
    ///
    /// - Throws: `StoreError` when it cannot be opened.
    func open(_ location: String) throws -> any OutreachStore
}
