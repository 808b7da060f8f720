/// Why a request produced no complete HTTP response.
///
/// `description` never contains the request URL: webhook URLs carry secrets.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host name did not resolve. Nothing was sent.
    case couldNotResolveHost
    /// No connection was established: refused, unreachable, or the connect timeout passed. Nothing was sent.
    case couldNotConnect
    /// The total timeout passed after the connection was up; the server may have the request.
    case timedOut
    /// The connection closed or reset before a complete reply; the server may have the request.
    case connectionReset
    /// The TLS handshake or certificate check failed. The detail never contains the URL.
    case tls(String)
    /// The URL is not an absolute `http` or `https` URL, or libcurl rejected it.
    case invalidURL
    /// The calling task was cancelled, or the transport shut down, before the response arrived.
    case cancelled
    /// Any other libcurl failure; `code` is the `CURLcode`. The message never contains the URL.
    case other(code: Int, message: String)

    /// Whether sending the same request again may succeed.
    ///
    /// Check ``outcomeUnknown`` as well before retrying a non-idempotent webhook post.
    public var isTransient: Bool {
        switch self {
        case .couldNotResolveHost, .couldNotConnect, .timedOut, .connectionReset: true
        case .tls, .invalidURL, .cancelled, .other: false
        }
    }

    /// Whether the request may have reached the server, so that a retry could post the notice twice.
    public var outcomeUnknown: Bool {
        switch self {
        case .timedOut, .connectionReset, .cancelled, .other: true
        case .couldNotResolveHost, .couldNotConnect, .tls, .invalidURL: false
        }
    }

    /// A label of bounded cardinality for metrics and log metadata.
    public var shortDescription: String {
        switch self {
        case .couldNotResolveHost: "resolve"
        case .couldNotConnect: "connect"
        case .timedOut: "timeout"
        case .connectionReset: "reset"
        case .tls: "tls"
        case .invalidURL: "invalid_url"
        case .cancelled: "cancelled"
        case .other: "other"
        }
    }

    public var description: String {
        switch self {
        case .couldNotResolveHost: "Could not resolve the webhook host."
        case .couldNotConnect: "Could not connect to the webhook host."
        case .timedOut: "Timed out waiting for the webhook's reply; the notice may have been delivered."
        case .connectionReset: "The connection closed before a complete reply; the notice may have been delivered."
        case .tls(let detail): "TLS failure: \(detail)"
        case .invalidURL: "The webhook URL is not a valid http or https URL."
        case .cancelled: "The send was cancelled."
        case .other(let code, let message): "Transport failure (libcurl code \(code)): \(message)"
        }
    }
}
