import Foundation
import OutreachTestSupport
import Testing

/// Inputs that once made `validate` quadratic (one line per clashing pair, gigabytes of memory). The binary
/// runs under a virtual-memory cap, so a regression fails here instead of swapping the machine.
@Suite(.timeLimit(.minutes(5)))
struct PathologicalScheduleTests {
    /// The cap on the process's address space. On 2 cores `validate` runs these files in 230 MB of address
    /// space (65–75 MB resident), and the Swift runtime alone takes most of that; each further core adds
    /// a thread's stack. The pairwise code this replaces needed 2.5 GB for 10,000 events.
    static let memoryCapKB = 320_000 + 16_384 * max(0, ProcessInfo.processInfo.activeProcessorCount - 2)

    /// A campaign file of `count` events, each written by `event(n)` (lines after `- id: …`).
    static func campaign(id: String, count: Int, event: (Int) -> String) -> String {
        var text = """
            id: \(id)
            title: 冲突测试
            kind: households
            period: {start: 2026-12-01, end: 2026-12-31}
            owner: xn-city
            events:

            """
        for n in 0..<count { text += "  - id: \(id)-e\(n)\n    title: 活动\(n)\n" + event(n) }
        return text
    }

    /// Runs `outreach ARGUMENTS` in `directory` under `ulimit -v` (swift-subprocess reads the output as it comes).
    static func runCapped(_ arguments: [String], in runner: CommandRunner) async throws -> (status: Int32, stderr: String) {
        let outcome = try await ChildProcess.run(
            "/bin/bash", arguments: ["-c", "ulimit -v \(memoryCapKB); exec \"$0\" \"$@\"", runner.executable.path] + arguments,
            environment: [
                "PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1",
                "OUTREACH_NOW": "2026-11-29T09:00:00+08:00",
                // One malloc arena per thread would reserve 64 MB of address space each on many-core machines.
                "MALLOC_ARENA_MAX": "2",
            ],
            workingDirectory: runner.directory.path, timeout: .seconds(240))
        return (outcome.status, outcome.standardError)
    }

    /// The line of each event's `start` field, for a file written by ``campaign(id:count:event:)``.
    static func startLines(count: Int, linesPerEvent: Int, startOffset: Int) -> [Int] {
        (0..<count).map { 7 + $0 * linesPerEvent + startOffset }
    }

