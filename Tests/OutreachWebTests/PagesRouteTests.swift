import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

@testable import OutreachWeb

/// The calendar, campaign and event pages over the shipped seeds and campaigns: views, filters, holidays and
/// conflicts, status changes with their audit, and what each role may read and change.
struct PagesRouteTests {
    @Test(.timeLimit(.minutes(2)))
    func monthWeekAndAgendaShowTheShippedEventsOnTheirDays() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            let month = try await browser.request("/calendar?view=month&date=2027-03-15")
            #expect(month.status == .ok)
            #expect(month.text.contains("<table class=\"cal month\">"))
            #expect(month.day("2027-03-13").contains("/events/315-bd-wanda"))
            #expect(month.day("2027-03-14").contains("/events/315-bd-chibi-street"))
            #expect(!month.day("2027-03-13").contains("315-bd-chibi-street"))
            // A recurring event on each of its days (the radio spot, 9 to 15 March), a display on every day.
            for day in 9...15 { #expect(month.day("2027-03-\(String(format: "%02d", day))").contains("/events/315-radio-spot")) }
            #expect(!month.day("2027-03-16").contains("/events/315-radio-spot"))
            #expect(month.day("2027-03-20").contains("/events/315-led-wenquanlu"))
            // The month's grid runs Monday to Sunday: 1 March 2027 is a Monday, the 31st a Wednesday.
            #expect(month.text.contains("id=\"d2027-03-01\""))
            #expect(month.text.contains("id=\"d2027-04-04\""))
            #expect(!month.text.contains("id=\"d2027-04-05\""))
            // The channel's name is shown as text beside its colour.
            #expect(month.day("2027-03-13").contains("<span class=\"chname\">商圈宣传</span>"))
            #expect(month.day("2027-03-13").contains("<li class=\"ch"))
            // Previous and next keep the view.
            #expect(month.text.contains("/calendar?view=month&amp;date=2027-02-01"))
            #expect(month.text.contains("/calendar?view=month&amp;date=2027-04-01"))

            let week = try await browser.request("/calendar?view=week&date=2027-03-15")
            #expect(week.text.contains("<table class=\"cal week\">"))
            #expect(week.day("2027-03-15").contains("/events/315-desk-yongan"))
            #expect(week.day("2027-03-15").contains("/events/315-desk-chibi-renmin"))
            #expect(!week.text.contains("id=\"d2027-03-14\""))
            #expect(!week.text.contains("/events/315-bd-wanda"))

            let agenda = try await browser.request("/calendar?view=agenda&date=2027-03-13")
            #expect(agenda.text.contains("<section class=\"day\" id=\"d2027-03-13\">"))
            #expect(agenda.day("2027-03-13").contains("/events/315-bd-wanda"))
            #expect(!agenda.text.contains("id=\"d2027-03-12\""))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func filtersNarrowTheCalendar() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            let all = try await browser.request("/calendar?view=month&date=2027-03-15")
            #expect(all.text.contains("/events/315-bd-wanda") && all.text.contains("/events/hh-"))
            let desks = try await browser.request("/calendar?view=month&date=2027-03-15&channel=outlet-desk")
            #expect(desks.text.contains("/events/315-desk-yongan"))
            #expect(!desks.text.contains("/events/315-bd-wanda"))
            #expect(!desks.text.contains("/events/315-led-"))
            let chibi = try await browser.request("/calendar?view=month&date=2027-03-15&branch=xn-chibi")
            #expect(chibi.text.contains("/events/315-bd-chibi-street"))
            #expect(!chibi.text.contains("/events/315-bd-wanda"))
            #expect(!chibi.text.contains("/events/315-desk-wenquanlu"))
            let planned = try await browser.request("/calendar?view=month&date=2027-03-15&status=planned")
            #expect(planned.text.contains("/events/315-desk-yongan"))
            #expect(!planned.text.contains("/events/315-bd-wanda"))  // confirmed
            let campaign = try await browser.request("/calendar?view=month&date=2027-03-15&campaign=2027-315-xianning")
            #expect(campaign.text.contains("/events/315-bd-wanda"))
            #expect(!campaign.text.contains("/events/hh-"))
            // The form keeps what was chosen, and works without JavaScript (GET).
            #expect(desks.text.contains("<form method=\"get\" action=\"/calendar\" class=\"filters\">"))
            #expect(desks.text.contains("<option value=\"outlet-desk\" selected>"))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func holidaysAndConflictsAreMarked() async throws {
        let setup = try await ShippedWebSetup(extra: [ShippedWebSetup.clashing()])
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            // 2026: the State Council notice's National Day block; 2027 (no notice yet): the statutory date.
            let october = try await browser.request("/calendar?view=month&date=2026-10-01")
            #expect(october.text.contains("<td id=\"d2026-10-03\" class=\"holiday"))
            #expect(october.day("2026-10-03").contains("节假日：国庆节"))
            #expect(october.day("2026-10-10").contains("调休上班（国庆节）"))
            let january = try await browser.request("/calendar?view=month&date=2027-01-10&lang=en")
            #expect(january.day("2027-01-01").contains("Holiday: New Year&#39;s Day") || january.day("2027-01-01").contains("Holiday: New Year"))
            #expect(!january.day("2027-01-04").contains("Holiday"))

            let march = try await browser.request("/calendar?view=month&date=2027-03-13&lang=zh")
            let day = march.day("2027-03-13")
            #expect(day.contains("/events/local-yongan-desk"))
            #expect(day.components(separatedBy: "<span class=\"badge\">冲突</span>").count == 3)  // both events
            #expect(march.text.contains("<h2>日程冲突</h2>"))
            #expect(march.text.contains("周敏"))
            // Filtered down to one of the two, there is nothing left to clash with.
            let one = try await browser.request("/calendar?view=month&date=2027-03-13&campaign=2027-local-clash")
            #expect(!one.text.contains("class=\"badge\""))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func confirmDoneAndCancelChangeTheStatusAndWriteTheAudit() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("liu.yang")
            let page = try await browser.request("/events/315-bd-chibi-street")
            #expect(page.status == .ok)
            #expect(page.text.contains("<span class=\"status\">计划</span>"))
            #expect(page.text.contains("还没有变更记录。"))
            let token = try #require(page.hiddenCSRF)

            let confirmed = try await browser.request(
                "/events/315-bd-chibi-street/status", method: .post, form: [("csrf", token), ("action", "confirm")])
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.headers[.location] == "/events/315-bd-chibi-street")
            let afterConfirm = try await browser.request("/events/315-bd-chibi-street")
            #expect(afterConfirm.text.contains("<span class=\"status\">已确认</span>"))
            #expect(afterConfirm.text.contains("<td>刘洋 (liu.yang)</td><td>网页</td><td>状态：计划 → 已确认</td>"))

