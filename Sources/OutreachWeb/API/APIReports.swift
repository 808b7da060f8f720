import Foundation
import Hummingbird
import OutreachApp
import OutreachCore
import OutreachFormats

/// `GET /api/v1/reports` (the reports page's question: `period`, `month`/`quarter`/`year`/`from`+`to`, `by`,
/// `level`, `branch`, `campaign`, `channel`, `segment`; the JSON of `outreach report totals --format json`),
/// `GET /api/v1/scorecard` (`outreach report scorecard --format json`) and `GET /api/v1/users` (admins only).
struct APIReports {
    let web: WebApp

    /// The question checked for the user, as the reports pages check it (a branch not theirs: 404).
    private func request(_ request: Request, user: User, reference: ReferenceData, language: Language) async throws
        -> (ReportRequest, [StoredCampaign], LocalDate)
    {
        let today = reference.today(at: web.now(), for: user.branch) ?? LocalDate(dayNumber: 0)
        let store = web.store
        let campaigns = try await web.cached(CacheKey("campaigns", "")) { try await store.campaigns() }
        let parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        // Strict where the page is lenient: a period kind it does not know is an error, not a month.
        if let kind = parameters.last(where: { $0.0 == "period" })?.1, ReportQuery.PeriodKind(rawValue: kind) == nil {
            let known = ReportQuery.PeriodKind.allCases.map(\.rawValue)
            throw APIProblem.invalid([
                ("period", ReportQueryMessages.invalidValue(value: kind, flag: "period", example: known.joined(separator: "|")).text(language))
            ])
        }
        let query = ReportQuery(parameters: parameters)
        do {
            let checked = try query.request(
                for: user, today: today, reference: reference, campaigns: campaigns.map(\.campaign.id), language: language,
                label: { $0.rawValue })
            return (checked, campaigns, today)
        } catch .notVisible {
            throw APIProblem.notFound
        } catch .fields(let problems) {
            throw APIProblem.invalid(
                ReportQuery.Field.allCases.compactMap { field in problems[field].map { (field: field.rawValue, message: $0) } })
        }
    }

    func totals(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        let language = context.language
        let (checked, campaigns, _) = try await self.request(request, user: user, reference: reference, language: language)
        let text: String
        do {
            // Computed once per change of the store for this question and language (docs/web.md "Speed").
            let store = web.store
            text = try await web.cached(CacheKey("api-report", checked, language: language)) {
                try await ReachReports(store: store, reference: reference).report(checked, campaigns: campaigns)
                    .renderer(reference: reference, language: language).json()
            }
        } catch ReachReportBuilder.Failure.overflow {
            throw APIProblem(.unprocessableContent, "overflow", title: APIMessages.badRequestTitle, detailText: ReachSums.Overflow().message(language))
        } catch is ReachReportBuilder.Failure {
            throw APIProblem.invalid([("by", ReportQueryMessages.byOneTimeDimension.text(language))])
        }
        return .json(text: text)
    }

    func scorecard(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        let language = context.language
        let (checked, _, today) = try await self.request(request, user: user, reference: reference, language: language)
        let scorecard: Scorecard
        do {
            scorecard = try await Scorecards(store: web.store, reference: reference, today: today)
                .scorecard(period: checked.period, scope: checked.scope)
        } catch let overflow as ReachSums.Overflow {
            throw APIProblem(.unprocessableContent, "overflow", title: APIMessages.badRequestTitle, detailText: overflow.message(language))
        }
        return .json(text: ScorecardRenderer(scorecard: scorecard, reference: reference, language: language).json())
    }

    func users(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        guard user.role == .admin else { throw APIProblem.forbidden(APIMessages.adminsOnly) }
        let users = try await UserAccounts(store: web.store, hasher: web.hasher).list()
        return .json(
            .object([
                (
                    "items",
                    .array(
                        users.map { user in
                            .object([
                                ("name", .string(user.name.rawValue)), ("displayName", .string(user.displayName)),
                                ("role", .string(user.role.rawValue)), ("branch", .optional(user.branch?.rawValue)),
                                ("disabled", .bool(user.isDisabled)), ("createdAt", .string(APIDates.iso(user.createdAt))),
                            ])
                        })
                )
            ]))
    }
}
