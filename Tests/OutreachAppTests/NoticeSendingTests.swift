import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Synchronization
import Testing

/// Sending one notice now and queuing notices again, over the real store with a sender that only queues.
struct NoticeSendingTests {
    /// The key prefixes and attempt limits the sender was given.
    final class Seen: Sendable {
        let calls = Mutex<[String]>([])
    }

    /// A sender that queues the entries and sends nothing: they stay pending.
    func queuingSender(_ store: any OutreachStore, seen: Seen) -> ImmediateSender {
        ImmediateSender { entries, prefix, retryPolicy in
            seen.calls.withLock { $0.append(prefix + " \(retryPolicy.maxAttempts)") }
            _ = try await store.enqueue(entries, at: StoreSetup.now)
            return ImmediateSender.Sent(deliveries: try await store.deliveries(keyPrefix: prefix), attempts: [:])
        }
    }

    @Test func aTestNoticeGoesToItsTargetWithOneAttempt() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let seen = Seen()
        let sending = NoticeSending(
            store: setup.store, configuration: StoreSetup.notify, sender: queuingSender(setup.store, seen: seen))
        let target = try #require(StoreSetup.notify.targets.first)
        let outcome = try await sending.test(to: target, message: "hi", language: .en, at: StoreSetup.now)
        let pending = try await setup.store.deliveries(matching: OutboxQuery(states: [.pending]))
        #expect(pending.count == 1)
        #expect(pending.first?.notice.urgent == true)
        #expect(pending.first?.key.hasPrefix("test:") == true)
        #expect(seen.calls.withLock { $0 }.map { $0.hasPrefix("test:") && $0.hasSuffix(": 1") } == [true])
        #expect(outcome == .waiting(try #require(pending.first?.id), until: StoreSetup.now, lastError: nil))
    }

    @Test func anEventNoticeForAnUnknownEventNamesIt() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let sending = NoticeSending(
            store: setup.store, configuration: StoreSetup.notify,
            sender: queuingSender(setup.store, seen: Seen()))
        let target = try #require(StoreSetup.notify.targets.first)
        await #expect(throws: StoreError.self) {
            try await sending.send(
                .eventReminder, to: target, event: Event.ID("nope"), text: nil, urgent: false, language: .en,
                reference: setup.reference, at: StoreSetup.now)
        }
        #expect(try await setup.keys() == [])
    }

    @Test func aDeadNoticeIsQueuedAgainAndAnUnknownOneIsRefused() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let retry = NoticeRetry(outbox: setup.store)
        #expect(try await retry.retryAllDead(at: StoreSetup.now) == 0)
        await #expect(throws: OutboxError.self) { try await retry.retry(OutboxDelivery.ID("999"), at: StoreSetup.now) }
    }
}
