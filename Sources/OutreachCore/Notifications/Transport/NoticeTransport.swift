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

    /// Sends every request, at most `concurrency` at once, and returns their results in order; see the
    /// default implementation.
    func send(all requests: [HTTPRequest], concurrency: Int) async -> [Result<HTTPResponse, TransportError>]
}

extension NoticeTransport {
    /// Sends every request, at most `concurrency` at once, and returns their results in order.
    ///
    /// Transports with a queue of their own (``send(all:concurrency:)`` of the libcurl transport) hand
    /// a whole batch over at once; this default runs one child task per request.
    /// - Parameters:
    ///   - requests: The requests.
    ///   - concurrency: Most sends at once.
    /// - Returns: One result per request, in the same order.
    public func send(all requests: [HTTPRequest], concurrency: Int) async -> [Result<HTTPResponse, TransportError>] {
        await withTaskGroup(of: (Int, Result<HTTPResponse, TransportError>).self) { group in
            var results = [Result<HTTPResponse, TransportError>](repeating: .failure(.cancelled), count: requests.count)
            var next = 0
            func start() {
                guard next < requests.count else { return }
                let index = next
                let request = requests[index]
                next += 1
                group.addTask {
                    do throws(TransportError) {
                        return (index, .success(try await self.send(request)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { start() }
            for await (index, result) in group {
                results[index] = result
                start()
            }
            return results
        }
    }
}
