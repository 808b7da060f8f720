import Foundation
import OutreachTestSupport
import Testing

/// End-to-end runs of `outreach notify …` and `outreach worker` against fake platforms on 127.0.0.1.
///
/// Serialized: every test starts several `outreach` processes, and running them all at once on a
/// two-core machine starves the timing-sensitive transport tests that run beside them.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct NotifyCommandTests {
    static let secrets = [
        "WECOM_KEY": "693a91f6-7d2c-4e1b-9f3a-2b8c5d7e1a40",
        "DING_URL": "https://oapi.dingtalk.com/robot/send?access_token=dd1c2b3a4f5e6d7c8b9a",
        "DING_SECRET": "SEC0123456789abcdef0123456789abcdef",
        "FEISHU_TOKEN": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    ]

    static let configuration = """
        notify:
          targets:
            - name: 城东支行群
              kind: wecom
              key_env: WECOM_KEY
            - name: 分行钉钉群
              kind: dingtalk
              key_env: DING_URL
              secret_env: DING_SECRET
              keyword: 宣传
              rate: 10/60s
            - name: 飞书群
              kind: feishu
              key_env: FEISHU_TOKEN
          routes:
            - to: [城东支行群]
              branches: [xn-xianan]
              kinds: [event-reminder, daily-digest]
            - to: [分行钉钉群, 飞书群]
              kinds: [bulletin-published, off-track-alert]

        """

    func expectNoSecrets(_ result: CommandRunner.Result, _ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!result.stdout.contains(secret), "stdout shows a secret", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(secret), "stderr shows a secret", sourceLocation: sourceLocation)
        }
    }

    @Test func targetsSaysNothingIsScheduledWithoutAConfiguration() async throws {
        let runner = try CommandRunner()
        let en = try await runner.run(["notify", "targets", "--lang", "en"])
        #expect(en.status == 0)
        #expect(
            en.stdout
                == "No notify configuration: 'outreach.yaml' was not found, so no notices are scheduled. Copy outreach.example.yaml to outreach.yaml and edit it; see docs/notifications.md.\n")
        let zh = try await runner.run(["notify", "targets"])
        #expect(zh.stdout == "未找到通知配置文件 'outreach.yaml'，因此不会安排任何通知。可把 outreach.example.yaml 复制为 outreach.yaml 再修改；说明见 docs/notifications.md。\n")
        try runner.write("outreach.yaml", "db: {path: x.sqlite}\n")
        #expect(
            try await runner.run(["notify", "targets", "--lang", "en"]).stdout
                == "'outreach.yaml' has no 'notify:' section, so no notices are scheduled. See outreach.example.yaml for an example and docs/notifications.md.\n")
        let missing = try await runner.run(["notify", "targets", "--config", "elsewhere.yaml", "--lang", "en"])
        #expect(missing.status == 64)
        #expect(missing.stderr == "Error: The configuration file 'elsewhere.yaml' does not exist.\n")
    }

    @Test func targetsAreListedMasked() async throws {
        let runner = try CommandRunner(files: ["outreach.yaml": Self.configuration])
        let en = try await runner.run(["notify", "targets", "--lang", "en"], environment: Self.secrets)
        #expect(en.status == 0)
        #expect(en.stderr == "")
        #expect(
            en.stdout == """
                Notify configuration: outreach.yaml
                Time zone: Asia/Shanghai; quiet hours: 22:00-08:00 (urgent notices excepted); reminders: 1d@09:00, 1h; daily digest: 08:00

                NAME        KIND      ENDPOINT                       ROUTES                                            RATE
                ──────────  ────────  ─────────────────────────────  ────────────────────────────────────────────────  ─────────────
                城东支行群  WeCom     https://qyapi.weixin.qq.com/…  event reminder, daily digest; branches xn-xianan  20/60s
                分行钉钉群  DingTalk  https://oapi.dingtalk.com/…    bulletin notice, off-track alert                  10/60s
                飞书群      Feishu    https://open.feishu.cn/…       bulletin notice, off-track alert                  5/1s, 100/60s

                """)
        let zh = try await runner.run(["notify", "targets"], environment: Self.secrets)
        #expect(zh.stdout.hasPrefix("通知配置：outreach.yaml\n时区：Asia/Shanghai；免打扰：22:00-08:00（紧急通知除外）；活动提醒：1d@09:00, 1h；每日日报：08:00\n"))
        // Kinds and platforms in words; their ids only in JSON.
        #expect(zh.stdout.contains("城东支行群  企业微信  https://qyapi.weixin.qq.com/…  活动提醒、每日活动汇总；机构 xn-xianan  20/60s"), "\(zh.stdout)")
        #expect(zh.stdout.contains("分行钉钉群  钉钉      https://oapi.dingtalk.com/…    专刊发布通知、目标进度预警"), "\(zh.stdout)")
        let json = try await runner.run(["notify", "targets", "--format", "json"], environment: Self.secrets)
        #expect(json.stdout.contains(#""kind": "wecom""#))
        #expect(json.stdout.contains(#""routes": "event-reminder, daily-digest; branches xn-xianan""#), "\(json.stdout)")
        #expect(json.stdout.contains(#""endpoint": "https://oapi.dingtalk.com/…""#))
        for result in [en, zh, json] {
            expectNoSecrets(result, Array(Self.secrets.values) + ["dd1c2b3a4f5e6d7c8b9a"])
        }
    }

    @Test func aBrokenConfigurationExits65WithItsLine() async throws {
        let runner = try CommandRunner(files: ["outreach.yaml": Self.configuration + "    - to: [分行钉钉群x]\n"])
        let result = try await runner.run(["notify", "targets", "--lang", "en"], environment: Self.secrets)
        #expect(result.status == 65)
        #expect(
            result.stderr == """
                outreach.yaml:21:12: error: Unknown notify target '分行钉钉群x'. Did you mean '分行钉钉群'?
                1 error in 'outreach.yaml'; nothing was done.

                """)
    }

    @Test func aSecretVariableNotSetStopsSendingToThatTargetOnly() async throws {
        let runner = try CommandRunner(files: ["outreach.yaml": Self.configuration])
        var environment = Self.secrets
        environment["DING_SECRET"] = nil
        let result = try await runner.run(["notify", "targets", "--lang", "en"], environment: environment)
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "Warning: Sending to '分行钉钉群' is stopped: the environment variable 'DING_SECRET' named in 'secret_env' is not set. Notices for it are queued as usual; 'outreach worker' sends them once it is set.\n"
        )
        #expect(result.stdout.contains("分行钉钉群  DingTalk  (DING_SECRET not set)"), "\(result.stdout)")
        let test = try await runner.run(["notify", "test", "分行钉钉群"], environment: environment)
        #expect(test.status == 1)
        #expect(test.stderr == "错误：无法发送到 '分行钉钉群'：'secret_env' 指定的环境变量 'DING_SECRET' 未设置。请设置后再运行；在此之前通知照常排队。\n")
        for output in [result, test] { expectNoSecrets(output, Array(Self.secrets.values)) }
    }

    /// A runner with seeds loaded and a WeCom target pointing at the fake platform.
    func wecomRunner(_ server: FakePlatformServer, key: String) async throws -> (CommandRunner, [String: String]) {
        let runner = try CommandRunner(files: [
            "outreach.yaml": """
                notify:
                  targets:
                    - name: 企业微信群
                      kind: wecom
                      key_env: WECOM_URL

                """
        ])
        try runner.copyFromRepository("seeds")
        #expect(try await runner.run(["init"]).status == 0)
        return (runner, ["WECOM_URL": server.url("/cgi-bin/webhook/send?key=\(key)"), "no_proxy": "127.0.0.1"])
    }

    @Test func notifyTestExplainsWhatWeComSaidAndWhatToFix() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        let (runner, environment) = try await wecomRunner(server, key: "c0ffee00-1234-5678-9abc-def012345678")
        let failed = try await runner.run(["notify", "test", "企业微信群", "--lang", "en"], environment: environment)
        #expect(failed.status == 1)
        #expect(failed.stdout == "")
        #expect(
            failed.stderr.hasSuffix(
                "Error: The test notice to '企业微信群' was not delivered. WeCom answered HTTP 200, code 93000 (invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000): the webhook key or token is not valid (wrong, rotated, or the bot was removed). Check the target's key (key_env or the secrets file): give the full webhook URL the platform shows, or only the key or token.\n"
            ))
        let zh = try await runner.run(["notify", "test", "企业微信群"], environment: environment)
        #expect(
            zh.stderr.hasSuffix(
                "错误：发往 '企业微信群' 的测试通知未送达。企业微信返回 HTTP 200, 错误码 93000（invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000）：Webhook 的 key 或 token 无效（填错、已重置或机器人已被移除）。请检查通知目标的 key（key_env 或密钥文件）：可填写平台显示的完整 Webhook 地址，或只填 key/token。\n"
            ))
        expectNoSecrets(failed, ["c0ffee00-1234-5678-9abc-def012345678"])
        expectNoSecrets(zh, ["c0ffee00-1234-5678-9abc-def012345678"])

        // Both failures are dead letters in the queue and in the log.
        let queue = try await runner.run(["notify", "queue", "--lang", "en"], environment: environment)
        #expect(
            queue.stdout == """
                ID  STATE  KIND         TARGET      DUE               NEXT TRY  TRIES  LAST ERROR
                ──  ─────  ───────────  ──────────  ────────────────  ────────  ─────  ────────────────────────────────────────────────────────────────────────
                 1  dead   test notice  企业微信群  2026-11-29 09:00  -             1  WeCom answered HTTP 200, code 93000 (invalid webhook url, hint: [170000…
                 2  dead   test notice  企业微信群  2026-11-29 09:00  -             1  WeCom answered HTTP 200, code 93000 (invalid webhook url, hint: [170000…

                """)
        let queueZH = try await runner.run(["notify", "queue"], environment: environment)
        #expect(queueZH.stdout.contains(" 1  已放弃  测试通知  企业微信群"), "\(queueZH.stdout)")
        let queueJSON = try await runner.run(["notify", "queue", "--format", "json"], environment: environment)
        #expect(queueJSON.stdout.contains(#""kind": "test""#))
        let log = try await runner.run(["notify", "log", "--lang", "en", "--limit", "1"], environment: environment)
        #expect(log.stdout.contains("企业微信群"))
        #expect(log.stdout.contains("permanent   200  93000"))
        expectNoSecrets(log, ["c0ffee00-1234-5678-9abc-def012345678"])

        // Once the key is right, retrying one and the rest sends them.
        server.addWeCom(key: "c0ffee00-1234-5678-9abc-def012345678")
        let retried = try await runner.run(["notify", "retry", "1", "--lang", "en"], environment: environment)
        #expect(retried.stdout == "Notice 1 is pending again; 'outreach worker' will send it.\n")
        #expect(try await runner.run(["notify", "retry", "--dead", "--lang", "en"]).stdout == "1 dead notice is pending again.\n")
        #expect(try await runner.run(["notify", "retry", "--dead"]).stdout == "已重新排队 0 条已放弃的通知。\n")
        let notFound = try await runner.run(["notify", "retry", "99", "--lang", "en"])
        #expect(notFound.status == 64)
        #expect(notFound.stderr == "Error: No notice with id '99'.\n")
        let worker = try await runner.run(["worker", "--once", "--lang", "en"], environment: environment)
        #expect(worker.status == 0)
        #expect(
            worker.stdout
                == "Delivered 2 notices; 0 failed attempts will be retried; 0 dead; 0 held back by a rate budget, a pause or quiet hours; 0 with unknown outcome.\n")
        expectNoSecrets(worker, ["c0ffee00-1234-5678-9abc-def012345678"])
        // The log lines in the run's language and local time (the clock is 2026-11-29 09:00 in Shanghai), not UTC.
        #expect(worker.stderr.contains("\n2026-11-29 09:00:00 +08:00 info Worker started. worker.concurrency=32 worker.owner="), "\(worker.stderr)")
        let chinese = try await runner.run(["worker", "--once"], environment: environment)
        #expect(chinese.status == 0)
        let started = try #require(chinese.stderr.split(separator: "\n").first { $0.contains("工作进程") }.map(String.init))
        #expect(
            started.range(of: #"^2026-11-29 09:00:\d\d \+08:00 信息 工作进程已启动。 worker\.concurrency=32 worker\.owner=\S+$"#, options: .regularExpression)
                != nil, "\(chinese.stderr)")
        #expect(!chinese.stderr.contains("Z "))
        let pending = try await runner.run(["notify", "retry", "1", "--lang", "en"])
        #expect(pending.status == 64)
        #expect(pending.stderr == "Error: Notice '1' is sent; only dead or failed notices can be retried.\n")
    }

    @Test func notifyTestSucceedsAndUnknownTargetsGetASuggestion() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addWeCom(key: "good-key")
        let (runner, environment) = try await wecomRunner(server, key: "good-key")
        let sent = try await runner.run(["notify", "test", "企业微信群"], environment: environment)
        #expect(sent.status == 0)
        #expect(sent.stdout == "已向 '企业微信群'（wecom）发送测试通知，平台已确认送达。\n")
        #expect(server.deliveries.first?.request.bodyText.contains("企业微信群") == true)
        let typo = try await runner.run(["notify", "test", "企业微信", "--lang", "en"], environment: environment)
        #expect(typo.status == 64)
        #expect(typo.stderr.hasSuffix("Error: Unknown notify target '企业微信'. Did you mean '企业微信群'?\n"))
        let other = try await runner.run(["notify", "test", "钉钉群"], environment: environment)
        #expect(other.stderr.hasSuffix("错误：没有名为 '钉钉群' 的通知目标。请使用 '企业微信群'。\n"))
        let none = try await CommandRunner().run(["notify", "test", "群", "--lang", "en"])
        #expect(none.status == 1)
        #expect(
            none.stderr
                == "Error: No notify configuration: 'outreach.yaml' was not found, so no notices are scheduled. Copy outreach.example.yaml to outreach.yaml and edit it; see docs/notifications.md.\n")
    }

    @Test(arguments: [
        (["--kind", "bulletin-published", "--to", "x"], "Error: Notices of kind 'bulletin-published' are queued by the reports that publish them and cannot be sent by hand. Please provide one of 'event-reminder', 'event-cancelled', 'daily-digest' or 'test'."),
        (["--kind", "event-reminder", "--to", "x"], "Error: '--kind event-reminder' needs '--event ID'."),
        (["--kind", "daily-digest", "--to", "x", "--event", "e1"], "Error: '--event' goes only with '--kind event-reminder' or '--kind event-cancelled'."),
        (["--kind", "daily-digest", "--to", "x", "--text", "hi"], "Error: '--text' goes only with '--kind test'."),
    ])
    func sendRejectsBadCombinations(arguments: [String], expected: String) async throws {
        let result = try await CommandRunner().run(["notify", "send"] + arguments + ["--lang", "en"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(expected + "\n"))
    }

    @Test(arguments: [
        (["notify", "retry"], "Error: Give a notice id, or '--dead' to retry every dead notice."),
        (["notify", "retry", "3", "--dead"], "Error: Give a notice id or '--dead', not both."),
        (["notify", "log", "--limit", "0"], "Error: The value '0' is invalid for '--limit'. Expected a whole number of 1 or more."),
        (["worker", "--concurrency", "0"], "Error: The value '0' is invalid for '--concurrency'. Expected a whole number from 1 to 1024."),
        (["worker", "--log-level", "loud"], "Error: The value 'loud' is invalid for '--log-level'. Please provide one of 'trace', 'debug', 'info', 'notice', 'warning', 'error' or 'critical'."),
    ])
    func badFlagsExit64(arguments: [String], expected: String) async throws {
        let result = try await CommandRunner().run(arguments + ["--lang", "en"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(expected + "\n"))
    }

    @Test func sendDeliversAnEventReminderAtOnce() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        server.addWeCom(key: "k1")
        let (runner, environment) = try await wecomRunner(server, key: "k1")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["import", "campaigns"], environment: environment).status == 0)
        let sent = try await runner.run(
            ["notify", "send", "--kind", "event-reminder", "--to", "企业微信群", "--event", "315-desk-yongan", "--lang", "en"],
            environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout == "Sent the event reminder to '企业微信群' (wecom); the platform confirmed delivery.\n")
        #expect(server.deliveries.first?.request.bodyText.contains("315-desk-yongan") == true)
        let missing = try await runner.run(
            ["notify", "send", "--kind", "event-reminder", "--to", "企业微信群", "--event", "315-desk-yongam", "--lang", "en"],
            environment: environment)
        #expect(missing.status == 64)
        #expect(missing.stderr.hasSuffix("Error: No event with id '315-desk-yongam'. Did you mean '315-desk-yongan'?\n"))
    }

    @Test func confirmingAnEventQueuesItsRemindersAndCancellingWithdrawsThem() async throws {
        let server = try FakePlatformServer()
        defer { server.stop() }
        let (runner, environment) = try await wecomRunner(server, key: "k1")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["import", "campaigns"], environment: environment).status == 0)
        let before = try await runner.run(["notify", "queue", "--format", "json"], environment: environment)
        let confirmed = try await runner.run(["event", "confirm", "315-desk-yongan", "--lang", "en"], environment: environment)
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let queued = try await runner.run(["notify", "queue", "--format", "json"], environment: environment)
        let newKeys = Self.keys(queued.stdout).subtracting(Self.keys(before.stdout))
        #expect(newKeys.count == 2)
        #expect(newKeys.allSatisfy { $0.hasPrefix("reminder:315-desk-yongan:") && $0.hasSuffix(":企业微信群") })
        #expect(try await runner.run(["event", "cancel", "315-desk-yongan"], environment: environment).status == 0)
        let after = try await runner.run(["notify", "queue", "--format", "json"], environment: environment)
        #expect(Self.keys(after.stdout).intersection(newKeys).isEmpty)
    }

    @Test(arguments: [
        ["notify", "--help"], ["notify", "targets", "--help"], ["notify", "test", "--help"], ["notify", "send", "--help"],
        ["notify", "queue", "--help"], ["notify", "log", "--help"], ["notify", "retry", "--help"], ["worker", "--help"],
    ])
    func everyNotifyCommandHasHelpWithExamples(arguments: [String]) async throws {
        let result = try await CommandRunner().run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains("示例："), "\(arguments)")
        #expect(try await CommandRunner().run(arguments + ["--lang", "en"]).stdout.contains("Example"), "\(arguments)")
        #expect(result.stdout.contains("outreach "))
    }

    static func keys(_ json: String) -> Set<String> {
        guard let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else { return [] }
        return Set(array.compactMap { $0["key"] as? String })
    }
}
