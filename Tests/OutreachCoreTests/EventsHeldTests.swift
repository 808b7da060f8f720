import Foundation
@testable import OutreachCore
import OutreachTestSupport
import Testing

/// "Events held" counts occurrences, the unit of "planned", on a hand-computed March 2027:
///
/// | event | kind | branch | planned | reach logged on | held |
/// |---|---|---|---|---|---|
/// | talk | one-off, 03-12 | east | 1 | 03-12, and 03-13 (not scheduled) | 1 + 1 unplanned |
/// | weekly | recurring 03-09, 03-16, 03-23 | east | 3 | 03-09, 03-16 | 2 |
/// | led | display 03-01 – 03-31 | east-1 | 1 | 03-15, 03-16, 03-17 | 1 |
/// | radio | one-off, 03-20 | city | 1 | — | 0 |
/// | done | one-off 03-05, marked done | west | 1 | — | 1 |
/// | dropped | one-off 03-05, cancelled | west-1 | 0 | 03-05, 03-06 | 2 unplanned |
///
/// Counting logged days (as before) gave east 7 held of 5 planned, and 9 for the city.
struct EventsHeldTests {
    static let march = ReportPeriod("2027-03")!

    static func activity() -> ReachActivity {
        var events = ReachFixture.events()
        func stored(_ event: Event) -> StoredEvent {
            StoredEvent(
                event: event, fileStatus: event.status, isRemovedFromFile: false, campaignTitle: BilingualName(zh: "三·一五宣传"),
                campaignEnd: ReachFixture.day("2027-03-31"), updatedAt: ReachFixture.now)
        }
        let day = ReachFixture.day
        events.append(
            stored(
                Event(
                    id: "done", campaign: "c1", title: BilingualName(zh: "校园讲座"), channel: "campus-event", venue: "school-1",
                    branch: "west", timing: .allDay(start: day("2027-03-05"), end: day("2027-03-05")), status: .done)))
        events.append(
            stored(
                Event(
                    id: "dropped", campaign: "c1", title: BilingualName(zh: "折页发放"), channel: "leaflet", venue: "outlet-3",
                    branch: "west-1", timing: .allDay(start: day("2027-03-05"), end: day("2027-03-05")), status: .cancelled)))
        let keys: [Event.ID: Int] = ReachFixture.keys.merging(["done": 5, "dropped": 6]) { a, _ in a }
        var byKey: [Int: StoredEvent] = [:]
        for event in events { byKey[keys[event.event.id]!] = event }
        let logged: [(Int, String, Int)] = [
            (1, "2027-03-12", 1), (1, "2027-03-12", 2), (1, "2027-03-13", 1),
            (2, "2027-03-09", 1), (2, "2027-03-16", 1), (2, "2027-03-16", 2),
            (3, "2027-03-15", 4), (3, "2027-03-16", 4), (3, "2027-03-17", 4),
            (6, "2027-03-05", 3), (6, "2027-03-06", 3),
            // February: outside the period.
            (3, "2027-02-28", 4),
        ]
        let entries = logged.map { event, date, metric in
            ReachEntry(key: ReachKey.pack(day: day(date).dayNumber, event: event, metric: metric, segment: 0), count: 10)
        }
        return ReachActivity(events: byKey, entries: entries, codes: ReachFixture.codes)
    }

    static func planned(_ activity: ReachActivity, _ period: ReportPeriod = march) -> [PlannedOccurrence] {
        Planner.occurrences(
            of: Array(activity.events.values), matching: PlanQuery(from: period.start, through: period.end),
            reference: ReachFixture.reference())
    }

