import Foundation
import OutreachCore

/// Sends outbox entries at once through the delivery worker's normal path (outbox, rate budget, quiet hours,
/// attempt log), touching no other queued notice.
///
/// A seam of closures (STYLE.md B.5): the composition root builds it over `NoticeDeliveryService.sendNow` and a
/// transport, so the use cases here name neither the worker nor libcurl; a test replaces `send` alone.
public struct ImmediateSender: Sendable {
    /// What became of the entries sent.
    public struct Sent: Sendable {
        /// Each delivery as it stands afterwards (sent, dead, or waiting for its time).
        public var deliveries: [OutboxDelivery]
        /// The attempts of each delivery, newest first.
        public var attempts: [OutboxDelivery.ID: [DeliveryAttempt]]

        public init(deliveries: [OutboxDelivery], attempts: [OutboxDelivery.ID: [DeliveryAttempt]]) {
            self.deliveries = deliveries
            self.attempts = attempts
        }
    }

    /// Enqueues the entries (every key starts with the prefix) and sends them now under the retry policy.
    public var send: @Sendable (_ entries: [OutboxEntry], _ keyPrefix: String, _ retryPolicy: RetryPolicy) async throws -> Sent

    public init(
        send: @escaping @Sendable (_ entries: [OutboxEntry], _ keyPrefix: String, _ retryPolicy: RetryPolicy) async throws
            -> Sent
    ) {
        self.send = send
    }
}
