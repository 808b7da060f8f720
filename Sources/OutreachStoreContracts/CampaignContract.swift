import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// The behaviour every `CampaignStore` must show: reference data, campaigns imported and read back byte for
/// byte, edits, removals and staff status changes across re-imports, and a failed import that writes nothing.
public enum CampaignContract {
    public static let cases: [StoreContract] = [
        StoreContract("referenceDataRoundTrips") { try await CampaignCases().referenceDataRoundTrips($0) },
        StoreContract("importAddsThenChangesNothingOnTheSameFiles") { try await CampaignCases().importAddsThenChangesNothingOnTheSameFiles($0) },
        StoreContract("editedEventIsUpdatedAndRemovedOneCancelled") { try await CampaignCases().editedEventIsUpdatedAndRemovedOneCancelled($0) },
        StoreContract("statusSetByStaffSurvivesReimportUntilTheFileChangesIt") { try await CampaignCases().statusSetByStaffSurvivesReimportUntilTheFileChangesIt($0) },
        StoreContract("refusesImpossibleStatusChanges") { try await CampaignCases().refusesImpossibleStatusChanges($0) },
        StoreContract("failedImportWritesNothing") { try await CampaignCases().failedImportWritesNothing($0) },
        StoreContract("eventsAreFoundByTheirSpan") { try await CampaignCases().eventsAreFoundByTheirSpan($0) },
        StoreContract("eventsAreCountedPerCampaignAndBranchWithoutTheCancelled") {
            try await CampaignCases().eventsAreCountedPerCampaignAndBranchWithoutTheCancelled($0)
        },
    ]
}

struct CampaignCases {
    let now = Timestamp.date(from: "2026-11-29T02:00:00Z")!
    let later = Timestamp.date(from: "2026-11-30T02:00:00Z")!

    func d(_ text: String) -> LocalDate { LocalDate(text)! }

    func campaign(events: [Event]) -> Campaign {
        Campaign(
            id: "c1", title: BilingualName(zh: "金融知识进万家·阳光社区", en: "Households"), kind: "households",
            start: d("2026-12-01"), end: d("2026-12-31"), owner: "city", branches: ["east"],
            segments: [.init(segment: "elderly", targetPopulation: 1200)], channels: ["community-event"],
            notes: "第一行\n第二行", events: events)
    }

    func event(_ id: String, day: String = "2026-12-05", title: String = "防诈骗讲座", status: EventStatus = .planned) -> Event {
        Event(
            id: Event.ID(id), campaign: "c1", title: BilingualName(zh: title), channel: "community-event", venue: "community-1",
            branch: "east", timing: .timed(start: LocalDateTime("\(day) 14:30")!, end: LocalDateTime("\(day) 16:00")!),
            recurrence: try? RecurrenceRule.parse("FREQ=WEEKLY;COUNT=2"), exceptDates: [], staff: ["张伟", "李娜"],
            expectedReach: 80, status: status)
    }

    /// The database's store, migrated, with the fixture's reference data.
    func prepared(_ database: StoreDatabase) async throws -> any OutreachStore {
        let store = try await database.migrated()
        try await store.replaceReferenceData(.fixture(), at: now)
        return store
    }

    func referenceDataRoundTrips(_ database: StoreDatabase) async throws {
        let store = try await database.migrated()
        #expect(try await store.referenceData() == nil)
        #expect(try await store.referenceDataWithoutVenues() == nil)
        try await store.replaceReferenceData(.fixture(), at: now)
        try await store.migrate()
        #expect(try await store.referenceData() == .fixture())
        // Reports read it without the venues: everything else is the same.
        #expect(!ReferenceData.fixture().venues.isEmpty)
        let withoutVenues = try #require(try await store.referenceDataWithoutVenues())
        #expect(withoutVenues == ReferenceData.fixture().withoutVenues)
        #expect(withoutVenues.venues.isEmpty && withoutVenues.venue("outlet-1") == nil)
        #expect(withoutVenues.branches == ReferenceData.fixture().branches && withoutVenues.populations == ReferenceData.fixture().populations)
        // Venues alone are still reference data.
        let venuesOnly = ReferenceData(venues: ReferenceData.fixture().venues)
        try await store.replaceReferenceData(venuesOnly, at: later)
        #expect(try await store.referenceData() == venuesOnly)
        #expect(try await store.referenceDataWithoutVenues() == ReferenceData())
    }

    func importAddsThenChangesNothingOnTheSameFiles(_ database: StoreDatabase) async throws {
        let store = try await prepared(database)
        let first = try await store.importCampaigns([campaign(events: [event("e1"), event("e2", day: "2026-12-06")])], sources: ["c1": "campaigns/c1.yaml"], at: now)
        #expect(first.campaignsAdded == 1)
        #expect(first.eventsAdded == 2)
        let again = try await store.importCampaigns([campaign(events: [event("e1"), event("e2", day: "2026-12-06")])], sources: ["c1": "campaigns/c1.yaml"], at: later)
        #expect(again.changedNothing)
        #expect(again.eventsUnchanged == 2)
        let stored = try #require(try await store.event("e1"))
        #expect(stored.updatedAt == now)
        #expect(stored.event == event("e1"))
        #expect(try await store.campaign("c1")?.campaign.notes == "第一行\n第二行")
        #expect(try await store.campaign("c1")?.campaign.title.zh == "金融知识进万家·阳光社区")
    }

