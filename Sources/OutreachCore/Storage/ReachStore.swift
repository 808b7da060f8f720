import Foundation

/// Persistence for reach records, their batches, the rollup, targets and published bulletins.
///
/// Writing is one unit of work: ``writeReachBatch(source:file:recordedBy:at:_:)`` opens the batch, hands the
/// caller a ``ReachBatchWriter`` for as many chunks as it has, and commits or rolls back the whole batch when
/// the caller's body returns or throws. Nothing is visible, and nothing survives a crash, until it commits.
public protocol ReachStore: Sendable {
    /// Stable codes for every metric, segment, channel, branch and campaign (new ids get new codes).
    func reachCodes() async throws -> ReachCodes

    /// The store's key of every event.
    func eventKeys() async throws -> [Event.ID: Int]

    /// Writes one batch as one unit of work (one transaction).
    ///
    /// The body writes rows through the writer, chunk by chunk (a file of any size streams through it), and
    /// returns a value and whether to commit. The store then applies the rollup changes and commits, or rolls
    /// everything back (a dry run, or errors found). When the body throws, the batch is rolled back and the
    /// error rethrown. The writer is valid only inside the body.
    ///
    /// - Parameters:
    ///   - source: Where the rows come from.
    ///   - file: The file or files imported, if any.
    ///   - recordedBy: Who recorded the rows.
    ///   - now: When the batch is recorded.
    ///   - body: Writes the rows; returns its result and whether to commit.
    /// - Returns: The body's result, and the batch with what it added, replaced and left unchanged.
    /// - Throws: What the body throws; `ReachStoreError.sumOverflow` when a rollup total would overflow at the
    ///   commit (nothing is written); store errors.
    func writeReachBatch<Result>(
        source: ReachBatch.Source, file: String?, recordedBy: String?, at now: Date,
        _ body: (_ writer: any ReachBatchWriter) async throws -> (result: Result, commit: Bool)
    ) async throws -> (result: Result, batch: ReachBatch)

    /// Takes back one batch: records it added are deleted, figures it replaced are restored.
    func undoReachBatch(_ id: Int, at now: Date) async throws -> ReachUndoSummary

    func reachBatches() async throws -> [ReachBatch]

    /// Every record's note and evidence text as stored, in key order (for checking that text comes back byte for byte).
    func reachTexts() async throws -> [(key: Int64, note: String?, evidence: String?)]

    /// How many reach records an event has (its store key, from `eventKeys()`).
    func reachRecordCount(event key: Int) async throws -> Int

    /// One rollup cuboid's months in a range of month indexes (`year * 12 + month - 1`).
    func reachCube(_ cuboid: ReachCuboid, months: ClosedRange<Int>) async throws -> [ReachCubeMonth]

    /// Every record's key and count between two dates (for events held and per-event totals).
    func reachEntries(from: LocalDate, through: LocalDate) async throws -> [ReachEntry]

    /// The records of some events (by store key) between two dates, in key order: a campaign's page reads its own
    /// events' reach, not every record of its period.
    func reachEntries(events: [Int], from: LocalDate, through: LocalDate) async throws -> [ReachEntry]

    /// Recomputes the rollup from the records and returns the (cuboid, month) pairs whose stored rollup differs.
    func verifyReachCube() async throws -> [(cuboid: ReachCuboid, month: Int)]

    /// Records whose count is outside 0...`ReachRecord.maximumCount` (written by an older version), and
    /// whether all counts together add up beyond what a total can hold.
    func reachCountCheck() async throws -> ReachCountCheck

    /// Targets of all imported target files.
    func targets() async throws -> [Target]

    /// Replaces the targets that came from one file.
    func replaceTargets(_ targets: [Target], source: String) async throws

    /// A published bulletin's figures as issued and as last stated, or nil.
    func bulletin(month: String, branch: Branch.ID) async throws -> PublishedBulletin?

    /// All published bulletins of a branch, oldest first.
    func bulletins(branch: Branch.ID) async throws -> [PublishedBulletin]

    /// Stores a bulletin as issued, records the restated figures of earlier months, and queues the
    /// notices of its publication, all in one transaction.
    ///
    /// - Throws: `ReachStoreError.bulletinAlreadyPublished` with the stored bulletin when the month and branch
    ///   have one already (checked inside the transaction, so of two runs at once exactly one publishes).
    func publishBulletin(_ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry]) async throws
}

/// Writes the rows of the batch open in ``ReachStore/writeReachBatch(source:file:recordedBy:at:_:)``.
public protocol ReachBatchWriter: Sendable {
    /// The batch's id.
    var batch: Int { get }

    /// Writes rows. A row for a record that exists replaces its figures (kept in the audit trail); the same
    /// record twice in one batch is reported as a duplicate and not written.
    func write(_ rows: [ReachRow]) async throws -> ReachWriteOutcome

    /// Writes rows whose counts the caller has already added to the rollup as if every row were new (a
    /// bulk import builds the rollup on its own thread); the store adds only the corrections, for rows
    /// that replace, repeat or leave a record unchanged. `rollup` is the caller's rollup so far, ready
    /// to merge (it may be empty, and may hold months of rows written earlier or later).
    func write(_ rows: [ReachRow], counted rollup: [ReachCuboidMonth]) async throws -> ReachWriteOutcome
}

