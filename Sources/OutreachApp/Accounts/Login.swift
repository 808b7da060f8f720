import Foundation
import OutreachCore

/// Signing in and out of the web app: the password checked against its hash, failures throttled per account
/// name and per address (`LoginPolicy`), sessions kept by the store with only the SHA-256 of their token.
public struct Login: Sendable {
    public let store: any UserStore
    public let hasher: any PasswordHasher
    public let policy: LoginPolicy

    public init(store: any UserStore, hasher: any PasswordHasher, policy: LoginPolicy = LoginPolicy()) {
        self.store = store
        self.hasher = hasher
        self.policy = policy
    }

    /// The outcome of a sign-in. A refusal never says whether the name exists.
    public enum Outcome: Sendable {
        /// Signed in: `token` goes into the session cookie (and nowhere else).
        case signedIn(token: String, session: LoginSession, user: User)
        /// Wrong name or password, or a disabled user.
        case refused
        /// Too many failures lately for this name or this address; the password was not checked.
        case throttled
    }

    /// Checks a name and password from an address and, when they match an enabled user, starts a session.
    public func signIn(name: String, password: String, address: String, at now: Date) async throws -> Outcome {
        let account = name.trimmingCharacters(in: .whitespaces)
        let failures = try await store.loginFailures(account: account, address: address, since: policy.windowStart(at: now))
        if policy.isThrottled(accountFailures: failures.account, addressFailures: failures.address) { return .throttled }
        let found = User.isValidName(account) ? try await store.user(named: User.Name(account)) : nil
        var matches = false
        if let found, !found.user.isDisabled {
            matches = try await hasher.verify(password, hash: found.passwordHash)
        } else {
            // As slow as a check, so the time taken does not tell which names exist.
            _ = try await hasher.hash(password)
        }
        guard let found, matches else {
            try await store.recordLoginFailure(account: account, address: address, at: now)
            return .refused
        }
        try await store.clearLoginFailures(account: account)
        let token = LoginSession.newToken()
        let session = LoginSession(
            id: LoginSession.id(forToken: token), user: found.user.name, formToken: LoginSession.newToken(),
            createdAt: now, expiresAt: policy.sessionEnd(from: now))
        try await store.createLoginSession(session)
        return .signedIn(token: token, session: session, user: found.user)
    }

    /// The session a cookie token belongs to, with its user, while it lasts and the user is enabled.
    public func session(token: String, at now: Date) async throws -> (session: LoginSession, user: User)? {
        guard !token.isEmpty else { return nil }
        return try await store.loginSession(LoginSession.id(forToken: token), at: now)
    }

    /// Ends the session of a cookie token.
    public func signOut(token: String) async throws {
        try await store.deleteLoginSession(LoginSession.id(forToken: token))
    }

    /// Forgets expired sessions and failures too old to count.
    public func purge(at now: Date) async throws {
        try await store.purgeExpired(at: now, failuresBefore: policy.windowStart(at: now))
    }

    /// Whether no user exists yet (the server then says how to add the first admin).
    public func hasNoUsers() async throws -> Bool { try await store.users().isEmpty }
}
