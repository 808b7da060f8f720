import Foundation
import OutreachCore
import Testing

/// The behaviour every `UserStore` must show: users added once and read back, password changes and disabling
/// ending sessions, sessions that expire, and failed sign-ins counted per account and per address.
public enum UserContract {
    public static let cases: [StoreContract] = [
        StoreContract("usersRoundTripAndNamesAreUnique") { try await UserCases().usersRoundTripAndNamesAreUnique($0) },
        StoreContract("sessionsLastUntilTheyExpire") { try await UserCases().sessionsLastUntilTheyExpire($0) },
        StoreContract("newPasswordOrDisablingEndsEverySession") { try await UserCases().newPasswordOrDisablingEndsEverySession($0) },
        StoreContract("failedSignInsCountPerAccountAndAddress") { try await UserCases().failedSignInsCountPerAccountAndAddress($0) },
    ]
}

struct UserCases {
    let now = Timestamp.date(from: "2026-12-05T02:00:00Z")!

    func user(_ name: String, role: User.Role = .planner, branch: Branch.ID? = nil) -> User {
        User(name: User.Name(name), displayName: "李明·\(name)", role: role, branch: branch, createdAt: now)
    }

    func session(_ id: String, of name: String, lasting seconds: TimeInterval = 3600) -> LoginSession {
        LoginSession(
            id: LoginSession.ID(id), user: User.Name(name), formToken: "form-\(id)", createdAt: now,
            expiresAt: now.addingTimeInterval(seconds))
    }

    func usersRoundTripAndNamesAreUnique(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.users().isEmpty)
        let staff = user("li.ming", role: .branchStaff, branch: "east-1")
        #expect(try await store.addUser(staff, passwordHash: "bcrypt-hash-one"))
        #expect(try await store.addUser(user("a.admin", role: .admin), passwordHash: "bcrypt-hash-two"))
        // The name is taken: nothing changes, the first hash stays.
        #expect(try await !store.addUser(user("li.ming", role: .admin), passwordHash: "bcrypt-other"))
        let found = try #require(try await store.user(named: "li.ming"))
        #expect(found.user == staff)
        #expect(found.passwordHash == "bcrypt-hash-one")
        #expect(try await store.users().map(\.name) == ["a.admin", "li.ming"])
        #expect(try await store.user(named: "nobody") == nil)
        #expect(try await store.setPasswordHash("bcrypt-hash-three", of: "li.ming"))
        #expect(try await store.user(named: "li.ming")?.passwordHash == "bcrypt-hash-three")
        #expect(try await !store.setPasswordHash("x", of: "nobody"))
        #expect(try await !store.disableUser("nobody"))
    }

    func sessionsLastUntilTheyExpire(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        _ = try await store.addUser(user("li.ming"), passwordHash: "h")
        try await store.createLoginSession(session("s1", of: "li.ming", lasting: 3600))
        let found = try #require(try await store.loginSession("s1", at: now.addingTimeInterval(3599)))
        #expect(found.session == session("s1", of: "li.ming", lasting: 3600))
        #expect(found.user.name == "li.ming")
        #expect(try await store.loginSession("s1", at: now.addingTimeInterval(3600)) == nil)
        #expect(try await store.loginSession("unknown", at: now) == nil)
        try await store.createLoginSession(session("s2", of: "li.ming", lasting: 60))
        try await store.deleteLoginSession("s2")
        #expect(try await store.loginSession("s2", at: now) == nil)
        // Purging removes what expired and keeps what lasts.
        try await store.createLoginSession(session("s3", of: "li.ming", lasting: 7200))
        try await store.purgeExpired(at: now.addingTimeInterval(3600), failuresBefore: now)
        #expect(try await store.loginSession("s3", at: now.addingTimeInterval(3601)) != nil)
    }

    func newPasswordOrDisablingEndsEverySession(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        _ = try await store.addUser(user("li.ming"), passwordHash: "h")
        _ = try await store.addUser(user("wang.fang"), passwordHash: "h")
        try await store.createLoginSession(session("a", of: "li.ming"))
        try await store.createLoginSession(session("b", of: "li.ming"))
        try await store.createLoginSession(session("c", of: "wang.fang"))
        #expect(try await store.setPasswordHash("h2", of: "li.ming"))
        #expect(try await store.loginSession("a", at: now) == nil)
        #expect(try await store.loginSession("b", at: now) == nil)
        #expect(try await store.loginSession("c", at: now) != nil)
        #expect(try await store.disableUser("wang.fang"))
        #expect(try await store.loginSession("c", at: now) == nil)
        #expect(try await store.user(named: "wang.fang")?.user.isDisabled == true)
        // A session made for a disabled user does not sign anyone in.
        try await store.createLoginSession(session("d", of: "wang.fang"))
        #expect(try await store.loginSession("d", at: now) == nil)
    }

    func failedSignInsCountPerAccountAndAddress(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        for second in 0..<3 {
            try await store.recordLoginFailure(account: "li.ming", address: "10.0.0.1", at: now.addingTimeInterval(Double(second)))
        }
        try await store.recordLoginFailure(account: "wang.fang", address: "10.0.0.1", at: now)
        try await store.recordLoginFailure(account: "li.ming", address: "10.0.0.2", at: now)
        let counts = try await store.loginFailures(account: "li.ming", address: "10.0.0.1", since: now)
        #expect(counts.account == 4)
        #expect(counts.address == 4)
        // Only failures since the window's start count.
        let later = try await store.loginFailures(account: "li.ming", address: "10.0.0.1", since: now.addingTimeInterval(1))
        #expect(later.account == 2)
        #expect(later.address == 2)
        try await store.clearLoginFailures(account: "li.ming")
        let cleared = try await store.loginFailures(account: "li.ming", address: "10.0.0.1", since: now)
        #expect(cleared.account == 0)
        #expect(cleared.address == 1)
        try await store.purgeExpired(at: now, failuresBefore: now.addingTimeInterval(1))
        #expect(try await store.loginFailures(account: "wang.fang", address: "10.0.0.1", since: now).account == 0)
    }
}
