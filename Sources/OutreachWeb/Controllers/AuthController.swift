import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OutreachApp
import OutreachCore

/// Signing in and out. The sign-in form carries a CSRF token that must match its cookie (double submit); the
/// sign-out form carries the session's own form token. Failures are throttled by `Login`.
struct AuthController {
    static let csrfCookie = "outreach_csrf"
    let web: WebApp

    struct SignInForm: Decodable {
        var name: String?
        var password: String?
        var csrf: String?
    }

    struct TokenForm: Decodable {
        var csrf: String?
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/login") { request, context -> Response in
            if context.signedIn != nil { return Self.redirect(to: "/") }
            let token = request.cookies[Self.csrfCookie]?.value ?? LoginSession.newToken()
            return withCSRFCookie(loginPage(context: context, token: token, name: "", problem: nil), token: token)
        }
        router.post("/login") { request, context -> Response in
            let form = try await Self.form(SignInForm.self, from: request, context: context)
            guard let cookie = request.cookies[Self.csrfCookie]?.value, let sent = form.csrf, Self.same(cookie, sent) else {
                let token = LoginSession.newToken()
                return withCSRFCookie(
                    loginPage(context: context, token: token, name: form.name ?? "", problem: WebMessages.formExpired, status: .forbidden),
                    token: token)
            }
            let name = form.name ?? ""
            let outcome = try await web.login.signIn(
                name: name, password: form.password ?? "", address: context.address, at: web.now())
            switch outcome {
            case .signedIn(let token, let session, let user):
                context.logger.info("signed in", metadata: ["user.name": .string(user.name.rawValue)])
                var response = Self.redirect(to: "/")
                response.setCookie(
                    // Max-Age, not Expires: a browser's clock (or a fixed OUTREACH_NOW) must not end it early.
                    Cookie(
                        name: SessionMiddleware.cookie, value: token,
                        maxAge: max(0, Int(session.expiresAt.timeIntervalSince(session.createdAt))), path: "/",
                        secure: web.configuration.secureCookies, httpOnly: true, sameSite: .lax))
                return response
            case .refused:
                context.logger.notice("sign-in refused")
                return loginPage(context: context, token: cookie, name: name, problem: WebMessages.wrongNameOrPassword, status: .unauthorized)
            case .throttled:
                context.logger.warning("sign-in throttled", metadata: ["client.address": .string(context.address)])
                let minutes = Int(LoginPolicy.seconds(web.configuration.loginPolicy.window) / 60)
                var response = loginPage(
                    context: context, token: cookie, name: name, problem: WebMessages.throttled(minutes: minutes),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(minutes * 60)
                return response
            }
        }
        router.post("/logout") { request, context -> Response in
            guard let session = context.signedIn?.session else { return Self.redirect(to: "/login") }
            let form = try await Self.form(TokenForm.self, from: request, context: context)
            guard let sent = form.csrf, Self.same(session.formToken, sent) else {
                return Page(
                    title: WebMessages.signOutButton.text(context.language), language: context.language, signedIn: context.signedIn,
                    path: "/", body: "<p class=\"error\">\(escape(WebMessages.formExpired.text(context.language)))</p>"
                ).response(.forbidden)
            }
            if let token = request.cookies[SessionMiddleware.cookie]?.value { try await web.login.signOut(token: token) }
            var response = Self.redirect(to: "/login")
            response.setCookie(
                Cookie(
                    name: SessionMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: web.configuration.secureCookies,
                    httpOnly: true, sameSite: .lax))
            return response
        }
    }

    private func loginPage(
        context: WebRequestContext, token: String, name: String, problem: Message?, status: HTTPResponse.Status = .ok
    ) -> Response {
        let language = context.language
        var body = ""
        if let problem { body += "<p class=\"error\" role=\"alert\">\(escape(problem.text(language)))</p>\n" }
        body += """
            <form method="post" action="/login" class="login">
            <input type="hidden" name="csrf" value="\(escape(token))">
            <label>\(escape(WebMessages.userName.text(language)))<input name="name" value="\(escape(name))" autocomplete="username" autocapitalize="none" required></label>
            <label>\(escape(WebMessages.password.text(language)))<input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(escape(WebMessages.signInButton.text(language)))</button>
            </form>
            """
        return Page(title: WebMessages.signInTitle.text(language), language: language, signedIn: nil, path: "/login", body: body)
            .response(status)
    }

    private func withCSRFCookie(_ response: Response, token: String) -> Response {
        var response = response
        response.setCookie(
            Cookie(name: Self.csrfCookie, value: token, path: "/", secure: web.configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    static func redirect(to path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
    }

    /// A URL-encoded form body (at most the context's upload size; 413 beyond).
    static func form<T: Decodable>(_ type: T.Type, from request: Request, context: WebRequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest)
        }
    }

    /// Compares two tokens in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
