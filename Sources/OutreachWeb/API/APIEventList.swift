import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

/// `GET /api/v1/events`: the occurrences of a window with the calendar's filters (`from`, `to`, `branch`,
/// `campaign`, `channel`, `status`), as `outreach plan --format json` writes them, a page at a time (`limit`, 100
/// by default, at most 500; an opaque `cursor` for the next page). Branch staff see their subtree; asking for a
/// branch they may not see is 404.
struct APIEventList {
    let web: WebApp
    let reference: ReferenceData

    static let defaultLimit = 100
    static let maximumLimit = 500

    /// The page as JSON text: `{"items": [...], "nextCursor": "…" | null}`.
    func page(_ parameters: [(String, String)], user: User, language: Language) async throws -> String {
        // A parameter given is checked even when empty (`status=` is not a status): absent is the only default.
        func value(_ name: String) -> String? {
            parameters.last { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespaces) }
        }
        var errors: [(field: String, message: String)] = []
        // The branch first: another branch's events do not exist for branch staff.
        var scope: Branch.ID? = value("branch").map { Branch.ID($0) }
        if let asked = scope {
            guard reference.branch(asked) != nil, user.maySee(asked, reference: reference) else { throw APIProblem.notFound }
        } else if user.role == .branchStaff {
            guard let own = user.branch else { throw APIProblem.notFound }
            scope = own
        }
        let today = reference.today(at: web.now(), for: scope ?? user.branch) ?? LocalDate(dayNumber: 0)
        func date(_ name: String) -> LocalDate? {
            guard let text = value(name) else { return nil }
            if let date = DateText.date(text) { return date }
            let why = Diagnostic.reachDateHint(asciiDigits(text), language)
            errors.append((name, DateTextMessages.invalidDate(value: text, flag: name, why: why).text(language)))
            return nil
        }
        let from = date("from") ?? today
        let to = date("to") ?? from.adding(days: 30)
        if errors.isEmpty {
            if to < from {
                errors.append(("to", DateTextMessages.toBeforeFrom(to: to, from: from).text(language)))
            } else if to.dayNumber - from.dayNumber + 1 > 366 {
                errors.append(("to", APIMessages.windowTooLong(days: to.dayNumber - from.dayNumber + 1).text(language)))
            }
        }
        let store = web.store
        let campaigns = try await web.cached(CacheKey("campaigns", "")) { try await store.campaigns() }.map(\.campaign.id.rawValue)
        for (field, known) in [("campaign", campaigns), ("channel", reference.known(.channel).ordered)] {
            if let text = value(field), !known.contains(text) {
                errors.append((field, ReportQueryMessages.invalidValue(value: text, flag: field, example: known.first ?? "").text(language)))
            }
        }
        var status: EventStatus?
        if let text = value("status") {
            status = EventStatus(rawValue: text)
            if status == nil { errors.append(("status", APIMessages.invalidStatus(text).text(language))) }
        }
        var limit = Self.defaultLimit
        if let text = value("limit") {
            if let number = Int(text), (1...Self.maximumLimit).contains(number) {
                limit = number
            } else {
                errors.append(("limit", APIMessages.invalidLimit(text).text(language)))
            }
        }
        let query = PlanQuery(
            from: from, through: to, branch: scope, campaign: value("campaign").map { Campaign.ID($0) },
            channel: value("channel").map { Channel.ID($0) }, statuses: status.map { [$0] })
        // A cursor holds the offset and the question it belongs to, so it cannot be used with other filters.
        let signature = Self.signature(of: query, user: user)
        var offset = 0
        if let cursor = value("cursor") {
            if let decoded = Self.decode(cursor), decoded.signature == signature {
                offset = decoded.offset
            } else {
                errors.append(("cursor", APIMessages.invalidCursor(cursor).text(language)))
            }
        }
        guard errors.isEmpty else { throw APIProblem.invalid(errors) }
        // A page is computed once per change of the store (see docs/web.md "Speed") and shared by every request for it.
        let page = EventPage(query: query, offset: offset, limit: limit, signature: signature)
        return try await web.cached(CacheKey("api-events", page, language: language, user: user)) { [offset, limit] in
            // Only as many as this page needs, and one more to know whether another page follows.
            let (wanted, overflow) = offset.addingReportingOverflow(limit + 1)
            let occurrences = try await PlanListing(store: store, reference: reference)
                .occurrences(query, limit: overflow ? nil : wanted).occurrences
            let end = min(occurrences.count, offset + limit)
            let slice = offset < end ? Array(occurrences[offset..<end]) : []
            let next: JSONValue = end < occurrences.count ? .string(Self.encode(offset: end, signature: signature)) : .null
            let items = PlanRenderer(reference: reference, language: language).json(slice).trimmingCharacters(in: .whitespacesAndNewlines)
            return "{\n\"items\": " + items + ",\n\"nextCursor\": " + next.serialized() + "\n}\n"
        }
    }

    /// One page of a listing: the question, where the page starts and how long it is.
    struct EventPage: Hashable, Sendable {
        var query: PlanQuery
        var offset: Int
        var limit: Int
        var signature: String
    }

    /// The question a cursor belongs to, in a fixed text: every filter of the query by name, in a fixed order,
    /// each value as a JSON string or null (statuses sorted), then the user. A filter added to `PlanQuery` must be
    /// added here (`APIEventListCursorTests` checks the text); the signature is the first 12 hex digits of its
    /// SHA-256.
    static func canonical(_ query: PlanQuery, user: User) -> String {
        let fields: [(String, JSONValue)] = [
            ("v", .int(1)),
            ("from", .string(query.from.description)),
            ("to", .string(query.through.description)),
            ("branch", query.branch.map { .string($0.rawValue) } ?? .null),
            ("campaign", query.campaign.map { .string($0.rawValue) } ?? .null),
            ("channel", query.channel.map { .string($0.rawValue) } ?? .null),
            ("status", query.statuses.map { .array($0.map(\.rawValue).sorted().map { .string($0) }) } ?? .null),
            ("user", .string(user.name.rawValue)),
        ]
        return JSONValue.object(fields).serialized()
    }

    static func signature(of query: PlanQuery, user: User) -> String {
        String(ReachEvidence.hash(of: Array(canonical(query, user: user).utf8)).prefix(12))
    }

    static func encode(offset: Int, signature: String) -> String {
        Data("\(offset).\(signature)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> (offset: Int, signature: String)? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        guard text.utf8.count <= 64, let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let offset = Int(parts[0]), offset >= 0 else { return nil }
        return (offset, String(parts[1]))
    }
}
