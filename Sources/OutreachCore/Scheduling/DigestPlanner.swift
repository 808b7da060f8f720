import Foundation

/// Builds the daily digests of one day: for each target, the planned and confirmed occurrences of that
/// day whose notices its routes take, as one notice keyed `digest:<date>:<target>`.
///
/// The delivery worker calls it once a day at `notify.digest` (default 08:00 in `notify.time_zone`);
/// the key makes a second call, or a second worker, add nothing. A target with no events that day gets
/// no digest.
///
/// All-day items read 全天 / "all day". A display of more than seven days is listed on its first and its last
/// day only (with its dates), so a month-long LED screen does not fill every morning's digest.
public enum DigestPlanner {
    /// The digests of `date`.
    /// - Parameters:
    ///   - date: The day, in each event's local time.
    ///   - events: Stored events whose span covers the day (more is fine).
    ///   - configuration: Targets and routes.
    ///   - reference: Names, zones and the branch tree.
    ///   - now: When the digest is made; it is due at once.
    /// - Returns: One entry per target that has events.
    public static func digests(
        for date: LocalDate, events: [StoredEvent], configuration: NotifyConfiguration, reference: ReferenceData,
        now: Date
    ) -> [OutboxEntry] {
        let query = PlanQuery(from: date, through: date, statuses: [.planned, .confirmed])
        let occurrences = Planner.occurrences(of: events, matching: query, reference: reference)
        var byTarget: [String: [Notice.EventSummary]] = [:]
        for occurrence in occurrences {
            // A display longer than a week is news on its first and its last day, not every morning.
            let timing = occurrence.timing
            if timing.isAllDay, timing.startDate.days(until: timing.endDate) >= 7, date != timing.startDate,
                date != timing.endDate
            {
                continue
            }
            let summary = Notice.EventSummary(
                event: occurrence.event, timing: occurrence.timing, reference: reference, timeZone: occurrence.timeZone)
            let probe = Notice(.dailyDigest(Notice.DailyDigest(date: date, branch: summary.branch, events: [summary])), createdAt: now)
            for name in configuration.targets(for: probe, ancestors: { reference.lineage(of: $0) }) {
                byTarget[name, default: []].append(summary)
            }
        }
        return configuration.targets.compactMap { target in
            guard let summaries = byTarget[target.name], !summaries.isEmpty else { return nil }
            let branches = Set(summaries.map(\.branch))
            let branch = branches.count == 1 ? branches.first : nil
            let notice = Notice(
                .dailyDigest(
                    Notice.DailyDigest(
                        date: date, branch: branch, branchName: branch.flatMap { reference.branch($0)?.names },
                        events: summaries)),
                createdAt: now)
            return OutboxEntry(
                key: key(date: date, target: target.name), notice: notice, target: target.name,
                bot: target.endpoint.botIdentity, dueAt: now)
        }
    }

    /// `digest:2027-03-09:城东支行群`.
    public static func key(date: LocalDate, target: String) -> String { "digest:\(date):\(target)" }
}
