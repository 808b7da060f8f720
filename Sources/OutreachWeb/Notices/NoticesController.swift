import Foundation
import HTTPTypes
import Hummingbird
import OutreachApp
import OutreachCore

/// The notices admin (`/notices`, admins only): the notify targets with their secrets masked and a "send a test"
/// button each, the queue's counts and next entries, the delivery log (bounded, "show more"), and "retry dead" —
/// the use cases of `outreach notify targets|test|queue|log|retry`, through `NoticesAdmin`. Every form carries the
/// session's form token; other roles get 403, signed-out visitors the sign-in page.
struct NoticesController {
    let web: WebApp

    struct TestForm: Decodable {
        var csrf: String?
        var target: String?
    }

    struct TokenForm: Decodable {
        var csrf: String?
    }

    /// Log entries shown first; "show more" doubles it up to `NoticesAdmin.maximumLimit`.
    static let logLimit = 20
    static let queueLimit = 50

    var admin: NoticesAdmin { NoticesAdmin(store: web.store, configuration: web.notify, sender: web.noticeSender) }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/notices") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            guard signedIn.user.role == .admin else { return refused(context) }
            let limit = request.uri.queryParameters.get("log").flatMap { Int($0) } ?? Self.logLimit
            return try await page(context: context, logLimit: limit).response()
        }
        router.post("/notices/test") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            guard signedIn.user.role == .admin else { return refused(context) }
            let form = try await AuthController.form(TestForm.self, from: request, context: context)
            guard let sent = form.csrf, AuthController.same(signedIn.session.formToken, sent) else {
                return try await page(context: context, problem: WebMessages.formExpired.text(context.language)).response(.forbidden)
            }
            let name = form.target ?? ""
            let result = try await admin.test(targetNamed: name, language: context.language, at: web.now())
            let text = NoticesAdminMessages.testResult(result, target: name, time: time).text(context.language)
            switch result {
            case .delivered, .waiting:
                return try await page(context: context, note: text).response()
            case .unknownTarget:
                return try await page(context: context, problem: text).response(.notFound)
            case .refused, .noReply:
                // The platform refused it or did not answer: the upstream's failure, shown with what it said.
                return try await page(context: context, problem: text).response(.badGateway)
            case .cannotSend, .notConfigured:
                return try await page(context: context, problem: text).response(.conflict)
            }
        }
        router.post("/notices/retry") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            guard signedIn.user.role == .admin else { return refused(context) }
            let form = try await AuthController.form(TokenForm.self, from: request, context: context)
            guard let sent = form.csrf, AuthController.same(signedIn.session.formToken, sent) else {
                return try await page(context: context, problem: WebMessages.formExpired.text(context.language)).response(.forbidden)
            }
            let count = try await admin.retryDead(at: web.now())
            return try await page(context: context, note: NoticesAdminMessages.deadPendingAgain(count: count).text(context.language))
                .response()
        }
    }

    private func refused(_ context: WebRequestContext) -> Response {
        ReachAccess.messagePage(context, title: NoticesWebMessages.title, message: NoticesWebMessages.adminOnly, status: .forbidden)
    }

    private var zone: String { web.notify?.timeZone ?? ReferenceData.defaultTimeZone }

    private func time(_ date: Date) -> String { PagesSupport.localTime(date, zone: zone) }

    private func page(context: WebRequestContext, logLimit: Int = Self.logLimit, note: String? = nil, problem: String? = nil) async throws
        -> Page
    {
        let language = context.language
        let token = context.signedIn?.session.formToken ?? ""
        let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
        var body = ""
        if let note { body += "<p class=\"note\" role=\"status\">\(escape(note))</p>\n" }
        if let problem { body += "<p class=\"error\" role=\"alert\">\(escape(problem))</p>\n" }

        // Targets: the endpoint's scheme and host only; never a key, token, URL path or secret.
        body += "<h2>\(escape(NoticesWebMessages.targetsHeading.text(language)))</h2>\n"
        let targets = admin.targets()
        if web.notify == nil {
            body += "<p class=\"note\">\(escape(NoticesWebMessages.noConfiguration.text(language)))</p>\n"
        } else if targets.isEmpty {
            body += "<p class=\"note\">\(escape(NoticesWebMessages.noTargets.text(language)))</p>\n"
        } else {
            body += "<div class=\"scroll\"><table class=\"list\"><thead><tr>"
                + NoticesWebMessages.targetHeaders.map { "<th>\(escape($0.text(language)))</th>" }.joined() + "</tr></thead><tbody>\n"
            for target in targets {
                let endpoint = target.unsetSecret.map { NoticesWebMessages.variableNotSet($0).text(language) } ?? target.maskedEndpoint
                body += "<tr><td>\(escape(target.name))</td><td>\(escape(target.kind.displayName(language)))</td>"
                    + "<td>\(escape(endpoint))</td>"
                    + "<td>\(escape((target.signs ? NoticesWebMessages.yes : NoticesWebMessages.no).text(language)))</td>"
                    + "<td><form method=\"post\" action=\"/notices/test\">\(hidden)"
                    + "<input type=\"hidden\" name=\"target\" value=\"\(escape(target.name))\">"
                    + "<button type=\"submit\">\(escape(NoticesWebMessages.testButton.text(language)))</button></form></td></tr>\n"
            }
            body += "</tbody></table></div>\n"
        }

        // The queue: counts, the next entries, retry dead.
        let queue = try await admin.queue(limit: Self.queueLimit)
        body += "<h2>\(escape(NoticesWebMessages.queueHeading.text(language)))</h2>\n"
        body += "<p>\(escape(NoticesWebMessages.counts(pending: queue.count(.pending), inFlight: queue.count(.inFlight), failed: queue.count(.failed), dead: queue.count(.dead)).text(language)))</p>\n"
        if queue.next.isEmpty {
            body += "<p class=\"note\">\(escape(NoticesWebMessages.queueEmpty.text(language)))</p>\n"
        } else {
            body += "<div class=\"scroll\"><table class=\"list\"><thead><tr>"
                + NoticesWebMessages.queueHeaders.map { "<th>\(escape($0.text(language)))</th>" }.joined() + "</tr></thead><tbody>\n"
            for delivery in queue.next {
                let cells = [
                    delivery.id.rawValue, delivery.state.text(language), delivery.notice.kind.text(language), delivery.target,
                    time(delivery.dueAt), String(delivery.attempts), delivery.lastError.map { NoticesAdmin.line($0, language) } ?? "",
                ]
                body += "<tr>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
            }
            body += "</tbody></table></div>\n"
        }
        if queue.count(.dead) > 0 {
            body += "<form method=\"post\" action=\"/notices/retry\" class=\"status\">\(hidden)"
                + "<button type=\"submit\">\(escape(NoticesWebMessages.retryDeadButton.text(language)))</button></form>\n"
        }

        // The delivery log, bounded.
        let limit = min(max(logLimit, 1), NoticesAdmin.maximumLimit)
        let attempts = try await admin.log(limit: limit)
        body += "<h2>\(escape(NoticesWebMessages.logHeading.text(language)))</h2>\n"
        if attempts.isEmpty {
            body += "<p class=\"note\">\(escape(NoticesWebMessages.logEmpty.text(language)))</p>\n"
        } else {
            body += "<div class=\"scroll\"><table class=\"list\"><thead><tr>"
                + NoticesWebMessages.logHeaders.map { "<th>\(escape($0.text(language)))</th>" }.joined() + "</tr></thead><tbody>\n"
            for attempt in attempts {
                let cells = [
                    time(attempt.startedAt), attempt.delivery.rawValue, attempt.target, "\(attempt.part)/\(attempt.partCount)",
                    NoticesWebMessages.outcome(attempt.outcome).text(language), attempt.httpStatus.map(String.init) ?? "-",
                    attempt.platformCode ?? "-", attempt.message.map { NoticesAdmin.line($0, language) } ?? "",
                ]
                body += "<tr>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
            }
            body += "</tbody></table></div>\n"
            body += "<p>\(escape(NoticesWebMessages.showingLast(attempts.count).text(language)))"
            if attempts.count == limit, limit < NoticesAdmin.maximumLimit {
                body += " <a href=\"/notices?log=\(min(limit * 2, NoticesAdmin.maximumLimit))\">\(escape(NoticesWebMessages.showMore.text(language)))</a>"
            }
            body += "</p>\n"
        }
        return Page(
            title: NoticesWebMessages.title.text(language), language: language, signedIn: context.signedIn, path: "/notices", body: body)
    }
}
