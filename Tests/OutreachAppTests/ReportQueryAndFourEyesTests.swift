import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// A report's question as a form sends it, and four-eyes publishing, as use cases over the real store.
struct ReportQueryAndFourEyesTests {
    let today = LocalDate("2026-12-05")!
    let reference = ReferenceData.fixture()
    let now = StoreSetup.now

    func user(_ name: String, _ role: User.Role, branch: Branch.ID? = nil) -> User {
        User(name: User.Name(name), displayName: name, role: role, branch: branch, createdAt: now)
    }

    func request(_ parameters: [(String, String)], for user: User) throws(ReportQuery.Problem) -> ReportRequest {
        try ReportQuery(parameters: parameters).request(
            for: user, today: today, reference: reference, campaigns: ["c1"], language: .en, label: { "--" + $0.rawValue })
    }

    @Test func aQuestionReadsAsTheCommandLineReadsItsFlags() throws {
        let planner = user("p", .planner)
        let month = try request([("period", "month"), ("month", "2026/11"), ("by", "branch,segment"), ("channel", "radio")], for: planner)
        #expect(month.period == ReportPeriod("2026-11"))
        #expect(month.dimensions == [.branch, .segment])
        #expect(month.channel == "radio" && month.scope == nil)
        // Empty fields stand for this month; `by` and `then` add up, each once.
        let empty = try request([("period", "month"), ("month", ""), ("by", "channel"), ("then", "channel")], for: planner)
        #expect(empty.period == ReportPeriod("2026-12") && empty.dimensions == [.channel])
        let quarter = try request([("period", "quarter"), ("quarter", "2026-q4")], for: planner)
        #expect(quarter.period == ReportPeriod("2026-Q4"))
        let range = try request([("period", "range"), ("from", "2026-11-3")], for: planner)
        #expect(range.period == ReportPeriod(kind: .dates, start: LocalDate("2026-11-03")!, end: today))
        #expect(ReportQuery(parameters: [("period", "month"), ("month", "2026-11"), ("by", "branch"), ("then", "segment")]).parameters
            .map { "\($0.0)=\($0.1)" } == ["period=month", "month=2026-11", "by=branch,segment"])
    }

    @Test func eachWrongFieldGetsTheCommandLinesMessage() {
        #expect(throws: ReportQuery.Problem.fields([
            .month: "The value '2026-13' is invalid for '--month'. Expected a value like '2027-03', in the years 2000 to 2100.",
            .by: "'--by' can hold only one of 'month', 'week' and 'day'.",
            .level: "The value 'town' is invalid for '--level'. Please provide one of 'city', 'sub-branch' or 'outlet'.",
            .campaign: "The value 'c9' is invalid for '--campaign'. Expected a value like 'c1'.",
        ])) {
            try request(
                [("period", "month"), ("month", "2026-13"), ("by", "month,week"), ("level", "town"), ("campaign", "c9")],
                for: user("p", .planner))
        }
        #expect(throws: ReportQuery.Problem.fields([.to: "The value '2026-11-01' for '--to' is before '2026-11-03' for '--from'."])) {
            try request([("period", "range"), ("from", "2026-11-03"), ("to", "2026-11-01")], for: user("p", .planner))
        }
    }

    @Test func branchStaffAskAboutTheirSubtreeOnly() throws {
        let staff = user("s", .branchStaff, branch: "east")
        #expect(try request([], for: staff).scope == "east")
        #expect(try request([("branch", "east-1")], for: staff).scope == "east-1")
        #expect(throws: ReportQuery.Problem.notVisible) { try request([("branch", "west")], for: staff) }
        #expect(throws: ReportQuery.Problem.notVisible) { try request([("branch", "city")], for: staff) }
        #expect(throws: ReportQuery.Problem.notVisible) { try request([("branch", "no-such")], for: user("v", .viewer)) }
        #expect(try request([("branch", "west")], for: user("v", .viewer)).scope == "west")
    }

    @Test func aBulletinIsPublishedByAnApproverWhoDidNotPrepareIt() async throws {
        let setup = try await StoreSetup()
        defer { setup.close() }
        let month = ReachCubeMonth.index(of: LocalDate("2026-11-01")!)
        let bulletin = try await Scorecards(store: setup.store, reference: setup.reference, today: LocalDate("2026-11-29")!)
            .bulletin(month: month, scope: "city")
        let fourEyes = BulletinFourEyes(store: setup.store, reference: setup.reference, notify: nil)
        func publish(by user: User) async throws {
            _ = try await fourEyes.publish(
                bulletin, month: "2026-11", period: .month(month), branch: "city", link: "b", language: .zh, by: user, at: now)
        }
        let admin = user("wang.fang", .admin), approver = user("liu.yang", .approver)
        await #expect(throws: BulletinFourEyes.Refusal.notPrepared(month: "2026-11")) { try await publish(by: approver) }
        await #expect(throws: BulletinFourEyes.Refusal.mayNotPrepare(.approver)) {
            try await fourEyes.prepare(month: "2026-11", branch: "city", by: approver, at: now)
        }
        await #expect(throws: BulletinFourEyes.Refusal.mayNotPrepare(.branchStaff)) {
            try await fourEyes.prepare(month: "2026-11", branch: "city", by: user("s", .branchStaff, branch: "east"), at: now)
        }
        try await fourEyes.prepare(month: "2026-11", branch: "city", by: admin, at: now)
        await #expect(throws: BulletinFourEyes.Refusal.ownPreparation(month: "2026-11")) { try await publish(by: admin) }
        await #expect(throws: BulletinFourEyes.Refusal.mayNotPublish(.planner)) { try await publish(by: user("p", .planner)) }
        #expect(try await setup.store.bulletin(month: "2026-11", branch: "city") == nil)
        try await publish(by: approver)
        let state = try await fourEyes.state(month: "2026-11", branch: "city")
        #expect(state.signature(printedOn: today) == BulletinSignature(preparedBy: "wang.fang", approvedBy: "liu.yang", printedOn: today))
        #expect(state.published?.publishedBy == "liu.yang")
        #expect(state.audit.map(\.action) == [.prepare, .publish])
        await #expect(throws: BulletinFourEyes.Refusal.self) { try await publish(by: user("sun.li", .approver)) }
        #expect(BulletinFourEyes.Refusal.ownPreparation(month: "2026-11").message(.zh)
            == "2026-11 专刊是您制表的，不能由您本人审核发布（四眼原则）。请由另一位审核人发布。")
    }
}
