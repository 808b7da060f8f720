import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// A hasher for the use-case tests that is not bcrypt but keeps its promise: the stored text is not the password.
struct ReversingHasher: PasswordHasher {
    func hash(_ password: String) -> String { "rev:" + String(password.reversed()) }
    func verify(_ password: String, hash: String) -> Bool { hash == self.hash(password) }
}

/// Adding, re-passwording, disabling and listing users, and signing in, over a real store.
struct UserAccountsTests {
    @Test func addingAUserStoresOnlyTheHashAndRefusesBadInput() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let accounts = UserAccounts(store: setup.store, hasher: ReversingHasher())
        let password = try await accounts.add(
            "li.ming", role: .branchStaff, branch: "east", displayName: " 李明 ", reference: setup.reference, at: StoreSetup.now)
        #expect(password.count == 16)
        let stored = try #require(try await setup.store.user(named: "li.ming"))
        #expect(stored.passwordHash == "rev:" + String(password.reversed()))
        #expect(stored.user.displayName == "李明")
        #expect(stored.user.branch == "east")

        await #expect(throws: AccountError.nameTaken("li.ming")) {
            try await accounts.add("li.ming", role: .viewer, branch: nil, displayName: nil, reference: setup.reference, at: StoreSetup.now)
        }
        await #expect(throws: AccountError.invalidName("李明")) {
            try await accounts.add("李明", role: .viewer, branch: nil, displayName: nil, reference: setup.reference, at: StoreSetup.now)
        }
        await #expect(throws: AccountError.branchRequired) {
            try await accounts.add("a.b", role: .branchStaff, branch: nil, displayName: nil, reference: setup.reference, at: StoreSetup.now)
        }
        await #expect(throws: AccountError.unknownBranch("eest", suggestion: "east")) {
            try await accounts.add("a.b", role: .branchStaff, branch: "eest", displayName: nil, reference: setup.reference, at: StoreSetup.now)
        }
        await #expect(throws: AccountError.notFound("li.mng", suggestion: "li.ming")) { try await accounts.disable("li.mng") }
        #expect(try await accounts.list().map(\.name) == ["li.ming"])
    }

    @Test func signingInChecksThePasswordAndANewPasswordEndsTheSession() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let accounts = UserAccounts(store: setup.store, hasher: ReversingHasher())
        let login = Login(store: setup.store, hasher: ReversingHasher())
        let first = try await accounts.add("wang.fang", role: .admin, branch: nil, displayName: nil, reference: setup.reference, at: StoreSetup.now)
        guard case .refused = try await login.signIn(name: "wang.fang", password: "x", address: "10.0.0.1", at: StoreSetup.now) else {
            Issue.record("a wrong password signed in")
            return
        }
        guard case .signedIn(let token, let session, let user) = try await login.signIn(
            name: "wang.fang", password: first, address: "10.0.0.1", at: StoreSetup.now)
        else {
            Issue.record("the right password did not sign in")
            return
        }
        #expect(user.displayName == "wang.fang")
        #expect(session.id == LoginSession.id(forToken: token))
        #expect(session.id.rawValue != token)
        #expect(try await login.session(token: token, at: StoreSetup.now)?.user.name == "wang.fang")
        _ = try await accounts.resetPassword("wang.fang")
        #expect(try await login.session(token: token, at: StoreSetup.now) == nil)
        guard case .refused = try await login.signIn(name: "wang.fang", password: first, address: "10.0.0.1", at: StoreSetup.now) else {
            Issue.record("the old password still signed in")
            return
        }
    }

    @Test func accountMessagesHaveBothLanguages() {
        let samples: [Message] = [
            AccountMessages.invalidName("x"), AccountMessages.nameTaken("x"), AccountMessages.notFound("x"),
            AccountMessages.branchRequired, AccountMessages.unknownBranch("x"),
        ] + User.Role.allCases.map(AccountMessages.role)
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }

    @Test func accountErrorsReadInBothLanguages() {
        #expect(AccountError.notFound("li.mng", suggestion: "li.ming").message(.en) == "No user named 'li.mng'. Did you mean 'li.ming'?")
        #expect(AccountError.notFound("li.mng", suggestion: "li.ming").message(.zh) == "没有名为 'li.mng' 的用户。是否应为 'li.ming'？")
        #expect(AccountError.branchRequired.message(.en) == "Branch staff need a branch (--branch).")
    }
}
