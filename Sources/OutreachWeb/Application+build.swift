import Foundation
import Hummingbird
import Logging
import NIOCore
import OutreachCore
import ServiceLifecycle

/// Builds the web application: the router with its middleware and controllers, listening where the `server:`
/// configuration says. Other services (the notice worker) run beside it in the caller's service group.
///
/// - Parameters:
///   - web: the store, hasher, configuration and clock.
///   - logger: the server's logger (each request's lines carry `hb.request.id`).
///   - onServerRunning: called with the bound address once the server listens (port 0 picks a free port).
public func buildApplication(
    _ web: WebApp, logger: Logger, onServerRunning: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(web),
        configuration: ApplicationConfiguration(
            address: .hostname(web.configuration.host, port: web.configuration.port), serverName: "outreach"),
        onServerRunning: { channel in
            let address = channel.localAddress
            await onServerRunning(address?.ipAddress ?? web.configuration.host, address?.port ?? web.configuration.port)
        },
        logger: logger)
}

/// The routes and middleware, for `buildApplication` and for in-process tests.
public func buildRouter(_ web: WebApp) -> Router<WebRequestContext> {
    let router = Router(context: WebRequestContext.self)
    if !web.configuration.trustedProxies.isEmpty {
        router.add(middleware: ClientAddressMiddleware(proxies: web.configuration.trustedProxies))
    }
    router.addMiddleware {
        RequestIDMiddleware()
        PrometheusMiddleware(registry: web.metrics)
        LogRequestsMiddleware(.info)
        SecurityHeadersMiddleware()
        LanguageMiddleware(secureCookies: web.configuration.secureCookies)
        BusyStoreMiddleware()
        SessionMiddleware(web: web)
        NotFoundPageMiddleware()
    }
    HealthController(web: web).addRoutes(to: router)
    AuthController(web: web).addRoutes(to: router)
    HomeController(web: web).addRoutes(to: router)
    FeedController(web: web).addRoutes(to: router)
    CalendarController(web: web).addRoutes(to: router)
    CampaignController(web: web).addRoutes(to: router)
    EventController(web: web).addRoutes(to: router)
    ReachController(web: web).addRoutes(to: router)
    ReachUploadController(web: web).addRoutes(to: router)
    PlanningController(web: web).addRoutes(to: router)
    NoticesController(web: web).addRoutes(to: router)
    FeedsPageController(web: web).addRoutes(to: router)
    ReportsController(web: web).addRoutes(to: router)
    APIController(web: web).addRoutes(to: router)
    return router
}

/// Why the server could not start listening (the system's words, like "Address already in use"), when that
/// is what `error` says; nil for any other error.
public func listenFailureReason(_ error: any Error) -> String? {
    guard let error = error as? IOError else { return nil }
    return String(cString: strerror(error.errnoCode))
}
