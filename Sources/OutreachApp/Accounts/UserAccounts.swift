import Foundation
import OutreachCore

/// Adds users, gives them a new password, disables them, lists them (`outreach user add|passwd|disable|list`).
/// A password is made here, returned once to be shown once, and stored only as its hash.
public struct UserAccounts: Sendable {
    public let store: any UserStore
    public let hasher: any PasswordHasher

    public init(store: any UserStore, hasher: any PasswordHasher) {
        self.store = store
        self.hasher = hasher
    }

    /// Adds a user and returns their one-time password.
    ///
    /// - Parameters:
    ///   - branch: the branch whose subtree the user sees; required for branch staff.
    ///   - displayName: the name shown on pages; the login name when nil or blank.
    ///   - reference: for checking the branch.
    /// - Throws: `AccountError` (nothing is written), or a store error.
    public func add(
        _ name: String, role: User.Role, branch: Branch.ID?, displayName: String?, reference: ReferenceData, at now: Date
    ) async throws -> String {
        guard User.isValidName(name) else { throw AccountError.invalidName(name) }
        if role == .branchStaff, branch == nil { throw AccountError.branchRequired }
        if let branch, reference.branch(branch) == nil {
            let known = reference.branches.map(\.id.rawValue)
            throw AccountError.unknownBranch(branch.rawValue, suggestion: nearest(to: branch.rawValue, in: known))
        }
        let shown = displayName?.trimmingCharacters(in: .whitespacesAndNewlines)
        let user = User(
            name: User.Name(name), displayName: shown.flatMap { $0.isEmpty ? nil : $0 } ?? name, role: role,
            branch: branch, createdAt: now)
        let password = Self.newPassword()
        guard try await store.addUser(user, passwordHash: await hasher.hash(password)) else {
            throw AccountError.nameTaken(name)
        }
        return password
    }

    /// Gives a user a new one-time password (ending their sessions) and returns it.
    public func resetPassword(_ name: String) async throws -> String {
        let password = Self.newPassword()
        guard try await store.setPasswordHash(await hasher.hash(password), of: User.Name(name)) else {
            throw try await notFound(name)
        }
        return password
    }

    /// Disables a user (ending their sessions).
    public func disable(_ name: String) async throws {
        guard try await store.disableUser(User.Name(name)) else { throw try await notFound(name) }
    }

    /// Every user, by name.
    public func list() async throws -> [User] { try await store.users() }

    private func notFound(_ name: String) async throws -> AccountError {
        let known = try await store.users().map(\.name.rawValue)
        return .notFound(name, suggestion: nearest(to: name, in: known))
    }

    /// 16 characters from letters and digits that cannot be misread (no 0/O, 1/l/I), about 92 bits.
    static func newPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

/// Why an account change was refused; nothing was written.
public enum AccountError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidName(String)
    case nameTaken(String)
    case notFound(String, suggestion: String?)
    case branchRequired
    case unknownBranch(String, suggestion: String?)

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        switch self {
        case .invalidName(let name): AccountMessages.invalidName(name).text(language)
        case .nameTaken(let name): AccountMessages.nameTaken(name).text(language)
        case .notFound(let name, let suggestion):
            AccountMessages.notFound(name).text(language)
                + (suggestion.map { StoreMessages.didYouMean($0).text(language) } ?? "")
        case .branchRequired: AccountMessages.branchRequired.text(language)
        case .unknownBranch(let branch, let suggestion):
            AccountMessages.unknownBranch(branch).text(language)
                + (suggestion.map { StoreMessages.didYouMean($0).text(language) } ?? "")
        }
    }
}

extension AccountError: LocalizedError {
    public var errorDescription: String? { description }
}
