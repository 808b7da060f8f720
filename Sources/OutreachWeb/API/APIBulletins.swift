import Foundation
import HTTPTypes
import Hummingbird
import OutreachApp
import OutreachCore
import OutreachFormats

/// Monthly bulletins over the API, under the four-eyes rule of the bulletin page (`BulletinFourEyes`): one user
/// (a planner or admin) prepares the month's bulletin, another (an approver or admin) publishes it.
/// `GET /api/v1/bulletins` (published ones of a branch), `GET /api/v1/bulletins/{month}` (figures, who prepared and
/// approved it, whether it is published), `POST /api/v1/bulletins/{month}/prepare|publish`. `branch` (a query
/// parameter) defaults to the user's own branch for branch staff and to the root branch for others; a branch not
/// theirs is 404.
struct APIBulletins {
    let web: WebApp

    private func scope(_ request: Request, user: User, reference: ReferenceData) throws -> Branch.ID {
        let asked = request.uri.queryParameters.get("branch").map { String($0) } ?? ""
        if asked.isEmpty {
            guard let own = user.role == .branchStaff ? user.branch : reference.branches.first(where: { $0.parent == nil })?.id else {
                throw APIProblem.notFound
            }
            return own
        }
        guard PagesSupport.pathID(asked) != nil, reference.branch(Branch.ID(asked)) != nil, user.maySee(Branch.ID(asked), reference: reference)
        else { throw APIProblem.notFound }
        return Branch.ID(asked)
    }

    private func month(_ context: WebRequestContext) throws -> (String, ReportPeriod) {
        let given = context.parameters.get("month") ?? ""
        if let canonical = DateText.month(given), let period = ReportPeriod(canonical), period.kind == .month { return (canonical, period) }
        throw APIProblem.invalid([
            ("month", ReportQueryMessages.invalidValue(value: given, flag: "month", example: "2027-03").text(context.language))
        ])
    }

    static func published(_ bulletin: PublishedBulletin) -> JSONValue {
        .object([
            ("month", .string(bulletin.month)), ("branch", .string(bulletin.branch.rawValue)),
            ("issuedAt", .string(APIDates.iso(bulletin.issuedAt))), ("publishedBy", .string(bulletin.publishedBy)),
            ("figures", (try? JSONValue.parse(bulletin.figures)) ?? .null),
        ])
    }

    func list(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        let branch = try scope(request, user: user, reference: reference)
        return .json(.object([("items", .array(try await web.store.bulletins(branch: branch).map(Self.published)))]))
    }

    /// The month's bulletin: its figures as they stand, the four-eyes state and the published copy.
    private func document(month: String, period: ReportPeriod, branch: Branch.ID, reference: ReferenceData) async throws -> JSONValue {
        let today = reference.today(at: web.now(), for: branch) ?? LocalDate(dayNumber: 0)
        let bulletin = try await Scorecards(store: web.store, reference: reference, today: today)
            .bulletin(month: ReachCubeMonth.index(of: period.start), scope: branch)
        let state = try await BulletinFourEyes(store: web.store, reference: reference, notify: web.notify).state(month: month, branch: branch)
        let preparation = state.preparation
        return .object([
            ("month", .string(month)), ("branch", .string(branch.rawValue)),
            ("figures", (try? JSONValue.parse(bulletin.figures.json())) ?? .null),
            ("preparedBy", .optional(preparation?.preparedBy.name)),
            ("preparedAt", preparation.map { .string(APIDates.iso($0.preparedAt)) } ?? .null),
            ("approvedBy", .optional(preparation?.approvedBy?.name)),
            ("approvedAt", preparation?.approvedAt.map { .string(APIDates.iso($0)) } ?? .null),
            ("published", state.published.map(Self.published) ?? .null),
        ])
    }

    func get(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        let branch = try scope(request, user: user, reference: reference)
        let (month, period) = try month(context)
        return .json(try await document(month: month, period: period, branch: branch, reference: reference))
    }

    func step(_ request: Request, _ context: WebRequestContext, user: User, publish: Bool) async throws -> APIResponse {
        let language = context.language
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        let branch = try scope(request, user: user, reference: reference)
        let (month, period) = try month(context)
        let fourEyes = BulletinFourEyes(store: web.store, reference: reference, notify: web.notify)
        do {
            if publish {
                let today = reference.today(at: web.now(), for: branch) ?? LocalDate(dayNumber: 0)
                let bulletin = try await Scorecards(store: web.store, reference: reference, today: today)
                    .bulletin(month: ReachCubeMonth.index(of: period.start), scope: branch)
                let link = "/reports/bulletin?month=\(month)&branch=\(branch.rawValue)"
                _ = try await fourEyes.publish(
                    bulletin, month: month, period: period, branch: branch, link: link, language: language, by: user, at: web.now())
            } else {
                try await fourEyes.prepare(month: month, branch: branch, by: user, at: web.now())
            }
        } catch let refusal as BulletinFourEyes.Refusal {
            switch refusal {
            case .mayNotPrepare, .mayNotPublish, .ownPreparation:
                throw APIProblem(.forbidden, "four-eyes", title: APIMessages.forbiddenTitle, detailText: refusal.message(language))
            case .notPrepared, .alreadyPublished:
                throw APIProblem(.conflict, "four-eyes", title: APIMessages.conflictTitle, detailText: refusal.message(language))
            }
        }
        return .json(try await document(month: month, period: period, branch: branch, reference: reference))
    }
}
