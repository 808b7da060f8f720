import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

@testable import OutreachWeb

/// The planning form over the shipped seeds and campaigns: adding and editing events with the campaign files'
/// messages beside each field, clashes naming the other event and saving nothing, the audit of each save, and
/// who may plan.
struct PlanningRouteTests {
    static let campaign = "/campaigns/2027-315-xianning"
    static let newEvent = "/campaigns/2027-315-xianning/events/new"

    /// A new event's form, as typed.
    static func fields(
        id: String = "315-bd-wanda-2", title: String = "万达广场防诈骗咨询", venue: String = "bd-wanda",
        start: String = "2027-03-20 10:00", end: String = "12:00", staff: String = "周敏，黄磊",
        expected: String = "120"
    ) -> [(String, String)] {
        [
            ("id", id), ("title", title), ("title_en", ""), ("channel", "business-district-event"), ("venue", venue),
            ("branch", ""), ("start", start), ("end", end), ("repeat", ""), ("except", ""), ("staff", staff),
            ("expected_reach", expected), ("capacity", ""), ("notes", "现场发放折页"),
        ]
    }

    @Test(.timeLimit(.minutes(2)))
    func aPlannerAddsAnEventAndItsCreationIsAudited() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            let campaign = try await browser.request(Self.campaign)
            #expect(campaign.text.contains("<a class=\"plan\" href=\"/campaigns/2027-315-xianning/events/new\">新建活动场次</a>"))
            let form = try await browser.request(Self.newEvent)
            #expect(form.status == .ok)
            #expect(form.text.contains("<input type=\"text\" name=\"title\" value=\"\" required>"))
            #expect(form.text.contains("<option value=\"bd-wanda\">"))
            let token = try #require(form.hiddenCSRF)

            let saved = try await browser.request(Self.newEvent, method: .post, form: [("csrf", token)] + Self.fields())
            #expect(saved.status == .seeOther, "\(saved.text)")
            #expect(saved.headers[.location] == "/events/315-bd-wanda-2")
            let stored = try #require(try await setup.store.event("315-bd-wanda-2"))
            #expect(stored.event.title.zh == "万达广场防诈骗咨询")
            #expect(stored.event.branch == "xn-wenquan")  // the venue's branch, as in a file
            #expect(stored.event.staff == ["周敏", "黄磊"] && stored.event.expectedReach == 120 && stored.event.status == .planned)
            #expect(stored.event.timing == .timed(start: LocalDateTime("2027-03-20 10:00")!, end: LocalDateTime("2027-03-20 12:00")!))

