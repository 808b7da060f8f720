import Foundation
import OutreachTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The web app in a real browser: headless Chromium driven by `Tests/Browser/flows.py` (Selenium with
/// Debian's chromium and chromedriver) against `outreach serve` on a free port, on the shipped files, on
/// 5 December 2026 (the day of the 桂花社区 talk). Screenshots are kept in `.build/browser-screenshots/`
/// (test output, not committed).
@Suite(.serialized) struct BrowserFlowTests {
    static let now = "2026-12-05T08:30:00+08:00"

    /// A served copy of the shipped files with one branch-staff user of 温泉支行.
    struct Served {
        let runner: CommandRunner
        let server: SpawnedProcess
        let port: Int
        /// The password of the last user added.
        let password: String

        func stop() async {
            kill(server.processIdentifier, SIGTERM)
            await ServeCommandTests.waitForExit(server)
        }
    }

    static func serve(extraUsers: [[String]] = []) async throws -> Served {
        let runner = try CommandRunner(files: ["outreach.yaml": "server:\n  port: 0\n"])
        try runner.copyFromRepository("seeds")
        try runner.copyFromRepository("campaigns")
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        let added = try await runner.run(
            ["user", "add", "zhou.min", "--role", "branch-staff", "--branch", "xn-wenquan", "--display-name", "周敏"])
        #expect(added.status == 0, "\(added.stderr)")
        var password = try #require(added.stdout.split(separator: "\n").last.map(String.init))
        for user in extraUsers {
            let more = try await runner.run(["user", "add"] + user)
            #expect(more.status == 0, "\(more.stderr)")
            password = try #require(more.stdout.split(separator: "\n").last.map(String.init))
        }
        let out = Pipe()
        let server = SpawnedProcess()
        server.executableURL = runner.executable
        server.arguments = ["serve", "--lang", "en"]
        server.currentDirectoryURL = runner.directory
        server.environment = [
            "PATH": "/usr/bin:/bin", "HOME": runner.directory.path, "LANG": "C.UTF-8", "NO_COLOR": "1", "OUTREACH_NOW": now,
        ]
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        server.standardInput = FileHandle.nullDevice
        try server.run()
        let printed = await ServeCommandTests.read(out, until: "/ (SIGTERM")
        guard let port = ServeCommandTests.port(in: printed) else {
            kill(server.processIdentifier, SIGKILL)
            throw PythonRunner.Failure(description: "serve printed no address: \(printed)")
        }
        return Served(runner: runner, server: server, port: port, password: password)
    }

    /// Runs one flow of flows.py; its steps by name.
    static func flow(_ name: String, port: Int, arguments: [String: String]) async throws -> [String: Step] {
        let script = CommandRunner.repositoryRoot.appendingPathComponent("Tests/Browser/flows.py").path
        let shots = CommandRunner.repositoryRoot.appendingPathComponent(".build/browser-screenshots").path
        let json = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        let result = try await PythonRunner.run([script, name, "http://127.0.0.1:\(port)", shots, json], timeout: .seconds(180))
        guard result.status == 0, !result.timedOut else {
            throw PythonRunner.Failure(
                description: "flows.py \(name) exited \(result.status)\(result.timedOut ? " (timed out)" : ""): \(result.standardError)")
        }
        return try JSONDecoder().decode([String: Step].self, from: Data(result.standardOutput.utf8))
    }

    struct Step: Decodable {
        var text: String
        var url: String
        var scrollWidth: Int
        var viewportWidth: Int
        var title: String
        /// Pictures on the page that loaded (set by flows that check them).
        var imagesLoaded: Int?
        /// A feed's address as the page showed it (the feed flow).
        var address: String?
        /// The bulletin's signature block, the report's total row (set by the reports flows).
        var signature: String?
        var total: String?
    }

    @Test func branchStaffSignsInOnAPhoneAndSeesTheirBranchesAgenda() async throws {
        let served = try await Self.serve()
        defer { if served.server.isRunning { kill(served.server.processIdentifier, SIGKILL) } }
        let steps = try await Self.flow("phone-sign-in", port: served.port, arguments: ["name": "zhou.min", "password": served.password])
        await served.stop()

        let wrong = try #require(steps["wrong-password"])
        #expect(wrong.text.contains("用户名或密码不正确。"), "\(wrong.text)")
        #expect(wrong.url.hasSuffix("/login"))

        let agenda = try #require(steps["agenda"])
        #expect(agenda.text.contains("周敏（网点员工）"), "\(agenda.text)")
        #expect(agenda.text.contains("温泉支行：今天和接下来 6 天的活动"), "\(agenda.text)")
        #expect(agenda.text.contains("桂花社区防范电信网络诈骗宣讲"), "\(agenda.text)")
        // Another branch's events are not on it: 赤壁 is not in 温泉支行's subtree.
        #expect(!agenda.text.contains("赤壁"), "\(agenda.text)")
        // Nothing is wider than the phone.
        #expect(agenda.viewportWidth == 390)
        #expect(agenda.scrollWidth <= agenda.viewportWidth, "page \(agenda.scrollWidth) px on a \(agenda.viewportWidth) px screen")

        let english = try #require(steps["agenda-en"])
        #expect(english.text.contains("today and the next 6 days"), "\(english.text)")
        #expect(english.scrollWidth <= english.viewportWidth)

        let after = try #require(steps["after-sign-out"])
        #expect(after.url.contains("/login"), "\(after.url)")
    }

    @Test func aPlannerCancelsAnEventFromTheCalendarAndTheAuditNamesThem() async throws {
        let served = try await Self.serve(extraUsers: [["wang.fang", "--role", "planner", "--display-name", "王芳"]])
        defer { if served.server.isRunning { kill(served.server.processIdentifier, SIGKILL) } }
        let steps = try await Self.flow(
            "desk-cancel", port: served.port,
            arguments: [
                "name": "wang.fang", "password": served.password, "date": "2027-03-15", "event": "315-wechat-article",
                "reason": "公众号排期调整，改为3月16日推送",
            ])
        await served.stop()

        let calendar = try #require(steps["calendar"])
        #expect(calendar.viewportWidth == 1280)
        #expect(calendar.text.contains("2027"), "\(calendar.text)")
        #expect(calendar.scrollWidth <= calendar.viewportWidth, "page \(calendar.scrollWidth) px on a \(calendar.viewportWidth) px screen")
        let event = try #require(steps["event"])
        #expect(event.url.hasSuffix("/events/315-wechat-article"), "\(event.url)")
        #expect(event.text.contains("取消活动"))
        let cancelled = try #require(steps["cancelled"])
        #expect(cancelled.text.contains("已取消"), "\(cancelled.text)")
        #expect(cancelled.text.contains("王芳"), "\(cancelled.text)")
        #expect(cancelled.text.contains("公众号排期调整，改为3月16日推送"), "\(cancelled.text)")
        // Cancelled: no button to cancel it again.
        #expect(!cancelled.text.contains("取消活动"), "\(cancelled.text)")
    }

    @Test func branchStaffLogsReachWithAPhotoFromTheirPhone() async throws {
        let served = try await Self.serve()
        defer { if served.server.isRunning { kill(served.server.processIdentifier, SIGKILL) } }
        let steps = try await Self.flow(
            "phone-reach-photo", port: served.port,
            arguments: [
                "name": "zhou.min", "password": served.password, "event": "hh-guihua-talk-20261205", "count": "46",
                "note": "老年人居多，现场咨询养老金诈骗",
            ])
        await served.stop()

        let form = try #require(steps["form"])
        #expect(form.text.contains("桂花社区防范电信网络诈骗宣讲"), "\(form.text)")
        #expect(form.url.contains("/reach/log?event=hh-guihua-talk-20261205"))
        #expect(form.scrollWidth <= form.viewportWidth, "page \(form.scrollWidth) px on a \(form.viewportWidth) px screen")
        let saved = try #require(steps["saved"])
        #expect(saved.text.contains("46"), "\(saved.text)")
        #expect(saved.text.contains("老年人居多，现场咨询养老金诈骗"), "\(saved.text)")
        #expect(saved.text.contains("周敏"), "\(saved.text)")
        #expect((saved.imagesLoaded ?? 0) >= 1, "the photo is not shown")
        #expect(saved.scrollWidth <= saved.viewportWidth)
        // In the store: the reach of that day, by the command line.
        let report = try await served.runner.run(["reach", "batches", "--lang", "en"])
        #expect(report.stdout.contains("zhou.min") || report.stdout.contains("周敏"), "\(report.stdout)")
    }

    @Test func branchStaffAddsTheirCalendarFeedFromTheirPhone() async throws {
        let served = try await Self.serve()
        defer { if served.server.isRunning { kill(served.server.processIdentifier, SIGKILL) } }
        let steps = try await Self.flow("phone-feed", port: served.port, arguments: ["name": "zhou.min", "password": served.password, "label": "周敏的手机"])
        let added = try #require(steps["added"])
        let address = try #require(added.address)
        // The full address, once; it serves the calendar of 温泉支行's events without signing in.
        #expect(address.range(of: #"^http://127\.0\.0\.1:\d+/feeds/[A-Za-z0-9_-]{43}\.ics$"#, options: .regularExpression) != nil, "\(address)")
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: address)))
        await served.stop()
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("BEGIN:VCALENDAR"))
        #expect(added.text.contains("订阅地址只显示这一次"), "\(added.text)")
        #expect(added.text.contains("用户 zhou.min"), "\(added.text)")
        for step in ["feeds", "added", "again"] {
            let shown = try #require(steps[step])
            #expect(shown.scrollWidth <= shown.viewportWidth, "\(step): page \(shown.scrollWidth) px on a \(shown.viewportWidth) px screen")
        }
        let again = try #require(steps["again"])
        #expect(!again.text.contains(address))
        #expect(again.text.contains("周敏的手机"))
    }
}

