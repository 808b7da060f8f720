import Foundation
import OutreachCore
import PostgresNIO

/// Calendar feeds, personal API tokens (their SHA-256 only) and the first answers of writes sent with an
/// Idempotency-Key. Times are whole milliseconds, rounded as the SQLite store rounds them.
extension PostgresStore: CalendarFeedStore {
    private static let feedColumns = "id, scope_kind, scope, label, outreach_ms(created_at), outreach_ms(revoked_at)"

    private static func readFeed(_ row: PostgresRow) throws -> CalendarFeed {
        let (id, kind, scope, label, created, revoked) = try row.decode((String, String, String, String, Int64, Int64?).self)
        return CalendarFeed(
            id: CalendarFeed.ID(id), scope: kind == "user" ? .user(User.Name(scope)) : .branch(Branch.ID(scope)), label: label,
            createdAt: date(created), revokedAt: revoked.map(date))
    }

    public func addCalendarFeed(_ feed: CalendarFeed) async throws {
        let (kind, scope): (String, String) =
            switch feed.scope {
            case .branch(let branch): ("branch", branch.rawValue)
            case .user(let name): ("user", name.rawValue)
            }
        try await transaction { connection in
            try await connection.run(
                """
                INSERT INTO calendar_feeds (id, scope_kind, scope, label, created_at, revoked_at)
                VALUES (\(feed.id.rawValue), \(kind), \(scope), \(feed.label), outreach_ts(\(Self.roundedMS(feed.createdAt))),
                outreach_ts(\(feed.revokedAt.map(Self.roundedMS))))
                """)
        }
    }

    public func calendarFeeds() async throws -> [CalendarFeed] {
        try await reading { connection in
            try await connection.rows("SELECT \(unescaped: Self.feedColumns) FROM calendar_feeds ORDER BY created_at, id")
                .map(Self.readFeed)
        }
    }

    public func calendarFeed(_ id: CalendarFeed.ID) async throws -> CalendarFeed? {
        try await reading { connection in
            try await connection.rows("SELECT \(unescaped: Self.feedColumns) FROM calendar_feeds WHERE id = \(id.rawValue)")
                .first.map(Self.readFeed)
        }
    }

    public func revokeCalendarFeed(_ id: CalendarFeed.ID, at now: Date) async throws -> Bool {
        try await transaction { connection in
            try await connection.rows(
                """
                UPDATE calendar_feeds SET revoked_at = outreach_ts(\(Self.roundedMS(now)))
                WHERE id = \(id.rawValue) AND revoked_at IS NULL RETURNING 1
                """
            ).count > 0
        }
    }
}

extension PostgresStore: APITokenStore {
    private static let tokenColumns =
        "t.id, t.user_name, t.name, outreach_ms(t.created_at), outreach_ms(t.last_used_at), outreach_ms(t.revoked_at)"

    private static func readToken(_ row: PostgresRow) throws -> APIToken {
        let (id, user, name, created, used, revoked) = try row.decode((String, String, String, Int64, Int64?, Int64?).self)
        return APIToken(
            id: APIToken.ID(id), user: User.Name(user), name: name, createdAt: date(created), lastUsedAt: used.map(date),
            revokedAt: revoked.map(date))
    }

    public func addAPIToken(_ token: APIToken) async throws {
        try await transaction { connection in
            try await connection.run(
                """
                INSERT INTO api_tokens (id, user_name, name, created_at, last_used_at, revoked_at)
                VALUES (\(token.id.rawValue), \(token.user.rawValue), \(token.name), outreach_ts(\(Self.roundedMS(token.createdAt))),
                outreach_ts(\(token.lastUsedAt.map(Self.roundedMS))), outreach_ts(\(token.revokedAt.map(Self.roundedMS))))
                """)
        }
    }

    public func apiTokens() async throws -> [APIToken] {
        try await reading { connection in
            try await connection.rows("SELECT \(unescaped: Self.tokenColumns) FROM api_tokens t ORDER BY t.created_at, t.id")
                .map(Self.readToken)
        }
    }