            let page = try await browser.request("/events/315-bd-wanda-2")
            #expect(page.text.contains("<td>陈静 (chen.jing)</td><td>网页</td><td>新建活动场次</td>"))
            #expect(page.text.contains("<a class=\"plan\" href=\"/events/315-bd-wanda-2/edit\">修改活动场次</a>"))
            #expect(page.text.contains("陈静 (chen.jing) 于 2027-03-16 10:00 在网页上修改过本场次，尚未写入活动文件"))
            let after = try await browser.request(Self.campaign)
            #expect(after.text.contains("<li>新建活动场次: 1 次</li>"))
            #expect(after.text.contains("本宣传活动有 1 个活动场次在网页上修改过，尚未写入活动文件（outreach export campaigns 目录）。"))
            #expect(after.text.contains("/events/315-bd-wanda-2\">315-bd-wanda-2</a>"))
            #expect(try await setup.store.pendingWebEdits(campaigns: nil).map(\.event) == ["315-bd-wanda-2"])
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: [
        ("zh", [
            "title": "活动场次缺少必填字段 'title'。",
            "venue": "未知的场地 'bd-wandaa'。是否应为 'bd-wanda'？",
            "expected_reach": "'expected_reach' 的值 'many' 无效。应为大于或等于 0 的整数。",
            "end": "开始带有时间，结束 '2027-03-21' 却只有日期。请把结束写成时间（如 '16:00'）或日期加时间（如 '2027-03-15 16:00'）。",
            "id": "'id' 的值 'a b' 无效。编号只能包含字母、数字、'-'、'_' 和 '.'，不能有空格。",
        ]),
        ("en", [
            "title": "Missing required field 'title' in an event.",
            "venue": "Unknown venue 'bd-wandaa'. Did you mean 'bd-wanda'?",
            "expected_reach": "The value 'many' is invalid for 'expected_reach'. Expected a whole number of 0 or more.",
            "end": "The end '2027-03-21' is a date but the start has a time. Give the end as a time like '16:00' or a date and time like '2027-03-15 16:00'.",
            "id": "The value 'a b' is invalid for 'id'. Ids use letters, digits, '-', '_' and '.', and no spaces.",
        ]),
    ])
    func badFieldsComeBackWithTheCampaignFilesMessagesBesideThem(lang: String, messages: [String: String]) async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing", lang: lang)
            let token = try #require(try await browser.request(Self.newEvent).hiddenCSRF)
            let refused = try await browser.request(
                Self.newEvent, method: .post,
                form: [("csrf", token)]
                    + Self.fields(id: "a b", title: "  ", venue: "bd-wandaa", end: "2027-03-21", expected: "many"))
            #expect(refused.status == .unprocessableContent)
            for (field, message) in messages {
                #expect(
                    refused.text.contains("<span class=\"field-error\" id=\"\(field)-error\" role=\"alert\">\(escape(message))</span>"),
                    "\(field): \(message)")
            }
            // What was typed comes back.
            #expect(refused.text.contains("name=\"expected_reach\" value=\"many\""))
            #expect(try await setup.store.event("a b") == nil)
            #expect(try await setup.store.pendingWebEdits(campaigns: nil).isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aClashNamesTheOtherEventAndSavesNothing() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("wang.fang")
            let token = try #require(try await browser.request(Self.newEvent).hiddenCSRF)
            // 315-bd-wanda is at 万达广场 on 13 March, 10:00–16:00.
            let refused = try await browser.request(
                Self.newEvent, method: .post,
                form: [("csrf", token)]
                    + Self.fields(title: "<script>alert('x')</script>讲座", start: "2027-03-13 11:00", end: "12:00", staff: ""))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("排期冲突（未保存）"))
            let venue = try #require(setup.reference.venue("bd-wanda")).names.zh
            #expect(refused.text.contains(escape(
                "场地 '\(venue)' 在 2027-03-13 11:00–12:00 重复预订：活动 '315-bd-wanda'也在该场地。")))
            #expect(refused.text.contains(
                "<a href=\"/events/315-bd-wanda\">冲突的活动场次：咸宁万达广场“3·15”金融消费者权益保护集中宣传日（315-bd-wanda）</a>"))
            // What was typed comes back as text.
            #expect(refused.text.contains("value=\"\(escape("<script>alert('x')</script>讲座"))\""), "\(refused.text)")
            #expect(!refused.text.contains("<script>"))
            #expect(try await setup.store.event("315-bd-wanda-2") == nil)
            #expect(try await setup.store.auditEntries(campaign: "2027-315-xianning").isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func editingAnEventAuditsEachFieldBeforeAndAfter() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing", lang: "en")
            let form = try await browser.request("/events/315-bd-chibi-street/edit")
            #expect(form.status == .ok)
            #expect(form.text.contains("<input type=\"text\" name=\"id\" value=\"315-bd-chibi-street\" readonly>"))
            #expect(form.text.contains("name=\"start\" value=\"2027-03-14 09:30\""))
            #expect(form.text.contains("name=\"staff\" value=\"彭亮, 童欣\""))
            let token = try #require(form.hiddenCSRF)
            let fields: [(String, String)] = [
                ("csrf", token), ("id", "ignored"), ("title", "赤壁步行街防诈骗宣传 <b>"), ("channel", "business-district-event"),
                ("venue", "bd-chibi-street"), ("start", "2027-03-14 09:30"), ("end", "12:30"), ("staff", "彭亮, 童欣"),
                ("expected_reach", "200"),
            ]
            let saved = try await browser.request("/events/315-bd-chibi-street/edit", method: .post, form: fields)
            #expect(saved.status == .seeOther, "\(saved.text)")
            #expect(saved.headers[.location] == "/events/315-bd-chibi-street")
            let audit = try await setup.store.auditEntries(event: "315-bd-chibi-street")
            #expect(audit.map(\.change) == [
                .field("title", from: "赤壁商业步行街“3·15”防诈骗宣传", to: "赤壁步行街防诈骗宣传 <b>"),
                .field("end", from: "12:00", to: "12:30"),
            ])
            let page = try await browser.request("/events/315-bd-chibi-street")
            #expect(page.text.contains("<td>title: 赤壁商业步行街“3·15”防诈骗宣传 → 赤壁步行街防诈骗宣传 &lt;b&gt;</td>"))
            #expect(page.text.contains("<td>end: 12:00 → 12:30</td>"))
            let campaign = try await browser.request(Self.campaign + "?lang=en")
            #expect(campaign.text.contains("<td>end: 12:00 → 12:30</td>"))
            #expect(try await setup.store.event("315-bd-chibi-street")?.event.status == .planned)
            // Saving it unchanged records nothing more.
            _ = try await browser.request("/events/315-bd-chibi-street/edit", method: .post, form: fields)
            #expect(try await setup.store.auditEntries(event: "315-bd-chibi-street").count == 2)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func onlyAdminsAndPlannersPlan() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var nobody = Browser(client)
            for path in [Self.newEvent, "/events/315-bd-wanda/edit"] {
                let page = try await nobody.request(path)
                #expect(page.status == .seeOther && page.headers[.location] == "/login", "\(path)")
                let posted = try await nobody.request(path, method: .post, form: Self.fields())
                #expect(posted.status == .seeOther && posted.headers[.location] == "/login", "\(path)")
            }
            // Viewers and approvers: 403 with the reason, no form, nothing saved; no links either.
            for name in ["zhao.lei", "liu.yang"] {
                var browser = Browser(client)
                _ = try await browser.signIn(name)
                let token = try #require(try await browser.request("/events/315-bd-wanda").hiddenCSRF)
                #expect(!(try await browser.request(Self.campaign)).text.contains("events/new"))
                #expect(!(try await browser.request("/events/315-bd-wanda")).text.contains("/edit\""))
                for path in [Self.newEvent, "/events/315-bd-wanda/edit"] {
                    let page = try await browser.request(path)
                    #expect(page.status == .forbidden, "\(name) \(path)")
                    #expect(page.text.contains("只有管理员和策划人员可以安排活动场次。"))
                    #expect(!page.text.contains("name=\"title\""))
                    let posted = try await browser.request(path, method: .post, form: [("csrf", token)] + Self.fields())
                    #expect(posted.status == .forbidden, "\(name) \(path)")
                }
            }
            // Branch staff: 404 outside their subtree (as the event page), 403 inside it.
            var staff = Browser(client)
            _ = try await staff.signIn("li.ming")
            #expect(try await staff.request("/events/315-bd-chibi-street/edit").status == .notFound)
            #expect(try await staff.request("/events/315-bd-wanda/edit").status == .forbidden)
            #expect(try await staff.request(Self.newEvent).status == .forbidden)
            // Unknown ids and path tricks: 404.
            var planner = Browser(client)
            _ = try await planner.signIn("chen.jing")
            #expect(try await planner.request("/campaigns/none/events/new").status == .notFound)
            #expect(try await planner.request("/events/none/edit").status == .notFound)
            #expect(try await planner.request("/events/..%2Fx/edit").status == .notFound)
            // A form without the session's token: 403, nothing saved.
            let noToken = try await planner.request(Self.newEvent, method: .post, form: Self.fields())
            #expect(noToken.status == .forbidden)
            #expect(try await setup.store.event("315-bd-wanda-2") == nil)
            #expect(try await setup.store.auditEntries(campaign: "2027-315-xianning").isEmpty)
        }
    }

    @Test func planningMessagesHaveBothLanguages() {
        let name = BilingualName(zh: "讲座", en: "Talk")
        let samples: [Message] = [
            PlanningWebMessages.newEventLink, PlanningWebMessages.editEventLink,
            PlanningWebMessages.newEventTitle(campaign: name), PlanningWebMessages.editEventTitle(event: name),
            PlanningWebMessages.saveButton, PlanningWebMessages.notAllowed, PlanningWebMessages.formHasErrors,
            PlanningWebMessages.clashesHeading, PlanningWebMessages.clashesWith(title: name, id: "e1"),
            PlanningWebMessages.warningsHeading, PlanningWebMessages.saved(title: name), PlanningWebMessages.openEvent,
            PlanningWebMessages.fromVenue, PlanningWebMessages.choose, PlanningWebMessages.webEditNote,
            PlanningWebMessages.pendingWebEdit(by: "wang.fang", at: "2027-03-16 10:00"),
            PlanningWebMessages.pendingWebEdits(count: 1), PlanningWebMessages.pendingWebEdits(count: 2),
        ] + EventFields.keys.map(PlanningWebMessages.label) + EventFields.keys.compactMap(PlanningWebMessages.hint)
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
