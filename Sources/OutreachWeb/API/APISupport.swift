import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OutreachApp
import OutreachCore
import OutreachFormats

/// A problem (RFC 9457) an `/api/v1` handler throws: its status, a title and detail from `APIMessages` (or a
/// catalogue message), and the fields at fault with their messages already in the request's language.
struct APIProblem: Error {
    var status: HTTPResponse.Status
    /// The last part of the problem's type (`urn:outreach:problem:<slug>`).
    var slug: String
    var title: Message
    var detail: String?
    var detailMessage: Message?
    var errors: [(field: String, message: String)] = []
    var headers: HTTPFields = [:]

    init(
        _ status: HTTPResponse.Status, _ slug: String, title: Message, detail: Message? = nil, detailText: String? = nil,
        errors: [(field: String, message: String)] = []
    ) {
        self.status = status
        self.slug = slug
        self.title = title
        detailMessage = detail
        self.detail = detailText
        self.errors = errors
    }

    func body(_ language: Language) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("type", .string("urn:outreach:problem:" + slug)), ("title", .string(title.text(language))),
            ("status", .int(status.code)),
        ]
        if let text = detail ?? detailMessage?.text(language) { pairs.append(("detail", .string(text))) }
        if !errors.isEmpty {
            pairs.append(("errors", .array(errors.map { .object([("field", .string($0.field)), ("message", .string($0.message))]) })))
        }
        return .object(pairs)
    }

    func apiResponse(_ language: Language) -> APIResponse {
        var response = APIResponse(status: status, contentType: APIResponse.problemType, body: Array((body(language).serialized(pretty: true) + "\n").utf8))
        response.headers = headers
        return response
    }

    // The problems every endpoint may answer with.
    static var notFound: APIProblem { APIProblem(.notFound, "not-found", title: APIMessages.notFoundTitle, detail: APIMessages.notFound) }

    static func forbidden(_ detail: Message) -> APIProblem { APIProblem(.forbidden, "forbidden", title: APIMessages.forbiddenTitle, detail: detail) }

    static func invalid(_ errors: [(field: String, message: String)], status: HTTPResponse.Status = .badRequest) -> APIProblem {
        APIProblem(
            status, status == .badRequest ? "invalid-parameters" : "invalid-body", title: APIMessages.badRequestTitle,
            detail: APIMessages.invalidFields, errors: errors)
    }

    /// The database was kept busy by another process past the busy timeout; nothing was written. Try again.
    static func busy(seconds: Int, _ language: Language) -> APIProblem {
        var problem = APIProblem(
            .serviceUnavailable, "database-busy", title: APIMessages.unavailableTitle,
            detailText: StoreMessages.busy(seconds: seconds).text(language))
        problem.headers[.retryAfter] = busyRetryAfter
        return problem
    }

    /// Seconds to wait before retrying a request the busy database refused.
    static let busyRetryAfter = "5"

    static var unavailable: APIProblem {
        APIProblem(.serviceUnavailable, "unavailable", title: APIMessages.unavailableTitle, detail: APIMessages.noReferenceData)
    }
}

/// An answer of `/api/v1` before it becomes a `Response`: kept whole so that an idempotent POST can store it and
/// a GET can hash it for its `ETag`.
struct APIResponse {
    static let jsonType = "application/json; charset=utf-8"
    static let problemType = "application/problem+json; charset=utf-8"

    var status: HTTPResponse.Status
    var contentType: String
    var body: [UInt8]
    var headers: HTTPFields = [:]

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> APIResponse {
        APIResponse(status: status, contentType: jsonType, body: Array((value.serialized(pretty: true) + "\n").utf8))
    }

    static func json(text: String, status: HTTPResponse.Status = .ok) -> APIResponse {
        APIResponse(status: status, contentType: jsonType, body: Array(text.utf8))
    }

    /// The strong entity tag of the body: its SHA-256, quoted.
    var etag: String { "\"" + ReachEvidence.hash(of: body) + "\"" }

    var response: Response {
        var fields = headers
        fields[.contentType] = contentType
        fields[.cacheControl] = fields[.cacheControl] ?? "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The answer to a GET: with its `ETag`, or 304 when `If-None-Match` names it.
    func conditionalGET(_ request: Request) -> Response {
        guard status == .ok else { return response }
        let tag = etag
        if let asked = request.headers[.ifNoneMatch], APIResponse.matches(asked, tag) {
            return Response(status: .notModified, headers: [.eTag: tag, .cacheControl: "private, no-cache"])
        }
        var copy = self
        copy.headers[.eTag] = tag
        copy.headers[.cacheControl] = "private, no-cache"
        return copy.response
    }

    /// Whether an `If-None-Match` / `If-Match` value (a list of tags, or `*`) names the tag (weak comparison for
    /// `If-None-Match` is allowed: a `W/` prefix is ignored).
    static func matches(_ header: String, _ tag: String) -> Bool {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return true }
        return trimmed.split(separator: ",").contains { part in
            var value = part.trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("W/") { value.removeFirst(2) }
            return value == tag
        }
    }
}

extension HTTPField.Name {
    static let csrfToken = Self("X-CSRF-Token")!
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

enum APIDates {
    /// A moment as ISO 8601 with the zone's offset (`2027-03-13T10:00:00+08:00`).
    static func iso(_ date: Date, zone: String = ReferenceData.defaultTimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: ReferenceData.defaultTimeZone)
        return formatter.string(from: date)
    }
}

/// The language of an API answer: `?lang=`, else the first of `Accept-Language` that is Chinese or English, else
/// the page language (the language cookie, else Chinese).
enum APILanguage {
    static func of(_ request: Request, fallback: Language) -> Language {
        if let asked = request.uri.queryParameters.get("lang").flatMap({ Language(rawValue: $0.lowercased()) }) { return asked }
        if let header = request.headers[.acceptLanguage] {
            // Highest quality first; ties keep their order.
            let ranked = header.split(separator: ",").enumerated().map { index, part -> (String, Double, Int) in
                let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                return (pieces.first ?? "", q, index)
            }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
            for (tag, q, _) in ranked where q > 0 {
                if tag.hasPrefix("zh") { return .zh }
                if tag.hasPrefix("en") { return .en }
            }
        }
        return fallback
    }
}
