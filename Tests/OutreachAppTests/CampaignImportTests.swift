import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// `outreach import` as a use case, over the real SQLite store opened through the factory.
struct CampaignImportTests {
    let now = StoreSetup.now

    @Test func importingPlansTheRemindersOfConfirmedEventsInTheSameUnitOfWork() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        let checked = try await importer.check([
            StoreSetup.campaignFile(events: [("e1", "confirmed"), ("e2", "planned")])
        ])
        #expect(checked.issues.isEmpty)
        let summary = try #require(try await importer.store(checked, at: now))
        #expect(summary.campaignsAdded == 1)
        #expect(summary.eventsAdded == 2)
        #expect(
            try await setup.keys() == [
                "reminder:e1:2026-12-05T14:30:1d@09:00:城东群", "reminder:e1:2026-12-05T14:30:1h:城东群",
            ])
        // The same file again changes nothing and queues nothing more.
        let again = try #require(try await importer.store(try await importer.check([
            StoreSetup.campaignFile(events: [("e1", "confirmed"), ("e2", "planned")])
        ]), at: now))
        #expect(again.changedNothing)
        #expect(try await setup.store.stateCounts() == [.pending: 2])
    }

    @Test func aMovedEventGetsNewRemindersAndLosesItsOldOnes() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        try await importer.store(try await importer.check([StoreSetup.campaignFile(events: [("e1", "confirmed")])]), at: now)
        try await importer.store(
            try await importer.check([StoreSetup.campaignFile(events: [("e1", "confirmed")], day: "2026-12-08")]), at: now)
        #expect(
            try await setup.keys(.pending) == [
                "reminder:e1:2026-12-08T14:30:1d@09:00:城东群", "reminder:e1:2026-12-08T14:30:1h:城东群",
            ])
        #expect(
            try await setup.keys(.cancelled) == [
                "reminder:e1:2026-12-05T14:30:1d@09:00:城东群", "reminder:e1:2026-12-05T14:30:1h:城东群",
            ])
    }

    @Test func withoutANotifyConfigurationNothingIsQueued() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: nil)
        try await importer.store(try await importer.check([StoreSetup.campaignFile(events: [("e1", "confirmed")])]), at: now)
        #expect(try await setup.store.event("e1")?.event.status == .confirmed)
        #expect(try await setup.store.stateCounts().isEmpty)
    }

    @Test func aFileWithAnErrorStoresNothingAtAll() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: StoreSetup.notify)
        var bad = CampaignText()
        bad.event("e9", venue: "community-9", start: "2026-12-05 14:30", end: "16:00", "status: confirmed")
        let targets = SourceFile(
            path: "targets/2027.yaml",
            bytes: Array("year: 2027\ntargets:\n  - branch: east\n    period: 2027\n    events: 12\n".utf8))
        let checked = try await importer.check([
            StoreSetup.campaignFile(events: [("e1", "confirmed")]),
            SourceFile(path: "campaigns/bad.yaml", bytes: bad.bytes), targets,
        ])
        #expect(checked.hasErrors)
        #expect(
            checked.issues.errors.map { $0.rendered(.en) }.contains { $0.hasPrefix("campaigns/bad.yaml:") && $0.contains("'community-9'") })
        #expect(try await importer.store(checked, at: now) == nil)
        #expect(try await setup.store.events(matching: EventQuery()).isEmpty)
        #expect(try await setup.store.targets().isEmpty)
        #expect(try await setup.store.stateCounts().isEmpty)
    }

    @Test func targetFilesReplaceTheTargetsOfTheSameFile() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let importer = CampaignImport(store: setup.store, reference: setup.reference, notify: nil)
        func file(_ events: Int) -> SourceFile {
            SourceFile(
                path: "targets/2027.yaml",
                bytes: Array("year: 2027\ntargets:\n  - branch: east\n    period: 2027\n    events: \(events)\n".utf8))
        }
        let checked = try await importer.check([file(12)])
        #expect(checked.issues.isEmpty)
        #expect(!checked.hasCampaignFiles)
        #expect(checked.targetCount == 1)
        try await importer.store(checked, at: now)
        try await importer.store(try await importer.check([file(30)]), at: now)
        #expect(try await setup.store.targets().map(\.events) == [30])
    }

    @Test func theFactoryLooksWithoutCreating() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        #expect(setup.factory.exists(at: setup.location))
        let absent = setup.folder + "/absent.sqlite"
        #expect(!setup.factory.exists(at: absent))
        #expect(!FileManager.default.fileExists(atPath: absent))
    }
}