extension BrowserFlowTests {
    @Test func aPlannerAddsAnEventThatClashesAndSeesTheConflict() async throws {
        let served = try await Self.serve(extraUsers: [["chen.jing", "--role", "planner", "--display-name", "陈静"]])
        defer { if served.server.isRunning { kill(served.server.processIdentifier, SIGKILL) } }
        // 315-bd-wanda is at 万达广场 on 13 March 2027, 10:00–16:00.
        let steps = try await Self.flow(
            "desk-plan-clash", port: served.port,
            arguments: [
                "name": "chen.jing", "password": served.password, "campaign": "2027-315-xianning", "id": "315-bd-wanda-extra",
                "title": "万达广场防诈骗咨询（加场）", "channel": "business-district-event", "venue": "bd-wanda",
                "start": "2027-03-13 11:00", "end": "12:00", "free_start": "2027-03-20 11:00",
            ])
        await served.stop()

        let form = try #require(steps["form"])
        #expect(form.url.hasSuffix("/campaigns/2027-315-xianning/events/new"), "\(form.url)")
        #expect(form.viewportWidth == 1280)
        #expect(form.scrollWidth <= form.viewportWidth, "page \(form.scrollWidth) px on a \(form.viewportWidth) px screen")
        let clash = try #require(steps["clash"])
        #expect(clash.text.contains("排期冲突（未保存）"), "\(clash.text)")
        #expect(clash.text.contains("重复预订：活动 '315-bd-wanda'也在该场地"), "\(clash.text)")
        #expect(clash.text.contains("冲突的活动场次：咸宁万达广场“3·15”金融消费者权益保护集中宣传日（315-bd-wanda）"), "\(clash.text)")
        let saved = try #require(steps["saved"])
        #expect(saved.url.hasSuffix("/events/315-bd-wanda-extra"), "\(saved.url)")
        #expect(saved.text.contains("万达广场防诈骗咨询（加场）"), "\(saved.text)")
        #expect(saved.text.contains("新建活动场次"), "\(saved.text)")
        #expect(saved.text.contains("陈静"), "\(saved.text)")
        let show = try await served.runner.run(["event", "show", "315-bd-wanda-extra", "--lang", "en"])
        #expect(show.status == 0, "\(show.stderr)")
    }
}

