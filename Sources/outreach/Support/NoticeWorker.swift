import CurlTransport
import Foundation
import Logging
import OutreachApp
import OutreachCore
import OutreachDelivery

/// How the notice worker is put together, in one place for `outreach worker` and `outreach serve`: the
/// delivery service over the store and a libcurl transport, with the day's off-track alerts beside the digest.
struct NoticeWorker {
    var concurrency = 32
    var gracePeriod = 10
    var lease = 300
    var once = false

    /// Builds the worker and runs `body` with it; the transport lives until `body` returns.
    func with<T>(
        context: CommandContext, store: any OutreachStore, configuration: NotifyConfiguration, logger: Logger,
        _ body: (NoticeDeliveryService) async throws -> T
    ) async throws -> T {
        let transportConfiguration = CurlNoticeTransport.Configuration(
            maxConcurrentTransfers: concurrency, maxCachedConnections: max(32, concurrency))
        var options = NoticeDeliveryService.Options(
            owner: CommandContext.leaseOwner(), concurrency: concurrency, lease: .seconds(lease),
            gracePeriod: .seconds(gracePeriod), once: once, isAbandoned: CommandContext.isAbandoned)
        options.language = context.language
        return try await withCurlNoticeTransport(configuration: transportConfiguration) { transport in
            let service = NoticeDeliveryService(
                outbox: store, campaigns: store, transport: transport, configuration: configuration, options: options,
                clock: ContinuousClock(), now: context.runningClock, logger: logger,
                dailyNotices: { today, now in
                    try await Self.offTrackAlerts(today: today, now: now, context: context, store: store, configuration: configuration)
                })
            return try await body(service)
        }
    }

    /// The notices of the day beside the digest (see `DailyNotices`), with sums too large to hold said as for a report.
    static func offTrackAlerts(
        today: LocalDate, now: Date, context: CommandContext, store: any OutreachStore, configuration: NotifyConfiguration
    ) async throws -> [OutboxEntry] {
        try await context.storeCall {
            do {
                return try await DailyNotices(store: store, configuration: configuration, language: context.language)
                    .notices(today: today, at: now)
            } catch let overflow as ReachSums.Overflow {
                throw context.fail(overflow.message(context.language), code: ExitStatus.badData)
            }
        }
    }

    /// Sets up the process's logging once: lines in the run's language and the zone's local time, with their
    /// metadata as `key=value` (request ids included), on standard error.
    static func bootstrapLogging(context: CommandContext, zone: String, level: Logger.Level) {
        let language = context.language, clock = context.runningClock
        let converter = ZoneConverter(identifier: zone)
        LoggingSystem.bootstrap { _ in
            var handler = WorkerLogHandler(language: language, zone: converter, now: clock)
            handler.logLevel = level
            return handler
        }
    }
}
