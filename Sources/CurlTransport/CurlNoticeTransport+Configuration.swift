extension CurlNoticeTransport {
    /// Settings of one ``CurlNoticeTransport``; every field has a default fit for chat webhooks.
    public struct Configuration: Sendable, Equatable {
        /// Where proxy settings come from.
        public enum Proxy: Sendable, Equatable {
            /// libcurl reads `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` (lower or upper case,
            /// except `http_proxy`, which is lower case only) at each new connection.
            case environment
            /// Connect directly, ignoring the environment.
            case disabled
            /// Use this proxy URL (`http://host:port`, `socks5h://…`) for every request, ignoring the environment.
            case url(String)
        }

        /// Longest time to establish the TCP connection and TLS session. Default 5 s.
        public var connectTimeout: Duration
        /// Longest time for a whole transfer, connection included. Default 15 s.
        public var totalTimeout: Duration
        /// Most transfers running at once; further sends wait in a FIFO queue. Default 32, at least 1.
        public var maxConcurrentTransfers: Int
        /// Most open connections to one host (`CURLMOPT_MAX_HOST_CONNECTIONS`); 0, the default, sets no cap
        /// beyond ``maxConcurrentTransfers``. Transfers over the cap wait inside libcurl.
        public var maxConnectionsPerHost: Int
        /// Most idle connections kept open for reuse (`CURLMOPT_MAXCONNECTS`). Default 32.
        public var maxCachedConnections: Int
        /// Whether to verify the server certificate and host name. Default `true`; the transport never
        /// turns this off by itself. Prefer ``caBundlePath`` over `false` for a private CA.
        public var verifyTLS: Bool
        /// A PEM file of trusted CA certificates instead of the system bundle; `nil` (default) uses the system's.
        public var caBundlePath: String?
        /// The `User-Agent` header. Default `"Outreach/1.0 libcurl"`.
        public var userAgent: String
        /// Proxy source. Default ``Proxy/environment``.
        public var proxy: Proxy
        /// Largest response body kept, in bytes; a larger body fails the send with
        /// ``OutreachCore/TransportError/other(code:message:)`` (`CURLE_WRITE_ERROR`, 23). Default 1 MiB.
        public var maxResponseBodyBytes: Int

        /// Creates a configuration; see each property for its meaning and default.
        public init(
            connectTimeout: Duration = .seconds(5),
            totalTimeout: Duration = .seconds(15),
            maxConcurrentTransfers: Int = 32,
            maxConnectionsPerHost: Int = 0,
            maxCachedConnections: Int = 32,
            verifyTLS: Bool = true,
            caBundlePath: String? = nil,
            userAgent: String = "Outreach/1.0 libcurl",
            proxy: Proxy = .environment,
            maxResponseBodyBytes: Int = 1 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxConcurrentTransfers = maxConcurrentTransfers
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxCachedConnections = maxCachedConnections
            self.verifyTLS = verifyTLS
            self.caBundlePath = caBundlePath
            self.userAgent = userAgent
            self.proxy = proxy
            self.maxResponseBodyBytes = maxResponseBodyBytes
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1: libcurl reads 0 as "no timeout".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int.max }
        return max(1, Int(milliseconds.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
