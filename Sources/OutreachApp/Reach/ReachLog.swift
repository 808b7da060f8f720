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

    /// What the rows of one stored event are checked against (the reach form and `POST /api/v1/reach` log one event
    /// at a time): the same checks as against every event, without reading every event. 100,000 events took a
    /// second to read on PostgreSQL, for each figure a phone sent.
    public func index(for event: StoredEvent) async throws -> ReachEventIndex {
        async let codes = store.reachCodes()
        let keys = try await store.eventKeys()
        return ReachEventIndex(events: [event], keys: keys, reference: reference, codes: try await codes)
    }

    /// What rows naming one event are checked against (`outreach reach log`): that event alone when it is stored,
    /// every event otherwise, so that an unknown id is answered with the nearest ones.
    public func index(forEvent id: Event.ID) async throws -> (index: ReachEventIndex, events: [StoredEvent]) {
        guard let stored = try await store.event(id) else { return try await index() }
        return (try await index(for: stored), [stored])
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
