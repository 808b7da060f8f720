import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// Which notices an event change calls for: offsets, all-day events, moves, edits and cancellations.
struct ReminderPlannerTests {
    let now = Timestamp.date(from: "2026-11-29T01:00:00Z")!  // 09:00 in Shanghai

    func target(_ name: String, key: String) -> NotifyTarget {
        NotifyTarget(name: name, kind: .wecom, endpoint: (try? WebhookEndpoint.make(kind: .wecom, value: key).get())!)
    }

    var configuration: NotifyConfiguration {
        NotifyConfiguration(
            targets: [target("城东群", key: "east-key"), target("城西群", key: "west-key")],
            routes: [
                NotifyRoute(targets: ["城东群"], branches: ["east"]),
                NotifyRoute(targets: ["城西群"], kinds: [.dailyDigest]),
            ])
    }

    var planner: ReminderPlanner { ReminderPlanner(configuration: configuration, reference: .fixture()) }

    func stored(
        start: String = "2026-12-05 14:30", end: String = "2026-12-05 16:00", allDay: Bool = false,
        status: EventStatus = .confirmed, title: String = "防诈骗讲座"
    ) -> StoredEvent {
        let timing: Event.Timing =
            allDay
            ? .allDay(start: LocalDate(String(start.prefix(10)))!, end: LocalDate(String(end.prefix(10)))!)
            : .timed(start: LocalDateTime(start)!, end: LocalDateTime(end)!)
        let event = Event(
            id: "e1", campaign: "c1", title: BilingualName(zh: title), channel: "community-event", venue: "community-1",
            branch: "east-1", timing: timing, staff: ["张伟"], status: status)
        return StoredEvent(
            event: event, fileStatus: status, isRemovedFromFile: false, campaignTitle: BilingualName(zh: "活动"),
            campaignEnd: LocalDate("2026-12-31")!, updatedAt: now)
    }

    func delivery(_ entry: OutboxEntry, state: OutboxDelivery.State, id: Int = 1) -> OutboxDelivery {
        OutboxDelivery(
            id: OutboxDelivery.ID(String(id)), key: entry.key, notice: entry.notice, target: entry.target, bot: entry.bot,
            state: state, dueAt: entry.dueAt, nextAttemptAt: entry.dueAt, attempts: state == .sent ? 1 : 0, failures: 0,
            partsSent: state == .sent ? 1 : 0, lastError: nil, createdAt: now, updatedAt: now)
    }

