import Foundation
import OutreachCore
import PostgresNIO

/// Users, their sessions (in the database, so any server behind a load balancer serves a signed-in user) and
/// failed sign-ins. Times are whole milliseconds, rounded as the SQLite store rounds them.
extension PostgresStore: UserStore {
    private static func userMS(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    private static let userColumns = "name, display_name, role, branch, disabled, outreach_ms(created_at)"

    private static func readUser(_ row: PostgresRow) throws -> User {
        let (name, displayName, role, branch, disabled, created) =
            try row.decode((String, String, String, String?, Bool, Int64).self)
        return User(
            name: User.Name(name), displayName: displayName, role: User.Role(rawValue: role) ?? .viewer,
            branch: branch.map { Branch.ID($0) }, isDisabled: disabled, createdAt: date(created))
    }

    public func addUser(_ user: User, passwordHash: String) async throws -> Bool {
        try await transaction { connection in
            try await connection.rows(
                """
                INSERT INTO users (name, display_name, role, branch, password_hash, disabled, created_at)
                VALUES (\(user.name.rawValue), \(user.displayName), \(user.role.rawValue), \(user.branch?.rawValue),
                \(passwordHash), \(user.isDisabled), outreach_ts(\(Self.userMS(user.createdAt))))
                ON CONFLICT (name) DO NOTHING RETURNING 1
                """
            ).count > 0
        }
    }

    public func user(named name: User.Name) async throws -> (user: User, passwordHash: String)? {
        try await reading { connection in
            guard let row = try await connection.rows(
                "SELECT \(unescaped: Self.userColumns), password_hash FROM users WHERE name = \(name.rawValue)").first
            else { return nil }
            let hash = try Array(row).last?.decode(String.self) ?? ""
            return (try Self.readUser(row), hash)
        }
    }

    public func users() async throws -> [User] {
        try await reading { connection in
            try await connection.rows("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY name").map(Self.readUser)
        }
    }

    public func setPasswordHash(_ hash: String, of name: User.Name) async throws -> Bool {
        try await transaction { connection in
            guard try await connection.rows(
                "UPDATE users SET password_hash = \(hash) WHERE name = \(name.rawValue) RETURNING 1").count > 0
            else { return false }
            try await connection.run("DELETE FROM login_sessions WHERE user_name = \(name.rawValue)")
            return true
        }
    }

    public func disableUser(_ name: User.Name) async throws -> Bool {
        try await transaction { connection in
            guard try await connection.rows(
                "UPDATE users SET disabled = true WHERE name = \(name.rawValue) RETURNING 1").count > 0
            else { return false }
            try await connection.run("DELETE FROM login_sessions WHERE user_name = \(name.rawValue)")
            return true
        }
    }

    public func createLoginSession(_ session: LoginSession) async throws {
        try await transaction { connection in
            try await connection.run(
                """
                INSERT INTO login_sessions (id, user_name, form_token, created_at, expires_at)
                VALUES (\(session.id.rawValue), \(session.user.rawValue), \(session.formToken),
                outreach_ts(\(Self.userMS(session.createdAt))), outreach_ts(\(Self.userMS(session.expiresAt))))
                """)
        }
    }

    public func loginSession(_ id: LoginSession.ID, at now: Date) async throws -> (session: LoginSession, user: User)? {
        try await reading { connection in
            guard let row = try await connection.rows(
                """
                SELECT u.name, u.display_name, u.role, u.branch, u.disabled, outreach_ms(u.created_at),
                s.form_token, outreach_ms(s.created_at), outreach_ms(s.expires_at)
                FROM login_sessions s JOIN users u ON u.name = s.user_name
                WHERE s.id = \(id.rawValue) AND s.expires_at > outreach_ts(\(Self.userMS(now))) AND NOT u.disabled
                """
            ).first else { return nil }
            let user = try Self.readUser(row)
            let cells = Array(row)
            let session = LoginSession(
                id: id, user: user.name, formToken: try cells[6].decode(String.self),
                createdAt: Self.date(try cells[7].decode(Int64.self)), expiresAt: Self.date(try cells[8].decode(Int64.self)))
            return (session, user)
        }
    }

    public func deleteLoginSession(_ id: LoginSession.ID) async throws {
        try await transaction { connection in
            try await connection.run("DELETE FROM login_sessions WHERE id = \(id.rawValue)")
        }
    }

    public func purgeExpired(at now: Date, failuresBefore: Date) async throws {
        try await transaction { connection in
            try await connection.run("DELETE FROM login_sessions WHERE expires_at <= outreach_ts(\(Self.userMS(now)))")
            try await connection.run("DELETE FROM login_failures WHERE at < outreach_ts(\(Self.userMS(failuresBefore)))")
        }
    }

    public func recordLoginFailure(account: String, address: String, at now: Date) async throws {
        try await transaction { connection in
            try await connection.run(
                "INSERT INTO login_failures (account, address, at) VALUES (\(account), \(address), outreach_ts(\(Self.userMS(now))))")
        }
    }

    public func loginFailures(account: String, address: String, since: Date) async throws -> (account: Int, address: Int) {
        try await reading { connection in
            let row = try await connection.rows(
                """
                SELECT count(*) FILTER (WHERE account = \(account)), count(*) FILTER (WHERE address = \(address))
                FROM login_failures WHERE at >= outreach_ts(\(Self.userMS(since))) AND (account = \(account) OR address = \(address))
                """
            ).first
            return try row?.decode((Int, Int).self) ?? (0, 0)
        }
    }

    public func clearLoginFailures(account: String) async throws {
        try await transaction { connection in
            try await connection.run("DELETE FROM login_failures WHERE account = \(account)")
        }
    }
}
