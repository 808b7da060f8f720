import Foundation
import OutreachCore

/// Calendar feeds as a signed-in user manages them (the web app's `/feeds`): everyone but viewers adds and
/// revokes their own feed (what they see); planners and admins add and revoke branch feeds too; admins see and
/// revoke every feed. Viewers read only: they see their feeds and change nothing.
extension CalendarFeeds {
    /// Why a user's change of a feed was refused.
    public enum UserFailure: Error, Equatable, Sendable {
        /// The user's role does not allow it (viewers change nothing; only planners and admins make branch feeds).
        case notAllowed
        /// The label is empty.
        case emptyLabel
        /// The branch is unknown.
        case unknownBranch(String, suggestion: String?)
        /// No feed the user may see has this handle.
        case unknownFeed

        public var message: Message {
            switch self {
            case .notAllowed: CalendarFeedUserMessages.notAllowed
            case .emptyLabel: CalendarFeedUserMessages.emptyLabel
            case .unknownBranch(let id, let suggestion): CalendarFeedMessages.unknownBranch(id: id, suggestion: suggestion)
            case .unknownFeed: CalendarFeedUserMessages.unknownFeed
            }
        }
    }

    /// Whether a user may add or revoke branch feeds.
    public static func mayManageBranchFeeds(_ user: User) -> Bool { user.role == .admin || user.role == .planner }

    /// Whether a user may add or revoke feeds at all (their own).
    public static func mayChangeFeeds(_ user: User) -> Bool { user.role != .viewer }

    /// Whether a user sees a feed: their own; branch feeds for planners and admins; every feed for admins.
    public static func maySee(_ feed: CalendarFeed, user: User) -> Bool {
        switch feed.scope {
        case .user(let name): name == user.name || user.role == .admin
        case .branch: mayManageBranchFeeds(user)
        }
    }

    /// The feeds a user sees, revoked ones included, oldest first.
    public func feeds(visibleTo user: User) async throws -> [CalendarFeed] {
        try await store.calendarFeeds().filter { Self.maySee($0, user: user) }
    }

    /// Adds a feed for a user: their own (`branch` nil) or a branch's (planners and admins). The token goes into
    /// its address, shown once, and is not kept.
    public func add(by user: User, branch: Branch.ID?, label: String, at now: Date) async throws -> (feed: CalendarFeed, token: String) {
        guard Self.mayChangeFeeds(user) else { throw UserFailure.notAllowed }
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty else { throw UserFailure.emptyLabel }
        let scope: CalendarFeed.Scope
        if let branch {
            guard Self.mayManageBranchFeeds(user) else { throw UserFailure.notAllowed }
            guard reference.branch(branch) != nil else {
                throw UserFailure.unknownBranch(
                    branch.rawValue, suggestion: nearest(to: branch.rawValue, in: reference.branches.map(\.id.rawValue)))
            }
            scope = .branch(branch)
        } else {
            scope = .user(user.name)
        }
        let made = CalendarFeed.make(scope: scope, label: String(label.prefix(100)), at: now)
        try await store.addCalendarFeed(made.feed)
        return made
    }

    /// Revokes a feed the user sees and may change, by its handle (as listed).
    public func revoke(handle: String, by user: User, at now: Date) async throws -> CalendarFeed {
        guard Self.mayChangeFeeds(user) else { throw UserFailure.notAllowed }
        let lowered = handle.lowercased()
        guard lowered.count >= 10, lowered.allSatisfy(\.isHexDigit) else { throw UserFailure.unknownFeed }
        let matches = try await feeds(visibleTo: user).filter { $0.id.rawValue.hasPrefix(lowered) && $0.revokedAt == nil }
        guard matches.count == 1, let feed = matches.first else { throw UserFailure.unknownFeed }
        _ = try await store.revokeCalendarFeed(feed.id, at: now)
        return try await store.calendarFeed(feed.id) ?? feed
    }
}

/// The words of feeds managed by their users. Both languages side by side.
public enum CalendarFeedUserMessages {
    public static var notAllowed: Message {
        Message(zh: "您的角色不能做这项更改：只读用户不能添加或撤销订阅，机构订阅只有计划员和管理员可以添加或撤销。",
                en: "Your role does not allow this change: viewers cannot add or revoke feeds, and only planners and admins add or revoke branch feeds.")
    }

    public static var emptyLabel: Message {
        Message(zh: "请填写订阅名称：列出和撤销订阅时要用到它。",
                en: "Give the feed a label: lists show it.")
    }

    public static var unknownFeed: Message {
        Message(zh: "没有这个订阅，或它已被撤销。",
                en: "There is no such feed, or it was revoked already.")
    }
}
