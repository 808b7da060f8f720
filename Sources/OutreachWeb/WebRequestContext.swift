import Hummingbird
import Logging
import NIOCore
import OutreachCore

/// What a request carries through the middleware to its handler: the client's address, the page language,
/// and the signed-in user when there is one.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, for throttling sign-ins ("unknown" when the channel has none, as in tests).
    public var address: String
    /// The page language: `?lang=`, else the language cookie, else Chinese.
    public var language: Language = .zh
    /// The session and its user, set by `SessionMiddleware`.
    public var signedIn: (session: LoginSession, user: User)?
    /// The user an `/api/v1` request acts as (its token's, or the session's with its form token), set by `APIAuthMiddleware`.
    public var apiUser: User?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms and pages are small: anything larger is refused with 413.
    public var maxUploadSize: Int { 64 * 1024 }
}
