import Foundation
import OutreachTestSupport
import Testing

/// Reach outside its campaign's period is refused; reach of a cancelled event is kept with a warning, and
/// cancelling an event says how many records it keeps.
struct ReachPeriodTests {
    let late = ["OUTREACH_NOW": "2026-11-30T18:00:00+08:00"]

    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        for folder in ["seeds", "campaigns", "samples"] { try runner.copyFromRepository(folder) }
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        return runner
    }

    /// 2026-2027-households runs 2026-11-01 to 2027-06-30 (its board hh-bulletin-wenquanlu the whole time).
    @Test func reachOutsideTheCampaignPeriodIsRefused() async throws {
        let runner = try await imported()
        try runner.write(
            "early.csv",
            "event,date,metric,count\nhh-bulletin-wenquanlu,2026-11-20,readers,30\nhh-bulletin-wenquanlu,2026-10-31,readers,30\n")
        let en = try await runner.run(["reach", "import", "early.csv", "--lang", "en"], environment: late)
        #expect(en.status == 65)
        #expect(
            en.stderr.contains(
                "early.csv:3: error: The date '2026-10-31' in column 'date' is outside the period of campaign '2026-2027-households', 2026-11-01 to 2027-06-30. Reach is recorded within its campaign's period.\n"),
            "\(en.stderr)")
        let zh = try await runner.run(["reach", "import", "early.csv", "--lang", "zh"], environment: late)
        #expect(
            zh.stderr.contains(
                "early.csv:3: error: 'date' 列的日期 '2026-10-31' 不在宣传活动 '2026-2027-households' 的期间（2026-11-01 至 2027-06-30）内。触达记录须在所属宣传活动的期间内。\n"),
            "\(zh.stderr)")
        let log = try await runner.run(
            ["reach", "log", "hh-bulletin-wenquanlu", "readers=3", "--date", "2026-10-30", "--lang", "en"], environment: late)
        #expect(log.status == 64)
        #expect(
            log.stderr.contains(
                "Error: The date '2026-10-30' given to '--date' is outside the period of campaign '2026-2027-households', 2026-11-01 to 2027-06-30."),
            "\(log.stderr)")
        let logZh = try await runner.run(
            ["reach", "log", "hh-bulletin-wenquanlu", "readers=3", "--date", "2026-10-30", "--lang", "zh"], environment: late)
        #expect(logZh.stderr.contains("'--date' 的日期 '2026-10-30' 不在宣传活动 '2026-2027-households' 的期间（2026-11-01 至 2027-06-30）内。"))
        // Nothing was written.
        let batches = try await runner.run(["reach", "batches", "--lang", "en"], environment: late)
        #expect(!batches.stdout.contains("early.csv"), "\(batches.stdout)")
        #expect(!batches.stdout.contains("log"), "\(batches.stdout)")
    }

    @Test func cancellingSaysHowManyRecordsStayAndNewReachIsWarnedAbout() async throws {
        let runner = try await imported()
        #expect(try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late).status == 0)
        let en = try await runner.run(["event", "cancel", "hh-bulletin-wenquanlu", "--lang", "en"], environment: late)
        #expect(en.status == 0, "\(en.stderr)")
        #expect(
            en.stdout.hasSuffix(
                "→ cancelled\nEvent 'hh-bulletin-wenquanlu' has 1 reach record; it stays and counts as an unplanned event held.\n"),
            "\(en.stdout)")
        let logged = try await runner.run(
            ["reach", "log", "hh-bulletin-wenquanlu", "readers=3", "--date", "2026-11-27", "--lang", "en"], environment: late)
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(
            logged.stderr.contains(
                "Warning: Event 'hh-bulletin-wenquanlu' is cancelled; the record is kept all the same and counts as an unplanned event held.\n"),
            "\(logged.stderr)")
        let zh = try await runner.run(["event", "cancel", "hh-bulletin-wenquanlu", "--lang", "zh"], environment: late)
        #expect(zh.stdout.hasSuffix("→ 已取消\n活动场次 'hh-bulletin-wenquanlu' 已有 2 条触达记录；这些记录保留，计为计划外举办的场次。\n"), "\(zh.stdout)")
        try runner.write("more.csv", "event,date,metric,count\nhh-bulletin-wenquanlu,2026-11-28,readers,5\n")
        let imported = try await runner.run(["reach", "import", "more.csv", "--lang", "zh"], environment: late)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("more.csv:2: warning: 活动场次 'hh-bulletin-wenquanlu' 已取消；记录照常保存，计为计划外举办的场次。"), "\(imported.stderr)")
        // An event without reach says nothing more.
        let quiet = try await runner.run(["event", "cancel", "hh-yinquan-talk-20270109", "--lang", "en"], environment: late)
        #expect(quiet.stdout.hasSuffix("→ cancelled\n"), "\(quiet.stdout)")
    }
}
