import Foundation
import OutreachCore

/// Reach totals for a report request (`outreach report totals` and `/reports`): reads the rollups the request
/// needs and builds the report, with the campaign titles its rows are labelled with.
public struct ReachReports: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData

    public init(store: any OutreachStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// A built report, what labels it, and how long reading the rollups took (for `OUTREACH_TIMING`).
    public struct Result: Sendable {
        public var report: ReachReport
        /// Campaign titles by id (campaigns are not reference data).
        public var campaignTitles: [Campaign.ID: BilingualName]
        public var read: Duration
        public var cellCount: Int

        /// The report's renderer in a language: the one every front end writes tables, CSV and xlsx with.
        public func renderer(reference: ReferenceData, language: Language) -> ReachReportRenderer {
            ReachReportRenderer(report: report, reference: reference, language: language, campaignTitles: campaignTitles)
        }
    }

    /// The campaigns a report can be filtered by, with their titles, in store order.
    public func campaigns() async throws -> [StoredCampaign] { try await store.campaigns() }

    /// Builds the report.
    ///
    /// - Throws: `ReachReportBuilder.Failure` (several time groupings, or sums beyond what a total holds) and
    ///   store errors.
    public func report(_ request: ReportRequest, campaigns known: [StoredCampaign]? = nil) async throws -> Result {
        let started = ContinuousClock.now
        let codes = try await store.reachCodes()
        var cube = ReachCubeReader()
        for source in ReachReportBuilder.sources(for: request) {
            let months = try await store.reachCube(source.cuboid, months: source.months)
            cube.add(source.cuboid, range: source.months, months: months)
        }
        let read = started.duration(to: .now)
        let report = try ReachReportBuilder.build(request, cube: cube, codes: codes, reference: reference)
        let campaigns: [StoredCampaign]
        if let known { campaigns = known } else { campaigns = try await store.campaigns() }
        let titles = Dictionary(campaigns.map { ($0.campaign.id, $0.campaign.title) }, uniquingKeysWith: { a, _ in a })
        return Result(report: report, campaignTitles: titles, read: read, cellCount: cube.cellCount)
    }
}
