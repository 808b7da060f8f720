@testable import OutreachCore
import OutreachTestSupport
import Testing

/// Checking reach rows (every message word for word) and report arithmetic on a hand-computed fixture.
struct ReachTests {
    let header = "event,date,metric,count,segment\n"

    @Test func validRowsHaveNoIssues() throws {
        let (rows, issues) = try ReachFixture.check(ReachFixture.csv)
        #expect(issues == [])
        #expect(rows.count == 9)
        #expect(rows[0].line == 2)
        #expect(rows[0].count == 40)
    }

    @Test(arguments: [
        ("event,date,metric\ntalk,2027-03-12,attendees\n",
         "r.csv:1: error: The header has no column for 'count'. Columns found: 'event', 'date' and 'metric'. See docs/reach-import.md for the column names."),
        ("event,date,metric,cuont\n",
         "r.csv:1: error: Unknown column 'cuont'. Did you mean 'count'? Known columns are 'event', 'date', 'metric', 'count', 'segment', 'note', 'evidence' and 'recorded_by' (or their Chinese names)."),
        ("event,date,metric,count,日期\n", "r.csv:1: error: The columns 'date' and '日期' mean the same thing; keep one."),
    ])
    func headerMessages(text: String, expected: String) throws {
        #expect(try ReachFixture.check(text).1.first == expected)
    }

    @Test(arguments: [
        ("talkk,2027-03-12,attendees,40,elderly", "r.csv:2: error: Unknown event 'talkk' in column 'event'. Did you mean 'talk'?"),
        ("talk,2027-02-30,attendees,40,elderly", "r.csv:2: error: The value '2027-02-30' in column 'date' is not a date (February 2027 has 28 days). Expected a date like '2027-03-15' or '2027/3/15'."),
        ("talk,2027/2/29,attendees,40,elderly", "r.csv:2: error: The value '2027/2/29' in column 'date' is not a date (February 2027 has 28 days). Expected a date like '2027-03-15' or '2027/3/15'."),
        ("talk,2027年13月1日,attendees,40,elderly", "r.csv:2: error: The value '2027年13月1日' in column 'date' is not a date (there is no month 13). Expected a date like '2027-03-15' or '2027/3/15'."),
        ("talk,2027-03-12,attendee,40,elderly", "r.csv:2: error: Unknown metric 'attendee' in column 'metric'. Did you mean 'attendees'? Accepted: 'attendees', 'consultations', 'leaflets', 'screen-plays' or 'listeners'."),
        ("led,2027-03-12,plays,40,", "r.csv:2: error: Unknown metric 'plays' in column 'metric'. Did you mean 'screen-plays'? Accepted: 'attendees', 'consultations', 'leaflets', 'screen-plays' or 'listeners'."),
        ("led,2027-03-12,attendees,40,", "r.csv:2: error: The metric 'attendees' in column 'metric' is not one the channel 'led-screen' reports; it reports 'screen-plays'."),
        ("talk,2027-03-12,Screen plays,40,", "r.csv:2: error: The metric 'Screen plays' ('screen-plays') in column 'metric' is not one the channel 'community-event' reports; it reports 'attendees', 'consultations' or 'leaflets'."),
        ("talk,2027-03-12,attendees,40,elderlly", "r.csv:2: error: Unknown audience segment 'elderlly' in column 'segment'. Did you mean 'elderly'? Accepted: 'students', 'elderly' or 'new-urban-workers'."),
        ("talk,2027-03-12,attendees,40,老人", "r.csv:2: error: Unknown audience segment '老人' in column 'segment'. Did you mean '老年人'? Accepted: 'students', 'elderly' or 'new-urban-workers'."),
        ("talk,2027-03-12,attendees,1000000000,elderly", "r.csv:2: warning: The count 1000000000 is more than the capacity 100 of the venue."),
        ("talk,2027-03-12,attendees,1000000001,elderly", "r.csv:2: error: The value '1000000001' in column 'count' is over the limit: a count is a whole number from 0 to 1,000,000,000."),
        ("talk,2027-03-12,attendees,999999999999999999,elderly", "r.csv:2: error: The value '999999999999999999' in column 'count' looks like an ID number, not a count. A count is a whole number from 0 to 1,000,000,000."),
        ("talk,2027-03-12,attendees,42010219900307123X,elderly", "r.csv:2: error: The value '42010219900307123X' in column 'count' looks like an ID number, not a count. A count is a whole number from 0 to 1,000,000,000."),
        ("talk,2027-03-12,attendees,99999999999999999999999999,elderly", "r.csv:2: error: The value '99999999999999999999999999' in column 'count' is over the limit: a count is a whole number from 0 to 1,000,000,000."),
        ("talk,2027-03-12,attendees,-3,elderly", "r.csv:2: error: The value '-3' in column 'count' is invalid. Expected a whole number of 0 or more."),
        ("talk,2027-03-12,attendees,12.5,elderly", "r.csv:2: error: The value '12.5' in column 'count' is invalid. Expected a whole number of 0 or more."),
        ("talk,2027-03-12,attendees,,elderly", "r.csv:2: error: The value in column 'count' is empty."),
        ("talk,2027-03-12,attendees,4,elderly,x", "r.csv:2: error: The row has 6 fields but the header has 5. Quote fields that contain commas."),
        ("talk,2027-03-12,attendees,150,elderly", "r.csv:2: warning: The count 150 is more than the capacity 100 of the venue."),
        ("weekly,2027-03-16,attendees,190,students", "r.csv:2: warning: The count 190 is more than five times the expected reach of 30; check for a typo."),
        ("talk,2027-03-13,attendees,40,elderly", "r.csv:2: warning: Event 'talk' is not scheduled on 2027-03-13."),
        ("weekly,2027-03-10,attendees,20,students", "r.csv:2: warning: Event 'weekly' is not scheduled on 2027-03-10."),
    ])
    func rowMessages(line: String, expected: String) throws {
        #expect(try ReachFixture.check(header + line + "\n").1 == [expected])
    }

