import Foundation
import OutreachTestSupport
import Testing

/// What a newcomer meets in the first hour at the command line (issue 8, section 4).
@Suite(.timeLimit(.minutes(5)))
struct FirstHourTests {
    /// A runner with the shipped seeds, campaigns and targets imported.
    func imported() async throws -> CommandRunner {
        let runner = try CommandRunner()
        for name in ["seeds", "campaigns", "targets"] { try runner.copyFromRepository(name) }
        #expect(try await runner.run(["init"]).status == 0)
        let result = try await runner.run(["import", "campaigns", "targets"])
        #expect(result.status == 0, "\(result.stderr)")
        return runner
    }

    // MARK: plan --campaign, empty exports

    @Test func campaignPlanCoversTheCampaignsPeriod() async throws {
        let runner = try await imported()
        // The clock is 2026-11-29, months before the campaign: the window is still the campaign's period.
        let ics = try await runner.run(["plan", "--campaign", "2027-315-xianning", "--format", "ics", "--output", "315.ics"])
        #expect(ics.status == 0)
        #expect(ics.stderr == "")
        let calendar = try runner.read("315.ics")
        #expect(calendar.components(separatedBy: "BEGIN:VEVENT").count - 1 == 19)
        #expect(calendar.contains("DTSTART;VALUE=DATE:20270308"))
        let table = try await runner.run(["plan", "--campaign", "2027-315-xianning", "--lang", "en"])
        #expect(table.stdout.hasSuffix("events from 2027-03-08 to 2027-03-21.\n"), "\(table.stdout)")
        // --from alone still runs 14 days.
        let from = try await runner.run(["plan", "--campaign", "2027-315-xianning", "--from", "2027-03-15", "--lang", "en"])
        #expect(from.stdout.hasSuffix("from 2027-03-15 to 2027-03-21.\n"), "\(from.stdout)")
        let to = try await runner.run(["plan", "--campaign", "2027-315-xianning", "--to", "2027-03-10", "--lang", "en"])
        #expect(to.stdout.hasSuffix("from 2027-03-08 to 2027-03-10.\n"), "\(to.stdout)")
    }

