import Foundation
import HTTPTypes
import Hummingbird
import OutreachCore

/// 405 for an `/api/v1` path that exists but not with the request's method: an `application/problem+json` answer
/// with `Allow` listing the path's methods. The router sends a method a path does not have to its not-found
/// responder; this middleware, added after the API's routes, sits in front of it and turns that 404 into the 405
/// when the path is one of the API's. Anything else (no such path, a page) stays as it was.
struct APIMethodNotAllowedMiddleware: RouterMiddleware {
    /// Each API path as its components (`{id}` stands for any one component) with its methods.
    let paths: [(components: [Substring], methods: [HTTPRequest.Method])]

    /// The API's paths and methods among a router's routes.
    init(routes: [(path: String, method: HTTPRequest.Method)]) {
        var byPath: [String: [HTTPRequest.Method]] = [:]
        for route in routes where route.path.hasPrefix("/api/v1/") { byPath[route.path, default: []].append(route.method) }
        paths = byPath.sorted { $0.key < $1.key }.map { path, methods in
            (path.split(separator: "/"), methods.sorted { Self.order($0) < Self.order($1) })
        }
    }

    /// The methods of the API path a request path is, or nil when it is none of them.
    func methods(of path: String) -> [HTTPRequest.Method]? {
        let asked = path.split(separator: "/")
        return paths.first { candidate in
            candidate.components.count == asked.count
                && zip(candidate.components, asked).allSatisfy { pattern, part in
                    (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == part
                }
        }?.methods
    }

    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = methods(of: request.uri.path), !allowed.contains(request.method) else { throw error }
            let language = APILanguage.of(request, fallback: context.language)
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            var problem = APIProblem(
                .methodNotAllowed, "method-not-allowed", title: APIMessages.methodNotAllowedTitle,
                detail: APIMessages.methodNotAllowed(request.method.rawValue, allowed: list))
            problem.headers[.allow] = list
            return problem.apiResponse(language).response
        }
    }

    /// GET first, then the methods that change something.
    static func order(_ method: HTTPRequest.Method) -> Int {
        [HTTPRequest.Method.get, .post, .put, .patch, .delete].firstIndex(of: method) ?? 9
    }
}
