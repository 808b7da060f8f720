import Foundation
import OutreachTestSupport
import Testing

/// The README's five-minute tour, run top to bottom as written on a fresh copy of the shipped files: every
/// command succeeds, says something (or writes a file that is not empty), and reports no error.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct ReadmeTourTests {
    /// The lines of the first ```sh block under "## Five-minute tour".
    static func tourLines() throws -> [String] {
        let readme = try String(
            contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "## Five-minute tour"),
            let open = readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex),
            let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex)
        else { return [] }
        return readme[open.upperBound..<close.lowerBound].components(separatedBy: "\n")
    }

    /// A line without its trailing comment (a `#` that starts a word, as the shell reads it), or nil for a blank
    /// or comment-only line.
    static func command(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        let command = trimmed.range(of: #"\s#"#, options: .regularExpression).map { String(trimmed[..<$0.lowerBound]) } ?? trimmed
        return command.trimmingCharacters(in: .whitespaces)
    }

    @Test func theTourRunsTopToBottom() async throws {
        let lines = try Self.tourLines()
        #expect(lines.count > 20, "the tour's code block was not found in README.md")
        let groups = try FakeGroups()
        defer { groups.server.stop() }
        var session = try ShellSession(now: "2026-11-29T09:00:00+08:00")
        var ran: [String] = []
        for line in lines {
            guard let command = Self.command(line) else { continue }
            if command.hasPrefix("alias outreach=") { continue }  // `outreach` is the built binary on the PATH
            if command.hasPrefix("export ") {
                // `export NAME=value` sets it; `export NAME=…` stands for a secret, taken from the fake groups.
                let assignment = command.dropFirst("export ".count)
                let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                try #require(parts.count == 2, "\(command)")
                if parts[1] == "…" {
                    let value = try #require(groups.environment[parts[0]], "no fake value for \(parts[0])")
                    session.environment[parts[0]] = value
                } else {
                    session.environment[parts[0]] = parts[1]
                }
                continue
            }
            let result = try await session.run(command)
            ran.append(command)
            #expect(result.status == 0, "\(command) → exit \(result.status)\n\(result.stderr)")
            #expect(!result.stderr.contains("错误：") && !result.stderr.contains("error:") && !result.stderr.contains("Error:"), "\(command): \(result.stderr)")
            // No empty output: the command says something, or the file it writes is not empty.
            let words = command.split(separator: " ").map(String.init)
            if let flag = words.firstIndex(where: { $0 == "--output" || $0 == "-o" }), flag + 1 < words.count {
                #expect(session.size(of: words[flag + 1]) > 0, "\(command) wrote an empty file")
            } else if words.first == "outreach" {
                #expect(!(result.stdout + result.stderr).isEmpty, "\(command) said nothing")
            }
        }
        #expect(ran.count >= 25, "\(ran)")
        // What the tour promises, checked on the files and the fake group.
        let calendar = try session.runner.read("315.ics")
        #expect(calendar.components(separatedBy: "BEGIN:VEVENT").count - 1 >= 19)
        #expect(try session.runner.read("赤壁3月.csv").contains("赤壁"))
        #expect(groups.server.deliveries.contains { $0.platform == "wecom" && $0.accepted })
    }

    @Test func theTourSaysWhatItDoes() async throws {
        // The comments of the tour that describe output are true: the bulletin says no notice was queued and
        // why, the scorecard with --notify is shown, then why no alert was queued.
        var session = try ShellSession(now: "2026-12-05T18:00:00+08:00")
        session.environment["OUTREACH_LANG"] = "en"
        for line in ["outreach init", "outreach import campaigns/ targets/", "outreach reach import samples/reach-2026-11.csv"] {
            #expect(try await session.run(line).status == 0)
        }
        let bulletin = try await session.run("outreach report bulletin --month 2026-11 --publish")
        #expect(bulletin.status == 0)
        #expect(bulletin.stdout.hasSuffix("Published the 2026-11 bulletin.\n"), "\(bulletin.stdout)")
        #expect(
            bulletin.stderr
                == "No notice of it was queued: No notify configuration: 'outreach.yaml' was not found, so no notices are scheduled. Copy outreach.example.yaml to outreach.yaml and edit it; see docs/notifications.md.\n"
        )
        let scorecard = try await session.run("outreach report scorecard --quarter 2027-Q1 --notify")
        #expect(scorecard.status == 0)
        #expect(scorecard.stdout.hasPrefix("Scorecard 2027-Q1"), "\(scorecard.stdout)")
        #expect(
            scorecard.stderr
                == "No off-track alert was queued: No notify configuration: 'outreach.yaml' was not found, so no notices are scheduled. Copy outreach.example.yaml to outreach.yaml and edit it; see docs/notifications.md.\n"
        )
        let zh = try await session.run("outreach report scorecard --quarter 2027-Q1 --notify --lang zh")
        #expect(
            zh.stderr
                == "未排队进度提醒：未找到通知配置文件 'outreach.yaml'，因此不会安排任何通知。可把 outreach.example.yaml 复制为 outreach.yaml 再修改；说明见 docs/notifications.md。\n"
        )
    }
}
