import Foundation

/// How many events of a campaign one branch holds, cancelled ones not counted.
public struct EventCount: Sendable, Hashable {
    public var campaign: Campaign.ID
    public var branch: Branch.ID
    public var events: Int

    public init(campaign: Campaign.ID, branch: Branch.ID, events: Int) {
        self.campaign = campaign
        self.branch = branch
        self.events = events
    }
}

/// Persistence for reference data, campaigns and events.
///
/// The embedded SQLite store is the default; a PostgreSQL store for deployments that share one
/// database implements the same protocol and passes the same contract tests. Every method that
/// writes does so in one transaction: all of it happens, or none of it.
///
/// ```swift
/// try await store.migrate()
/// _ = try await store.replaceReferenceData(reference, at: now)
/// let reminders = ReminderPlanner(configuration: notify, reference: reference)
/// let summary = try await store.importCampaigns(report.campaigns.map(\.campaign), sources: paths, reminders: reminders, at: now)
/// ```
public protocol CampaignStore: Sendable {
    /// Creates the schema or brings it up to date.
    func migrate() async throws

    /// The reference data loaded by `outreach init`, or nil before the first load.
    func referenceData() async throws -> ReferenceData?

    /// The reference data with `venues` empty, or nil before the first load: for what never names a venue (reach
    /// reports and their figures), read without the thousands of venues a city has.
    func referenceDataWithoutVenues() async throws -> ReferenceData?

    /// Replaces the reference data (seeds) in one transaction.
    func replaceReferenceData(_ data: ReferenceData, at now: Date) async throws

    /// Upserts campaigns and their events in one transaction: new events are added, edited ones updated,
    /// unchanged ones left alone, and events that disappeared from their campaign are marked cancelled.
    ///
    /// - Parameters:
    ///   - campaigns: the validated campaigns, each with all of its events.
    ///   - sources: the file each campaign came from.
    ///   - reminders: the reminder policy; the notices of every event the import touches are planned with it
    ///     in the same transaction (nil plans none).
    ///   - now: the import time, recorded on what changes.
    func importCampaigns(
        _ campaigns: [Campaign], sources: [Campaign.ID: String], reminders: ReminderPlanner?, at now: Date
    ) async throws -> ImportSummary

    /// Every stored campaign, by start date.
    func campaigns() async throws -> [StoredCampaign]

    /// One campaign with all its events (cancelled ones included).
    func campaign(_ id: Campaign.ID) async throws -> StoredCampaign?

    /// Events whose span (first to last occurrence) overlaps the dates, filtered coarsely.
    func events(matching query: EventQuery) async throws -> [StoredEvent]

    /// One event.
    func event(_ id: Event.ID) async throws -> StoredEvent?

    /// Every campaign id (for "did you mean …?").
    func campaignIDs() async throws -> [Campaign.ID]

    /// Every event id (for "did you mean …?").
    func eventIDs() async throws -> [Event.ID]

    /// How many events each branch holds in each campaign, cancelled ones not counted (campaign lists), counted by
    /// the store without reading the events.
    func eventCounts() async throws -> [EventCount]

    /// Changes an event's status (`outreach event confirm|done|cancel`) and records the change; the event's
    /// notices are planned with `reminders` in the same transaction (nil plans none).
    ///
    /// - Throws: `StoreError.eventNotFound`, `StoreError.statusChange`.
    func setStatus(_ status: EventStatus, of id: Event.ID, reminders: ReminderPlanner?, at now: Date) async throws
        -> StoredEvent
}

extension CampaignStore {
    /// Imports without planning any notice.
    public func importCampaigns(_ campaigns: [Campaign], sources: [Campaign.ID: String], at now: Date) async throws
        -> ImportSummary
    {
        try await importCampaigns(campaigns, sources: sources, reminders: nil, at: now)
    }

    /// Changes a status without planning any notice.
    public func setStatus(_ status: EventStatus, of id: Event.ID, at now: Date) async throws -> StoredEvent {
        try await setStatus(status, of: id, reminders: nil, at: now)
    }
}

/// A campaign as stored, with its events.
public struct StoredCampaign: Hashable, Sendable {
    public var campaign: Campaign
    public var sourcePath: String?
    public var importedAt: Date
    public var updatedAt: Date

    public init(campaign: Campaign, sourcePath: String?, importedAt: Date, updatedAt: Date) {
        self.campaign = campaign
        self.sourcePath = sourcePath
        self.importedAt = importedAt
        self.updatedAt = updatedAt
    }
}

