import Foundation
import OutreachCore

/// An ``OutreachCore/NoticeTransport`` over libcurl's multi interface.
///
/// One dedicated driver thread (not the cooperative pool) runs `curl_multi_perform` and
/// `curl_multi_poll` for every transfer. ``send(_:)`` hands its request to that thread through a
/// lock-protected queue and suspends until the transfer ends, so many sends run at once on one
/// thread, and connections are kept alive and reused across sends.
///
/// - Proxies: with the default ``Configuration/Proxy/environment`` libcurl itself honours
///   `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy`; `no_proxy=127.0.0.1,localhost` keeps
///   loopback traffic direct.
/// - Cancellation: cancelling the sending task detaches its transfer (or drops it from the queue) and
///   ``send(_:)`` throws ``OutreachCore/TransportError/cancelled``. The protocol's typed throws keeps
///   retry code exhaustive, so there is no separate `CancellationError`.
/// - Redirects are not followed; any status, 4xx and 5xx included, is a response, not an error.
/// - libcurl resends a request once, on a fresh connection, when a *reused* keep-alive connection
///   closes without a single reply byte. That covers a server closing an idle connection; a server that
///   read the request and then closed gets it twice.
/// - Lifetime: call ``shutdown(abortingInFlight:)`` (or use ``withCurlNoticeTransport(configuration:isolation:_:)``)
///   to stop the driver thread deterministically. Dropping the last reference also stops it, without
///   waiting; no send can be running then, because a running send keeps the transport alive.
///
/// ```swift
/// let transport = CurlNoticeTransport()
/// let request = HTTPRequest(url: url, headers: [("Content-Type", "application/json")], body: json)
/// let response = try await transport.send(request)
/// await transport.shutdown()
/// ```
public final class CurlNoticeTransport: NoticeTransport {
    /// The settings this transport was created with.
    public let configuration: Configuration
    private let multi: MultiHandle
    let queue: SubmissionQueue

