import Foundation
import OutreachApp
@testable import OutreachCore
import OutreachTestSupport
import Testing

/// Off-track alerts queued over the real SQLite store: a newer alert replaces an unsent one.
struct OffTrackAlertsTests {
    let now = Timestamp.date(from: "2027-02-14T01:00:00Z")!

    func scorecard(achieved: Int) -> Scorecard {
        let line = Scorecard.Line(
            branch: "east", segment: nil, planned: nil, achieved: achieved, target: 40, isProRated: false,
            status: Scorecard.status(achieved, 40, elapsed: 0.5))
        return Scorecard(period: ReportPeriod("2027-Q1")!, asOf: LocalDate("2027-02-14")!, elapsed: 0.5, lines: [line])
    }

    func achieved(_ delivery: OutboxDelivery) -> Int? {
        guard case .offTrackAlert(let alert) = delivery.notice.payload else { return nil }
        return alert.branches.first?.measures.first?.achieved
    }

    @Test func aSecondRunReplacesTheUnsentAlertWithTheCurrentFigures() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let alerts = OffTrackAlerts(store: setup.store, configuration: StoreSetup.notify, reference: setup.reference)
        #expect(try await alerts.queue(scorecard(achieved: 5), language: .zh, at: now) == .init(added: 1, superseded: 0))
        // Later the same day, with more events held: the morning's alert was not sent yet.
        #expect(
            try await alerts.queue(scorecard(achieved: 8), language: .zh, at: now.addingTimeInterval(3600))
                == .init(added: 1, superseded: 1))
        let pending = try await setup.store.deliveries(matching: OutboxQuery(states: [.pending]))
        #expect(pending.map(\.key) == ["off-track:2027 年第一季度:2027-02-14:城东群"])
        #expect(pending.first.flatMap(achieved) == 8)
        #expect(try await setup.store.stateCounts() == [.pending: 1, .cancelled: 1])
    }

    @Test func aSentAlertIsNeitherReplacedNorRepeatedWithinTheWeek() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let alerts = OffTrackAlerts(store: setup.store, configuration: StoreSetup.notify, reference: setup.reference)
        #expect(try await alerts.queue(scorecard(achieved: 5), language: .zh, at: now).added == 1)
        // A worker claims it (in flight): no longer superseded, and the group hears nothing more this week.
        _ = try await setup.store.claimDue(ClaimRequest(owner: "w1", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)))
        #expect(
            try await alerts.queue(scorecard(achieved: 8), language: .zh, at: now.addingTimeInterval(3600))
                == .init(added: 0, superseded: 0))
        #expect(try await setup.store.stateCounts() == [.inFlight: 1])
    }
}