    @Test func chineseHeadersAndNamesAreAccepted() throws {
        let text = "活动编号,日期,指标,数量,客群,备注\ntalk,2027/3/12,参与人数,40,老年人,签到表\nled,2027年3月15日,播放次数,\"1,200\",,\n"
        let (rows, issues) = try ReachFixture.check(text)
        #expect(issues == [])
        #expect(rows.map(\.count) == [40, 1200])
        #expect(rows[0].note == "签到表")
        #expect(rows[0].segmentCode == 2)
        let (_, unknown) = try ReachFixture.check("活动编号,日期,指标,数量\ntalk,2027-03-12,参加人数,40\n")
        #expect(unknown == ["r.csv:2: error: Unknown metric '参加人数' in column '指标'. Did you mean '参与人数'? Accepted: 'attendees', 'consultations', 'leaflets', 'screen-plays' or 'listeners'."])
    }

    @Test func chineseMessages() throws {
        var validator = ReachRowValidator(index: ReachFixture.index(), path: "r.csv")
        var issues: [InputIssue] = []
        let row = validator.validate(
            ReachRecord(event: "talk", date: ReachFixture.day("2027-03-12"), metric: "reads", count: 3),
            flags: [.metric: "<metric=count>"], at: nil, issues: &issues)
        #expect(row == nil)
        #expect(
            issues.map { $0.rendered(.zh) } == [
                "error: 参数 '<metric=count>' 中的指标 'reads' 不存在。可用指标：'attendees'、'consultations'、'leaflets'、'screen-plays' 或 'listeners'。"
            ])
    }

    // MARK: Reports

    func report(_ by: [ReportDimension], from: String = "2027-03-01", to: String = "2027-03-31", scope: Branch.ID? = nil,
                level: Branch.Level? = nil, segment: AudienceSegment.ID? = nil) throws -> ReachReport {
        let (rows, _) = try ReachFixture.check(ReachFixture.csv)
        let request = ReportRequest(
            period: ReportPeriod(kind: .dates, start: ReachFixture.day(from), end: ReachFixture.day(to)), dimensions: by,
            scope: scope, level: level, segment: segment)
        return try ReachReportBuilder.build(request, cube: ReachFixture.cube(rows), codes: ReachFixture.codes, reference: ReachFixture.reference())
    }

    func values(_ report: ReachReport, _ row: ReachReport.Row) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: zip(report.metrics.map(\.id.rawValue), row.values))
    }

    @Test func byChannelNeverAddsLeafletsOrPlaysToPeople() throws {
        let r = try report([.channel])
        #expect(r.metrics.map(\.id.rawValue) == ["attendees", "consultations", "leaflets", "screen-plays", "listeners"])
        #expect(r.rows.map(\.keys) == [["led-screen"], ["radio"], ["community-event"], ["campus-event"]])
        #expect(r.rows.map(\.personTimes) == [0, 0, 55, 55])
        #expect(values(r, r.rows[2]) == ["attendees": 50, "consultations": 5, "leaflets": 100, "screen-plays": 0, "listeners": 0])
        #expect(r.totals.personTimes == 110)
        #expect(values(r, r.totals) == ["attendees": 105, "consultations": 5, "leaflets": 100, "screen-plays": 980, "listeners": 3000])
    }

    @Test func bySegmentWithCoverage() throws {
        let r = try report([.segment])
        #expect(r.rows.map(\.keys) == [["students"], ["elderly"], [""]])
        #expect(r.rows.map(\.personTimes) == [65, 45, 0])
        #expect(r.rows.map(\.population) == [500, 3000, nil])
        #expect(r.rows[0].coverage == 0.13)
        #expect(r.rows[1].coverage == 0.015)
    }

    @Test func branchesRollUpTheTree() throws {
        let subBranches = try report([.branch])
        #expect(subBranches.rows.map(\.keys) == [["city"], ["east"]])
        #expect(subBranches.rows.map(\.personTimes) == [0, 110])
        let outlets = try report([.branch], scope: "east", level: .outlet)
        #expect(outlets.rows.map(\.keys) == [["east"], ["east-1"]])
        #expect(outlets.rows.map { values(outlets, $0)["screen-plays"] } == [0, 980])
        #expect(outlets.totals.personTimes == 110)
    }

    @Test func weeksStartOnMonday() throws {
        let r = try report([.week])
        #expect(r.rows.map(\.keys) == [["2027-W10"], ["2027-W11"]])
        #expect(r.rows.map(\.personTimes) == [85, 25])
    }

    @Test func partialPeriodsReadDailyRollups() throws {
        let r = try report([.metric], from: "2027-03-12", to: "2027-03-15")
        #expect(r.totals.personTimes == 55)
        #expect(values(r, r.totals)["screen-plays"] == 500)
        #expect(ReachReportBuilder.sources(for: r.request).map(\.cuboid) == [ReachCuboid(dimensions: 0, isDaily: true)])
        let months = ReachReportBuilder.sources(
            for: ReportRequest(period: ReportPeriod(kind: .dates, start: ReachFixture.day("2027-01-15"), end: ReachFixture.day("2027-04-10")), dimensions: [.channel]))
        #expect(months.map(\.cuboid.description) == ["daily/2", "daily/2", "monthly/2"])
        #expect(months.map(\.months) == [24324...24324, 24327...24327, 24325...24326])
    }

    @Test func groupingsAgreeWithEachOther() throws {
        let full = try report([.campaign, .channel, .branch, .segment, .day])
        let one = try report([.segment])
        #expect(full.totals.values == one.totals.values)
        #expect(full.rows.reduce(Int64(0)) { $0 + $1.personTimes } == 110)
    }

    @Test func scorecardStatus() {
        #expect(Scorecard.status(50, nil, elapsed: 0.5) == .noTarget)
        #expect(Scorecard.status(100, 100, elapsed: 0.2) == .met)
        #expect(Scorecard.status(45, 100, elapsed: 0.5) == .onTrack)
        #expect(Scorecard.status(44, 100, elapsed: 0.5) == .offTrack)
        #expect(Scorecard.status(99, 100, elapsed: 1) == .missed)
        #expect(Scorecard.status(0, 100, elapsed: 0) == .notStarted)
        let yearly = [Target(branch: "east", period: ReportPeriod("2027")!, events: 365)]
        let (quarter, proRated) = Scorecard.target(for: "east", period: ReportPeriod("2027-Q1")!, in: yearly) { $0.events }
        #expect(quarter == 90)
        #expect(proRated)
    }

    @Test func restatementsListWhatChanged() {
        let old = BulletinFigures(
            month: "2027-02", branch: "city", eventsHeld: 10, eventsByChannel: [], personTimes: 500,
            personTimesBySegment: [.init(id: "elderly", value: 300)], otherMetrics: [.init(id: "leaflets", value: 80)])
        var new = old
        new.personTimes = 520
        new.personTimesBySegment = [.init(id: "elderly", value: 320)]
        let changes = Bulletin.differences(old, new)
        #expect(changes.map(\.0) == ["personTimes", "segment:elderly"])
        #expect(changes.map(\.1) == [500, 300])
        #expect(changes.map(\.2) == [520, 320])
    }

    @Test func cubeCellsEncodeAndMerge() {
        let month = ReachCubeMonth(month: 24218, keys: [1, 5, 9], totals: [10, 20, 30])
        let bytes = month.encoded()
        let decoded = bytes.withUnsafeBytes { ReachCubeMonth(month: 24218, encoded: $0) }
        #expect(decoded == month)
        let merged = month.merging([5: -20, 7: 4, 9: 1])
        #expect(merged.sortedCells.map(\.key) == [1, 7, 9])
        #expect(merged.sortedCells.map(\.total) == [10, 4, 31])
    }
}
