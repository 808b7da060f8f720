import Foundation
import Hummingbird
import OutreachApp
import OutreachCore

/// The calendar: a month (a grid on desks, a list per day on a phone), a week or an agenda, filtered by branch
/// subtree, campaign, channel and status (a GET form), coloured by channel, with public holidays and schedule
/// conflicts marked. The occurrences, holidays and conflicts come from `CalendarListing`.
struct CalendarController {
    let web: WebApp

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/calendar") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let language = context.language
            guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
            let parameters = request.uri.queryParameters
            let text = { (name: String) -> String? in
                parameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
            }
            // The user's subtree bounds the branch filter (branch staff never see another branch's events).
            let scope = signedIn.user.scope(requested: text("branch").map { Branch.ID($0) }, reference: reference)
            guard let today = reference.today(at: web.now(), for: scope) else { throw HTTPError(.internalServerError) }
            let query = CalendarListing.Query(
                view: text("view").flatMap(CalendarListing.View.init(rawValue:)) ?? .month,
                date: text("date").flatMap { LocalDate($0) } ?? today, branch: scope,
                campaign: text("campaign").map { Campaign.ID($0) }, channel: text("channel").map { Channel.ID($0) },
                status: text("status").flatMap(EventStatus.init(rawValue:)))
            let (store, user) = (web.store, signedIn.user)
            // The body holds nothing of the session (its filter form is a GET): it is computed once per change of the
            // store for this question, language and reach of the user, and shared by every request that asks it.
            let body = try await web.cached(CacheKey("calendar", CalendarKey(query: query, today: today), language: language, user: user)) {
                let result = try await CalendarListing(store: store, reference: reference).calendar(query)
                let campaigns = try await CampaignOverview(store: store, reference: reference).campaigns(for: user)
                return CalendarPage(
                    result: result, reference: reference, language: language, user: user, campaigns: campaigns, today: today
                ).html()
            }
            return Page(
                title: PagesMessages.calendarTitle.text(language), language: language, signedIn: signedIn, path: "/calendar",
                body: body
            ).response()
        }
    }
}

/// A calendar's question: the view, date and filters, and today (marked in the grid).
struct CalendarKey: Hashable, Sendable {
    var query: CalendarListing.Query
    var today: LocalDate
}

/// The calendar's body.
struct CalendarPage {
    /// Occurrences a day of the month or week grid shows before "N more…" (a city branch's busiest day, 3·15, has
    /// about 20; a province's month of 100,000 events a year would otherwise put thousands on one page).
    static let shownPerDay = 24

    let result: CalendarListing.Result
    let reference: ReferenceData
    let language: Language
    let user: User
    let campaigns: [StoredCampaign]
    let today: LocalDate

    var query: CalendarListing.Query { result.query }

    /// A link to the calendar with the same filters and another view or date.
    func link(view: CalendarListing.View? = nil, date: LocalDate? = nil) -> String {
        var items = ["view=\((view ?? query.view).rawValue)", "date=\(date ?? query.date)"]
        if let branch = query.branch, branch != user.branch { items.append("branch=" + encode(branch.rawValue)) }
        if let campaign = query.campaign { items.append("campaign=" + encode(campaign.rawValue)) }
        if let channel = query.channel { items.append("channel=" + encode(channel.rawValue)) }
        if let status = query.status { items.append("status=\(status.rawValue)") }
        return "/calendar?" + items.joined(separator: "&amp;")
    }

