import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// `ReachImport.limit(to:)`: branch staff import only their branch subtree's reach; the check is the import's own.
struct ReachImportScopeTests {
    let now = StoreSetup.now

    func user(_ role: User.Role, branch: Branch.ID?) -> User {
        User(name: "u", displayName: "U", role: role, branch: branch, createdAt: now)
    }

    @Test func anotherBranchsEventIsABadRowPlacedByLineAndColumnAndGoodRowsNeedSkipping() async throws {
        let setup = try await ReachImportTests().setup()
        defer { setup.close() }
        let path = ReachImportTests().write("event,date,metric,count\ne1,2026-12-05,attendees,40\n", in: setup)

        // e1 is 咸安支行's (east): branch staff of 赤壁支行 (west) may not import it, and nothing is written.
        var importer = ReachImport(store: setup.store, reference: setup.reference, language: .en)
        importer.limit(to: user(.branchStaff, branch: "west"))
        let observer = RecordingObserver()
        let refused = try await importer.run(paths: [path], at: now, observer: observer)
        #expect(!refused.committed)
        #expect(refused.errors == 1)
        let issue = try #require(observer.issues.first)
        #expect(issue.location?.line == 2)
        #expect(
            issue.message(.en)
                == "The event 'e1' in column 'event' is not an event of Chibi (west) or the branches below it. Accepted: the events of that branch subtree only.")
        #expect(issue.message(.zh) == "'event' 列中的活动场次 'e1' 不是赤壁支行（west）及其下级机构的活动场次。只接受该机构范围内的活动场次。")
        #expect(try await ReachImportTests().total(setup) == 0)

        // Their own branch's staff, and a planner (every branch), import it.
        for allowed in [user(.branchStaff, branch: "east"), user(.planner, branch: nil)] {
            var importer = ReachImport(store: setup.store, reference: setup.reference, language: .en)
            importer.limit(to: allowed)
            let summary = try await importer.run(paths: [path], at: now, observer: RecordingObserver())
            #expect(summary.committed, "\(allowed.role)")
        }
        #expect(try await ReachImportTests().total(setup) == 40)
    }
}
