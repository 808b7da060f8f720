import Foundation
import HTTPTypes
import OutreachApp
import OutreachCore
import OutreachFormats

/// `POST /api/v1/reach`: one record (`event`, `date`, `metric`, `count`, optional `segment` and `note`), checked
/// and recorded by `ManualReachEntry` (the reach form's use case: the checks and messages of `outreach reach log`) as a
/// manual batch by the token's user. Branch staff log their subtree only (another branch's event is 404),
/// viewers not at all (403).
struct APIReach {
    let web: WebApp

    func record(_ body: [UInt8], user: User, language: Language) async throws -> APIResponse {
        let object = try APIBody.object(body, language: language)
        // A field sent empty is a field missing.
        func text(_ name: String) throws -> String? {
            try APIBody.string(object, name, language: language).flatMap { $0.isEmpty ? nil : $0 }
        }
        let count: ManualReachEntry.Count =
            switch APIBody.value(object, "count") {
            case nil, .null?: .missing
            case .int(let number)?: .number(number)
            case .some(let other): .other(other.serialized())
            }
        let fields = ManualReachEntry.Fields(
            event: try text("event"), date: try text("date"), segment: try text("segment"), note: try text("note"),
            figures: [ManualReachEntry.Figure(metric: try text("metric"), count: count)])
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        let now = web.now()
        switch try await ManualReachEntry(store: web.store, reference: reference).log(fields, by: user, at: now) {
        case .notFound: throw APIProblem.notFound
        case .forbidden(let why): throw APIProblem.forbidden(why)
        case .invalid(let errors):
            throw APIProblem.invalid(errors.map { (Self.name(of: $0.field), $0.message.text(language)) }, status: .unprocessableContent)
        case .success(let recorded):
            let outcome = recorded.outcome
            // Recorded, so the count was a number in range.
            let number: Int = if case .number(let number) = count { number } else { 0 }
            return .json(
                .object([
                    ("batch", .int(recorded.batch)), ("event", .string(recorded.event.event.id.rawValue)),
                    ("date", .string(recorded.day.description)), ("metric", .string(fields.figures[0].metric ?? "")),
                    ("segment", .optional(fields.segment)), ("count", .int(number)),
                    ("note", .optional(fields.note)), ("added", .int(outcome.added)), ("replaced", .int(outcome.replaced)),
                    ("unchanged", .int(outcome.unchanged)), ("recordedBy", .string(user.name.rawValue)),
                    ("recordedAt", .string(APIDates.iso(now, zone: reference.timeZone(of: recorded.event.event.branch)))),
                ]), status: .created)
        }
    }

    /// The body's field an error belongs to.
    static func name(of field: ManualReachEntry.Field) -> String {
        switch field {
        case .event: "event"
        case .date: "date"
        case .segment: "segment"
        case .note: "note"
        case .metric, .figures: "metric"
        case .count: "count"
        }
    }
}