    @Test func confirmedEventGetsTheDayBeforeAndTheHourBefore() throws {
        let plan = planner.plan(for: stored(), existing: [], now: now)
        #expect(plan.cancel.isEmpty)
        #expect(
            plan.enqueue.map(\.key) == [
                "reminder:e1:2026-12-05T14:30:1d@09:00:城东群", "reminder:e1:2026-12-05T14:30:1h:城东群",
            ])
        #expect(plan.enqueue.map(\.dueAt) == [Timestamp.date(from: "2026-12-04T01:00:00Z")!, Timestamp.date(from: "2026-12-05T05:30:00Z")!])
        guard case .eventReminder(let reminder) = plan.enqueue[1].notice.payload else {
            Issue.record("expected a reminder")
            return
        }
        #expect(reminder.offsetLabel == BilingualName(zh: "1 小时后", en: "in 1 hour"))
        #expect(reminder.event.venue == BilingualName(zh: "阳光社区"))
        #expect(reminder.event.branchName == BilingualName(zh: "温泉路网点", en: "Wenquan Rd"))
        #expect(plan.enqueue[0].bot == target("城东群", key: "east-key").endpoint.botIdentity)
    }

    @Test func allDayEventsGetOnlyTheDayBefore() {
        let plan = planner.plan(for: stored(start: "2026-12-05", end: "2026-12-07", allDay: true), existing: [], now: now)
        #expect(plan.enqueue.map(\.key) == ["reminder:e1:2026-12-05T00:00:1d@09:00:城东群"])
    }

    @Test func plannedEventsGetNoRemindersAndPastOnesAreSkipped() {
        #expect(planner.plan(for: stored(status: .planned), existing: [], now: now).isEmpty)
        // Tomorrow at 10:00: the day-before reminder (today 09:00) has passed; the hour-before has not.
        let soon = planner.plan(for: stored(start: "2026-11-30 10:00", end: "2026-11-30 11:00"), existing: [], now: now)
        #expect(soon.enqueue.map(\.key) == ["reminder:e1:2026-11-30T10:00:1h:城东群"])
    }

    @Test func configuredOffsetsReplaceTheDefaults() {
        var custom = configuration
        custom.reminders = [ReminderOffset(parsing: "2d@17:30")!, ReminderOffset(parsing: "30m")!]
        let plan = ReminderPlanner(configuration: custom, reference: .fixture()).plan(for: stored(), existing: [], now: now)
        #expect(plan.enqueue.map(\.key) == ["reminder:e1:2026-12-05T14:30:2d@17:30:城东群", "reminder:e1:2026-12-05T14:30:30m:城东群"])
        #expect(plan.enqueue.map(\.dueAt) == [Timestamp.date(from: "2026-12-03T09:30:00Z")!, Timestamp.date(from: "2026-12-05T06:00:00Z")!])
    }

    @Test func aMovedEventMovesItsReminders() {
        let before = planner.plan(for: stored(), existing: [], now: now).enqueue
        let existing = before.enumerated().map { delivery($1, state: .pending, id: $0 + 1) }
        let moved = planner.plan(for: stored(start: "2026-12-06 09:30", end: "2026-12-06 11:00"), existing: existing, now: now)
        #expect(moved.cancel == before.map(\.key))
        #expect(moved.enqueue.map(\.key) == ["reminder:e1:2026-12-06T09:30:1d@09:00:城东群", "reminder:e1:2026-12-06T09:30:1h:城东群"])
        // Unchanged: nothing to do.
        #expect(planner.plan(for: stored(), existing: existing, now: now).isEmpty)
    }

    @Test func anEditedEventReplacesItsWaitingReminders() {
        let before = planner.plan(for: stored(), existing: [], now: now).enqueue
        let existing = [delivery(before[0], state: .sent, id: 1), delivery(before[1], state: .pending, id: 2)]
        let edited = planner.plan(for: stored(title: "防范电信诈骗讲座"), existing: existing, now: now)
        #expect(edited.cancel == [before[1].key])
        #expect(edited.enqueue.map(\.key) == [before[1].key])
    }

    @Test func aCancelledEventLosesItsRemindersAndAnnouncesItOnlyWhereOneWasSent() {
        let before = planner.plan(for: stored(), existing: [], now: now).enqueue
        let waiting = before.enumerated().map { delivery($1, state: .pending, id: $0 + 1) }
        let quiet = planner.plan(for: stored(status: .cancelled), existing: waiting, now: now)
        #expect(quiet.cancel == before.map(\.key))
        #expect(quiet.enqueue.isEmpty)

        let oneSent = [delivery(before[0], state: .sent, id: 1), delivery(before[1], state: .pending, id: 2)]
        let announced = planner.plan(for: stored(status: .cancelled), existing: oneSent, now: now)
        #expect(announced.cancel == [before[1].key])
        #expect(announced.enqueue.map(\.key) == ["cancelled:e1:城东群"])
        #expect(announced.enqueue.first?.notice.kind == .eventCancelled)
        // Done events lose their waiting reminders without an announcement.
        let done = planner.plan(for: stored(status: .done), existing: oneSent, now: now)
        #expect(done.cancel == [before[1].key])
        #expect(done.enqueue.isEmpty)
    }

    @Test func digestsGoToEachTargetWithItsEvents() {
        let events = [stored(start: "2026-11-29 14:30", end: "2026-11-29 16:00")]
        let digests = DigestPlanner.digests(
            for: LocalDate("2026-11-29")!, events: events, configuration: configuration, reference: .fixture(), now: now)
        #expect(digests.map(\.key) == ["digest:2026-11-29:城东群", "digest:2026-11-29:城西群"])
        guard case .dailyDigest(let digest) = digests[0].notice.payload else {
            Issue.record("expected a digest")
            return
        }
        #expect(digest.events.map(\.event) == ["e1"])
        #expect(digest.branch == "east-1")
        #expect(
            DigestPlanner.digests(
                for: LocalDate("2026-11-30")!, events: events, configuration: configuration, reference: .fixture(), now: now
            ).isEmpty)
    }

    @Test(arguments: [
        ("1d@09:00", "1d@09:00"), ("2D@17:30", "2d@17:30"), ("1h", "1h"), ("90m", "90m"), ("1h30m", "90m"), ("120m", "2h"),
    ])
    func offsetsParse(text: String, expected: String) {
        #expect(ReminderOffset(parsing: text)?.description == expected)
    }

    @Test(arguments: ["", "0h", "1d", "d@09:00", "1d@25:00", "5x", "h"])
    func badOffsetsDoNotParse(text: String) {
        #expect(ReminderOffset(parsing: text) == nil)
    }

    @Test func notifyConfigurationReadsRemindersAndDigest() throws {
        let yaml = """
            notify:
              reminders: [2d@17:30, 1h]
              digest: "07:45"
              targets:
                - {name: 群, kind: wecom, key_env: K}
            """
        let (configuration, issues) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(yaml.utf8)), environment: ["K": "abc"], readFile: { _ in nil })
        #expect(issues.isEmpty)
        #expect(configuration?.reminders.map(\.description) == ["2d@17:30", "1h"])
        #expect(configuration?.digestTime == LocalTime(hour: 7, minute: 45))
        let off = "notify:\n  reminders: off\n  digest: off\n"
        let (quiet, _) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(off.utf8)), environment: [:], readFile: { _ in nil })
        #expect(quiet?.reminders == [])
        #expect(quiet?.digestTime == nil)
    }

    @Test func badRemindersAndDigestAreReportedWordForWord() {
        let yaml = "notify:\n  reminders: [1d@9]\n  digest: 8am\n"
        let (configuration, issues) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(yaml.utf8)), environment: [:], readFile: { _ in nil })
        #expect(configuration == nil)
        #expect(
            issues.map { $0.rendered(.en) } == [
                "outreach.yaml:2:15: error: The value '1d@9' is invalid for 'reminders'. Expected days before at a time like '1d@09:00', a time before the start like '1h' or '30m', or 'off'.",
                "outreach.yaml:3:11: error: The value '8am' is invalid for 'digest'. Expected a time from '00:00' to '23:59'.",
            ])
        #expect(
            issues.first?.rendered(.zh)
                == "outreach.yaml:2:15: error: 'reminders' 的值 '1d@9' 无效。应为提前天数加时刻，例如 '1d@09:00'，或开始前的时长，例如 '1h'、'30m'，或 'off'。")
    }
}

