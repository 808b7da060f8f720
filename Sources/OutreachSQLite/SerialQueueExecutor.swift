import Dispatch

/// Runs an actor's jobs on a serial dispatch queue, so blocking SQLite calls never occupy a thread of
/// Swift's cooperative pool (the idea of GRDB's `DispatchQueueActor`).
final class SerialQueueExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked: the only state is an immutable serial DispatchQueue, which is thread-safe.
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: UnownedJob) {
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    func checkIsolated() { dispatchPrecondition(condition: .onQueue(queue)) }
}