            let done = try await browser.request(
                "/events/315-bd-chibi-street/status", method: .post, form: [("csrf", token), ("action", "done")])
            #expect(done.status == .seeOther)
            #expect(try await browser.request("/events/315-bd-chibi-street").text.contains("<span class=\"status\">已完成</span>"))

            // Done is final: the store's message, in the page's language, and nothing changes.
            let again = try await browser.request(
                "/events/315-bd-chibi-street/status", method: .post, form: [("csrf", token), ("action", "cancel"), ("reason", "x")])
            #expect(again.status == .conflict)

            let cancelled = try await browser.request(
                "/events/315-desk-yongan/status", method: .post,
                form: [("csrf", token), ("action", "cancel"), ("reason", "  场地装修，改期  ")])
            #expect(cancelled.status == .seeOther)
            let afterCancel = try await browser.request("/events/315-desk-yongan")
            #expect(afterCancel.text.contains("<span class=\"status\">已取消</span>"))
            #expect(afterCancel.text.contains("<td>场地装修，改期</td>"))

            let chibi = try await setup.store.auditEntries(event: "315-bd-chibi-street")
            #expect(chibi.map(\.change) == [.status(from: .planned, to: .confirmed), .status(from: .confirmed, to: .done)])
            #expect(chibi.allSatisfy { $0.actor == "liu.yang" && $0.actorDisplayName == "刘洋" && $0.source == .web })
            #expect(chibi.allSatisfy { $0.at == ShippedWebSetup.now && $0.campaign == "2027-315-xianning" })
            let yongan = try await setup.store.auditEntries(event: "315-desk-yongan")
            #expect(yongan.map(\.reason) == ["场地装修，改期"])
            #expect(try await setup.store.event("315-desk-yongan")?.event.status == .cancelled)

