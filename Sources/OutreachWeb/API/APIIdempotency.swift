import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OutreachCore

/// `Idempotency-Key` on the API's POSTs, over the store's `IdempotencyStore`: the key is claimed with the SHA-256
/// of the method, path and body; the first successful answer is kept and replayed byte for byte (with
/// `Idempotent-Replayed: true`) to a retry of the same request, which writes nothing again. The same key with a
/// different request is refused (422), a key whose first request is still being answered too (409). A request
/// that fails (any answer but 2xx) wrote nothing, so its claim is released and it may be retried.
struct APIIdempotency {
    let store: any IdempotencyStore
    let now: @Sendable () -> Date
    /// A claim left unanswered this long (a crash between the write and the answer) may be taken over.
    static let staleAfter: TimeInterval = 120

    /// Reads the body (at most `maximumBytes`, 64 KiB unless given) and answers the request through `handler`, idempotently when it carries a key.
    func post(
        _ request: Request, context: WebRequestContext, user: User, maximumBytes: Int = 64 * 1024,
        handler: ([UInt8]) async throws -> APIResponse
    ) async throws -> Response {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge)
        }
        let body = Array(buffer.readableBytesView)
        guard let key = request.headers[.idempotencyKey] else { return try await handler(body).response }
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIProblem.invalid([("Idempotency-Key", APIMessages.invalidIdempotencyKey(key.utf8.count).text(context.language))])
        }
        let principal = "user:" + user.name.rawValue
        // The query is part of the request (a branch, a file's name), the answer's language is not.
        let query = request.uri.queryParameters.filter { $0.key != "lang" }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "&")
        let fingerprint = ReachEvidence.hash(of: Array("\(request.method.rawValue)\n\(request.uri.path)\n\(query)\n".utf8) + body)
        let claim = IdempotentRequest(principal: principal, key: key, fingerprint: fingerprint, createdAt: now())
        if let earlier = try await store.claimIdempotencyKey(claim, staleAfter: Self.staleAfter) {
            guard earlier.fingerprint == fingerprint else {
                throw APIProblem(
                    .unprocessableContent, "idempotency-key-reused", title: APIMessages.idempotencyMismatchTitle,
                    detail: APIMessages.idempotencyMismatch)
            }
            guard let stored = earlier.response else {
                throw APIProblem(
                    .conflict, "idempotency-in-progress", title: APIMessages.idempotencyInProgressTitle,
                    detail: APIMessages.idempotencyInProgress)
            }
            var replay = APIResponse(
                status: HTTPResponse.Status(code: stored.status), contentType: stored.contentType, body: stored.body)
            replay.headers[.idempotentReplayed] = "true"
            if stored.contentType == APIResponse.jsonType { replay.headers[.eTag] = replay.etag }
            return replay.response
        }
        let answer: APIResponse
        do {
            answer = try await handler(body)
        } catch {
            try? await store.releaseIdempotencyKey(principal: principal, key: key)
            throw error
        }
        if (200..<300).contains(answer.status.code) {
            try await store.completeIdempotentRequest(
                principal: principal, key: key,
                response: IdempotentRequest.StoredResponse(status: answer.status.code, contentType: answer.contentType, body: answer.body))
        } else {
            try? await store.releaseIdempotencyKey(principal: principal, key: key)
        }
        return answer.response
    }
}
