import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

@testable import outreach

/// `outreach user add|passwd|disable|list` on the built binary: one-time passwords shown once and stored only
/// hashed, refusals with exit 64, the list never showing a secret.
@Suite(.timeLimit(.minutes(3)))
struct UserCommandTests {
    /// The password line after the "One-time password" line.
    static func password(in output: String) -> String? {
        let lines = output.split(separator: "\n").map(String.init)
        guard let index = lines.firstIndex(where: { $0.contains("password") || $0.contains("密码") }), index + 1 < lines.count else { return nil }
        return lines[index + 1]
    }

    @Test func addPrintsAOneTimePasswordOnceAndStoresOnlyItsHash() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let added = try await runner.run(["user", "add", "wang.fang", "--role", "admin", "--display-name", "王芳", "--lang", "en"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr == "")
        #expect(added.stdout.hasPrefix("Added the user 'wang.fang' (admin). One-time password (shown only this once;"))
        let password = try #require(Self.password(in: added.stdout))
        #expect(password.count == 16)
        // Nowhere in the database file as written.
        let database = try Data(contentsOf: runner.directory.appendingPathComponent("outreach.sqlite"))
            + ((try? Data(contentsOf: runner.directory.appendingPathComponent("outreach.sqlite-wal"))) ?? Data())
        #expect(database.range(of: Data(password.utf8)) == nil)
        #expect(database.range(of: Data("$2b$12$".utf8)) != nil)

        let staff = try await runner.run(["user", "add", "li.ming", "--role", "branch-staff", "--branch", "xn-chibi", "--display-name", "李明"])
        #expect(staff.status == 0, "\(staff.stderr)")
        #expect(staff.stdout.hasPrefix("已添加用户 'li.ming'（网点员工）。"))

        let list = try await runner.run(["user", "list", "--lang", "en"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("wang.fang"))
        #expect(list.stdout.contains("王芳"))
        #expect(list.stdout.contains("branch staff"))
        #expect(list.stdout.contains("Chibi") || list.stdout.contains("赤壁"))
        #expect(!list.stdout.contains(password))
        #expect(!list.stdout.contains("$2b$"))

        let passwd = try await runner.run(["user", "passwd", "wang.fang", "--lang", "en"])
        #expect(passwd.status == 0)
        let second = try #require(Self.password(in: passwd.stdout))
        #expect(second != password)
        #expect(second.count == 16)

        let disabled = try await runner.run(["user", "disable", "li.ming", "--lang", "en"])
        #expect(disabled.status == 0)
        #expect(disabled.stdout == "Disabled the user 'li.ming' and signed out all their sessions.\n")
        #expect(try await runner.run(["user", "list", "--lang", "en"]).stdout.contains("disabled"))
    }

    @Test func refusalsExit64WithTheirMessage() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        let empty = try await runner.run(["user", "list", "--lang", "en"])
        #expect(empty.stdout == "There are no users yet. Add the first admin: outreach user add NAME --role admin\n")
        let cases: [([String], String)] = [
            (["user", "add", "li.ming", "--role", "branch-staff"], "Error: Branch staff need a branch (--branch).\n"),
            (["user", "add", "li.ming", "--role", "planner", "--branch", "xn-chibl"], "Error: No branch with id 'xn-chibl'. Did you mean 'xn-chibi'?\n"),
            (["user", "add", "李明", "--role", "viewer"], "Error: The user name '李明' is invalid. Use 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.\n"),
            (["user", "passwd", "nobody"], "Error: No user named 'nobody'.\n"),
            (["user", "disable", "nobody"], "Error: No user named 'nobody'.\n"),
        ]
        for (arguments, message) in cases {
            let result = try await runner.run(arguments + ["--lang", "en"])
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
        }
        #expect(try await runner.run(["user", "add", "a.b", "--role", "viewer"]).status == 0)
        let taken = try await runner.run(["user", "add", "a.b", "--role", "viewer", "--lang", "en"])
        #expect(taken.status == 64)
        #expect(taken.stderr == "Error: The user 'a.b' already exists. To give them a new password, use 'outreach user passwd a.b'.\n")
        let badRole = try await runner.run(["user", "add", "c.d", "--role", "boss", "--lang", "en"])
        #expect(badRole.status == 64)
        #expect(badRole.stderr.contains("'boss'"))
    }

    @Test func userCommandMessagesHaveBothLanguages() {
        let samples: [Message] = [
            UserCommandMessages.added(name: "x", role: .admin, password: "p"),
            UserCommandMessages.passwordChanged(name: "x", password: "p"),
            UserCommandMessages.disabled(name: "x"),
            UserCommandMessages.noUsers,
            UserCommandMessages.enabled,
            UserCommandMessages.disabledState,
            UserCommandMessages.everyBranch,
            UserCommandMessages.listening(url: "http://127.0.0.1:8080/"),
            UserCommandMessages.firstAdmin,
            UserCommandMessages.noWorker,
            UserCommandMessages.invalidPort(port: 70000),
            UserCommandMessages.serverErrorsNothingDone(count: 2, path: "outreach.yaml"),
            UserCommandMessages.cannotListen(host: "127.0.0.1", port: 80, reason: "x"),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples + UserCommandMessages.listHeaders) == [])
    }
}
