import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OutreachApp
import OutreachCore

/// Who an `/api/v1` request acts as: `Authorization: Bearer otk_…` (a personal API token, with exactly its user's
/// role and branch scope), or the web session's cookie together with the session's form token in `X-CSRF-Token`
/// (a cookie alone never works: another site could make a browser send it). Nobody else gets past: 401 with
/// `WWW-Authenticate: Bearer`, or 403 for a session without its form token. Sets the answer's language, and turns
/// problems and HTTP errors thrown below into `application/problem+json`. Secrets are never logged.
struct APIAuthMiddleware: RouterMiddleware {
    let web: WebApp

    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        let language = APILanguage.of(request, fallback: context.language)
        context.language = language
        do {
            if let authorization = request.headers[.authorization] {
                let parts = authorization.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "bearer",
                    let found = try await APITokens(store: web.store).user(
                        forSecret: parts[1].trimmingCharacters(in: .whitespaces), at: web.now())
                else { throw Self.unauthorized }
                context.apiUser = found.user
                context.logger[metadataKey: "api.token"] = .string(found.token.handle)
            } else if let signedIn = context.signedIn {
                guard let sent = request.headers[.csrfToken], AuthController.same(signedIn.session.formToken, sent) else {
                    throw APIProblem(.forbidden, "csrf-token-missing", title: APIMessages.csrfTitle, detail: APIMessages.csrfMissing)
                }
                context.apiUser = signedIn.user
            } else {
                throw Self.unauthorized
            }
            if let user = context.apiUser { context.logger[metadataKey: "user.name"] = .string(user.name.rawValue) }
            // The API is strict where the pages are lenient: a language it does not speak is an error.
            if let asked = request.uri.queryParameters.get("lang"), Language(rawValue: String(asked)) == nil {
                throw APIProblem.invalid([
                    ("lang", ReportQueryMessages.invalidValue(value: String(asked), flag: "lang", example: "zh").text(language))
                ])
            }
            return try await next(request, context)
        } catch let problem as APIProblem {
            return problem.apiResponse(language).response
        } catch StoreError.busy(let seconds) {
            return APIProblem.busy(seconds: seconds, language).apiResponse(language).response
        } catch let error as any HTTPResponseError {
            let problem: APIProblem =
                switch error.status {
                case .notFound: .notFound
                case .contentTooLarge: APIProblem(.contentTooLarge, "too-large", title: APIMessages.tooLargeTitle, detail: APIMessages.tooLarge)
                case .serviceUnavailable: .unavailable
                default: APIProblem(error.status, "http-\(error.status.code)", title: Message(zh: error.status.reasonPhrase, en: error.status.reasonPhrase))
                }
            return problem.apiResponse(language).response
        } catch {
            // Anything else is the server's fault: said as a problem, logged with the request's id, never detailed.
            context.logger.error("API request failed", metadata: ["error.type": .string(String(describing: type(of: error)))])
            return APIProblem(.internalServerError, "server-error", title: APIMessages.serverErrorTitle, detail: APIMessages.serverError)
                .apiResponse(language).response
        }
    }

    static var unauthorized: APIProblem {
        var problem = APIProblem(.unauthorized, "unauthorized", title: APIMessages.unauthorizedTitle, detail: APIMessages.unauthorized)
        problem.headers[.wwwAuthenticate] = "Bearer realm=\"outreach\""
        return problem
    }
}
