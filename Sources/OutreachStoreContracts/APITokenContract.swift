import Foundation
import OutreachCore
import Testing

/// The behaviour every `APITokenStore` and `IdempotencyStore` must show: tokens found by their secret's hash
/// with their user, never once revoked or once the user is disabled, last use kept to the minute; an
/// idempotency key claimed once, its answer kept byte for byte, an abandoned claim taken over.
public enum APITokenContract {
    public static let cases: [StoreContract] = [
        StoreContract("tokensAreFoundByTheirSecretsHashWithTheirUser") { try await APITokenCases().tokensAreFound($0) },
        StoreContract("aRevokedTokenOrADisabledUserSignsNobodyIn") { try await APITokenCases().revokedOrDisabled($0) },
        StoreContract("anIdempotencyKeyIsClaimedOnceAndKeepsItsAnswer") { try await APITokenCases().idempotencyKeys($0) },
    ]
}

struct APITokenCases {
    let now = Timestamp.date(from: "2026-12-05T02:00:00Z")!

    func user(_ name: String, role: User.Role = .planner) -> User {
        User(name: User.Name(name), displayName: "王芳·\(name)", role: role, branch: nil, createdAt: now)
    }

    func tokensAreFound(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.addUser(user("wang.fang"), passwordHash: "hash"))
        let (token, secret) = APIToken.make(user: "wang.fang", name: "OA 月报拉取 📊", at: now)
        try await store.addAPIToken(token)
        #expect(try await store.apiTokens() == [token])
        let used = try #require(try await store.useAPIToken(APIToken.id(forSecret: secret), at: now.addingTimeInterval(5)))
        #expect(used.user.name == "wang.fang" && used.user.role == .planner)
        #expect(used.token.name == "OA 月报拉取 📊")
        #expect(try await store.apiTokens().first?.lastUsedAt == now.addingTimeInterval(5))
        // Within the minute the last-used time stays; after it, it moves.
        _ = try await store.useAPIToken(token.id, at: now.addingTimeInterval(30))
        #expect(try await store.apiTokens().first?.lastUsedAt == now.addingTimeInterval(5))
        _ = try await store.useAPIToken(token.id, at: now.addingTimeInterval(70))
        #expect(try await store.apiTokens().first?.lastUsedAt == now.addingTimeInterval(70))
        #expect(try await store.useAPIToken(APIToken.id(forSecret: secret + "x"), at: now) == nil)
        #expect(try await store.apiTokens().allSatisfy { !$0.id.rawValue.contains(secret) && !$0.name.contains(secret) })
    }

    func revokedOrDisabled(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.addUser(user("li.ming"), passwordHash: "hash"))
        let (one, _) = APIToken.make(user: "li.ming", name: "一", at: now)
        let (two, _) = APIToken.make(user: "li.ming", name: "二", at: now.addingTimeInterval(1))
        try await store.addAPIToken(one)
        try await store.addAPIToken(two)
        #expect(try await store.revokeAPITokens(handle: one.handle, at: now) == 1)
        #expect(try await store.revokeAPITokens(handle: one.handle, at: now) == 0)
        #expect(try await store.revokeAPITokens(handle: "%", at: now) == 0)
        #expect(try await store.revokeAPITokens(handle: "", at: now) == 0)
        #expect(try await store.useAPIToken(one.id, at: now) == nil)
        #expect(try await store.useAPIToken(two.id, at: now) != nil)
        #expect(try await store.disableUser("li.ming"))
        #expect(try await store.useAPIToken(two.id, at: now) == nil)
        #expect(try await store.apiTokens().map(\.revokedAt) == [now, nil])
    }

    func idempotencyKeys(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        let first = IdempotentRequest(principal: "user:wang.fang", key: "k-1", fingerprint: "f1", createdAt: now)
        #expect(try await store.claimIdempotencyKey(first, staleAfter: 60) == nil)
        // Claimed and not answered yet: the claim comes back without an answer.
        let pending = try #require(try await store.claimIdempotencyKey(first, staleAfter: 60))
        #expect(pending.response == nil && pending.fingerprint == "f1")
        let body = Array("{\"事件\":\"桂花社区\",\"nul\":\"\u{0}\"}".utf8)
        try await store.completeIdempotentRequest(
            principal: "user:wang.fang", key: "k-1", response: .init(status: 201, contentType: "application/json", body: body))
        let kept = try #require(try await store.claimIdempotencyKey(first, staleAfter: 60))
        #expect(kept.response == .init(status: 201, contentType: "application/json", body: body))
        // Another principal's key of the same name is another key.
        #expect(try await store.claimIdempotencyKey(
            IdempotentRequest(principal: "user:li.ming", key: "k-1", fingerprint: "f9", createdAt: now), staleAfter: 60) == nil)
        // An abandoned claim is taken over after `staleAfter`; a released one at once.
        let abandoned = IdempotentRequest(principal: "user:wang.fang", key: "k-2", fingerprint: "f2", createdAt: now)
        #expect(try await store.claimIdempotencyKey(abandoned, staleAfter: 60) == nil)
        var later = abandoned
        later.createdAt = now.addingTimeInterval(61)
        #expect(try await store.claimIdempotencyKey(later, staleAfter: 60) == nil)
        let released = IdempotentRequest(principal: "user:wang.fang", key: "k-3", fingerprint: "f3", createdAt: now)
        #expect(try await store.claimIdempotencyKey(released, staleAfter: 60) == nil)
        try await store.releaseIdempotencyKey(principal: "user:wang.fang", key: "k-3")
        #expect(try await store.claimIdempotencyKey(released, staleAfter: 60) == nil)
        // Purged by age.
        try await store.purgeIdempotencyKeys(before: now.addingTimeInterval(1))
        #expect(try await store.claimIdempotencyKey(first, staleAfter: 60) == nil)
    }
}
