import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// The `notify:` section: a full example, and every message word for word at its line and column.
struct NotifyConfigurationTests {
    static let environment = [
        "OUTREACH_WECOM_EAST": "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
        "OUTREACH_DINGTALK_TOKEN": "https://oapi.dingtalk.com/robot/send?access_token=abc123",
        "OUTREACH_DINGTALK_SECRET": "SECtest0123456789abcdef",
    ]

    func decode(
        _ text: String, environment: [String: String] = environment, files: [String: String] = [:],
        language: Language = .en
    ) -> (NotifyConfiguration?, [String]) {
        let (configuration, issues) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(text.utf8)), environment: environment,
            knownBranches: ["city", "east", "east-1", "west"], readFile: { files[$0].map { Array($0.utf8) } })
        return (configuration, issues.map { $0.rendered(language) })
    }

    /// One target with `lines` appended to its fields (they start at line 5).
    func target(kind: String = "wecom", _ lines: String...) -> String {
        "notify:\n  targets:\n    - name: 城东群\n      kind: \(kind)\n" + lines.map { "      \($0)\n" }.joined()
    }

    @Test func fullExampleDecodes() throws {
        let text = """
            db:
              path: outreach.sqlite
            notify:
              time_zone: Asia/Shanghai
              quiet_hours: 22:00-08:00
              secrets_file: secrets.yaml
              targets:
                - name: 城东支行群
                  kind: wecom
                  key_env: OUTREACH_WECOM_EAST
                  mentions: {mobiles: ["13800000000"]}
                - name: 分行钉钉群
                  kind: dingtalk
                  key_env: OUTREACH_DINGTALK_TOKEN
                  secret_env: OUTREACH_DINGTALK_SECRET
                  keyword: 宣传
                  rate: 10/60s
                - name: 飞书群
                  kind: feishu
                  key_env: FEISHU_HOOK
                  secret_env: FEISHU_SECRET
                  format: card
                  language: en
                  templates:
                    test: |
                      {{target}} 连通测试
              routes:
                - to: [城东支行群]
                  branches: [east]
                  kinds: [event-reminder, daily-digest]
                - to: [分行钉钉群, 飞书群]
                  kinds: [bulletin-published, off-track-alert]
            """
        let (configuration, issues) = decode(
            text, files: ["secrets.yaml": "FEISHU_HOOK: t-feishu-0001\nFEISHU_SECRET: demo\n"])
        #expect(issues == [])
        let config = try #require(configuration)
        #expect(config.targets.map(\.name) == ["城东支行群", "分行钉钉群", "飞书群"])
        #expect(config.targets[0].format == .text)
        #expect(config.targets[0].endpoint.url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")
        #expect(config.targets[1].endpoint.url == "https://oapi.dingtalk.com/robot/send?access_token=abc123")
        #expect(config.targets[1].keyword == "宣传")
        #expect(config.targets[1].rateWindows == [RateWindow(count: 10, period: .seconds(60))])
        #expect(config.targets[2].endpoint.url == "https://open.feishu.cn/open-apis/bot/v2/hook/t-feishu-0001")
        #expect(config.targets[2].signing?.text == "demo")
        #expect(config.targets[2].rateWindows.count == 2)
        #expect(config.quietHours == .standard)

        let reminder = Notice.fixtureReminder()
        let ancestors: (Branch.ID) -> [Branch.ID] = { $0 == "east-1" ? ["east", "city"] : [] }
        #expect(config.targets(for: reminder, ancestors: ancestors) == ["城东支行群"])
        let alert = Notice(
            .offTrackAlert(.init(branch: "west", branchName: BilingualName(zh: "赤壁支行"), period: BilingualName(zh: "2027 年第一季度"), segment: BilingualName(zh: "老年人"), achieved: 300, target: 1000, expectedPercent: 60)),
            createdAt: Notice.fixtureDate)
        #expect(config.targets(for: alert, ancestors: ancestors) == ["分行钉钉群", "飞书群"])
    }

    @Test(arguments: [
        (["key: 693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"], "outreach.yaml:5:12: warning: The field 'key' puts a secret in the configuration file. Use 'key_env' or the secrets file instead."),
        (["key: a", "key_env: OUTREACH_WECOM_EAST"], "outreach.yaml:6:16: error: Give only one of 'key' and 'key_env'."),
        ([], "outreach.yaml:3:7: error: Missing 'key' or 'key_env' in a notify target."),
        (["key_env: OUTREACH_WECOM_EAST", "keyword: 宣传"], "outreach.yaml:6:7: error: The field 'keyword' does not apply to wecom targets; it is used by 'dingtalk' targets."),
        (["key_env: OUTREACH_WECOM_EAST", "secret: abc"], "outreach.yaml:6:7: error: The field 'secret' does not apply to wecom targets; it is used by 'dingtalk', 'feishu', 'lark' and 'webhook' targets."),
        (["key_env: OUTREACH_WECOM_EAST", "rate: 20/minute"], "outreach.yaml:6:13: error: The value '20/minute' is invalid for 'rate'. Expected a count per period like '20/60s', '5/1s' or '100/min', or 'unlimited'."),
        (["key_env: OUTREACH_WECOM_EAST", "format: markdwn"], "outreach.yaml:6:15: error: The value 'markdwn' is invalid for 'format'. Please provide one of 'markdown' or 'text'. Did you mean 'markdown'?"),
        (["key_env: OUTREACH_WECOM_EAST", "colour: red"], "outreach.yaml:6:7: error: Unknown field 'colour' in a notify target. Known fields are 'name', 'kind', 'key', 'key_env', 'secret', 'secret_env', 'keyword', 'mentions', 'format', 'rate', 'language' and 'templates'."),
        (["key_env: OUTREACH_WECOM_EAST", "templats: {}"], "outreach.yaml:6:7: error: Unknown field 'templats' in a notify target. Did you mean 'templates'?"),
        (["key: 'not a key!'"], "outreach.yaml:5:12: error: The value of 'key' is not a valid wecom key or webhook URL. Give the key alone or the full URL starting with https://."),
        (["key_env: OUTREACH_WECOM_EAST", "templates: {test: '{{#a}}x'}"], "outreach.yaml:6:25: error: The template 'templates.test' is invalid at line 1, column 1: the section '{{#a}}' is never closed with '{{/a}}'."),
        (["key_env: OUTREACH_WECOM_EAST", "format: markdown", "mentions: {mobiles: ['13800000000']}"], "outreach.yaml:7:18: warning: Mentions in 'mentions.mobiles' are not supported by wecom markdown targets and are ignored."),
    ])
    func targetMessages(lines: [String], expected: String) {
        let text = "notify:\n  targets:\n    - name: 城东群\n      kind: wecom\n" + lines.map { "      \($0)\n" }.joined()
        let (_, issues) = decode(text)
        #expect(issues.contains(expected), "\(issues)")
    }

    /// `notify.rate_margin`: a length or a share of the window; default 5 %, at least 1 s.
    @Test func rateMarginIsReadAndCheckedWithItsLine() throws {
        let target = "  targets:\n    - {name: 城东群, kind: wecom, key_env: OUTREACH_WECOM_EAST}\n"
        #expect(try #require(decode("notify:\n" + target).0).rateMargin == .standard)
        #expect(try #require(decode("notify:\n  rate_margin: 2s\n" + target).0).rateMargin == .fixed(.seconds(2)))
        #expect(try #require(decode("notify:\n  rate_margin: 10%\n" + target).0).rateMargin == .percent(10))
        let window = RateWindow(count: 20, period: .seconds(60))
        #expect(RateMargin.standard.seconds(for: window) == 3)
        #expect(RateMargin.standard.seconds(for: RateWindow(count: 5, period: .seconds(1))) == 1)
        let (bad, issues) = decode("notify:\n  rate_margin: soon\n" + target)
        #expect(bad == nil)
        #expect(
            issues == [
                "outreach.yaml:2:16: error: The value 'soon' is invalid for 'rate_margin'. Expected a length like '2s' or '500ms', or a share of the window from '0%' to '50%'."
            ])
        #expect(
            decode("notify:\n  rate_margin: 80%\n" + target, language: .zh).1 == [
                "outreach.yaml:2:16: error: 'rate_margin' 的值 '80%' 无效。应为时长，例如 '2s' 或 '500ms'，或窗口的百分比（'0%' 到 '50%'）。"
            ])
    }

    /// A variable not set is no error: the target stays, its notices are queued, and only sending waits for it.
    @Test func anUnsetVariableStopsSendingToItsTargetOnly() throws {
        let (configuration, issues) = decode(
            target("key_env: MISSING_VAR") + "    - {name: 钉钉群, kind: dingtalk, key_env: OUTREACH_DINGTALK_TOKEN, secret_env: NO_SECRET}\n"
                + "    - {name: 二号群, kind: wecom, key_env: OUTREACH_WECOM_EAST}\n")
        #expect(issues == [])
        let targets = try #require(configuration?.targets)
        #expect(targets.map(\.name) == ["城东群", "钉钉群", "二号群"])
        #expect(targets[0].unsetSecret == NotifyTarget.UnsetSecret(field: "key_env", variable: "MISSING_VAR"))
        #expect(targets[1].unsetSecret == NotifyTarget.UnsetSecret(field: "secret_env", variable: "NO_SECRET"))
        #expect(targets[1].endpoint.url.hasPrefix("https://oapi.dingtalk.com/"))
        #expect(targets[2].unsetSecret == nil)
        #expect(targets[0].unsetSecret?.text(.zh) == "'key_env' 指定的环境变量 'MISSING_VAR' 未设置")
    }

    @Test func messagesInChinese() {
        let cases: [(String, String)] = [
            (target(kind: "teams", "key: abc"), "outreach.yaml:5:12: error: teams 类型的通知目标需要在 'key' 中填写完整的 Webhook 地址，而不是单独的 key。"),
            (target(kind: "webhook", "key_env: OUTREACH_WECOM_EAST", "secret: not-whsec"), "outreach.yaml:6:15: error: 'secret' 中的密钥不是 Standard Webhooks 密钥。应为 'whsec_' 加 base64 文本。"),
            (target("key: http://127.0.0.1:8080/cgi-bin/webhook/send?key=abc"), "outreach.yaml:5:12: warning: 通知目标 '城东群' 通过明文 http 发送到 'http://127.0.0.1:8080'，key 未加密传输。除本地测试服务器外请使用 https。"),
            ("notify:\n  quiet_hours: 22-8\n", "outreach.yaml:2:16: error: 'quiet_hours' 的值 '22-8' 无效。应为时间范围，例如 '22:00-08:00'，或 'off'。"),
            ("notify:\n  secrets_file: nope.yaml\n", "outreach.yaml:2:17: error: 无法读取密钥文件 'nope.yaml'。请检查 'secrets_file' 中的路径。"),
        ]
        for (text, expected) in cases {
            #expect(decode(text, language: .zh).1.contains(expected), "\(decode(text, language: .zh).1)")
        }
    }

    @Test func englishMessagesForSecretsFilesRoutesAndZones() {
        let (withFile, secretsFile) = decode(
            "notify:\n  secrets_file: s.yaml\n  targets:\n    - {name: a, kind: wecom, key_env: NOPE}\n",
            files: ["s.yaml": "OTHER: x\n"])
        #expect(secretsFile == [])
        #expect(
            withFile?.targets.first?.unsetSecret?.text(.en)
                == "the secret 'NOPE' named in 'key_env' is set neither in the environment nor in the secrets file 's.yaml'")
        let route = decode(
            "notify:\n  targets:\n    - {name: 城东群, kind: wecom, key_env: OUTREACH_WECOM_EAST}\n  routes:\n    - to: [城冬群]\n      kinds: [event-remnder]\n      branches: [esat]\n").1
        #expect(
            route == [
                "outreach.yaml:5:12: error: Unknown notify target '城冬群'. Did you mean '城东群'?",
                "outreach.yaml:6:15: error: The value 'event-remnder' is invalid for 'kinds'. Please provide one of 'event-reminder', 'daily-digest', 'bulletin-published', 'off-track-alert', 'event-cancelled' or 'test'. Did you mean 'event-reminder'?",
                "outreach.yaml:7:18: error: Unknown branch 'esat'. Did you mean 'east'?",
            ])
        #expect(decode("notify:\n  time_zone: Asia/Shanghia\n").1 == ["outreach.yaml:2:14: error: The value 'Asia/Shanghia' is invalid for 'time_zone'. Expected a time zone name like 'Asia/Shanghai'."])
        #expect(
            decode("notify:\n  targets:\n    - {name: a, kind: wecom, key: x}\n    - {name: a, kind: wecom, key: y}\n").1.last
                == "outreach.yaml:4:7: error: Duplicate notify target id 'a'; it is already used at outreach.yaml:3:7.")
    }

    @Test func secretValuesNeverAppearInMessages() {
        let secret = "SECtest0123456789abcdef"
        let text = target(kind: "webhook", "key: 'http://127.0.0.1:9/x?key=\(secret)'", "secret: \(secret)")
        for language in Language.allCases {
            for issue in decode(text, language: language).1 {
                #expect(!issue.contains(secret))
            }
        }
    }
}
