import Foundation

/// Persistence for events planned in the web app, and the record of those web edits that keeps an import from
/// overwriting them silently (docs/web.md, "Planning on the web and the import/web-edit rule").
///
/// A web edit is *pending* from the moment it is saved until a campaign file of its campaign is imported or its
/// campaign is exported (`settleWebEdits`); `outreach import` refuses to overwrite a pending edit.
///
/// ```swift
/// let saved = try await store.saveEvent(event, reminders: planner, at: now, recording: actor)
/// let pending = try await store.pendingWebEdits(campaigns: ["2027-315-xianning"])
/// try await store.settleWebEdits(campaigns: ["2027-315-xianning"], at: now)
/// ```
public protocol PlanningStore: Sendable {
    /// Adds an event to its campaign, or replaces the fields of the stored event with the same id, in one
    /// transaction with: its notices planned with `reminders` (nil plans none), the audit log (`created`, or one
    /// `field` entry per field that changed, before → after), and the web edit (when and by whom). The stored
    /// status and the status last read from a file are kept when the event exists (`event.status` is used for a
    /// new one). An event whose fields are all unchanged changes nothing and records nothing.
    ///
    /// - Throws: `StoreError.campaignNotFound` when the event's campaign is not stored.
    func saveEvent(_ event: Event, reminders: ReminderPlanner?, at now: Date, recording actor: AuditActor) async throws
        -> StoredEvent

    /// The web edits not settled by an import or export since they were made, of these campaigns (every
    /// campaign when nil), by event id.
    func pendingWebEdits(campaigns: [Campaign.ID]?) async throws -> [WebEdit]

    /// Settles every web edit of these campaigns: what a campaign file now says wins again.
    func settleWebEdits(campaigns: [Campaign.ID], at now: Date) async throws
}

/// The last web edit of an event: when, by whom, and when an import or export last settled its campaign.
public struct WebEdit: Hashable, Sendable {
    public var event: Event.ID
    public var campaign: Campaign.ID
    /// When, UTC (to the millisecond).
    public var editedAt: Date
    /// The user's name.
    public var editedBy: String
    /// The user's display name.
    public var editedByDisplayName: String
    /// When the campaign was last imported or exported after an edit of this event, if ever.
    public var settledAt: Date?

    public init(
        event: Event.ID, campaign: Campaign.ID, editedAt: Date, editedBy: String, editedByDisplayName: String? = nil,
        settledAt: Date? = nil
    ) {
        self.event = event
        self.campaign = campaign
        self.editedAt = editedAt
        self.editedBy = editedBy
        self.editedByDisplayName = editedByDisplayName ?? editedBy
        self.settledAt = settledAt
    }

    /// Whether the edit is newer than the last import or export of its campaign.
    public var isPending: Bool { settledAt.map { $0 < editedAt } ?? true }
}
