import Foundation
import OutreachTestSupport
import Testing

/// End-to-end runs of the built `outreach` binary on the shipped data and on broken files.
@Suite(.timeLimit(.minutes(5)))
struct CommandLineTests {
    /// A runner with the shipped seeds and campaigns, initialised and imported.
    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        let result = try await runner.run(["import", "campaigns"])
        #expect(result.status == 0, "\(result.stderr)")
        return runner
    }

    static let base = """
        id: t-campaign
        title: 测试宣传活动
        kind: households
        period: {start: 2026-12-01, end: 2026-12-31}
        owner: xn-city
        channels: [community-event, led-screen, leaflet, campus-event]
        events:
          - id: t-talk
            title: 阳光社区讲座
            channel: community-event
            venue: community-yangguang
            start: 2026-12-07 14:30
            end: 16:00

        """

    @Test func shippedCampaignsValidate() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        let result = try await runner.run(["validate", "campaigns", "--seeds", "seeds", "--lang", "en"])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("error:"))
        #expect(result.stderr.contains("Warning: No State Council holiday notice loaded for 2027"))
        #expect(result.stderr.contains(": 0 errors,"))
    }

    static func replacing(_ target: String, _ replacement: String) -> String {
        base.replacingOccurrences(of: target, with: replacement)
    }

    static let brokenCases: [(name: String, text: String, expected: String)] = {
        var cases: [(name: String, text: String, expected: String)] = []
        cases.append(("unknown field", base + "    colour: 红色\n", "bad.yaml:14:5: error: Unknown field 'colour' in an event."))
        cases.append(("unknown channel", replacing("channel: community-event", "channel: comunity-event"), "bad.yaml:10:14: error: Unknown channel 'comunity-event'. Did you mean 'community-event'?"))
        cases.append(("unknown venue", replacing("venue: community-yangguang", "venue: community-yangguan"), "bad.yaml:11:12: error: Unknown venue 'community-yangguan'. Did you mean 'community-yangguang'?"))
        cases.append(("unknown segment", replacing("owner: xn-city\n", "owner: xn-city\nsegments: [elderlly]\n"), "bad.yaml:6:12: error: Unknown audience segment 'elderlly'. Did you mean 'elderly'?"))
        cases.append(("unknown branch", base + "    branch: xn-chbi\n", "bad.yaml:14:13: error: Unknown branch 'xn-chbi'. Did you mean 'xn-chibi'?"))
        cases.append(("unknown kind", replacing("kind: households", "kind: household"), "bad.yaml:3:7: error: Unknown campaign kind 'household'. Did you mean 'households'?"))
        cases.append(("impossible date", replacing("start: 2026-12-07 14:30", "start: 2027-02-30 14:30"), "bad.yaml:12:12: error: The value '2027-02-30 14:30' is invalid for 'start'. Expected a real date like '2027-03-15' (February 2027 has 28 days)."))
        cases.append(("impossible time", replacing("end: 16:00", "end: 25:00"), "bad.yaml:13:10: error: The value '25:00' is invalid for 'end'. Expected a time from '00:00' to '23:59'."))
        cases.append(("end before start", replacing("end: 16:00", "end: 13:00"), "bad.yaml:13:10: error: The end '13:00' is not after the start '2026-12-07 14:30'."))
        cases.append(("outside period", replacing("start: 2026-12-07 14:30", "start: 2027-01-07 14:30"), "bad.yaml:12:12: error: The event runs 2027-01-07, outside the campaign period 2026-12-01 to 2026-12-31."))
        cases.append(("bad recurrence", base + "    repeat: FREQ=WEEKLY;BYDAY=MON\n", "bad.yaml:14:13: error: The rule 'FREQ=WEEKLY;BYDAY=MON' is invalid: BYDAY entry 'MON' must be"))
        cases.append(("negative number", base + "    expected_reach: -20\n", "bad.yaml:14:21: error: The value '-20' is invalid for 'expected_reach'. Expected a whole number of 0 or more."))
        cases.append(("non-integer", base + "    capacity: 80.5\n", "bad.yaml:14:15: error: The value '80.5' is invalid for 'capacity'. Expected a whole number of 0 or more."))
        cases.append(("missing field", replacing("    venue: community-yangguang\n", ""), "bad.yaml:8:5: error: Missing required field 'venue' in the event 't-talk' (number 1 in 'events')."))
        cases.append(("tab indentation", replacing("    end: 16:00", "\tend: 16:00"), "bad.yaml:13:1: error: Tabs are not allowed for indentation in YAML; use spaces."))
        cases.append(("bad indentation", replacing("    end: 16:00", "     end: 16:00"), "bad.yaml:13:6: error: Bad indentation"))
        cases.append(("empty file", "", "bad.yaml:1:1: error: The file is empty."))
        cases.append(("venue double-booked", base + "  - id: t-talk-2\n    title: 同场讲座\n    channel: community-event\n    venue: community-yangguang\n    start: 2026-12-07 15:00\n    end: 17:00\n", "bad.yaml:18:12: error: The venue '阳光社区' is double-booked at 2026-12-07 15:00–17:00: event 't-talk' at bad.yaml:12:12 is there too."))
        cases.append(("staff double-booked", base + "    staff: [张伟]\n  - id: t-talk-2\n    title: 另一场\n    channel: community-event\n    venue: community-guihua\n    start: 2026-12-07 15:00\n    end: 17:00\n    staff: [张伟]\n", "bad.yaml:19:12: error: '张伟' is in two places at 2026-12-07 15:00–17:00: also at event 't-talk' at bad.yaml:12:12."))
        cases.append(("display double-booked", base + "  - id: t-led\n    title: LED屏滚动播放\n    channel: led-screen\n    venue: outlet-wenquan-wenquanlu\n    start: 2026-12-01\n    end: 2026-12-20\n", "other.yaml:12:12: error: The 'LED显示屏' at '温泉路网点营业厅' carries one campaign at a time, but at 2026-12-05–2026-12-25 it is also given to campaign 't-campaign' (event 't-led' at bad.yaml:18:12)."))
        return cases
    }()

    @Test(arguments: brokenCases)
    func brokenFileFails(name: String, text: String, expected: String) async throws {
        // The display case needs another campaign on the same screen.
        let other = Self.base.replacingOccurrences(of: "id: t-campaign", with: "id: other-campaign")
            .replacingOccurrences(of: "id: t-talk", with: "id: other-led").replacingOccurrences(of: "channel: community-event", with: "channel: led-screen")
            .replacingOccurrences(of: "venue: community-yangguang", with: "venue: outlet-wenquan-wenquanlu")
            .replacingOccurrences(of: "start: 2026-12-07 14:30\n    end: 16:00", with: "start: 2026-12-05\n    end: 2026-12-25")
        let runner = try CommandRunner(files: ["bad.yaml": text, "other.yaml": other])
        try runner.copyFromRepository("seeds")
        let paths = name == "display double-booked" ? ["other.yaml", "bad.yaml"] : ["bad.yaml"]
        let result = try await runner.run(["validate"] + paths + ["--seeds", "seeds", "--lang", "en"])
        #expect(result.status == 65, "\(name): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// A count with more digits than allowed is called too large, with the limit, not "not a whole number".
    @Test func targetsTooLargeSayTheLimit() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.write(
            "targets/2027.yaml",
            "year: 2027\ntargets:\n  - branch: xn-xianan\n    period: 2027\n    events: 9223372036854775807\n    person_times: {elderly: -5}\n")
        let result = try await runner.run(["validate", "targets/2027.yaml", "--seeds", "seeds", "--lang", "en"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("targets/2027.yaml:5:13: error: The value '9223372036854775807' for 'events' is too large: at most 999999999999999.\n"), "\(result.stderr)")
        #expect(result.stderr.contains("targets/2027.yaml:6:29: error: The value '-5' is invalid for 'elderly'. Expected a whole number of 0 or more.\n"), "\(result.stderr)")
        let zh = try await runner.run(["validate", "targets/2027.yaml", "--seeds", "seeds", "--lang", "zh"])
        #expect(zh.stderr.contains("targets/2027.yaml:5:13: error: 'events' 的值 '9223372036854775807' 过大：最多为 999999999999999。\n"), "\(zh.stderr)")
    }

    @Test func fileThatIsNotUTF8IsSaidPlainly() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try runner.write("gbk.yaml", Data([0x69, 0x64, 0x3A, 0x20, 0xB2, 0xE2, 0xCA, 0xD4, 0x0A]))  // "id: 测试" in GBK
        let result = try await runner.run(["validate", "gbk.yaml", "--seeds", "seeds", "--lang", "en"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("gbk.yaml:1:5: error: The file is not UTF-8 text: the byte 0xB2 (offset 4) is not valid UTF-8. It reads as GB18030 (the usual encoding of Chinese Windows); convert it with `iconv -f GB18030 -t UTF-8 gbk.yaml > gbk.utf8.yaml`, check the result and use it in place of the file, or save the file as UTF-8 in your editor."))
        // The command given works: the converted file validates as far as its content goes.
        _ = try await runner.runProgram("/bin/sh", ["-c", "iconv -f GB18030 -t UTF-8 gbk.yaml > gbk.utf8.yaml"])
        #expect(try runner.read("gbk.utf8.yaml") == "id: 测试\n")
    }

    @Test func duplicateIDsAcrossFilesAreReported() async throws {
        let runner = try CommandRunner(files: ["a.yaml": Self.base, "b.yaml": Self.base.replacingOccurrences(of: "id: t-campaign", with: "id: t-campaign-2")])
        try runner.copyFromRepository("seeds")
        let result = try await runner.run(["validate", "a.yaml", "b.yaml", "--seeds", "seeds", "--lang", "en"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("b.yaml:8:9: error: Duplicate event id 't-talk'; it is already used at a.yaml:8:9."))
    }

    @Test func warningsDoNotFailValidation() async throws {
        let holiday = Self.base.replacingOccurrences(of: "period: {start: 2026-12-01, end: 2026-12-31}", with: "period: {start: 2026-09-20, end: 2026-12-31}")
            .replacingOccurrences(of: "start: 2026-12-07 14:30", with: "start: 2026-10-02 14:30")
        let runner = try CommandRunner(files: ["holiday.yaml": holiday])
        try runner.copyFromRepository("seeds")
        let result = try await runner.run(["validate", "holiday.yaml", "--seeds", "seeds", "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("holiday.yaml:12:12: warning: The event falls on 2026-10-02, a public holiday (National Day)"))
    }

    @Test func failedImportWritesNothing() async throws {
        let runner = try CommandRunner(files: ["more/bad.yaml": Self.base.replacingOccurrences(of: "end: 16:00", with: "end: 25:00")])
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        let result = try await runner.run(["import", "campaigns", "more", "--lang", "en"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("1 error found; nothing was imported."))
        let list = try await runner.run(["campaign", "list", "--format", "json"])
        #expect(list.stdout == "[]\n")
    }

    @Test func reimportChangesNothingAndEditsAreTracked() async throws {
        let runner = try await imported()
        let again = try await runner.run(["import", "campaigns", "--lang", "en"])
        #expect(again.stdout.contains("(0 added, 0 updated, 4 unchanged); events: 0 added, 0 updated,"))
        #expect(again.stdout.contains("0 cancelled because they left their file."))
        // Edit one event and remove another.
        var text = try runner.read("campaigns/2026-2027-households.yaml")
        text = text.replacingOccurrences(of: "title: 桂花社区防范电信网络诈骗宣讲", with: "title: 桂花社区防范电信网络诈骗专题宣讲")
        try runner.write("campaigns/2026-2027-households.yaml", text)
        let edited = try await runner.run(["import", "campaigns", "--lang", "en"])
        #expect(edited.stdout.contains("events: 0 added, 1 updated,"), "\(edited.stdout)")
        let show = try await runner.run(["event", "show", "hh-guihua-talk-20261205", "--format", "json"])
        #expect(show.stdout.contains("\"title\": \"桂花社区防范电信网络诈骗专题宣讲\""))
    }

    @Test func removedEventIsCancelledNotDeleted() async throws {
        let runner = try await imported()
        let path = "campaigns/2026-2027-households.yaml"
        let text = try runner.read(path)
        let lines = text.components(separatedBy: "\n")
        // Drop the event whose id is hh-guanqiao-village-20261212 (its lines up to the next "  - id:").
        guard let start = lines.firstIndex(where: { $0.contains("id: hh-guanqiao-village-20261212") }) else {
            Issue.record("fixture event missing")
            return
        }
        let end = lines[(start + 1)...].firstIndex(where: { $0.hasPrefix("  - id:") }) ?? lines.count
        try runner.write(path, (lines[..<start] + lines[end...]).joined(separator: "\n"))
        let result = try await runner.run(["import", "campaigns", "--lang", "en"])
        #expect(result.stdout.contains("1 cancelled because they left their file."), "\(result.stdout)\(result.stderr)")
        let show = try await runner.run(["event", "show", "hh-guanqiao-village-20261212", "--lang", "en"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("Status: cancelled (removed from its campaign file)"))
        let plan = try await runner.run(["plan", "--from", "2026-12-12", "--to", "2026-12-12", "--status", "cancelled", "--format", "csv"])
        #expect(plan.stdout.contains("hh-guanqiao-village-20261212"))
    }

    @Test func planShowsTheNextTwoWeeks() async throws {
        let runner = try await imported()
        let result = try await runner.run(["plan", "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Date "))
        #expect(result.stdout.contains("2026-12-05 Sat  09:30–11:00"))
        #expect(result.stdout.contains("events from 2026-11-29 to 2026-12-12.\n"))
        let zh = try await runner.run(["plan"])
        #expect(zh.stdout.hasPrefix("日期 "))
        #expect(zh.stdout.contains("桂花社区防范电信网络诈骗宣讲"))
    }

    @Test func aClockFixedWronglyIsRefusedNotReplacedByTheRealOne() async throws {
        let runner = try await imported()
        let result = try await runner.run(
            ["plan", "--lang", "en"], environment: ["OUTREACH_NOW": "2026-12-05T18:00:00+08:00 # the tour's day"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Error: The environment variable OUTREACH_NOW is '2026-12-05T18:00:00+08:00 # the tour's day', which is not a time. Write an ISO 8601 time, e.g. '2026-12-05T18:00:00+08:00', or unset it to use the real clock.\n")
        let unset = try await runner.run(["plan", "--lang", "en"], environment: ["OUTREACH_NOW": ""])
        #expect(unset.status == 0)
    }

    @Test func emptyWindowSaysSoAndShowsWhatIsNext() async throws {
        let runner = try await imported()
        let result = try await runner.run(["plan", "--from", "2028-06-01", "--to", "2028-06-10", "--lang", "en"])
        #expect(result.stdout == "No events from 2028-06-01 to 2028-06-10.\n")
        let gap = try await runner.run(["plan", "--from", "2027-07-20", "--to", "2027-07-25", "--lang", "en", "--campaign", "2027-autumn-campus"])
        #expect(gap.stdout.hasPrefix("No events from 2027-07-20 to 2027-07-25.\nNext upcoming events:\nDate"))
    }

    @Test func planFiltersAndFormats() async throws {
        let runner = try await imported()
        let csv = try await runner.run(["plan", "--from", "2027-03-01", "--to", "2027-03-31", "--branch", "xn-chibi", "--format", "csv", "--lang", "en"])
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "event,title,campaign,campaign_title,channel,channel_name,venue,venue_name,branch,branch_name,start,end,all_day,time_zone,status,staff,expected_reach")
        #expect(lines.count > 1)
        #expect(lines.dropFirst().allSatisfy { $0.contains(",xn-chibi") })
        #expect(!csv.stdout.hasPrefix("\u{FEFF}"))
        #expect(try await runner.run(["plan", "--from", "2027-03-01", "--to", "2027-03-31", "--format", "csv", "--output", "plan.csv"]).status == 0)
        #expect(try Data(contentsOf: runner.directory.appendingPathComponent("plan.csv")).starts(with: Array("\u{FEFF}活动编号,".utf8)))
        let json = try await runner.run(["plan", "--from", "2027-03-01", "--to", "2027-03-31", "--channel", "led-screen", "--format", "json"])
        let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((items?.count ?? 0) > 0)
        #expect(items?.allSatisfy { $0["channel"] as? String == "led-screen" } == true)
    }

    @Test(arguments: [
        (["plan", "--from", "2025-13-01"], "Error: The value '2025-13-01' is invalid for '--from' (there is no month 13). Expected a date like '2027-03-15', '2027-3-15' or '2027/3/15'."),
        (["plan", "--branch", "xn-chbi"], "Error: Unknown branch 'xn-chbi' for '--branch'. Did you mean 'xn-chibi'?"),
        (["plan", "--format", "pdf"], "Error: The value 'pdf' is invalid for '--format <format>'"),
        (["event", "show", "hh-guihua-talk-2026125"], "Error: No event with id 'hh-guihua-talk-2026125'. Did you mean 'hh-guihua-talk-20261205'?"),
        (["campaign", "show", "2027-315"], "Error: No campaign with id '2027-315'."),
        (["validate", "nosuch"], "Error: No such file or folder 'nosuch'."),
    ])
    func usageErrorsExit64(arguments: [String], expected: String) async throws {
        let runner = try await imported()
        let result = try await runner.run(arguments + ["--lang", "en"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test func eventStatusChanges() async throws {
        let runner = try await imported()
        let confirm = try await runner.run(["event", "confirm", "hh-chibi-yanhe-talk-20261210", "--lang", "en"])
        #expect(confirm.status == 0)
        #expect(confirm.stdout.hasSuffix("→ confirmed\n"))
        // Not before its first day (the runner's today is 2026-11-29): refused like any other status change.
        let early = try await runner.run(["event", "done", "hh-chibi-yanhe-talk-20261210", "--lang", "en"])
        #expect(early.status == 64)
        #expect(early.stderr.contains("Error: Event 'hh-chibi-yanhe-talk-20261210' cannot be marked done before its first day, 2026-12-10 (today is 2026-11-29)."), "\(early.stderr)")
        let earlyZh = try await runner.run(["event", "done", "hh-chibi-yanhe-talk-20261210", "--lang", "zh"])
        #expect(earlyZh.stderr.contains("活动场次 'hh-chibi-yanhe-talk-20261210' 的第一天是 2026-12-10，今天是 2026-11-29，在此之前不能标记为“已完成”。"))
        let held = try await runner.run(
            ["event", "done", "hh-chibi-yanhe-talk-20261210"], environment: ["OUTREACH_NOW": "2026-12-10T16:00:00+08:00"])
        #expect(held.status == 0, "\(held.stderr)")
        let cancel = try await runner.run(["event", "cancel", "hh-chibi-yanhe-talk-20261210", "--lang", "en"])
        #expect(cancel.status == 64)
        #expect(cancel.stderr.contains("Error: Event 'hh-chibi-yanhe-talk-20261210' is done and cannot be marked cancelled."))
        // Re-importing the unchanged file keeps the status set by staff.
        _ = try await runner.run(["import", "campaigns"])
        let show = try await runner.run(["event", "show", "hh-chibi-yanhe-talk-20261210", "--lang", "en"])
        #expect(show.stdout.contains("Status: done (the file says planned)"))
    }

    @Test func cloneMovesACampaignToAnotherYear() async throws {
        let runner = try await imported()
        let result = try await runner.run(["campaign", "clone", "2027-315-xianning", "--year", "2028", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Wrote campaigns/2028-315-xianning.yaml: campaign 2028-315-xianning"))
        let text = try runner.read("campaigns/2028-315-xianning.yaml")
        #expect(text.contains("period: {start: 2028-03-08, end: 2028-03-21}"))
        #expect(text.contains("start: 2028-03-15"))
        #expect(result.stderr.contains("No State Council holiday notice loaded for 2028"))
        // The clone validates and imports next to the original.
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        let again = try await runner.run(["campaign", "clone", "2027-315-xianning", "--year", "2028", "--lang", "en"])
        #expect(again.status == 64)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func cloneKeepsWeekdaysOfWeeklyEvents() async throws {
        let runner = try await imported()
        let result = try await runner.run(["campaign", "clone", "2027-autumn-campus", "--year", "2028", "--output", "autumn-2028.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let original = try await runner.run(["campaign", "show", "2027-autumn-campus", "--format", "json"])
        let copy = try runner.read("autumn-2028.yaml")
        let originalItems = try JSONSerialization.jsonObject(with: Data(original.stdout.utf8)) as? [String: Any]
        let events = originalItems?["events"] as? [[String: Any]] ?? []
        let weekly = events.filter { ($0["repeat"] as? String)?.contains("WEEKLY") == true }
        #expect(!weekly.isEmpty)
        for event in weekly {
            guard let start = event["start"] as? String, let id = event["id"] as? String else { continue }
            let newID = id.replacingOccurrences(of: "2027", with: "2028")
            guard let block = copy.components(separatedBy: "  - id: ").first(where: { $0.hasPrefix(newID + "\n") || $0.hasPrefix(id + "-2028\n") }),
                let line = block.components(separatedBy: "\n").first(where: { $0.hasPrefix("    start: ") })
            else {
                Issue.record("no clone of \(id)")
                continue
            }
            let newStart = String(line.dropFirst("    start: ".count))
            #expect(weekday(String(start.prefix(10))) == weekday(String(newStart.prefix(10))), "\(id): \(start) → \(newStart)")
        }
    }

    func weekday(_ date: String) -> Int? {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let value = formatter.date(from: date) else { return nil }
        return Calendar(identifier: .gregorian).component(.weekday, from: value)
    }

    @Test func campaignListAndShow() async throws {
        let runner = try await imported()
        let list = try await runner.run(["campaign", "list", "--lang", "en"])
        #expect(list.stdout.contains("2027-315-xianning"))
        #expect(list.stdout.hasPrefix("ID "))
        let show = try await runner.run(["campaign", "show", "2027-315-xianning"])
        #expect(show.stdout.contains("类型: "))
        #expect(show.stdout.contains("2027-03-08 – 2027-03-21"))
    }

    @Test func databaseLocationComesFromFlagOrEnvironment() async throws {
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init", "--database", "a.sqlite"]).status == 0)
        #expect(runner.exists("a.sqlite"))
        #expect(try await runner.run(["init"], environment: ["OUTREACH_DATABASE": "b.sqlite"]).status == 0)
        #expect(runner.exists("b.sqlite"))
        #expect(!runner.exists("outreach.sqlite"))
        let missing = try await runner.run(["plan", "--lang", "en"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error: The database 'outreach.sqlite' does not exist. Run 'outreach init' first.\n")
    }

    @Test func languageComesFromTheEnvironment() async throws {
        let runner = try await imported()
        #expect(try await runner.run(["plan"], environment: ["LANG": "en_US.UTF-8"]).stdout.hasPrefix("Date"))
        #expect(try await runner.run(["plan"], environment: ["LANG": "zh_CN.UTF-8"]).stdout.hasPrefix("日期"))
        #expect(try await runner.run(["plan"], environment: ["OUTREACH_LANG": "en", "LANG": "zh_CN.UTF-8"]).stdout.hasPrefix("Date"))
    }

    @Test(arguments: [
        ["--help"], ["init", "--help"], ["validate", "--help"], ["import", "--help"], ["plan", "--help"],
        ["campaign", "list", "--help"], ["campaign", "show", "--help"], ["campaign", "clone", "--help"],
        ["event", "show", "--help"], ["event", "confirm", "--help"], ["event", "done", "--help"], ["event", "cancel", "--help"],
    ])
    func everyCommandHasHelpWithExamples(arguments: [String]) async throws {
        let result = try await CommandRunner().run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains("示例："), "\(arguments)")
        #expect(try await CommandRunner().run(arguments + ["--lang", "en"]).stdout.contains("Example"), "\(arguments)")
        #expect(result.stdout.contains("outreach "))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScripts(shell: String) async throws {
        let result = try await CommandRunner().run(["--generate-completion-script", shell])
        #expect(result.status == 0)
        #expect(result.stdout.contains("plan"))
        #expect(result.stdout.contains("campaign"))
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() async throws {
        let runner = try await imported()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("/usr/bin/script (bsdutils) is needed to run the command on a pseudo-terminal")
            return
        }
        let command = "\(runner.executable.path) plan --lang en"
        let coloured = try await runner.runShell("script -qec '\(command)' /dev/null", environment: [:])
        #expect(coloured.contains("\u{1B}[32m"))
        let plain = try await runner.runShell("NO_COLOR=1 script -qec '\(command)' /dev/null", environment: [:])
        #expect(plain.contains("confirmed"))
        #expect(!plain.contains("\u{1B}["))
    }
}

extension CommandRunner {
    /// Runs a shell command line in the folder (for a pseudo-terminal via `script`), without NO_COLOR.
    func runShell(_ line: String, environment: [String: String]) async throws -> String {
        let outcome = try await ChildProcess.run(
            "/bin/sh", arguments: ["-c", line],
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8",
                "OUTREACH_NOW": "2026-11-29T09:00:00+08:00", "TERM": "xterm",
            ].merging(environment) { $1 },
            workingDirectory: directory.path, timeout: .seconds(120))
        return outcome.standardOutput
    }
}
