import Foundation
@testable import OutreachCore
import OutreachTestSupport
import Testing

/// Free text in reach imports: refused characters with their exact position, quoted text kept as written,
/// and the checked sums behind every report figure.
struct ReachTextTests {
    let header = "event,date,metric,count,segment,note\n"
    let refusal = "which text may not hold: control characters other than tab and line breaks, U+007F, U+FFFE and U+FFFF are refused. Remove it."

    @Test func refusedCharactersAreReportedWithLineColumnAndField() throws {
        let cases: [(String, String)] = [
            ("talk,2027-03-12,attendees,40,elderly,\"ab\u{0}c\"\n", "r.csv:2:41: error: The value in column 'note' holds U+0000 (a control character), "),
            ("talk,2027-03-12,attendees,40,elderly,中文\u{1B}\n", "r.csv:2:40: error: The value in column 'note' holds U+001B (a control character), "),
            ("talk,2027-03-12,attendees,40,elderly,\"第一行\n第二\u{FFFE}\"\n", "r.csv:3:3: error: The value in column 'note' holds U+FFFE (a noncharacter), "),
            ("talk,2027-03-12,attendees,40,elderly,\u{7F}\n", "r.csv:2:38: error: The value in column 'note' holds U+007F (a control character), "),
            ("tal\u{0}k,2027-03-12,attendees,40,elderly,\n", "r.csv:2:4: error: The value in column 'event' holds U+0000 (a control character), "),
        ]
        for (line, expected) in cases {
            let (rows, issues) = try ReachFixture.check(header + line)
            #expect(rows.isEmpty, "\(line)")
            #expect(issues.first == expected + refusal, "\(line)")
        }
    }

    /// The record is scanned eight bytes at a time: a refused character is found at every offset, U+FFFF
    /// across a word boundary included, and clean text (full-width punctuation starts with 0xEF too) passes.
    @Test func refusedCharactersAreFoundAtEveryOffset() throws {
        let prefix = "talk,2027-03-12,attendees,40,elderly,"
        for refused in ["\u{0}", "\u{1F}", "\u{7F}", "\u{FFFF}", "\u{FFFE}"] {
            for padding in 0..<20 {
                let note = String(repeating: "x", count: padding) + refused + "（，）"
                let (_, issues) = try ReachFixture.check(header + prefix + note + "\n")
                #expect(issues.first?.hasPrefix("r.csv:2:\(prefix.count + padding + 1): error: The value in column 'note' holds U+") == true, "\(padding) \(issues)")
            }
        }
        let (rows, issues) = try ReachFixture.check(header + prefix + "全角（括号），逗号；\t制表\u{FFFD}\u{EFFF}\n")
        #expect(issues == [])
        #expect(rows.count == 1)
    }

    @Test func tabsAndLineBreaksInQuotedTextAreKept() throws {
        let note = " 签到表\t2页\r\n第二行 \"引号\", 逗号 "
        let quoted = "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let (rows, issues) = try ReachFixture.check(header + "talk,2027-03-12,attendees,40,elderly,\(quoted)\n")
        #expect(issues == [])
        #expect(rows.first?.note.map { Array($0.utf8) } == Array(note.utf8))
        // Unquoted text is trimmed, as before.
        let (plain, _) = try ReachFixture.check(header + "talk,2027-03-12,attendees,40,elderly,  签到表  \n")
        #expect(plain.first?.note == "签到表")
    }