    func editedEventIsUpdatedAndRemovedOneCancelled(_ database: StoreDatabase) async throws {
        let store = try await prepared(database)
        _ = try await store.importCampaigns([campaign(events: [event("e1"), event("e2", day: "2026-12-06")])], sources: [:], at: now)
        let summary = try await store.importCampaigns([campaign(events: [event("e1", title: "防范电信诈骗讲座")])], sources: [:], at: later)
        #expect(summary.eventsUpdated == 1)
        #expect(summary.eventsCancelled == 1)
        #expect(try await store.event("e1")?.event.title.zh == "防范电信诈骗讲座")
        let removed = try #require(try await store.event("e2"))
        #expect(removed.event.status == .cancelled)
        #expect(removed.isRemovedFromFile)
        // Putting it back reinstates it with the file's status.
        let back = try await store.importCampaigns([campaign(events: [event("e1", title: "防范电信诈骗讲座"), event("e2", day: "2026-12-06")])], sources: [:], at: later)
        #expect(back.eventsUpdated == 1)
        #expect(try await store.event("e2")?.event.status == .planned)
        #expect(try await store.event("e2")?.isRemovedFromFile == false)
    }

    func statusSetByStaffSurvivesReimportUntilTheFileChangesIt(_ database: StoreDatabase) async throws {
        let store = try await prepared(database)
        _ = try await store.importCampaigns([campaign(events: [event("e1")])], sources: [:], at: now)
        let confirmed = try await store.setStatus(.confirmed, of: "e1", at: later)
        #expect(confirmed.event.status == .confirmed)
        #expect(confirmed.fileStatus == .planned)
        _ = try await store.importCampaigns([campaign(events: [event("e1")])], sources: [:], at: later)
        #expect(try await store.event("e1")?.event.status == .confirmed)
        _ = try await store.importCampaigns([campaign(events: [event("e1", status: .cancelled)])], sources: [:], at: later)
        #expect(try await store.event("e1")?.event.status == .cancelled)
    }

    func refusesImpossibleStatusChanges(_ database: StoreDatabase) async throws {
        let store = try await prepared(database)
        _ = try await store.importCampaigns([campaign(events: [event("e1")])], sources: [:], at: now)
        _ = try await store.setStatus(.done, of: "e1", at: now)
        await #expect(throws: StoreError.statusChange("e1", from: .done, to: .cancelled)) {
            try await store.setStatus(.cancelled, of: "e1", at: now)
        }
        await #expect(throws: StoreError.eventNotFound("e9", suggestion: "e1")) {
            try await store.setStatus(.done, of: "e9", at: now)
        }
    }

    func failedImportWritesNothing(_ database: StoreDatabase) async throws {
        let store = try await prepared(database)
        // The same event id twice in one import breaks a unique constraint half way through.
        var first = campaign(events: [event("e1")])
        first.events.append(event("e1", day: "2026-12-07"))
        await #expect(throws: (any Error).self) {
            try await store.importCampaigns([first], sources: [:], at: now)
        }
        #expect(try await store.campaigns().isEmpty)
        #expect(try await store.events(matching: EventQuery()).isEmpty)
    }

    func eventsAreFoundByTheirSpan(_ database: StoreDatabase) async throws {
        let store = try await prepared(database)
        _ = try await store.importCampaigns([campaign(events: [event("e1"), event("e2", day: "2026-12-20")])], sources: [:], at: now)
        // e1 repeats weekly twice: 12-05 and 12-12.
        let found = try await store.events(matching: EventQuery(from: d("2026-12-10"), through: d("2026-12-15")))
        #expect(found.map(\.event.id) == ["e1"])
        #expect(try await store.events(matching: EventQuery(from: d("2026-12-13"), through: d("2026-12-19"))).isEmpty)
    }

    func eventsAreCountedPerCampaignAndBranchWithoutTheCancelled(_ database: StoreDatabase) async throws {
        let store = try await prepared(database)
        #expect(try await store.eventCounts().isEmpty)
        var inTheCity = event("e2", day: "2026-12-20")
        inTheCity.branch = "city"
        let events = [event("e1"), inTheCity, event("e3", day: "2026-12-21"), event("e4", status: .cancelled)]
        _ = try await store.importCampaigns([campaign(events: events)], sources: [:], at: now)
        // Cancelled by staff after the import: no longer counted either.
        _ = try await store.setStatus(.cancelled, of: "e3", reminders: nil, at: later)
        let counts = try await store.eventCounts()
        #expect(Set(counts) == [EventCount(campaign: "c1", branch: "east", events: 1), EventCount(campaign: "c1", branch: "city", events: 1)])
    }
}
