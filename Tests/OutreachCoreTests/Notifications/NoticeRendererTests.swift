import Foundation
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// One reminder in every dialect, exact JSON with the Chinese text intact, and byte-based splitting.
struct NoticeRendererTests {
    func target(
        _ kind: NotifyTarget.Kind, _ value: String, format: NotifyTarget.Format? = nil,
        mentions: NotifyTarget.Mentions = .init(), keyword: String? = nil, templates: [Notice.Kind: Template] = [:]
    ) throws -> NotifyTarget {
        NotifyTarget(
            name: "群", kind: kind, endpoint: try WebhookEndpoint.make(kind: kind, value: value).get(), keyword: keyword,
            mentions: mentions, format: format, templates: templates)
    }

    func body(_ target: NotifyTarget, _ notice: Notice = .fixtureReminder()) throws -> String {
        let parts = NoticeRenderer.render(notice, for: target, deliveryID: "n-1")
        #expect(parts.count == 1)
        return try #require(parts.first).body.serialized()
    }

    @Test func weComMarkdown() throws {
        #expect(
            try body(target(.wecom, "k1", format: .markdown, mentions: .init(users: ["zhangwei"])))
                == #"{"msgtype":"markdown","markdown":{"content":"**活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）**\n时间：2027-03-09 14:30 – 16:00\n地点：阳光社区活动中心\n机构：温泉路网点\n人员：张伟、李娜\n编号：315-talk-yangguang\n<@zhangwei>"}}"#)
    }

    @Test func weComTextWithMentions() throws {
        #expect(
            try body(target(.wecom, "k1", format: .text, mentions: .init(mobiles: ["13800000000"], all: true)))
                == #"{"msgtype":"text","text":{"content":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）\n时间：2027-03-09 14:30 – 16:00\n地点：阳光社区活动中心\n机构：温泉路网点\n人员：张伟、李娜\n编号：315-talk-yangguang","mentioned_list":["@all"],"mentioned_mobile_list":["13800000000"]}}"#)
    }

    @Test func dingTalkMarkdownWithKeywordAndAtMobiles() throws {
        #expect(
            try body(target(.dingtalk, "t1", mentions: .init(mobiles: ["13800000000"]), keyword: "宣传"))
                == #####"{"msgtype":"markdown","markdown":{"title":"【宣传】活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）","text":"#### 【宣传】活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）\n\n时间：2027-03-09 14:30 – 16:00\n\n地点：阳光社区活动中心\n\n机构：温泉路网点\n\n人员：张伟、李娜\n\n编号：315-talk-yangguang\n\n@13800000000"},"at":{"atMobiles":["13800000000"],"atUserIds":[],"isAtAll":false}}"#####)
        // A keyword the text already contains is not added again.
        #expect(try !body(target(.dingtalk, "t1", keyword: "活动")).contains("【活动】"))
    }

    @Test func feishuPostAndLarkCard() throws {
        #expect(
            try body(target(.feishu, "h1", mentions: .init(users: ["ou_1"])))
                == #"{"msg_type":"post","content":{"post":{"zh_cn":{"title":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）","content":[[{"tag":"text","text":"时间：2027-03-09 14:30 – 16:00"}],[{"tag":"text","text":"地点：阳光社区活动中心"}],[{"tag":"text","text":"机构：温泉路网点"}],[{"tag":"text","text":"人员：张伟、李娜"}],[{"tag":"text","text":"编号：315-talk-yangguang"}],[{"tag":"at","user_id":"ou_1"}]]}}}}"#)
        #expect(
            try body(target(.lark, "h1", format: .card))
                == #"{"msg_type":"interactive","card":{"header":{"title":{"tag":"plain_text","content":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）"},"template":"blue"},"elements":[{"tag":"div","text":{"tag":"lark_md","content":"时间：2027-03-09 14:30 – 16:00\n地点：阳光社区活动中心\n机构：温泉路网点\n人员：张伟、李娜\n编号：315-talk-yangguang"}}]}}"#)
    }

    @Test func slackBlocksWithTextFallback() throws {
        #expect(
            try body(target(.slack, "T1/B2/X3", mentions: .init(users: ["U1"])))
                == #"{"text":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）","blocks":[{"type":"header","text":{"type":"plain_text","text":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）"}},{"type":"section","text":{"type":"mrkdwn","text":"时间：2027-03-09 14:30 – 16:00\n地点：阳光社区活动中心\n机构：温泉路网点\n人员：张伟、李娜\n编号：315-talk-yangguang\n<@U1>"}}]}"#)
    }

