import Foundation
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// End-to-end reach imports, reports, the bulletin and the scorecard on the built binary.
@Suite(.timeLimit(.minutes(10)))
struct ReachCommandTests {
    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        try runner.copyFromRepository("targets")
        try runner.copyFromRepository("samples")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns", "targets"]).status == 0)
        return runner
    }

    let late = ["OUTREACH_NOW": "2026-11-30T18:00:00+08:00"]

    @Test func importsUTF8AndGB18030WithChineseHeadersIdempotently() async throws {
        let runner = try await imported()
        let first = try await runner.run(["reach", "import", "samples/reach-2026-11.csv", "--lang", "en"], environment: late)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "Imported batch 1: 10 rows; 10 added, 0 corrected, 0 unchanged.\n")
        let gbk = try await runner.run(["reach", "import", "samples/reach-2026-11-gbk.csv", "--lang", "en"], environment: late)
        #expect(gbk.stdout == "Imported batch 2: 10 rows; 0 added, 0 corrected, 10 unchanged.\n")
        let report = try await runner.run(["report", "--month", "2026-11", "--by", "channel", "--format", "csv", "--lang", "en"], environment: late)
        #expect(report.stdout.contains("Community talk,73,58,15,120,0\r\n"), "\(report.stdout)")
        #expect(report.stdout.contains("Total,73,58,15,470,2700\r\n"))
        #expect(try await runner.run(["reach", "verify", "--lang", "en"]).stdout == "The rollup matches the records.\n")
    }

    @Test func correctedFileReplacesFiguresAndUndoRestores() async throws {
        let runner = try await imported()
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)
        let original = try runner.read("samples/reach-2026-11.csv")
        try runner.write("corrected.csv", original.replacingOccurrences(of: "参与人数,46,elderly", with: "参与人数,52,elderly"))
        let corrected = try await runner.run(["reach", "import", "corrected.csv", "--lang", "en"], environment: late)
        #expect(corrected.stdout == "Imported batch 2: 10 rows; 0 added, 1 corrected, 9 unchanged.\n")
        func total() async throws -> String {
            try await runner.run(["report", "--month", "2026-11", "--format", "json"], environment: late).stdout
        }
        #expect(try await total().contains("\"personTimes\": 79"))
        let undo = try await runner.run(["reach", "undo", "2", "--lang", "en"], environment: late)
        #expect(undo.stdout == "Undid batch 2: 0 records deleted, 1 earlier figures restored.\n")
        #expect(try await total().contains("\"personTimes\": 73"))
        let again = try await runner.run(["reach", "undo", "2", "--lang", "en"], environment: late)
        #expect(again.status == 64)
        #expect(again.stderr.hasPrefix("Error: Batch 2 was already undone at "))
        let missing = try await runner.run(["reach", "undo", "9", "--lang", "en"], environment: late)
        #expect(missing.stderr == "Error: No batch with number 9. 'outreach reach batches' lists them.\n")
    }

    /// A campaign of long displays (bulletin boards) on which 100,000 distinct rows can be logged.
    func bulk(rows: Int, badLine: Int?) async throws -> CommandRunner {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        var campaign = """
            id: bulk-2026
            title: 宣传栏全年展示
            kind: households
            period: {start: 2026-01-01, end: 2026-12-31}
            owner: xn-city
            events:

            """
        for i in 0..<40 {
            campaign += "  - {id: board-\(i), title: 宣传栏\(i), channel: bulletin-board, venue: outlet-chibi-renmin, start: 2026-01-01, end: 2026-12-31}\n"
        }
        try runner.write("campaigns/bulk.yaml", campaign)
        let segments = ["students", "elderly", "rural-residents", "new-urban-workers", "special-groups", "small-business", "community-residents", "general-public"]
        var text = "event,date,metric,count,segment\n"
        text.reserveCapacity(rows * 50)
        var line = 1
        outer: for day in 0..<365 {
            let date = Date(timeIntervalSince1970: 1_767_225_600 + Double(day) * 86400)  // 2026-01-01 UTC
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            let dayText = formatter.string(from: date)
            for board in 0..<40 {
                for segment in segments {
                    line += 1
                    if line == badLine {
                        text += "board-\(board),\(dayText),readers,abc,\(segment)\n"
                    } else {
                        text += "board-\(board),\(dayText),readers,\(line % 97 + 1),\(segment)\n"
                    }
                    if line >= rows { break outer }
                }
            }
        }
        try runner.write("reach.csv", text)
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        return runner
    }

    @Test func aBadRowOnLine100001StopsTheWholeImport() async throws {
        let runner = try await bulk(rows: 100_001, badLine: 100_001)
        let result = try await runner.run(["reach", "import", "reach.csv", "--lang", "en"], timeout: 300)
        #expect(result.status == 65)
        #expect(result.stderr.contains("reach.csv:100001: error: The value 'abc' in column 'count' is invalid. Expected a whole number of 0 or more.\n"))
        #expect(result.stderr.hasSuffix("1 error found; nothing was imported. Use --skip-invalid to import the good rows.\n"))
        #expect(try await runner.run(["reach", "batches", "--format", "json"]).stdout == "[]\n")
        let dry = try await runner.run(["reach", "import", "reach.csv", "--dry-run", "--lang", "en"], timeout: 300)
        #expect(dry.stderr.hasSuffix("Dry run: 100,000 rows; would add 99,999, correct 0, leave 0 unchanged; 1 error, 0 warnings. Nothing was written.\n"))
        let skip = try await runner.run(["reach", "import", "reach.csv", "--skip-invalid", "--lang", "en"], timeout: 300)
        #expect(skip.status == 0, "\(skip.stderr)")
        #expect(skip.stdout == "Imported batch 1: 100,000 rows; 99,999 added, 0 corrected, 0 unchanged.\n1 row was not imported; see reach.csv.rejects.csv.\n")
        let rejects = try Data(contentsOf: runner.directory.appendingPathComponent("reach.csv.rejects.csv"))
        #expect(String(decoding: rejects, as: UTF8.self) == "\u{FEFF}event,date,metric,count,segment,line,reason\r\nboard-19,2026-11-09,readers,abc,general-public,100001,The value 'abc' in column 'count' is invalid. Expected a whole number of 0 or more.\r\n")
        // Importing the same file again changes no total.
        let again = try await runner.run(["reach", "import", "reach.csv", "--skip-invalid"], timeout: 300)
        #expect(again.stdout.hasPrefix("已导入批次 2：共 100,000 行，新增 0 条，更正 0 条，未变 99,999 条。\n1 行未导入"), "\(again.stdout)")
    }

    @Test func anImportKilledHalfWayLeavesTheStoreAsItWas() async throws {
        let runner = try await bulk(rows: 300_000, badLine: nil)
        let process = SpawnedProcess()
        process.executableURL = runner.executable
        process.arguments = ["reach", "import", "reach.csv", "--progress", "always", "--lang", "en"]
        process.currentDirectoryURL = runner.directory
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"]
        let progress = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = progress
        try process.run()
        // Kill it outright once it reports rows written inside its open transaction.
        var seen = ""
        while process.isRunning, !seen.contains("rows") {
            let data = progress.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try await runner.run(["reach", "batches", "--format", "json"]).stdout == "[]\n")
        #expect(try await runner.run(["reach", "verify", "--lang", "en"]).stdout == "The rollup matches the records.\n")
        let report = try await runner.run(["report", "--year", "2026", "--format", "json"])
        #expect(report.stdout.contains("\"rows\": []"))
    }

    @Test func reachLogRecordsAndWarns() async throws {
        let runner = try await imported()
        let ok = try await runner.run(
            ["reach", "log", "hh-yangguang-talk-20261126", "attendees=46", "consultations=15", "--date", "2026-11-26", "--segment", "elderly", "--lang", "en"],
            environment: late)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "Recorded batch 1: hh-yangguang-talk-20261126 on 2026-11-26, 2 added, 0 corrected, 0 unchanged.\n")
        let warned = try await runner.run(
            ["reach", "log", "hh-yangguang-talk-20261126", "参与人数=30", "--date", "2026-11-27", "--lang", "en"], environment: late)
        #expect(warned.stderr == "Warning: Event 'hh-yangguang-talk-20261126' is not scheduled on 2026-11-27.\n")
        let wrong = try await runner.run(["reach", "log", "hh-yangguang-talk-20261126", "reads=3", "--lang", "en"], environment: late)
        #expect(wrong.status == 64)
        #expect(wrong.stderr == "Error: The channel 'community-event' does not report 'reads'; it reports 'attendees', 'consultations' or 'leaflets'.\n")
        let bad = try await runner.run(["reach", "log", "hh-yangguang-talk-20261126", "attendees=many"], environment: late)
        #expect(bad.status == 64)
        // A stored event is checked against itself alone; an unknown one still gets the nearest stored id.
        let typo = try await runner.run(["reach", "log", "hh-yangguang-talk-2026112", "attendees=3", "--lang", "en"], environment: late)
        #expect(typo.status == 64)
        #expect(typo.stderr == "Error: Unknown event 'hh-yangguang-talk-2026112' in argument '<event>'. Did you mean 'hh-yangguang-talk-20261126'?\n")
    }

    @Test func reportFormats() async throws {
        let runner = try await imported()
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)
        let excel = try await runner.run(["report", "--month", "2026-11", "--by", "segment", "--format", "csv", "--excel"], environment: late)
        #expect(excel.stdout.hasPrefix("\u{FEFF}客群,触达人次,"))
        #expect(try await runner.run(["report", "--month", "2026-11", "--by", "branch,segment", "--format", "csv", "--output", "r.csv"], environment: late).status == 0)
        #expect(try Data(contentsOf: runner.directory.appendingPathComponent("r.csv")).starts(with: [0xEF, 0xBB, 0xBF]))
        let table = try await runner.run(["report", "--month", "2026-11", "--by", "segment", "--lang", "en"], environment: late)
        #expect(table.stdout.contains("Coverage"))
        #expect(table.stdout.contains("Person-times = Attendees + Consultations"))
        let xlsx = try await runner.run(["report", "--month", "2026-11", "--by", "branch,segment", "--format", "xlsx", "--output", "r.xlsx"], environment: late)
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        let read = try await runner.runProgram(
            "/usr/bin/env",
            ["python3", "-c", "import openpyxl,json;wb=openpyxl.load_workbook('r.xlsx');print(json.dumps({n:[[c for c in r] for r in wb[n].iter_rows(values_only=True)] for n in wb.sheetnames},ensure_ascii=False))"])
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: [[Any]]], "\(read.stderr)")
        #expect(Set(sheets.keys) == ["汇总", "咸安支行", "温泉支行", "赤壁支行", "崇阳支行"])
        // A title row with the period and scope, then the header.
        #expect(sheets["咸安支行"]?.first?.first as? String == "触达报表 2026-11（全辖） · 咸安支行")
        #expect(sheets["咸安支行"]?[1].first as? String == "机构")
        #expect(sheets["汇总"]?.last?.first as? String == "合计")
        #expect(sheets["汇总"]?.last?[2] as? Int == 73)
        let html = try await runner.run(["report", "--month", "2026-11", "--by", "channel", "--format", "html"], environment: late)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        let usage = try await runner.run(["report", "--by", "chanel", "--lang", "en"], environment: late)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("Error: The value 'chanel' is invalid for '--by'. Please provide one of 'campaign', 'channel', 'branch', 'segment', 'metric', 'month', 'week', 'day'. Did you mean 'channel'?"))
    }

    static let xmlCheck = #"""
        import sys, xml.etree.ElementTree as ET
        text = open(sys.argv[1], encoding="utf-8").read()
        root = ET.fromstring(text.split("\n", 1)[1])
        ns = {"h": "http://www.w3.org/1999/xhtml", "s": "http://www.w3.org/2000/svg"}
        print(len(root.findall(".//s:svg", ns)), len(root.findall(".//h:table", ns)), root.find(".//h:h1", ns).text)
        """#

    @Test func bulletinPublishesAndLaterCorrectionsAreRestated() async throws {
        let runner = try await imported()
        try runner.write("check.py", Self.xmlCheck)
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)
        let published = try await runner.run(["report", "bulletin", "--month", "2026-11", "--publish", "--lang", "en"], environment: late)
        #expect(published.stdout == "Wrote bulletins/2026-11-xn-city.md and bulletins/2026-11-xn-city.html.\nPublished the 2026-11 bulletin.\n")
        let parsed = try await runner.runProgram("/usr/bin/env", ["python3", "check.py", "bulletins/2026-11-xn-city.html"])
        #expect(parsed.stdout == "3 5 Xianning Branch financial education bulletin, 2026-11\n", "\(parsed.stderr)")
        let twice = try await runner.run(["report", "bulletin", "--month", "2026-11", "--publish", "--lang", "en"], environment: late)
        #expect(twice.status == 64)
        // A late correction to November shows in December's bulletin.
        let december = ["OUTREACH_NOW": "2026-12-31T18:00:00+08:00"]
        _ = try await runner.run(
            ["reach", "log", "hh-yangguang-talk-20261126", "attendees=52", "--date", "2026-11-26", "--segment", "elderly"], environment: december)
        let next = try await runner.run(["report", "bulletin", "--month", "2026-12", "--publish", "--lang", "en"], environment: december)
        #expect(next.stdout.contains("It restates 2 figures of earlier bulletins."))
        let markdown = try runner.read("bulletins/2026-12-xn-city.md")
        #expect(markdown.contains("| 2026-11 | Person-times | 73 | 79 |"))
        #expect(markdown.contains("| 2026-11 | Person-times, Elderly people | 61 | 67 |"))
        let january = try await runner.run(["report", "bulletin", "--month", "2027-01", "--lang", "en"], environment: ["OUTREACH_NOW": "2027-01-31T18:00:00+08:00"])
        #expect(!january.stdout.contains("restates"))
    }

    @Test func scorecardAgainstTargets() async throws {
        let runner = try await imported()
        let card = try await runner.run(["report", "scorecard", "--quarter", "2027-Q1", "--format", "json"], environment: ["OUTREACH_NOW": "2027-02-14T12:00:00+08:00"])
        #expect(card.status == 0, "\(card.stderr)")
        let value = try #require(try JSONSerialization.jsonObject(with: Data(card.stdout.utf8)) as? [String: Any])
        let lines = value["lines"] as? [[String: Any]] ?? []
        let xianan = lines.first { $0["branch"] as? String == "xn-xianan" && $0["segment"] is NSNull }
        #expect(xianan?["target"] as? Int == 40)
        #expect(xianan?["status"] as? String == "off-track")
        let wenquan = lines.first { $0["branch"] as? String == "xn-wenquan" && $0["segment"] is NSNull }
        #expect(wenquan?["target"] as? Int == 30)
        #expect(wenquan?["proRated"] as? Bool == true)
    }

    @Test func publishedBulletinsAndOffTrackLinesReachTheChatGroups() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addWeCom(key: "k-reports")
        let runner = try await imported()
        try runner.write(
            "outreach.yaml",
            """
            notify:
              targets:
                - name: 分行群
                  kind: wecom
                  key_env: WECOM_URL
              routes:
                - to: [分行群]
                  kinds: [bulletin-published, off-track-alert]

            """)
        let secret = ["WECOM_URL": server.url("/cgi-bin/webhook/send?key=k-reports"), "no_proxy": "127.0.0.1"]
        func at(_ time: String) -> [String: String] { secret.merging(["OUTREACH_NOW": time]) { $1 } }
        _ = try await runner.run(["reach", "import", "samples/reach-2026-11.csv"], environment: late)

        // Publishing queues one notice, in the same transaction as the bulletin.
        let published = try await runner.run(
            ["report", "bulletin", "--month", "2026-11", "--publish", "--link", "https://intranet.example/bulletins/2026-11", "--lang", "en"],
            environment: at("2026-11-30T18:00:00+08:00"))
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.hasSuffix("Published the 2026-11 bulletin.\nQueued 1 notice of it.\n"))

        // The scorecard queues one alert per group, listing every branch well behind with its lines.
        let february = at("2027-02-14T12:00:00+08:00")
        let card = try await runner.run(["report", "scorecard", "--quarter", "2027-Q1", "--notify", "--lang", "en"], environment: february)
        #expect(card.status == 0, "\(card.stderr)")
        // (After the warning that the test server is plain http.)
        #expect(
            card.stderr.hasSuffix(
                "\n33 lines of 7 branches are 20 points or more behind the pro-rated target; queued 1 alert (at most one a week per group).\n"),
            "\(card.stderr)")
        // Run again the same day before the worker sent it: the unsent alert is replaced by one with the current figures.
        let again = try await runner.run(["report", "scorecard", "--quarter", "2027-Q1", "--notify", "--lang", "en"], environment: february)
        #expect(
            again.stderr.hasSuffix(
                "\n33 lines of 7 branches are 20 points or more behind the pro-rated target; queued 1 alert, replacing 1 not yet sent (at most one a week per group).\n"),
            "\(again.stderr)")
        let queue = try await runner.run(["notify", "queue", "--format", "json"], environment: february)
        let keys = NotifyCommandTests.keys(queue.stdout)
        #expect(keys.contains("bulletin:2026-11:xn-city:分行群"))
        #expect(keys.contains("off-track:2027 年第一季度:2027-02-14:分行群"))
        #expect(keys.count == 2)

        // The worker delivers them, with the alerts of its own daily check: the year's targets (the quarter's
        // were queued already today)…
        let worker = try await runner.run(["worker", "--once", "--lang", "en"], environment: february)
        #expect(worker.status == 0, "\(worker.stderr)")
        let delivered = NotifyCommandTests.keys(
            try await runner.run(["notify", "queue", "--state", "sent", "--format", "json"], environment: february).stdout)
        #expect(delivered.subtracting(keys).allSatisfy { $0.hasPrefix("off-track:") && $0.contains(":2027 年:2027-02-14:") })
        #expect(worker.stdout.hasPrefix("Delivered \(delivered.count) notices;"), "\(worker.stdout)")
        let bodies = server.deliveries.map(\.request.bodyText)
        #expect(bodies.contains { $0.contains("https://intranet.example/bulletins/2026-11") })
        let alert = try #require(bodies.first { $0.contains("Behind target, 2027 Q1: 7 branches") }, "\(bodies)")
        #expect(alert.contains("\\nXian'an Sub-branch\\n· events held: 0 of 40 (0%)\\n"), "\(alert)")
        #expect(bodies.filter { $0.contains("Behind target") }.count == 1)
        #expect(!bodies.contains { $0.contains("k-reports") })
        let midweek = try await runner.run(["worker", "--once", "--lang", "en"], environment: at("2027-02-16T09:00:00+08:00"))
        #expect(midweek.stdout.hasPrefix("Delivered 0 notices;"), "\(midweek.stdout)")
        // …nothing new the same week, and a week later alerts again for the branches still behind.
        let nextWeek = try await runner.run(["worker", "--once", "--lang", "en"], environment: at("2027-02-21T09:00:00+08:00"))
        #expect(nextWeek.status == 0, "\(nextWeek.stderr)")
        #expect(!nextWeek.stdout.hasPrefix("Delivered 0 notices;"), "\(nextWeek.stdout)")
        let later = NotifyCommandTests.keys(
            try await runner.run(["notify", "queue", "--state", "sent", "--format", "json"], environment: february).stdout)
        #expect(later.contains { $0.hasPrefix("off-track:") && $0.contains(":2027-02-21:") })
    }
}
