import Foundation
import OutreachCore

/// API tokens and idempotency keys (migration "api-tokens"); times are ms since 1970 UTC.
extension SQLiteStore: APITokenStore, IdempotencyStore {
    private static func ms(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    private static func date(_ ms: Int) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    public func addAPIToken(_ token: APIToken) throws {
        try connection.transaction {
            let insert = try connection.statement(
                "INSERT INTO api_tokens (id, user_name, name, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")
            insert.bindAll(
                token.id.rawValue, token.user.rawValue, token.name, Self.ms(token.createdAt), token.lastUsedAt.map(Self.ms),
                token.revokedAt.map(Self.ms))
            try insert.run()
        }
    }

    private static let tokenColumns = "t.id, t.user_name, t.name, t.created_at, t.last_used_at, t.revoked_at"

    private func readToken(_ statement: SQLiteStatement) -> APIToken {
        APIToken(
            id: APIToken.ID(statement.text(0)), user: User.Name(statement.text(1)), name: statement.text(2),
            createdAt: Self.date(statement.int(3)), lastUsedAt: statement.optionalInt(4).map(Self.date),
            revokedAt: statement.optionalInt(5).map(Self.date))
    }

    public func apiTokens() throws -> [APIToken] {
        let statement = try connection.statement("SELECT \(Self.tokenColumns) FROM api_tokens t ORDER BY t.created_at, t.id")
        defer { statement.reset() }
        var tokens: [APIToken] = []
        while try statement.step() { tokens.append(readToken(statement)) }
        return tokens
    }

    public func useAPIToken(_ id: APIToken.ID, at now: Date) throws -> (token: APIToken, user: User)? {
        let statement = try connection.statement(
            """
            SELECT \(Self.tokenColumns), u.name, u.display_name, u.role, u.branch, u.disabled, u.created_at
            FROM api_tokens t JOIN users u ON u.name = t.user_name
            WHERE t.id = ? AND t.revoked_at IS NULL AND u.disabled = 0
            """)
        var found: (token: APIToken, user: User)?
        do {
            defer { statement.reset() }
            statement.bindAll(id.rawValue)
            if try statement.step() { found = (readToken(statement), readUser(statement, offset: 6)) }
        }
        guard var found else { return nil }
        // The last-used time to the minute: a client polling every second writes once a minute, not every time.
        if found.token.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try connection.transaction {
                let update = try connection.statement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
                update.bindAll(Self.ms(now), id.rawValue)
                try update.run()
            }
            found.token.lastUsedAt = now
        }
        return found
    }

    public func revokeAPITokens(handle: String, at now: Date) throws -> Int {
        // A handle is hex digits only: anything else matches nothing (and never reaches LIKE as a pattern).
        guard !handle.isEmpty, handle.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return 0 }
        return try connection.transaction {
            let update = try connection.statement(
                "UPDATE api_tokens SET revoked_at = ? WHERE substr(id, 1, ?) = ? AND revoked_at IS NULL")
            update.bindAll(Self.ms(now), handle.utf8.count, handle)
            try update.run()
            return connection.changes
        }
    }

    public func claimIdempotencyKey(_ request: IdempotentRequest, staleAfter: TimeInterval) throws -> IdempotentRequest? {
        try connection.transaction {
            let select = try connection.statement(
                "SELECT fingerprint, created_at, status, content_type, body FROM idempotency_keys WHERE principal = ? AND key = ?")
            var kept: IdempotentRequest?
            do {
                defer { select.reset() }
                select.bindAll(request.principal, request.key)
                if try select.step() {
                    var stored: IdempotentRequest.StoredResponse?
                    if let status = select.optionalInt(2) {
                        stored = .init(
                            status: status, contentType: select.optionalText(3) ?? "application/json",
                            body: select.blob(4) { [UInt8]($0) })
                    }
                    kept = IdempotentRequest(
                        principal: request.principal, key: request.key, fingerprint: select.text(0),
                        createdAt: Self.date(select.int(1)), response: stored)
                }
            }
            if let kept {
                let abandoned = kept.response == nil && request.createdAt.timeIntervalSince(kept.createdAt) > staleAfter
                guard abandoned, kept.fingerprint == request.fingerprint else { return kept }
                let retake = try connection.statement(
                    "UPDATE idempotency_keys SET created_at = ? WHERE principal = ? AND key = ? AND status IS NULL")
                retake.bindAll(Self.ms(request.createdAt), request.principal, request.key)
                try retake.run()
                return nil
            }
            let insert = try connection.statement(
                "INSERT INTO idempotency_keys (principal, key, fingerprint, created_at) VALUES (?, ?, ?, ?)")
            insert.bindAll(request.principal, request.key, request.fingerprint, Self.ms(request.createdAt))
            try insert.run()
            return nil
        }
    }

    public func completeIdempotentRequest(principal: String, key: String, response: IdempotentRequest.StoredResponse) throws {
        try connection.transaction {
            let update = try connection.statement(
                "UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE principal = ? AND key = ?")
            update.bind(1, response.status)
            update.bind(2, response.contentType)
            update.bind(3, bytes: response.body)
            update.bind(4, principal)
            update.bind(5, key)
            try update.run()
        }
    }

    public func releaseIdempotencyKey(principal: String, key: String) throws {
        try connection.transaction {
            let delete = try connection.statement("DELETE FROM idempotency_keys WHERE principal = ? AND key = ? AND status IS NULL")
            delete.bindAll(principal, key)
            try delete.run()
        }
    }

    public func purgeIdempotencyKeys(before: Date) throws {
        try connection.transaction {
            let delete = try connection.statement("DELETE FROM idempotency_keys WHERE created_at < ?")
            delete.bindAll(Self.ms(before))
            try delete.run()
        }
    }
}
