import OutreachCore
import Testing

struct RecurrenceRuleTests {
    private func d(_ text: String) -> LocalDate { LocalDate(text)! }

    private func dates(_ rule: String, from start: String, through limit: String = "2030-12-31") throws -> [String] {
        try RecurrenceRule.parse(rule).dates(from: d(start), through: d(limit)).map(\.description)
    }

    @Test func weeklyWithCountKeepsTheWeekday() throws {
        #expect(try dates("FREQ=WEEKLY;BYDAY=TU;COUNT=3", from: "2027-03-09") == ["2027-03-09", "2027-03-16", "2027-03-23"])
    }

    @Test func weeklyOnSeveralDaysWithInterval() throws {
        #expect(
            try dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=5", from: "2027-03-09")
                == ["2027-03-09", "2027-03-11", "2027-03-23", "2027-03-25", "2027-04-06"])
    }

    @Test func untilIsInclusive() throws {
        #expect(try dates("FREQ=WEEKLY;UNTIL=20270323", from: "2027-03-09") == ["2027-03-09", "2027-03-16", "2027-03-23"])
    }

    @Test func timedUntilStopsBeforeALaterStartTime() throws {
        let rule = try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270311T090000")
        let dates = rule.dates(from: d("2027-03-09"), at: LocalTime(hour: 9, minute: 30)!, through: d("2027-12-31"))
        #expect(dates.map(\.description) == ["2027-03-09", "2027-03-10"])
    }

    @Test func unboundedRuleStopsAtTheLimit() throws {
        #expect(try dates("FREQ=DAILY", from: "2027-03-09", through: "2027-03-11") == ["2027-03-09", "2027-03-10", "2027-03-11"])
    }

    @Test func monthlyOnThe31stSkipsShortMonths() throws {
        #expect(
            try dates("FREQ=MONTHLY;COUNT=4", from: "2027-01-31")
                == ["2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"])
    }

    @Test func lastDayOfMonthWithNegativeMonthDay() throws {
        #expect(
            try dates("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=4", from: "2027-12-31")
                == ["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"])
    }

    @Test func leapDayOnlyInLeapYears() throws {
        #expect(try dates("FREQ=MONTHLY;INTERVAL=12;COUNT=2", from: "2028-02-29", through: "2035-12-31") == ["2028-02-29", "2032-02-29"])
        #expect(try dates("FREQ=MONTHLY;BYMONTHDAY=29;COUNT=3", from: "2027-01-29") == ["2027-01-29", "2027-03-29", "2027-04-29"])
    }

    @Test func lastFridayOfTheMonth() throws {
        #expect(
            try dates("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", from: "2027-01-29")
                == ["2027-01-29", "2027-02-26", "2027-03-26"])
    }

    @Test func secondTuesdayOfTheMonth() throws {
        #expect(try dates("FREQ=MONTHLY;BYDAY=2TU;COUNT=2", from: "2027-03-09") == ["2027-03-09", "2027-04-13"])
    }

    @Test func dailyOnWeekdaysOnly() throws {
        #expect(
            try dates("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=6", from: "2027-03-11")
                == ["2027-03-11", "2027-03-12", "2027-03-15", "2027-03-16", "2027-03-17", "2027-03-18"])
    }

    @Test func countCountsExcludedDates() throws {
        var event = Event(
            id: "e", campaign: "c", title: BilingualName(zh: "讲座"), channel: "community-event", venue: "community-1",
            branch: "east", timing: .allDay(start: d("2027-03-09"), end: d("2027-03-09")),
            recurrence: try RecurrenceRule.parse("FREQ=WEEKLY;COUNT=3"))
        event.exceptDates = [d("2027-03-16")]
        #expect(event.occurrenceDates(through: d("2027-12-31")).map(\.description) == ["2027-03-09", "2027-03-23"])
    }

    @Test func startMustMatchTheRule() throws {
        let rule = try RecurrenceRule.parse("FREQ=WEEKLY;BYDAY=TU")
        #expect(rule.matches(start: d("2027-03-09")))
        #expect(!rule.matches(start: d("2027-03-10")))
        #expect(try !RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=-1FR").matches(start: d("2027-01-22")))
    }

    @Test func canonicalText() throws {
        #expect(try RecurrenceRule.parse("rrule:freq=weekly;byday=tu,th;interval=2;until=20271215").description
            == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20271215")
    }

    @Test(arguments: [
        ("", RecurrenceRule.ParseError.empty),
        ("FREQ=YEARLY", .unsupportedFrequency("YEARLY")),
        ("BYDAY=TU", .missingFrequency),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20271201", .countAndUntil),
        ("FREQ=WEEKLY;BYDAY=TUE", .invalidByDay("TUE")),
        ("FREQ=WEEKLY;BYDAY=2TU", .ordinalOutsideMonthly("2TU")),
        ("FREQ=MONTHLY;BYMONTHDAY=32", .invalidByMonthDay("32")),
        ("FREQ=WEEKLY;BYMONTHDAY=1", .byMonthDayWithWeekly),
        ("FREQ=WEEKLY;COUNT=-2", .invalidCount("-2")),
        ("FREQ=WEEKLY;INTERVAL=0", .invalidInterval("0")),
        ("FREQ=WEEKLY;UNTIL=2027-13-01", .invalidUntil("2027-13-01")),
        ("FREQ=WEEKLY;BYDAYS=TU", .unknownPart("BYDAYS", suggestion: "BYDAY")),
        ("FREQ=WEEKLY;FREQ=DAILY", .duplicatePart("FREQ")),
        ("FREQ=WEEKLY;WKST=SU", .unsupportedWeekStart("SU")),
        ("FREQ=WEEKLY;COUNT", .malformedPart("COUNT")),
    ])
    func rejectsBadRules(text: String, expected: RecurrenceRule.ParseError) {
        #expect(throws: expected) { try RecurrenceRule.parse(text) }
    }

    @Test(arguments: [
        ("FREQ=WEEKLY;BYDAY=FR,MO;COUNT=2", "每周一、周五，共 2 次", "weekly on Monday and Friday, 2 times"),
        ("FREQ=WEEKLY", "每周三", "weekly on Wednesday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20270630", "每 2 周的周三，至 2027-06-30", "every 2 weeks on Wednesday, until 2027-06-30"),
        ("FREQ=DAILY;COUNT=1", "每天，共 1 次", "daily, 1 time"),
        ("FREQ=DAILY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR", "每 3 天（仅周一、周二、周三、周四、周五）", "every 3 days, on Monday, Tuesday, Wednesday, Thursday and Friday only"),
        ("FREQ=MONTHLY", "每月 17 日", "monthly on day 17"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1,15", "每月 15 日、最后一天", "monthly on day 15 and the last day"),
        ("FREQ=MONTHLY;BYMONTHDAY=-2;BYDAY=FR", "每月倒数第 2 天（逢周五）", "monthly on the 2nd-to-last day when it is a Friday"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU,-1FR;UNTIL=20271215T170000", "每 2 个月的第 2 个周二、最后一个周五，至 2027-12-15 17:00", "every 2 months on the 2nd Tuesday and the last Friday, until 2027-12-15 17:00"),
        ("FREQ=MONTHLY;BYDAY=-3SU,TH", "每月倒数第 3 个周日、每个周四", "monthly on the 3rd-to-last Sunday and every Thursday"),
    ])
    func ruleInWords(rule: String, chinese: String, english: String) throws {
        let parsed = try RecurrenceRule.parse(rule)
        let start = LocalDate("2027-03-17")!  // a Wednesday
        #expect(parsed.text(.zh, start: start) == chinese)
        #expect(parsed.text(.en, start: start) == english)
    }
}
