import Foundation
import OutreachTestSupport
import Testing

/// People read recurrence rules as words (`campaign show`, `event show`); JSON and calendars keep the RRULE.
@Suite(.timeLimit(.minutes(5)))
struct RecurrenceWordsTests {
    @Test func rulesReadAsWordsInBothLanguagesAndStayRawInJSON() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)

        let zh = try await runner.run(["event", "show", "315-desk-chibi-renmin"])
        #expect(zh.status == 0, "\(zh.stderr)")
        #expect(zh.stdout.contains("  重复: 每周一、周五，共 2 次\n"))
        #expect(!zh.stdout.contains("FREQ="))
        let en = try await runner.run(["event", "show", "315-desk-chibi-renmin", "--lang", "en"])
        #expect(en.stdout.contains("  Repeats: weekly on Monday and Friday, 2 times\n"))

        let campaign = try await runner.run(["campaign", "show", "2027-315-xianning"])
        #expect(campaign.stdout.contains("每周一、周五，共 2 次"))
        #expect(campaign.stdout.contains("每天，共 7 次"))
        #expect(!campaign.stdout.contains("FREQ="))
        let campaignEN = try await runner.run(["campaign", "show", "2027-315-xianning", "--lang", "en"])
        #expect(campaignEN.stdout.contains("weekly on Monday and Friday, 2 times"))

        let json = try await runner.run(["event", "show", "315-desk-chibi-renmin", "--format", "json"])
        #expect(json.stdout.contains("\"repeat\": \"FREQ=WEEKLY;BYDAY=FR,MO;COUNT=2\""))
    }
}
