import Foundation
import OutreachCore

/// Personal API tokens (`outreach token create|list|revoke`, `Authorization: Bearer` on `/api/v1`): each acts
/// with exactly its user's role and branch scope, is shown once, kept as its SHA-256, revocable, and records
/// when it was last used.
///
/// ```swift
/// let tokens = APITokens(store: store)
/// let (token, secret) = try await tokens.create(user: "oa.sync", name: "OA 月报拉取", at: now)
/// // later, for a request with `Authorization: Bearer \(secret)`:
/// let user = try await tokens.user(forSecret: secret, at: now)   // nil: no such token, revoked, or user disabled
/// ```
public struct APITokens: Sendable {
    public let store: any OutreachStore

    public init(store: any OutreachStore) { self.store = store }

    /// Why a token could not be created or revoked.
    public enum Failure: Error, Equatable, Sendable {
        case unknownUser(String, suggestion: String?)
        case disabledUser(String)
        case emptyName
        case unknownToken(String)

        public var message: Message {
            switch self {
            case .unknownUser(let name, let suggestion): CalendarFeedMessages.unknownUser(name: name, suggestion: suggestion)
            case .disabledUser(let name): APITokenMessages.disabledUser(name)
            case .emptyName: APITokenMessages.emptyName
            case .unknownToken(let handle): APITokenMessages.unknownToken(handle)
            }
        }
    }

    /// Creates a token for an enabled user; the secret is returned once and not kept.
    public func create(user name: User.Name, name label: String, at now: Date) async throws -> (token: APIToken, secret: String) {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty else { throw Failure.emptyName }
        guard let (user, _) = try await store.user(named: name) else {
            let names = try await store.users().map(\.name.rawValue)
            throw Failure.unknownUser(name.rawValue, suggestion: nearest(to: name.rawValue, in: names))
        }
        guard !user.isDisabled else { throw Failure.disabledUser(name.rawValue) }
        let made = APIToken.make(user: name, name: label, at: now)
        try await store.addAPIToken(made.token)
        return made
    }

    /// Every token, revoked ones included, oldest first.
    public func list() async throws -> [APIToken] { try await store.apiTokens() }

    /// Revokes the token named by `selector`: the start of its handle as `list` shows it (at least 6 digits), or
    /// its exact name among the tokens not yet revoked.
    public func revoke(_ selector: String, at now: Date) async throws -> APIToken {
        let tokens = try await store.apiTokens()
        let handle = selector.lowercased()
        var matches = handle.utf8.count >= 6 ? tokens.filter { $0.id.rawValue.hasPrefix(handle) } : []
        if matches.isEmpty { matches = tokens.filter { $0.revokedAt == nil && $0.name == selector } }
        guard matches.count == 1, let token = matches.first else { throw Failure.unknownToken(selector) }
        _ = try await store.revokeAPITokens(handle: token.id.rawValue, at: now)
        return try await store.apiTokens().first { $0.id == token.id } ?? token
    }

    /// The user a secret acts as, or nil when there is no such token, it was revoked, or its user is disabled.
    public func user(forSecret secret: String, at now: Date) async throws -> (token: APIToken, user: User)? {
        guard secret.hasPrefix(APIToken.prefix), secret.utf8.count <= 200 else { return nil }
        return try await store.useAPIToken(APIToken.id(forSecret: secret), at: now)
    }
}

/// What token commands say: both languages side by side.
public enum APITokenMessages {
    public static func disabledUser(_ name: String) -> Message {
        Message(zh: "用户 '\(name)' 已停用，不能为其创建令牌。",
                en: "The user '\(name)' is disabled: no token can be created for them.")
    }

    public static var emptyName: Message {
        Message(zh: "令牌需要一个名称（--name），说明它的用途，例如 \"OA 月报拉取\"。",
                en: "A token needs a name (--name) that says what it is for, e.g. \"OA monthly pull\".")
    }

    public static func unknownToken(_ handle: String) -> Message {
        Message(zh: "没有唯一一个编号以 '\(handle)' 开头（至少 6 位）或名为 '\(handle)' 的有效令牌，见 'outreach token list'。",
                en: "No single active token has a handle starting with '\(handle)' (at least 6 digits) or the name '\(handle)'; see 'outreach token list'.")
    }
}
