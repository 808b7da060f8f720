import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import OutreachTestSupport
import OutreachWeb
import Testing

/// The web app's routes in-process over a real SQLite store: signing in and out, CSRF, throttling, the agenda
/// by branch scope, escaping, health and metrics.
@Suite(.timeLimit(.minutes(3)))
struct RouteTests {
    @Test func signInPageIsChineseFirstWithATokenAndEnglishOnRequest() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let zh = try await browser.request("/login")
            #expect(zh.status == .ok)
            #expect(zh.text.contains("<html lang=\"zh-CN\">"))
            #expect(zh.text.contains("用户名"))
            #expect(zh.text.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            let token = try #require(zh.hiddenCSRF)
            #expect(token.count == 43)
            #expect(browser.cookies["outreach_csrf"] == token)
            #expect(zh.setCookies.contains { $0.hasPrefix("outreach_csrf=") && $0.contains("HttpOnly") && $0.contains("SameSite=Lax") })
            // No script and nothing from elsewhere.
            #expect(!zh.text.contains("<script"))
            #expect(!zh.text.contains("http://") && !zh.text.contains("https://"))
            #expect(zh.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true)
            #expect(zh.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)

            let en = try await browser.request("/login?lang=en")
            #expect(en.text.contains("<html lang=\"en\">"))
            #expect(en.text.contains("User name"))
            // The choice is remembered.
            #expect(browser.cookies["outreach_lang"] == "en")
            #expect(try await browser.request("/login").text.contains("User name"))
        }
    }

    @Test func signingInSetsAnHttpOnlyLaxSessionCookieAndSigningOutEndsIt() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let signedIn = try await browser.signIn("wang.fang")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("outreach_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Max-Age=43200"))
            #expect(!cookie.contains("Secure"))
            let home = try await browser.request("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("王芳（管理员）"))
            #expect(home.text.contains("全部机构：今天和接下来 6 天的活动"))
            // The session token is in the cookie only: the page shows the form token, which is another one.
            let token = try #require(browser.cookies["outreach_session"])
            #expect(!home.text.contains(token))

            // Signing out without the form's token changes nothing.
            let refused = try await browser.request("/logout", method: .post, form: [("csrf", "forged")])
            #expect(refused.status == .forbidden)
            #expect(try await browser.request("/").status == .ok)

            let out = try await browser.request("/logout", method: .post, form: [("csrf", home.hiddenCSRF ?? "")])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/login")
            #expect(browser.cookies["outreach_session"] == nil)
            // The old token no longer signs anyone in, even if a browser kept it.
            browser.cookies["outreach_session"] = token
            let after = try await browser.request("/")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/login")
        }
    }

    @Test func secureCookiesWhenConfigured() async throws {
        let setup = try await WebSetup(configuration: ServerConfiguration(secureCookies: true))
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let signedIn = try await browser.signIn("wang.fang")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("outreach_session=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
        }
    }

    @Test(arguments: zip(["zh", "en"], ["用户名或密码不正确。", "The user name or password is wrong."]))
    func aWrongPasswordOrNameSaysSoWithoutSayingWhich(lang: String, message: String) async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let wrongPassword = try await browser.signIn("wang.fang", password: "guess", lang: lang)
            #expect(wrongPassword.status == .unauthorized)
            #expect(wrongPassword.text.contains(message))
            #expect(browser.cookies["outreach_session"] == nil)
            // An unknown name gets the same answer.
            let unknown = try await browser.signIn("nobody", password: "guess", lang: lang)
            #expect(unknown.status == .unauthorized)
            #expect(unknown.text.contains(message))
            // The typed name comes back, escaped; the password never does.
            let odd = try await browser.signIn("<b>x</b>", password: "s3cret-typed", lang: lang)
            #expect(odd.text.contains("value=\"&lt;b&gt;x&lt;/b&gt;\""))
            #expect(!odd.text.contains("s3cret-typed"))
        }
    }

    @Test func aFormWithoutItsTokenIsRefused() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.request("/login")
            // The right password, but a token that is not the cookie's (a form posted from another site).
            let forged = try await browser.request(
                "/login", method: .post, form: [("csrf", "forged"), ("name", "wang.fang"), ("password", WebSetup.password)])
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("表单已过期或来源不明，未做任何处理。"))
            #expect(browser.cookies["outreach_session"] == nil)
            // No cookie at all.
            var fresh = Browser(client)
            let noCookie = try await fresh.request(
                "/login?lang=en", method: .post, form: [("csrf", "x"), ("name", "wang.fang"), ("password", WebSetup.password)])
            #expect(noCookie.status == .forbidden)
            #expect(noCookie.text.contains("The form has expired or did not come from this site, so nothing was done."))
        }
    }

    @Test func anAccountIsThrottledAfterFiveFailuresEvenWithTheRightPassword() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            for _ in 0..<5 { #expect(try await browser.signIn("li.ming", password: "guess").status == .unauthorized) }
            let throttled = try await browser.signIn("li.ming")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.text.contains("登录失败次数过多，请 15 分钟后再试。"))
            #expect(throttled.headers[.retryAfter] == "900")
            #expect(browser.cookies["outreach_session"] == nil)
            // Another account from the same address is not affected yet.
            #expect(try await browser.signIn("wang.fang").status == .seeOther)
        }
    }

    @Test func anAddressIsThrottledAfterTwentyFailuresAcrossAccounts() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            for attempt in 0..<20 {
                #expect(try await browser.signIn("guess.\(attempt)", password: "guess").status == .unauthorized)
            }
            let throttled = try await browser.signIn("wang.fang", lang: "en")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.text.contains("Too many failed sign-ins. Try again in 15 minutes."))
        }
    }

    @Test func branchStaffSeeOnlyTheirSubtreeOnTheAgenda() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var staff = Browser(client)
            #expect(try await staff.signIn("li.ming").status == .seeOther)
            let page = try await staff.request("/")
            #expect(page.status == .ok)
            #expect(page.text.contains("咸安支行：今天和接下来 6 天的活动"))
            #expect(page.text.contains("温泉路防诈骗讲座"))
            #expect(page.text.contains("银泉网点养老金讲座"))
            #expect(!page.text.contains("人民路反洗钱宣传"))
            #expect(!page.text.contains("west-talk"))
            // Today's part holds today's talk and the display that began on 1 December and is still up.
            let today = try #require(page.text.components(separatedBy: "<h2>").dropFirst().first)
            #expect(today.contains("温泉路防诈骗讲座"))
            #expect(today.contains("温泉路网点宣传栏专栏"))
            #expect(!today.contains("银泉网点养老金讲座"))

            var admin = Browser(client)
            #expect(try await admin.signIn("wang.fang").status == .seeOther)
            let all = try await admin.request("/?lang=en")
            #expect(all.text.contains("All branches: today and the next 6 days"))
            #expect(all.text.contains("Talk east-talk"))
            #expect(all.text.contains("Talk west-talk"))
        }
    }

    @Test func aScriptInATitleShowsAsText() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            _ = try await browser.signIn("zhao.lei")
            let page = try await browser.request("/")
            #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;讲座") || page.text.contains("&lt;script&gt;alert('x')&lt;/script&gt;讲座"))
            #expect(!page.text.contains("<script"))
        }
    }

    @Test func signedOutVisitorsAreSentToTheSignInPage() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let home = try await browser.request("/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/login")
            #expect(!home.text.contains("温泉路"))
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let health = try await browser.request("/healthz")
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
            _ = try await browser.request("/login")
            let metrics = try await browser.request("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(metrics.text.contains(#"outreach_http_requests_total{method="GET",route="/login",status="200"} 1"#))
            #expect(metrics.text.contains(#"outreach_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
            #expect(metrics.text.contains("outreach_http_request_duration_seconds_bucket"))
            let css = try await browser.request("/assets/site.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
        }
    }

    @Test func anUnknownAddressGetsAPageAndAnOversizedFormIsRefused() async throws {
        let setup = try await WebSetup()
        defer { setup.close() }
        try await setup.application.test(.router) { client in
            var browser = Browser(client)
            let missing = try await browser.request("/events/../../etc/passwd?lang=en")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("There is no page at this address."))
            #expect(try await browser.request("/nowhere?lang=zh").text.contains("这个地址没有页面。"))
            let metrics = try await browser.request("/metrics")
            #expect(metrics.text.contains(#"route="NotFound",status="404"} 2"#))

            let page = try await browser.request("/login")
            let huge = String(repeating: "x", count: 100_000)
            let oversized = try await browser.request(
                "/login", method: .post, form: [("csrf", page.hiddenCSRF ?? ""), ("name", "wang.fang"), ("password", huge)])
            #expect(oversized.status == .contentTooLarge)
            #expect(browser.cookies["outreach_session"] == nil)
        }
    }
}