    @Test func eachKindOfEventCountsAsItsOccurrences() {
        let held = Self.activity().heldOccurrences(in: Self.march)
        let described = held.map { "\($0.event.id.rawValue) \($0.start) \($0.isPlanned ? "planned" : "unplanned")" }
        #expect(
            described == [
                "talk 2027-03-12 planned", "weekly 2027-03-09 planned", "weekly 2027-03-16 planned", "led 2027-03-01 planned",
                "done 2027-03-05 planned", "talk 2027-03-13 unplanned", "dropped 2027-03-05 unplanned",
                "dropped 2027-03-06 unplanned",
            ])
    }

    @Test func scorecardHeldIsInThePlannedUnit() {
        let activity = Self.activity()
        let card = Scorecard.build(
            period: Self.march, scope: nil, asOf: ReachFixture.day("2027-03-31"), reference: ReachFixture.reference(),
            targets: [], cube: ReachCubeReader(), activity: activity, planned: Self.planned(activity))
        let events = card.lines.filter { $0.segment == nil }
        #expect(events.map(\.branch) == ["east", "west"])
        #expect(events.map(\.planned) == [5, 1])
        #expect(events.map(\.achieved) == [5, 3])
        #expect(events.map(\.unplanned) == [1, 2])
        let rows = ScorecardRenderer(scorecard: card, reference: ReachFixture.reference(), language: .zh).rows()
        #expect(rows.map { $0[3] } == ["5（含计划外 1）", "3（含计划外 2）"])
        let english = ScorecardRenderer(scorecard: card, reference: ReachFixture.reference(), language: .en).rows()
        #expect(english.map { $0[3] } == ["5 (1 unplanned)", "3 (2 unplanned)"])
        #expect(english.map { $0[7] } == ["no target", "no target"])
    }

    @Test func bulletinHeadlineAndChannelsCountOccurrences() {
        let activity = Self.activity()
        let figures = BulletinFigures.compute(
            month: ReachCubeMonth.index(of: Self.march.start), scope: "city", reference: ReachFixture.reference(),
            cube: ReachCubeReader(), activity: activity)
        #expect(figures.eventsHeld == 8)
        #expect(figures.unplannedEvents == 3)
        #expect(figures.eventsByChannel.map { "\($0.id)=\($0.value)" } == ["led-screen=1", "leaflet=2", "community-event=2", "campus-event=3"])
        let east = BulletinFigures.compute(
            month: ReachCubeMonth.index(of: Self.march.start), scope: "east", reference: ReachFixture.reference(),
            cube: ReachCubeReader(), activity: activity)
        #expect(east.eventsHeld == 5)
        #expect(east.json().contains("\"unplannedEvents\":1"))
        // Figures without unplanned events keep the JSON published bulletins were frozen with.
        var plain = east
        plain.unplannedEvents = nil
        #expect(!plain.json().contains("unplanned"))
    }

    @Test func recordsOutsideAnOccurrenceAreUnplannedInTheirOwnMonth() {
        let activity = Self.activity()
        let february = ReportPeriod("2027-02")!
        // The fixture's display starts in March: February's record falls on no occurrence of it (unplanned).
        #expect(activity.heldOccurrences(in: february).map { "\($0.event.id.rawValue) \($0.isPlanned)" } == ["led false"])
        let quarter = ReportPeriod("2027-Q1")!
        let held = activity.heldOccurrences(in: quarter)
        #expect(held.filter { $0.event.id == "led" }.map(\.isPlanned) == [true, false])
    }

    @Test func aSubBranchScorecardScoresTheSubBranchItself() {
        let activity = Self.activity()
        let targets = [Target(branch: "east", period: Self.march, events: 4)]
        let card = Scorecard.build(
            period: Self.march, scope: "east", asOf: ReachFixture.day("2027-03-31"), reference: ReachFixture.reference(),
            targets: targets, cube: ReachCubeReader(), activity: activity, planned: Self.planned(activity),
            scoringScope: true)
        let events = card.lines.filter { $0.segment == nil }
        #expect(events.map(\.branch) == ["east"])
        #expect(events.first?.target == 4)
        #expect(events.first?.achieved == 5)
        #expect(events.first?.status == .met)
        // Without it, the outlets below are scored (and have no targets).
        let outlets = Scorecard.build(
            period: Self.march, scope: "east", asOf: ReachFixture.day("2027-03-31"), reference: ReachFixture.reference(),
            targets: targets, cube: ReachCubeReader(), activity: activity, planned: Self.planned(activity))
        #expect(outlets.lines.filter { $0.segment == nil }.map(\.status) == [.noTarget, .noTarget])
    }
}
