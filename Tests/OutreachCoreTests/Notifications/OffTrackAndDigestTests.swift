import Foundation
@testable import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// Chat notices people don't mute: off-track alerts only for a clear lag, one per group, at most weekly; the
/// daily digest reads all-day items as 全天 and lists a long display on its first and last day only.
struct OffTrackAndDigestTests {
    let now = Timestamp.date(from: "2027-02-14T04:00:00Z")!

    func target(_ name: String, key: String) -> NotifyTarget {
        NotifyTarget(name: name, kind: .wecom, endpoint: (try? WebhookEndpoint.make(kind: .wecom, value: key).get())!)
    }

    /// 分行群 takes every alert; 城东群 only those of the east sub-branch.
    var configuration: NotifyConfiguration {
        NotifyConfiguration(
            targets: [target("分行群", key: "city-key"), target("城东群", key: "east-key")],
            routes: [
                NotifyRoute(targets: ["分行群"], kinds: [.offTrackAlert]),
                NotifyRoute(targets: ["城东群"], kinds: [.offTrackAlert, .dailyDigest], branches: ["east"]),
            ])
    }

    func line(_ branch: Branch.ID, _ segment: AudienceSegment.ID?, achieved: Int, target: Int) -> Scorecard.Line {
        Scorecard.Line(
            branch: branch, segment: segment, planned: nil, achieved: achieved, target: target, isProRated: false,
            status: Scorecard.status(achieved, target, elapsed: 0.5))
    }

    /// Halfway through the quarter: 50% of each target expected.
    func scorecard(elapsed: Double = 0.5, _ lines: [Scorecard.Line]) -> Scorecard {
        Scorecard(period: ReportPeriod("2027-Q1")!, asOf: LocalDate("2027-02-14")!, elapsed: elapsed, lines: lines)
    }

    @Test func onlyAClearLagAfterAQuarterOfThePeriodIsAlerted() {
        let lines = [
            line("east", nil, achieved: 29, target: 100),  // 21 points behind: alerted
            line("east", "elderly", achieved: 31, target: 100),  // 19 points behind: off track, but not alerted
            line("west", nil, achieved: 30, target: 100),  // 20 points: alerted
            line("west", "students", achieved: 100, target: 100),
        ]
        #expect(ReportNotices.behind(scorecard(lines), margin: 20).map(\.achieved) == [29, 30])
        #expect(scorecard(lines).offTrack.count == 3)
        #expect(ReportNotices.behind(scorecard(lines), margin: 10).count == 3)
        // Day 2 of a quarter ("0 / 40"): nothing, however far behind.
        #expect(ReportNotices.behind(scorecard(elapsed: 0.02, [line("east", nil, achieved: 0, target: 40)]), margin: 20).isEmpty)
        #expect(ReportNotices.behind(scorecard(elapsed: 0.24, [line("east", nil, achieved: 0, target: 40)]), margin: 20).isEmpty)
        #expect(ReportNotices.behind(scorecard(elapsed: 0.25, [line("east", nil, achieved: 0, target: 40)]), margin: 20).count == 1)
    }

