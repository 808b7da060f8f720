import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

@testable import outreach

/// `outreach migrate` on the built binary: an embedded install moved into PostgreSQL answers every command as the
/// SQLite file did, byte for byte; a target that holds data and a missing source are refused with their messages.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct MigrateCommandTests {
    static let server = ProcessInfo.processInfo.environment["OUTREACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A URL to a schema of its own on the test server (created by the first command that opens it), and the
    /// schema's name.
    static func freshTarget() throws -> (url: String, schema: String) {
        let base = try #require(server)
        let schema = "migrate_" + UUID().uuidString.prefix(8).lowercased()
        return (base + (base.contains("?") ? "&" : "?") + "schema=" + schema, schema)
    }

    /// The shipped campaigns and targets, a reach import, a published bulletin, notices sent (outbox and delivery
    /// log), a user and an API token, a calendar feed, an event confirmed: everything in one SQLite file.
    func install(_ groups: FakeGroups) async throws -> ShellSession {
        var session = try ShellSession(now: "2026-11-30T18:00:00+08:00")
        for (name, value) in groups.environment { session.environment[name] = value }
        session.environment["USER"] = "wangfang"
        try session.runner.write("outreach.yaml", groups.configuration)
        for line in [
            "outreach init", "outreach import campaigns/ targets/", "outreach reach import samples/reach-2026-11.csv",
            "outreach report bulletin --month 2026-11 --publish",
            "outreach notify send --kind test --to 分行钉钉群 --text '宣传系统维护' --urgent",
            "outreach user add wang.fang --role admin --display-name 王芳",
            "outreach user add li.ming --role branch-staff --branch xn-chibi --display-name 李明",
            "outreach token create --user wang.fang --name 'OA 月报拉取'",
            "outreach feed add --branch xn-chibi --label 赤壁支行大屏", "outreach event confirm 315-desk-yongan",
        ] {
            let result = try await session.run(line + " --lang en")
            #expect(result.status == 0, "\(line): \(result.stderr)")
        }
        return session
    }

    @Test(.enabled(if: server != nil, "OUTREACH_TEST_POSTGRES is not set: no PostgreSQL server to migrate into"))
    func anInstallMovedIntoPostgreSQLAnswersEveryCommandAsBefore() async throws {
        let groups = try FakeGroups(now: try #require(ISO8601DateFormatter().date(from: "2026-11-30T10:00:00Z")))
        defer { groups.server.stop() }
        let session = try await install(groups)
        let (target, schema) = try Self.freshTarget()
        defer {
            // Dropped with psql when it is there (the server is thrown away at the end anyway).
            let drop = SpawnedProcess()
            drop.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            drop.arguments = ["psql", Self.server ?? "", "-qc", "DROP SCHEMA IF EXISTS \(schema) CASCADE"]
            drop.standardOutput = FileHandle.nullDevice
            drop.standardError = FileHandle.nullDevice
            try? drop.run()
            drop.waitUntilExit()
        }
        let moved = try await session.run("outreach migrate --from outreach.sqlite --to '\(target)' --lang en")
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("campaigns                   4       4  same\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("calendar_feeds              1       1  same\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("audit_log                   1       1  same\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("users                       2       2  same\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("api_tokens                  1       1  same\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("bulletins                   1       1  same\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("outbox                    349     349  same\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("delivery_log                1       1  same\n"), "\(moved.stdout)")
        #expect(!moved.stdout.contains("DIFFERS"))
        #expect(moved.stdout.hasSuffix(
            "Moved 'outreach.sqlite' to '\(target)': every count matches, and 130 reports (every grouping of one and two dimensions) are the same on both.\n"),
            "\(moved.stdout)")
        for command in [
            "report --month 2026-11", "report --month 2026-11 --by branch,channel", "report bulletin --month 2026-11",
            "plan --from 2026-11-01 --to 2027-03-31", "notify log", "notify queue", "user list", "token list", "reach batches", "reach verify", "feed list",
            "event show 315-desk-yongan",
        ] {
            let before = try await session.run("outreach \(command) --lang en")
            let after = try await session.run("outreach \(command) --lang en --database '\(target)'")
            #expect(before.status == 0, "\(command): \(before.stderr)")
            #expect(after.status == before.status, "\(command): \(after.stderr)")
            #expect(after.stdout == before.stdout, "\(command)")
            #expect(after.stderr == before.stderr, "\(command)")
        }
        let again = try await session.run("outreach migrate --from outreach.sqlite --to '\(target)' --lang en")
        #expect(again.status == 1)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.hasPrefix(
            "Error: The target database '\(target)' already holds data (campaigns 4, events "), "\(again.stderr)")
        #expect(again.stderr.hasSuffix(
            "); nothing was copied. Give --replace-target to delete what it holds and copy over it.\n"), "\(again.stderr)")
        let replaced = try await session.run("outreach migrate --from outreach.sqlite --to '\(target)' --replace-target --lang en")
        #expect(replaced.status == 0, "\(replaced.stderr)")
    }

    @Test func aTargetThatHoldsDataIsRefusedAndLeftAsItWas() async throws {
        var session = try ShellSession(now: "2027-03-20T18:00:00+08:00")
        session.environment["USER"] = "wangfang"
        for line in ["outreach init", "outreach import campaigns/ targets/", "outreach init --database copy.sqlite"] {
            #expect(try await session.run(line).status == 0, "\(line)")
        }
        // A freshly initialised target (reference data only) is empty.
        let first = try await session.run("outreach migrate --from outreach.sqlite --to copy.sqlite --lang en")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try await session.run("outreach user add zhao.lei --role viewer --database copy.sqlite").status == 0)
        let refused = try await session.run("outreach migrate --to copy.sqlite --lang en")
        #expect(refused.status == 1)
        #expect(
            refused.stderr.hasSuffix(
                "Error: The target database 'copy.sqlite' already holds data (campaigns 4, events 56, event_history 56, codes 58, targets 9, users 1); nothing was copied. Give --replace-target to delete what it holds and copy over it.\n"),
            "\(refused.stderr)")
        let zh = try await session.run("outreach migrate --to copy.sqlite --lang zh")
        #expect(zh.stderr.hasSuffix(
            "错误：目标数据库 'copy.sqlite' 已有数据（campaigns 4、events 56、event_history 56、codes 58、targets 9、users 1），未复制任何内容。如需删除其中的数据并以源数据库覆盖，请加 --replace-target。\n"),
            "\(zh.stderr)")
        // Left as it was: the user added there is still there.
        let users = try await session.run("outreach user list --database copy.sqlite --lang en")
        #expect(users.stdout.contains("zhao.lei"))
        // Replaced: the source's content only.
        #expect(try await session.run("outreach migrate --to copy.sqlite --replace-target").status == 0)
        let after = try await session.run("outreach user list --database copy.sqlite --lang en")
        #expect(!after.stdout.contains("zhao.lei"), "\(after.stdout)")
    }

    @Test func aMissingSourceIsNamed() async throws {
        let session = try ShellSession(now: "2027-03-20T18:00:00+08:00")
        let missing = try await session.run("outreach migrate --from old/2026.sqlite --to copy.sqlite --lang en")
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr == "Error: The database to migrate from, 'old/2026.sqlite', does not exist. Give an existing database file with --from.\n")
        let zh = try await session.run("outreach migrate --from old/2026.sqlite --to copy.sqlite --lang zh")
        #expect(zh.stderr == "错误：要迁移的数据库 'old/2026.sqlite' 不存在。请用 --from 指定现有的数据库文件。\n")
        #expect(!FileManager.default.fileExists(atPath: session.directory.appendingPathComponent("copy.sqlite").path))
        #expect(try await session.run("outreach init").status == 0)
        let same = try await session.run("outreach migrate --to outreach.sqlite --lang en")
        #expect(same.status == 64)
        #expect(same.stderr == "Error: --from and --to are the same database, 'outreach.sqlite'.\n")
    }

    @Test func messagesHaveBothLanguages() {
        let samples: [Message] = [
            MigrateCommandMessages.sourceMissing(path: "x"), MigrateCommandMessages.sameStore(location: "x"),
            MigrateCommandMessages.targetNotEmpty(location: "x", held: "x"), MigrateCommandMessages.same,
            MigrateCommandMessages.differs, MigrateCommandMessages.copied(from: "x", to: "x", reports: 3),
            MigrateCommandMessages.reportDiffers("x", source: "x", target: "x"), MigrateCommandMessages.mismatch(counts: 1, reports: 2),
        ]
        #expect(MessageCatalogueCheck.problems(in: samples + MigrateCommandMessages.headers) == [])
    }
}
