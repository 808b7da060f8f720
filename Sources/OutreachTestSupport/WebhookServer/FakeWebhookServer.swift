import Glibc
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 for transport tests and benchmarks.
///
/// It listens on a free port (read it from ``port``), serves each connection on its own thread with
/// keep-alive, records every request, and lets a handler choose per request whether to answer, stall,
/// drop the connection or answer late. ``stop()`` (or dropping the server) closes everything and joins
/// every thread.
///
/// ```swift
/// let server = try FakeWebhookServer { request in
///     request.path == "/slow" ? .stall(.seconds(30)) : .ok
/// }
/// defer { server.stop() }
/// // POST to server.url("/send?key=abc") …
/// ```
package final class FakeWebhookServer: Sendable {
    /// Chooses the action for one request; called on the connection's thread.
    package typealias Handler = @Sendable (RecordedRequest) -> Action

    /// The bound TCP port on 127.0.0.1.
    package let port: Int
    private let core: ServerCore

    /// Binds 127.0.0.1 on a free port and starts accepting connections.
    /// - Parameters:
    ///   - recordRequests: Whether to keep every request for ``requests``; counts are kept regardless.
    ///     Turn it off for long benchmark runs.
    ///   - handler: Chooses the action per request; the default answers ``Action/ok``.
    /// - Throws: ``SocketError`` when the socket cannot be set up.
    package init(recordRequests: Bool = true, handler: @escaping Handler = { _ in .ok }) throws(SocketError) {
        let (fd, port) = try bindLoopback(port: 0, listen: 1024)
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            let code = errno
            close(fd)
            throw SocketError(operation: "pipe2", code: code)
        }
        for pipeFD in pipeFDs { _ = fcntl(pipeFD, F_SETFD, FD_CLOEXEC) }
        self.port = port
        core = ServerCore(
            listenFD: fd,
            wakeRead: pipeFDs[0],
            wakeWrite: pipeFDs[1],
            recordRequests: recordRequests,
            handler: handler
        )
        try core.start()
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:<port>`.
    package var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Returns `http://127.0.0.1:<port>` followed by `pathAndQuery`.
    /// - Parameter pathAndQuery: Starts with `/`, such as `"/send?key=abc"`.
    /// - Returns: The absolute URL.
    package func url(_ pathAndQuery: String) -> String { baseURL + pathAndQuery }

    /// Every request recorded so far, in arrival order (empty when recording is off).
    package var requests: [RecordedRequest] { core.state.withLock { $0.requests } }

    /// How many complete requests arrived, recorded or not.
    package var requestCount: Int { core.state.withLock { $0.requestCount } }

    /// How many TCP connections were accepted.
    package var acceptedConnectionCount: Int { core.state.withLock { $0.acceptedConnections } }

    /// Replaces the handler for requests that arrive from now on.
    /// - Parameter handler: The new handler.
    package func setHandler(_ handler: @escaping Handler) {
        core.state.withLock { $0.handler = handler }
    }

    /// Suspends until at least `count` requests have arrived.
    /// - Parameter count: The number to wait for.
    /// - Returns: `true` when they arrived; `false` when the server stopped or the task was cancelled first.
    @discardableResult
    package func waitForRequests(_ count: Int) async -> Bool {
        await core.waitForRequests(count)
    }

    /// Closes the listening socket and every connection, cuts stalls and delays short, and joins every
    /// thread. Safe to call more than once.
    package func stop() {
        core.stop()
    }

    /// Returns a loopback port that nothing listens on: bound, read back, closed.
    /// - Returns: The port number.
    /// - Throws: ``SocketError`` when no socket can be bound.
    package static func closedPort() throws(SocketError) -> Int {
        let (fd, port) = try bindLoopback(port: 0, listen: nil)
        close(fd)
        return port
    }
}

/// The part of the server that its threads hold on to, so that dropping the public object stops it.
final class ServerCore: Sendable {
    struct Waiter {
        var id: UInt64
        var count: Int
        var continuation: CheckedContinuation<Bool, Never>
    }

    struct State {
        var handler: FakeWebhookServer.Handler
        var requests: [RecordedRequest] = []
        var requestCount = 0
        var acceptedConnections = 0
        var openFDs: Set<Int32> = []
        var threads: [Int: pthread_t] = [:]
        var acceptThread: pthread_t?
        var stopping = false
        var stopped = false
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 1
    }

    let state: Mutex<State>
    private let listenFD: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let recordRequests: Bool

    init(
        listenFD: Int32,
        wakeRead: Int32,
        wakeWrite: Int32,
        recordRequests: Bool,
        handler: @escaping FakeWebhookServer.Handler
    ) {
        self.listenFD = listenFD
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.recordRequests = recordRequests
        state = Mutex(State(handler: handler))
    }

    func start() throws(SocketError) {
        let failed: Bool = state.withLock { state in
            guard let thread = spawnThread({ self.acceptLoop() }) else { return true }
            state.acceptThread = thread
            return false
        }
        if failed {
            stop()
            throw SocketError(operation: "pthread_create", code: EAGAIN)
        }
    }

    // MARK: Accepting

