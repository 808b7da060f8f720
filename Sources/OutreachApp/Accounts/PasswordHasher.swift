/// Hashes and checks passwords (bcrypt in the composition roots); the use cases never store a plain password.
/// Both calls are slow on purpose: an implementation runs them off Swift's cooperative threads.
public protocol PasswordHasher: Sendable {
    /// A new salted hash of the password.
    func hash(_ password: String) async throws -> String
    /// Whether the password matches the hash.
    func verify(_ password: String, hash: String) async throws -> Bool
}
