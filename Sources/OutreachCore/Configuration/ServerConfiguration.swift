/// The `server:` section of `outreach.yaml`: where `outreach serve` listens and how its sessions behave.
///
/// ```yaml
/// server:
///   host: 127.0.0.1          # address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
///   port: 8080               # 0 to 65535 (0: any free port); default 8080
///   secure_cookies: true     # mark cookies Secure: set when the server is reached over https (default false)
///   session_lifetime: 12h    # how long a sign-in lasts: minutes or hours, like 90m or 12h (5m to 30d; default 12h)
///   evidence_folder: /data/outreach-evidence   # where reach photos are kept (default: <database>.evidence)
///   trusted_proxies: [127.0.0.1]                # proxies believed about the client (X-Forwarded-For); default none
/// ```
public struct ServerConfiguration: Hashable, Sendable {
    public var host: String
    public var port: Int
    /// Whether cookies carry `Secure` (only sent over https).
    public var secureCookies: Bool
    /// How long a session lasts, in seconds.
    public var sessionLifetimeSeconds: Int
    /// Where reach evidence photos are kept; nil for the folder beside the database (`<database>.evidence`).
    public var evidenceFolder: String?
    /// The reverse proxies whose `X-Forwarded-For` names the client (for sign-in throttling and logs); none by default.
    public var trustedProxies = TrustedProxies()

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, sessionLifetimeSeconds: Int = 12 * 3600) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
    }

    /// The sign-in rules with this configuration's session lifetime.
    public var loginPolicy: LoginPolicy {
        var policy = LoginPolicy()
        policy.sessionLifetime = .seconds(sessionLifetimeSeconds)
        return policy
    }
}
