import Foundation
import Logging
import OutreachApp
import ServiceLifecycle

/// Removes expired sessions and failed sign-ins too old to count, once at start and then every `interval`,
/// while the server runs; it stops at once on graceful shutdown.
public struct SessionPurgeService: Service {
    let login: Login
    let now: @Sendable () -> Date
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    /// - Parameters:
    ///   - now: the wall clock the sessions' expiry is compared with.
    ///   - interval: time between purges (one hour in `outreach serve`).
    ///   - clock: what the waits between purges are measured on.
    public init(
        login: Login, now: @escaping @Sendable () -> Date, interval: Duration = .seconds(3600),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) {
        self.login = login
        self.now = now
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await login.purge(at: now())
            } catch {
                logger.warning("purging expired sessions failed", metadata: ["error": "\(error)"])
            }
            do {
                let clock = clock, interval = interval
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
