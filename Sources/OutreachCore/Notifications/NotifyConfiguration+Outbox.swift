import Foundation

extension NotifyConfiguration {
    /// The outbox entries of one notice: one per target its routes choose, keyed `<key>:<target name>`.
    ///
    /// This is how notices that are not reminders enter the outbox: a published bulletin, an off-track
    /// alert, `outreach notify send`. Store code that writes the cause in a transaction should enqueue
    /// these entries in the same transaction.
    /// - Parameters:
    ///   - notice: The notice.
    ///   - key: The notice's idempotency key without the target, such as ``Notice/bulletinKey(year:month:branch:)``.
    ///   - reference: The branch tree for routes by branch; nil matches a branch route only on the branch itself.
    ///   - dueAt: When it should go.
    ///   - only: Send only to this target (routes ignored), as `outreach notify send --to` does.
    /// - Returns: The entries, in configuration order.
    public func outboxEntries(
        for notice: Notice, key: String, reference: ReferenceData?, dueAt: Date, only: String? = nil
    ) -> [OutboxEntry] {
        let names: [String]
        if let only {
            names = [only]
        } else {
            names = targets(for: notice) { branch in reference?.lineage(of: branch) ?? [branch] }
        }
        return names.compactMap { name in
            guard let target = target(named: name) else { return nil }
            return OutboxEntry(
                key: "\(key):\(name)", notice: notice, target: name, bot: target.endpoint.botIdentity, dueAt: dueAt)
        }
    }
}

extension Notice {
    /// `bulletin:2027-03:xn-city`: one bulletin notice per month and branch.
    public static func bulletinKey(year: Int, month: Int, branch: Branch.ID) -> String {
        "bulletin:\(year)-\(month < 10 ? "0" : "")\(month):\(branch.rawValue)"
    }

    /// `off-track:2027 年第一季度:2027-03-09`: one alert per period and day for each chat group (the target's
    /// name is appended), listing every branch behind.
    public static func offTrackKey(period: BilingualName, on date: LocalDate) -> String { "off-track:\(period.zh):\(date)" }

    /// The start of every off-track alert key: `off-track:`.
    public static let offTrackKeyPrefix = "off-track:"

    /// `off-track:xn-chibi:2027 年第一季度:2027-03-09`: at most one alert per branch, period and day (an
    /// alert lists every measure of the branch that is behind).
    public static func offTrackKey(branch: Branch.ID, period: BilingualName, on date: LocalDate) -> String {
        "off-track:\(branch.rawValue):\(period.zh):\(date)"
    }

    /// `off-track:xn-city:2027 年第一季度:老年人:2027-03-09`: at most one alert per branch, period,
    /// segment and day.
    public static func offTrackKey(branch: Branch.ID, period: BilingualName, segment: BilingualName, on date: LocalDate) -> String {
        "off-track:\(branch.rawValue):\(period.zh):\(segment.zh):\(date)"
    }
}

extension OutboxStore {
    /// Enqueues a notice for every target its routes choose, in one transaction; a key already live is
    /// left alone. This is the API for bulletin-published and off-track-alert notices.
    ///
    /// ```swift
    /// let notice = Notice(.bulletinPublished(bulletin), createdAt: now)
    /// try await store.enqueue(notice, key: Notice.bulletinKey(year: 2027, month: 3, branch: "xn-city"),
    ///                         configuration: notify, reference: reference, at: now)
    /// ```
    /// - Returns: How many deliveries were added.
    @discardableResult
    public func enqueue(
        _ notice: Notice, key: String, configuration: NotifyConfiguration, reference: ReferenceData?, at now: Date
    ) async throws -> Int {
        try await enqueue(configuration.outboxEntries(for: notice, key: key, reference: reference, dueAt: now), at: now)
    }
}
