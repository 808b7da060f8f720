import OutreachCore
import Synchronization

/// Where a transfer's result goes: the continuation of one ``CurlNoticeTransport/send(_:)``, one
/// slot of a ``CurlNoticeTransport/send(all:concurrency:)`` batch, or the callback of a
/// ``CurlNoticeTransport/start(_:completion:)``.
enum Completion: Sendable {
    case single(CheckedContinuation<Result<HTTPResponse, TransportError>, Never>)
    case batch(BatchCollector, index: Int)
    case callback(@Sendable (Int, Result<HTTPResponse, TransportError>) -> Void, index: Int)

    func resume(returning result: Result<HTTPResponse, TransportError>) {
        switch self {
        case .single(let continuation): continuation.resume(returning: result)
        case .batch(let collector, let index): collector.resume(index, with: result)
        case .callback(let completion, let index): completion(index, result)
        }
    }
}

/// Gathers the results of a batch and resumes its one waiter when the last arrives.
final class BatchCollector: Sendable {
    private struct State {
        var results: [Result<HTTPResponse, TransportError>]
        var remaining: Int
        var continuation: CheckedContinuation<[Result<HTTPResponse, TransportError>], Never>?
    }

    private let state: Mutex<State>

    init(count: Int, continuation: CheckedContinuation<[Result<HTTPResponse, TransportError>], Never>) {
        state = Mutex(State(results: Array(repeating: .failure(.cancelled), count: count), remaining: count, continuation: continuation))
    }

    func resume(_ index: Int, with result: Result<HTTPResponse, TransportError>) {
        let finished = state.withLock { state -> (CheckedContinuation<[Result<HTTPResponse, TransportError>], Never>, [Result<HTTPResponse, TransportError>])? in
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.results)
        }
        if let (continuation, results) = finished { continuation.resume(returning: results) }
    }
}

/// A request handed from a sending task to the driver thread.
struct Submission: Sendable {
    let id: UInt64
    let request: HTTPRequest
    let completion: Completion
}

/// How the transport stops.
enum ShutdownMode: Sendable, Equatable {
    /// Queued and running transfers finish first.
    case graceful
    /// Queued and running transfers fail with `.cancelled` at once.
    case abort
}

/// What the driver thread picks up in one loop turn.
struct DriverWork: Sendable {
    var submissions: [Submission] = []
    var cancellations: [UInt64] = []
    var rejected: [Completion] = []
    var shutdown: ShutdownMode?
    var queueIsEmpty = true
}

/// The lock-protected meeting point of sending tasks and the driver thread.
///
/// Each send moves through `reserved → queued → running → (removed)`; whoever removes the entry or
/// takes it to `running` owns the continuation, so it is resumed exactly once. Continuations are
/// always resumed outside the lock.
final class SubmissionQueue: Sendable {
    private enum Entry {
        case reserved
        case cancelledEarly
        case queued(HTTPRequest, Completion)
        case running
    }

    private struct State {
        var nextID: UInt64 = 1
        var entries: [UInt64: Entry] = [:]
        var order: [UInt64] = []
        var orderHead = 0
        var queuedCount = 0
        var cancellations: [UInt64] = []
        var wakeupPending = false
        var shutdown: ShutdownMode?
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// What the driver calls after a turn in which transfers ended (``CurlNoticeTransport/afterEachTurn(_:)``).
    private let turnHook = Mutex<(@Sendable () -> Void)?>(nil)

    var turnEnded: (@Sendable () -> Void)? {
        get { turnHook.withLock { $0 } }
        set { turnHook.withLock { $0 = newValue } }
    }

    /// Reserves an id for a send that is about to enqueue.
    func reserve() -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = .reserved
            return id
        }
    }

    /// Queues a reserved send; returns whether the caller must wake the driver.
    func enqueue(id: UInt64, request: HTTPRequest, completion: Completion) -> Bool {
        enum Outcome {
            case queued(wake: Bool)
            case rejected
        }
        let outcome: Outcome = state.withLock { state in
            guard case .reserved = state.entries[id], state.shutdown == nil else {
                state.entries[id] = nil
                return .rejected
            }
            state.entries[id] = .queued(request, completion)
            state.order.append(id)
            state.queuedCount += 1
            let wake = !state.wakeupPending
            state.wakeupPending = true
            return .queued(wake: wake)
        }
        switch outcome {
        case .queued(let wake):
            return wake
        case .rejected:
            completion.resume(returning: .failure(.cancelled))
            return false
        }
    }

    /// Cancels a send in any state; returns whether the caller must wake the driver.
    func cancel(id: UInt64) -> Bool {
        enum Outcome {
            case nothing
            case resume(Completion)
            case wake
        }
        let outcome: Outcome = state.withLock { state in
            switch state.entries[id] {
            case .reserved:
                state.entries[id] = .cancelledEarly
                return .nothing
            case .queued(_, let completion):
                state.entries[id] = nil
                state.queuedCount -= 1
                return .resume(completion)
            case .running:
                state.cancellations.append(id)
                let wake = !state.wakeupPending
                state.wakeupPending = true
                return wake ? .wake : .nothing
            case .cancelledEarly, nil:
                return .nothing
            }
        }
        switch outcome {
        case .nothing:
            return false
        case .resume(let completion):
            completion.resume(returning: .failure(.cancelled))
            return false
        case .wake:
            return true
        }
    }

    /// Asks the driver to stop; an abort overrides a graceful request. Returns whether to wake the driver.
    func requestShutdown(_ mode: ShutdownMode) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            if state.shutdown != .abort { state.shutdown = mode }
            state.wakeupPending = true
            return true
        }
    }

    /// Called by the driver at the top of each loop turn.
    func takeWork(capacity: Int) -> DriverWork {
        state.withLock { state in
            state.wakeupPending = false
            var work = DriverWork()
            work.shutdown = state.shutdown
            if state.shutdown == .abort {
                for id in state.order[state.orderHead...] {
                    if case .queued(_, let completion) = state.entries[id] {
                        work.rejected.append(completion)
                        state.entries[id] = nil
                    }
                }
                state.order.removeAll(keepingCapacity: true)
                state.orderHead = 0
                state.queuedCount = 0
            }
            while work.submissions.count < capacity, state.orderHead < state.order.count {
                let id = state.order[state.orderHead]
                state.orderHead += 1
                if case .queued(let request, let completion) = state.entries[id] {
                    state.entries[id] = .running
                    state.queuedCount -= 1
                    work.submissions.append(Submission(id: id, request: request, completion: completion))
                }
            }
            if state.orderHead == state.order.count {
                state.order.removeAll(keepingCapacity: true)
                state.orderHead = 0
            } else if state.orderHead > 4096, state.orderHead * 2 > state.order.count {
                state.order.removeFirst(state.orderHead)
                state.orderHead = 0
            }
            work.queueIsEmpty = state.queuedCount == 0
            work.cancellations = state.cancellations
            state.cancellations.removeAll()
            return work
        }
    }

    /// Forgets sends whose continuations the driver has resumed.
    func finished(_ ids: [UInt64]) {
        guard !ids.isEmpty else { return }
        state.withLock { state in
            for id in ids { state.entries[id] = nil }
        }
    }

    /// Called by the driver thread as its last act.
    func markStopped() {
        let waiters = state.withLock { state in
            state.stopped = true
            let waiters = state.stopWaiters
            state.stopWaiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until the driver thread has finished.
    func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyStopped = state.withLock { state in
                if state.stopped { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if alreadyStopped { continuation.resume() }
        }
    }
}
