import CurlTransport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OutreachApp
import OutreachCore
import OutreachDelivery
import OutreachTestSupport
import Synchronization
import Testing

@testable import OutreachWeb

/// Log lines kept in memory, to check that no secret is ever logged.
final class RecordedLog: Sendable {
    let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func handler(label: String) -> some LogHandler { Handler(log: self) }

    struct Handler: LogHandler {
        let log: RecordedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }
}

/// The notices admin (`/notices`) against a fake WeCom on 127.0.0.1 (a real HTTP server, port 0), sending through the
/// same delivery path and libcurl transport as `outreach notify test`.
@Suite(.serialized)
struct NoticesRouteTests {
    static let key = "c0ffee00-1234-5678-9abc-def0123453f9a"

    /// The web app with a `notify:` section of one WeCom target at the fake platform, and a sender over libcurl.
    static func web(_ setup: WebSetup, server: FakePlatformServer, variableSet: Bool = true) throws -> WebApp {
        let yaml = """
            notify:
              targets:
                - name: 企业微信群
                  kind: wecom
                  key_env: WECOM_URL

            """
        let environment = variableSet ? ["WECOM_URL": server.url("/cgi-bin/webhook/send?key=\(key)")] : [:]
        let (decoded, issues) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(yaml.utf8)), environment: environment, readFile: { _ in nil })
        #expect(!issues.hasErrors)
        let configuration = try #require(decoded)
        var web = setup.web
        web.notify = configuration
        let store = setup.store
        web.noticeSender = ImmediateSender { entries, keyPrefix, retryPolicy in
            var logger = Logger(label: "outreach.notify.test")
            logger.logLevel = .critical
            let transport = CurlNoticeTransport.Configuration(connectTimeout: .seconds(2), totalTimeout: .seconds(1), proxy: .disabled)
            let result = try await withCurlNoticeTransport(configuration: transport) { transport in
                try await NoticeDeliveryService.sendNow(
                    entries, keyPrefix: keyPrefix, outbox: store, transport: transport, configuration: configuration,
                    owner: "web-test", retryPolicy: retryPolicy, clock: ContinuousClock(), now: { WebSetup.now }, logger: logger)
            }
            return ImmediateSender.Sent(deliveries: result.deliveries, attempts: result.attempts)
        }
        return web
    }

    static func application(_ web: WebApp, log: RecordedLog) -> some ApplicationProtocol {
        let logger = Logger(label: "outreach.web.test", factory: { log.handler(label: $0) })
        return Application(router: buildRouter(web), logger: logger)
    }

    @Test(.timeLimit(.minutes(2)))
    func anAdminTestsATargetSeesTheRefusalTheQueueAndTheLogAndRetriesTheDead() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let server = try FakePlatformServer()
        defer { server.stop() }
        let log = RecordedLog()
        try await Self.application(try Self.web(setup, server: server), log: log).test(.router) { client in
            var bodies: [String] = []
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang")
            let page = try await admin.request("/notices")
            bodies.append(page.text)
            #expect(page.status == .ok)
            // The target with its endpoint's scheme and host only, and a test button with the form token.
            #expect(page.text.contains("<td>企业微信群</td><td>企业微信</td><td>\(server.url("/…"))</td><td>否</td>"), "\(page.text)")
            #expect(page.text.contains("<form method=\"post\" action=\"/notices/test\"><input type=\"hidden\" name=\"csrf\" value=\""))
            #expect(page.text.contains("待发送 0 条，发送中 0 条，失败待重试 0 条，已放弃 0 条。"))
            #expect(page.text.contains("发送记录为空。"))
            #expect(page.text.contains("<a href=\"/notices\">群通知</a>"))
            let token = try #require(page.hiddenCSRF)

            // Without the form token nothing is sent.
            let forged = try await admin.request("/notices/test", method: .post, form: [("csrf", "forged"), ("target", "企业微信群")])
            #expect(forged.status == .forbidden)
            #expect(server.deliveries.isEmpty)

            // WeCom does not know the key: refused, with its code and message and what to fix.
            let refused = try await admin.request("/notices/test", method: .post, form: [("csrf", token), ("target", "企业微信群")])
            bodies.append(refused.text)
            #expect(refused.status == .badGateway)
            #expect(
                refused.text.contains(
                    "平台拒收了发往 &#39;企业微信群&#39; 的测试通知。企业微信返回 HTTP 200, 错误码 93000（invalid webhook url"), "\(refused.text)")
            #expect(refused.text.contains("Webhook 的 key 或 token 无效"))
            #expect(server.deliveries.count == 1)
            // The queue counts it dead and lists it; the log has the attempt.
            #expect(refused.text.contains("待发送 0 条，发送中 0 条，失败待重试 0 条，已放弃 1 条。"))
            #expect(refused.text.contains("<td>1</td><td>已放弃</td><td>测试通知</td><td>企业微信群</td><td>2026-12-05 10:00</td><td>1</td>"), "\(refused.text)")
            #expect(refused.text.contains("<td>被拒收</td><td>200</td><td>93000</td>"))
            #expect(refused.text.contains("action=\"/notices/retry\""))

            // English: the same refusal in English.
            let english = try await admin.request("/notices/test?lang=en", method: .post, form: [("csrf", token), ("target", "企业微信群")])
            bodies.append(english.text)
            #expect(english.text.contains("The platform refused the test notice to &#39;企业微信群&#39;. WeCom answered HTTP 200, code 93000"))
            #expect(english.text.contains("0 pending, 0 in flight, 0 failed (will retry), 2 dead."))

            // Retry dead: both pending again.
            let retried = try await admin.request("/notices/retry?lang=zh", method: .post, form: [("csrf", token)])
            bodies.append(retried.text)
            #expect(retried.status == .ok)
            #expect(retried.text.contains("已重新排队 2 条已放弃的通知。"))
            #expect(retried.text.contains("待发送 2 条，发送中 0 条，失败待重试 0 条，已放弃 0 条。"))
            #expect(try await setup.store.stateCounts()[.pending] == 2)

            // With the key known, the test is delivered.
            server.addWeCom(key: Self.key)
            let delivered = try await admin.request("/notices/test", method: .post, form: [("csrf", token), ("target", "企业微信群")])
            bodies.append(delivered.text)
            #expect(delivered.status == .ok)
            #expect(delivered.text.contains("已向 &#39;企业微信群&#39; 发送测试通知，平台已确认送达。"))
            #expect(delivered.text.contains("<td>已送达</td><td>200</td>"), "\(delivered.text)")

            // No reply in time: the platform takes the request and never answers.
            server.override(next: .stall(.seconds(10)))
            let silent = try await admin.request("/notices/test", method: .post, form: [("csrf", token), ("target", "企业微信群")])
            bodies.append(silent.text)
            #expect(silent.status == .badGateway)
            #expect(silent.text.contains("发往 &#39;企业微信群&#39; 的测试通知没有及时得到平台答复。"), "\(silent.text)")

            // An unknown target.
            let unknown = try await admin.request("/notices/test", method: .post, form: [("csrf", token), ("target", "<b>群</b>")])
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("没有名为 &#39;&lt;b&gt;群&lt;/b&gt;&#39; 的通知目标。"))

            // The log is bounded: one entry asked for, one shown, with a link to more.
            let one = try await admin.request("/notices?log=1")
            #expect(one.text.contains("显示最近 1 次尝试。 <a href=\"/notices?log=2\">显示更多</a>"), "\(one.text)")
            bodies.append(one.text)
            // The key is never in a page.
            for body in bodies { #expect(!body.contains(Self.key)) }
        }
        // Nor in the log (the request log, the server's own lines).
        #expect(!log.text.isEmpty)
        #expect(!log.text.contains(Self.key))
        #expect(!log.text.contains("key="))
    }

    @Test(.timeLimit(.minutes(1)))
    func onlyAdminsManageNoticesAndATargetWithoutItsVariableCannotBeTested() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        let server = try FakePlatformServer()
        defer { server.stop() }
        let log = RecordedLog()
        try await Self.application(try Self.web(setup, server: server, variableSet: false), log: log).test(.router) { client in
            let nobody = Browser(client)
            for (path, method) in [("/notices", HTTPRequest.Method.get), ("/notices/test", .post), ("/notices/retry", .post)] {
                let response = try await client.executeRequest(uri: path, method: method, headers: nobody.cookieHeader, body: nil)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/login")
            }
            for name in ["li.ming", "zhao.lei"] {
                var browser = Browser(client)
                _ = try await browser.signIn(name)
                let page = try await browser.request("/notices")
                #expect(page.status == .forbidden)
                #expect(page.text.contains("只有管理员可以管理群通知。"))
                #expect(!page.text.contains("<a href=\"/notices\">"))
                let token = try #require(try await browser.request("/").hiddenCSRF)
                let post = try await browser.request("/notices/test", method: .post, form: [("csrf", token), ("target", "企业微信群")])
                #expect(post.status == .forbidden)
            }
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang", lang: "en")
            let page = try await admin.request("/notices")
            #expect(page.text.contains("<td>企业微信群</td><td>WeCom</td><td>(WECOM_URL not set: sending stopped)</td>"), "\(page.text)")
            let token = try #require(page.hiddenCSRF)
            let refused = try await admin.request("/notices/test", method: .post, form: [("csrf", token), ("target", "企业微信群")])
            #expect(refused.status == .conflict)
            #expect(
                refused.text.contains(
                    "Cannot send to &#39;企业微信群&#39;: the environment variable &#39;WECOM_URL&#39; named in &#39;key_env&#39; is not set. Set it and restart the server"),
                "\(refused.text)")
            #expect(server.deliveries.isEmpty)
        }
    }

    @Test func withoutANotifySectionThePageSaysSo() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang")
            let page = try await admin.request("/notices")
            #expect(page.status == .ok)
            #expect(page.text.contains("没有通知配置：outreach.yaml 中没有 &#39;notify:&#39; 部分"))
            let token = try #require(page.hiddenCSRF)
            let test = try await admin.request("/notices/test", method: .post, form: [("csrf", token), ("target", "群")])
            #expect(test.status == .notFound || test.status == .conflict)
        }
    }

    @Test func noticesAndFeedsMessagesHaveBothLanguages() {
        let samples = NoticesWebMessages.all + [
            NoticesAdminMessages.deadPendingAgain(count: 2), CalendarFeedUserMessages.notAllowed, CalendarFeedUserMessages.emptyLabel,
            CalendarFeedUserMessages.unknownFeed,
        ] + [
            NoticesAdmin.TestResult.delivered, .refused("x"), .noReply("x"), .waiting("1", until: WebSetup.now), .unknownTarget("x"),
            .cannotSend(NotifyTarget.UnsetSecret(field: "key_env", variable: "X")), .notConfigured,
        ].map { NoticesAdminMessages.testResult($0, target: "群", time: { _ in "2026-12-05 10:00" }) }
        #expect(MessageCatalogueCheck.problems(in: samples, englishMayQuote: ["群"]) == [])
    }
}