    @Test func teamsAdaptiveCardWrapper() throws {
        #expect(
            try body(target(.teams, "https://prod.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=S"))
                == #"{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）","wrap":true,"weight":"Bolder"},{"type":"TextBlock","text":"时间：2027-03-09 14:30 – 16:00\n\n地点：阳光社区活动中心\n\n机构：温泉路网点\n\n人员：张伟、李娜\n\n编号：315-talk-yangguang","wrap":true}],"msteams":{"width":"full"}}}]}"#)
    }

    @Test func genericWebhookJSON() throws {
        #expect(
            try body(target(.webhook, "https://hooks.example.org/outreach"))
                == #"{"type":"notice.event-reminder","timestamp":"2027-03-09T00:00:00Z","data":{"kind":"event-reminder","urgent":false,"language":"zh","title":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）","text":"活动提醒：社区\"守护钱袋子\"防诈骗讲座（明天）\n时间：2027-03-09 14:30 – 16:00\n地点：阳光社区活动中心\n机构：温泉路网点\n人员：张伟、李娜\n编号：315-talk-yangguang","part":{"index":1,"count":1},"notice":{"event":{"id":"315-talk-yangguang","campaign":"2027-315-xianning","title":{"zh":"社区\"守护钱袋子\"防诈骗讲座","en":"Anti-fraud talk"},"venue":{"zh":"阳光社区活动中心","en":"Yangguang community centre"},"branch":"east-1","branch_name":{"zh":"温泉路网点","en":"Wenquan Rd"},"start":"2027-03-09 14:30","end":"2027-03-09 16:00","time_zone":"Asia/Shanghai","staff":["张伟","李娜"]},"offset":{"zh":"明天","en":"tomorrow"}}}}"#)
    }