            // The campaign page adds the changes up.
            let campaign = try await browser.request("/campaigns/2027-315-xianning")
            #expect(campaign.text.contains("<li>状态：计划 → 已确认: 1 次</li>"))
            #expect(campaign.text.contains("<li>状态：计划 → 已取消: 1 次</li>"))
            #expect(campaign.text.contains("/events/315-desk-yongan\">315-desk-yongan</a>"))
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: zip(["zh", "en"], ["请填写取消原因。", "Please give a reason for cancelling."]))
    func cancellingWithoutAReasonIsRefusedInThePageLanguage(lang: String, message: String) async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing", lang: lang)
            let page = try await browser.request("/events/315-desk-yongan")
            let refused = try await browser.request(
                "/events/315-desk-yongan/status", method: .post,
                form: [("csrf", page.hiddenCSRF ?? ""), ("action", "cancel"), ("reason", "   ")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<p class=\"error\" id=\"reason-error\" role=\"alert\">\(message)</p>"))
            #expect(try await setup.store.event("315-desk-yongan")?.event.status == .planned)
            #expect(try await setup.store.auditEntries(event: "315-desk-yongan").isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func everyRoleAndNobodyOnEveryPage() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        // 315-bd-wanda is 温泉支行's (xn-wenquan), 315-bd-chibi-street 赤壁人民路's (under xn-chibi).
        let pages = [
            "/calendar", "/calendar?view=week&date=2027-03-13", "/calendar?view=agenda&date=2027-03-13", "/campaigns",
            "/campaigns/2027-315-xianning", "/events/315-bd-wanda", "/events/315-bd-chibi-street",
        ]
        try await setup.application.test(.router) { client in
            // Nobody: every page and every change sends to the sign-in page, and nothing changes.
            var nobody = Browser(client)
            for path in pages {
                let page = try await nobody.request(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.headers[.location] == "/login")
            }
            let anonymous = try await nobody.request(
                "/events/315-bd-chibi-street/status", method: .post, form: [("csrf", "x"), ("action", "confirm")])
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/login")

            for (name, role, _, _) in ShippedWebSetup.users {
                var browser = Browser(client)
                _ = try await browser.signIn(name)
                for path in pages {
                    let page = try await browser.request(path)
                    let hidden = name == "li.ming" && path == "/events/315-bd-chibi-street"
                        || name == "peng.liang" && path == "/events/315-bd-wanda"
                    #expect(page.status == (hidden ? .notFound : .ok), "\(name) \(path)")
                    if path.hasPrefix("/events/"), !hidden {
                        // Viewers see no buttons; everyone else does.
                        #expect(page.text.contains("/status\" class=\"status\">") == (role != .viewer), "\(name) \(path)")
                    }
                }
                // Branch staff: nothing of another branch in the calendar (even asked for), nor on the campaign page.
                if name == "li.ming" {
                    for path in ["/calendar?view=month&date=2027-03-15", "/calendar?view=month&date=2027-03-15&branch=xn-chibi",
                        "/campaigns/2027-315-xianning"]
                    {
                        let page = try await browser.request(path)
                        #expect(page.text.contains("/events/315-bd-wanda"), "\(path)")
                        #expect(!page.text.contains("/events/315-bd-chibi-street"), "\(path)")
                        #expect(!page.text.contains("/events/315-desk-yongan"), "\(path)")
                    }
                    let token = try await browser.request("/events/315-bd-wanda").hiddenCSRF ?? ""
                    let other = try await browser.request(
                        "/events/315-bd-chibi-street/status", method: .post, form: [("csrf", token), ("action", "confirm")])
                    #expect(other.status == .notFound)
                    #expect(try await setup.store.event("315-bd-chibi-street")?.event.status == .planned)
                    // Their own branch's event they may change.
                    let own = try await browser.request(
                        "/events/315-desk-wenquanlu/status", method: .post, form: [("csrf", token), ("action", "done")])
                    #expect(own.status == .seeOther)
                }
                if name == "zhao.lei" {
                    let token = try await browser.request("/events/315-bd-chibi-street").hiddenCSRF ?? ""
                    let refused = try await browser.request(
                        "/events/315-bd-chibi-street/status", method: .post, form: [("csrf", token), ("action", "confirm")])
                    #expect(refused.status == .forbidden)
                    #expect(refused.text.contains("只读用户不能更改活动状态。"))
                    #expect(try await setup.store.event("315-bd-chibi-street")?.event.status == .planned)
                }
                // A forged form token changes nothing.
                if name == "chen.jing" {
                    let forged = try await browser.request(
                        "/events/315-bd-chibi-street/status", method: .post, form: [("csrf", "forged"), ("action", "confirm")])
                    #expect(forged.status == .forbidden)
                    #expect(try await setup.store.event("315-bd-chibi-street")?.event.status == .planned)
                }
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func idsWithPathTricksAndUnknownIdsAreNotFound() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("wang.fang")
            for path in [
                "/events/%2e%2e", "/events/..%2F..%2Fetc%2Fpasswd", "/events/315-bd-wanda%00", "/events/a%5C..",
                "/campaigns/%2e%2e", "/campaigns/..%2fx", "/events/no-such-event", "/campaigns/no-such-campaign",
                "/events/%2e%2e/status",
            ] {
                let page = try await browser.request(path)
                #expect(page.status == .notFound, "\(path)")
            }
            let token = try await browser.request("/events/315-bd-wanda").hiddenCSRF ?? ""
            let post = try await browser.request("/events/%2e%2e/status", method: .post, form: [("csrf", token), ("action", "done")])
            #expect(post.status == .notFound)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aScriptInATitleShowsAsText() async throws {
        let setup = try await ShippedWebSetup(extra: [ShippedWebSetup.clashing(title: "<script>alert('x')</script>讲座")])
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("wang.fang")
            for path in ["/events/local-yongan-desk", "/calendar?view=month&date=2027-03-13", "/campaigns/2027-local-clash"] {
                let page = try await browser.request(path)
                #expect(page.status == .ok)
                #expect(!page.text.contains("<script>"), "\(path)")
                #expect(page.text.contains("&lt;script&gt;"), "\(path)")
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func theCampaignPagesShowTargetsAndProgress() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing", lang: "en")
            let list = try await browser.request("/campaigns")
            #expect(list.text.contains("/campaigns/2027-315-xianning"))
            #expect(list.text.contains("/campaigns/2026-2027-households"))
            let page = try await browser.request("/campaigns/2027-315-xianning")
            #expect(page.text.contains("2027-03-08 to 2027-03-21"))
            #expect(page.text.contains("200000 people"))
            #expect(page.text.contains("Progress"))
            #expect(page.text.contains("held of"))
            #expect(page.text.contains("No reach logged yet.") || page.text.contains("<table class=\"list reach\">"))
            #expect(page.text.contains("/events/315-bd-wanda"))
        }
    }

    @Test func pagesMessagesHaveBothLanguages() {
        let samples: [Message] = [
            PagesMessages.calendarNav, PagesMessages.campaignsNav, PagesMessages.calendarTitle, PagesMessages.previous,
            PagesMessages.next, PagesMessages.todayLink,
            PagesMessages.window(from: LocalDate("2027-03-01")!, through: LocalDate("2027-03-31")!),
            PagesMessages.branchFilter, PagesMessages.campaignFilter, PagesMessages.channelFilter, PagesMessages.statusFilter,
            PagesMessages.allOption, PagesMessages.notCancelledOption, PagesMessages.applyFilters,
            PagesMessages.holiday(BilingualName(zh: "国庆节", en: "National Day")),
            PagesMessages.adjustedWorkday(BilingualName(zh: "国庆节", en: "National Day")), PagesMessages.conflictBadge, PagesMessages.moreOnDay(9),
            PagesMessages.conflictsHeading, PagesMessages.noEventsInView, PagesMessages.campaignsTitle, PagesMessages.noCampaigns,
            PagesMessages.periodLabel, PagesMessages.kindLabel, PagesMessages.ownerLabel, PagesMessages.branchesLabel,
            PagesMessages.segmentsLabel, PagesMessages.noTargetPopulation, PagesMessages.people(2), PagesMessages.progressHeading,
            PagesMessages.heldOfPlanned(held: 1, planned: 3, unplanned: 1), PagesMessages.reachHeading, PagesMessages.noReachYet,
            PagesMessages.metricColumn, PagesMessages.countColumn, PagesMessages.eventsHeading, PagesMessages.noEvents,
            PagesMessages.campaignLabel, PagesMessages.whenLabel, PagesMessages.repeatsLabel, PagesMessages.channelLabel,
            PagesMessages.venueLabel, PagesMessages.branchLabel, PagesMessages.staffLabel, PagesMessages.expectedReachLabel,
            PagesMessages.statusLabel, PagesMessages.notesLabel, PagesMessages.occurrencesHeading,
            PagesMessages.changeStatusHeading, PagesMessages.confirmButton, PagesMessages.doneButton, PagesMessages.cancelButton,
            PagesMessages.reasonLabel, PagesMessages.reasonRequired, PagesMessages.readOnly, PagesMessages.unknownAction,
            PagesMessages.auditHeading, PagesMessages.auditSummaryHeading, PagesMessages.noAudit, PagesMessages.changeCount(2),
        ]
        let all = samples + CalendarListing.View.allCases.map(PagesMessages.view) + PagesMessages.auditHeaders
        #expect(MessageCatalogueCheck.problems(in: all) == [])
    }

    @Test(arguments: [
        (PagesMessages.reasonRequired, "请填写取消原因。", "Please give a reason for cancelling."),
        (PagesMessages.readOnly, "只读用户不能更改活动状态。", "Read-only users cannot change an event's status."),
        (PagesMessages.heldOfPlanned(held: 2, planned: 5, unplanned: 1), "已开展 2 场 / 计划 5 场，另有计划外 1 场", "2 held of 5 planned, and 1 unplanned"),
        (AuditMessages.change(.status(from: .planned, to: .confirmed)), "状态：计划 → 已确认", "Status: planned → confirmed"),
        (PagesMessages.holiday(BilingualName(zh: "元旦", en: "New Year's Day")), "节假日：元旦", "Holiday: New Year's Day"),
    ])
    func messagesWordForWord(message: Message, zh: String, en: String) {
        #expect(message.text(.zh) == zh)
        #expect(message.text(.en) == en)
    }
}

/// A day of the grid with more occurrences than it shows: clashes first, then the earliest, and a link to the rest.
struct CalendarDayCapTests {
    @Test func aBusyDayShowsItsClashesFirstAndLinksToTheRest() async throws {
        let setup = try await ShippedWebSetup()
        defer { setup.close() }
        let reference = try #require(try await setup.store.referenceData())
        let march = try await CalendarListing(store: setup.store, reference: reference)
            .calendar(CalendarListing.Query(view: .month, date: try #require(LocalDate("2027-03-15"))))
        let busiest = try #require(march.days.max { $0.occurrences.count < $1.occurrences.count })
        // Four times the day, as a province's month would have it.
        let many = Array(repeating: busiest.occurrences, count: 4).flatMap { $0 }
        #expect(many.count > CalendarPage.shownPerDay)
        let last = try #require(many.last)
        let shown = CalendarPage.shown(many, conflicting: [last.event.id])
        #expect(shown.count == CalendarPage.shownPerDay)
        #expect(shown.contains { $0.event.id == last.event.id }, "a clash was left out")
        #expect(CalendarPage.shown(busiest.occurrences, conflicting: []).count == busiest.occurrences.count)
    }
}
