import Foundation
import OutreachCore

/// The notices the delivery worker queues once a day beside the digest (its `dailyNotices`): the off-track
/// alerts of the day's scorecards (see ``OffTrackAlerts/daily(today:language:at:)``). The worker keeps the
/// time of day; this says what is made.
public struct DailyNotices: Sendable {
    public let store: any OutreachStore
    public let configuration: NotifyConfiguration
    /// The notices' language.
    public let language: Language

    public init(store: any OutreachStore, configuration: NotifyConfiguration, language: Language) {
        self.store = store
        self.configuration = configuration
        self.language = language
    }

    /// The day's notices to queue; none before the database holds reference data.
    /// - Parameters:
    ///   - today: The local date in the notify zone.
    ///   - now: The time they are made at.
    /// - Throws: store errors, and `ReachSums.Overflow` when the stored figures add up beyond what a total holds.
    public func notices(today: LocalDate, at now: Date) async throws -> [OutboxEntry] {
        guard let reference = try await store.referenceData() else { return [] }
        return try await OffTrackAlerts(store: store, configuration: configuration, reference: reference)
            .daily(today: today, language: language, at: now)
    }
}
