import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

struct ICalendarWriterTests {
    let reference = ReferenceData.fixture()
    let now = Timestamp.date(from: "2026-11-29T02:00:00Z")!

    func stored(_ event: Event, campaignEnd: String = "2026-12-31") -> StoredEvent {
        StoredEvent(
            event: event, fileStatus: event.status, isRemovedFromFile: false, campaignTitle: BilingualName(zh: "金融知识进万家"),
            campaignEnd: LocalDate(campaignEnd)!, updatedAt: now)
    }

    func talk(_ rule: String? = nil, except: [String] = []) throws -> Event {
        Event(
            id: "talk-1", campaign: "c1", title: BilingualName(zh: "防诈骗讲座; 第一期, 阳光社区"), channel: "community-event",
            venue: "community-1", branch: "east",
            timing: .timed(start: LocalDateTime("2026-12-01 14:30")!, end: LocalDateTime("2026-12-01 16:00")!),
            recurrence: try rule.map { try RecurrenceRule.parse($0) }, exceptDates: except.map { LocalDate($0)! },
            staff: ["张伟"], expectedReach: 80, status: .confirmed, notes: "带折页\\宣传册")
    }

    @Test func writesARecurringEventWithItsZone() throws {
        let text = ICalendarWriter(reference: reference, language: .zh, now: now)
            .document([stored(try talk("FREQ=WEEKLY;COUNT=3", except: ["2026-12-08"]))])
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        for line in [
            "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "TZOFFSETTO:+0800", "UID:talk-1@outreach", "DTSTAMP:20261129T020000Z",
            "DTSTART;TZID=Asia/Shanghai:20261201T143000", "DTEND;TZID=Asia/Shanghai:20261201T160000",
            "RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE;TZID=Asia/Shanghai:20261208T143000",
            "SUMMARY:防诈骗讲座\\; 第一期\\, 阳光社区", "LOCATION:阳光社区", "STATUS:CONFIRMED",
        ] {
            #expect(unfolded.contains("\r\n" + line + "\r\n"), "missing \(line)")
        }
        #expect(unfolded.contains("DESCRIPTION:宣传活动：金融知识进万家\\n渠道：社区宣讲"))
        #expect(unfolded.contains("\\n带折页\\\\宣传册"))
    }

    @Test func unboundedRuleGetsTheCampaignEndAsUTCUntil() throws {
        let text = ICalendarWriter(reference: reference, language: .en, now: now).document([stored(try talk("FREQ=WEEKLY;BYDAY=TU"))])
        #expect(text.contains("RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T155959Z\r\n"))
    }

    @Test func allDayDisplayUsesDatesWithExclusiveEnd() {
        let display = Event(
            id: "led", campaign: "c1", title: BilingualName(zh: "LED屏"), channel: "led-screen", venue: "outlet-1", branch: "east-1",
            timing: .allDay(start: LocalDate("2026-12-01")!, end: LocalDate("2026-12-14")!))
        let text = ICalendarWriter(reference: reference, language: .zh, now: now).document([stored(display)])
        #expect(text.contains("DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261215\r\n"))
        #expect(text.contains("STATUS:TENTATIVE\r\n"))
    }

    @Test func zoneWithDaylightSavingGetsItsTransitions() {
        let london = Branch(id: "london", names: BilingualName(zh: "伦敦分行"), level: .outlet, parent: "city", timeZone: "Europe/London")
        let reference = ReferenceData.fixture(extraBranches: [london])
        let event = Event(
            id: "ldn", campaign: "c1", title: BilingualName(zh: "讲座"), channel: "community-event", venue: "community-1",
            branch: "london", timing: .timed(start: LocalDateTime("2027-03-21 09:00")!, end: LocalDateTime("2027-03-21 10:00")!))
        let text = ICalendarWriter(reference: reference, language: .zh, now: now).document([stored(event, campaignEnd: "2027-04-30")])
        #expect(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20270328T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n"))
        #expect(text.contains("DTSTART;TZID=Europe/London:20270321T090000"))
    }
}
