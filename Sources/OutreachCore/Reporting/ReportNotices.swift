import Foundation

/// The notices reports cause: an off-track alert per scorecard line behind its pro-rata target, and a
/// notice when a bulletin is published.
public enum ReportNotices {
    /// One off-track alert per branch with lines behind (events held first, then segments in scorecard
    /// order), with its idempotency key: at most one per branch, period and day.
    public static func offTrackAlerts(
        _ scorecard: Scorecard, reference: ReferenceData, language: Language, at now: Date
    ) -> [(key: String, notice: Notice)] {
        var branches: [Branch.ID] = []
        var measures: [Branch.ID: [Notice.OffTrackAlert.Measure]] = [:]
        for line in scorecard.offTrack {
            guard let target = line.target else { continue }
            let name =
                line.segment.map { id in reference.segment(id)?.names ?? Names(zh: id.rawValue) }
                ?? Names(zh: "活动场次", en: "events held")
            let measure = Notice.OffTrackAlert.Measure(segment: name, achieved: line.achieved, target: target)
            if measures[line.branch] == nil { branches.append(line.branch) }
            if line.segment == nil {
                measures[line.branch, default: []].insert(measure, at: 0)
            } else {
                measures[line.branch, default: []].append(measure)
            }
        }
        let period = scorecard.period.names
        return branches.map { branch in
            let lines = measures[branch] ?? []
            let alert = Notice.OffTrackAlert(
                branch: branch, branchName: reference.branch(branch)?.names ?? Names(zh: branch.rawValue), period: period,
                segment: lines[0].segment, achieved: lines[0].achieved, target: lines[0].target,
                expectedPercent: Int((scorecard.elapsed * 100).rounded()), more: Array(lines.dropFirst()))
            return (
                Notice.offTrackKey(branch: branch, period: period, on: scorecard.asOf),
                Notice(.offTrackAlert(alert), language: language, createdAt: now)
            )
        }
    }

    /// The notice of a published bulletin, with its key (one per month and branch).
    public static func bulletinPublished(
        _ figures: BulletinFigures, period: ReportPeriod, branch: Branch.ID, reference: ReferenceData, link: String,
        language: Language, at now: Date
    ) -> (key: String, notice: Notice) {
        let published = Notice.BulletinPublished(
            year: period.start.year, month: period.start.month, branch: branch,
            branchName: reference.branch(branch)?.names ?? Names(zh: branch.rawValue), eventsHeld: figures.eventsHeld,
            personTimes: figures.personTimes, link: link)
        return (
            Notice.bulletinKey(year: period.start.year, month: period.start.month, branch: branch),
            Notice(.bulletinPublished(published), language: language, createdAt: now)
        )
    }
}