    /// Creates a transport and starts its driver thread.
    /// - Parameter configuration: Timeouts, concurrency, TLS and proxy settings.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let multi = MultiHandle(configuration: configuration)
        let queue = SubmissionQueue()
        self.multi = multi
        self.queue = queue
        let thread = Thread {
            Driver(multi: multi, queue: queue, configuration: configuration).run()
        }
        thread.name = "outreach-curl"
        thread.start()
    }

    deinit {
        if queue.requestShutdown(.graceful) { multi.wakeup() }
    }

    /// Sends `request` and waits for the complete response.
    /// - Parameter request: The request; its URL must be an absolute `http` or `https` URL.
    /// - Returns: The response, whatever its status.
    /// - Throws: ``OutreachCore/TransportError``; ``OutreachCore/TransportError/cancelled`` when the
    ///   task is cancelled or the transport shuts down first.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        guard Self.isAcceptableURL(request.url) else { throw .invalidURL }
        let queue = self.queue
        let multi = self.multi
        let id = queue.reserve()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if queue.enqueue(id: id, request: request, completion: .single(continuation)) { multi.wakeup() }
            }
        } onCancel: {
            if queue.cancel(id: id) { multi.wakeup() }
        }
        return try result.get()
    }

    /// Sends every request, at most ``Configuration/maxConcurrentTransfers`` at once (the rest wait in
    /// the transport's FIFO queue), and returns their results in order.
    ///
    /// One suspension for the whole batch instead of one per request: the results are handed over
    /// when the last transfer ends. Cancelling the task cancels every transfer still queued or running.
    /// - Parameters:
    ///   - requests: The requests.
    ///   - concurrency: Ignored: this transport's own limit applies.
    /// - Returns: One result per request, in the same order.
    public func send(all requests: [HTTPRequest], concurrency: Int) async -> [Result<HTTPResponse, TransportError>] {
        guard !requests.isEmpty else { return [] }
        let ids = requests.map { Self.isAcceptableURL($0.url) ? queue.reserve() : nil }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let collector = BatchCollector(count: requests.count, continuation: continuation)
                enqueue(requests, ids: ids) { .batch(collector, index: $0) }
            }
        } onCancel: {
            cancel(ids)
        }
    }

    /// Starts every request at once (beyond ``Configuration/maxConcurrentTransfers`` they wait in the
    /// transport's FIFO queue) and calls `completion` on the driver thread as each one ends, so it must
    /// return quickly. Nothing suspends: a caller that keeps many sends going hears of each as it ends,
    /// with no thread hand-off per request.
    public func start(
        _ requests: [HTTPRequest], completion: @escaping @Sendable (Int, Result<HTTPResponse, TransportError>) -> Void
    ) -> StartedTransfers {
        let ids = requests.map { Self.isAcceptableURL($0.url) ? queue.reserve() : nil }
        enqueue(requests, ids: ids) { .callback(completion, index: $0) }
        return StartedTransfers { [self] in cancel(ids) }
    }

    /// Calls `body` on the driver thread after each turn in which transfers ended, once their completions ran.
    public func afterEachTurn(_ body: (@Sendable () -> Void)?) -> Bool {
        queue.turnEnded = body
        return true
    }

    /// Queues reserved requests (a nil id fails at once as ``OutreachCore/TransportError/invalidURL``) and
    /// wakes the driver once.
    private func enqueue(_ requests: [HTTPRequest], ids: [UInt64?], completion: (Int) -> Completion) {
        var wake = false
        for (index, (request, id)) in zip(requests, ids).enumerated() {
            guard let id else {
                completion(index).resume(returning: .failure(.invalidURL))
                continue
            }
            if queue.enqueue(id: id, request: request, completion: completion(index)) { wake = true }
        }
        if wake { multi.wakeup() }
    }

    /// Cancels queued or running requests by id.
    private func cancel(_ ids: [UInt64?]) {
        var wake = false
        for id in ids.compactMap({ $0 }) where queue.cancel(id: id) { wake = true }
        if wake { multi.wakeup() }
    }

    /// Stops accepting sends and waits until the driver thread has ended.
    ///
    /// Sends that start afterwards fail with ``OutreachCore/TransportError/cancelled``.
    /// - Parameter abortingInFlight: `false` (default) lets queued and running transfers finish, each
    ///   bounded by ``Configuration/totalTimeout``; `true` fails them with
    ///   ``OutreachCore/TransportError/cancelled`` at once.
    public func shutdown(abortingInFlight: Bool = false) async {
        if queue.requestShutdown(abortingInFlight ? .abort : .graceful) { multi.wakeup() }
        await queue.waitUntilStopped()
    }

    /// Rejects what libcurl would otherwise guess at: no scheme (libcurl would assume `http://`
    /// and send the key in clear text), other schemes, whitespace and control characters.
    static func isAcceptableURL(_ url: String) -> Bool {
        let lowered = url.prefix(8).lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else {
            return false
        }
        guard let first = rest.first, first != "/", first != "?", first != "#" else { return false }
        return !url.utf8.contains { $0 <= 0x20 || $0 == 0x7F }
    }
}

/// Runs `body` with a new transport and shuts the transport down afterwards, also when `body` throws.
/// - Parameters:
///   - configuration: The transport's settings.
///   - isolation: The caller's actor, inherited automatically.
///   - body: The work that uses the transport.
/// - Returns: What `body` returns.
/// - Throws: What `body` throws.
public func withCurlNoticeTransport<Result, Failure: Error>(
    configuration: CurlNoticeTransport.Configuration = CurlNoticeTransport.Configuration(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (CurlNoticeTransport) async throws(Failure) -> Result
) async throws(Failure) -> Result {
    let transport = CurlNoticeTransport(configuration: configuration)
    do {
        let result = try await body(transport)
        await transport.shutdown()
        return result
    } catch {
        await transport.shutdown()
        throw error
    }
}
