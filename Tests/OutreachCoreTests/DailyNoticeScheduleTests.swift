import OutreachCore
import Testing

struct DailyNoticeScheduleTests {
    private func at(_ text: String) -> LocalDateTime { LocalDateTime(text)! }
    private let nine = DailyNoticeSchedule(time: LocalTime(hour: 9, minute: 0)!)

    @Test func theDigestTimeWinsWhenDigestsAreMadeOtherwiseTheAlertsAreMadeAtEight() {
        let digest = LocalTime(hour: 7, minute: 30)!
        #expect(DailyNoticeSchedule(digestTime: digest, makesDigests: true, makesOtherNotices: true)?.time == digest)
        #expect(DailyNoticeSchedule(digestTime: digest, makesDigests: false, makesOtherNotices: true)?.time == LocalTime(hour: 8, minute: 0))
        #expect(DailyNoticeSchedule(digestTime: nil, makesDigests: true, makesOtherNotices: true)?.time == LocalTime(hour: 8, minute: 0))
        #expect(DailyNoticeSchedule(digestTime: nil, makesDigests: true, makesOtherNotices: false) == nil)
        #expect(DailyNoticeSchedule(digestTime: digest, makesDigests: false, makesOtherNotices: false) == nil)
    }

    @Test func dueFromItsTimeUntilTwelveHoursAfterOnceADay() {
        let day = LocalDate("2026-12-07")!
        #expect(nine.dueDay(at: at("2026-12-07T08:59"), lastMade: nil) == nil)
        #expect(nine.dueDay(at: at("2026-12-07T09:00"), lastMade: nil) == day)
        #expect(nine.dueDay(at: at("2026-12-07T20:59"), lastMade: nil) == day)
        #expect(nine.dueDay(at: at("2026-12-07T21:00"), lastMade: nil) == nil)
        #expect(nine.dueDay(at: at("2026-12-07T10:00"), lastMade: day) == nil)
        #expect(nine.dueDay(at: at("2026-12-08T09:00"), lastMade: day) == LocalDate("2026-12-08"))
    }

    @Test func theNextTimeIsTodayWhileItIsAheadThenTomorrow() {
        #expect(nine.next(after: at("2026-12-07T08:59")) == at("2026-12-07T09:00"))
        #expect(nine.next(after: at("2026-12-07T09:00")) == at("2026-12-08T09:00"))
        #expect(nine.next(after: at("2026-12-31T23:00")) == at("2027-01-01T09:00"))
    }
}