    @Test func englishAndUrgent() throws {
        let parts = NoticeRenderer.render(.fixtureReminder(urgent: true, language: .en), for: try target(.wecom, "k1", format: .text), deliveryID: "n")
        #expect(
            parts.first?.text
                == "[URGENT] Reminder: Anti-fraud talk (tomorrow)\nWhen: 2027-03-09 14:30 – 16:00\nWhere: Yangguang community centre\nBranch: Wenquan Rd\nStaff: 张伟, 李娜\nEvent: 315-talk-yangguang")
    }

    @Test("683 CJK characters (2049 bytes) split into two WeCom text parts")
    func weComTextSplitsAtByteLimit() throws {
        let message = String(repeating: "测", count: 683)
        #expect(message.utf8.count == 2049)
        let template = try Template(parsing: "{{message}}")
        let notice = Notice(.test(.init(target: "群", message: message)), createdAt: Notice.fixtureDate)
        let parts = NoticeRenderer.render(notice, for: try target(.wecom, "k1", format: .text, templates: [.test: template]), deliveryID: "n")
        #expect(parts.count == 2)
        for part in parts {
            guard case .object(let pairs) = part.body, case .object(let text)? = pairs.last?.1,
                case .string(let content)? = text.first?.1
            else { Issue.record("unexpected body"); continue }
            #expect(content.utf8.count <= 2048)
            #expect(String(validating: Array(content.utf8), as: UTF8.self) != nil)
        }
        #expect(parts[0].text.hasPrefix("(1/2) 测"))
        #expect(parts[1].text.hasPrefix("(2/2) 测"))
        let joined = parts.map { $0.text.dropFirst(6) }.joined()
        #expect(joined == message)
        #expect(parts.map(\.messageID) == ["msg_n_1", "msg_n_2"])
    }

    @Test(arguments: [NotifyTarget.Kind.wecom, .dingtalk, .feishu, .slack, .teams, .webhook])
    func longDigestSplitsAtLineBoundaries(kind: NotifyTarget.Kind) throws {
        let value = switch kind {
        case .slack: "T1/B2/X3"
        case .teams, .webhook: "https://example.org/workflows/x"
        default: "k1"
        }
        let notice = Notice.fixtureDigest(count: 400)
        let parts = NoticeRenderer.render(notice, for: try target(kind, value), deliveryID: "d")
        #expect(parts.count > 1)
        let title = try #require(parts.first?.text.split(separator: "\n").first).dropFirst("(1/\(parts.count)) ".count)
        for part in parts {
            let size = part.body.serialized().utf8.count
            switch kind {
            case .wecom: #expect(part.text.utf8.count <= 4096 - 4)
            case .teams: #expect(size <= 28_000)
            case .slack: #expect(part.text.count <= 3000 + 200)
            default: #expect(size <= 20_000)
            }
            #expect(part.text.hasPrefix("(\(part.index)/\(parts.count)) "))
            // Every part carries the title, so a group can tell what a later part belongs to.
            #expect(part.text.hasPrefix("(\(part.index)/\(parts.count)) \(title)"), "\(part.text.prefix(80))")
            let body = part.body.serialized()
            #expect(body.contains("(\(part.index)/\(parts.count))") && body.contains(title), "\(body.prefix(200))")
        }
        // Every event line arrives whole, exactly once, in order.
        let lines = parts.flatMap { $0.text.split(separator: "\n").map(String.init) }.filter { $0.contains("金融知识进万家") }
        #expect(lines.count == 400)
        #expect(lines.last?.contains("第400场") == true)
    }

    @Test func templatesEscapePerDialect() throws {
        let template = try Template(parsing: "{{a}} {{{a}}}")
        #expect(template.render(["a": "*<b>&"], escaping: .markdown) == "\\*\\<b\\>& *<b>&")
        #expect(template.render(["a": "*<b>&"], escaping: .slack) == "*&lt;b&gt;&amp; *<b>&")
        #expect(template.render(["a": "<'\">"], escaping: .html) == "&lt;&#39;&quot;&gt; <'\">")
        let sections = try Template(parsing: "头\n{{#list}}\n- {{name}}\n{{/list}}\n{{^list}}\n空\n{{/list}}\n尾")
        #expect(sections.render(["list": .list([["name": "甲"], ["name": "乙"]])], escaping: .plain) == "头\n- 甲\n- 乙\n尾")
        #expect(sections.render(["list": .list([])], escaping: .plain) == "头\n空\n尾")
        #expect(throws: Template.SyntaxError.self) { try Template(parsing: "{{#a}}{{/b}}") }
        for kind in Notice.Kind.allCases {
            for language in Language.allCases { _ = DefaultTemplates.template(for: kind, language: language) }
        }
    }

    /// Templates are Mustache (swift-mustache): what the former subset lacked works as the spec says.
    @Test func templatesFollowTheMustacheSpec() throws {
        let context: TemplateValue = ["event": ["title": "讲座", "staff": ""], "a": "x", "flag": false, "items": .list(["一", "二"])]
        #expect(try Template(parsing: "{{event.title}}").render(context, escaping: .plain) == "讲座")
        #expect(try Template(parsing: "{{=<% %>=}}<% a %>{{a}}").render(context, escaping: .plain) == "x{{a}}")
        #expect(try Template(parsing: "{{#items}}[{{.}}]{{/items}} {{items}}").render(context, escaping: .plain) == "[一][二] 一、二")
        #expect(try Template(parsing: "{{#flag}}是{{/flag}}{{^flag}}否{{/flag}} {{flag}}").render(context, escaping: .plain) == "否 false")
        // Empty text counts as missing in a section, as the shipped `{{#staff}}` lines expect.
        #expect(try Template(parsing: "{{#event}}{{#staff}}人员{{/staff}}{{^staff}}无{{/staff}}{{/event}}").render(context, escaping: .plain) == "无")
        // A standalone tag with indentation leaves no line; a tag beside text keeps it.
        #expect(try Template(parsing: "甲\n  {{#a}}\n乙\n  {{/a}}\n丙 {{! 注 }}\n").render(context, escaping: .plain) == "甲\n乙\n丙 \n")
    }

    @Test func templateErrorsNameTheTagAtItsLineAndColumn() {
        func error(_ source: String) -> Template.SyntaxError? {
            do {
                _ = try Template(parsing: source)
                return nil
            } catch { return error }
        }
        func at(_ reason: Template.SyntaxError.Reason, _ line: Int, _ column: Int) -> String { "\(reason) at \(line):\(column)" }
        func place(_ source: String) -> String? { error(source).map { at($0.reason, $0.line, $0.column) } }
        #expect(place("{{#a}}x") == at(.unclosedSection("a"), 1, 1))
        #expect(place("甲\n {{#a}}{{#b}}\n{{/b}}") == at(.unclosedSection("a"), 2, 2))
        #expect(place("{{#a}}\n{{/b}}") == at(.mismatchedClose(expected: "a", found: "b"), 2, 1))
        #expect(place("x {{/a}}") == at(.unexpectedClose("a"), 1, 3))
        #expect(place("x\n{{a") == at(.unclosedTag, 2, 1))
        #expect(place("{{ }}") == at(.emptyName, 1, 1))
        #expect(place("x\n 标题 {{标题}}") == at(.invalidName("标题"), 2, 5))
        #expect(error("{{a}}\n{{=<%>=}}").map { [$0.reason == .invalidDelimiters, $0.line == 2] } == [true, true])
        #expect(error("{{%CONTENT_TYPE:PDF}}")?.reason == .invalidPragma)
        #expect(error("{{<p}}{{a}}{{/p}}")?.reason == .invalidInheritance)
        // The fuzz target's timeout: 25 nested sections over a list rendered it 3^25 times.
        let deep = String(repeating: "{{#items}}", count: 25) + "x" + String(repeating: "{{/items}}", count: 25)
        #expect(place(deep) == at(.nestedTooDeep(limit: 4), 1, 41))
        #expect(error("{{#a}}{{#b}}{{^c}}{{#d}}x{{/d}}{{/c}}{{/b}}{{/a}}") == nil)
    }

    @Test func offTrackAlertListsEveryMeasureBehind() throws {
        let alert = Notice.OffTrackAlert(
            branch: "xn-chibi", branchName: BilingualName(zh: "赤壁支行", en: "Chibi Sub-branch"), period: BilingualName(zh: "2027 年第一季度", en: "2027 Q1"),
            segment: BilingualName(zh: "活动场次", en: "events held"), achieved: 9, target: 40, expectedPercent: 49,
            more: [.init(segment: BilingualName(zh: "老年人", en: "Older people"), achieved: 120, target: 400)])
        let zh = Notice(.offTrackAlert(alert), createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(
            try body(target(.wecom, "k1", format: .text), zh)
                == #"{"msgtype":"text","text":{"content":"目标进度预警：2027 年第一季度，1 个机构进度落后\n按时间进度应达目标的 49%，以下落后：\n赤壁支行\n· 活动场次：已完成 9 / 目标 40（22%）\n· 老年人：已完成 120 / 目标 400（30%）"}}"#)
        var en = zh
        en.language = .en
        #expect(
            try body(target(.wecom, "k1", format: .text), en)
                == #"{"msgtype":"text","text":{"content":"Behind target, 2027 Q1: 1 branch\n49% of each target was expected by now; behind:\nChibi Sub-branch\n· events held: 9 of 40 (22%)\n· Older people: 120 of 400 (30%)"}}"#)
        #expect(try Notice(storageJSON: zh.storageJSON) == zh)
    }
    @Test func countsInNoticesHaveThousandsSeparators() throws {
        let alert = Notice.OffTrackAlert(
            branch: "xn-chibi", branchName: BilingualName(zh: "赤壁支行", en: "Chibi Sub-branch"), period: BilingualName(zh: "2027 年第一季度", en: "2027 Q1"),
            segment: BilingualName(zh: "老年人", en: "Older people"), achieved: 12_345, target: 40_000, expectedPercent: 60)
        var notice = Notice(.offTrackAlert(alert), createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try body(target(.wecom, "k1", format: .text), notice).contains("· 老年人：已完成 12,345 / 目标 40,000（30%）"))
        notice.language = .en
        #expect(try body(target(.wecom, "k1", format: .text), notice).contains("· Older people: 12,345 of 40,000 (30%)"))
        let bulletin = Notice.BulletinPublished(
            year: 2027, month: 3, branch: "xn", branchName: BilingualName(zh: "咸宁分行", en: "Xianning Branch"), eventsHeld: 1_204,
            personTimes: 81_000, link: "https://intranet/b/2027-03")
        let published = Notice(.bulletinPublished(bulletin), createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try body(target(.wecom, "k1", format: .text), published).contains("本月开展活动 1,204 场，触达 81,000 人次。"))
        // The stored notice and its JSON keep plain numbers.
        #expect(try Notice(storageJSON: published.storageJSON) == published)
    }
}

