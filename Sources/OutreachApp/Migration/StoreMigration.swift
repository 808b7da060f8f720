import Foundation
import OutreachCore

/// Moves an install from one store to another (`outreach migrate`): the target's schema brought up to date, then
/// everything the source holds (`StoreSnapshot`) written into the target in one transaction, then checked: the rows
/// of every kind counted on both, and every reach report grouping of one and two dimensions, for every year the
/// campaigns span, built on both and compared.
public struct StoreMigration: Sendable {
    public let source: any OutreachStore
    public let target: any OutreachStore

    public init(source: any OutreachStore, target: any OutreachStore) {
        self.source = source
        self.target = target
    }

    public enum Failure: Error, Sendable {
        /// The target already holds records (kind, rows), and replacing them was not asked for. Nothing was written.
        case targetNotEmpty([(kind: String, rows: Int)])
    }

    /// One kind of record, counted on both stores.
    public struct Count: Sendable, Equatable {
        public let kind: String
        public let source: Int
        public let target: Int

        public init(kind: String, source: Int, target: Int) {
            self.kind = kind
            self.source = source
            self.target = target
        }
    }

    /// What was copied and how the two stores compare afterwards.
    public struct Outcome: Sendable {
        public var counts: [Count]
        /// How many reports were built on each store and compared.
        public var reportsCompared: Int
        /// Each report that came out differently: what was asked, and both answers.
        public var reportDifferences: [(request: String, source: String, target: String)]

        public var countDifferences: [Count] { counts.filter { $0.source != $0.target } }
        public var matches: Bool { countDifferences.isEmpty && reportDifferences.isEmpty }
    }

    /// Copies everything; with `replacing`, what the target held goes in the same transaction.
    ///
    /// - Throws: `Failure.targetNotEmpty` (nothing written), store errors (the target as it was).
    public func run(replacing: Bool) async throws -> Outcome {
        try await source.migrate()
        try await target.migrate()
        let held = try await target.snapshotCounts()
        let content = StoreSnapshot.layout.filter { !StoreSnapshot.reference.contains($0.name) }
            .compactMap { table in (held[table.name] ?? 0) > 0 ? (kind: table.name, rows: held[table.name] ?? 0) : nil }
        if !content.isEmpty, !replacing { throw Failure.targetNotEmpty(content) }
        try await target.replaceContent(from: source)
        return try await verify()
    }

    /// Counts and reports compared between the two stores as they are now.
    public func verify() async throws -> Outcome {
        let before = try await source.snapshotCounts(), after = try await target.snapshotCounts()
        let counts = StoreSnapshot.layout.map { Count(kind: $0.name, source: before[$0.name] ?? 0, target: after[$0.name] ?? 0) }
        var differences: [(String, String, String)] = []
        var compared = 0
        if let reference = try await source.referenceData() {
            var years = Set<Int>()
            for stored in try await source.campaigns() {
                for year in stored.campaign.start.year...max(stored.campaign.start.year, stored.campaign.end.year) { years.insert(year) }
            }
            var groupings: [[ReportDimension]] = [[]] + ReportDimension.allCases.map { [$0] }
            for first in ReportDimension.allCases {
                for second in ReportDimension.allCases where second != first { groupings.append([first, second]) }
            }
            for year in years.sorted() {
                guard let period = ReportPeriod(String(year)) else { continue }
                for dimensions in groupings {
                    let request = ReportRequest(period: period, dimensions: dimensions)
                    let mine = try await Self.reportText(request, store: source, reference: reference)
                    let theirs = try await Self.reportText(request, store: target, reference: reference)
                    compared += 1
                    if mine != theirs {
                        let label = dimensions.isEmpty ? "\(year)" : "\(year) by \(dimensions.map(\.rawValue).joined(separator: "×"))"
                        differences.append((label, mine, theirs))
                    }
                }
            }
        }
        return Outcome(counts: counts, reportsCompared: compared, reportDifferences: differences)
    }

    /// A report as text: its rows, totals and metrics (or why it cannot be built).
    static func reportText(_ request: ReportRequest, store: any OutreachStore, reference: ReferenceData) async throws -> String {
        let codes = try await store.reachCodes()
        var cube = ReachCubeReader()
        for source in ReachReportBuilder.sources(for: request) {
            cube.add(source.cuboid, range: source.months, months: try await store.reachCube(source.cuboid, months: source.months))
        }
        do {
            let report = try ReachReportBuilder.build(request, cube: cube, codes: codes, reference: reference)
            return "\(report.metrics.map(\.id)) \(report.rows.map { "\($0.keys) \($0.values) \($0.personTimes) \(String(describing: $0.population))" }) total \(report.totals.values) \(report.totals.personTimes)"
        } catch {
            return "\(error)"
        }
    }
}
