import Foundation
import Hummingbird
import OutreachApp
import OutreachCore

/// The home page: the agenda of today and the next 6 days for the user's branch subtree, through the same
/// `PlanListing` use case as `outreach plan`.
struct HomeController {
    let web: WebApp

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/") { _, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let language = context.language
            guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
            let scope = signedIn.user.scope(requested: nil, reference: reference)
            guard let today = reference.today(at: web.now(), for: scope) else { throw HTTPError(.internalServerError) }
            let query = PlanQuery(from: today, through: today.adding(days: 6), branch: scope)
            let occurrences = try await PlanListing(store: web.store, reference: reference).occurrences(query).occurrences
            let scopeName = scope.map { reference.branch($0)?.names ?? BilingualName(zh: $0.rawValue) }
            let renderer = PlanRenderer(reference: reference, language: language)
            // Today: what happens today, including a display that began earlier and is still up.
            let isToday = { (o: PlannedOccurrence) in o.timing.startDate <= today && o.timing.endDate >= today }
            let todays = occurrences.filter(isToday)
            let later = occurrences.filter { !isToday($0) }
            var body = "<h2>\(escape(WebMessages.today.text(language))) \(escape(today.description))</h2>\n"
            body += list(todays, renderer: renderer, empty: WebMessages.noEventsToday.text(language), today: today, language: language)
            body += "<h2>\(escape(WebMessages.laterDays.text(language)))</h2>\n"
            body += list(later, renderer: renderer, empty: WebMessages.noEventsLater.text(language), today: today, language: language)
            return Page(
                title: WebMessages.agendaTitle(scope: scopeName).text(language), language: language, signedIn: signedIn, path: "/",
                body: body
            ).response()
        }
    }

    /// One item per occurrence: when, title and status, then channel, venue and branch.
    private func list(_ occurrences: [PlannedOccurrence], renderer: PlanRenderer, empty: String, today: LocalDate, language: Language) -> String {
        // The reach form of the occurrence: today for what is on today, else the occurrence's first day.
        func reachLink(_ o: PlannedOccurrence) -> String {
            let day = o.timing.startDate <= today && o.timing.endDate >= today ? today : o.timing.startDate
            return "/reach/log?event=\(queryEscape(o.stored.event.id.rawValue))&date=\(day)"
        }
        guard !occurrences.isEmpty else { return "<p class=\"note\">\(escape(empty))</p>\n" }
        var html = "<ul class=\"agenda\">\n"
        for occurrence in occurrences {
            // date, time, title, channel, venue, branch, status, id: the columns of `outreach plan`.
            let cells = renderer.cells(occurrence)
            html += "<li id=\"\(escape(cells[7]))\"><div class=\"when\">\(escape(cells[0])) \(escape(cells[1]))</div>"
            html += "<div>\(escape(cells[2])) <span class=\"status\">\(escape(cells[6]))</span></div>"
            html += "<div class=\"where\">\(escape(cells[3])) · \(escape(cells[4])) · \(escape(cells[5]))</div>"
            html += "<div><a href=\"\(escape(reachLink(occurrence)))\">\(escape(ReachWebMessages.logLink.text(language)))</a></div></li>\n"
        }
        return html + "</ul>\n"
    }
}
