/// An HTTP request to a chat-group webhook, independent of any HTTP library.
///
/// The URL usually carries a secret (`key=…`, `access_token=…`, `/hook/<token>`), so `description`
/// shows only the scheme and host.
public struct HTTPRequest: Sendable {
    /// The absolute `http` or `https` URL, query included.
    public var url: String
    /// The request method, `"POST"` for every webhook.
    public var method: String
    /// Header fields in sending order; names keep the case given here.
    public var headers: [(name: String, value: String)]
    /// The body bytes, sent exactly as given.
    public var body: [UInt8]

    /// Creates a request.
    /// - Parameters:
    ///   - url: The absolute `http` or `https` URL.
    ///   - method: The request method; defaults to `"POST"`.
    ///   - headers: Header fields in sending order.
    ///   - body: The body bytes.
    public init(
        url: String,
        method: String = "POST",
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// Returns the first value of the header `name`, compared case-insensitively.
    /// - Parameter name: The header name.
    /// - Returns: The value, or `nil` when the header is absent.
    public func header(_ name: String) -> String? {
        headers.firstValue(named: name)
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible {
    /// `POST https://qyapi.weixin.qq.com/… (123 bytes)`: no path, query or user info.
    public var description: String {
        "\(method) \(RedactedURL.schemeAndHost(of: url))/… (\(body.count) bytes)"
    }

    public var debugDescription: String { "HTTPRequest(\(description))" }
}

/// Cuts a URL down to the parts that carry no secrets.
package enum RedactedURL {
    /// Returns `scheme://host[:port]`, without user info, path, query or fragment.
    /// - Parameter url: Any string; nonsense gives `"<invalid URL>"`.
    /// - Returns: The redacted form.
    package static func schemeAndHost(of url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return "<invalid URL>" }
        let scheme = url[..<schemeEnd.lowerBound]
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        return "\(scheme)://\(host)"
    }
}

extension [(name: String, value: String)] {
    func firstValue(named name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}
