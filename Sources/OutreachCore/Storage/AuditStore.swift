import Foundation

/// Persistence for the audit log: every change to an event, with who, when, what (before → after) and why.
///
/// ```swift
/// try await store.recordAudit(entry)
/// let history = try await store.auditEntries(event: "315-bd-wanda")
/// ```
public protocol AuditStore: Sendable {
    /// Appends an entry.
    func recordAudit(_ entry: AuditEntry) async throws

    /// Changes an event's status as `CampaignStore.setStatus` does and, in the same transaction, records the
    /// change (before → after) under the actor with the reason; a change that changes nothing records nothing.
    ///
    /// - Throws: `StoreError.eventNotFound`, `StoreError.statusChange`.
    func setStatus(
        _ status: EventStatus, of id: Event.ID, reminders: ReminderPlanner?, at now: Date, recording actor: AuditActor,
        reason: String?
    ) async throws -> StoredEvent

    /// The entries of one event, oldest first.
    func auditEntries(event: Event.ID) async throws -> [AuditEntry]

    /// The entries of every event of a campaign, oldest first.
    func auditEntries(campaign: Campaign.ID) async throws -> [AuditEntry]
}
