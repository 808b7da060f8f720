import Foundation
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import Testing

/// `outreach event confirm|done|cancel` records each change in the audit log under the operating system's
/// user name, marked as the command line, with the reason given to `cancel --reason`.
struct EventAuditTests {
    @Test func statusChangesFromTheCommandLineAreAudited() async throws {
        let runner = try CommandRunner()
        for folder in ["seeds", "campaigns"] { try runner.copyFromRepository(folder) }
        #expect(try await runner.run(["init"]).status == 0)
        #expect(try await runner.run(["import", "campaigns"]).status == 0)
        let environment = ["USER": "wangf", "OUTREACH_NOW": "2027-03-16T10:00:00+08:00"]
        let confirmed = try await runner.run(["event", "confirm", "315-bd-chibi-street"], environment: environment)
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let cancelled = try await runner.run(
            ["event", "cancel", "315-desk-yongan", "--reason", "场地装修，改期"], environment: environment)
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        let store = try SQLiteFactory().open(runner.directory.appendingPathComponent("outreach.sqlite").path)
        let chibi = try await store.auditEntries(event: "315-bd-chibi-street")
        #expect(chibi.map(\.actor) == ["wangf"])
        #expect(chibi.map(\.source) == [.commandLine])
        #expect(chibi.map(\.change) == [.status(from: .planned, to: .confirmed)])
        #expect(try await store.auditEntries(event: "315-desk-yongan").map(\.reason) == ["场地装修，改期"])
        #expect(try await store.auditEntries(campaign: "2027-315-xianning").count == 2)
    }
}
