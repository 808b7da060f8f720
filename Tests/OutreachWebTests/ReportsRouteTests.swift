import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

@testable import OutreachWeb

/// The reports, bulletin and scorecard pages: the figures through the same use case and renderer as
/// `outreach report`, downloads, the scope of branch staff, and four-eyes publishing.
@Suite(.timeLimit(.minutes(3)))
struct ReportsRouteTests {
    /// The route-test store with a planner and an approver, a campaign whose title is a script, and reach logged
    /// on 5 December 2026: 46 + 12 people in 温泉路网点 (east), 30 in 人民路网点 (west), 7 at the script's event.
    static func setup() async throws -> WebSetup {
        let setup = try await WebSetup()
        for (name, role, shown) in [("chen.jing", User.Role.planner, "陈静"), ("liu.yang", .approver, "刘洋"), ("sun.li", .approver, "孙丽")] {
            _ = try await setup.store.addUser(
                User(name: User.Name(name), displayName: shown, role: role, createdAt: WebSetup.now),
                passwordHash: try await setup.web.hasher.hash(WebSetup.password))
        }
        let hostile = Campaign(
            id: "c-script", title: BilingualName(zh: "<script>alert('x')</script>宣传月", en: "<script>x</script>"), kind: "households",
            start: LocalDate("2026-12-01")!, end: LocalDate("2026-12-31")!, owner: "city", branches: ["west"],
            channels: ["community-event"],
            events: [
                Event(
                    id: "script-talk", campaign: "c-script", title: BilingualName(zh: "讲座"), channel: "community-event",
                    venue: "community-1", branch: "west-1",
                    timing: .timed(start: LocalDateTime("2026-12-05 10:00")!, end: LocalDateTime("2026-12-05 11:00")!),
                    staff: [], status: .planned)
            ])
        _ = try await setup.store.importCampaigns([hostile], sources: [:], reminders: nil, at: WebSetup.now)
        let csv = """
            event,date,metric,count,segment
            east-talk,2026-12-05,attendees,46,elderly
            east-talk,2026-12-05,consultations,12,elderly
            west-talk,2026-12-05,attendees,30,elderly
            script-talk,2026-12-05,attendees,7,

            """
        try await log(csv, setup: setup)
        return setup
    }

