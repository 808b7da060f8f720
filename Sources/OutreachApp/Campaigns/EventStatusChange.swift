import Foundation
import OutreachCore

/// Marks events confirmed, done or cancelled (`outreach event confirm|done|cancel`). Every id is checked
/// first, so an unknown id or a change the status does not allow changes nothing; then each event changes in
/// its own unit of work together with its notices, planned by the `notify:` configuration's reminder policy
/// (confirming queues reminders, cancelling or marking done withdraws them).
public struct EventStatusChange: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData
    public let reminders: ReminderPlanner?

    public init(store: any OutreachStore, reference: ReferenceData, notify: NotifyConfiguration?) {
        self.store = store
        self.reference = reference
        reminders = notify.map { ReminderPlanner(configuration: $0, reference: reference) }
    }

    /// Changes the status of every event, calling `changed` after each one, and `kept` after cancelling an event
    /// that has reach records (how many: they stay, counted as an unplanned event held).
    ///
    /// - Throws: `StoreError.eventNotFound` (with the nearest id), `StoreError.statusChange`, or
    ///   `StoreError.notHeldYet` (done before the event's first day, in its branch's zone) before anything changes.
    ///
    /// With an `actor`, every change that changes a status is recorded in the audit log (who, when, before →
    /// after, and the `reason` when given).
    public func run(
        _ ids: [Event.ID], to status: EventStatus, at now: Date, by actor: AuditActor? = nil, reason: String? = nil,
        changed: (StoredEvent) -> Void = { _ in }, kept: (StoredEvent, Int) -> Void = { _, _ in }
    ) async throws {
        for id in ids {
            let stored = try await EventLookup(store: store).event(id)
            guard stored.event.status.canChange(to: status) else {
                throw StoreError.statusChange(stored.event.id, from: stored.event.status, to: status)
            }
            if status == .done, stored.event.status != .done {
                let zone = reference.timeZone(of: stored.event.branch)
                let today = (ZoneConverter(identifier: zone) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone))?
                    .local(at: now).date
                let first = stored.event.timing.startDate
                if let today, today < first {
                    throw StoreError.notHeldYet(stored.event.id, firstDay: first, today: today)
                }
            }
        }
        let keys = status == .cancelled ? try await store.eventKeys() : [:]
        for id in ids {
            let updated =
                if let actor {
                    // The change and its audit entry in one unit of work.
                    try await store.setStatus(status, of: id, reminders: reminders, at: now, recording: actor, reason: reason)
                } else {
                    try await store.setStatus(status, of: id, reminders: reminders, at: now)
                }
            changed(updated)
            if let key = keys[id] {
                let records = try await store.reachRecordCount(event: key)
                if records > 0 { kept(updated, records) }
            }
        }
    }
}

extension EventStatusChange {
    /// Why a change asked for in a form was refused before anything was looked up.
    public enum FormError: Error, Equatable, Sendable {
        /// Cancelling needs a reason (kept in the audit log).
        case reasonRequired
    }

    /// Changes one event's status as a person asks in the web app: cancelling needs a reason (surrounding
    /// spaces removed), and the change is recorded in the audit log with who made it.
    ///
    /// - Throws: `FormError.reasonRequired`, then what `run` throws.
    public func change(_ id: Event.ID, to status: EventStatus, by actor: AuditActor, reason: String?, at now: Date)
        async throws -> StoredEvent
    {
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let given = trimmed?.isEmpty == false ? trimmed : nil
        if status == .cancelled, given == nil { throw FormError.reasonRequired }
        var result: StoredEvent?
        try await run([id], to: status, at: now, by: actor, reason: given, changed: { result = $0 })
        if let result { return result }
        return try await EventLookup(store: store).event(id)
    }
}

/// Finds stored events and campaigns by id, suggesting the nearest known id for one that does not exist.
public struct EventLookup: Sendable {
    public let store: any OutreachStore

    public init(store: any OutreachStore) { self.store = store }

    /// - Throws: `StoreError.eventNotFound` with the nearest known id.
    public func event(_ id: Event.ID) async throws -> StoredEvent {
        if let stored = try await store.event(id) { return stored }
        let known = try await store.eventIDs().map(\.rawValue)
        throw StoreError.eventNotFound(id, suggestion: nearest(to: id.rawValue, in: known).map { Event.ID($0) })
    }

    /// - Throws: `StoreError.campaignNotFound` with the nearest known id.
    public func campaign(_ id: Campaign.ID) async throws -> StoredCampaign {
        if let stored = try await store.campaign(id) { return stored }
        let known = try await store.campaignIDs().map(\.rawValue)
        throw StoreError.campaignNotFound(id, suggestion: nearest(to: id.rawValue, in: known).map { Campaign.ID($0) })
    }
}
