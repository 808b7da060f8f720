import Foundation
import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// `ManualReachEntry`: reach entered by hand (the reach form, `POST /api/v1/reach`) checked field by field with the
/// catalogue's messages in both languages, who may log which event, and one batch recorded by the user.
struct ManualReachEntryTests {
    /// The day after e1 (咸安支行's event of 2026-12-05), 10:00 in Xianning.
    let now = Timestamp.date(from: "2026-12-06T02:00:00Z")!

    func user(_ role: User.Role, branch: Branch.ID? = nil, name: String = "u") -> User {
        User(name: User.Name(name), displayName: "U", role: role, branch: branch, createdAt: now)
    }

    func fields(
        event: String? = "e1", date: String? = "2026-12-05", segment: String? = nil, note: String? = nil,
        _ figures: [(String?, ManualReachEntry.Count)] = [("attendees", .number(40))]
    ) -> ManualReachEntry.Fields {
        ManualReachEntry.Fields(
            event: event, date: date, segment: segment, note: note, figures: figures.map { ManualReachEntry.Figure(metric: $0.0, count: $0.1) })
    }

    /// The errors of an entry as `field: message` in one language, or why it was not an error list.
    func errors(_ outcome: ManualReachEntry.Outcome<ManualReachEntry.Recorded>, _ language: Language) -> [String] {
        guard case .invalid(let errors) = outcome else { return ["not invalid: \(outcome)"] }
        return errors.map { "\($0.field): \($0.message.text(language))" }
    }

    @Test func goodFieldsAreRecordedAsOneBatchByTheUser() async throws {
        let setup = try await ReachImportTests().setup()
        defer { setup.close() }
        let entry = ManualReachEntry(store: setup.store, reference: setup.reference)
        let outcome = try await entry.log(
            fields(segment: "elderly", note: "雨天", [("attendees", .number(40)), ("leaflets", .typed("１２０"))]),
            by: user(.branchStaff, branch: "east", name: "li.ming"), at: now)
        guard case .success(let recorded) = outcome else { Issue.record("\(outcome)"); return }
        #expect(recorded.event.event.id == "e1")
        #expect(recorded.day == LocalDate("2026-12-05"))
        #expect(recorded.outcome.added == 2)
        #expect(try await ReachImportTests().total(setup) == 160)
        let batches = try await setup.store.reachBatches()
        #expect(batches.count == 1)
        #expect(batches.first?.id == recorded.batch)
        #expect(batches.first?.recordedBy == "li.ming")
    }