    @Test func oneMessagePerGroupListsEveryBranchBehind() throws {
        let card = scorecard([
            line("east", "elderly", achieved: 10, target: 100), line("east", nil, achieved: 5, target: 40),
            line("west", nil, achieved: 2, target: 40),
        ])
        let entries = ReportNotices.offTrackAlerts(
            card, configuration: configuration, reference: .fixture(), language: .zh, at: now)
        #expect(entries.map(\.key) == ["off-track:2027 年第一季度:2027-02-14:分行群", "off-track:2027 年第一季度:2027-02-14:城东群"])
        guard case .offTrackAlert(let all) = entries[0].notice.payload, case .offTrackAlert(let east) = entries[1].notice.payload
        else {
            Issue.record("expected alerts")
            return
        }
        #expect(all.branches.map(\.branch) == ["east", "west"])
        #expect(all.branches[0].measures.map(\.achieved) == [5, 10])
        #expect(east.branches.map(\.branch) == ["east"])
        let text = NoticeRenderer.render(entries[0].notice, for: try #require(configuration.target(named: "分行群")), deliveryID: "n")
            .first?.body.serialized()
        #expect(
            text
                == #"{"msgtype":"markdown","markdown":{"content":"**目标进度预警：2027 年第一季度，2 个机构进度落后**\n按时间进度应达目标的 50%，以下落后：\n咸安支行\n· 活动场次：已完成 5 / 目标 40（12%）\n· 老年人：已完成 10 / 目标 100（10%）\n赤壁支行\n· 活动场次：已完成 2 / 目标 40（5%）"}}"#)
        #expect(try Notice(storageJSON: entries[0].notice.storageJSON) == entries[0].notice)
    }

    func delivery(key: String, like entry: OutboxEntry) -> OutboxDelivery {
        OutboxDelivery(
            id: OutboxDelivery.ID("1"), key: key, notice: entry.notice, target: entry.target, bot: entry.bot, state: .sent, dueAt: now, nextAttemptAt: now,
            attempts: 1, failures: 0, partsSent: 1, lastError: nil, createdAt: now, updatedAt: now)
    }

    @Test func aGroupHearsAtMostOnceAWeek() {
        let card = scorecard([line("east", nil, achieved: 5, target: 40)])
        let entries = ReportNotices.offTrackAlerts(card, configuration: configuration, reference: .fixture(), language: .zh, at: now)
        #expect(entries.count == 2)
        let sixDaysAgo = [delivery(key: "off-track:2027 年第一季度:2027-02-08:分行群", like: entries[0])]
        #expect(ReportNotices.dueAlerts(entries, earlier: sixDaysAgo, today: card.asOf).map(\.target) == ["城东群"])
        let aWeekAgo = [delivery(key: "off-track:2027 年第一季度:2027-02-07:分行群", like: entries[0])]
        #expect(ReportNotices.dueAlerts(entries, earlier: aWeekAgo, today: card.asOf).count == 2)
        // An alert for another period (the year) counts too.
        let yearAlert = [delivery(key: "off-track:2027 年:2027-02-11:分行群", like: entries[0])]
        #expect(ReportNotices.dueAlerts(entries, earlier: yearAlert, today: card.asOf).map(\.target) == ["城东群"])
        // Of the quarter's and the year's alerts of one run, a group gets the first.
        var year = scorecard([line("east", nil, achieved: 5, target: 160)])
        year.period = ReportPeriod("2027")!
        let both = entries + ReportNotices.offTrackAlerts(year, configuration: configuration, reference: .fixture(), language: .zh, at: now)
        #expect(both.count == 4)
        #expect(ReportNotices.dueAlerts(both, earlier: [], today: card.asOf).map(\.key) == entries.map(\.key))
        // Today's own key is left to the outbox, which queues a key once.
        let today = [delivery(key: entries[0].key, like: entries[0])]
        #expect(ReportNotices.dueAlerts(entries, earlier: today, today: card.asOf).count == 2)
    }

    /// An alert not sent yet (quiet hours, a rate budget, no worker running) does not hold back a newer one of
    /// the same period to the same group: the newer one supersedes it. A sent one still does.
    @Test func aNewAlertSupersedesAnUnsentOneOfTheSamePeriod() {
        let card = scorecard([line("east", nil, achieved: 5, target: 40)])
        let entries = ReportNotices.offTrackAlerts(card, configuration: configuration, reference: .fixture(), language: .zh, at: now)
        var pending = delivery(key: "off-track:2027 年第一季度:2027-02-10:分行群", like: entries[0])
        pending.state = .pending
        #expect(ReportNotices.dueAlerts(entries, earlier: [pending], today: card.asOf).count == 2)
        #expect(ReportNotices.supersededAlerts(by: entries, earlier: [pending]) == [pending.key])
        // Today's own key, unsent (a second run today): replaced with the current figures.
        var morning = delivery(key: entries[0].key, like: entries[0])
        morning.state = .failed
        #expect(ReportNotices.supersededAlerts(by: entries, earlier: [morning]) == [entries[0].key])
        // Sent, in flight, or for another period: kept, and a sent or in-flight one in the past week holds the group back.
        var sent = pending
        sent.state = .sent
        var inFlight = pending
        inFlight.state = .inFlight
        var year = delivery(key: "off-track:2027 年:2027-02-10:分行群", like: entries[0])
        year.state = .pending
        for earlier in [sent, inFlight, year] {
            #expect(ReportNotices.supersededAlerts(by: entries, earlier: [earlier]).isEmpty)
            #expect(ReportNotices.dueAlerts(entries, earlier: [earlier], today: card.asOf).map(\.target) == ["城东群"])
        }
    }

    @Test func marginIsConfigured() {
        let yaml = "notify:\n  off_track_margin: 30\n  targets:\n    - {name: 群, kind: wecom, key_env: K}\n"
        let (configuration, issues) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(yaml.utf8)), environment: ["K": "abc"], readFile: { _ in nil })
        #expect(issues.isEmpty)
        #expect(configuration?.offTrackMargin == 30)
        #expect(NotifyConfiguration().offTrackMargin == 20)
        let bad = "notify:\n  off_track_margin: 20%\n"
        let (none, problems) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(bad.utf8)), environment: [:], readFile: { _ in nil })
        #expect(none == nil)
        #expect(
            problems.map { $0.rendered(.en) } == [
                "outreach.yaml:2:21: error: The value '20%' is invalid for 'off_track_margin'. Expected percentage points behind the pro-rated target, a whole number from 1 to 100, like '20'."
            ])
        #expect(
            problems.first?.rendered(.zh)
                == "outreach.yaml:2:21: error: 'off_track_margin' 的值 '20%' 无效。应为落后于按时间折算目标的百分点数，1 到 100 之间的整数，例如 '20'。")
    }

    func stored(_ id: String, _ timing: Event.Timing) -> StoredEvent {
        let event = Event(
            id: Event.ID(id), campaign: "c1", title: BilingualName(zh: "活动\(id)", en: "Event \(id)"), channel: "led-screen",
            venue: "outlet-1", branch: "east-1", timing: timing, status: .confirmed)
        return StoredEvent(
            event: event, fileStatus: .confirmed, isRemovedFromFile: false, campaignTitle: BilingualName(zh: "活动"),
            campaignEnd: LocalDate("2027-03-31")!, updatedAt: now)
    }

    func digest(on date: String, _ events: [StoredEvent]) -> [String] {
        DigestPlanner.digests(for: LocalDate(date)!, events: events, configuration: configuration, reference: .fixture(), now: now)
            .filter { $0.target == "城东群" }
            .flatMap { entry -> [String] in
                guard case .dailyDigest = entry.notice.payload else { return [] }
                return Template.renderPlain(entry.notice)
            }
    }

    @Test func allDayItemsRead全天AndALongDisplayShowsOnItsFirstAndLastDay() {
        let screen = stored("screen", .allDay(start: LocalDate("2027-03-01")!, end: LocalDate("2027-03-31")!))
        let stand = stored("stand", .allDay(start: LocalDate("2027-03-15")!, end: LocalDate("2027-03-15")!))
        let talk = stored("talk", .timed(start: LocalDateTime("2027-03-15 14:30")!, end: LocalDateTime("2027-03-15 16:00")!))
        #expect(
            digest(on: "2027-03-01", [screen, stand, talk]) == [
                "今日活动 2027-03-01 · 温泉路网点：共 1 场", "1. 全天（首日，展示至 2027-03-31） 活动screen @ 温泉路网点营业厅（温泉路网点）",
            ])
        #expect(
            digest(on: "2027-03-15", [screen, stand, talk]) == [
                "今日活动 2027-03-15 · 温泉路网点：共 2 场", "1. 全天 活动stand @ 温泉路网点营业厅（温泉路网点）",
                "2. 14:30–16:00 活动talk @ 温泉路网点营业厅（温泉路网点）",
            ])
        #expect(digest(on: "2027-03-16", [screen]) == [])
        #expect(
            digest(on: "2027-03-31", [screen]) == [
                "今日活动 2027-03-31 · 温泉路网点：共 1 场", "1. 全天（最后一天，2027-03-01 起展示） 活动screen @ 温泉路网点营业厅（温泉路网点）",
            ])
        // A display of a week or less is still listed every day.
        let week = stored("week", .allDay(start: LocalDate("2027-03-01")!, end: LocalDate("2027-03-07")!))
        #expect(digest(on: "2027-03-04", [week]).count == 2)
    }

    @Test func englishDigestSaysAllDay() {
        let stand = stored("stand", .allDay(start: LocalDate("2027-03-15")!, end: LocalDate("2027-03-15")!))
        let entry = DigestPlanner.digests(
            for: LocalDate("2027-03-15")!, events: [stand], configuration: configuration, reference: .fixture(), now: now)[0]
        var notice = entry.notice
        notice.language = .en
        #expect(Template.renderPlain(notice).dropFirst().first == "1. all day Event stand @ 温泉路网点营业厅 (Wenquan Rd)")
    }

    @Test func remindersOfAllDayEventsSay全天() {
        let stand = stored("stand", .allDay(start: LocalDate("2027-03-15")!, end: LocalDate("2027-03-15")!))
        let planner = ReminderPlanner(configuration: configuration, reference: .fixture())
        let notice = planner.notice(.eventReminder, for: stand, now: now, urgent: false)!
        #expect(Template.renderPlain(notice).dropFirst().first == "时间：2027-03-15 全天")
        let screen = stored("screen", .allDay(start: LocalDate("2027-03-01")!, end: LocalDate("2027-03-31")!))
        var english = planner.notice(.eventReminder, for: screen, now: now, urgent: false)!
        english.language = .en
        #expect(Template.renderPlain(english).dropFirst().first == "When: 2027-03-01 to 2027-03-31, all day")
    }

    @Test func kindsReadAsWords() {
        #expect(Notice.Kind.eventReminder.text(.zh) == "活动提醒")
        #expect(Notice.Kind.eventReminder.text(.en) == "event reminder")
        #expect(Notice.Kind.allCases.allSatisfy { $0.text(.en) != $0.rawValue && $0.text(.zh) != $0.rawValue })
        let reminder = Notice.fixtureReminder()
        guard case .object(let fields) = reminder.templateContext(.zh) else {
            Issue.record("expected fields")
            return
        }
        #expect(fields["kind_name"] == .text("活动提醒"))
    }
}

extension Template {
    /// A notice rendered with its shipped template in its own language, as plain lines.
    static func renderPlain(_ notice: Notice) -> [String] {
        DefaultTemplates.template(for: notice.kind, language: notice.language)
            .render(notice.templateContext(notice.language), escaping: .plain)
            .split(separator: "\n").map(String.init)
    }
}
