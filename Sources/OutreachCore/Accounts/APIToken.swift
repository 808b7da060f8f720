import Foundation

/// A personal API token (`outreach token create --user U --name N`): a secret sent as `Authorization: Bearer
/// TOKEN` to `/api/v1`, acting with exactly its user's role and branch scope. The store keeps only the SHA-256
/// of the token; it is shown once, at creation. A revoked token, or one whose user is disabled, signs nobody in.
public struct APIToken: Hashable, Sendable {
    public typealias ID = Identifier<APIToken>

    /// The SHA-256 (hex) of the token.
    public var id: ID
    public var user: User.Name
    /// What it is for ("OA 月报拉取", "小程序上报"), shown in lists.
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: ID, user: User.Name, name: String, createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.user = user
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// The first 10 hex digits of the id: enough to name a token in a list or to revoke it, useless to use it.
    public var handle: String { String(id.rawValue.prefix(10)) }

    /// Tokens start with this, so that a secret scanner (and a reader) can tell one in a log or a paste.
    public static let prefix = "otk_"

    /// A new token for a user and its secret (which is shown once and not kept).
    public static func make(user: User.Name, name: String, at now: Date) -> (token: APIToken, secret: String) {
        let secret = prefix + LoginSession.newToken()
        return (APIToken(id: id(forSecret: secret), user: user, name: name, createdAt: now), secret)
    }

    /// The id a secret stands for.
    public static func id(forSecret secret: String) -> ID { ID(LoginSession.id(forToken: secret).rawValue) }
}

/// Where API tokens are kept.
public protocol APITokenStore: Sendable {
    /// Adds a token.
    func addAPIToken(_ token: APIToken) async throws

    /// Every token, revoked ones included, oldest first.
    func apiTokens() async throws -> [APIToken]

    /// The token with this id and its user, when the token is not revoked and its user is enabled; its last-used
    /// time becomes `now` (kept to the minute, so that a busy client does not write on every request).
    func useAPIToken(_ id: APIToken.ID, at now: Date) async throws -> (token: APIToken, user: User)?

    /// Marks the tokens whose id starts with `handle` revoked at `now`; how many were revoked (0 when none
    /// matched or they were revoked already).
    func revokeAPITokens(handle: String, at now: Date) async throws -> Int
}

/// A write through the API under an `Idempotency-Key`: the first request's answer, kept so that a retry of the
/// same request gets it again and writes nothing twice.
public struct IdempotentRequest: Hashable, Sendable {
    /// Who sent it (`user:NAME`), the key they chose, and the SHA-256 of the method, path and body.
    public var principal: String
    public var key: String
    public var fingerprint: String
    public var createdAt: Date
    /// nil while the first request is still being answered.
    public var response: StoredResponse?

    public struct StoredResponse: Hashable, Sendable {
        public var status: Int
        public var contentType: String
        public var body: [UInt8]
        public init(status: Int, contentType: String, body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    public init(principal: String, key: String, fingerprint: String, createdAt: Date, response: StoredResponse? = nil) {
        self.principal = principal
        self.key = key
        self.fingerprint = fingerprint
        self.createdAt = createdAt
        self.response = response
    }
}

/// Where idempotency keys and their first answers are kept.
public protocol IdempotencyStore: Sendable {
    /// Claims a key for a request: nil when it was free (the caller answers the request, then calls
    /// `completeIdempotentRequest`); otherwise the request already kept under the key (answered or not).
    /// A claim left unanswered for longer than `staleAfter` (a crash between the write and the answer) is
    /// taken over.
    func claimIdempotencyKey(_ request: IdempotentRequest, staleAfter: TimeInterval) async throws -> IdempotentRequest?

    /// Keeps the answer of a claimed request.
    func completeIdempotentRequest(principal: String, key: String, response: IdempotentRequest.StoredResponse) async throws

    /// Forgets a claim whose request failed before it wrote anything, so that it can be retried.
    func releaseIdempotencyKey(principal: String, key: String) async throws

    /// Forgets the keys created before `before` (they are kept for a day).
    func purgeIdempotencyKeys(before: Date) async throws
}