    @Test func missingFieldsAreNamedInBothLanguages() async throws {
        let setup = try await ReachImportTests().setup()
        defer { setup.close() }
        let entry = ManualReachEntry(store: setup.store, reference: setup.reference)
        let outcome = try await entry.log(fields(event: nil, date: nil, [(nil, .missing)]), by: user(.planner), at: now)
        #expect(errors(outcome, .zh) == ["event: 缺少 'event'。", "date: 缺少 'date'。", "metric(0): 缺少 'metric'。", "count(0): 缺少 'count'。"])
        #expect(errors(outcome, .en) == [
            "event: 'event' is missing.", "date: 'date' is missing.", "metric(0): 'metric' is missing.", "count(0): 'count' is missing.",
        ])
        let none = try await entry.log(fields([]), by: user(.planner), at: now)
        #expect(errors(none, .zh) == ["figures: 请至少填写一个数量。"])
        #expect(errors(none, .en) == ["figures: Enter at least one count."])
        #expect(try await setup.store.reachBatches().isEmpty)
    }

    @Test func countsOutOfRangeAndBadDatesAreRefusedWithTheReachMessages() async throws {
        let setup = try await ReachImportTests().setup()
        defer { setup.close() }
        let entry = ManualReachEntry(store: setup.store, reference: setup.reference)
        let planner = user(.planner)
        let counts = try await entry.log(
            fields([
                ("attendees", .number(-1)), ("consultations", .number(1_000_000_001)), ("leaflets", .typed("许多")),
                ("attendees", .other("\"many\"")), ("leaflets", .typed("420106199001011234")),
            ]), by: planner, at: now)
        #expect(errors(counts, .zh) == [
            "count(0): 'count' 列的值 '-1' 无效。应为大于或等于 0 的整数。",
            "count(1): 'count' 列的值 '1000000001' 超过上限：数量应为 0 到 1,000,000,000（10 亿）之间的整数。",
            "count(2): 'count' 列的值 '许多' 无效。应为大于或等于 0 的整数。",
            "count(3): 'count' 列的值 '\"many\"' 无效。应为大于或等于 0 的整数。",
            "count(4): 'count' 列的值 '420106199001011234' 看起来是身份证号码，而不是数量。数量应为 0 到 1,000,000,000（10 亿）之间的整数。",
        ])
        #expect(errors(counts, .en) == [
            "count(0): The value '-1' in column 'count' is invalid. Expected a whole number of 0 or more.",
            "count(1): The value '1000000001' in column 'count' is over the limit: a count is a whole number from 0 to 1,000,000,000.",
            "count(2): The value '许多' in column 'count' is invalid. Expected a whole number of 0 or more.",
            "count(3): The value '\"many\"' in column 'count' is invalid. Expected a whole number of 0 or more.",
            "count(4): The value '420106199001011234' in column 'count' looks like an ID number, not a count. A count is a whole number from 0 to 1,000,000,000.",
        ])
        let future = try await entry.log(fields(date: "2026-12-07"), by: planner, at: now)
        #expect(errors(future, .zh) == ["date: 日期 '2026-12-07' 在今天（2026-12-06）之后：尚未到来的日子不能登记触达。"])
        #expect(errors(future, .en) == ["date: The date '2026-12-07' is after today (2026-12-06): reach cannot be logged for a day still to come."])
        let invalid = try await entry.log(fields(date: "2026-13-45"), by: planner, at: now)
        #expect(errors(invalid, .zh) == ["date: 日期 '2026-13-45' 无效。应为 '2026-12-05' 这样的日期。"])
        #expect(errors(invalid, .en) == ["date: The date '2026-13-45' is invalid. Expected a date like '2026-12-05'."])
        // A metric the event's channel does not report, a segment that does not exist: the row validator's words.
        let metric = try await entry.log(fields([("listeners", .number(3))]), by: planner, at: now)
        #expect(errors(metric, .en).count == 1)
        #expect(errors(metric, .en).first?.hasPrefix("metric(0): ") == true, "\(errors(metric, .en))")
        let segment = try await entry.log(fields(segment: "aliens"), by: planner, at: now)
        #expect(errors(segment, .en).first?.hasPrefix("segment: ") == true, "\(errors(segment, .en))")
        // The same record twice: nothing recorded.
        let twice = try await entry.log(fields([("attendees", .number(3)), ("attendees", .number(4))]), by: planner, at: now)
        #expect(errors(twice, .zh) == ["figures: 同一条记录出现了两次，未登记任何内容。"])
        #expect(errors(twice, .en) == ["figures: The same record was given twice; nothing was recorded."])
        #expect(try await setup.store.reachBatches().isEmpty)
        #expect(try await ReachImportTests().total(setup) == 0)
    }

    @Test func anotherBranchsEventDoesNotExistAndViewersLogNothing() async throws {
        let setup = try await ReachImportTests().setup()
        defer { setup.close() }
        let entry = ManualReachEntry(store: setup.store, reference: setup.reference)
        // e1 is 咸安支行's (east): branch staff of 赤壁支行 (west) get what an unknown event gets.
        for (who, event) in [(user(.branchStaff, branch: "west"), "e1"), (user(.planner), "no-such"), (user(.branchStaff), "e1")] {
            let outcome = try await entry.log(fields(event: event), by: who, at: now)
            guard case .notFound = outcome else { Issue.record("\(who.role) \(event): \(outcome)"); continue }
        }
        // A viewer: refused before any field is looked at, with the catalogue's words.
        for sent in [fields(), fields(date: "nonsense", [("attendees", .missing)])] {
            let outcome = try await entry.log(sent, by: user(.viewer), at: now)
            guard case .forbidden(let why) = outcome else { Issue.record("\(outcome)"); continue }
            #expect(why.text(.zh) == "只读用户不能登记或导入触达。")
            #expect(why.text(.en) == "Viewers cannot log or import reach.")
        }
        #expect(try await setup.store.reachBatches().isEmpty)
        // Staff of the event's branch (or above it), planners and approvers log it.
        for who in [user(.branchStaff, branch: "east"), user(.branchStaff, branch: "city"), user(.approver), user(.admin)] {
            guard case .success = try await entry.log(fields(), by: who, at: now) else { Issue.record("\(who.role)"); continue }
        }
        #expect(try await setup.store.reachBatches().count == 4)
    }

    @Test func checkingRecordsNothing() async throws {
        let setup = try await ReachImportTests().setup()
        defer { setup.close() }
        let entry = ManualReachEntry(store: setup.store, reference: setup.reference)
        guard case .success(let checked) = try await entry.check(fields(), by: user(.planner), at: now) else {
            Issue.record("not checked")
            return
        }
        #expect(checked.rows.count == 1)
        #expect(try await setup.store.reachBatches().isEmpty)
        guard case .success(let recorded) = try await entry.record(checked, by: user(.planner), at: now) else {
            Issue.record("not recorded")
            return
        }
        #expect(recorded.outcome.added == 1)
        #expect(try await ReachImportTests().total(setup) == 40)
    }

    @Test func messagesHaveBothLanguages() {
        let day = LocalDate("2026-12-05")!
        let samples: [Message] = [
            ManualReachMessages.required("event"), ManualReachMessages.futureDate(given: day, today: day), ManualReachMessages.invalidDate("x"),
            ManualReachMessages.noCounts, ManualReachMessages.viewerCannotPost, ManualReachMessages.recordedTwice,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