    @Test func chineseMessagesForNewProblems() throws {
        var validator = ReachRowValidator(index: ReachFixture.index(), path: "r.csv")
        var issues: [InputIssue] = []
        _ = validator.validate(
            ReachRecord(event: "talk", date: ReachFixture.day("2027-03-12"), metric: "attendees", count: 1_000_000_001, note: "a\u{0}b"),
            flags: [.count: "<metric=count>", .note: "--note"], at: nil, issues: &issues)
        #expect(
            issues.map { $0.rendered(.zh) } == [
                "error: 参数 '<metric=count>' 的值 '1000000001' 超过上限：数量应为 0 到 1,000,000,000（10 亿）之间的整数。",
                "error: 选项 '--note' 的值含有 U+0000（控制字符），文本中不允许出现：除制表符和换行外的控制字符、U+007F、U+FFFE 和 U+FFFF 均不接受。请删除该字符。",
            ])
        #expect(
            Diagnostic.reachInvalidDate(column: "日期", value: "2027年2月30日").message(.zh)
                == "'日期' 列的值 '2027年2月30日' 不是有效日期（2027 年 2 月只有 28 天）。应为 '2027-03-15' 或 '2027/3/15' 这样的日期。")
        #expect(
            Diagnostic.reachMetricNotReported(column: "指标", value: "播放次数", metric: "screen-plays", channel: "community-event", reported: ["attendees"])
                .message(.zh) == "'指标' 列的指标 '播放次数'（'screen-plays'） 不是渠道 'community-event' 统计的指标；它统计 'attendees'。")
        #expect(Diagnostic.reachDuplicateRow(earlierLine: 7).message(.zh) == "此行与文件第 7 行重复（活动场次、日期、指标和客群都相同）。")
        #expect(Diagnostic.reachDuplicateRow(earlierLine: 7, onSheet: true).message(.zh) == "此行与工作表第 7 行重复（活动场次、日期、指标和客群都相同）。")
        #expect(
            Diagnostic.reachDuplicateRow(earlierLine: 7, onSheet: true).message(.en)
                == "This row repeats row 7 of the sheet (the same event, date, metric and segment).")
        #expect(Diagnostic.reachNoRows(headerOnly: true).message(.en) == "The file has a header but no rows; nothing to import.")
    }

    @Test func sumsThatCannotBeHeldAreAnErrorNotAWrappedFigure() throws {
        let big = Int64(999_999_999_999_999_999)
        let month = ReachCubeMonth(month: 2027 * 12 + 2, keys: (1...18).map { UInt64($0) }, totals: Array(repeating: big, count: 18))
        #expect(throws: ReachSums.Overflow.self) { try ReachSums.check([month]) }
        #expect(ReachSums.magnitude([big, big, big, big, big, big, big, big, big]) == 8_999_999_999_999_999_991)
        #expect(ReachSums.magnitude([big, big, big, big, big, big, big, big, big, big]) == nil)
        // Counts that cancel out cannot hide an overflow: magnitudes are added.
        #expect(ReachSums.magnitude([Int64.max, -Int64.max]) == nil)
        #expect(ReachSums.magnitude([.min]) == nil)

        // A report over such cells fails instead of showing a negative total.
        let cell = ReachCell.pack(dayOfMonth: 12, campaign: 1, channel: 4, branch: 2, segment: 2, metric: 1)
        let huge = ReachCubeMonth(month: 2027 * 12 + 2, keys: [cell], totals: [.max])
        let other = ReachCubeMonth(month: 2027 * 12 + 2, keys: [cell | 2], totals: [5])
        let request = ReportRequest(period: ReportPeriod("2027-03")!, dimensions: [])
        let cuboid = ReachReportBuilder.sources(for: request)[0].cuboid
        #expect(throws: ReachReportBuilder.Failure.overflow) {
            try ReachReportBuilder.build(
                request, cells: [(cuboid, [huge, other])], codes: ReachFixture.codes, reference: ReachFixture.reference())
        }
        // What an older version stored for 18 rows of 999,999,999,999,999,999 in one cell: a wrapped, negative total.
        let wrapped = ReachCubeMonth(month: 2027 * 12 + 2, keys: [cell], totals: [big &* 18])
        #expect(big &* 18 < 0)
        #expect(throws: ReachReportBuilder.Failure.overflow) {
            try ReachReportBuilder.build(request, cells: [(cuboid, [wrapped])], codes: ReachFixture.codes, reference: ReachFixture.reference())
        }
    }
}
