import Foundation
import OutreachTestSupport
import Testing

/// `outreach feed add|list|revoke` on the built binary.
struct FeedCommandTests {
    @Test func aFeedIsAddedListedWithoutItsTokenAndRevokedByLabel() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let added = try await runner.run(["feed", "add", "--branch", "xn-chibi", "--label", "赤壁支行大屏", "--lang", "en"])
        #expect(added.status == 0, "\(added.stderr)")
        let lines = added.stdout.split(separator: "\n").map(String.init)
        let path = try #require(lines.last)
        #expect(path.hasPrefix("/feeds/") && path.hasSuffix(".ics") && path.count == "/feeds/".count + 43 + 4, "\(path)")
        let token = String(path.dropFirst("/feeds/".count).dropLast(4))
        #expect(lines.first?.hasPrefix("Added feed ") == true)
        #expect(lines.first?.contains("(赤壁支行大屏). Its address is shown this once; put the server's address before it, e.g. http://127.0.0.1:8080\(path):") == true, "\(added.stdout)")

        let list = try await runner.run(["feed", "list", "--lang", "en"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("赤壁支行大屏"))
        #expect(list.stdout.contains("active"))
        #expect(!list.stdout.contains(token), "the list shows the token")

        let revoked = try await runner.run(["feed", "revoke", "赤壁支行大屏", "--lang", "en"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout.hasPrefix("Revoked feed "))
        #expect(revoked.stdout.hasSuffix("(赤壁支行大屏): its address answers \"not found\" from now on.\n"))
        #expect(try await runner.run(["feed", "list", "--lang", "en"]).stdout.contains("revoked 20"))
        let again = try await runner.run(["feed", "revoke", "赤壁支行大屏", "--lang", "en"])
        #expect(again.status == 64)
        #expect(again.stderr == "Error: No feed has a handle starting with '赤壁支行大屏' or the label '赤壁支行大屏'. 'outreach feed list' shows the feeds.\n", "\(again.stderr)")
    }

    @Test(arguments: [
        (["feed", "add", "--branch", "xn-chibl", "--label", "x"], "Error: No branch with id 'xn-chibl'. Did you mean 'xn-chibi'?\n"),
        (["feed", "add", "--label", "x"], "Error: Give one of --branch or --user (not both).\n"),
        (["feed", "add", "--branch", "xn-chibi", "--user", "wang.fang", "--label", "x"], "Error: Give one of --branch or --user (not both).\n"),
        (["feed", "add", "--user", "nobody", "--label", "x"], "Error: No user named 'nobody'. 'outreach user list' shows the users.\n"),
    ])
    func refusalsSayWhatIsAccepted(arguments: [String], expected: String) async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let result = try await runner.run(arguments + ["--lang", "en"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }
}
