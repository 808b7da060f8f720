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

    /// The entries of one event, oldest first.
    func auditEntries(event: Event.ID) async throws -> [AuditEntry]

    /// The entries of every event of a campaign, oldest first.
    func auditEntries(campaign: Campaign.ID) async throws -> [AuditEntry]
}