    private func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return escape(text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text)
    }

    func html() -> String {
        var html = "<nav class=\"views\">"
        for view in CalendarListing.View.allCases {
            let name = escape(PagesMessages.view(view).text(language))
            html += view == query.view ? "<span class=\"current\">\(name)</span>" : "<a href=\"\(link(view: view))\">\(name)</a>"
        }
        html += "</nav>\n"
        let (from, through) = query.window
        html += "<nav class=\"pager\"><a href=\"\(link(date: query.previous))\" rel=\"prev\">\(escape(PagesMessages.previous.text(language)))</a>"
        html += "<strong>\(escape(PagesMessages.window(from: from, through: through).text(language)))</strong>"
        html += "<a href=\"\(link(date: query.next))\" rel=\"next\">\(escape(PagesMessages.next.text(language)))</a>"
        html += "<a href=\"\(link(date: today))\">\(escape(PagesMessages.todayLink.text(language)))</a></nav>\n"
        html += filters()
        switch query.view {
        case .month, .week: html += grid()
        case .agenda: html += agenda()
        }
        html += conflicts()
        return html
    }

    private func option(_ value: String, _ label: String, selected: Bool) -> String {
        "<option value=\"\(escape(value))\"\(selected ? " selected" : "")>\(escape(label))</option>"
    }

    private func filters() -> String {
        var html = "<form method=\"get\" action=\"/calendar\" class=\"filters\">"
        html += "<input type=\"hidden\" name=\"view\" value=\"\(query.view.rawValue)\">"
        html += "<input type=\"hidden\" name=\"date\" value=\"\(query.date)\">"
        // Branches: those the user may see, with their level shown by indentation in the name.
        let branches = reference.branches.filter { branch in user.branch.map { reference.isWithin(branch.id, $0) } ?? true }
        html += "<label>\(escape(PagesMessages.branchFilter.text(language)))<select name=\"branch\">"
        if user.branch == nil { html += option("", PagesMessages.allOption.text(language), selected: query.branch == nil) }
        for branch in branches {
            let depth = max(0, reference.lineage(of: branch.id).count - 1)
            html += option(
                branch.id.rawValue, String(repeating: "　", count: depth) + branch.names.text(language),
                selected: query.branch == branch.id)
        }
        html += "</select></label>"
        html += "<label>\(escape(PagesMessages.campaignFilter.text(language)))<select name=\"campaign\">"
        html += option("", PagesMessages.allOption.text(language), selected: query.campaign == nil)
        for stored in campaigns {
            html += option(stored.campaign.id.rawValue, stored.campaign.title.text(language), selected: query.campaign == stored.campaign.id)
        }
        html += "</select></label>"
        html += "<label>\(escape(PagesMessages.channelFilter.text(language)))<select name=\"channel\">"
        html += option("", PagesMessages.allOption.text(language), selected: query.channel == nil)
        for channel in reference.channels {
            html += option(channel.id.rawValue, channel.names.text(language), selected: query.channel == channel.id)
        }
        html += "</select></label>"
        html += "<label>\(escape(PagesMessages.statusFilter.text(language)))<select name=\"status\">"
        html += option("", PagesMessages.notCancelledOption.text(language), selected: query.status == nil)
        for status in EventStatus.allCases {
            html += option(status.rawValue, status.text(language), selected: query.status == status)
        }
        html += "</select></label>"
        html += "<button type=\"submit\">\(escape(PagesMessages.applyFilters.text(language)))</button></form>\n"
        return html
    }

    /// The month or week as a table, Monday first; each cell a day with its holiday and occurrences.
    private func grid() -> String {
        let conflicting = result.conflicting
        var html = "<table class=\"cal \(query.view.rawValue)\"><thead><tr>"
        for offset in 0..<7 {
            let day = query.window.from.adding(days: offset)
            html += "<th>\(escape(PlanMessages.shortWeekday(of: day).text(language)))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for (index, day) in result.days.enumerated() {
            if index % 7 == 0 { html += "<tr>" }
            var classes: [String] = []
            if query.view == .month, day.date.month != query.date.month { classes.append("outside") }
            if day.holiday != nil { classes.append("holiday") }
            if day.occurrences.isEmpty { classes.append("empty") }
            html += "<td id=\"d\(day.date)\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>"
            html += "<span class=\"daynum\">\(escape(dayLabel(day.date)))</span>"
            html += dayNotes(day)
            // A busy day shows its first occurrences (clashes first) and links to the day in the agenda for the rest,
            // so that a month of a whole province stays a page a phone can load.
            let shown = Self.shown(day.occurrences, conflicting: conflicting)
            html += occurrenceList(shown, conflicting: conflicting)
            if day.occurrences.count > shown.count {
                html += "<a class=\"more\" href=\"\(link(view: .agenda, date: day.date))#d\(day.date)\">"
                html += "\(escape(PagesMessages.moreOnDay(day.occurrences.count - shown.count).text(language)))</a>"
            }
            html += "</td>"
            if index % 7 == 6 { html += "</tr>\n" }
        }
        html += "</tbody></table>\n"
        if result.days.allSatisfy({ $0.occurrences.isEmpty }) {
            html += "<p class=\"note\">\(escape(PagesMessages.noEventsInView.text(language)))</p>\n"
        }
        return html
    }

    /// The occurrences a day of the grid shows, in their order: all when they fit, else those that clash first,
    /// then the earliest.
    static func shown(_ occurrences: [PlannedOccurrence], conflicting: Set<Event.ID>) -> [PlannedOccurrence] {
        guard occurrences.count > shownPerDay else { return occurrences }
        var kept = Set<Int>()
        for (index, occurrence) in occurrences.enumerated() where kept.count < shownPerDay && conflicting.contains(occurrence.event.id) {
            kept.insert(index)
        }
        for index in occurrences.indices where kept.count < shownPerDay { kept.insert(index) }
        return occurrences.indices.filter(kept.contains).map { occurrences[$0] }
    }

    /// `12-05 周六` on the grid (the weekday for the phone's list, where the header row is hidden).
    private func dayLabel(_ date: LocalDate) -> String {
        "\(date) \(PlanMessages.shortWeekday(of: date).text(language))"
    }

    private func dayNotes(_ day: CalendarListing.Day) -> String {
        var html = ""
        if let holiday = day.holiday {
            html += "<span class=\"holiday-name\">\(escape(PagesMessages.holiday(holiday.names).text(language)))</span>"
        }
        if let workday = day.adjustedWorkday {
            html += "<span class=\"workday\">\(escape(PagesMessages.adjustedWorkday(workday.holiday).text(language)))</span>"
        }
        return html
    }

    private func occurrenceList(_ occurrences: [PlannedOccurrence], conflicting: Set<Event.ID>) -> String {
        guard !occurrences.isEmpty else { return "" }
        let renderer = PlanRenderer(reference: reference, language: language)
        var html = "<ul class=\"occ\">"
        for occurrence in occurrences {
            let event = occurrence.event
            let clash = conflicting.contains(event.id)
            let channel = reference.channel(event.channel)?.names.text(language) ?? event.channel.rawValue
            html += "<li class=\"\(PagesSupport.channelClass(event.channel, reference: reference))\(clash ? " conflict" : "")\">"
            html += "<a href=\"/events/\(escape(event.id.rawValue))\">\(escape(renderer.timeText(occurrence.timing))) "
            html += "\(escape(event.title.text(language)))</a> <span class=\"chname\">\(escape(channel))</span> "
            html += "<span class=\"status\">\(escape(event.status.text(language)))</span>"
            if clash { html += " <span class=\"badge\">\(escape(PagesMessages.conflictBadge.text(language)))</span>" }
            html += "</li>"
        }
        return html + "</ul>"
    }

    private func agenda() -> String {
        guard !result.days.isEmpty else {
            return "<p class=\"note\">\(escape(PagesMessages.noEventsInView.text(language)))</p>\n"
        }
        let conflicting = result.conflicting
        var html = ""
        for day in result.days {
            html += "<section class=\"day\" id=\"d\(day.date)\"><h2>\(escape(dayLabel(day.date)))</h2>"
            html += dayNotes(day) + occurrenceList(day.occurrences, conflicting: conflicting) + "</section>\n"
        }
        return html
    }

    private func conflicts() -> String {
        guard !result.conflicts.isEmpty else { return "" }
        var html = "<h2>\(escape(PagesMessages.conflictsHeading.text(language)))</h2>\n<ul class=\"conflicts\">"
        for conflict in result.conflicts {
            html += "<li><a href=\"/events/\(escape(conflict.event.rawValue))\">\(escape(conflict.event.rawValue))</a>: "
            html += "\(escape(conflict.issue.message(language)))</li>"
        }
        return html + "</ul>\n"
    }
}
