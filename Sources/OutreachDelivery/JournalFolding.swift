import Foundation
import OutreachCore
import Synchronization

/// A worker's journal (``OutboxJournal``) and its folding in the background: an append starts the folding unless it
/// runs. It lets records gather, up to ``batch`` of them or for ``patience``, folds them in one transaction, and goes
/// round again while appends come: a fold of hundreds of records costs the store little more than a fold of a few.
/// The sending loop waits for a fold only before a step the store must decide (``drain()``), when too many records
/// wait, and at the end.
final class JournalFolding: Sendable {
    let journal: any OutboxJournal
    private let fold: @Sendable () async throws -> [BotIdentity: Date]
    /// Records a fold waits for before it starts, unless ``patience`` runs out first.
    let batch: Int
    let patience: Duration
    private let state = Mutex(State())

    private struct State {
        var task: Task<Void, Never>?
        var again = false
        /// The loop waits for the folding: no more gathering.
        var draining = false
        var failure: (any Error)?
        /// The bots paused (by any process) as of the last fold.
        var paused: [BotIdentity: Date] = [:]
    }

    /// - Parameter fold: Folds the journal (waiting out a busy database) and answers the bots paused now.
    init(
        journal: any OutboxJournal, batch: Int, patience: Duration = .milliseconds(20),
        fold: @escaping @Sendable () async throws -> [BotIdentity: Date]
    ) {
        self.journal = journal
        self.batch = batch
        self.patience = patience
        self.fold = fold
    }

    /// Until when the bot is paused, as of the last fold.
    func pausedUntil(_ bot: BotIdentity) -> Date? { state.withLock { $0.paused[bot] } }

    /// Folds in the background what was appended.
    func kick() {
        state.withLock { state in
            if state.task != nil {
                state.again = true
                return
            }
            state.task = Task { await self.run() }
        }
    }

    private func run() async {
        while true {
            let gathering = ContinuousClock.now
            while journal.unfolded < batch, gathering.duration(to: .now) < patience, !state.withLock({ $0.draining }) {
                try? await Task.sleep(for: .milliseconds(2))
            }
            do {
                let paused = try await fold()
                state.withLock { $0.paused = paused }
            } catch {
                state.withLock { $0.failure = error }
            }
            let again = state.withLock { state -> Bool in
                if state.again, state.failure == nil {
                    state.again = false
                    return true
                }
                state.again = false
                state.task = nil
                return false
            }
            if !again { return }
        }
    }

    /// Waits for the fold in the background, then folds the rest: every record written is in the store after.
    /// - Throws: What a fold threw (a database that failed, not one that was busy).
    func drain() async throws {
        let task = state.withLock { state in
            state.draining = true
            return state.task
        }
        await task?.value
        state.withLock { $0.draining = false }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        guard journal.unfolded > 0 else { return }
        let paused = try await fold()
        state.withLock { $0.paused = paused }
    }
}
