import Foundation
import OutreachCore

/// Logs reach by hand (`outreach reach log`) and takes batches back (`outreach reach undo`).
public struct ReachLog: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData

    public init(store: any OutreachStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// What rows are checked against: every event with its store key and the reach codes.
    public func index() async throws -> (index: ReachEventIndex, events: [StoredEvent]) {
        let codes = try await store.reachCodes()
        let keys = try await store.eventKeys()
        let events = try await store.events(matching: EventQuery(ordered: false))
        return (ReachEventIndex(events: events, keys: keys, reference: reference, codes: codes), events)
    }

    /// What one logged batch did.
    public struct Recorded: Sendable {
        public var batch: Int
        public var outcome: ReachWriteOutcome
        /// False when the rows held the same record twice: then nothing was written.
        public var committed: Bool
    }

    /// Records checked rows as one manual batch, in one unit of work; rows naming the same record twice
    /// write nothing.
    public func record(_ rows: [ReachRow], recordedBy: String?, at now: Date) async throws -> Recorded {
        let (outcome, batch) = try await store.writeReachBatch(
            rows, source: .manual, file: nil, recordedBy: recordedBy, at: now, commit: { $0.duplicateLines.isEmpty })
        return Recorded(batch: batch.id, outcome: outcome, committed: outcome.duplicateLines.isEmpty)
    }

    /// Takes back one batch: records it added are deleted, figures it replaced are restored.
    ///
    /// - Throws: `ReachStoreError` for an unknown or already undone batch.
    public func undo(_ batch: Int, at now: Date) async throws -> ReachUndoSummary {
        try await store.undoReachBatch(batch, at: now)
    }
}
