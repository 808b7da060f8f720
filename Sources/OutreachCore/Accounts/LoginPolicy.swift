import Crypto
import Foundation

/// The rules of signing in: how many failures close an account name or an address for a while, and how long
/// a session lasts.
public struct LoginPolicy: Hashable, Sendable {
    /// Failed sign-ins for one account name within `window` after which it is refused until they age out.
    public var accountFailures: Int
    /// Failed sign-ins from one address within `window` (any account) after which it is refused.
    public var addressFailures: Int
    /// How far back failures count.
    public var window: Duration
    /// How long a session signs its browser in.
    public var sessionLifetime: Duration

    public init(
        accountFailures: Int = 5, addressFailures: Int = 20, window: Duration = .seconds(15 * 60),
        sessionLifetime: Duration = .seconds(12 * 3600)
    ) {
        self.accountFailures = accountFailures
        self.addressFailures = addressFailures
        self.window = window
        self.sessionLifetime = sessionLifetime
    }

    /// Whether a sign-in is refused before its password is even checked.
    public func isThrottled(accountFailures account: Int, addressFailures address: Int) -> Bool {
        account >= accountFailures || address >= addressFailures
    }

    /// The start of the window that counts at `now`.
    public func windowStart(at now: Date) -> Date { now.addingTimeInterval(-Self.seconds(window)) }

    /// When a session made at `now` ends.
    public func sessionEnd(from now: Date) -> Date { now.addingTimeInterval(Self.seconds(sessionLifetime)) }

    public static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

extension LoginSession {
    /// The stored id of a cookie token: its SHA-256 in hex, so the database never holds a usable token.
    public static func id(forToken token: String) -> ID {
        ID(lowercaseHex(SHA256.hash(data: Array(token.utf8))))
    }

    private static let tokenAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let tokenLength = 43

    /// A new random token (256 bits, URL-safe text) for a cookie or a form.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<tokenLength).map { _ in tokenAlphabet[Int(generator.next(upperBound: UInt64(tokenAlphabet.count)))] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether text has the shape of a token `newToken` makes (43 URL-safe characters): anything else in an
    /// address is refused before it reaches the file system or the store.
    public static func isWellFormedToken(_ text: some StringProtocol) -> Bool {
        text.utf8.count == tokenLength && text.utf8.allSatisfy { tokenAlphabet.contains($0) }
    }
}

extension User {
    /// The branch subtree whose events the user sees: their own branch, or `requested` when it lies within it
    /// (every branch for a user without one). Nil means every branch.
    public func scope(requested: Branch.ID?, reference: ReferenceData) -> Branch.ID? {
        guard let own = branch else { return requested }
        guard let requested, reference.isWithin(requested, own) else { return own }
        return requested
    }
}
