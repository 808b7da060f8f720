import Foundation
import Hummingbird
import OutreachApp
import OutreachCore
import OutreachFormats

/// The notices admin over the API (admins only, as `/notices`), through `NoticesAdmin`: `GET /api/v1/notices` (the
/// queue's counts and next entries), `GET /api/v1/notices/log` (the delivery log, newest first) and
/// `POST /api/v1/notices/retry` (every dead notice queued again). Webhook keys are never shown: targets appear by
/// name and bots by their hash, as `outreach notify queue|log --format json` shows them.
struct APINotices {
    let web: WebApp

    var admin: NoticesAdmin { NoticesAdmin(store: web.store, configuration: web.notify, sender: web.noticeSender) }

    private func limit(_ request: Request, language: Language) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 100 }
        guard let number = Int(text), (1...NoticesAdmin.maximumLimit).contains(number) else {
            throw APIProblem.invalid([("limit", APIMessages.invalidLimit(String(text)).text(language))])
        }
        return number
    }

    private func check(_ user: User) throws {
        guard user.role == .admin else { throw APIProblem.forbidden(APIMessages.noticesAdminsOnly) }
    }

    static func json(_ d: OutboxDelivery, language: Language) -> JSONValue {
        .object([
            ("id", .int(Int(d.id.rawValue) ?? 0)), ("key", .string(d.key)), ("kind", .string(d.notice.kind.rawValue)),
            ("target", .string(d.target)), ("state", .string(d.state.rawValue)), ("dueAt", .string(APIDates.iso(d.dueAt))),
            ("nextAttemptAt", .string(APIDates.iso(d.nextAttemptAt))), ("attempts", .int(d.attempts)), ("partsSent", .int(d.partsSent)),
            ("urgent", .bool(d.notice.urgent)), ("lastError", .optional(d.lastError.map { NoticesAdmin.line($0, language) })),
        ])
    }

    static func json(_ a: DeliveryAttempt, language: Language) -> JSONValue {
        .object([
            ("id", .int(Int(a.id))), ("notice", .int(Int(a.delivery.rawValue) ?? 0)), ("key", .string(a.key)),
            ("target", .string(a.target)), ("bot", .string(a.bot.rawValue)), ("part", .int(a.part)), ("parts", .int(a.partCount)),
            ("startedAt", .string(APIDates.iso(a.startedAt))), ("finishedAt", a.finishedAt.map { .string(APIDates.iso($0)) } ?? .null),
            ("outcome", .optional(a.outcome?.rawValue)), ("httpStatus", .optional(a.httpStatus)), ("platformCode", .optional(a.platformCode)),
            ("message", .optional(a.message.map { NoticesAdmin.line($0, language) })),
        ])
    }

    func queue(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        try check(user)
        let queue = try await admin.queue(limit: try limit(request, language: context.language))
        let counts = OutboxDelivery.State.allCases.map { ($0.rawValue, JSONValue.int(queue.count($0))) }
        return .json(
            .object([("counts", .object(counts)), ("items", .array(queue.next.map { Self.json($0, language: context.language) }))]))
    }

    func log(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        try check(user)
        let target = request.uri.queryParameters.get("target").map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
        let attempts = try await admin.log(limit: try limit(request, language: context.language), target: target)
        return .json(.object([("items", .array(attempts.map { Self.json($0, language: context.language) }))]))
    }

    func retry(user: User, language: Language) async throws -> APIResponse {
        try check(user)
        let count = try await admin.retryDead(at: web.now())
        return .json(.object([("queuedAgain", .int(count)), ("message", .string(NoticesAdminMessages.deadPendingAgain(count: count).text(language)))]))
    }
}