extension ReachStore {
    /// Writes rows as one batch, committed when `commit` says so of what writing them did.
    /// - Parameters:
    ///   - rows: The rows, checked.
    ///   - commit: Whether to commit, given the outcome (default: always).
    /// - Returns: What writing did, and the batch.
    public func writeReachBatch(
        _ rows: [ReachRow], source: ReachBatch.Source, file: String?, recordedBy: String?, at now: Date,
        commit: (ReachWriteOutcome) -> Bool = { _ in true }
    ) async throws -> (outcome: ReachWriteOutcome, batch: ReachBatch) {
        let (outcome, batch) = try await writeReachBatch(source: source, file: file, recordedBy: recordedBy, at: now) {
            writer in
            let outcome = try await writer.write(rows)
            return (outcome, commit(outcome))
        }
        return (outcome, batch)
    }
}

/// A stored record's key (day, event, metric, segment) and count.
public struct ReachEntry: Hashable, Sendable {
    public var key: Int64
    public var count: Int
    public init(key: Int64, count: Int) {
        self.key = key
        self.count = count
    }
    public var day: Int { ReachKey.day(key) }
    public var event: Int { ReachKey.event(key) }
    public var metric: Int { ReachKey.metric(key) }
    public var segment: Int { ReachKey.segment(key) }
}

/// Records a count check found out of range, and whether the sum of all counts overflows.
public struct ReachCountCheck: Sendable {
    /// How many records hold a count outside 0...`ReachRecord.maximumCount`.
    public var outOfRange: Int
    /// The first few of them, in key order.
    public var examples: [ReachEntry]
    /// The counts of all records add up beyond Int64.
    public var sumOverflows: Bool

    public init(outOfRange: Int, examples: [ReachEntry], sumOverflows: Bool) {
        self.outOfRange = outOfRange
        self.examples = examples
        self.sumOverflows = sumOverflows
    }

    public var isEmpty: Bool { outOfRange == 0 && !sumOverflows }
}

/// What writing a chunk of rows did.
public struct ReachWriteOutcome: Sendable {
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    /// Lines of rows that repeat a record already written by this batch.
    public var duplicateLines: [Int] = []
    /// For a duplicate line, the line of the row it repeats, when that row was in the same write.
    public var earlierLines: [Int: Int] = [:]
    /// For a duplicate line whose earlier row was in an earlier write, the record's key (to find that row).
    public var duplicateKeys: [Int: Int64] = [:]

    public init() {}
}

public struct ReachUndoSummary: Hashable, Sendable {
    public var batch: Int
    public var deleted: Int
    public var restored: Int
    /// Records the batch wrote that a later batch changed again: left as they are.
    public var keptLaterChanges: Int

    public init(batch: Int, deleted: Int, restored: Int, keptLaterChanges: Int) {
        self.batch = batch
        self.deleted = deleted
        self.restored = restored
        self.keptLaterChanges = keptLaterChanges
    }
}

/// A bulletin's figures as published (`--publish`), kept so later corrections show as restatements.
public struct PublishedBulletin: Hashable, Sendable {
    public var month: String
    public var branch: Branch.ID
    public var issuedAt: Date
    /// Figures as issued (JSON).
    public var figures: String
    /// Figures as last stated: as issued, or as restated by a later bulletin (JSON).
    public var stated: String
    /// Who published it (the account that ran `--publish`); empty for bulletins published before this was kept.
    public var publishedBy: String

    public init(month: String, branch: Branch.ID, issuedAt: Date, figures: String, stated: String, publishedBy: String = "") {
        self.month = month
        self.branch = branch
        self.issuedAt = issuedAt
        self.figures = figures
        self.stated = stated
        self.publishedBy = publishedBy
    }

    /// "published on 2026-11-29T01:00:00Z by 王芳" (without "by" when nobody was recorded).
    public func publishedText(_ language: Language) -> String {
        let at = Timestamp.string(from: issuedAt)
        return publishedBy.isEmpty
            ? ReportMessages.publishedOn(at: at).text(language)
            : ReportMessages.publishedOnBy(at: at, by: publishedBy).text(language)
    }

    /// Why `--publish` is refused for a month published already.
    public func alreadyPublishedMessage(_ language: Language) -> String {
        ReportMessages.alreadyPublished(month: month, bulletin: self).text(language)
    }
}

/// Failures of reach writes.
public enum ReachStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case noOpenBatch
    case batchAlreadyOpen
    case batchNotFound(Int)
    case batchAlreadyUndone(Int, at: Date)
    case codeSpaceFull(kind: String, limit: Int)
    /// A rollup cell would add up beyond what a total can hold (records over the count limit, written
    /// by an older version); nothing is written.
    case sumOverflow
    /// A bulletin of the month and branch was published already (perhaps a moment ago, by another run).
    case bulletinAlreadyPublished(PublishedBulletin)

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        switch self {
        case .noOpenBatch: StoreMessages.noOpenBatch.text(language)
        case .batchAlreadyOpen: StoreMessages.batchAlreadyOpen.text(language)
        case .batchNotFound(let id): StoreMessages.batchNotFound(id).text(language)
        case .batchAlreadyUndone(let id, let at): StoreMessages.batchAlreadyUndone(id, at: at).text(language)
        case .codeSpaceFull(let kind, let limit): StoreMessages.codeSpaceFull(kind: kind, limit: limit).text(language)
        case .sumOverflow: ReachSums.Overflow().message(language)
        case .bulletinAlreadyPublished(let published): published.alreadyPublishedMessage(language)
        }
    }
}

extension ReachStoreError: LocalizedError {
    public var errorDescription: String? { description }
}
