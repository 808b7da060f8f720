import Foundation
import OutreachCore
import Testing

/// The behaviour every `DataVersionStore` must show: the version holds while nothing is written, and changes with
/// a commit by this instance or by another one on the same database (what the web app's caches rely on).
public enum DataVersionContract {
    public static let cases: [StoreContract] = [
        StoreContract("theVersionHoldsWithoutWritesAndChangesWithOne") { try await DataVersionCases().ownWrites($0) },
        StoreContract("anotherInstancesCommitChangesTheVersion", needsSecondInstance: true) { try await DataVersionCases().otherWrites($0) },
    ]
}

struct DataVersionCases {
    let now = Timestamp.date(from: "2026-12-06T02:00:00Z")!

    func user(_ name: String) -> User {
        User(name: User.Name(name), displayName: "周敏", role: .viewer, branch: nil, createdAt: now)
    }

    func ownWrites(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        let first = try await store.dataVersion()
        _ = try await store.users()
        _ = try await store.referenceData()
        #expect(try await store.dataVersion() == first, "reading changed the version")
        #expect(try await store.addUser(user("zhou.min"), passwordHash: "h"))
        let second = try await store.dataVersion()
        #expect(second != first)
        #expect(try await store.dataVersion() == second)
    }

    func otherWrites(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        let openAnother = try #require(database.openAnother)
        let other = try await openAnother()
        let before = try await store.dataVersion()
        #expect(try await other.addUser(user("li.ming"), passwordHash: "h"))
        #expect(try await store.dataVersion() != before, "another instance's commit left the version as it was")
    }
}
