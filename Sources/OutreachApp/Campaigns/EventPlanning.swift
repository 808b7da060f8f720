import Foundation
import OutreachCore

/// Adds events to a campaign and edits them from the web app's planning form, with the checks and messages of
/// campaign files (`EventForm`: `CampaignFileDecoder` and `ScheduleChecker`, against every stored event). A
/// form that passes is saved in one unit of work with its notices (planned by the `notify:` configuration's
/// reminder policy, as an import plans them), the audit log (who, when, before → after) and the record of the
/// web edit that keeps `outreach import` from overwriting it silently.
///
/// ```swift
/// let planning = EventPlanning(store: store, reference: reference, notify: configuration)
/// let outcome = try await planning.save(form, campaign: "c1", editing: nil, by: actor, at: now)
/// if let saved = outcome.saved { … } else { show(outcome.checked) }
/// ```
public struct EventPlanning: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData
    public let reminders: ReminderPlanner?

    public init(store: any OutreachStore, reference: ReferenceData, notify: NotifyConfiguration?) {
        self.store = store
        self.reference = reference
        reminders = notify.map { ReminderPlanner(configuration: $0, reference: reference) }
    }

    /// What saving a form came to: the check, and the stored event when it was saved.
    public struct Outcome: Sendable {
        public var checked: EventForm.Checked
        public var saved: StoredEvent?
        /// The titles of the events the form clashes with, by id.
        public var clashTitles: [Event.ID: BilingualName] = [:]
    }

    /// The campaign to plan in, or nil when there is none with the id or the user may not see it (both read as
    /// "no such page").
    public func campaign(_ id: Campaign.ID, for user: User) async throws -> StoredCampaign? {
        guard let stored = try await store.campaign(id), user.maySee(stored.campaign, reference: reference) else { return nil }
        return stored
    }

    /// The event's web edit not yet settled by an import or export of its campaign, if any (the event page says so).
    public func pendingEdit(of event: StoredEvent) async throws -> WebEdit? {
        try await store.pendingWebEdits(campaigns: [event.event.campaign]).first { $0.event == event.event.id }
    }

    /// The web edits of a campaign's events not yet settled by an import or export (the campaign page counts them).
    public func pendingEdits(of campaign: Campaign.ID) async throws -> [WebEdit] {
        try await store.pendingWebEdits(campaigns: [campaign])
    }

    /// The event to edit, or nil when there is none with the id or the user may not see it.
    public func event(_ id: Event.ID, for user: User) async throws -> StoredEvent? {
        guard let stored = try await store.event(id), user.maySee(stored.event.branch, reference: reference) else { return nil }
        return stored
    }

    /// Checks the form as an event of the campaign and, when nothing is wrong, saves it.
    ///
    /// - Parameter editing: the event being edited (it must belong to the campaign), or nil for a new one.
    /// - Throws: `StoreError.campaignNotFound` or `StoreError.eventNotFound` (with the nearest id).
    public func save(
        _ form: EventForm, campaign id: Campaign.ID, editing: Event.ID?, by actor: AuditActor, at now: Date
    ) async throws -> Outcome {
        let campaign = try await EventLookup(store: store).campaign(id)
        var current: StoredEvent?
        if let editing { current = try await EventLookup(store: store).event(editing) }
        if let current, current.event.campaign != id {
            throw StoreError.eventNotFound(current.event.id, suggestion: nil)
        }
        let others = try await store.events(matching: EventQuery(ordered: false))
        let checked = form.check(in: campaign.campaign, editing: editing, others: others, reference: reference)
        guard !checked.hasErrors, var event = checked.event else {
            var titles: [Event.ID: BilingualName] = [:]
            for clash in checked.clashes {
                titles[clash.other] = others.first { $0.event.id == clash.other }?.event.title
            }
            return Outcome(checked: checked, saved: nil, clashTitles: titles)
        }
        event.status = current?.event.status ?? .planned
        let saved = try await store.saveEvent(event, reminders: reminders, at: now, recording: actor)
        return Outcome(checked: checked, saved: saved)
    }
}
