import Foundation
import HTTPTypes
import Hummingbird
import OutreachApp
import OutreachCore
import OutreachFormats

/// Planning events over the API as the planning form does (`EventPlanning`: the campaign files' checks, the
/// schedule's clashes, the audit and the web edit in one transaction): `POST /api/v1/campaigns/{id}/events` makes
/// one, `PATCH /api/v1/events/{id}` changes the fields it names (with `If-Match`, 412 when stale). Fields carry the
/// campaign files' names (`id`, `title`, `title_en`, `channel`, `venue`, `branch`, `start`, `end`, `repeat`,
/// `except`, `staff`, `expected_reach`, `capacity`, `notes`), as text written as in a campaign file. Admins and
/// planners only (403); a campaign or event not the user's to see is 404.
struct APIPlanning {
    let web: WebApp

    static let fields = ["id", "title", "title_en", "channel", "venue", "branch", "start", "end", "repeat", "except", "staff",
                         "expected_reach", "capacity", "notes"]

    /// The form with the body's fields over `form`.
    static func form(_ body: [UInt8], over form: EventForm, language: Language) throws -> EventForm {
        let object = try APIBody.object(body, language: language)
        var form = form
        for (name, value) in object {
            guard fields.contains(name) else { continue }
            let text: String
            switch value {
            case .string(let string): text = string
            case .int(let number): text = String(number)
            case .null: text = ""
            default:
                throw APIProblem.invalid([(name, APIMessages.wrongType(name, expected: "string").text(language))], status: .unprocessableContent)
            }
            switch name {
            case "id": form.id = text
            case "title": form.title = text
            case "title_en": form.titleEN = text
            case "channel": form.channel = text
            case "venue": form.venue = text
            case "branch": form.branch = text
            case "start": form.start = text
            case "end": form.end = text
            case "repeat": form.repeatRule = text
            case "except": form.except = text
            case "staff": form.staff = text
            case "expected_reach": form.expectedReach = text
            case "capacity": form.capacity = text
            default: form.notes = text
            }
        }
        return form
    }

    private func save(
        _ form: EventForm, campaign: Campaign.ID, editing: Event.ID?, user: User, reference: ReferenceData, language: Language,
        status: HTTPResponse.Status
    ) async throws -> APIResponse {
        let actor = AuditActor(name: user.name.rawValue, displayName: user.displayName, source: .api)
        let outcome = try await EventPlanning(store: web.store, reference: reference, notify: web.notify)
            .save(form, campaign: campaign, editing: editing, by: actor, at: web.now())
        guard let saved = outcome.saved else {
            var errors: [(field: String, message: String)] = []
            for field in Self.fields { for message in outcome.checked.fieldErrors[field] ?? [] { errors.append((field, message.text(language))) } }
            for (field, messages) in outcome.checked.fieldErrors where !Self.fields.contains(field) {
                for message in messages { errors.append((field, message.text(language))) }
            }
            for message in outcome.checked.otherErrors { errors.append(("event", message.text(language))) }
            for clash in outcome.checked.clashes { errors.append(("start", clash.message.text(language))) }
            throw APIProblem.invalid(errors, status: .unprocessableContent)
        }
        guard let details = try await EventDetails(store: web.store, reference: reference).details(saved.event.id, for: user) else {
            throw APIProblem.notFound
        }
        let document = APIController.document(details, reference: reference)
        var answer = APIResponse.json(document, status: status)
        // The ETag of the event as GET shows it; warnings (a holiday, over capacity) beside it, as the form says them.
        answer.headers[.eTag] = APIResponse.json(document).etag
        if !outcome.checked.warnings.isEmpty, case .object(let pairs) = document {
            let warnings = outcome.checked.warnings.map { JSONValue.string($0.text(language)) }
            let body = APIResponse.json(.object(pairs + [("warnings", .array(warnings))]), status: status)
            answer.body = body.body
        }
        return answer
    }


    func create(_ body: [UInt8], campaign raw: String, user: User, language: Language) async throws -> APIResponse {
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        let planning = EventPlanning(store: web.store, reference: reference, notify: web.notify)
        guard let campaign = try await planning.campaign(Campaign.ID(raw), for: user) else { throw APIProblem.notFound }
        guard user.mayPlanEvents else { throw APIProblem.forbidden(PlanningWebMessages.notAllowed) }
        let form = try Self.form(body, over: EventForm(), language: language)
        return try await save(
            form, campaign: campaign.campaign.id, editing: nil, user: user, reference: reference, language: language, status: .created)
    }

    func update(_ request: Request, _ body: [UInt8], event raw: String, user: User, language: Language) async throws -> APIResponse {
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        let planning = EventPlanning(store: web.store, reference: reference, notify: web.notify)
        guard let current = try await planning.event(Event.ID(raw), for: user),
            let details = try await EventDetails(store: web.store, reference: reference).details(current.event.id, for: user)
        else { throw APIProblem.notFound }
        guard user.mayPlanEvents else { throw APIProblem.forbidden(PlanningWebMessages.notAllowed) }
        var form = try Self.form(body, over: EventForm(current.event), language: language)
        form.id = current.event.id.rawValue
        if let expected = request.headers[.ifMatch] {
            let tag = APIResponse.json(APIController.document(details, reference: reference)).etag
            guard APIResponse.matches(expected, tag) else {
                var problem = APIProblem(
                    .preconditionFailed, "precondition-failed", title: APIMessages.preconditionTitle, detail: APIMessages.preconditionFailed)
                problem.headers[.eTag] = tag
                throw problem
            }
        }
        return try await save(
            form, campaign: current.event.campaign, editing: current.event.id, user: user, reference: reference, language: language,
            status: .ok)
    }
}
