import Foundation

/// The notices reports cause: off-track alerts for branches well behind their pro-rata targets, and a
/// notice when a bulletin is published.
public enum ReportNotices {
    /// The scorecard lines an off-track alert reports: a target in a period that is at least a quarter over
    /// and not yet over, and an achievement at least `margin` percentage points behind the share of the
    /// period elapsed (at 50% of a quarter, a branch with 29% of its target is behind by 21 points).
    public static func behind(_ scorecard: Scorecard, margin: Int) -> [Scorecard.Line] {
        guard scorecard.elapsed >= 0.25, scorecard.elapsed < 1 else { return [] }
        return scorecard.lines.filter { line in
            guard let target = line.target, target > 0, line.achieved < target else { return false }
            let expected = scorecard.elapsed * 100
            let achieved = Double(line.achieved) / Double(target) * 100
            return expected - achieved >= Double(margin)
        }
    }

    /// One off-track alert per chat group, listing every branch behind whose alerts the group's routes take
    /// (events held first, then segments in scorecard order), keyed `off-track:<period>:<date>:<target>`.
    public static func offTrackAlerts(
        _ scorecard: Scorecard, configuration: NotifyConfiguration, reference: ReferenceData, language: Language,
        at now: Date
    ) -> [OutboxEntry] {
        var branches: [Branch.ID] = []
        var measures: [Branch.ID: [Notice.OffTrackAlert.Measure]] = [:]
        for line in behind(scorecard, margin: configuration.offTrackMargin) {
            guard let target = line.target else { continue }
            let name =
                line.segment.map { id in reference.segment(id)?.names ?? BilingualName(zh: id.rawValue) }
                ?? ReportMessages.eventsHeldMeasure.names
            let measure = Notice.OffTrackAlert.Measure(segment: name, achieved: line.achieved, target: target)
            if measures[line.branch] == nil { branches.append(line.branch) }
            if line.segment == nil {
                measures[line.branch, default: []].insert(measure, at: 0)
            } else {
                measures[line.branch, default: []].append(measure)
            }
        }
        let period = scorecard.period.names
        let expected = Int((scorecard.elapsed * 100).rounded())
        // Route each branch as its own alert would be, then gather a group's branches into one message.
        var byTarget: [String: [Notice.OffTrackAlert.BranchBehind]] = [:]
        for branch in branches {
            let behind = Notice.OffTrackAlert.BranchBehind(
                branch: branch, branchName: reference.branch(branch)?.names ?? BilingualName(zh: branch.rawValue),
                measures: measures[branch] ?? [])
            guard let alert = Notice.OffTrackAlert(period: period, expectedPercent: expected, branches: [behind]) else {
                continue
            }
            let probe = Notice(.offTrackAlert(alert), language: language, createdAt: now)
            for name in configuration.targets(for: probe, ancestors: { reference.lineage(of: $0) }) {
                byTarget[name, default: []].append(behind)
            }
        }
        let key = Notice.offTrackKey(period: period, on: scorecard.asOf)
        return configuration.targets.compactMap { target in
            guard let behind = byTarget[target.name],
                let alert = Notice.OffTrackAlert(period: period, expectedPercent: expected, branches: behind)
            else { return nil }
            return OutboxEntry(
                key: "\(key):\(target.name)", notice: Notice(.offTrackAlert(alert), language: language, createdAt: now),
                target: target.name, bot: target.endpoint.botIdentity, dueAt: now)
        }
    }

    /// The alerts still due, so that a group hears at most once a week: a group that had an off-track alert (for
    /// any period, in any state) in the seven days up to `today` gets none, and of several alerts for one group
    /// (the quarter's and the year's) only the first is kept. An earlier alert of the same period to the same
    /// group that is not sent yet (pending or failed) does not hold a new one back: the new one, with the
    /// current figures, supersedes it (see ``supersededAlerts(by:earlier:)``).
    /// - Parameters:
    ///   - entries: Alerts from ``offTrackAlerts(_:configuration:reference:language:at:)``, the most pressing
    ///     period first.
    ///   - earlier: Deliveries whose key starts with `Notice.offTrackKeyPrefix`.
    public static func dueAlerts(_ entries: [OutboxEntry], earlier: [OutboxDelivery], today: LocalDate) -> [OutboxEntry] {
        var chosen = Set<String>()
        return entries.filter { entry in
            let recent = earlier.contains { delivery in
                guard delivery.target == entry.target, delivery.key != entry.key,
                    !supersedes(entry, delivery), let date = offTrackDate(delivery.key)
                else { return false }
                return (0..<7).contains(date.days(until: today))
            }
            return !recent && chosen.insert(entry.target).inserted
        }
    }

    /// The keys of earlier alerts that the due ones supersede: not sent yet (pending or failed), to the same
    /// group, for the same period, whatever their day (the same key too: a second run on one day replaces the
    /// morning's unsent alert with the current figures). Cancel them before queuing `due`.
    /// - Parameters:
    ///   - due: Alerts from ``dueAlerts(_:earlier:today:)``.
    ///   - earlier: Deliveries whose key starts with `Notice.offTrackKeyPrefix`.
    public static func supersededAlerts(by due: [OutboxEntry], earlier: [OutboxDelivery]) -> [String] {
        earlier.filter { delivery in due.contains { supersedes($0, delivery) } }.map(\.key)
    }

    /// Whether a new alert replaces an earlier delivery: the earlier one is unsent, to the same group, for the
    /// same period.
    static func supersedes(_ entry: OutboxEntry, _ delivery: OutboxDelivery) -> Bool {
        guard [.pending, .failed].contains(delivery.state), delivery.target == entry.target,
            let period = offTrackPeriod(entry.key)
        else { return false }
        return offTrackPeriod(delivery.key) == period
    }

    /// The period in a key `off-track:<period>:<date>:<target>`.
    static func offTrackPeriod(_ key: String) -> String? {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "off-track" else { return nil }
        return String(parts[1])
    }

    /// The date in a key `off-track:<period>:<date>:<target>`.
    static func offTrackDate(_ key: String) -> LocalDate? {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "off-track" else { return nil }
        return LocalDate(String(parts[2]))
    }

    /// The notice of a published bulletin, with its key (one per month and branch).
    public static func bulletinPublished(
        _ figures: BulletinFigures, period: ReportPeriod, branch: Branch.ID, reference: ReferenceData, link: String,
        language: Language, at now: Date
    ) -> (key: String, notice: Notice) {
        let published = Notice.BulletinPublished(
            year: period.start.year, month: period.start.month, branch: branch,
            branchName: reference.branch(branch)?.names ?? BilingualName(zh: branch.rawValue), eventsHeld: figures.eventsHeld,
            personTimes: figures.personTimes, link: link)
        return (
            Notice.bulletinKey(year: period.start.year, month: period.start.month, branch: branch),
            Notice(.bulletinPublished(published), language: language, createdAt: now)
        )
    }
}
