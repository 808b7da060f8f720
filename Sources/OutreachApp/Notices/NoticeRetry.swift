import Foundation
import OutreachCore

/// Queues dead or failed notices again: pending, due now, with their failure count reset (`notify retry`).
public struct NoticeRetry: Sendable {
    public let outbox: any OutboxStore

    public init(outbox: any OutboxStore) {
        self.outbox = outbox
    }

    /// Queues one dead or failed notice again.
    /// - Parameters:
    ///   - id: The notice.
    ///   - now: When it becomes due.
    /// - Returns: The notice afterwards.
    /// - Throws: `OutboxError` when there is no such notice or it is not dead or failed; store errors.
    public func retry(_ id: OutboxDelivery.ID, at now: Date) async throws -> OutboxDelivery {
        try await outbox.retry(id, at: now)
    }

    /// Queues every dead notice again.
    /// - Parameter now: When they become due.
    /// - Returns: How many.
    public func retryAllDead(at now: Date) async throws -> Int {
        try await outbox.retryAllDead(at: now)
    }
}
