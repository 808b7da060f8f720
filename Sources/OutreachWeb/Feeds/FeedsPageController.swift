import Foundation
import HTTPTypes
import Hummingbird
import OutreachApp
import OutreachCore

/// The feeds page (`/feeds`): the calendar feeds a user sees, adding one (their own; a branch's for planners and
/// admins) with its address shown once, and revoking — `outreach feed add|list|revoke` through `CalendarFeeds`.
/// Every form carries the session's form token; viewers read only.
struct FeedsPageController {
    let web: WebApp

    struct FeedForm: Decodable {
        var csrf: String?
        var action: String?
        var label: String?
        var scope: String?
        var handle: String?
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/feeds") { _, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let (feeds, reference) = try await load(signedIn.user)
            return page(context: context, feeds: feeds, reference: reference).response()
        }
        router.post("/feeds") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let language = context.language
            let (feeds, reference) = try await load(signedIn.user)
            let form = try await AuthController.form(FeedForm.self, from: request, context: context)
            guard let sent = form.csrf, AuthController.same(signedIn.session.formToken, sent) else {
                return page(context: context, feeds: feeds, reference: reference, problem: WebMessages.formExpired.text(language))
                    .response(.forbidden)
            }
            let user = signedIn.user
            guard CalendarFeeds.mayChangeFeeds(user) else {
                return page(context: context, feeds: feeds, reference: reference, problem: NoticesWebMessages.viewerReadOnly.text(language))
                    .response(.forbidden)
            }
            let use = CalendarFeeds(store: web.store, reference: reference)
            do {
                switch form.action {
                case "add":
                    let scope = form.scope ?? "own"
                    let branch = scope == "own" || scope.isEmpty ? nil : Branch.ID(scope)
                    let (feed, token) = try await use.add(by: user, branch: branch, label: form.label ?? "", at: web.now())
                    let path = "/feeds/\(token).ics"
                    let scheme = web.configuration.secureCookies ? "https" : "http"
                    let address = request.head.authority.map { "\(scheme)://\($0)\(path)" } ?? path
                    // The address, this once: the store keeps only its token's hash.
                    let note = "<p class=\"note\" role=\"status\">\(escape(NoticesWebMessages.added(handle: feed.handle, label: feed.label).text(language)))</p>\n"
                        + "<p><input class=\"feed-url\" readonly value=\"\(escape(address))\" aria-label=\"URL\"></p>\n"
                    let (updated, _) = try await load(user)
                    return page(context: context, feeds: updated, reference: reference, resultHTML: note).response()
                case "revoke":
                    let feed = try await use.revoke(handle: form.handle ?? "", by: user, at: web.now())
                    let (updated, _) = try await load(user)
                    let note = "<p class=\"note\" role=\"status\">\(escape(NoticesWebMessages.revoked(handle: feed.handle, label: feed.label).text(language)))</p>\n"
                    return page(context: context, feeds: updated, reference: reference, resultHTML: note).response()
                default:
                    return page(context: context, feeds: feeds, reference: reference, problem: PagesMessages.unknownAction.text(language))
                        .response(.badRequest)
                }
            } catch let failure as CalendarFeeds.UserFailure {
                let status: HTTPResponse.Status =
                    switch failure {
                    case .notAllowed: .forbidden
                    case .unknownFeed: .notFound
                    case .emptyLabel, .unknownBranch: .unprocessableContent
                    }
                return page(
                    context: context, feeds: feeds, reference: reference, problem: failure.message.text(language),
                    label: form.label ?? "", scope: form.scope ?? "own"
                ).response(status)
            }
        }
    }

    private func load(_ user: User) async throws -> ([CalendarFeed], ReferenceData) {
        guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
        return (try await CalendarFeeds(store: web.store, reference: reference).feeds(visibleTo: user), reference)
    }

    private func page(
        context: WebRequestContext, feeds: [CalendarFeed], reference: ReferenceData, problem: String? = nil, resultHTML: String = "",
        label: String = "", scope: String = "own"
    ) -> Page {
        let language = context.language
        let token = context.signedIn?.session.formToken ?? ""
        let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
        let user = context.signedIn?.user
        let mayChange = user.map(CalendarFeeds.mayChangeFeeds) ?? false
        var body = resultHTML
        if let problem { body += "<p class=\"error\" role=\"alert\">\(escape(problem))</p>\n" }
        body += "<p>\(escape(NoticesWebMessages.feedsHelp.text(language)))</p>\n"
        let time = { (date: Date) in PagesSupport.localTime(date, zone: ReferenceData.defaultTimeZone) }
        if feeds.isEmpty {
            body += "<p class=\"note\">\(escape(NoticesWebMessages.noFeeds.text(language)))</p>\n"
        } else {
            body += "<div class=\"scroll\"><table class=\"list\"><thead><tr>"
                + NoticesWebMessages.feedHeaders.map { "<th>\(escape($0.text(language)))</th>" }.joined() + "</tr></thead><tbody>\n"
            for feed in feeds.reversed() {
                let scopeText: String =
                    switch feed.scope {
                    case .branch(let id): reference.branch(id)?.names.text(language) ?? id.rawValue
                    case .user(let name): NoticesWebMessages.userScope(name.rawValue).text(language)
                    }
                let state = feed.revokedAt.map { NoticesWebMessages.revokedAt(time($0)).text(language) } ?? NoticesWebMessages.active.text(language)
                var action = ""
                if mayChange, feed.revokedAt == nil {
                    action = "<form method=\"post\" action=\"/feeds\">\(hidden)<input type=\"hidden\" name=\"action\" value=\"revoke\">"
                        + "<input type=\"hidden\" name=\"handle\" value=\"\(escape(feed.handle))\">"
                        + "<button type=\"submit\">\(escape(NoticesWebMessages.revokeButton.text(language)))</button></form>"
                }
                body += "<tr>" + [feed.handle, feed.label, scopeText, time(feed.createdAt), state].map { "<td>\(escape($0))</td>" }.joined()
                    + "<td>\(action)</td></tr>\n"
            }
            body += "</tbody></table></div>\n"
        }
        if mayChange, let user {
            body += "<h2>\(escape(NoticesWebMessages.addHeading.text(language)))</h2>\n"
            body += "<form method=\"post\" action=\"/feeds\" class=\"reach\">\(hidden)<input type=\"hidden\" name=\"action\" value=\"add\">\n"
            body += "<label>\(escape(NoticesWebMessages.labelField.text(language)))<input name=\"label\" maxlength=\"100\" required value=\"\(escape(label))\"></label>\n"
            if CalendarFeeds.mayManageBranchFeeds(user) {
                body += "<label>\(escape(NoticesWebMessages.scopeField.text(language)))<select name=\"scope\">"
                body += "<option value=\"own\"\(scope == "own" ? " selected" : "")>\(escape(NoticesWebMessages.ownScope.text(language)))</option>"
                for branch in reference.branches {
                    let id = branch.id.rawValue
                    body += "<option value=\"\(escape(id))\"\(scope == id ? " selected" : "")>\(escape(branch.names.text(language))) (\(escape(id)))</option>"
                }
                body += "</select></label>\n"
            }
            body += "<button type=\"submit\">\(escape(NoticesWebMessages.addButton.text(language)))</button>\n</form>\n"
        }
        return Page(
            title: NoticesWebMessages.feedsTitle.text(language), language: language, signedIn: context.signedIn, path: "/feeds", body: body)
    }
}

/// The header links to the feeds page (everyone signed in) and the notices admin (admins only).
enum FeedsNavigation {
    static func links(_ language: Language, user: User) -> String {
        var html = "<nav class=\"pages\"><a href=\"/feeds\">\(escape(NoticesWebMessages.feedsNav.text(language)))</a>"
        if user.role == .admin { html += "<a href=\"/notices\">\(escape(NoticesWebMessages.nav.text(language)))</a>" }
        return html + "</nav>"
    }
}
