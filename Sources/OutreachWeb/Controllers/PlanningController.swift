import Foundation
import Hummingbird
import OutreachApp
import OutreachCore

/// The planning form: a new event of a campaign (`/campaigns/{id}/events/new`) and an event's edit
/// (`/events/{id}/edit`), checked and saved by `EventPlanning` with the campaign files' checks and messages, each
/// shown beside its field; a clash with another event names it and saves nothing, as `outreach import` refuses it.
/// Admins and planners plan; anyone else gets 403 (branch staff 404 outside their subtree, as everywhere).
struct PlanningController {
    let web: WebApp

    struct Form: Decodable {
        var csrf: String?
        var id: String?
        var title: String?
        var title_en: String?
        var channel: String?
        var venue: String?
        var branch: String?
        var start: String?
        var end: String?
        var `repeat`: String?
        var except: String?
        var staff: String?
        var expected_reach: String?
        var capacity: String?
        var notes: String?

        var eventForm: EventForm {
            var form = EventForm()
            form.id = id ?? ""
            form.title = title ?? ""
            form.titleEN = title_en ?? ""
            form.channel = channel ?? ""
            form.venue = venue ?? ""
            form.branch = branch ?? ""
            form.start = start ?? ""
            form.end = end ?? ""
            form.repeatRule = `repeat` ?? ""
            form.except = except ?? ""
            form.staff = staff ?? ""
            form.expectedReach = expected_reach ?? ""
            form.capacity = capacity ?? ""
            form.notes = notes ?? ""
            return form
        }
    }

