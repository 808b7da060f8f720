/// One request as the fake server received it.
package struct RecordedRequest: Sendable {
    /// The method, such as `"POST"`.
    package var method: String
    /// The request target as sent: path and query (`/send?key=…`), or an absolute URL when the
    /// client treats this server as its proxy.
    package var target: String
    /// The protocol version, such as `"HTTP/1.1"`.
    package var version: String
    /// Header fields in received order, names as the client spelled them.
    package var headers: [(name: String, value: String)]
    /// The body bytes, de-chunked when the client sent `Transfer-Encoding: chunked`.
    package var body: [UInt8]
    /// When the complete request had arrived.
    package var arrival: ContinuousClock.Instant
    /// Which accepted connection carried it, counting from 1.
    package var connectionID: Int
    /// Its position among all requests this server received, counting from 1.
    package var sequence: Int

    /// Creates a record; the server does this, tests rarely need to.
    package init(
        method: String,
        target: String,
        version: String = "HTTP/1.1",
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        arrival: ContinuousClock.Instant = .now,
        connectionID: Int = 0,
        sequence: Int = 0
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.arrival = arrival
        self.connectionID = connectionID
        self.sequence = sequence
    }

    /// The target without its query.
    package var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// The query after `?`, or `nil` when there is none.
    package var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    /// The body decoded as UTF-8 (invalid bytes become U+FFFD).
    package var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }

    /// Returns the first value of the header `name`, compared case-insensitively.
    /// - Parameter name: The header name.
    /// - Returns: The value, or `nil` when absent.
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Returns every value of the header `name`, compared case-insensitively.
    /// - Parameter name: The header name.
    /// - Returns: The values in received order.
    package func headers(named name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
