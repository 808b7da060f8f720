import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OutreachApp
import OutreachCore
import Prometheus

/// Sends each request's id (the `hb.request.id` its log lines carry) back in `X-Request-Id`, so a user's report
/// of a failing page can be found in the log.
struct RequestIDMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        let id = context.id
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = id
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[.requestID] = id
            return response
        }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}

/// Counts requests by route and status and times them, for `/metrics`.
struct PrometheusMiddleware: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        var status = 500
        defer {
            // The route as declared (`/`), never the raw path: ids and junk paths would make a series each.
            let route = context.endpointPath ?? "unmatched"
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "outreach", subsystem: "http", metricName: "requests", unitName: "total",
                    helpText: "HTTP requests by method, route and status."),
                labels: [("method", method), ("route", route), ("status", String(status))]
            ).increment()
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    namespace: "outreach", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                    helpText: "Time to answer an HTTP request."),
                labels: [("method", method)],
                buckets: [.milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2)]
            ).record(ContinuousClock.now - start)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}

/// Pages never load anything from elsewhere, run no script, and cannot be framed.
struct SecurityHeadersMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xFrameOptions] = "DENY"
        return response
    }
}

/// The page language: `?lang=zh|en` (remembered in a cookie), else the cookie, else Chinese.
struct LanguageMiddleware: RouterMiddleware {
    static let cookie = "outreach_lang"
    let secureCookies: Bool

    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        let asked = request.uri.queryParameters.get("lang").flatMap { Language(rawValue: $0.lowercased()) }
        if let asked {
            context.language = asked
        } else if let remembered = request.cookies[Self.cookie].flatMap({ Language(rawValue: $0.value) }) {
            context.language = remembered
        }
        var response = try await next(request, context)
        if let asked {
            response.setCookie(
                Cookie(name: Self.cookie, value: asked.rawValue, maxAge: 365 * 86400, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

/// Finds the session of the session cookie, if it is still valid, and puts it with its user in the context.
struct SessionMiddleware: RouterMiddleware {
    static let cookie = "outreach_session"
    let web: WebApp

    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.cookie]?.value, !token.isEmpty {
            context.signedIn = try await web.login.session(token: token, at: web.now())
            if let user = context.signedIn?.user {
                context.logger[metadataKey: "user.name"] = .string(user.name.rawValue)
            }
        }
        return try await next(request, context)
    }
}

/// A database kept busy by another process past the busy timeout (a long `outreach reach import` beside the
/// server): 503 with `Retry-After` and the store's own message, as a page or, under `/api/`, as a problem; not a
/// server error. Nothing was written.
struct BusyStoreMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch StoreError.busy(let seconds) {
            let language = context.language
            if request.uri.path.hasPrefix("/api/") { return APIProblem.busy(seconds: seconds, language).apiResponse(language).response }
            let body = "<p class=\"note\">\(escape(StoreMessages.busy(seconds: seconds).text(language)))</p>\n"
            var response = Page(
                title: APIMessages.unavailableTitle.text(language), language: language, signedIn: context.signedIn, path: "/", body: body
            ).response(.serviceUnavailable)
            response.headers[.retryAfter] = APIProblem.busyRetryAfter
            return response
        }
    }
}

/// The client's address through the trusted reverse proxies (`trusted_proxies:`), for sign-in throttling and the
/// request log; without trusted proxies the connection's address stands and `X-Forwarded-For` is not believed.
struct ClientAddressMiddleware: RouterMiddleware {
    let proxies: TrustedProxies

    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.address = proxies.client(peer: context.address, forwardedFor: request.headers[values: .xForwardedFor])
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}

/// A page in the reader's language for an address that has none, instead of an empty 404.
struct NotFoundPageMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WebRequestContext, next: (Request, WebRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let language = context.language
            let body = "<p class=\"note\">\(escape(WebMessages.notFound.text(language)))</p>\n"
                + "<p><a href=\"/\">\(escape(WebMessages.homeLink.text(language)))</a></p>\n"
            return Page(
                title: WebMessages.notFoundTitle.text(language), language: language, signedIn: context.signedIn, path: "/", body: body
            ).response(.notFound)
        }
    }
}
