import OutreachCore
import OutreachTestSupport
import Testing

/// Schedule conflicts and calendar warnings, after recurring events are expanded.
struct ScheduleCheckerTests {
    let reference = ReferenceData.fixture()

    func issues(_ files: [(String, CampaignText)]) async -> [String] {
        await CampaignValidator.validate(files.map { SourceFile(path: $0.0, bytes: $0.1.bytes) }, reference: reference)
            .issues.map { $0.rendered(.en) }
    }

    @Test func venueDoubleBookedByARecurringEvent() async {
        var text = CampaignText()
        text.event("talk", start: "2026-12-01 14:00", end: "16:00", "repeat: FREQ=WEEKLY;COUNT=3")
        text.event("clinic", start: "2026-12-15 15:00", end: "17:00")
        #expect(await issues([("t.yaml", text)]) == [
            "t.yaml:19:12: error: The venue '阳光社区' is double-booked at 2026-12-15 15:00–17:00: event 'talk' at t.yaml:12:12 is there too."
        ])
    }

    @Test func backToBackEventsDoNotConflict() async {
        var text = CampaignText()
        text.event("a", start: "2026-12-01 14:00", end: "15:00")
        text.event("b", start: "2026-12-01 15:00", end: "16:00")
        #expect(await issues([("t.yaml", text)]) == [])
    }

    @Test func cancelledEventsAreLeftOut() async {
        var text = CampaignText()
        text.event("a", start: "2026-12-01 14:00", end: "15:00", "status: cancelled")
        text.event("b", start: "2026-12-01 14:00", end: "16:00")
        #expect(await issues([("t.yaml", text)]) == [])
    }

    @Test func staffInTwoPlacesCountsEveryOccurrence() async {
        var text = CampaignText()
        text.event("a", start: "2026-12-01 09:00", end: "11:00", "repeat: FREQ=DAILY;COUNT=3", "staff: [张伟]")
        text.event("b", venue: "outlet-1", start: "2026-12-01 10:00", end: "12:00", "repeat: FREQ=DAILY;COUNT=3", "staff: [李娜, 张伟]")
        #expect(await issues([("t.yaml", text)]) == [
            "t.yaml:20:12: error: '张伟' is in two places at 2026-12-01 10:00–12:00: also at event 'a' at t.yaml:12:12, and 2 more clashes."
        ])
    }

    @Test func singleCampaignDisplayGivenToTwoCampaigns() async {
        var first = CampaignText(id: "c1")
        first.event("led-a", channel: "led-screen", venue: "outlet-1", start: "2026-12-01", end: "2026-12-10")
        var second = CampaignText(id: "c2")
        second.event("led-b", channel: "led-screen", venue: "outlet-1", start: "2026-12-08", end: "2026-12-20")
        second.event("led-c", channel: "led-screen", venue: "outlet-2", start: "2026-12-08", end: "2026-12-20")
        #expect(await issues([("a.yaml", first), ("b.yaml", second)]) == [
            "b.yaml:12:12: error: The 'LED显示屏' at '温泉路网点营业厅' carries one campaign at a time, but at 2026-12-08–2026-12-20 it is also given to campaign 'c1' (event 'led-a' at a.yaml:12:12)."
        ])
    }

    @Test func oneCampaignMayUseItsScreenTwice() async {
        var text = CampaignText()
        text.event("led-a", channel: "led-screen", venue: "outlet-1", start: "2026-12-01", end: "2026-12-10")
        text.event("led-b", channel: "led-screen", venue: "outlet-1", start: "2026-12-05", end: "2026-12-20")
        #expect(await issues([("t.yaml", text)]) == [])
    }

    @Test func conflictWithAStoredEventOfAnotherCampaign() async {
        var text = CampaignText()
        text.event("new", start: "2026-12-01 14:00", end: "16:00")
        let stored = Event(
            id: "old", campaign: "other", title: BilingualName(zh: "已有讲座"), channel: "community-event", venue: "community-1",
            branch: "east", timing: .timed(start: LocalDateTime("2026-12-01 15:00")!, end: LocalDateTime("2026-12-01 17:00")!))
        let report = await CampaignValidator.validate(
            [SourceFile(path: "t.yaml", bytes: text.bytes)], reference: reference,
            others: [ScheduledEvent(event: stored, campaignEnd: LocalDate("2026-12-31")!, location: nil)])
        #expect(report.issues.map { $0.rendered(.en) } == [
            "t.yaml:12:12: error: The venue '阳光社区' is double-booked at 2026-12-01 14:00–16:00: event 'old' is there too."
        ])
    }

    @Test func manyEventsAtOneVenueGiveOneLineEachNamingTheFirst() async {
        var text = CampaignText()
        for n in 0..<5 { text.event("talk\(n)", start: "2026-12-01 14:00", end: "16:00") }
        text.event("later", start: "2026-12-01 15:30", end: "17:00")
        text.event("after", start: "2026-12-01 16:30", end: "17:30")
        let found = await issues([("t.yaml", text)])
        // Each of talk1…talk4 clashes with the 4 other talks and 'later': 5 clashes, one line naming talk0.
        #expect(found == [
            "t.yaml:18:12: error: The venue '阳光社区' is double-booked at 2026-12-01 14:00–16:00: event 'talk0' at t.yaml:12:12 is there too, and 4 more clashes.",
            "t.yaml:24:12: error: The venue '阳光社区' is double-booked at 2026-12-01 14:00–16:00: event 'talk0' at t.yaml:12:12 is there too, and 4 more clashes.",
            "t.yaml:30:12: error: The venue '阳光社区' is double-booked at 2026-12-01 14:00–16:00: event 'talk0' at t.yaml:12:12 is there too, and 4 more clashes.",
            "t.yaml:36:12: error: The venue '阳光社区' is double-booked at 2026-12-01 14:00–16:00: event 'talk0' at t.yaml:12:12 is there too, and 4 more clashes.",
            // 'later' overlaps the five talks (14:00–16:00) and 'after' (16:30–17:30).
            "t.yaml:42:12: error: The venue '阳光社区' is double-booked at 2026-12-01 15:30–17:00: event 'talk0' at t.yaml:12:12 is there too, and 5 more clashes.",
            // 'after' only overlaps 'later'.
            "t.yaml:48:12: error: The venue '阳光社区' is double-booked at 2026-12-01 16:30–17:30: event 'later' at t.yaml:42:12 is there too.",
        ])
        let chinese = await CampaignValidator.validate([SourceFile(path: "t.yaml", bytes: text.bytes)], reference: reference)
            .issues[0].rendered(.zh)
        #expect(chinese == "t.yaml:18:12: error: 场地 '阳光社区' 在 2026-12-01 14:00–16:00 重复预订：活动 'talk0'（t.yaml:12:12）也在该场地，另有 4 次冲突。")
    }

    @Test func clashesAreListedInTheOrderOfTheFile() async {
        var text = CampaignText()
        // A clash at each venue and one of a person, the venues' keys in another order than the lines.
        for (n, venue) in ["school-1", "outlet-3", "mall-1", "outlet-2", "community-1", "outlet-1"].enumerated() {
            text.event("a\(n)", venue: venue, start: "2026-12-0\(n + 1) 09:00", end: "10:00")
            text.event("b\(n)", venue: venue, start: "2026-12-0\(n + 1) 09:30", end: "10:30")
        }
        text.event("c1", venue: "outlet-1", start: "2026-12-09 09:00", end: "10:00", "staff: [张伟]")
        text.event("c2", venue: "outlet-2", start: "2026-12-09 09:00", end: "10:00", "staff: [张伟]")
        let found = await issues([("t.yaml", text)]).filter { $0.contains("double-booked") || $0.contains("two places") }
        #expect(found.count == 7)
        let lines = found.map { Int($0.split(separator: ":")[1]) ?? 0 }
        #expect(lines == lines.sorted(), "\(found)")
        #expect(found.first?.hasPrefix("t.yaml:18:12: error: The venue '咸宁市实验小学' is double-booked") == true, "\(found)")
        #expect(found.last?.contains("'张伟' is in two places") == true, "\(found)")
    }

    @Test func anEarlierEventIsReportedWhenTheClashIsWithAStoredOne() async {
        var text = CampaignText()
        text.event("a", start: "2026-12-01 14:00", end: "16:00")
        text.event("b", venue: "outlet-1", start: "2026-12-01 14:00", end: "16:00", "staff: [张伟]")
        let stored = Event(
            id: "old", campaign: "other", title: BilingualName(zh: "已有讲座"), channel: "community-event", venue: "mall-1",
            branch: "east", timing: .timed(start: LocalDateTime("2026-12-01 15:00")!, end: LocalDateTime("2026-12-01 17:00")!),
            staff: ["张伟"])
        let report = await CampaignValidator.validate(
            [SourceFile(path: "t.yaml", bytes: text.bytes)], reference: reference,
            others: [ScheduledEvent(event: stored, campaignEnd: LocalDate("2026-12-31")!, location: nil)])
        #expect(report.issues.map { $0.rendered(.en) } == [
            "t.yaml:18:12: error: '张伟' is in two places at 2026-12-01 14:00–16:00: also at event 'old'."
        ])
    }

    @Test func aRuleCutAtTheOccurrenceLimitIsReported() async {
        var text = CampaignText(start: "2026-12-01", end: "2056-12-31", channels: "[leaflet]")
        text.event("daily", channel: "leaflet", start: "2026-12-01", "repeat: FREQ=DAILY")
        text.event("weekly", channel: "leaflet", venue: "outlet-1", start: "2026-12-01", "repeat: FREQ=WEEKLY")
        let found = await issues([("t.yaml", text)]).filter { $0.contains("occurrences") }
        #expect(found == [
            "t.yaml:13:13: warning: The rule 'FREQ=DAILY' gives more than 10000 occurrences before the campaign ends on 2056-12-31; only the first 10000, up to 2054-04-17, are checked and planned. Add COUNT or UNTIL, or shorten the period."
        ])
    }

    @Test func holidayWarningsExceptForChannelsThatRunOnHolidays() async {
        var text = CampaignText(start: "2026-09-20", end: "2026-10-31")
        text.event("talk", start: "2026-09-30 09:00", end: "10:00", "repeat: FREQ=DAILY;COUNT=3")
        text.event("screen", channel: "led-screen", venue: "outlet-1", start: "2026-10-01", end: "2026-10-07")
        text.event("workday", venue: "outlet-2", start: "2026-10-10 09:00", end: "10:00")
        #expect(await issues([("t.yaml", text)]) == [
            "t.yaml:12:12: warning: The event falls on 2026-10-01, a public holiday (National Day) and 1 more date. Check that the venue is open and staff are on duty."
        ])
    }

    @Test func yearWithoutANoticeWarnsOnceAndFlagsAnchorDays() async {
        var text = CampaignText(start: "2026-12-20", end: "2027-01-31")
        text.event("a", start: "2027-01-01 09:00", end: "10:00")
        text.event("b", venue: "outlet-1", start: "2027-01-08 09:00", end: "10:00")
        #expect(await issues([("t.yaml", text)]) == [
            "warning: No State Council holiday notice loaded for 2027; 调休 not applied and holiday checks for 2027 are provisional. Add seeds/holidays/2027.yaml when the notice is published.",
            "t.yaml:12:12: warning: The event falls on 2027-01-01, a statutory holiday (New Year's Day); the 2027 holiday notice is not loaded, so the days off around it are not known yet.",
        ])
    }

    @Test func campusEventOutsideTheSchoolTerm() async {
        var text = CampaignText(kind: "campus", start: "2027-01-10", end: "2027-03-31")
        text.event("talk", channel: "campus-event", venue: "school-1", start: "2027-01-20 10:00", end: "11:00", "repeat: FREQ=WEEKLY;COUNT=6")
        let found = await issues([("t.yaml", text)])
        #expect(found.contains("t.yaml:12:12: warning: The campus event on 2027-01-27 is outside the school terms and 3 more dates; students may be on holiday."))
    }

    @Test func consumerRightsCampaignShouldCoverTheFifteenth() async {
        var text = CampaignText(kind: "consumer-rights-day", start: "2027-03-01", end: "2027-03-10")
        text.event("a", start: "2027-03-02 09:00", end: "10:00")
        let found = await issues([("t.yaml", text)])
        #expect(found.contains("t.yaml:4:9: warning: A 'consumer-rights-day' campaign usually covers 2027-03-15, but the period does not."))
    }
}