/// An event as stored: its definition, current status, and what the store knows about it.
///
/// A class so that plans holding many occurrences of one event share it instead of copying it.
public final class StoredEvent: Hashable, Sendable {
    /// The event, with its *current* status (which `outreach event confirm` may have changed).
    public let event: Event
    /// The status last written in the campaign file.
    public let fileStatus: EventStatus
    /// The event is no longer in its campaign file (and so was cancelled on import).
    public let isRemovedFromFile: Bool
    public let campaignTitle: BilingualName
    /// The first day of the campaign's period, when the store knows it (reach before it is refused).
    public let campaignStart: LocalDate?
    public let campaignEnd: LocalDate
    public let updatedAt: Date

    public init(
        event: Event, fileStatus: EventStatus, isRemovedFromFile: Bool, campaignTitle: BilingualName,
        campaignStart: LocalDate? = nil, campaignEnd: LocalDate, updatedAt: Date
    ) {
        self.event = event
        self.fileStatus = fileStatus
        self.isRemovedFromFile = isRemovedFromFile
        self.campaignTitle = campaignTitle
        self.campaignStart = campaignStart
        self.campaignEnd = campaignEnd
        self.updatedAt = updatedAt
    }

    public static func == (lhs: StoredEvent, rhs: StoredEvent) -> Bool {
        lhs.event == rhs.event && lhs.fileStatus == rhs.fileStatus && lhs.isRemovedFromFile == rhs.isRemovedFromFile
            && lhs.campaignTitle == rhs.campaignTitle && lhs.campaignStart == rhs.campaignStart
            && lhs.campaignEnd == rhs.campaignEnd && lhs.updatedAt == rhs.updatedAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(event)
        hasher.combine(fileStatus)
        hasher.combine(updatedAt)
    }
}

/// A coarse filter the store applies; finer filters (branch subtree, occurrence dates) happen in core.
public struct EventQuery: Hashable, Sendable {
    /// Events whose first-to-last span overlaps these dates (inclusive); nil means any.
    public var from: LocalDate?
    public var through: LocalDate?
    public var campaign: Campaign.ID?
    public var channel: Channel.ID?
    /// Return events in start order (first day, start time, id); unordered is faster for large reads.
    public var ordered: Bool

    public init(
        from: LocalDate? = nil, through: LocalDate? = nil, campaign: Campaign.ID? = nil, channel: Channel.ID? = nil,
        ordered: Bool = true
    ) {
        self.from = from
        self.through = through
        self.campaign = campaign
        self.channel = channel
        self.ordered = ordered
    }
}

/// What an import changed.
public struct ImportSummary: Hashable, Sendable, Codable {
    public var campaignsAdded = 0
    public var campaignsUpdated = 0
    public var campaignsUnchanged = 0
    public var eventsAdded = 0
    public var eventsUpdated = 0
    public var eventsUnchanged = 0
    public var eventsCancelled = 0

    public init() {}

    public var changedNothing: Bool {
        campaignsAdded + campaignsUpdated + eventsAdded + eventsUpdated + eventsCancelled == 0
    }
}

/// Failures of a store, with what is needed to explain them.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notInitialized(path: String)
    case eventNotFound(Event.ID, suggestion: Event.ID?)
    case campaignNotFound(Campaign.ID, suggestion: Campaign.ID?)
    case schemaTooNew(found: Int, supported: Int)
    case database(String)
    case statusChange(Event.ID, from: EventStatus, to: EventStatus)
    /// An event marked done (held) before its first day.
    case notHeldYet(Event.ID, firstDay: LocalDate, today: LocalDate)
    /// Another process kept the database locked for longer than the busy timeout; nothing was written.
    case busy(seconds: Int)

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        switch self {
        case .notInitialized(let path): StoreMessages.notInitialized(path: path).text(language)
        case .eventNotFound(let id, let suggestion):
            StoreMessages.eventNotFound(id).text(language)
                + (suggestion.map { StoreMessages.didYouMean($0.rawValue).text(language) } ?? "")
        case .campaignNotFound(let id, let suggestion):
            StoreMessages.campaignNotFound(id).text(language)
                + (suggestion.map { StoreMessages.didYouMean($0.rawValue).text(language) } ?? "")
        case .schemaTooNew(let found, let supported): StoreMessages.schemaTooNew(found: found, supported: supported).text(language)
        case .database(let message): StoreMessages.databaseFailed(message).text(language)
        case .busy(let seconds): StoreMessages.busy(seconds: seconds).text(language)
        case .statusChange(let id, let from, let to): StoreMessages.statusChange(id, from: from, to: to).text(language)
        case .notHeldYet(let id, let firstDay, let today):
            StoreMessages.notHeldYet(id, firstDay: firstDay, today: today).text(language)
        }
    }
}

extension StoreError: LocalizedError {
    public var errorDescription: String? { description }
}
