import Foundation
import OutreachCore

/// The store operations not yet written for PostgreSQL. Each throws `PostgresNotYetAvailable` ("… is not yet
/// available on the PostgreSQL store"), so nothing half-works; `postgres://` is not offered by the store factory or
/// the command line until every one of them is written and every store contract passes on it.
extension PostgresStore {
    func notYet(_ operation: String) -> PostgresNotYetAvailable { PostgresNotYetAvailable(operation: operation) }
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