    public func useAPIToken(_ id: APIToken.ID, at now: Date) async throws -> (token: APIToken, user: User)? {
        let found = try await reading { connection -> (APIToken, User)? in
            guard let row = try await connection.rows(
                """
                SELECT \(unescaped: Self.tokenColumns), u.name, u.display_name, u.role, u.branch, u.disabled, outreach_ms(u.created_at)
                FROM api_tokens t JOIN users u ON u.name = t.user_name
                WHERE t.id = \(id.rawValue) AND t.revoked_at IS NULL AND NOT u.disabled
                """
            ).first else { return nil }
            let token = try Self.readToken(row)
            let cells = Array(row)
            let user = User(
                name: User.Name(try cells[6].decode(String.self)), displayName: try cells[7].decode(String.self),
                role: User.Role(rawValue: try cells[8].decode(String.self)) ?? .viewer,
                branch: try cells[9].decode(String?.self).map { Branch.ID($0) }, isDisabled: try cells[10].decode(Bool.self),
                createdAt: Self.date(try cells[11].decode(Int64.self)))
            return (token, user)
        }
        guard let found else { return nil }
        var token = found.0
        let user = found.1
        // The last-used time to the minute: a client polling every second writes once a minute, not every time.
        if token.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try await transaction { connection in
                try await connection.run(
                    "UPDATE api_tokens SET last_used_at = outreach_ts(\(Self.roundedMS(now))) WHERE id = \(id.rawValue)")
            }
            token.lastUsedAt = now
        }
        _ = user
        return (token, user)
    }

    public func revokeAPITokens(handle: String, at now: Date) async throws -> Int {
        // A handle is hex digits only: anything else matches nothing.
        guard !handle.isEmpty, handle.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return 0 }
        return try await transaction { connection in
            try await connection.rows(
                """
                UPDATE api_tokens SET revoked_at = outreach_ts(\(Self.roundedMS(now)))
                WHERE starts_with(id, \(handle)) AND revoked_at IS NULL RETURNING 1
                """
            ).count
        }
    }
}

extension PostgresStore: IdempotencyStore {
    public func claimIdempotencyKey(_ request: IdempotentRequest, staleAfter: TimeInterval) async throws -> IdempotentRequest? {
        try await transaction { connection in
            // Inserted if new; a key already there is locked and read, so two servers never both take it.
            let inserted = try await connection.rows(
                """
                INSERT INTO idempotency_keys (principal, key, fingerprint, created_at)
                VALUES (\(request.principal), \(request.key), \(request.fingerprint), outreach_ts(\(Self.roundedMS(request.createdAt))))
                ON CONFLICT (principal, key) DO NOTHING RETURNING 1
                """
            ).count
            guard inserted == 0 else { return nil }
            guard let row = try await connection.rows(
                """
                SELECT fingerprint, outreach_ms(created_at), status, content_type, body FROM idempotency_keys
                WHERE principal = \(request.principal) AND key = \(request.key) FOR UPDATE
                """
            ).first else { return nil }
            let (fingerprint, created, status, contentType, body) = try row.decode((String, Int64, Int?, String?, Data?).self)
            let kept = IdempotentRequest(
                principal: request.principal, key: request.key, fingerprint: fingerprint, createdAt: Self.date(created),
                response: status.map { .init(status: $0, contentType: contentType ?? "application/json", body: [UInt8](body ?? Data())) })
            let abandoned = kept.response == nil && request.createdAt.timeIntervalSince(kept.createdAt) > staleAfter
            guard abandoned, kept.fingerprint == request.fingerprint else { return kept }
            try await connection.run(
                """
                UPDATE idempotency_keys SET created_at = outreach_ts(\(Self.roundedMS(request.createdAt)))
                WHERE principal = \(request.principal) AND key = \(request.key) AND status IS NULL
                """)
            return nil
        }
    }

    public func completeIdempotentRequest(principal: String, key: String, response: IdempotentRequest.StoredResponse) async throws {
        try await transaction { connection in
            try await connection.run(
                """
                UPDATE idempotency_keys SET status = \(response.status), content_type = \(response.contentType),
                body = \(Data(response.body)) WHERE principal = \(principal) AND key = \(key)
                """)
        }
    }

    public func releaseIdempotencyKey(principal: String, key: String) async throws {
        try await transaction { connection in
            try await connection.run(
                "DELETE FROM idempotency_keys WHERE principal = \(principal) AND key = \(key) AND status IS NULL")
        }
    }

    public func purgeIdempotencyKeys(before: Date) async throws {
        try await transaction { connection in
            try await connection.run("DELETE FROM idempotency_keys WHERE created_at < outreach_ts(\(Self.roundedMS(before)))")
        }
    }
}
