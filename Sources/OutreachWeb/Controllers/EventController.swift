import Foundation
import HTTPTypes
import Hummingbird
import OutreachApp
import OutreachCore

/// The event page: details, occurrences, status, the audit log, and confirm / done / cancel (with a reason) as
/// POST forms with the session's form token, through `EventStatusChange`. Branch staff reach only their
/// subtree's events (any other id is "no such page"); viewers read only.
struct EventController {
    let web: WebApp

    struct StatusForm: Decodable {
        var csrf: String?
        var action: String?
        var reason: String?
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/events/:id") { _, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let (reference, details) = try await load(context, user: signedIn.user)
            let edit = try await EventPlanning(store: web.store, reference: reference, notify: nil).pendingEdit(of: details.stored)
            return page(details, reference: reference, context: context, webEdit: edit).response()
        }
        router.post("/events/:id/status") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let language = context.language
            // Another branch's event, or an id with path tricks: no such page, before anything else is said.
            let (reference, details) = try await load(context, user: signedIn.user)
            let form = try await AuthController.form(StatusForm.self, from: request, context: context)
            guard let sent = form.csrf, AuthController.same(signedIn.session.formToken, sent) else {
                return page(details, reference: reference, context: context, problem: WebMessages.formExpired.text(language))
                    .response(.forbidden)
            }
            guard signedIn.user.mayChangeEvents else {
                return page(details, reference: reference, context: context, problem: PagesMessages.readOnly.text(language))
                    .response(.forbidden)
            }
            let status: EventStatus
            switch form.action {
            case "confirm": status = .confirmed
            case "done": status = .done
            case "cancel": status = .cancelled
            default:
                return page(details, reference: reference, context: context, problem: PagesMessages.unknownAction.text(language))
                    .response(.badRequest)
            }
            let id = details.stored.event.id
            let actor = AuditActor(name: signedIn.user.name.rawValue, displayName: signedIn.user.displayName, source: .web)
            let change = EventStatusChange(store: web.store, reference: reference, notify: web.notify)
            do {
                _ = try await change.change(id, to: status, by: actor, reason: form.reason, at: web.now())
            } catch EventStatusChange.FormError.reasonRequired {
                return page(
                    details, reference: reference, context: context, reasonProblem: PagesMessages.reasonRequired.text(language),
                    reason: form.reason ?? ""
                ).response(.unprocessableContent)
            } catch let error as StoreError {
                return page(details, reference: reference, context: context, problem: error.message(language))
                    .response(.conflict)
            }
            return AuthController.redirect(to: "/events/" + id.rawValue)
        }
    }

    /// The reference data and the event's details, or 404 for an id with path tricks, an unknown id, or an
    /// event the user may not see.
    private func load(_ context: WebRequestContext, user: User) async throws -> (ReferenceData, EventDetails.Result) {
        guard let raw = PagesSupport.pathID(context.parameters.get("id")) else { throw HTTPError(.notFound) }
        guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
        let store = web.store
        let found = try await web.cached(CacheKey("event", raw, user: user)) {
            try await EventDetails(store: store, reference: reference).details(Event.ID(raw), for: user)
        }
        guard let details = found else {
            throw HTTPError(.notFound)
        }
        return (reference, details)
    }

    private func page(
        _ details: EventDetails.Result, reference: ReferenceData, context: WebRequestContext, problem: String? = nil,
        reasonProblem: String? = nil, reason: String = "", webEdit: WebEdit? = nil
    ) -> Page {
        let language = context.language
        let event = details.stored.event
        let renderer = PlanRenderer(reference: reference, language: language)
        var body = ""
        if let problem { body += "<p class=\"error\" role=\"alert\">\(escape(problem))</p>\n" }
        let channel = reference.channel(event.channel)?.names.text(language) ?? event.channel.rawValue
        body += "<p><span class=\"status\">\(escape(event.status.text(language)))</span> "
            + "<span class=\"chname \(PagesSupport.channelClass(event.channel, reference: reference))\">\(escape(channel))</span></p>\n"
        let when = "\(event.timing.startDate) \(renderer.timeText(event.timing))"
        body += PagesSupport.details(
            [
                (PagesMessages.campaignLabel, details.stored.campaignTitle.text(language) + " (\(event.campaign.rawValue))"),
                (PagesMessages.whenLabel, when),
                (PagesMessages.repeatsLabel, event.recurrence?.text(language, start: event.timing.startDate) ?? ""),
                (PagesMessages.channelLabel, channel),
                (PagesMessages.venueLabel, reference.venue(event.venue)?.names.text(language) ?? event.venue.rawValue),
                (PagesMessages.branchLabel, reference.branch(event.branch)?.names.text(language) ?? event.branch.rawValue),
                (PagesMessages.staffLabel, event.staff.joined(separator: "、")),
                (PagesMessages.expectedReachLabel, event.expectedReach.map { PagesMessages.people($0).text(language) } ?? ""),
                (PagesMessages.statusLabel, event.status.text(language)),
                (PagesMessages.notesLabel, event.notes ?? ""),
            ], language: language)
        body += "<p><a href=\"/campaigns/\(escape(event.campaign.rawValue))\">\(escape(details.stored.campaignTitle.text(language)))</a></p>\n"
        if let webEdit { body += PlanningLinks.pendingNote(webEdit, language: language) }
        if let signedIn = context.signedIn {
            body += PlanningLinks.edit(event.id, for: signedIn.user, language: language)
        }
        if let signedIn = context.signedIn, signedIn.user.mayChangeEvents {
            body += statusForms(event: event, token: signedIn.session.formToken, language: language, reasonProblem: reasonProblem, reason: reason)
        }
        if event.recurrence != nil || details.occurrences.count > 1 {
            body += "<h2>\(escape(PagesMessages.occurrencesHeading.text(language)))</h2>\n<ul class=\"agenda\">"
            for occurrence in details.occurrences {
                let cells = renderer.cells(occurrence)
                body += "<li><span class=\"when\">\(escape(cells[0])) \(escape(cells[1]))</span></li>"
            }
            body += "</ul>\n"
        }
        body += "<h2>\(escape(PagesMessages.auditHeading.text(language)))</h2>\n"
        body += PagesSupport.auditTable(details.audit, language: language, reference: reference, showsEvent: false)
        return Page(
            title: event.title.text(language), language: language, signedIn: context.signedIn,
            path: "/events/" + event.id.rawValue, body: body)
    }

    /// One form per change the status allows, each with the session's form token; cancelling asks for a reason.
    private func statusForms(event: Event, token: String, language: Language, reasonProblem: String?, reason: String) -> String {
        let action = "/events/\(escape(event.id.rawValue))/status"
        let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
        var html = "<h2>\(escape(PagesMessages.changeStatusHeading.text(language)))</h2>\n"
        for (name, status, label) in [("confirm", EventStatus.confirmed, PagesMessages.confirmButton), ("done", .done, PagesMessages.doneButton)]
        where event.status != status && event.status.canChange(to: status) {
            html += "<form method=\"post\" action=\"\(action)\" class=\"status\">\(hidden)"
                + "<input type=\"hidden\" name=\"action\" value=\"\(name)\">"
                + "<button type=\"submit\">\(escape(label.text(language)))</button></form>\n"
        }
        if event.status != .cancelled, event.status.canChange(to: .cancelled) {
            html += "<form method=\"post\" action=\"\(action)\" class=\"status\">\(hidden)"
                + "<input type=\"hidden\" name=\"action\" value=\"cancel\">"
            if let reasonProblem { html += "<p class=\"error\" id=\"reason-error\" role=\"alert\">\(escape(reasonProblem))</p>" }
            html += "<label>\(escape(PagesMessages.reasonLabel.text(language)))"
                + "<textarea name=\"reason\" rows=\"2\" required maxlength=\"500\"\(reasonProblem == nil ? "" : " aria-describedby=\"reason-error\"")>"
                + "\(escape(reason))</textarea></label>"
                + "<button type=\"submit\">\(escape(PagesMessages.cancelButton.text(language)))</button></form>\n"
        }
        return html
    }
}
