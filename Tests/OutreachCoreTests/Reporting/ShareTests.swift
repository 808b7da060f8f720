import Foundation
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// Coverage shown from the two whole numbers, rounded once, half up.
struct ShareTests {
    static let cases: [(part: Int64, whole: Int64, text: String)] = [
        (1, 800, "0.13%"), (5, 800, "0.63%"), (1, 2_500, "0.04%"), (1, 3, "33.33%"), (2, 3, "66.67%"), (1, 8, "12.50%"),
        (0, 40_000, "0.00%"), (40_000, 40_000, "100.00%"), (123_456_789, 10_000, "1,234,567.89%"),
        (Int64.max, 1, "92,233,720,368,547,758.07%"),
    ]

    @Test func percentagesHaveTwoDecimalsRoundedOnce() throws {
        for (part, whole, text) in Self.cases {
            let found = try #require(Share(part, of: whole))
            #expect(found.percentText == text, "\(part) of \(whole)")
        }
    }

    /// 1 of 800 is 0.125 %: the old Double chain (1 ÷ 800 × 100, then "%.2f") printed 0.12%.
    @Test func halfAHundredthRoundsUp() throws {
        #expect(try #require(Share(1, of: 800)).basisPoints == 13)
        #expect(try #require(Share(1_234, of: 100)).percentText(grouped: false) == "1234.00%")
    }

    @Test func noPopulationIsNoShare() {
        #expect(Share(5, of: 0) == nil)
        #expect(Share(5, of: -1) == nil)
    }

    /// Report JSON gives the fraction the table's percentage shows.
    @Test func reportJSONCoverageIsThePercentageShown() throws {
        let (checked, _) = try ReachFixture.check(ReachFixture.csv)
        let report = try ReachReportBuilder.build(
            ReportRequest(period: ReportPeriod("2027-03")!, dimensions: [.segment]), cube: ReachFixture.cube(checked),
            codes: ReachFixture.codes, reference: ReachFixture.reference())
        let renderer = ReachReportRenderer(report: report, reference: ReachFixture.reference(), language: .en, campaignTitles: [:])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(renderer.json().utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let shares = report.rows.map(\.share)
        #expect(rows.count == shares.count)
        #expect(shares.contains { $0 != nil })
        for (row, share) in zip(rows, shares) {
            if let share {
                #expect(row["coverage"] as? Double == Double(share.basisPoints) / 10_000)
            } else {
                #expect(row["coverage"] is NSNull)
            }
        }
    }

    /// Report JSON is streamed in parts (rows rendered in parallel, a group at a time); whatever the group size,
    /// the text is exactly what the pretty printer makes of the whole value, rows, empty reports and totals alike.
    @Test(arguments: [[ReportDimension.segment], [.day, .segment], [.campaign, .channel, .branch, .day], []])
    func reportJSONStreamedInPartsIsThePrettyPrintedWhole(dimensions: [ReportDimension]) throws {
        let (checked, _) = try ReachFixture.check(ReachFixture.csv)
        let report = try ReachReportBuilder.build(
            ReportRequest(period: ReportPeriod("2027-03")!, dimensions: dimensions), cube: ReachFixture.cube(checked),
            codes: ReachFixture.codes, reference: ReachFixture.reference())
        let renderer = ReachReportRenderer(report: report, reference: ReachFixture.reference(), language: .zh, campaignTitles: [:])
        let whole = renderer.json()
        #expect(try JSONValue.parse(whole).serialized(pretty: true) + "\n" == whole)
        #expect(whole.contains("\"rows\": ["))
        for group in [1, 2, 3, 16_384] {
            var parts: [[UInt8]] = []
            renderer.writeJSON(group: group) { parts.append($0) }
            #expect(String(decoding: parts.joined(), as: UTF8.self) == whole, "group \(group)")
            if report.rows.count > group { #expect(parts.count > 2) }
        }
    }
}
