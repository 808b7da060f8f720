import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// The rules of accounts: login names, the branch scope a user sees, throttling and session length, token ids.
struct AccountRulesTests {
    @Test(arguments: [
        ("li.ming", true), ("wang_fang-2", true), ("a", true), ("A1", true), (String(repeating: "a", count: 64), true),
        ("", false), (".hidden", false), ("-x", false), ("李明", false), ("a b", false), ("a/b", false),
        (String(repeating: "a", count: 65), false), ("<script>", false),
    ])
    func loginNames(name: String, valid: Bool) {
        #expect(User.isValidName(name) == valid)
    }

    @Test func aUserWithABranchSeesOnlyItsSubtree() {
        let reference = ReferenceData.fixture()
        let now = Date(timeIntervalSince1970: 0)
        let staff = User(name: "li.ming", displayName: "李明", role: .branchStaff, branch: "east", createdAt: now)
        #expect(staff.scope(requested: nil, reference: reference) == "east")
        #expect(staff.scope(requested: "east-1", reference: reference) == "east-1")
        // Asking for a branch outside the subtree, or above it, gives the own branch.
        #expect(staff.scope(requested: "west", reference: reference) == "east")
        #expect(staff.scope(requested: "city", reference: reference) == "east")
        let planner = User(name: "wang.fang", displayName: "王芳", role: .planner, createdAt: now)
        #expect(planner.scope(requested: nil, reference: reference) == nil)
        #expect(planner.scope(requested: "west", reference: reference) == "west")
    }

    @Test func throttlingAndSessionLength() {
        let policy = LoginPolicy()
        #expect(!policy.isThrottled(accountFailures: 4, addressFailures: 19))
        #expect(policy.isThrottled(accountFailures: 5, addressFailures: 0))
        #expect(policy.isThrottled(accountFailures: 0, addressFailures: 20))
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(policy.windowStart(at: now) == now.addingTimeInterval(-900))
        #expect(policy.sessionEnd(from: now) == now.addingTimeInterval(43200))
    }

    @Test func tokensAreRandomAndStoredOnlyAsTheirHash() {
        let first = LoginSession.newToken(), second = LoginSession.newToken()
        #expect(first != second)
        #expect(first.count == 43)
        #expect(first.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        // SHA-256 of "abc", the FIPS 180-2 example.
        #expect(LoginSession.id(forToken: "abc").rawValue == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