extension BrowserFlowTests {
    /// Adds a user while the server runs (the same database); their one-time password.
    static func addUser(_ served: Served, _ arguments: [String]) async throws -> String {
        let added = try await served.runner.run(["user", "add"] + arguments)
        #expect(added.status == 0, "\(added.stderr)")
        return try #require(added.stdout.split(separator: "\n").last.map(String.init))
    }

    @Test func anApproverPublishesABulletinSomeoneElsePrepared() async throws {
        let served = try await Self.serve()
        defer { if served.server.isRunning { kill(served.server.processIdentifier, SIGKILL) } }
        let planner = try await Self.addUser(served, ["chen.jing", "--role", "planner", "--display-name", "陈静"])
        let approver = try await Self.addUser(served, ["liu.yang", "--role", "approver", "--display-name", "刘洋"])
        let steps = try await Self.flow(
            "desk-publish-bulletin", port: served.port,
            arguments: [
                "planner": "chen.jing", "plannerPassword": planner, "approver": "liu.yang", "approverPassword": approver,
                "month": "2026-11",
            ])
        await served.stop()

        let before = try #require(steps["before"])
        #expect(before.viewportWidth == 1280)
        #expect(before.text.contains("本期专刊尚未制表。"), "\(before.text)")
        #expect(before.scrollWidth <= before.viewportWidth, "page \(before.scrollWidth) px on a \(before.viewportWidth) px screen")
        let prepared = try #require(steps["prepared"])
        #expect(prepared.text.contains("已制表。请由另一位审核人发布。"), "\(prepared.text)")
        #expect(prepared.text.contains("已由 陈静 于"), "\(prepared.text)")
        // The planner cannot publish: no button for it.
        #expect(!prepared.text.contains("审核并发布"), "\(prepared.text)")
        let ready = try #require(steps["ready"])
        #expect(ready.text.contains("刘洋（审核人）"), "\(ready.text)")
        #expect(ready.text.contains("审核并发布"), "\(ready.text)")
        let published = try #require(steps["published"])
        #expect(published.text.contains("已发布。"), "\(published.text)")
        #expect(published.text.contains("已由 刘洋 于"), "\(published.text)")
        #expect(published.text.contains("审核发布（制表：陈静）"), "\(published.text)")
        let signature = try #require(published.signature)
        #expect(signature.contains("制表：陈静"), "\(signature)")
        #expect(signature.contains("审核：刘洋"), "\(signature)")
        // In the store: the command line sees it published, by 刘洋.
        let status = try await served.runner.run(["report", "totals", "--month", "2026-11"])
        #expect(status.stderr.contains("刘洋"), "\(status.stderr)")
    }

    @Test func branchStaffSeeTheReportChangeAfterLoggingReachFromTheirPhone() async throws {
        let served = try await Self.serve()
        defer { if served.server.isRunning { kill(served.server.processIdentifier, SIGKILL) } }
        let steps = try await Self.flow(
            "phone-reach-report", port: served.port,
            arguments: [
                "name": "zhou.min", "password": served.password, "event": "hh-guihua-talk-20261205", "count": "46", "month": "2026-12",
            ])
        await served.stop()

        let before = try #require(steps["before"])
        #expect(before.viewportWidth == 390)
        #expect(before.text.contains("温泉支行"), "\(before.text)")
        #expect(!(before.total ?? "").contains("46"), "\(before.total ?? "")")
        #expect(before.scrollWidth <= before.viewportWidth, "page \(before.scrollWidth) px on a \(before.viewportWidth) px screen")
        let after = try #require(steps["after"])
        let total = try #require(after.total)
        #expect(total.contains("46"), "\(after.text)")
        #expect(after.text.contains("社区宣讲") || after.text.contains("社区"), "\(after.text)")
        #expect(after.scrollWidth <= after.viewportWidth, "page \(after.scrollWidth) px on a \(after.viewportWidth) px screen")
    }
}
