import Foundation
import OutreachCore

/// Calendar subscriptions (`outreach feed add|list|revoke`, `/feeds/TOKEN.ics`): a branch's or a user's events
/// as an iCalendar document at a secret address that a calendar app polls without signing in.
///
/// ```swift
/// let feeds = CalendarFeeds(store: store, reference: reference)
/// let (feed, token) = try await feeds.add(.branch("xn-chibi"), label: "赤壁支行", at: now)
/// // later, for GET /feeds/\(token).ics:
/// let text = try await feeds.calendar(token: token, language: .zh, at: now)   // nil: not found
/// ```
public struct CalendarFeeds: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData

    /// Days before today a feed still shows (so a past week stays in the calendar), and days after.
    public static let daysBefore = 31
    public static let daysAfter = 400

    public init(store: any OutreachStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// Why a feed could not be added or revoked.
    public enum Failure: Error, Equatable, Sendable {
        case unknownBranch(String, suggestion: String?)
        case unknownUser(String, suggestion: String?)
        case unknownFeed(String)
        case ambiguousFeed(String, matches: Int)

        public var message: Message {
            switch self {
            case .unknownBranch(let id, let suggestion): CalendarFeedMessages.unknownBranch(id: id, suggestion: suggestion)
            case .unknownUser(let name, let suggestion): CalendarFeedMessages.unknownUser(name: name, suggestion: suggestion)
            case .unknownFeed(let handle): CalendarFeedMessages.unknownFeed(handle: handle)
            case .ambiguousFeed(let handle, let matches): CalendarFeedMessages.ambiguousFeed(handle: handle, matches: matches)
            }
        }
    }

    /// Adds a feed; the token goes into its address and is not kept.
    public func add(_ scope: CalendarFeed.Scope, label: String, at now: Date) async throws -> (feed: CalendarFeed, token: String) {
        switch scope {
        case .branch(let branch):
            guard reference.branch(branch) != nil else {
                throw Failure.unknownBranch(branch.rawValue, suggestion: nearest(to: branch.rawValue, in: reference.branches.map(\.id.rawValue)))
            }
        case .user(let name):
            guard try await store.user(named: name) != nil else {
                let names = try await store.users().map(\.name.rawValue)
                throw Failure.unknownUser(name.rawValue, suggestion: nearest(to: name.rawValue, in: names))
            }
        }
        let made = CalendarFeed.make(scope: scope, label: label, at: now)
        try await store.addCalendarFeed(made.feed)
        return made
    }

    /// Every feed, revoked ones included.
    public func list() async throws -> [CalendarFeed] { try await store.calendarFeeds() }

    /// Revokes the feed named by `selector`: the start of its handle (as `list` shows it), or its exact label
    /// among the feeds not yet revoked.
    public func revoke(_ selector: String, at now: Date) async throws -> CalendarFeed {
        let feeds = try await store.calendarFeeds()
        var matches = feeds.filter { !selector.isEmpty && $0.id.rawValue.hasPrefix(selector.lowercased()) }
        if matches.isEmpty { matches = feeds.filter { $0.revokedAt == nil && $0.label == selector } }
        guard let feed = matches.first else { throw Failure.unknownFeed(selector) }
        guard matches.count == 1 else { throw Failure.ambiguousFeed(selector, matches: matches.count) }
        _ = try await store.revokeCalendarFeed(feed.id, at: now)
        return try await store.calendarFeed(feed.id) ?? feed
    }

    /// The calendar a token's address shows: the scope's events from a month ago to 400 days ahead, or nil
    /// when there is no such feed, it was revoked, or its user is gone or disabled.
    public func calendar(token: String, language: Language, at now: Date) async throws -> String? {
        guard !token.isEmpty, let feed = try await store.calendarFeed(CalendarFeed.id(forToken: token)), feed.revokedAt == nil else {
            return nil
        }
        let branch: Branch.ID?
        switch feed.scope {
        case .branch(let id):
            branch = id
        case .user(let name):
            guard let found = try await store.user(named: name), !found.user.isDisabled else { return nil }
            branch = found.user.branch
        }
        let today = reference.today(at: now, for: branch) ?? LocalDate(dayNumber: 0)
        let query = PlanQuery(
            from: today.adding(days: -Self.daysBefore), through: today.adding(days: Self.daysAfter), branch: branch,
            statuses: Set(EventStatus.allCases))
        let occurrences = try await PlanListing(store: store, reference: reference).occurrences(query).occurrences
        let events = PlanListing.events(of: occurrences)
        let scopeName = branch.flatMap { reference.branch($0)?.names }
        let writer = ICalendarWriter(
            reference: reference, language: language, now: now,
            calendarName: CalendarFeedMessages.calendarName(scope: scopeName, label: feed.label).text(language))
        return writer.document(events)
    }
}

/// The text of calendar feeds. Both languages side by side.
public enum CalendarFeedMessages {
    public static func calendarName(scope: BilingualName?, label: String) -> Message {
        Message(zh: "金融知识宣传活动 · \(scope?.zh ?? "全部机构") · \(label)",
                en: "Outreach events · \(scope.map { $0.en ?? $0.zh } ?? "All branches") · \(label)")
    }

    public static func unknownBranch(id: String, suggestion: String?) -> Message {
        Message(zh: "没有编号为 '\(id)' 的机构。\(suggestion.map { "您是不是要找 '\($0)'？" } ?? "")",
                en: "No branch with id '\(id)'.\(suggestion.map { " Did you mean '\($0)'?" } ?? "")")
    }

    public static func unknownUser(name: String, suggestion: String?) -> Message {
        Message(zh: "没有名为 '\(name)' 的用户。\(suggestion.map { "您是不是要找 '\($0)'？" } ?? "")用 'outreach user list' 查看用户。",
                en: "No user named '\(name)'.\(suggestion.map { " Did you mean '\($0)'?" } ?? "") 'outreach user list' shows the users.")
    }

    public static func unknownFeed(handle: String) -> Message {
        Message(zh: "没有编号以 '\(handle)' 开头、也没有名称为 '\(handle)' 的订阅。用 'outreach feed list' 查看订阅。",
                en: "No feed has a handle starting with '\(handle)' or the label '\(handle)'. 'outreach feed list' shows the feeds.")
    }

    public static func ambiguousFeed(handle: String, matches: Int) -> Message {
        Message(zh: "'\(handle)' 对应 \(matches) 个订阅，请给出更长的编号。",
                en: "'\(handle)' names \(matches) feeds; give more of the handle.")
    }
}
