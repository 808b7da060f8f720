@testable import OutreachCore
import Testing

/// The date and count forms a reach CSV may use (spreadsheets write them in several ways).
struct ReachFieldParsingTests {
    @Test(arguments: [
        ("2027-03-15", "2027-03-15"), ("2027/3/15", "2027-03-15"), ("2027.03.05", "2027-03-05"),
        ("2027年3月15日", "2027-03-15"), ("2027年3月15", "2027-03-15"),
    ])
    func readsDatesAsSpreadsheetsWriteThem(text: String, expected: String) {
        let day = Array(text.utf8).withUnsafeBufferPointer { parseDay($0) }
        #expect(day.map { LocalDate(dayNumber: $0).description } == expected)
    }

    @Test(arguments: ["2027-02-30", "15/03/2027", "2027-3", "2027-13-01", "tomorrow", "2027--03-15"])
    func rejectsOtherDates(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { parseDay($0) } == nil)
    }

    @Test(arguments: [("35", 35), ("1,200", 1200), ("35.0", 35), ("0", 0), ("12,345,678", 12_345_678)])
    func readsCounts(text: String, expected: Int) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { parseCount($0) } == expected)
    }

    @Test(arguments: ["-5", "12.5", "1,20", "abc", "", "3e2", "1,2345"])
    func rejectsOtherCounts(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { parseCount($0) } == nil)
    }
}
