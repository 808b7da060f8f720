import Foundation
import OutreachTestSupport
import Testing

/// `campaign clone --year` of a campaign over two years, and into its own year.
struct CampaignYearsTests {
    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        let result = try await runner.run(["import", "campaigns"])
        #expect(result.status == 0, "\(result.stderr)")
        return runner
    }

    /// 2026-11-01 to 2027-06-30 moved to start in 2027: both ends move one year, and both years in the id and
    /// title move with them (not "2027-2027-households").
    @Test func aPeriodOverTwoYearsMovesBothEnds() async throws {
        let runner = try await imported()
        let result = try await runner.run(["campaign", "clone", "2026-2027-households", "--year", "2027", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Wrote campaigns/2027-2028-households.yaml: campaign 2027-2028-households, 2027-11-01 to 2028-06-30,"), "\(result.stdout)")
        let text = try runner.read("campaigns/2027-2028-households.yaml")
        #expect(text.contains("id: 2027-2028-households\n"))
        #expect(text.contains("title: 2027—2028年度“金融知识进万家”常态化宣传\n"))
        #expect(text.contains("period: {start: 2027-11-01, end: 2028-06-30}"))
        // An event of January 2027 moves to January 2028, its id with it.
        #expect(text.contains("  - id: hh-yinquan-talk-20280109\n"))
        #expect(!text.contains("2027-2027"))
        // The notes speak of the old period's second year: named for a check against the new one.
        #expect(
            result.stderr.contains(
                "warning: The field 'notes' still mentions 2027: '2027年春节（2月5日除夕至2月8日）前后暂停港湾小课堂；2027年放假安排公布后复核日期。'. Check it for 2028."),
            "\(result.stderr)")
    }

    @Test func cloningIntoTheCampaignsOwnYearIsRefused() async throws {
        let runner = try await imported()
        let en = try await runner.run(["campaign", "clone", "2026-2027-households", "--year", "2026", "--lang", "en"])
        #expect(en.status == 64)
        #expect(
            en.stderr.contains(
                "Error: Campaign '2026-2027-households' already starts in 2026 (2026-11-01 to 2027-06-30), so it is not copied into the same year. Give '--year' another year."),
            "\(en.stderr)")
        let zh = try await runner.run(["campaign", "clone", "2027-315-xianning", "--year", "2027", "--lang", "zh"])
        #expect(zh.status == 64)
        #expect(
            zh.stderr.contains(
                "宣传活动 '2027-315-xianning' 本就从 2027 年开始（2027-03-08 至 2027-03-21），不能复制到同一年。请为 '--year' 指定另一个年份。"),
            "\(zh.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runner.directory.appendingPathComponent("campaigns/2027-315-xianning-2027.yaml").path))
        #expect(!FileManager.default.fileExists(atPath: runner.directory.appendingPathComponent("campaigns/2026-2027-households-2026.yaml").path))
    }
}