    @Test(arguments: ["ics", "csv", "json", "md"])
    func emptyExportSaysSoOnStandardError(format: String) async throws {
        let runner = try await imported()
        let en = try await runner.run(
            ["plan", "--campaign", "2027-315-xianning", "--from", "2027-04-01", "--to", "2027-04-10", "--format", format,
             "--output", "out.\(format)", "--lang", "en"])
        #expect(en.status == 0)
        #expect(
            en.stderr
                == "No events from 2027-04-01 to 2027-04-10 match, so out.\(format) holds none. The campaign 2027-315-xianning runs from 2027-03-08 to 2027-03-21.\n"
        )
        let zh = try await runner.run(["plan", "--from", "2028-06-01", "--to", "2028-06-02", "--format", format])
        #expect(zh.stderr == "2028-06-01 至 2028-06-02 没有符合条件的活动场次，输出不含任何活动。\n")
    }

    // MARK: plan CSV

    @Test func planCSVGivesNamesWithIDsInTheirOwnColumns() async throws {
        let runner = try await imported()
        let zh = try await runner.run(["plan", "--from", "2027-03-14", "--to", "2027-03-14", "--branch", "xn-chibi", "--format", "csv"])
        let lines = zh.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "活动编号,活动,宣传活动编号,宣传活动,渠道编号,渠道,场地编号,场地,机构编号,机构,开始,结束,全天,时区,状态,人员,预计触达")
        let row = try #require(lines.first { $0.hasPrefix("315-bd-chibi-street,") })
        #expect(row.contains(",2027-315-xianning,2027年\"\"3·15\"\"金融消费者权益保护教育宣传周,") || row.contains(",2027-315-xianning,\"2027年"))
        #expect(row.contains(",business-district-event,商圈宣传,bd-chibi-street,赤壁商业步行街,xn-chibi-renmin,人民路网点,"), "\(row)")
        #expect(row.contains(",否,Asia/Shanghai,计划,"), "\(row)")
        let en = try await runner.run(["plan", "--from", "2027-03-14", "--to", "2027-03-14", "--format", "csv", "--lang", "en"])
        #expect(
            en.stdout.hasPrefix(
                "event,title,campaign,campaign_title,channel,channel_name,venue,venue_name,branch,branch_name,start,end,all_day,time_zone,status,staff,expected_reach\r\n"
            ))
        #expect(en.stdout.contains(",false,Asia/Shanghai,planned,"))
    }

    // MARK: date flags

    @Test func dateFlagsTakeShortAndSlashedDates() async throws {
        let runner = try await imported()
        let canonical = try await runner.run(["plan", "--from", "2027-03-01", "--to", "2027-03-09", "--format", "json"])
        #expect(canonical.status == 0)
        // Dots, and full-width digits as a Chinese input method types them, too.
        for (from, to) in [("2027-3-1", "2027-3-9"), ("2027/3/1", "2027/03/09"), ("2027.3.1", "2027.3.9"), ("２０２７－３－１", "２０２７/３/９")] {
            let plan = try await runner.run(["plan", "--from", from, "--to", to, "--format", "json"])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout == canonical.stdout)
            let report = try await runner.run(["report", "--from", from, "--to", to, "--format", "json"])
            #expect(report.status == 0, "\(report.stderr)")
        }
        // A month given as 2027-3, 2027/3 or 2027.3 is 2027-03.
        let march = try await runner.run(["report", "--month", "2027-03", "--format", "json"])
        #expect(march.status == 0, "\(march.stderr)")
        for month in ["2027-3", "2027/3", "2027.3", "２０２７－３"] {
            let report = try await runner.run(["report", "--month", month, "--format", "json"])
            #expect(report.status == 0, "\(report.stderr)")
            #expect(report.stdout == march.stdout)
        }
        let bulletin = try await runner.run(["report", "bulletin", "--month", "2027.3"])
        #expect(bulletin.status == 0, "\(bulletin.stderr)")
        #expect(bulletin.stdout.hasPrefix("已写入 bulletins/2027-03-xn-city.md"), "\(bulletin.stdout)")
        let scorecard = try await runner.run(["report", "scorecard", "--month", "2027/3", "--format", "json"])
        #expect(scorecard.status == 0, "\(scorecard.stderr)")
        let badMonth = try await runner.run(["report", "--month", "2027-13", "--lang", "en"])
        #expect(badMonth.status == 64)
        #expect(badMonth.stderr.hasPrefix("Error: The value '2027-13' is invalid for '--month'. Expected a value like '2027-03', in the years 2000 to 2100.\n"))
        // A day past the month's end says why.
        let bad = try await runner.run(["plan", "--from", "2027-2-30", "--lang", "en"])
        #expect(bad.status == 64)
        #expect(
            bad.stderr.hasPrefix(
                "Error: The value '2027-2-30' is invalid for '--from' (February 2027 has 28 days). Expected a date like '2027-03-15', '2027-3-15' or '2027/3/15'.\n"
            ), "\(bad.stderr)")
        let february = try await runner.run(["report", "--to", "2027-02-30"])
        #expect(february.status == 64)
        #expect(
            february.stderr.hasPrefix(
                "错误：'--to' 的值 '2027-02-30' 无效（2027 年 2 月只有 28 天）。应为日期，例如 '2027-03-15'、'2027-3-15' 或 '2027/3/15'。\n"),
            "\(february.stderr)")
        let zh = try await runner.run(["plan", "--from", "2027/13/1"])
        #expect(zh.stderr.hasPrefix("错误：'--from' 的值 '2027/13/1' 无效（不存在 13 月）。应为日期，例如 '2027-03-15'、'2027-3-15' 或 '2027/3/15'。\n"), "\(zh.stderr)")
        let log = try await runner.run(
            ["reach", "log", "hh-guihua-talk-20261205", "参与人数=46", "--date", "2026/12/5"],
            environment: ["OUTREACH_NOW": "2026-12-06T09:00:00+08:00"])
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stdout.contains("hh-guihua-talk-20261205 2026-12-05 新增 1 项"))
        // Full-width digits in the count and the date, as typed on a Chinese input method.
        let wide = try await runner.run(
            ["reach", "log", "hh-guihua-talk-20261205", "咨询人次=１２", "--date", "２０２６．１２．５"],
            environment: ["OUTREACH_NOW": "2026-12-06T09:00:00+08:00"])
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(wide.stdout.contains("hh-guihua-talk-20261205 2026-12-05 新增 1 项"), "\(wide.stdout)")
        // The same count in ASCII digits changes nothing: the full-width one was stored as 12.
        let ascii = try await runner.run(
            ["reach", "log", "hh-guihua-talk-20261205", "咨询人次=12", "--date", "2026-12-05"],
            environment: ["OUTREACH_NOW": "2026-12-06T09:00:00+08:00"])
        #expect(ascii.stdout.contains("新增 0 项，更正 0 项，未变 1 项"), "\(ascii.stdout)")
    }

    // MARK: reach log without --date

    @Test func reachLogWithoutADateOnADayTheEventDoesNotHappenIsRefused() async throws {
        let runner = try await imported()
        let en = try await runner.run(["reach", "log", "hh-guihua-talk-20261205", "参与人数=46", "咨询人次=12", "--lang", "en"])
        #expect(en.status == 64)
        #expect(en.stdout == "")
        #expect(
            en.stderr
                == "Error: No '--date' was given, and today (2026-11-29) is not a day of event 'hh-guihua-talk-20261205'. Its nearest occurrences: 2026-12-05. Give the day with '--date', e.g. '--date 2026-12-05'.\n"
        )
        // A weekly event lists the occurrences on both sides of today.
        let weekly = try await runner.run(["reach", "log", "hh-harbour-wenquanlu-weekly", "参与人数=5"])
        #expect(weekly.status == 64)
        #expect(
            weekly.stderr
                == "错误：没有给出 '--date'，而今天（2026-11-29）不是活动场次 'hh-harbour-wenquanlu-weekly' 举办的日子。最近的场次：2026-12-03、2026-12-10。请用 '--date' 指定日期，例如 '--date 2026-12-03'。\n"
        )
        // Later, the occurrences on both sides of today, the last one before it as the example.
        let later = try await runner.run(
            ["reach", "log", "hh-harbour-wenquanlu-weekly", "参与人数=5", "--lang", "en"],
            environment: ["OUTREACH_NOW": "2026-12-20T09:00:00+08:00"])
        #expect(later.status == 64)
        #expect(
            later.stderr
                == "Error: No '--date' was given, and today (2026-12-20) is not a day of event 'hh-harbour-wenquanlu-weekly'. Its nearest occurrences: 2026-12-10, 2026-12-17, 2026-12-24, 2026-12-31. Give the day with '--date', e.g. '--date 2026-12-17'.\n"
        )
        // Nothing was recorded.
        #expect(try await runner.run(["reach", "batches", "--format", "json"]).stdout == "[]\n")
    }

    @Test func reachLogWithoutADateOnTheEventsDayRecordsToday() async throws {
        let runner = try await imported()
        let result = try await runner.run(
            ["reach", "log", "hh-guihua-talk-20261205", "参与人数=46", "咨询人次=12", "--segment", "elderly"],
            environment: ["OUTREACH_NOW": "2026-12-05T18:00:00+08:00"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout == "已登记批次 1：hh-guihua-talk-20261205 2026-12-05 新增 2 项，更正 0 项，未变 0 项。\n")
    }

    @Test func aDateStillToComeIsRefusedUnlessAllowed() async throws {
        let runner = try await imported()
        let refused = try await runner.run(
            ["reach", "log", "hh-guihua-talk-20261205", "参与人数=46", "--date", "2026-12-05", "--lang", "en"])
        #expect(refused.status == 64)
        #expect(
            refused.stderr
                == "Error: The date '2026-12-05' is after today (2026-11-29): reach cannot be logged for a day still to come. Add '--allow-future' to record it anyway.\n"
        )
        #expect(try await runner.run(["reach", "batches", "--format", "json"]).stdout == "[]\n")
        let allowed = try await runner.run(
            ["reach", "log", "hh-guihua-talk-20261205", "参与人数=46", "--date", "2026-12-05", "--allow-future"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test func eachWarningIsPrintedOnce() async throws {
        let runner = try await imported()
        // 2026-12-04 is not a day of the talk: one warning, though two metrics are given.
        let result = try await runner.run(
            ["reach", "log", "hh-guihua-talk-20261205", "参与人数=46", "咨询人次=12", "--date", "2026-12-04", "--lang", "en"],
            environment: ["OUTREACH_NOW": "2026-12-05T18:00:00+08:00"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "Warning: Event 'hh-guihua-talk-20261205' is not scheduled on 2026-12-04.\n")
    }

    // MARK: misspelt commands, one error prefix

    @Test(arguments: [
        (["plna"], "错误：未知命令 'plna'。您是不是要找 'plan'？\n", "Error: Unknown command 'plna'. Did you mean 'plan'?\n"),
        (["report", "scorcard"], "错误：未知命令 'scorcard'。您是不是要找 'scorecard'？\n", "Error: Unknown command 'scorcard'. Did you mean 'scorecard'?\n"),
        (["notify", "tagrets"], "错误：未知命令 'tagrets'。您是不是要找 'targets'？\n", "Error: Unknown command 'tagrets'. Did you mean 'targets'?\n"),
        (
            ["xyzzy"],
            "错误：未知命令 'xyzzy'。'outreach' 的命令有：init、validate、import、plan、campaign、event、export、reach、report、notify、worker、user、serve、feed、token、migrate。详见 'outreach --help'。\n",
            "Error: Unknown command 'xyzzy'. The commands of 'outreach' are init, validate, import, plan, campaign, event, export, reach, report, notify, worker, user, serve, feed, token, migrate. See 'outreach --help'.\n"
        ),
    ])
    func misspeltCommandGetsTheNearestOne(arguments: [String], zh: String, en: String) async throws {
        let runner = try CommandRunner()
        let chinese = try await runner.run(arguments)
        #expect(chinese.status == 64)
        #expect(chinese.stdout == "")
        #expect(chinese.stderr == zh)
        let english = try await runner.run(arguments + ["--lang", "en"])
        #expect(english.status == 64)
        #expect(english.stderr == en)
        let fromEnvironment = try await runner.run(arguments, environment: ["LANG": "en_US.UTF-8"])
        #expect(fromEnvironment.stderr == en)
    }

    @Test func parserErrorsUseTheLanguagesPrefix() async throws {
        let runner = try CommandRunner()
        let zh = try await runner.run(["event", "show"])
        #expect(zh.status == 64)
        #expect(zh.stderr.hasPrefix("错误：缺少参数 '<id>'\n"), "\(zh.stderr)")
        #expect(zh.stderr.contains("\n用法：outreach event show"))
        #expect(!zh.stderr.contains("Error:"))
        let en = try await runner.run(["event", "show", "--lang", "en"])
        #expect(en.stderr.hasPrefix("Error: Missing expected argument '<id>'\n"))
        #expect(en.stderr.contains("\nUsage: outreach event show"))
        // argument-parser's other messages in Chinese too, the values listed as the tool lists them.
        let unknown = try await runner.run(["plan", "--form", "2027-03-01"])
        #expect(unknown.stderr.hasPrefix("错误：未知选项 '--form'。是否应为 '--from'？\n"), "\(unknown.stderr)")
        let value = try await runner.run(["plan", "--format", "pdf"])
        #expect(value.stderr.hasPrefix("错误：'--format <format>' 的值 'pdf' 无效。请使用 'table'、'json'、'csv'、'md' 或 'ics'。\n"), "\(value.stderr)")
        let missing = try await runner.run(["plan", "--from"])
        #expect(missing.stderr.hasPrefix("错误：选项 '--from <date>' 缺少值\n"), "\(missing.stderr)")
        let extra = try await runner.run(["event", "show", "a", "b"])
        #expect(extra.stderr.hasPrefix("错误：多余的参数 'b'\n"), "\(extra.stderr)")
        // --lang and --database before the command are read too.
        let before = try await runner.run(["--lang", "en", "--database", "elsewhere.sqlite", "plan"])
        #expect(before.stderr.hasPrefix("Error: The database 'elsewhere.sqlite' does not exist."), "\(before.stderr)")
        let misspeltAfter = try await runner.run(["--lang=en", "plna"])
        #expect(misspeltAfter.stderr == "Error: Unknown command 'plna'. Did you mean 'plan'?\n")
        let misspeltSubcommand = try await runner.run(["--lang", "en", "report", "scorcard"])
        #expect(misspeltSubcommand.stderr == "Error: Unknown command 'scorcard'. Did you mean 'scorecard'?\n")
        let between = try await runner.run(["report", "--lang=en", "scorcard"])
        #expect(between.stderr == "Error: Unknown command 'scorcard'. Did you mean 'scorecard'?\n")
        // The same prefix as the tool's own errors.
        let own = try await runner.run(["plan"])
        #expect(own.stderr.hasPrefix("错误：数据库 'outreach.sqlite' 不存在。"))
    }

    // MARK: notices without a configuration

    @Test func scorecardWithNotifyAndNoConfigurationStillShowsTheScorecard() async throws {
        let runner = try await imported()
        let plain = try await runner.run(["report", "scorecard", "--quarter", "2027-Q1", "--lang", "en"])
        let result = try await runner.run(["report", "scorecard", "--quarter", "2027-Q1", "--notify", "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.stdout == plain.stdout)
        #expect(!result.stdout.isEmpty)
        #expect(
            result.stderr
                == "No off-track alert was queued: No notify configuration: 'outreach.yaml' was not found, so no notices are scheduled. Copy outreach.example.yaml to outreach.yaml and edit it; see docs/notifications.md.\n"
        )
    }

    @Test func bulletinPublishWithoutConfigurationSaysNoNoticeWasQueued() async throws {
        let runner = try await imported()
        let result = try await runner.run(["report", "bulletin", "--month", "2026-11", "--publish"])
        #expect(result.status == 0)
        #expect(result.stdout == "已写入 bulletins/2026-11-xn-city.md 和 bulletins/2026-11-xn-city.html。\n已发布 2026-11 专刊。\n")
        #expect(
            result.stderr
                == "未排队发布通知：未找到通知配置文件 'outreach.yaml'，因此不会安排任何通知。可把 outreach.example.yaml 复制为 outreach.yaml 再修改；说明见 docs/notifications.md。\n"
        )
    }

    @Test func theExampleConfigurationWorksAsShipped() async throws {
        let groups = try FakeGroups()
        defer { groups.server.stop() }
        let runner = try CommandRunner()
        try runner.copyFromRepository("seeds")
        try FileManager.default.copyItem(
            at: CommandRunner.repositoryRoot.appendingPathComponent("outreach.example.yaml"),
            to: runner.directory.appendingPathComponent("outreach.yaml"))
        #expect(try await runner.run(["init"]).status == 0)
        let environment = ["OUTREACH_WECOM_EAST": groups.environment["OUTREACH_WECOM_EAST"] ?? ""]
        let targets = try await runner.run(["notify", "targets", "--lang", "en"], environment: environment)
        #expect(targets.status == 0, "\(targets.stderr)")
        #expect(targets.stdout.contains("quiet hours: 22:00-08:00"))
        #expect(targets.stdout.contains("城东支行群"))
        let test = try await runner.run(["notify", "test", "城东支行群", "--lang", "en"], environment: environment)
        #expect(test.status == 0, "\(test.stderr)")
        #expect(groups.server.deliveries.contains { $0.platform == "wecom" && $0.accepted })
        // Without the variable, the target is listed as stopped, naming the variable (never a value).
        let missing = try await runner.run(["notify", "targets", "--lang", "en"])
        #expect(missing.status == 0)
        #expect(
            missing.stderr
                == "Warning: Sending to '城东支行群' is stopped: the environment variable 'OUTREACH_WECOM_EAST' named in 'key_env' is not set. Notices for it are queued as usual; 'outreach worker' sends them once it is set.\n"
        )
        #expect(missing.stdout.contains("(OUTREACH_WECOM_EAST not set)"), "\(missing.stdout)")
    }

    /// The example configuration with its variable not set: what only queues notices works and says sending is
    /// stopped; what sends refuses, naming the target and the variable.
    @Test func anUnsetVariableStopsOnlySending() async throws {
        let runner = try await imported()
        try FileManager.default.copyItem(
            at: CommandRunner.repositoryRoot.appendingPathComponent("outreach.example.yaml"),
            to: runner.directory.appendingPathComponent("outreach.yaml"))
        let stopped =
            "警告：通知目标 '城东支行群' 暂停发送：'key_env' 指定的环境变量 'OUTREACH_WECOM_EAST' 未设置。通知照常排队，设置后由 'outreach worker' 发送。\n"
        // Importing plans reminders.
        let imported = try await runner.run(["import", "campaigns", "targets"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains(stopped), "\(imported.stderr)")
        let bulletin = try await runner.run(["report", "bulletin", "--month", "2026-11", "--publish"])
        #expect(bulletin.status == 0, "\(bulletin.stderr)")
        #expect(bulletin.stderr == stopped)
        #expect(bulletin.stdout.contains("已发布 2026-11 专刊。"), "\(bulletin.stdout)")
        let scorecard = try await runner.run(["report", "scorecard", "--quarter", "2027-Q1", "--notify"])
        #expect(scorecard.status == 0, "\(scorecard.stderr)")
        #expect(scorecard.stderr.hasPrefix(stopped), "\(scorecard.stderr)")
        let queue = try await runner.run(["notify", "queue", "--format", "json"])
        #expect(queue.stdout.contains(#""kind": "bulletin-published""#), "\(queue.stdout)")
        // Sending refuses, exit 1.
        let refusal = "Cannot send to '城东支行群': the environment variable 'OUTREACH_WECOM_EAST' named in 'key_env' is not set. Set it and run again; until then notices are queued as usual.\n"
        for command in [["worker", "--once"], ["notify", "test", "城东支行群"], ["notify", "send", "--kind", "test", "--to", "城东支行群"]] {
            let sent = try await runner.run(command + ["--lang", "en"])
            #expect(sent.status == 1, "\(command)")
            #expect(sent.stderr == "Error: " + refusal, "\(command): \(sent.stderr)")
            #expect(sent.stdout == "")
        }
        let worker = try await runner.run(["worker", "--once"])
        #expect(worker.stderr == "错误：无法发送到 '城东支行群'：'key_env' 指定的环境变量 'OUTREACH_WECOM_EAST' 未设置。请设置后再运行；在此之前通知照常排队。\n")
        #expect(try await runner.run(["notify", "queue", "--format", "json"]).stdout == queue.stdout)
    }

    // MARK: help

    @Test func helpFollowsTheLanguage() async throws {
        let runner = try CommandRunner()
        let zh = try await runner.run(["plan", "--help"])
        #expect(zh.status == 0)
        #expect(zh.stdout.hasPrefix("概述：列出时间段内的活动场次（默认：未来 14 天）。\n"))
        #expect(zh.stdout.contains("\n示例：\n"))
        #expect(zh.stdout.contains("\n选项：\n"))
        #expect(zh.stdout.contains("  --from <date>           第一天，如 2027-03-01"))
        #expect(!zh.stdout.contains("Recurring events"))
        #expect(!zh.stdout.contains("OVERVIEW"))
        let en = try await runner.run(["plan", "--help"], environment: ["OUTREACH_LANG": "en"])
        #expect(en.stdout.hasPrefix("OVERVIEW: List the events in a window (default: the next 14 days).\n"))
        #expect(en.stdout.contains("\nExamples:\n"))
        #expect(!en.stdout.contains("列出"))
        let lang = try await runner.run(["plan", "--help", "--lang", "en"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(lang.stdout == en.stdout)
        // `outreach help …` follows --lang too.
        let viaHelp = try await runner.run(["help", "plan", "--lang", "en"])
        #expect(viaHelp.status == 0)
        #expect(viaHelp.stdout == en.stdout)
        let root = try await runner.run(["--help"], environment: ["LANG": "en_US.UTF-8"])
        #expect(root.stdout.contains("  plan                    List the events in a window (default: the next 14\n                          days).\n"))
    }

    @Test func configShowsOnlyWhereItIsRead() async throws {
        let runner = try CommandRunner()
        for path in [
            ["init"], ["validate"], ["plan"], ["campaign", "show"], ["event", "show"], ["reach", "log"], ["reach", "import"],
            ["report", "totals"], ["notify", "retry"],
        ] {
            let help = try await runner.run(path + ["--help", "--lang", "en"])
            #expect(!help.stdout.contains("--config"), "\(path)")
        }
        for path in [["import"], ["event", "confirm"], ["report", "scorecard"], ["report", "bulletin"], ["notify", "targets"], ["worker"]] {
            let help = try await runner.run(path + ["--help", "--lang", "en"])
            #expect(help.stdout.contains("--config <path>"), "\(path)")
        }
        let refused = try await runner.run(["plan", "--config", "x.yaml", "--lang", "en"])
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("Error: Unknown option '--config'"))
    }

    @Test func optionDescriptionsAgreeWithTheirValues() async throws {
        let runner = try CommandRunner()
        let scorecard = try await runner.run(["report", "scorecard", "--help", "--lang", "en"])
        #expect(scorecard.stdout.contains("--format <format>       Output format. (values: table, csv, json, md; default:\n                          table)"))
        let xlsx = try await runner.run(["report", "scorecard", "--format", "xlsx", "--lang", "en"])
        #expect(xlsx.status == 64)
        #expect(xlsx.stderr.hasPrefix("Error: The value 'xlsx' is invalid for '--format <format>'"))
        let send = try await runner.run(["notify", "send", "--help", "--lang", "en"])
        #expect(send.stdout.contains("--kind <kind>           Kind of notice. (values: event-reminder,"))
        #expect(send.stdout.contains("event-cancelled, daily-digest, test)"))
        #expect(!send.stdout.contains("bulletin-published"))
        let zh = try await runner.run(["report", "scorecard", "--help"])
        #expect(zh.stdout.contains("--format <format>       输出格式。（可选：table, csv, json, md；默认：table）"))
    }
}
