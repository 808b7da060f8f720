import Foundation

/// A calendar subscription: a secret address (`/feeds/TOKEN.ics`) that WeCom, Outlook or a phone's calendar
/// polls without signing in, for one branch's events (its subtree) or one user's (their branch scope). The
/// store keeps only the SHA-256 of the token; revoking the feed makes the address answer "not found".
public struct CalendarFeed: Hashable, Sendable {
    public typealias ID = Identifier<CalendarFeed>

    /// Whose events the feed shows.
    public enum Scope: Hashable, Sendable {
        /// A branch and everything under it.
        case branch(Branch.ID)
        /// A user's branch scope (every branch for users without one), looked up when the feed is read, so a
        /// disabled user's feed shows nothing.
        case user(User.Name)
    }

    /// The SHA-256 (hex) of the address's token.
    public var id: ID
    public var scope: Scope
    /// What it is for ("赤壁支行大屏", "王芳的手机"), shown in lists.
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: ID, scope: Scope, label: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.scope = scope
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// The first 10 hex digits of the id: enough to name a feed in a list or to revoke it, useless to
    /// read it.
    public var handle: String { String(id.rawValue.prefix(10)) }

    /// A new feed and its token (which goes into the address, once, and is not kept).
    public static func make(scope: Scope, label: String, at now: Date) -> (feed: CalendarFeed, token: String) {
        let token = LoginSession.newToken()
        return (CalendarFeed(id: ID(LoginSession.id(forToken: token).rawValue), scope: scope, label: label, createdAt: now), token)
    }

    /// The id a token from an address stands for.
    public static func id(forToken token: String) -> ID { ID(LoginSession.id(forToken: token).rawValue) }
}

/// Where calendar feeds are kept.
public protocol CalendarFeedStore: Sendable {
    /// Adds a feed.
    func addCalendarFeed(_ feed: CalendarFeed) async throws

    /// Every feed, revoked ones included, oldest first.
    func calendarFeeds() async throws -> [CalendarFeed]

    /// The feed with this id, revoked or not.
    func calendarFeed(_ id: CalendarFeed.ID) async throws -> CalendarFeed?

    /// Marks a feed revoked at `now`; false when there is no such feed or it was revoked already.
    func revokeCalendarFeed(_ id: CalendarFeed.ID, at now: Date) async throws -> Bool
}
