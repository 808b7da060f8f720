import Foundation
import OutreachCore
import Synchronization

/// A worker's journal (``OutboxJournal``) and its folding in the background: each append starts a fold unless one
/// is running, and a running one goes round again, so folds follow the appends in batches as large as the store's
/// pace makes them. The sending loop waits for a fold only before a step the store must decide (``drain()``),
/// when too many records wait, and at the end.
final class JournalFolding: Sendable {
    let journal: any OutboxJournal
    private let fold: @Sendable () async throws -> [BotIdentity: Date]
    private let state = Mutex(State())

    private struct State {
        var task: Task<Void, Never>?
        var again = false
        var failure: (any Error)?
        /// The bots paused (by any process) as of the last fold.
        var paused: [BotIdentity: Date] = [:]
    }

    /// - Parameter fold: Folds the journal (waiting out a busy database) and answers the bots paused now.
    init(journal: any OutboxJournal, fold: @escaping @Sendable () async throws -> [BotIdentity: Date]) {
        self.journal = journal
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
        let task = state.withLock { $0.task }
        await task?.value
        if let failure = state.withLock({ $0.failure }) { throw failure }
        guard journal.unfolded > 0 else { return }
        let paused = try await fold()
        state.withLock { $0.paused = paused }
    }
}