    /// What the form is for: a new event of a campaign, or an existing event.
    private struct Target {
        var campaign: StoredCampaign
        var editing: StoredEvent?
        var path: String
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/campaigns/:id/events/new") { _, context -> Response in
            try await show(context, target: try await newTarget(context))
        }
        router.post("/campaigns/:id/events/new") { request, context -> Response in
            try await save(request, context, target: try await newTarget(context))
        }
        router.get("/events/:id/edit") { _, context -> Response in
            try await show(context, target: try await editTarget(context))
        }
        router.post("/events/:id/edit") { request, context -> Response in
            try await save(request, context, target: try await editTarget(context))
        }
    }

    private func planning(_ reference: ReferenceData) -> EventPlanning {
        EventPlanning(store: web.store, reference: reference, notify: web.notify)
    }

    private func reference() async throws -> ReferenceData {
        guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
        return reference
    }

    /// The campaign of a new event, or 404 for an id with path tricks, an unknown id or a campaign the user may not see.
    private func newTarget(_ context: WebRequestContext) async throws -> Target? {
        guard let user = context.signedIn?.user else { return nil }
        guard let raw = PagesSupport.pathID(context.parameters.get("id")) else { throw HTTPError(.notFound) }
        guard let campaign = try await planning(try await reference()).campaign(Campaign.ID(raw), for: user) else {
            throw HTTPError(.notFound)
        }
        return Target(campaign: campaign, editing: nil, path: "/campaigns/\(raw)/events/new")
    }

    /// The event to edit and its campaign, or 404 as for the event page.
    private func editTarget(_ context: WebRequestContext) async throws -> Target? {
        guard let user = context.signedIn?.user else { return nil }
        guard let raw = PagesSupport.pathID(context.parameters.get("id")) else { throw HTTPError(.notFound) }
        let planning = planning(try await reference())
        guard let event = try await planning.event(Event.ID(raw), for: user),
            let campaign = try await web.store.campaign(event.event.campaign)
        else { throw HTTPError(.notFound) }
        return Target(campaign: campaign, editing: event, path: "/events/\(raw)/edit")
    }

    private func show(_ context: WebRequestContext, target: Target?) async throws -> Response {
        guard let signedIn = context.signedIn, let target else { return AuthController.redirect(to: "/login") }
        let reference = try await reference()
        let language = context.language
        guard signedIn.user.mayPlanEvents else {
            return page(target, reference: reference, context: context, form: nil, problem: PlanningWebMessages.notAllowed.text(language))
                .response(.forbidden)
        }
        let form = target.editing.map { EventForm($0.event) } ?? EventForm()
        return page(target, reference: reference, context: context, form: form).response()
    }

    private func save(_ request: Request, _ context: WebRequestContext, target: Target?) async throws -> Response {
        guard let signedIn = context.signedIn, let target else { return AuthController.redirect(to: "/login") }
        let reference = try await reference()
        let language = context.language
        let posted = try await AuthController.form(Form.self, from: request, context: context)
        guard let sent = posted.csrf, AuthController.same(signedIn.session.formToken, sent) else {
            return page(target, reference: reference, context: context, form: nil, problem: WebMessages.formExpired.text(language))
                .response(.forbidden)
        }
        guard signedIn.user.mayPlanEvents else {
            return page(target, reference: reference, context: context, form: nil, problem: PlanningWebMessages.notAllowed.text(language))
                .response(.forbidden)
        }
        let form = posted.eventForm
        let actor = AuditActor(name: signedIn.user.name.rawValue, displayName: signedIn.user.displayName, source: .web)
        let outcome = try await planning(reference).save(
            form, campaign: target.campaign.campaign.id, editing: target.editing?.event.id, by: actor, at: web.now())
        guard let saved = outcome.saved else {
            return page(target, reference: reference, context: context, form: form, outcome: outcome)
                .response(.unprocessableContent)
        }
        let eventPath = "/events/" + saved.event.id.rawValue
        guard !outcome.checked.warnings.isEmpty else { return AuthController.redirect(to: eventPath) }
        // Saved with warnings (as `outreach import` stores a file with warnings): say so before moving on.
        var body = "<p class=\"note\" role=\"status\">\(escape(PlanningWebMessages.saved(title: saved.event.title).text(language)))</p>\n"
        body += "<h2>\(escape(PlanningWebMessages.warningsHeading.text(language)))</h2>\n<ul class=\"issues\">"
        for warning in outcome.checked.warnings { body += "<li>\(escape(warning.text(language)))</li>" }
        body += "</ul>\n<p><a href=\"\(escape(eventPath))\">\(escape(PlanningWebMessages.openEvent.text(language)))</a></p>\n"
        return Page(
            title: saved.event.title.text(language), language: language, signedIn: signedIn, path: eventPath, body: body
        ).response()
    }

    private func page(
        _ target: Target, reference: ReferenceData, context: WebRequestContext, form: EventForm?, problem: String? = nil,
        outcome: EventPlanning.Outcome? = nil
    ) -> Page {
        let language = context.language
        let campaign = target.campaign.campaign
        let title = target.editing.map { PlanningWebMessages.editEventTitle(event: $0.event.title) }
            ?? PlanningWebMessages.newEventTitle(campaign: campaign.title)
        var body = ""
        if let problem { body += "<p class=\"error\" role=\"alert\">\(escape(problem))</p>\n" }
        if let form, let signedIn = context.signedIn {
            body += formHTML(
                form, target: target, reference: reference, token: signedIn.session.formToken, language: language,
                outcome: outcome)
        }
        let back = target.editing.map { "/events/" + $0.event.id.rawValue } ?? "/campaigns/" + campaign.id.rawValue
        let backTitle = target.editing?.event.title ?? campaign.title
        body += "<p><a href=\"\(escape(back))\">\(escape(backTitle.text(language)))</a></p>\n"
        return Page(title: title.text(language), language: language, signedIn: context.signedIn, path: target.path, body: body)
    }

    private func formHTML(
        _ form: EventForm, target: Target, reference: ReferenceData, token: String, language: Language,
        outcome: EventPlanning.Outcome?
    ) -> String {
        let checked = outcome?.checked
        var html = ""
        if let checked, checked.hasErrors {
            html += "<p class=\"error\" role=\"alert\">\(escape(PlanningWebMessages.formHasErrors.text(language)))</p>\n"
            for message in checked.otherErrors { html += "<p class=\"error\">\(escape(message.text(language)))</p>\n" }
        }
        if let checked, !checked.clashes.isEmpty {
            html += "<section class=\"error clashes\" role=\"alert\"><h2>\(escape(PlanningWebMessages.clashesHeading.text(language)))</h2><ul>"
            for clash in checked.clashes {
                html += "<li>\(escape(clash.message.text(language)))"
                if let title = outcome?.clashTitles[clash.other] {
                    html += "<br><a href=\"/events/\(escape(clash.other.rawValue))\">"
                        + "\(escape(PlanningWebMessages.clashesWith(title: title, id: clash.other).text(language)))</a>"
                }
                html += "</li>"
            }
            html += "</ul></section>\n"
        }
        if let checked, !checked.warnings.isEmpty {
            html += "<section class=\"note\"><h2>\(escape(PlanningWebMessages.warningsHeading.text(language)))</h2><ul>"
            for warning in checked.warnings { html += "<li>\(escape(warning.text(language)))</li>" }
            html += "</ul></section>\n"
        }
        html += "<form method=\"post\" action=\"\(escape(target.path))\" class=\"reach planning\">"
        html += "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">\n"

        func errors(_ key: String) -> (html: String, describedBy: String) {
            let messages = checked?.fieldErrors[key] ?? []
            guard !messages.isEmpty else { return ("", "") }
            let id = "\(key)-error"
            let text = messages.map { "<span class=\"field-error\" id=\"\(id)\" role=\"alert\">\(escape($0.text(language)))</span>" }
                .joined()
            return (text, " aria-invalid=\"true\" aria-describedby=\"\(id)\"")
        }
        func hint(_ key: String) -> String {
            PlanningWebMessages.hint(key).map { "<small>\(escape($0.text(language)))</small>" } ?? ""
        }
        func input(_ key: String, _ value: String, required: Bool = false, readOnly: Bool = false) {
            let (errorHTML, described) = errors(key)
            html += "<label>\(escape(PlanningWebMessages.label(key).text(language)))"
                + "<input type=\"text\" name=\"\(key)\" value=\"\(escape(value))\""
                + (required ? " required" : "") + (readOnly ? " readonly" : "") + described + ">"
                + hint(key) + errorHTML + "</label>\n"
        }
        func select(_ key: String, _ value: String, options: [(String, String)], empty: Message) {
            let (errorHTML, described) = errors(key)
            html += "<label>\(escape(PlanningWebMessages.label(key).text(language)))<select name=\"\(key)\"\(described)>"
            html += "<option value=\"\"\(value.isEmpty ? " selected" : "")>\(escape(empty.text(language)))</option>"
            var found = value.isEmpty
            for (id, name) in options {
                let selected = id == value
                found = found || selected
                html += "<option value=\"\(escape(id))\"\(selected ? " selected" : "")>\(escape(name)) (\(escape(id)))</option>"
            }
            // A value that is not among the choices (an unknown id) stays selected, so its error makes sense.
            if !found { html += "<option value=\"\(escape(value))\" selected>\(escape(value))</option>" }
            html += "</select>" + errorHTML + "</label>\n"
        }

        let campaign = target.campaign.campaign
        if target.editing != nil {
            input("id", form.id, readOnly: true)
        } else {
            input("id", form.id, required: true)
        }
        input("title", form.title, required: true)
        input("title_en", form.titleEN)
        let channels = campaign.channels.isEmpty ? reference.channels.map(\.id) : campaign.channels
        select(
            "channel", form.channel,
            options: channels.map { ($0.rawValue, reference.channel($0)?.names.text(language) ?? $0.rawValue) },
            empty: PlanningWebMessages.choose)
        select(
            "venue", form.venue, options: reference.venues.map { ($0.id.rawValue, $0.names.text(language)) },
            empty: PlanningWebMessages.choose)
        let participants = [campaign.owner] + campaign.branches
        let branches = reference.branches.filter { branch in participants.contains { reference.isWithin(branch.id, $0) } }
        select(
            "branch", form.branch, options: branches.map { ($0.id.rawValue, $0.names.text(language)) },
            empty: PlanningWebMessages.fromVenue)
        input("start", form.start, required: true)
        input("end", form.end)
        input("repeat", form.repeatRule)
        input("except", form.except)
        input("staff", form.staff)
        input("expected_reach", form.expectedReach)
        input("capacity", form.capacity)
        let (notesErrors, notesDescribed) = errors("notes")
        html += "<label>\(escape(PlanningWebMessages.label("notes").text(language)))"
            + "<textarea name=\"notes\" rows=\"3\"\(notesDescribed)>\(escape(form.notes))</textarea>\(notesErrors)</label>\n"
        html += "<p class=\"note\">\(escape(PlanningWebMessages.webEditNote.text(language)))</p>\n"
        html += "<button type=\"submit\">\(escape(PlanningWebMessages.saveButton.text(language)))</button></form>\n"
        return html
    }
}