    @Test func tenThousandEventsAtOneVenueAtOneTime() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        let count = 10_000
        try runner.write(
            "clash.yaml",
            Self.campaign(id: "v", count: count) { _ in
                "    channel: community-event\n    venue: community-chibi-yanhe\n    start: 2026-12-07 14:30\n    end: 16:00\n"
            })
        let result = try await Self.runCapped(["validate", "clash.yaml", "--seeds", "seeds", "--lang", "en"], in: runner)
        #expect(result.status == 65, "\(result.stderr.suffix(2000))")
        let lines = result.stderr.split(separator: "\n")
        let errors = lines.filter { $0.contains(": error: ") }
        // One line per event but the first, which every line names.
        #expect(errors.count == count - 1)
        #expect(errors.first == "clash.yaml:17:12: error: The venue '沿河社区' is double-booked at 2026-12-07 14:30–16:00: event 'v-e0' at clash.yaml:11:12 is there too, and 9998 more clashes.")
        #expect(errors.allSatisfy { $0.hasSuffix("event 'v-e0' at clash.yaml:11:12 is there too, and 9998 more clashes.") })
        let reported = Set(errors.map { $0.split(separator: ":")[1] })
        let expected = Set(Self.startLines(count: count, linesPerEvent: 6, startOffset: 4).dropFirst().map { Substring(String($0)) })
        #expect(reported == expected)
        #expect(result.stderr.contains("Checked 1 file, 1 campaign, 10000 events: 9999 errors, 0 warnings."))
    }

    /// 20,000 events at a venue that does not exist: one error each, in the time and memory the file needs
    /// (every event once asked how many errors the file had so far, over all of them: 99 s for 30,000).
    @Test func twentyThousandEventsAtAnUnknownVenue() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        let count = 20_000
        try runner.write(
            "unknown.yaml",
            Self.campaign(id: "u", count: count) { _ in
                "    channel: community-event\n    venue: nosuch-hall\n    start: 2026-12-07 14:30\n    end: 16:00\n"
            })
        let result = try await Self.runCapped(["validate", "unknown.yaml", "--seeds", "seeds", "--lang", "en"], in: runner)
        #expect(result.status == 65, "\(result.stderr.suffix(2000))")
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == count)
        #expect(errors.first?.hasPrefix("unknown.yaml:10:12: error: Unknown venue 'nosuch-hall'") == true, "\(errors.first ?? "")")
        #expect(result.stderr.contains("Checked 1 file, 1 campaign, 20000 events: 20000 errors, 0 warnings."))
    }

    @Test func tenThousandEventsWithOneStaffMemberAtOneTime() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        let count = 10_000
        try runner.write(
            "staff.yaml",
            Self.campaign(id: "s", count: count) { n in
                // Leaflet stands at different outlets: only the staff member clashes.
                "    channel: leaflet\n    venue: \(n % 2 == 0 ? "outlet-wenquan-wenquanlu" : "community-chibi-yanhe")\n    start: 2026-12-07 14:30\n    end: 16:00\n    staff: [张伟]\n"
            })
        let result = try await Self.runCapped(["validate", "staff.yaml", "--seeds", "seeds", "--lang", "zh"], in: runner)
        #expect(result.status == 65, "\(result.stderr.suffix(2000))")
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == count - 1)
        #expect(errors.first == "staff.yaml:18:12: error: '张伟' 在 2026-12-07 14:30–16:00 同时被安排在两处：还在活动 's-e0'（staff.yaml:11:12），另有 9998 次冲突。")
    }

    @Test func oneDisplayGivenToTwoCampaignsFiveThousandTimesEach() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        let count = 5_000
        for id in ["a", "b"] {
            try runner.write(
                "d/\(id).yaml",
                Self.campaign(id: id, count: count) { _ in
                    "    channel: led-screen\n    venue: outlet-wenquan-wenquanlu\n    start: 2026-12-05\n    end: 2026-12-25\n"
                })
        }
        let result = try await Self.runCapped(["validate", "d", "--seeds", "seeds", "--lang", "en"], in: runner)
        #expect(result.status == 65, "\(result.stderr.suffix(2000))")
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        // Each screen event of the second campaign clashes with the 5,000 of the first; the first campaign's
        // events are named, the first of them in every line.
        #expect(errors.count == count)
        #expect(errors.allSatisfy { $0.hasPrefix("d/b.yaml:") })
        #expect(errors.first == "d/b.yaml:11:12: error: The 'LED显示屏' at '温泉路网点营业厅' carries one campaign at a time, but at 2026-12-05–2026-12-25 it is also given to campaign 'a' (event 'a-e0' at d/a.yaml:11:12), and 4999 more clashes.")
    }

    @Test func aDailyRuleOverThirtyYearsIsCutWithAWarning() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.write(
            "long.yaml",
            """
            id: long
            title: 长期折页
            kind: households
            period: {start: 2026-12-01, end: 2056-12-31}
            owner: xn-city
            events:
              - id: long-leaflet
                title: 每日折页
                channel: leaflet
                venue: outlet-wenquan-wenquanlu
                start: 2026-12-01
                repeat: FREQ=DAILY

            """)
        let result = try await Self.runCapped(["validate", "long.yaml", "--seeds", "seeds"], in: runner)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        #expect(result.stderr.contains("long.yaml:12:13: warning: 重复规则 'FREQ=DAILY' 在宣传活动结束日 2056-12-31 之前会产生超过 10000 场活动；只检查和安排前 10000 场（截至 2054-04-17）。请添加 COUNT 或 UNTIL，或缩短活动期间。"))
    }
}
