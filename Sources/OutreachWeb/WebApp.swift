import Foundation
import OutreachApp
import OutreachCore
import Prometheus

/// What the web app is built from: the store (through core's protocols only), the password hasher, the
/// `server:` configuration, the clock, and the registry `/metrics` shows. The composition root makes one.
public struct WebApp: Sendable {
    public let store: any OutreachStore
    public let hasher: any PasswordHasher
    public let configuration: ServerConfiguration
    /// The current time (`OUTREACH_NOW` fixes it in tests and demonstrations).
    public let now: @Sendable () -> Date
    public let metrics: PrometheusCollectorRegistry
    /// The `notify:` configuration, whose reminder policy a status change plans notices with (nil plans none).
    public var notify: NotifyConfiguration?
    /// Sends a notice now (the notices admin's "send a test"), built by the composition root over the delivery
    /// worker and a transport; nil when there is no `notify:` configuration.
    public var noticeSender: ImmediateSender?
    /// Where evidence photos are kept by content hash (`<database>.evidence` in `outreach serve`).
    public let evidenceFolder: ReachEvidenceFolder

    public init(
        store: any OutreachStore, hasher: any PasswordHasher, configuration: ServerConfiguration,
        now: @escaping @Sendable () -> Date, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        evidenceFolder: ReachEvidenceFolder = ReachEvidenceFolder(path: "outreach.sqlite.evidence")
    ) {
        self.evidenceFolder = evidenceFolder
        self.store = store
        self.hasher = hasher
        self.configuration = configuration
        self.now = now
        self.metrics = metrics
    }

    var login: Login { Login(store: store, hasher: hasher, policy: configuration.loginPolicy) }

    /// What pages compute from the stored data (reference data, calendars, reports, event details), kept while
    /// nothing is written: see `VersionedCache`.
    public let cache = VersionedCache(capacity: 256)

    /// A value computed from the stored data, computed again only after a write (by anyone) to the store.
    func cached<T: Sendable>(_ key: some Hashable & Sendable, compute: @Sendable () async throws -> T) async throws -> T {
        let version = try await store.dataVersion()
        return try await cache.value(key, version: version, compute: compute)
    }

    /// The reference data (branches, venues, channels, metrics, holidays), read once per change of the store.
    func referenceData() async throws -> ReferenceData? {
        let store = store
        return try await cached(CacheKey.reference) { try await store.referenceData() }
    }
}

/// What a kept page part answers: the page, its question, and what else it depends on (the language; the user's
/// role and branch, which bound what they see).
struct CacheKey<Question: Hashable & Sendable>: Hashable, Sendable {
    var page: String
    var question: Question
    var language: Language?
    var role: User.Role?
    var branch: Branch.ID?

    init(_ page: String, _ question: Question, language: Language? = nil, user: User? = nil) {
        self.page = page
        self.question = question
        self.language = language
        self.role = user?.role
        self.branch = user?.branch
    }
}

extension CacheKey where Question == String {
    static var reference: Self { CacheKey("reference", "") }
}