    /// Logs reach as the admin through the upload page.
    static func log(_ csv: String, setup: WebSetup) async throws {
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("wang.fang")
            let token = try #require(try await browser.request("/reach/upload").hiddenCSRF)
            let imported = try await ReachRouteTests.post(
                browser, "/reach/upload", fields: [("csrf", token)],
                files: [ReachRouteTests.Upload(name: "file", filename: "reach.csv", type: "text/csv", bytes: Array(csv.utf8))])
            #expect(imported.status == .ok, "\(imported.text)")
        }
    }

    @Test func theReportShowsTheTableAndAnEscapedChartWithDownloads() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("zhao.lei")  // a viewer reads reports
            let home = try await browser.request("/")
            #expect(home.text.contains("<a href=\"/reports\">报表</a>"))
            let page = try await browser.request("/reports?period=month&month=2026-12&by=branch")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h2>咸宁分行 2026-12 触达报表</h2>") || page.text.contains("2026-12"))
            #expect(page.text.contains("<svg"))
            #expect(page.text.contains("咸安支行") && page.text.contains("赤壁支行"))
            // Person-times: 46 + 12 in 咸安支行, 30 + 7 in 赤壁支行, 95 in all.
            #expect(page.text.contains("<td class=\"n\">58</td>"))
            #expect(page.text.contains("<td class=\"n\">37</td>"))
            #expect(page.text.contains("<td class=\"n\">95</td>"))
            // The form keeps what was asked, and works without JavaScript.
            #expect(page.text.contains("<form method=\"get\" action=\"/reports\""))
            #expect(page.text.contains("<option value=\"branch\" selected>"))
            #expect(page.text.contains("name=\"month\" value=\"2026-12\""))
            #expect(page.text.contains("/reports/download?period=month&amp;month=2026-12&amp;by=branch&amp;format=csv"))
            #expect(!page.text.contains("<script"))
            // The style comes from this site (the pages' policy allows no inline style).
            #expect(page.text.contains("<link rel=\"stylesheet\" href=\"/assets/reports.css\">"))
            #expect(!page.text.contains("<style"))
            let css = try await browser.request("/assets/reports.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains(".bar{fill:#2f6db5}"))

            // A campaign titled with a script: shown as text in the chart and the table.
            let byCampaign = try await browser.request("/reports?period=month&month=2026-12&by=campaign")
            #expect(byCampaign.status == .ok)
            #expect(!byCampaign.text.contains("<script>"))
            let svg = try #require(byCampaign.text.range(of: "<svg")).lowerBound
            let chart = String(byCampaign.text[svg...].prefix { _ in true }.prefix(4000))
            #expect(chart.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;宣传月") || chart.contains("&lt;script&gt;"))
            #expect(byCampaign.text.contains("金融知识进万家"))

            let english = try await browser.request("/reports?period=month&month=2026-12&by=channel&lang=en")
            #expect(english.text.contains("Community event"))
            #expect(english.text.contains(">Group by<") || english.text.contains("Group by"))
        }
    }

    @Test func badInputComesBackWithEachFieldsErrorInThePagesLanguage() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            let month = try await browser.request("/reports?period=month&month=2026-13&by=channel")
            #expect(month.status == .unprocessableContent)
            #expect(month.text.contains("请修改下面标出的项。"))
            #expect(month.text.contains("&#39;月份&#39; 的值 &#39;2026-13&#39; 无效。应为 &#39;2027-03&#39; 这样的值，年份在 2000 到 2100 之间。"))
            #expect(month.text.contains("name=\"month\" value=\"2026-13\""))
            let by = try await browser.request("/reports?period=month&month=2026-12&by=colour&lang=en")
            #expect(by.status == .unprocessableContent)
            #expect(by.text.contains("The value &#39;colour&#39; is invalid for &#39;--by&#39;."))
            let range = try await browser.request("/reports?period=range&from=2026-12-10&to=2026-12-01&lang=zh")
            #expect(range.status == .unprocessableContent)
            #expect(range.text.contains("&#39;--to&#39; 的值 &#39;2026-12-01&#39; 早于 &#39;--from&#39; 的值 &#39;2026-12-10&#39;。"))
            let times = try await browser.request("/reports?period=month&month=2026-12&by=month&then=week")
            #expect(times.text.contains("&#39;--by&#39; 只能包含 &#39;month&#39;、&#39;week&#39;、&#39;day&#39; 中的一个。"))
            // A quarter and a range as the command line takes them (2026/12/1, full-width digits).
            #expect(try await browser.request("/reports?period=quarter&quarter=2026-Q4&by=segment").status == .ok)
            #expect(try await browser.request("/reports?period=range&from=2026/12/1&to=２０２６-12-05").status == .ok)
        }
    }

    @Test func branchStaffSeeOnlyTheirSubtree() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("li.ming")  // branch staff of 咸安支行 (east)
            let own = try await browser.request("/reports?period=month&month=2026-12&by=branch")
            #expect(own.status == .ok)
            #expect(own.text.contains("温泉路网点"))
            #expect(!own.text.contains("人民路网点"))
            #expect(own.text.contains("<td class=\"n\">58</td>"))
            #expect(!own.text.contains("<td class=\"n\">95</td>"))
            // Another branch, in the report, its downloads, the scorecard and the bulletin: no such page.
            for path in [
                "/reports?period=month&month=2026-12&branch=west", "/reports/download?period=month&month=2026-12&branch=west&format=csv",
                "/reports/scorecard?period=month&month=2026-12&branch=west", "/reports/bulletin?month=2026-12&branch=west",
                "/reports/bulletin/file?month=2026-12&branch=city", "/reports?branch=city",
            ] {
                #expect(try await browser.request(path).status == .notFound, "\(path)")
            }
            let csv = try await browser.request("/reports/download?period=month&month=2026-12&by=branch&format=csv")
            #expect(csv.text.contains("温泉路网点") && !csv.text.contains("人民路网点"))
            let scorecard = try await browser.request("/reports/scorecard?period=month&month=2026-12")
            #expect(scorecard.status == .ok)
            #expect(scorecard.text.contains("温泉路网点") && !scorecard.text.contains("人民路网点"))
            let bulletin = try await browser.request("/reports/bulletin?month=2026-12")
            #expect(bulletin.status == .ok)
            #expect(bulletin.text.contains("咸安支行"))
            #expect(!bulletin.text.contains("action=\"/reports/bulletin/prepare\""))
        }
    }

    @Test func csvStartsWithTheByteOrderMarkAndEqualsTheCommandLinesCSV() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        let (downloaded, workbook) = try await setup.application.test(.router) { client -> ([UInt8], [UInt8]) in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            let response = try await client.executeRequest(
                uri: "/reports/download?period=month&month=2026-12&by=branch,segment&format=csv", method: .get,
                headers: browser.cookieHeader, body: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"outreach-report-2026-12.csv\"")
            let downloaded = Array(buffer: response.body)
            let xlsx = try await client.executeRequest(
                uri: "/reports/download?period=month&month=2026-12&by=branch,segment&format=xlsx", method: .get,
                headers: browser.cookieHeader, body: nil)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            return (downloaded, Array(buffer: xlsx.body))
        }
        #expect(Array(downloaded.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: downloaded, as: UTF8.self).contains("咸安支行"))
        // The command line's CSV of the same question, byte for byte.
        let runner = try CommandRunner()
        let cli = try await runner.run([
            "report", "totals", "--database", setup.folder + "/outreach.sqlite", "--month", "2026-12", "--by", "branch,segment",
            "--format", "csv", "--excel",
        ])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(Array(cli.stdout.utf8) == downloaded)
        // xlsx: a zip (PK), which reads back with the same rows.
        #expect(Array(workbook.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
    }

    @Test func withoutChromiumThePDFLinkAnswersWithAPageSayingSo() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        let router = Router(context: WebRequestContext.self)
        router.addMiddleware {
            LanguageMiddleware(secureCookies: false)
            SessionMiddleware(web: setup.web)
            NotFoundPageMiddleware()
        }
        AuthController(web: setup.web).addRoutes(to: router)
        ReachUploadController(web: setup.web).addRoutes(to: router)
        var reports = ReportsController(web: setup.web)
        reports.printer = PDFPrinter(environment: ["OUTREACH_CHROMIUM": setup.folder + "/no-such-browser"])
        reports.addRoutes(to: router)
        var logger = Logger(label: "outreach.reports.test")
        logger.logLevel = .error
        try await Application(router: router, logger: logger).test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            let pdf = try await browser.request("/reports/download?period=month&month=2026-12&by=branch&format=pdf")
            #expect(pdf.status == .serviceUnavailable)
            #expect(pdf.text.contains("服务器上未找到 Chromium，无法生成 PDF。"))
            #expect(pdf.text.contains("/reports?period=month&amp;month=2026-12&amp;by=branch"))
            let bulletin = try await browser.request("/reports/bulletin/file?month=2026-12&format=pdf&lang=en")
            #expect(bulletin.status == .serviceUnavailable)
            #expect(bulletin.text.contains("Chromium was not found on the server, so no PDF can be made."))
        }
    }

    @Test(.enabled(if: PDFPrinter(environment: ProcessInfo.processInfo.environment).browser != nil, "needs Chromium"))
    func withChromiumThePDFsArePrinted() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("chen.jing")
            for (path, name) in [
                ("/reports/download?period=month&month=2026-12&by=branch&format=pdf", "outreach-report-2026-12.pdf"),
                ("/reports/bulletin/file?month=2026-12&branch=city&format=pdf", "2026-12-city.pdf"),
            ] {
                let response = try await client.executeRequest(uri: path, method: .get, headers: browser.cookieHeader, body: nil)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(name)\"")
                #expect(Array(Array(buffer: response.body).prefix(5)) == Array("%PDF-".utf8))
            }
        }
    }

    @Test func thePlannerPreparesAndAnotherApproverPublishesWithBothNamesSigned() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var planner = Browser(client)
            _ = try await planner.signIn("chen.jing")
            let before = try await planner.request("/reports/bulletin?month=2026-12")
            #expect(before.status == .ok)
            #expect(before.text.contains("本期专刊尚未制表。"))
            // The same HTML as `outreach report bulletin`: its heading and sections.
            #expect(before.text.contains("<article class=\"bulletin scroll\">"))
            #expect(before.text.contains("action=\"/reports/bulletin/prepare\""))
            #expect(!before.text.contains("action=\"/reports/bulletin/publish\""))
            let token = try #require(before.hiddenCSRF)
            // Without the form token nothing is done.
            let forged = try await planner.request(
                "/reports/bulletin/prepare", method: .post, form: [("csrf", "x"), ("month", "2026-12"), ("branch", "city")])
            #expect(forged.status == .forbidden)
            #expect(try await setup.store.bulletinPreparation(month: "2026-12", branch: "city") == nil)
            let prepared = try await planner.request(
                "/reports/bulletin/prepare", method: .post, form: [("csrf", token), ("month", "2026-12"), ("branch", "city")])
            #expect(prepared.status == .ok)
            #expect(prepared.text.contains("已制表。请由另一位审核人发布。"))
            #expect(prepared.text.contains("已由 陈静 于 2026-12-05 10:00 制表，待另一位审核人发布。"))
            #expect(prepared.text.contains("<span>制表：陈静</span><span>审核：</span>"))
            // A planner cannot publish.
            let plannerPublish = try await planner.request(
                "/reports/bulletin/publish", method: .post, form: [("csrf", token), ("month", "2026-12"), ("branch", "city")])
            #expect(plannerPublish.status == .forbidden)
            #expect(plannerPublish.text.contains("您的角色（策划）不能发布专刊。"))

            // A viewer reads, and can neither prepare nor publish.
            var viewer = Browser(client)
            _ = try await viewer.signIn("zhao.lei")
            let read = try await viewer.request("/reports/bulletin?month=2026-12")
            #expect(read.status == .ok)
            #expect(!read.text.contains("action=\"/reports/bulletin/prepare\"") && !read.text.contains("action=\"/reports/bulletin/publish\""))
            let viewerToken = try #require(read.hiddenCSRF)
            for step in ["prepare", "publish"] {
                let refused = try await viewer.request(
                    "/reports/bulletin/\(step)", method: .post, form: [("csrf", viewerToken), ("month", "2026-12"), ("branch", "city")])
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("您的角色（只读）不能"))
            }

            // The approver publishes what the planner prepared; both names are signed.
            var approver = Browser(client)
            _ = try await approver.signIn("liu.yang")
            let ready = try await approver.request("/reports/bulletin?month=2026-12")
            #expect(ready.text.contains("action=\"/reports/bulletin/publish\""))
            let published = try await approver.request(
                "/reports/bulletin/publish", method: .post,
                form: [("csrf", try #require(ready.hiddenCSRF)), ("month", "2026-12"), ("branch", "city")])
            #expect(published.status == .ok, "\(published.text)")
            #expect(published.text.contains("已发布。已排队 0 条发布通知。"))
            #expect(published.text.contains("已由 刘洋 于 2026-12-05 10:00 审核发布（制表：陈静）。"))
            #expect(published.text.contains("<span>制表：陈静</span><span>审核：刘洋</span>"))
            #expect(!published.text.contains("action=\"/reports/bulletin/publish\""))
            // The HTML on its own (as `outreach report bulletin` writes it) carries the signature block too.
            let file = try await approver.request("/reports/bulletin/file?month=2026-12&branch=city")
            #expect(file.headers[.contentDisposition] == "attachment; filename=\"2026-12-city.html\"")
            #expect(file.text.hasPrefix("<!DOCTYPE html>"))
            #expect(file.text.contains("<span>制表：陈静</span><span>审核：刘洋</span>"))
            // The audit log: prepared by 陈静, published by 刘洋.
            let audit = try await setup.store.bulletinAudit(month: "2026-12", branch: "city")
            #expect(audit.map(\.action) == [.prepare, .publish])
            #expect(audit.map(\.actor.name) == ["chen.jing", "liu.yang"])
            #expect(published.text.contains("陈静 (chen.jing)") && published.text.contains("刘洋 (liu.yang)"))
            #expect(try await setup.store.bulletin(month: "2026-12", branch: "city")?.publishedBy == "刘洋")
            // Published once.
            let again = try await approver.request(
                "/reports/bulletin/publish", method: .post,
                form: [("csrf", try #require(ready.hiddenCSRF)), ("month", "2026-12"), ("branch", "city")])
            #expect(again.status == .conflict)
        }
    }

    @Test func thePreparerCannotPublishTheirOwn() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            // The admin may prepare and publish, but not the same bulletin.
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang")
            let page = try await admin.request("/reports/bulletin?month=2026-11")
            let token = try #require(page.hiddenCSRF)
            let prepared = try await admin.request(
                "/reports/bulletin/prepare", method: .post, form: [("csrf", token), ("month", "2026-11"), ("branch", "city")])
            #expect(prepared.text.contains("2026-11 专刊是您制表的，不能由您本人审核发布（四眼原则）。请由另一位审核人发布。"))
            #expect(!prepared.text.contains("action=\"/reports/bulletin/publish\""))
            let own = try await admin.request(
                "/reports/bulletin/publish", method: .post, form: [("csrf", token), ("month", "2026-11"), ("branch", "city")])
            #expect(own.status == .forbidden)
            #expect(own.text.contains("2026-11 专刊是您制表的，不能由您本人审核发布"))
            #expect(try await setup.store.bulletin(month: "2026-11", branch: "city") == nil)
            // Not prepared at all: an approver cannot publish it.
            var approver = Browser(client)
            _ = try await approver.signIn("sun.li")
            let unprepared = try await approver.request("/reports/bulletin?month=2026-10&lang=en")
            #expect(!unprepared.text.contains("action=\"/reports/bulletin/publish\""))
            let refused = try await approver.request(
                "/reports/bulletin/publish", method: .post,
                form: [("csrf", try #require(unprepared.hiddenCSRF)), ("month", "2026-10"), ("branch", "city")])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("The 2026-10 bulletin has not been prepared, so it cannot be published."))
        }
    }

    @Test func theCommandLinePublishesAsBothPreparerAndApproverUnlessPreparedInTheWebApp() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        // Prepared in the web app for November; nothing prepared for October.
        try await setup.application.test(.router) { client in
            var planner = Browser(client)
            _ = try await planner.signIn("chen.jing")
            let page = try await planner.request("/reports/bulletin?month=2026-11")
            _ = try await planner.request(
                "/reports/bulletin/prepare", method: .post,
                form: [("csrf", try #require(page.hiddenCSRF)), ("month", "2026-11"), ("branch", "city")])
        }
        let runner = try CommandRunner()
        for month in ["2026-10", "2026-11"] {
            let published = try await runner.run(
                ["report", "bulletin", "--database", setup.folder + "/outreach.sqlite", "--month", month, "--publish"],
                environment: ["USER": "ops"])
            #expect(published.status == 0, "\(published.stderr)")
        }
        let october = try #require(try await setup.store.bulletinPreparation(month: "2026-10", branch: "city"))
        #expect(october.preparedBy == AuditActor(name: "ops", source: .commandLine))
        #expect(october.approvedBy == AuditActor(name: "ops", source: .commandLine))
        let november = try #require(try await setup.store.bulletinPreparation(month: "2026-11", branch: "city"))
        #expect(november.preparedBy.name == "chen.jing" && november.approvedBy?.name == "ops")
        try await setup.application.test(.router) { client in
            var viewer = Browser(client)
            _ = try await viewer.signIn("zhao.lei")
            let page = try await viewer.request("/reports/bulletin?month=2026-11")
            #expect(page.text.contains("已由 ops 于 2026-11-29 09:00 审核发布（制表：陈静）。"))
            #expect(page.text.contains("<span>制表：陈静</span><span>审核：ops</span>"))
            // The audit says where each step was taken.
            #expect(page.text.contains("<td>ops</td><td>命令行</td><td>审核发布</td>") || page.text.contains("命令行"))
        }
    }

    @Test func theScorecardIsTheCommandLinesScorecardAsATable() async throws {
        let setup = try await Self.setup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("zhao.lei")
            let page = try await browser.request("/reports/scorecard?period=month&month=2026-12")
            #expect(page.status == .ok)
            #expect(page.text.contains("<table class=\"list scorecard\">"))
            let reference = try #require(try await setup.store.referenceData())
            let scorecard = try await Scorecards(store: setup.store, reference: reference, today: LocalDate("2026-12-05")!)
                .scorecard(period: ReportPeriod("2026-12")!, scope: nil)
            let renderer = ScorecardRenderer(scorecard: scorecard, reference: reference, language: .zh)
            #expect(!renderer.rows().isEmpty)
            for row in renderer.rows() { #expect(page.text.contains("<td>\(escape(row[0]))</td><td>\(escape(row[1]))</td>")) }
            #expect(page.text.contains(escape(renderer.title)))
        }
    }

    @Test func reportsMessagesHaveBothLanguages() {
        var samples: [Message] = [
            ReportsWebMessages.reportsNav, ReportsWebMessages.reportsTitle, ReportsWebMessages.bulletinTitle,
            ReportsWebMessages.scorecardTitle, ReportsWebMessages.thenBy,
            ReportsWebMessages.noGrouping, ReportsWebMessages.defaultLevel, ReportsWebMessages.showButton,
            ReportsWebMessages.fixFields, ReportsWebMessages.downloads, ReportsWebMessages.pdfTitle,
            ReportsWebMessages.chromiumMissing, ReportsWebMessages.chromiumFailed(status: 1), ReportsWebMessages.backToReport,
            ReportsWebMessages.bulletinLink, ReportsWebMessages.scorecardLink, ReportsWebMessages.notPreparedYet,
            ReportsWebMessages.preparedAwaiting(by: "x", at: "x"), ReportsWebMessages.publishedSigned(by: "x", at: "x", preparer: "x"),
            ReportsWebMessages.prepareButton, ReportsWebMessages.prepareAgainButton, ReportsWebMessages.publishButton,
            ReportsWebMessages.prepared, ReportsWebMessages.publishedNow(notices: 2), ReportsWebMessages.standalone,
            ReportsWebMessages.fourEyesHeading, ReportsWebMessages.auditHeading, ReportsWebMessages.noAudit,
        ]
        samples += ReportQuery.PeriodKind.allCases.map(ReportsWebMessages.periodKindOption)
        samples += ReportQuery.Field.allCases.map(ReportsWebMessages.field)
        samples += BulletinAuditEntry.Action.allCases.map(ReportsWebMessages.auditAction)
        samples += ReportsWebMessages.auditHeaders
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
        let fourEyes: [Message] = [
            BulletinFourEyesMessages.mayNotPrepare(.viewer), BulletinFourEyesMessages.mayNotPublish(.planner),
            BulletinFourEyesMessages.notPrepared(month: "2026-11"), BulletinFourEyesMessages.ownPreparation(month: "2026-11"),
        ]
        #expect(MessageCatalogueCheck.problems(in: fourEyes) == [])
    }
}
