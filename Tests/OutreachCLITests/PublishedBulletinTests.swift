import Foundation
import OutreachTestSupport
import Testing

/// A month whose bulletin is published: two runs publishing it at once, and what a later report or bulletin
/// of that month says.
@Suite(.timeLimit(.minutes(5)))
struct PublishedBulletinTests {
    let late = ["OUTREACH_NOW": "2026-11-30T18:00:00+08:00", "USER": "wangfang"]

    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        for folder in ["seeds", "campaigns", "targets", "samples"] { try runner.copyFromRepository(folder) }
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns", "targets"]).status == 0)
        #expect(try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late).status == 0)
        return runner
    }

    @Test func ofTwoRunsPublishingAtOnceTheLoserIsToldWhenAndByWhom() async throws {
        let runner = try await imported()
        let command = ["report", "bulletin", "--month", "2026-11", "--publish", "--lang", "en"]
        async let first = runner.run(command, environment: late)
        async let second = runner.run(command + ["--output", "other"], environment: late)
        let results = try await [first, second]
        #expect(results.map(\.status).sorted() == [0, 64], "\(results.map { $0.stderr })")
        let loser = try #require(results.first { $0.status != 0 })
        #expect(
            loser.stderr.contains(
                "The 2026-11 bulletin was published on 2026-11-30T10:00:00Z by wangfang and is not issued again; later corrections appear in the next bulletin."),
            "\(loser.stderr)")
        #expect(!loser.stderr.contains("UNIQUE"), "\(loser.stderr)")
        #expect(!loser.stderr.contains("The database failed"), "\(loser.stderr)")
    }

    @Test func aReportOfAPublishedMonthSaysSoAndWhenItsFiguresChanged() async throws {
        let runner = try await imported()
        let published = try await runner.run(["report", "bulletin", "--month", "2026-11", "--publish", "--lang", "en"], environment: late)
        #expect(published.status == 0, "\(published.stderr)")
        let note = "The 2026-11 bulletin was published on 2026-11-30T10:00:00Z by wangfang."
        let again = try await runner.run(["report", "bulletin", "--month", "2026-11", "--lang", "en"], environment: late)
        #expect(again.stdout.contains(note + "\n"), "\(again.stdout)")
        #expect(!again.stdout.contains("differ"), "\(again.stdout)")
        let totals = try await runner.run(["report", "--month", "2026-11", "--by", "channel", "--lang", "en"], environment: late)
        #expect(totals.status == 0)
        #expect(totals.stderr == note + "\n", "\(totals.stderr)")
        // Reach logged for November after publishing: the figures now differ from the bulletin's.
        let december = ["OUTREACH_NOW": "2026-12-02T10:00:00+08:00"]
        let logged = try await runner.run(
            ["reach", "log", "hh-bulletin-chibi-renmin", "阅读人次（估算）=200", "--date", "2026-11-20"], environment: december)
        #expect(logged.status == 0, "\(logged.stderr)")
        let changed = note
            + " Reach for 2026-11 changed after it was published: these figures differ from the published bulletin, and the next bulletin restates them.\n"
        let report = try await runner.run(["report", "--month", "2026-11", "--lang", "en"], environment: december)
        #expect(report.stderr == changed, "\(report.stderr)")
        let bulletin = try await runner.run(["report", "bulletin", "--month", "2026-11", "--lang", "zh"], environment: december)
        #expect(
            bulletin.stdout.contains(
                "2026-11 的专刊已于 2026-11-30T10:00:00Z 由 wangfang 发布。此后 2026-11 的触达数据有变动：这里的数字与已发布的专刊不同，下一期专刊将作更正说明。\n"),
            "\(bulletin.stdout)")
        // Another month says nothing of it.
        let october = try await runner.run(["report", "--month", "2026-10", "--lang", "en"], environment: december)
        #expect(october.stderr.isEmpty, "\(october.stderr)")
    }
}
