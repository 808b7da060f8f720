import CurlTransport
import Foundation
import Logging
import OutreachCore
import OutreachDelivery
import OutreachPostgres
import OutreachTestSupport
import Testing

/// Several notice workers, each with its own connections, draining one PostgreSQL outbox to a fake WeCom group
/// over real HTTP: every notice arrives once, and the bot's budget holds across all of them (the platform, which
/// counts arrivals strictly, never refuses one).
@Suite(.enabled(if: PostgresTestServer.available, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to test on"), .timeLimit(.minutes(2)))
struct SharedOutboxTests {
    @Test func fourWorkersShareOneOutboxAndOneBudget() async throws {
        let scratch = try await ScratchSchema.create()
        defer { scratch.remove() }
        let server = try FakePlatformServer(now: { Date() })
        defer { server.stop() }
        server.addWeCom(key: "shared")
        server.setWeComWindow(count: 10, period: 2)
        let wecom = NotifyTarget(
            name: "共享群", kind: .wecom,
            endpoint: try WebhookEndpoint.make(kind: .wecom, value: server.url("/cgi-bin/webhook/send?key=shared")).get(),
            rateOverride: [RateWindow(count: 10, period: .seconds(2))])
        let configuration = NotifyConfiguration(targets: [wecom], quietHours: nil)
        let first = try scratch.open()
        try await first.migrate()
        let total = 40
        _ = try await first.enqueue(
            (0..<total).map {
                OutboxEntry(key: "shared:\($0)", notice: .fixtureReminder(), target: wecom.name, bot: wecom.endpoint.botIdentity, dueAt: Date())
            }, at: Date())

        let transport = CurlNoticeTransport(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(20), proxy: .disabled))
        let stop = StopSignal()
        var workers: [Task<Void, any Error>] = []
        for worker in 0..<4 {
            let store = worker == 0 ? first : try scratch.open()
            let service = NoticeDeliveryService(
                outbox: store, campaigns: nil, transport: transport, configuration: configuration,
                options: .init(owner: "test/\(worker)", concurrency: 4, pollInterval: .milliseconds(200)), clock: ContinuousClock(),
                now: { Date() }, logger: Logger(label: "shared-outbox", factory: { _ in SwiftLogNoOpLogHandler() }))
            workers.append(Task { try await service.deliver(until: stop) })
        }
        let deadline = Date().addingTimeInterval(90)
        while try await first.stateCounts()[.sent, default: 0] < total, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        stop.set()
        for worker in workers { try await worker.value }
        await transport.shutdown()

        #expect(try await first.stateCounts() == [.sent: total])
        #expect(server.deliveries.count == total, "a notice was sent twice or not at all")
        let refused = server.deliveries.filter { $0.code != 0 }
        #expect(refused.isEmpty, "refused for rate: \(refused.map(\.code))")
        let attempts = try await first.attempts(matching: DeliveryLogQuery())
        #expect(attempts.count == total)
        #expect(Set(try await first.deliveries(matching: OutboxQuery(states: [.sent])).map(\.key)).count == total)
    }
}
