import Foundation

/// Persistence for the web app's users, their sessions, and failed sign-ins (for throttling).
///
/// A password is stored only as the hash the caller gives (bcrypt); a session only as its id, the SHA-256 of
/// the cookie's token. Every method that writes does so in one transaction.
///
/// ```swift
/// guard try await store.addUser(user, passwordHash: hash) else { … name taken … }
/// try await store.createLoginSession(session)
/// let (session, user) = try await store.loginSession(id, at: now) ?? …
/// ```
public protocol UserStore: Sendable {
    /// Adds a user with a password hash; false (and nothing written) when the name is taken.
    func addUser(_ user: User, passwordHash: String) async throws -> Bool

    /// A user and their password hash, disabled ones included.
    func user(named name: User.Name) async throws -> (user: User, passwordHash: String)?

    /// Every user, by name.
    func users() async throws -> [User]

    /// Replaces a user's password hash and ends all their sessions; false when there is no such user.
    func setPasswordHash(_ hash: String, of name: User.Name) async throws -> Bool

    /// Disables a user and ends all their sessions; false when there is no such user.
    func disableUser(_ name: User.Name) async throws -> Bool

    /// Stores a new session.
    func createLoginSession(_ session: LoginSession) async throws

    /// The session and its user, when the session exists, has not expired at `now`, and its user is enabled.
    func loginSession(_ id: LoginSession.ID, at now: Date) async throws -> (session: LoginSession, user: User)?

    /// Ends one session (sign out); nothing happens when there is none.
    func deleteLoginSession(_ id: LoginSession.ID) async throws

    /// Removes the sessions that expired before `now`, and failed sign-ins older than `failuresBefore`.
    func purgeExpired(at now: Date, failuresBefore: Date) async throws

    /// Records a failed sign-in for an account name (as typed) from an address.
    func recordLoginFailure(account: String, address: String, at now: Date) async throws

    /// How many failed sign-ins since `since`, for the account name and for the address.
    func loginFailures(account: String, address: String, since: Date) async throws -> (account: Int, address: Int)

    /// Forgets the failed sign-ins of an account name (after a successful one).
    func clearLoginFailures(account: String) async throws
}