/// The links to the planning form on the campaign and event pages, for those who may plan.
enum PlanningLinks {
    static func newEvent(_ campaign: Campaign.ID, for user: User, language: Language) -> String {
        guard user.mayPlanEvents else { return "" }
        return "<p><a class=\"plan\" href=\"/campaigns/\(escape(campaign.rawValue))/events/new\">"
            + "\(escape(PlanningWebMessages.newEventLink.text(language)))</a></p>\n"
    }

    /// Says that the event was edited on the web since its campaign was last imported or exported.
    static func pendingNote(_ edit: WebEdit, language: Language) -> String {
        let who = edit.editedByDisplayName == edit.editedBy ? edit.editedBy : "\(edit.editedByDisplayName) (\(edit.editedBy))"
        let when = PagesSupport.localTime(edit.editedAt, zone: ReferenceData.defaultTimeZone)
        return "<p class=\"note webedit\">\(escape(PlanningWebMessages.pendingWebEdit(by: who, at: when).text(language)))</p>\n"
    }

    /// How many of a campaign's events were edited on the web since it was last imported or exported.
    static func pendingCount(_ count: Int, language: Language) -> String {
        guard count > 0 else { return "" }
        return "<p class=\"note webedit\">\(escape(PlanningWebMessages.pendingWebEdits(count: count).text(language)))</p>\n"
    }

    static func edit(_ event: Event.ID, for user: User, language: Language) -> String {
        guard user.mayPlanEvents else { return "" }
        return "<p><a class=\"plan\" href=\"/events/\(escape(event.rawValue))/edit\">"
            + "\(escape(PlanningWebMessages.editEventLink.text(language)))</a></p>\n"
    }
}
