import Foundation
import OutreachCore
import Testing

/// The behaviour every `CalendarFeedStore` must show: feeds read back exactly (Chinese labels byte for byte),
/// found by the token's hash, revoked once.
public enum CalendarFeedContract {
    public static let cases: [StoreContract] = [
        StoreContract("feedsRoundTripAndAreFoundByTheirTokensHash") { try await CalendarFeedCases().feedsRoundTrip($0) },
        StoreContract("aFeedIsRevokedOnce") { try await CalendarFeedCases().aFeedIsRevokedOnce($0) },
    ]
}

struct CalendarFeedCases {
    let now = Timestamp.date(from: "2026-12-05T02:00:00Z")!

    func feedsRoundTrip(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.calendarFeeds().isEmpty)
        let (branch, token) = CalendarFeed.make(scope: .branch("xn-chibi"), label: "赤壁支行大屏 🏦", at: now)
        let (user, _) = CalendarFeed.make(scope: .user("wang.fang"), label: "王芳的手机", at: now.addingTimeInterval(60))
        try await store.addCalendarFeed(branch)
        try await store.addCalendarFeed(user)
        #expect(try await store.calendarFeeds() == [branch, user])
        #expect(try await store.calendarFeed(CalendarFeed.id(forToken: token)) == branch)
        #expect(try await store.calendarFeed(CalendarFeed.id(forToken: token + "x")) == nil)
        // The token itself is nowhere in what the store gives back.
        #expect(try await store.calendarFeeds().allSatisfy { !$0.id.rawValue.contains(token) && !$0.label.contains(token) })
    }

    func aFeedIsRevokedOnce(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        let (feed, token) = CalendarFeed.make(scope: .branch("xn-wenquan"), label: "温泉", at: now)
        try await store.addCalendarFeed(feed)
        let later = now.addingTimeInterval(3600)
        #expect(try await store.revokeCalendarFeed(feed.id, at: later))
        #expect(try await !store.revokeCalendarFeed(feed.id, at: later.addingTimeInterval(60)))
        #expect(try await !store.revokeCalendarFeed("no-such-feed", at: later))
        #expect(try await store.calendarFeed(CalendarFeed.id(forToken: token))?.revokedAt == later)
    }
}