    private func acceptLoop() {
        while true {
            let ready = waitReadable([listenFD, wakeRead], timeout: nil)
            if ready.contains(1) { return }
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE { _ = waitReadable([wakeRead], timeout: .milliseconds(10)) }
                continue
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var yes: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let accepted: Bool = state.withLock { state in
                guard !state.stopping else { return false }
                state.acceptedConnections += 1
                let id = state.acceptedConnections
                guard let thread = spawnThread({ self.serve(fd: fd, connectionID: id) }) else { return false }
                state.openFDs.insert(fd)
                state.threads[id] = thread
                return true
            }
            if !accepted { close(fd) }
        }
    }

    // MARK: Serving one connection

    private func serve(fd: Int32, connectionID: Int) {
        defer { closeConnection(fd: fd, connectionID: connectionID) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var continueSent = false
        while true {
            let outcome = buffer.withUnsafeBytes { RequestParser.parse($0) }
            switch outcome {
            case .invalid:
                _ = writeAll(fd, ResponseWriter.bytes(status: 400, headers: [], body: [], close: true))
                return
            case .incomplete(let expectsContinue):
                if expectsContinue, !continueSent {
                    continueSent = true
                    guard writeAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
                }
                let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return }
                buffer.append(contentsOf: scratch[0..<count])
            case .complete(let parsed, let consumed):
                if consumed == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                } else {
                    buffer.removeFirst(consumed)
                }
                continueSent = false
                guard respond(to: parsed, fd: fd, connectionID: connectionID) else { return }
            }
        }
    }

    /// Records the request and carries out the handler's action; returns whether to keep the connection.
    private func respond(to parsed: ParsedRequest, fd: Int32, connectionID: Int) -> Bool {
        var request = RecordedRequest(
            method: parsed.method,
            target: parsed.target,
            version: parsed.version,
            headers: parsed.headers,
            body: parsed.body,
            arrival: .now,
            connectionID: connectionID
        )
        let (handler, satisfied): (FakeWebhookServer.Handler, [CheckedContinuation<Bool, Never>]) =
            state.withLock { state in
                state.requestCount += 1
                request.sequence = state.requestCount
                if recordRequests { state.requests.append(request) }
                var satisfied: [CheckedContinuation<Bool, Never>] = []
                if !state.waiters.isEmpty {
                    let count = state.requestCount
                    satisfied = state.waiters.filter { $0.count <= count }.map(\.continuation)
                    state.waiters.removeAll { $0.count <= count }
                }
                return (state.handler, satisfied)
            }
        for continuation in satisfied { continuation.resume(returning: true) }
        return perform(handler(request), fd: fd, keepAlive: parsed.keepAlive)
    }

    private func perform(_ action: FakeWebhookServer.Action, fd: Int32, keepAlive: Bool) -> Bool {
        switch action {
        case .respond(let status, let headers, let body):
            let bytes = ResponseWriter.bytes(status: status, headers: headers, body: body, close: !keepAlive)
            return writeAll(fd, bytes) && keepAlive
        case .dropConnection:
            return false
        case .stall(let duration):
            let deadline = ContinuousClock.now + duration
            var scratch = [UInt8](repeating: 0, count: 4096)
            while true {
                let ready = waitReadable([fd, wakeRead], timeout: ContinuousClock.now.duration(to: deadline))
                if ready.isEmpty || ready.contains(1) { return false }  // time is up, or the server stops
                let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return false }  // the client gave up
            }
        case .delay(let duration, let next):
            let ready = waitReadable([wakeRead], timeout: duration)
            if !ready.isEmpty { return false }
            return perform(next, fd: fd, keepAlive: keepAlive)
        }
    }

    private func closeConnection(fd: Int32, connectionID: Int) {
        state.withLock { state in
            state.openFDs.remove(fd)
            close(fd)  // under the lock, so stop() never shuts down a reused descriptor number
            if !state.stopping, let thread = state.threads.removeValue(forKey: connectionID) {
                pthread_detach(thread)
            }
        }
    }

    // MARK: Waiting and stopping

    func waitForRequests(_ count: Int) async -> Bool {
        let id: UInt64 = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate: Bool? = state.withLock { state in
                    if state.requestCount >= count { return true }
                    if state.stopping || Task.isCancelled { return false }
                    state.waiters.append(Waiter(id: id, count: count, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    func stop() {
        let taken: (threads: [pthread_t], acceptThread: pthread_t?, waiters: [Waiter])? = state.withLock { state in
            guard !state.stopping else { return nil }
            state.stopping = true
            for fd in state.openFDs { shutdown(fd, Int32(SHUT_RDWR)) }
            let result = (Array(state.threads.values), state.acceptThread, state.waiters)
            state.threads.removeAll()
            state.acceptThread = nil
            state.waiters.removeAll()
            return result
        }
        guard case let (threads, acceptThread, waiters)? = taken else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        if let acceptThread { pthread_join(acceptThread, nil) }
        for thread in threads { pthread_join(thread, nil) }
        close(listenFD)
        close(wakeRead)
        close(wakeWrite)
        state.withLock { $0.stopped = true }
        for waiter in waiters { waiter.continuation.resume(returning: false) }
    }
}
