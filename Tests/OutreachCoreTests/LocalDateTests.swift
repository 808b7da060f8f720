import OutreachCore
import Testing

struct LocalDateTests {
    @Test(arguments: [("2027-02-30", false), ("2028-02-29", true), ("2027-02-29", false), ("2027-13-01", false),
        ("2027-3-15", false), ("2027-03-15", true), ("2100-02-29", false), ("2000-02-29", true)])
    func parsesOnlyRealDates(text: String, valid: Bool) {
        #expect((LocalDate(text) != nil) == valid)
    }

    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
        #expect(LocalDate("1970-01-01")?.dayNumber == 0)
        #expect(LocalDate("2027-03-15")?.weekday == 1)
        #expect(LocalDate("2026-11-29")?.weekday == 7)
    }

    @Test(arguments: [("09:30", "09:30"), ("9:05", "09:05"), ("23:59", "23:59"), ("00:00:00", "00:00")])
    func parsesTimes(text: String, expected: String) {
        #expect(LocalTime(text)?.description == expected)
    }

    @Test(arguments: ["25:00", "24:00", "12:60", "12", "ab:cd", "12:5", "12:30:15"])
    func rejectsBadTimes(text: String) {
        #expect(LocalTime(text) == nil)
    }

    @Test func timestampsRoundTrip() {
        let date = Timestamp.date(from: "2026-11-29T02:30:05Z")!
        #expect(Timestamp.string(from: date) == "2026-11-29T02:30:05Z")
        #expect(Timestamp.date(from: "2026-11-29T10:30:05+08:00") == date)
        #expect(Timestamp.date(from: "2026-11-29") == nil)
    }
}
