@testable import OutreachCore
import Testing

/// Inputs the fuzzers found (docs/fuzzing.md), kept as ordinary tests.
struct FuzzFindingTests {
    /// `reach`: a GBK file with a UTF-8 row and trailing NULs gave the metric `阅读人次（估算）\0\0\0`; looking for a
    /// name containing it trapped in Foundation's `contains` ("String index is out of bounds").
    @Test func aValueThatIsANameFollowedByNulsGetsNoSuggestionAndNoTrap() {
        let names = [["阅读人次（估算）", "Reads (est.)"], ["参与人数", "Participants"]]
        #expect(ReachEventIndex.suggest("阅读人次（估算）\u{0}\u{0}\u{0}", ids: ["readers", "participants"], names: names) == nil)
        #expect(ReachEventIndex.suggest("估算", ids: ["readers", "participants"], names: names) == "阅读人次（估算）")
        #expect(containsText("阅读人次（估算）", "人次"))
        #expect(!containsText("阅读人次（估算）", "阅读人次（估算）\u{0}"))
        #expect(containsText("abc", ""))
    }

    /// `seeds`: a holiday notice whose off-day blocks each run from 0001-01-01 to 9999-12-31 took seconds per
    /// block to decode (every day of a block went into a set, to find adjusted working days among them), and
    /// twenty of them ran past the fuzzer's 10-second timeout. A working day is now compared with each block's
    /// first and last day; the input is kept as `Fuzz/Corpus/seeds/finding-holiday-blocks-span-millennia`.
    @Test(.timeLimit(.minutes(1))) func holidayBlocksSpanningMillenniaDecodeAtOnce() {
        var notice = "year: 2027\nsource_title: 国务院办公厅关于2027年部分节假日安排的通知\noff_days:\n"
        for _ in 0..<20 { notice += "  - {name: 假, start: 0001-01-01, end: 9999-12-31}\n" }
        notice += "adjusted_workdays:\n  - {date: 2027-02-06, holiday: 春节}\n"
        let lists = [
            "organisation": "branches", "venues": "venues", "channels": "channels", "metrics": "metrics",
            "segments": "segments", "campaign-kinds": "kinds", "school-terms": "terms",
        ]
        let files = lists.map { SourceFile(path: "seeds/\($0.key).yaml", bytes: Array("\($0.value): []\n".utf8)) }
            + [SourceFile(path: "seeds/holidays/2027.yaml", bytes: Array(notice.utf8))]

        // Day by day over the blocks this took hours; the time limit ends a run that goes that way.
        let (reference, issues) = SeedDecoder.decode(files)
        // The working day inside the blocks (a Saturday) is still found.
        let saturday = LocalDate(year: 2027, month: 2, day: 6)!
        #expect(issues == [.error(.holidayOverlap(date: saturday), at: SourceLocation(path: "seeds/holidays/2027.yaml", line: 25, column: 12))])
        #expect(reference.holidays.notices[2027]?.offDays.count == 20)
        #expect(reference.holidays.holiday(on: saturday) != nil)
    }

    /// `dates`: `9999-12-31T03:08:01-98:00` was read as a timestamp (an offset of 98 hours) on 10000-01-04, whose
    /// eleven-byte date overflowed the ten bytes `LocalDate.description` wrote into, under AddressSanitizer. An
    /// offset is now hours 00–23 and minutes 00–59, an instant outside the years 0001–9999 in UTC is not a
    /// timestamp, and a date past 9999 is written with its five digits. Kept as `Fuzz/Corpus/dates/finding-offset-98-hours`.
    @Test func aTimestampOutsideTheWritableYearsOrWithAnOffsetOf98HoursIsNotOne() {
        #expect(Timestamp.date(from: "9999-12-31T03:08:01-98:00") == nil)
        #expect(Timestamp.date(from: "2027-03-15T09:00:00+24:00") == nil)
        #expect(Timestamp.date(from: "2027-03-15T09:00:00+08:60") == nil)
        #expect(Timestamp.date(from: "9999-12-31T23:00:00-01:00") == nil)
        #expect(Timestamp.date(from: "0001-01-01T00:30:00+01:00") == nil)
        let last = Timestamp.date(from: "9999-12-31T23:59:59Z")!
        #expect(Timestamp.string(from: last) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.date(from: "9999-12-31T23:59:59+14:00").map(Timestamp.string(from:)) == "9999-12-31T09:59:59Z")
        #expect(LocalDate(year: 9999, month: 12, day: 31)!.adding(days: 4).description == "10000-01-04")
    }
}
