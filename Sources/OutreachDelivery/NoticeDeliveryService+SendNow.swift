import Foundation
import Logging
import OutreachCore

/// What became of notices sent at once.
public struct ImmediateDelivery: Sendable {
    /// Each delivery as it stands afterwards (sent, dead, or waiting for its time).
    public var deliveries: [OutboxDelivery]
    /// The attempts of each delivery, newest first.
    public var attempts: [OutboxDelivery.ID: [DeliveryAttempt]]
}

extension NoticeDeliveryService {
    /// Enqueues notices and sends them at once through the normal path (outbox, rate budget, quiet
    /// hours, attempt log), without touching other queued notices: `outreach notify test` and
    /// `outreach notify send`.
    /// - Parameters:
    ///   - entries: The deliveries; every key must start with `keyPrefix`.
    ///   - keyPrefix: Only deliveries whose key starts with this are claimed.
    ///   - retryPolicy: Default one attempt: the caller reports the failure instead of waiting.
    /// - Returns: The deliveries afterwards and their attempts.
    public static func sendNow(
        _ entries: [OutboxEntry], keyPrefix: String, outbox: any OutboxStore, transport: any NoticeTransport,
        configuration: NotifyConfiguration, owner: String, retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 1),
        clock: any Clock<Duration>, now: @escaping @Sendable () -> Date, logger: Logger
    ) async throws -> ImmediateDelivery {
        _ = try await outbox.enqueue(entries, at: now())
        let service = NoticeDeliveryService(
            outbox: outbox, campaigns: nil, transport: transport, configuration: configuration,
            options: Options(owner: owner, concurrency: 4, once: true, retryPolicy: retryPolicy, keyPrefix: keyPrefix),
            clock: clock, now: now, logger: logger)
        try await service.deliver(until: StopSignal())
        var deliveries = try await outbox.deliveries(keyPrefix: keyPrefix)
        // A worker running beside may have claimed a notice before this process did (it was due, like any other):
        // its outcome is waited for, not reported as "not delivered". A send ends within the transport's timeout.
        let deadline = ContinuousClock.now + .seconds(30)
        while deliveries.contains(where: { $0.state == .inFlight }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            deliveries = try await outbox.deliveries(keyPrefix: keyPrefix)
        }
        var attempts: [OutboxDelivery.ID: [DeliveryAttempt]] = [:]
        for delivery in deliveries {
            attempts[delivery.id] = try await outbox.attempts(matching: DeliveryLogQuery(delivery: delivery.id))
        }
        return ImmediateDelivery(deliveries: deliveries, attempts: attempts)
    }
}
