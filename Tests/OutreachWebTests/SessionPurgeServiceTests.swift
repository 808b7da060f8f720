import Foundation
import Logging
import OutreachApp
import OutreachCore
import OutreachTestSupport
import OutreachWeb
import Testing

/// The purge service removes sessions once they expire, on its own clock, and stops when cancelled.
@Suite(.timeLimit(.minutes(1)))
struct SessionPurgeServiceTests {
    @Test func expiredSessionsAreRemovedHourByHour() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let clock = TestClock(start: WebSetup.now)
        let session = LoginSession(
            id: "s1", user: "wang.fang", formToken: "f", createdAt: WebSetup.now, expiresAt: WebSetup.now.addingTimeInterval(5400))
        try await setup.store.createLoginSession(session)
        var lasting = session
        lasting.id = "s2"
        lasting.expiresAt = WebSetup.now.addingTimeInterval(100 * 3600)
        try await setup.store.createLoginSession(lasting)
        let service = SessionPurgeService(
            login: Login(store: setup.store, hasher: BcryptPasswordHasher(cost: 4)), now: { clock.date },
            interval: .seconds(3600), clock: clock, logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        // Hour by hour until the session that ended at 11:30 is gone (asked as of 10:00, when it was valid).
        var purged = false
        for _ in 0..<200 where !purged {
            clock.advance(by: .seconds(3600))
            try await Task.sleep(for: .milliseconds(10))
            purged = try await setup.store.loginSession("s1", at: WebSetup.now) == nil
        }
        #expect(purged)
        #expect(clock.now.offset >= .seconds(7200))
        // The one that lasts is kept.
        #expect(try await setup.store.loginSession("s2", at: WebSetup.now) != nil)
        running.cancel()
        try await running.value
    }
}
