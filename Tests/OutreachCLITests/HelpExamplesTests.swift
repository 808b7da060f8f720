import Foundation
import OutreachTestSupport
import Testing

/// Every example of every command's `--help`, found by walking the whole command tree through the help
/// screens, runs without error against a store made from the shipped seeds, campaigns, targets and samples.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct HelpExamplesTests {
    /// Examples that are not run, each with the reason.
    static let skipped: [String: String] = [
        "outreach worker": "runs until SIGTERM or SIGINT; the '--once' examples beside it are run",
        "outreach serve": "runs until SIGTERM or SIGINT; ServeCommandTests starts it on a free port and stops it",
        "outreach serve --host 0.0.0.0 --port 8080": "runs until SIGTERM or SIGINT; ServeCommandTests starts it on a free port and stops it",
    ]

    /// Every command path below `outreach`, from argument-parser's description of the whole tree (the help
    /// screens alone would miss `report`'s subcommands: `report --help` shows its default, `totals`).
    static func commandTree(_ runner: CommandRunner) async throws -> [[String]] {
        let dump = try await runner.run(["--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump.stderr)")
        let root = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        var found: [[String]] = []
        func walk(_ command: [String: Any]?, _ path: [String]) {
            found.append(path)
            for sub in command?["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = sub["commandName"] as? String, name != "help" else { continue }
                walk(sub, path + [name])
            }
        }
        walk(root?["command"] as? [String: Any], [])
        return found.sorted { $0.joined(separator: " ") < $1.joined(separator: " ") }
    }

    static func subcommands(in help: String) -> [String] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [] }
        return lines[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
    }

    /// The example command lines of a help screen (the lines under "Examples:" or "示例：").
    static func examples(in help: String) -> [String] {
        var result: [String] = []
        var inExamples = false
        for line in help.components(separatedBy: "\n") {
            if ["Examples:", "Example:", "示例："].contains(line) {
                inExamples = true
            } else if inExamples, line.hasPrefix("  outreach") {
                // A comment after the command is not part of it.
                let command = line.range(of: "  #", range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex)
                    .map { String(line[..<$0.lowerBound]) } ?? line
                result.append(command.trimmingCharacters(in: .whitespaces))
            } else if !line.hasPrefix("  ") {
                inExamples = false
            }
        }
        return result
    }

    @Test func everyExampleOfEveryHelpRuns() async throws {
        // The examples run on 20 March 2027, in the 3·15 campaign, after the shipped files are imported.
        let now = "2027-03-20T18:00:00+08:00"
        let groups = try FakeGroups(now: try #require(ISO8601DateFormatter().date(from: now)))
        defer { groups.server.stop() }
        var base = try ShellSession(now: now)
        for (name, value) in groups.environment { base.environment[name] = value }
        for line in ["outreach init", "outreach import campaigns/ targets/", "outreach reach import samples/reach-2026-11.csv"] {
            let result = try await base.run(line)
            #expect(result.status == 0, "\(line): \(result.stderr)")
        }
        try base.runner.write("outreach.yaml", groups.configuration)

        let paths = try await Self.commandTree(base.runner)
        #expect(paths.count == 49, "\(paths)")
        var ran = 0
        for path in paths {
            let en = try await base.runner.run(path + ["--help", "--lang", "en"]).stdout
            let zh = try await base.runner.run(path + ["--help", "--lang", "zh"]).stdout
            let examples = Self.examples(in: en)
            // The Chinese help shows the same examples.
            #expect(Self.examples(in: zh) == examples, "\(path)")
            // Every leaf command has examples.
            if Self.subcommands(in: en).isEmpty { #expect(!examples.isEmpty, "outreach \(path.joined(separator: " ")) has no example") }
            // Each command's examples run in order on a fresh copy of the store.
            let session = try base.copy()
            for example in examples {
                if Self.skipped[example] != nil { continue }
                let result = try await session.run(example)
                #expect(result.status == 0, "\(example) → \(result.status)\n\(result.stderr)")
                #expect(!result.stderr.contains("Error:") && !result.stderr.contains("错误："), "\(example): \(result.stderr)")
                ran += 1
            }
        }
        #expect(ran >= 65)
        // The notify examples reached the fake groups.
        #expect(groups.server.deliveries.contains { $0.platform == "wecom" && $0.accepted })
        #expect(groups.server.deliveries.contains { $0.platform == "dingtalk" && $0.accepted })
    }

    @Test func examplesAreNotBrokenAcrossLines() async throws {
        // Help is wrapped once, to the screen (80 columns here): prose and option lines fit, example command
        // lines are never split, and no line is broken short of the width when its next word would have fitted.
        let runner = try CommandRunner()
        for path in try await Self.commandTree(runner) {
            for language in ["zh", "en"] {
                let help = try await runner.run(path + ["--help", "--lang", language]).stdout
                let lines = help.components(separatedBy: "\n")
                for (index, line) in lines.enumerated() {
                    let isExample = line.hasPrefix("  outreach")
                    if !isExample {
                        #expect(width(line) <= 80, "\(path) \(language): too wide: \(line)")
                    }
                    // The line after an example is another example, a blank line or a new section.
                    if isExample, index + 1 < lines.count {
                        let next = lines[index + 1]
                        #expect(next.isEmpty || next.hasPrefix("  outreach"), "\(path) \(language): example broken: '\(line)' / '\(next)'")
                    }
                    // A prose line followed by more of the same paragraph was filled as far as it could be.
                    if !line.hasPrefix(" "), index + 1 < lines.count, !line.isEmpty {
                        let next = lines[index + 1]
                        guard !next.isEmpty, !next.hasPrefix(" "), !line.hasSuffix(":"), !line.hasSuffix("："),
                            !line.hasPrefix("USAGE") && !line.hasPrefix("用法")
                        else { continue }
                        let firstWord = next.split(separator: " ").first.map(String.init) ?? next
                        let piece = firstWord.unicodeScalars.first.map { $0.value >= 0x2E80 } == true ? String(next.prefix(1)) : firstWord
                        #expect(width(line) + 1 + width(piece) > 80, "\(path) \(language): broken early: '\(line)' / '\(next)'")
                    }
                }
            }
        }
    }

    func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return total + (wide ? 2 : 1)
        }
    }
}
