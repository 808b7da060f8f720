import HummingbirdBcrypt
import NIOPosix
import OutreachApp

/// Passwords hashed with bcrypt (hummingbird-auth), cost 12 unless told otherwise (tests use a low cost).
/// Hashing blocks for a quarter of a second at cost 12, so it runs on NIO's thread pool, never on Swift's
/// cooperative threads.
public struct BcryptPasswordHasher: PasswordHasher {
    public let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
