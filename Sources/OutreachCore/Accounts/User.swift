import Foundation

/// Someone who signs in to the web app (`outreach serve`): a login name, the name shown on pages, a role and,
/// for branch staff, the branch whose subtree they see.
public struct User: Hashable, Sendable {
    public typealias Name = Identifier<User>

    /// What a user may do (docs/web.md).
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        /// Everything, including accounts and chat-group bots.
        case admin
        /// Plans every campaign.
        case planner
        /// Checks and publishes what others prepared (四眼原则).
        case approver
        /// Sees and logs only the events of their own branch subtree.
        case branchStaff = "branch-staff"
        /// Reads only.
        case viewer
    }

    /// The login name (`li.ming`): letters, digits, '.', '_' and '-', at most 64 characters.
    public var name: Name
    /// The name shown on pages (`李明`); the login name when none was given.
    public var displayName: String
    public var role: Role
    /// The branch whose subtree the user sees; nil sees every branch. Branch staff always have one.
    public var branch: Branch.ID?
    /// A disabled user cannot sign in, and their sessions end.
    public var isDisabled: Bool
    /// When the account was created (UTC).
    public var createdAt: Date

    public init(
        name: Name, displayName: String, role: Role, branch: Branch.ID? = nil, isDisabled: Bool = false, createdAt: Date
    ) {
        self.name = name
        self.displayName = displayName
        self.role = role
        self.branch = branch
        self.isDisabled = isDisabled
        self.createdAt = createdAt
    }

    /// Whether a text can be a login name: 1 to 64 of ASCII letters, digits, '.', '_' and '-', starting with a
    /// letter or digit.
    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        return allowed(first) && text.unicodeScalars.allSatisfy { allowed($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }
}

/// A signed-in browser: the server keeps it, the cookie holds only a random token whose SHA-256 is `id`.
public struct LoginSession: Hashable, Sendable {
    public typealias ID = Identifier<LoginSession>

    /// The SHA-256 (hex) of the cookie's token; the token itself is never stored.
    public var id: ID
    public var user: User.Name
    /// The token for the forms of this session (CSRF), sent in a hidden field.
    public var formToken: String
    public var createdAt: Date
    /// After this instant the session no longer signs anyone in.
    public var expiresAt: Date

    public init(id: ID, user: User.Name, formToken: String, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.user = user
        self.formToken = formToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
