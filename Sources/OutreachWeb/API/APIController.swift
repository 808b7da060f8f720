import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OutreachApp
import OutreachCore
import OutreachFormats

/// The JSON API at `/api/v1` (docs/api.md, docs/openapi.json): campaigns, events and their status changes, reach,
/// reports, the scorecard and users, through the same use cases and roles as the pages. Branch staff reach only
/// their subtree (anything else is 404), viewers read only. Every GET of a resource or list has a strong `ETag`
/// (304 for `If-None-Match`); status changes honour `If-Match` (412 when stale); every POST takes an
/// `Idempotency-Key`. Errors are `application/problem+json`; a method a path does not have is 405 with `Allow`.
struct APIController {
    let web: WebApp

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/api/v1/openapi.json") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        let api = router.group("/api/v1").add(middleware: APIAuthMiddleware(web: web))
        api.get("/campaigns") { request, context in try await get(request, context, campaigns) }
        api.get("/campaigns/{id}") { request, context in try await get(request, context, campaign) }
        api.post("/campaigns/{id}/events") { request, context -> Response in
            let user = try Self.user(context)
            return try await idempotency.post(request, context: context, user: user) { body in
                try await APIPlanning(web: web).create(body, campaign: try pathID(context), user: user, language: context.language)
            }
        }
        api.patch("/events/{id}") { request, context -> Response in
            let user = try Self.user(context)
            return try await idempotency.post(request, context: context, user: user) { body in
                try await APIPlanning(web: web).update(request, body, event: try pathID(context), user: user, language: context.language)
            }
        }
        api.get("/events") { request, context in try await get(request, context, events) }
        api.get("/events/{id}") { request, context in try await get(request, context, event) }
        for (action, status) in [("confirm", EventStatus.confirmed), ("done", .done), ("cancel", .cancelled)] {
            api.post("/events/{id}/\(action)") { request, context -> Response in
                let user = try Self.user(context)
                return try await idempotency.post(request, context: context, user: user) { body in
                    try await change(request, context, user: user, to: status, body: body)
                }
            }
        }
        api.post("/reach") { request, context -> Response in
            let user = try Self.user(context)
            return try await idempotency.post(request, context: context, user: user) { body in
                try await APIReach(web: web).record(body, user: user, language: context.language)
            }
        }
        api.get("/reach/batches") { request, context in try await get(request, context, APIReachBatches(web: web).list) }
        api.post("/reach/batches") { request, context -> Response in
            let user = try Self.user(context)
            return try await idempotency.post(request, context: context, user: user, maximumBytes: APIReachBatches.maximumBytes) { body in
                try await APIReachBatches(web: web).upload(
                    body, name: request.uri.queryParameters.get("name").map { String($0) }, user: user, language: context.language)
            }
        }
        api.post("/reach/batches/{id}/undo") { request, context -> Response in
            let user = try Self.user(context)
            return try await idempotency.post(request, context: context, user: user) { _ in
                try await APIReachBatches(web: web).undo(try pathID(context), user: user, language: context.language)
            }
        }
        api.get("/bulletins") { request, context in try await get(request, context, APIBulletins(web: web).list) }
        api.get("/bulletins/{month}") { request, context in try await get(request, context, APIBulletins(web: web).get) }
        for (action, publish) in [("prepare", false), ("publish", true)] {
            api.post("/bulletins/{month}/\(action)") { request, context -> Response in
                let user = try Self.user(context)
                return try await idempotency.post(request, context: context, user: user) { _ in
                    try await APIBulletins(web: web).step(request, context, user: user, publish: publish)
                }
            }
        }
        api.get("/notices") { request, context in try await get(request, context, APINotices(web: web).queue) }
        api.get("/notices/log") { request, context in try await get(request, context, APINotices(web: web).log) }
        api.post("/notices/retry") { request, context -> Response in
            let user = try Self.user(context)
            return try await idempotency.post(request, context: context, user: user) { _ in
                try await APINotices(web: web).retry(user: user, language: context.language)
            }
        }
        api.get("/reports") { request, context in try await get(request, context, APIReports(web: web).totals) }
        api.get("/scorecard") { request, context in try await get(request, context, APIReports(web: web).scorecard) }
        api.get("/users") { request, context in try await get(request, context, APIReports(web: web).users) }
        // Last, so that it stands in front of the router's not-found answer only: 405 for a method a path lacks.
        router.add(middleware: APIMethodNotAllowedMiddleware(routes: router.routes.map { ("\($0.path)", $0.method) }))
    }

    var idempotency: APIIdempotency { APIIdempotency(store: web.store, now: web.now) }

    static func user(_ context: WebRequestContext) throws -> User {
        guard let user = context.apiUser else { throw APIAuthMiddleware.unauthorized }
        return user
    }

    /// A GET: the handler's answer with its ETag (or 304).
    private func get(
        _ request: Request, _ context: WebRequestContext,
        _ handler: (Request, WebRequestContext, User, ReferenceData) async throws -> APIResponse
    ) async throws -> Response {
        let user = try Self.user(context)
        return try await handler(request, context, user, try await reference()).conditionalGET(request)
    }

    private func reference() async throws -> ReferenceData {
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        return reference
    }

    private func pathID(_ context: WebRequestContext) throws -> String {
        guard let id = PagesSupport.pathID(context.parameters.get("id")) else { throw APIProblem.notFound }
        return id
    }

    // MARK: Campaigns

    private func campaigns(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        let campaigns = try await CampaignOverview(store: web.store, reference: reference).campaigns(for: user)
        // The events the user may see: those of the branches within theirs.
        let counts = try await web.store.eventCounts().reduce(into: [Campaign.ID: Int]()) { counts, count in
            if user.maySee(count.branch, reference: reference) { counts[count.campaign, default: 0] += count.events }
        }
        return .json(.object([("items", .array(campaigns.map { CampaignJSON.summary($0, events: counts[$0.campaign.id] ?? 0) }))]))
    }

    private func campaign(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        guard let (stored, events) = try await CampaignOverview(store: web.store, reference: reference)
            .campaign(Campaign.ID(try pathID(context)), for: user)
        else { throw APIProblem.notFound }
        return .json(CampaignJSON.campaign(stored, events: events, reference: reference))
    }

    // MARK: Events

    private func events(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        let page = try await APIEventList(web: web, reference: reference)
            .page(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, user: user, language: context.language)
        return .json(text: page)
    }

    private func event(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        let id = Event.ID(try pathID(context))
        guard let details = try await EventDetails(store: web.store, reference: reference).details(id, for: user) else {
            throw APIProblem.notFound
        }
        return .json(Self.document(details, reference: reference))
    }

    /// An event as `/api/v1/events/{id}` shows it: as planned (`CampaignJSON.event`) with its occurrences' bounds in
    /// ISO 8601 with the zone. The same in every language, so its ETag is too.
    static func document(_ details: EventDetails.Result, reference: ReferenceData) -> JSONValue {
        let renderer = PlanRenderer(reference: reference, language: .zh)
        let occurrences: [JSONValue] = details.occurrences.map { occurrence in
            let (start, end) = renderer.isoBounds(occurrence)
            return .object([("start", .string(start)), ("end", .string(end)), ("allDay", .bool(occurrence.timing.isAllDay))])
        }
        guard case .object(let pairs) = CampaignJSON.event(details.stored, reference: reference) else { return .null }
        return .object(pairs + [("occurrences", .array(occurrences))])
    }

    /// Confirms, marks done or cancels an event (`{"reason": …}` needed to cancel), through `EventStatusChange`.
    private func change(
        _ request: Request, _ context: WebRequestContext, user: User, to status: EventStatus, body: [UInt8]
    ) async throws -> APIResponse {
        let language = context.language
        let reference = try await reference()
        let id = Event.ID(try pathID(context))
        let details = EventDetails(store: web.store, reference: reference)
        guard let current = try await details.details(id, for: user) else { throw APIProblem.notFound }
        guard user.mayChangeEvents else { throw APIProblem.forbidden(PagesMessages.readOnly) }
        let object = try APIBody.object(body, language: language, optional: true)
        let reason = try APIBody.string(object, "reason", language: language)
        // Cancelling without a reason is refused before anything else is compared (the use case checks it again).
        if status == .cancelled, reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty != false {
            throw APIProblem.invalid([("reason", PagesMessages.reasonRequired.text(language))], status: .unprocessableContent)
        }
        if let expected = request.headers[.ifMatch] {
            let tag = APIResponse.json(Self.document(current, reference: reference)).etag
            guard APIResponse.matches(expected, tag) else {
                var problem = APIProblem(
                    .preconditionFailed, "precondition-failed", title: APIMessages.preconditionTitle, detail: APIMessages.preconditionFailed)
                problem.headers[.eTag] = tag
                throw problem
            }
        }
        let actor = AuditActor(name: user.name.rawValue, displayName: user.displayName, source: .api)
        do {
            _ = try await EventStatusChange(store: web.store, reference: reference, notify: web.notify)
                .change(id, to: status, by: actor, reason: reason, at: web.now())
        } catch EventStatusChange.FormError.reasonRequired {
            throw APIProblem.invalid([("reason", PagesMessages.reasonRequired.text(language))], status: .unprocessableContent)
        } catch let error as StoreError {
            throw APIProblem(.conflict, "status-change-refused", title: APIMessages.conflictTitle, detailText: error.message(language))
        }
        guard let updated = try await details.details(id, for: user) else { throw APIProblem.notFound }
        var answer = APIResponse.json(Self.document(updated, reference: reference))
        answer.headers[.eTag] = answer.etag
        context.logger.info("event status changed over the API", metadata: ["event.id": .string(id.rawValue), "event.status": .string(status.rawValue)])
        return answer
    }
}

/// Reading a JSON request body: an object, and its fields with their type checked (messages name the field).
enum APIBody {
    static func object(_ body: [UInt8], language: Language, optional: Bool = false) throws -> [(String, JSONValue)] {
        let text = String(decoding: body, as: UTF8.self)
        if optional, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [] }
        guard let value = try? JSONValue.parse(text), case .object(let pairs) = value else {
            throw APIProblem(.badRequest, "invalid-json", title: APIMessages.badRequestTitle, detail: APIMessages.badJSON)
        }
        return pairs
    }

    static func value(_ object: [(String, JSONValue)], _ name: String) -> JSONValue? {
        object.last { $0.0 == name }.map(\.1)
    }

    /// A string field, nil when absent or null.
    static func string(_ object: [(String, JSONValue)], _ name: String, language: Language) throws -> String? {
        switch value(object, name) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw APIProblem.invalid([(name, APIMessages.wrongType(name, expected: "string").text(language))], status: .unprocessableContent)
        }
    }
}
