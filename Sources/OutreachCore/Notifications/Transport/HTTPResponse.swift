/// A complete HTTP response, of any status.
public struct HTTPResponse: Sendable {
    /// The status code, such as 200.
    public var status: Int
    /// Header fields in received order, names as the server spelled them.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// Time on the wire, from the start of the transfer (name lookup or reused connection) to the last byte.
    public var elapsed: Duration

    /// Creates a response.
    /// - Parameters:
    ///   - status: The status code.
    ///   - headers: Header fields in received order.
    ///   - body: The body bytes.
    ///   - elapsed: Time on the wire.
    public init(
        status: Int,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        elapsed: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed
    }

    /// Returns the first value of the header `name`, compared case-insensitively.
    /// - Parameter name: The header name, such as `"content-type"`.
    /// - Returns: The value, or `nil` when the header is absent.
    public func header(_ name: String) -> String? {
        headers.firstValue(named: name)
    }
}
