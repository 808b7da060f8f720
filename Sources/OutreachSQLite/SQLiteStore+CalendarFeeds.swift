import Foundation
import OutreachCore

/// Calendar feeds (migration "calendar-feeds"): the token's SHA-256, whose events, a label; times are ms since
/// 1970 UTC.
extension SQLiteStore: CalendarFeedStore {
    private static func ms(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    private static func date(_ ms: Int) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    public func addCalendarFeed(_ feed: CalendarFeed) throws {
        try connection.transaction {
            let insert = try connection.statement(
                "INSERT INTO calendar_feeds (id, scope_kind, scope, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")
            let (kind, scope): (String, String) =
                switch feed.scope {
                case .branch(let branch): ("branch", branch.rawValue)
                case .user(let name): ("user", name.rawValue)
                }
            insert.bindAll(feed.id.rawValue, kind, scope, feed.label, Self.ms(feed.createdAt), feed.revokedAt.map(Self.ms))
            try insert.run()
        }
    }

    private static let feedColumns = "id, scope_kind, scope, label, created_at, revoked_at"

    private func readFeed(_ statement: SQLiteStatement) -> CalendarFeed {
        let scope = statement.text(2)
        return CalendarFeed(
            id: CalendarFeed.ID(statement.text(0)),
            scope: statement.text(1) == "user" ? .user(User.Name(scope)) : .branch(Branch.ID(scope)),
            label: statement.text(3), createdAt: Self.date(statement.int(4)),
            revokedAt: statement.optionalInt(5).map(Self.date))
    }

    public func calendarFeeds() throws -> [CalendarFeed] {
        let statement = try connection.statement("SELECT \(Self.feedColumns) FROM calendar_feeds ORDER BY created_at, id")
        defer { statement.reset() }
        var feeds: [CalendarFeed] = []
        while try statement.step() { feeds.append(readFeed(statement)) }
        return feeds
    }

    public func calendarFeed(_ id: CalendarFeed.ID) throws -> CalendarFeed? {
        let statement = try connection.statement("SELECT \(Self.feedColumns) FROM calendar_feeds WHERE id = ?")
        defer { statement.reset() }
        statement.bindAll(id.rawValue)
        return try statement.step() ? readFeed(statement) : nil
    }

    public func revokeCalendarFeed(_ id: CalendarFeed.ID, at now: Date) throws -> Bool {
        try connection.transaction {
            let update = try connection.statement("UPDATE calendar_feeds SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            update.bindAll(Self.ms(now), id.rawValue)
            try update.run()
            return connection.changes > 0
        }
    }
}
