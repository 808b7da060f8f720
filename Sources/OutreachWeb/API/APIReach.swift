import Foundation
import HTTPTypes
import OutreachApp
import OutreachCore
import OutreachFormats

/// `POST /api/v1/reach`: one record (`event`, `date`, `metric`, `count`, optional `segment` and `note`), checked
/// as `outreach reach log` and the reach form check theirs (`ReachRowValidator`, the same messages), recorded
/// through `ReachLog` as a manual batch by the token's user. Branch staff log their subtree only (another
/// branch's event is 404), viewers not at all (403).
struct APIReach {
    let web: WebApp

    func record(_ body: [UInt8], user: User, language: Language) async throws -> APIResponse {
        let object = try APIBody.object(body, language: language)
        var errors: [(field: String, message: String)] = []
        func text(_ name: String, required: Bool) throws -> String? {
            let value = try APIBody.string(object, name, language: language)
            if required, value?.isEmpty != false { errors.append((name, APIMessages.required(name).text(language))) }
            return value
        }
        let eventID = try text("event", required: true)
        let dateText = try text("date", required: true)
        let metric = try text("metric", required: true)
        let segment = try text("segment", required: false).flatMap { $0.isEmpty ? nil : $0 }
        let note = try text("note", required: false).flatMap { $0.isEmpty ? nil : $0 }
        var count: Int?
        switch APIBody.value(object, "count") {
        case .int(let number)?:
            if number < 0 {
                errors.append(("count", Diagnostic.reachInvalidCount(column: "count", value: String(number)).message(language)))
            } else if number > ReachRecord.maximumCount {
                errors.append(("count", Diagnostic.reachCountTooLarge(column: "count", value: String(number), looksLikeID: false).message(language)))
            } else {
                count = number
            }
        case nil, .null?: errors.append(("count", APIMessages.required("count").text(language)))
        case .some(let other): errors.append(("count", Diagnostic.reachInvalidCount(column: "count", value: other.serialized()).message(language)))
        }
        // The event: one the user may not see does not exist for them.
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        var stored: StoredEvent?
        if let eventID, !eventID.isEmpty {
            stored = try await web.store.event(Event.ID(eventID))
            guard let found = stored, ReachAccess.maySee(user, branch: found.event.branch, reference: reference) else { throw APIProblem.notFound }
        }
        guard ReachAccess.mayPost(user) else { throw APIProblem.forbidden(ReachWebMessages.viewerCannotPost) }
        var day: LocalDate?
        if let dateText, !dateText.isEmpty {
            day = LocalDate(dateText)
            if let day, let stored, let today = reference.today(at: web.now(), for: stored.event.branch), day > today {
                errors.append(("date", ReachWebMessages.futureDate(given: day, today: today).text(language)))
            } else if day == nil {
                errors.append(("date", ReachWebMessages.invalidDate(dateText).text(language)))
            }
        }
        guard errors.isEmpty, let stored, let day, let metric, let count else {
            throw APIProblem.invalid(errors, status: .unprocessableContent)
        }
        let log = ReachLog(store: web.store, reference: reference)
        var validator = ReachRowValidator(index: try await log.index().index, path: "")
        let flags: [ReachColumn: String] = [
            .event: "event", .metric: "metric", .count: "count", .segment: "segment", .note: "note", .date: "date", .evidence: "evidence",
        ]
        let record = ReachRecord(
            event: stored.event.id, date: day, metric: Metric.ID(metric), segment: segment.map { AudienceSegment.ID($0) }, count: count,
            note: note, evidence: nil)
        var issues: [InputIssue] = []
        let row = validator.validate(record, flags: flags, at: nil, issues: &issues)
        let found = issues.filter { $0.severity == .error }.map { (field: Self.field(of: $0.problem), message: $0.message(language)) }
        guard found.isEmpty, let row else { throw APIProblem.invalid(found, status: .unprocessableContent) }
        let recorded = try await log.record([row], recordedBy: user.name.rawValue, at: web.now())
        guard recorded.committed else {
            throw APIProblem.invalid([("metric", APIMessages.recordedTwice.text(language))], status: .unprocessableContent)
        }
        let outcome = recorded.outcome
        return .json(
            .object([
                ("batch", .int(recorded.batch)), ("event", .string(stored.event.id.rawValue)), ("date", .string(day.description)),
                ("metric", .string(metric)), ("segment", .optional(segment)), ("count", .int(count)), ("note", .optional(note)),
                ("added", .int(outcome.added)), ("replaced", .int(outcome.replaced)), ("unchanged", .int(outcome.unchanged)),
                ("recordedBy", .string(user.name.rawValue)),
                ("recordedAt", .string(APIDates.iso(web.now(), zone: reference.timeZone(of: stored.event.branch)))),
            ]), status: .created)
    }

    /// The field an issue of the validator belongs to.
    static func field(of problem: Diagnostic) -> String {
        switch problem {
        case .reachUnknownSegment: "segment"
        case .reachInvalidCount, .reachCountTooLarge: "count"
        case .reachMetricNotReported, .reachUnknownMetric: "metric"
        case .csvRefusedCharacter(let column, _): column == "note" ? "note" : column
        default: "date"
        }
    }
}
