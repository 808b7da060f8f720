import Foundation
import OutreachTestSupport
import Testing

/// `outreach token create|list|revoke` on the built binary.
struct TokenCommandTests {
    @Test func aTokenIsShownOnceListedWithoutItselfAndRevokedByName() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["user", "add", "oa.sync", "--role", "viewer"]).status == 0)
        let created = try await runner.run(["token", "create", "--user", "oa.sync", "--name", "OA 月报拉取", "--lang", "en"])
        #expect(created.status == 0, "\(created.stderr)")
        let lines = created.stdout.split(separator: "\n").map(String.init)
        let secret = try #require(lines.last)
        #expect(secret.hasPrefix("otk_") && secret.count == 4 + 43, "\(secret)")
        #expect(lines.first?.hasPrefix("Created token ") == true)
        #expect(lines.first?.hasSuffix(" (OA 月报拉取) for the user oa.sync. The token is shown this once; keep it safe:") == true, "\(created.stdout)")

        let list = try await runner.run(["token", "list", "--lang", "en"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("OA 月报拉取") && list.stdout.contains("oa.sync") && list.stdout.contains("active"))
        #expect(!list.stdout.contains(secret) && !list.stdout.contains(String(secret.dropFirst(4))), "the list shows the token")
        // Nothing of the token in the database file either.
        let database = try Data(contentsOf: runner.directory.appendingPathComponent("outreach.sqlite"))
        #expect(database.range(of: Data(secret.utf8)) == nil)

        let revoked = try await runner.run(["token", "revoke", "OA 月报拉取", "--lang", "en"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout.hasPrefix("Revoked token ") && revoked.stdout.hasSuffix(" (OA 月报拉取): it stops working at once.\n"))
        #expect(try await runner.run(["token", "list", "--lang", "en"]).stdout.contains("revoked 20"))
        let again = try await runner.run(["token", "revoke", "OA 月报拉取", "--lang", "en"])
        #expect(again.status == 64)
        #expect(again.stderr == "Error: No single active token has a handle starting with 'OA 月报拉取' (at least 6 digits) or the name 'OA 月报拉取'; see 'outreach token list'.\n", "\(again.stderr)")
    }

    @Test(arguments: [
        (["token", "create", "--user", "oa.synk", "--name", "x"], "Error: No user named 'oa.synk'. Did you mean 'oa.sync'? 'outreach user list' shows the users.\n"),
        (["token", "create", "--user", "oa.sync", "--name", "  "], "Error: A token needs a name (--name) that says what it is for, e.g. \"OA monthly pull\".\n"),
        (["token", "create", "--user", "li.off", "--name", "x"], "Error: The user 'li.off' is disabled: no token can be created for them.\n"),
    ])
    func refusalsSayWhatIsAccepted(arguments: [String], expected: String) async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["user", "add", "oa.sync", "--role", "viewer"]).status == 0)
        #expect(try await runner.run(["user", "add", "li.off", "--role", "viewer"]).status == 0)
        #expect(try await runner.run(["user", "disable", "li.off"]).status == 0)
        let result = try await runner.run(arguments + ["--lang", "en"])
        #expect(result.status == 64)
        #expect(result.stderr == expected, "\(result.stderr)")
    }
}
