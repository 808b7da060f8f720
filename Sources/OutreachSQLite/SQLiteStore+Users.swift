import Foundation
import OutreachCore

/// Users, sessions and failed sign-ins (migration "users-login-sessions"); times are ms since 1970 UTC.
extension SQLiteStore: UserStore {
    private static func ms(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    private static func date(_ ms: Int) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    public func addUser(_ user: User, passwordHash: String) throws -> Bool {
        try connection.transaction {
            let existing = try connection.statement("SELECT count(*) FROM users WHERE name = ?")
            existing.bindAll(user.name.rawValue)
            guard try existing.stepInt() == 0 else { return false }
            let insert = try connection.statement(
                "INSERT INTO users (name, display_name, role, branch, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
            insert.bindAll(
                user.name.rawValue, user.displayName, user.role.rawValue, user.branch?.rawValue, passwordHash,
                user.isDisabled ? 1 : 0, Self.ms(user.createdAt))
            try insert.run()
            return true
        }
    }

    private static let userColumns = "name, display_name, role, branch, disabled, created_at, password_hash"

    func readUser(_ statement: SQLiteStatement, offset: Int32 = 0) -> User {
        User(
            name: User.Name(statement.text(offset)), displayName: statement.text(offset + 1),
            role: User.Role(rawValue: statement.text(offset + 2)) ?? .viewer,
            branch: statement.optionalText(offset + 3).map { Branch.ID($0) }, isDisabled: statement.int(offset + 4) != 0,
            createdAt: Self.date(statement.int(offset + 5)))
    }

    public func user(named name: User.Name) throws -> (user: User, passwordHash: String)? {
        let statement = try connection.statement("SELECT \(Self.userColumns) FROM users WHERE name = ?")
        defer { statement.reset() }
        statement.bindAll(name.rawValue)
        guard try statement.step() else { return nil }
        return (readUser(statement), statement.text(6))
    }

    public func users() throws -> [User] {
        let statement = try connection.statement("SELECT \(Self.userColumns) FROM users ORDER BY name")
        defer { statement.reset() }
        var result: [User] = []
        while try statement.step() { result.append(readUser(statement)) }
        return result
    }

    public func setPasswordHash(_ hash: String, of name: User.Name) throws -> Bool {
        try connection.transaction {
            let update = try connection.statement("UPDATE users SET password_hash = ? WHERE name = ?")
            update.bindAll(hash, name.rawValue)
            try update.run()
            guard connection.changes > 0 else { return false }
            try endSessions(of: name)
            return true
        }
    }

    public func disableUser(_ name: User.Name) throws -> Bool {
        try connection.transaction {
            let update = try connection.statement("UPDATE users SET disabled = 1 WHERE name = ?")
            update.bindAll(name.rawValue)
            try update.run()
            guard connection.changes > 0 else { return false }
            try endSessions(of: name)
            return true
        }
    }

    private func endSessions(of name: User.Name) throws {
        let delete = try connection.statement("DELETE FROM login_sessions WHERE user_name = ?")
        delete.bindAll(name.rawValue)
        try delete.run()
    }

    public func createLoginSession(_ session: LoginSession) throws {
        try connection.transaction {
            let insert = try connection.statement(
                "INSERT INTO login_sessions (id, user_name, form_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
            insert.bindAll(
                session.id.rawValue, session.user.rawValue, session.formToken, Self.ms(session.createdAt),
                Self.ms(session.expiresAt))
            try insert.run()
        }
    }

    public func loginSession(_ id: LoginSession.ID, at now: Date) throws -> (session: LoginSession, user: User)? {
        let statement = try connection.statement(
            """
            SELECT s.form_token, s.created_at, s.expires_at, u.name, u.display_name, u.role, u.branch, u.disabled, u.created_at
            FROM login_sessions s JOIN users u ON u.name = s.user_name
            WHERE s.id = ? AND s.expires_at > ? AND u.disabled = 0
            """)
        defer { statement.reset() }
        statement.bindAll(id.rawValue, Self.ms(now))
        guard try statement.step() else { return nil }
        let user = readUser(statement, offset: 3)
        let session = LoginSession(
            id: id, user: user.name, formToken: statement.text(0), createdAt: Self.date(statement.int(1)),
            expiresAt: Self.date(statement.int(2)))
        return (session, user)
    }

    public func deleteLoginSession(_ id: LoginSession.ID) throws {
        try connection.transaction {
            let delete = try connection.statement("DELETE FROM login_sessions WHERE id = ?")
            delete.bindAll(id.rawValue)
            try delete.run()
        }
    }

    public func purgeExpired(at now: Date, failuresBefore: Date) throws {
        try connection.transaction {
            let sessions = try connection.statement("DELETE FROM login_sessions WHERE expires_at <= ?")
            sessions.bindAll(Self.ms(now))
            try sessions.run()
            let failures = try connection.statement("DELETE FROM login_failures WHERE at < ?")
            failures.bindAll(Self.ms(failuresBefore))
            try failures.run()
        }
    }

    public func recordLoginFailure(account: String, address: String, at now: Date) throws {
        try connection.transaction {
            let insert = try connection.statement("INSERT INTO login_failures (account, address, at) VALUES (?, ?, ?)")
            insert.bindAll(account, address, Self.ms(now))
            try insert.run()
        }
    }

    public func loginFailures(account: String, address: String, since: Date) throws -> (account: Int, address: Int) {
        let byAccount = try connection.statement("SELECT count(*) FROM login_failures WHERE account = ? AND at >= ?")
        byAccount.bindAll(account, Self.ms(since))
        let accountCount = try byAccount.stepInt()
        let byAddress = try connection.statement("SELECT count(*) FROM login_failures WHERE address = ? AND at >= ?")
        byAddress.bindAll(address, Self.ms(since))
        return (accountCount, try byAddress.stepInt())
    }

    public func clearLoginFailures(account: String) throws {
        try connection.transaction {
            let delete = try connection.statement("DELETE FROM login_failures WHERE account = ?")
            delete.bindAll(account)
            try delete.run()
        }
    }
}
