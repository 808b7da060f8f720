import Foundation
import OutreachCore

/// The store operations not yet written for PostgreSQL. Each throws `PostgresNotYetAvailable` ("… is not yet
/// available on the PostgreSQL store"), so nothing half-works; `postgres://` is not offered by the store factory or
/// the command line until every one of them is written and every store contract passes on it.
extension PostgresStore {
    func notYet(_ operation: String) -> PostgresNotYetAvailable { PostgresNotYetAvailable(operation: operation) }
}

extension PostgresStore: ReachStore {
    public func reachCodes() async throws -> ReachCodes { throw notYet("Reach codes") }
    public func eventKeys() async throws -> [Event.ID: Int] { throw notYet("Event keys for reach") }
    public func writeReachBatch<Result>(
        source: ReachBatch.Source, file: String?, recordedBy: String?, at now: Date,
        _ body: (_ writer: any ReachBatchWriter) async throws -> (result: Result, commit: Bool)
    ) async throws -> (result: Result, batch: ReachBatch) { throw notYet("Writing reach") }
    public func undoReachBatch(_ id: Int, at now: Date) async throws -> ReachUndoSummary { throw notYet("Undoing reach") }
    public func reachBatches() async throws -> [ReachBatch] { throw notYet("Reach batches") }
    public func reachTexts() async throws -> [(key: Int64, note: String?, evidence: String?)] { throw notYet("Reach notes") }
    public func reachRecordCount(event key: Int) async throws -> Int { throw notYet("Reach record counts") }
    public func reachCube(_ cuboid: ReachCuboid, months: ClosedRange<Int>) async throws -> [ReachCubeMonth] {
        throw notYet("The reach rollup")
    }
    public func reachEntries(from: LocalDate, through: LocalDate) async throws -> [ReachEntry] { throw notYet("Reach entries") }
    public func verifyReachCube() async throws -> [(cuboid: ReachCuboid, month: Int)] { throw notYet("Verifying the reach rollup") }
    public func reachCountCheck() async throws -> ReachCountCheck { throw notYet("The reach count check") }
    public func targets() async throws -> [Target] { throw notYet("Targets") }
    public func replaceTargets(_ targets: [Target], source: String) async throws { throw notYet("Importing targets") }
    public func bulletin(month: String, branch: Branch.ID) async throws -> PublishedBulletin? { throw notYet("Published bulletins") }
    public func bulletins(branch: Branch.ID) async throws -> [PublishedBulletin] { throw notYet("Published bulletins") }
    public func publishBulletin(_ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry]) async throws {
        throw notYet("Publishing a bulletin")
    }
}

extension PostgresStore: EvidenceStore {
    public func addEvidence(_ evidence: [ReachEvidence]) async throws { throw notYet("Reach evidence") }
    public func evidence(hash: String) async throws -> [ReachEvidence] { throw notYet("Reach evidence") }
    public func evidence(event key: Int) async throws -> [ReachEvidence] { throw notYet("Reach evidence") }
    public func reachLog(event key: Int) async throws -> [ReachLogEntry] { throw notYet("The reach log of an event") }
}

extension PostgresStore: BulletinPreparationStore {
    public func prepareBulletin(month: String, branch: Branch.ID, by actor: AuditActor, at now: Date) async throws
        -> BulletinPreparation
    { throw notYet("Preparing a bulletin") }
    public func bulletinPreparation(month: String, branch: Branch.ID) async throws -> BulletinPreparation? {
        throw notYet("Preparing a bulletin")
    }
    public func publishBulletin(
        _ bulletin: PublishedBulletin, restating: [PublishedBulletin], notices: [OutboxEntry], approvedBy: AuditActor,
        preparedIfNone: AuditActor?, at now: Date
    ) async throws -> BulletinPreparation { throw notYet("Publishing a bulletin") }
    public func bulletinAudit(month: String, branch: Branch.ID) async throws -> [BulletinAuditEntry] {
        throw notYet("The bulletin audit")
    }
}

extension PostgresStore: APITokenStore {
    public func addAPIToken(_ token: APIToken) async throws { throw notYet("API tokens") }
    public func apiTokens() async throws -> [APIToken] { throw notYet("API tokens") }
    public func useAPIToken(_ id: APIToken.ID, at now: Date) async throws -> (token: APIToken, user: User)? {
        throw notYet("API tokens")
    }
    public func revokeAPITokens(handle: String, at now: Date) async throws -> Int { throw notYet("API tokens") }
}

extension PostgresStore: IdempotencyStore {
    public func claimIdempotencyKey(_ request: IdempotentRequest, staleAfter: TimeInterval) async throws -> IdempotentRequest? {
        throw notYet("Idempotency keys")
    }
    public func completeIdempotentRequest(principal: String, key: String, response: IdempotentRequest.StoredResponse) async throws {
        throw notYet("Idempotency keys")
    }
    public func releaseIdempotencyKey(principal: String, key: String) async throws { throw notYet("Idempotency keys") }
    public func purgeIdempotencyKeys(before: Date) async throws { throw notYet("Idempotency keys") }
}

extension PostgresStore: CalendarFeedStore {
    public func addCalendarFeed(_ feed: CalendarFeed) async throws { throw notYet("Calendar feeds") }
    public func calendarFeeds() async throws -> [CalendarFeed] { throw notYet("Calendar feeds") }
    public func calendarFeed(_ id: CalendarFeed.ID) async throws -> CalendarFeed? { throw notYet("Calendar feeds") }
    public func revokeCalendarFeed(_ id: CalendarFeed.ID, at now: Date) async throws -> Bool { throw notYet("Calendar feeds") }
}
