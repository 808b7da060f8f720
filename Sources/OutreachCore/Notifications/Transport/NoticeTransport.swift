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

    /// Starts every request at once and hands each result to `completion` as that transfer ends: on any
    /// thread, in any order, exactly once per request (with its index). The caller bounds how many run;
    /// `completion` should return quickly. See the default implementation.
    /// - Returns: A handle that cancels the transfers still running; each then ends with
    ///   ``TransportError/cancelled``.
    func start(
        _ requests: [HTTPRequest], completion: @escaping @Sendable (Int, Result<HTTPResponse, TransportError>) -> Void
    ) -> StartedTransfers

    /// Calls `body` on the transport's own thread after every turn of its loop in which transfers ended, once
    /// their completions (of ``start(_:completion:)``) have all been called; nil stops it. A caller that answers
    /// ended sends with new ones gathers a turn's worth this way instead of one at a time.
    /// - Returns: false when the transport has no such turns (its completions come one at a time); the default.
    func afterEachTurn(_ body: (@Sendable () -> Void)?) -> Bool
}

/// Transfers begun by ``NoticeTransport/start(_:completion:)``, to cancel on shutdown.
public struct StartedTransfers: Sendable {
    private let cancelAll: @Sendable () -> Void

    /// - Parameter cancel: Cancels every transfer of the batch that is still queued or running.
    public init(cancel: @escaping @Sendable () -> Void) { cancelAll = cancel }

    /// Cancels every transfer still queued or running; each reports ``TransportError/cancelled``.
    public func cancel() { cancelAll() }
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

    /// Starts every request and hands each result to `completion` as it ends.
    ///
    /// Transports with a queue of their own (the libcurl transport) hand the whole batch over at once;
    /// this default runs one child task per request in an unstructured task, which the returned handle
    /// cancels.
    public func start(
        _ requests: [HTTPRequest], completion: @escaping @Sendable (Int, Result<HTTPResponse, TransportError>) -> Void
    ) -> StartedTransfers {
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, request) in requests.enumerated() {
                    group.addTask {
                        do throws(TransportError) {
                            completion(index, .success(try await self.send(request)))
                        } catch {
                            completion(index, .failure(error))
                        }
                    }
                }
            }
        }
        return StartedTransfers { task.cancel() }
    }

    /// No turns: completions come one at a time, from tasks.
    public func afterEachTurn(_ body: (@Sendable () -> Void)?) -> Bool { false }
}
