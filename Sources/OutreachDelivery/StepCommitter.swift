import Foundation
import OutreachCore

/// Group commit for attempt steps: concurrent sends hand their "attempt started" and outcome records
/// here, and whoever arrives while no write is running writes everything waiting in one transaction.
///
/// Each step is durable before ``submit(_:)`` returns, so a send never starts before its "started"
/// record is committed, and a transaction carries as many steps as arrived meanwhile: under load
/// dozens, when idle one. The writer of a batch hands the next batch to the first step that arrived
/// during its write, so no sender is kept writing for others.
actor StepCommitter {
    private enum Wake {
        case done(AttemptStepResult)
        case lead
    }

    private struct Waiter {
        var step: AttemptStep
        var continuation: CheckedContinuation<Wake, any Error>
    }

    private let store: any OutboxStore
    private let now: @Sendable () -> Date
    private var queue: [Waiter] = []
    private var writing = false

    init(store: any OutboxStore, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    /// Writes one step (with whatever else is waiting) and returns its answer.
    func submit(_ step: AttemptStep) async throws -> AttemptStepResult {
        if writing {
            let wake: Wake = try await withCheckedThrowingContinuation { continuation in
                queue.append(Waiter(step: step, continuation: continuation))
            }
            if case .done(let result) = wake { return result }
            // Chosen to write the next batch; our own step was taken off the queue for us.
        }
        writing = true
        let batch = queue
        queue = []
        let results: [AttemptStepResult]
        do {
            results = try await store.apply([step] + batch.map(\.step), at: now())
        } catch {
            for waiter in batch { waiter.continuation.resume(throwing: error) }
            handOff()
            throw error
        }
        for (waiter, result) in zip(batch, results.dropFirst()) { waiter.continuation.resume(returning: .done(result)) }
        handOff()
        return results[0]
    }

    private func handOff() {
        if queue.isEmpty {
            writing = false
        } else {
            queue.removeFirst().continuation.resume(returning: .lead)
        }
    }
}
