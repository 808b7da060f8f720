/// Sends one HTTP request and returns the whole response.
///
/// A response of any status is a success here; interpreting `errcode` or a 4xx is the caller's job.
/// Implementations never follow redirects and never retry on their own account, except where
/// documented (libcurl resends once on a reused connection that closed without any reply).
public protocol NoticeTransport: Sendable {
    /// Sends `request` and waits for the complete response.
    /// - Parameter request: The request to send.
    /// - Returns: The response, whatever its status.
    /// - Throws: ``TransportError`` when no complete response arrived, including
    ///   ``TransportError/cancelled`` when the calling task is cancelled.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}
