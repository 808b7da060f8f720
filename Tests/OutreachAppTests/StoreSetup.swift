import Foundation
import OutreachCore
import OutreachSQLite
import OutreachTestSupport

/// A real store for a use-case test: a database file in its own temporary folder, opened through the same
/// factory interface the command line uses, seeded with the fixture reference data. `close()` removes it.
struct StoreSetup {
    let folder: String
    let location: String
    let factory: any StoreFactory = SQLiteFactory()
    let store: any OutreachStore
    let reference = ReferenceData.fixture()
    static let now = Timestamp.date(from: "2026-11-29T01:00:00Z")!

    init() async throws {
        folder = NSTemporaryDirectory() + "outreach-app-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        location = folder + "/outreach.sqlite"
        store = try factory.open(location)
        try await store.migrate()
        try await store.replaceReferenceData(reference, at: Self.now)
    }

    func close() { try? FileManager.default.removeItem(atPath: folder) }

    /// One target, 城东群, for the notices.
    static var notify: NotifyConfiguration {
        NotifyConfiguration(targets: [
            NotifyTarget(name: "城东群", kind: .wecom, endpoint: (try? WebhookEndpoint.make(kind: .wecom, value: "east").get())!)
        ])
    }

    /// Every outbox key, sorted (optionally of one state).
    func keys(_ state: OutboxDelivery.State? = nil) async throws -> [String] {
        let states: Set<OutboxDelivery.State> = state.map { [$0] } ?? Set(OutboxDelivery.State.allCases)
        return try await store.deliveries(matching: OutboxQuery(states: states)).map(\.key).sorted()
    }

    /// A campaign file with events on 2026-12-05 (or another day): the first at 14:30–16:00, the next at
    /// 09:00–10:30, then 19:00–20:30 (the same venue, never double-booked).
    static func campaignFile(
        _ path: String = "campaigns/c1.yaml", events: [(id: String, status: String)], day: String = "2026-12-05"
    ) -> SourceFile {
        var text = CampaignText()
        let times = [("14:30", "16:00"), ("09:00", "10:30"), ("19:00", "20:30")]
        for (index, event) in events.enumerated() {
            let (start, end) = times[index % times.count]
            text.event(event.id, start: "\(day) \(start)", end: end, "status: \(event.status)")
        }
        return SourceFile(path: path, bytes: text.bytes)
    }
}
