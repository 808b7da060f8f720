import Foundation

/// Works out which notices an event change calls for, as a pure function of the event after the change,
/// what the outbox already holds for it, the `notify:` configuration and the time.
///
/// Stores run it inside the transaction that changes the event (`import`, `event confirm|done|cancel`)
/// and apply its plan there, so a notice exists exactly when the change that causes it was committed.
///
/// The rule:
/// - A **confirmed** event gets a reminder per configured offset (default the day before at 09:00 local
///   and one hour before the start; all-day events only the day-based ones) for every occurrence
///   whose reminder is still ahead, for every target its routes choose. Planned events get none yet.
/// - A reminder's key names the event, the occurrence's local start, the offset and the target, so a
///   moved event gets new keys: its waiting reminders are cancelled and new ones enqueued. A waiting
///   reminder whose facts changed (title, venue, staff) is replaced the same way.
/// - A cancelled event (cancelled by staff or removed from its file), or one marked done, loses its
///   waiting reminders. When it is cancelled and a reminder for it was already sent to a target, that
///   target gets one cancellation notice.
/// - Reminders already sent, dead or in flight are never touched.
///
/// ```swift
/// let planner = ReminderPlanner(configuration: notify, reference: reference)
/// let plan = planner.plan(for: stored, existing: try await store.deliveries(keyPrefix: ReminderPlanner.keyPrefix(of: id)), now: now)
/// ```
public struct ReminderPlanner: Sendable {
    public let configuration: NotifyConfiguration
    public let reference: ReferenceData

    public init(configuration: NotifyConfiguration, reference: ReferenceData) {
        self.configuration = configuration
        self.reference = reference
    }

    /// What to change in the outbox for one event.
    public struct Plan: Hashable, Sendable {
        /// Keys of waiting deliveries to cancel.
        public var cancel: [String] = []
        public var enqueue: [OutboxEntry] = []

        public init(cancel: [String] = [], enqueue: [OutboxEntry] = []) {
            self.cancel = cancel
            self.enqueue = enqueue
        }

        public var isEmpty: Bool { cancel.isEmpty && enqueue.isEmpty }
    }

    /// The prefix of every reminder key of an event.
    public static func reminderPrefix(of event: Event.ID) -> String { "reminder:\(event.rawValue):" }

    /// The prefix of every notice key of an event (reminders and the cancellation).
    public static func keyPrefixes(of event: Event.ID) -> [String] {
        [reminderPrefix(of: event), "cancelled:\(event.rawValue):"]
    }

    /// Plans the notices of one event.
    /// - Parameters:
    ///   - stored: The event as it is after the change.
    ///   - existing: Every live delivery whose key starts with one of ``keyPrefixes(of:)``.
    ///   - now: The time of the change.
    /// - Returns: What to cancel and what to enqueue.
    public func plan(for stored: StoredEvent, existing: [OutboxDelivery], now: Date) -> Plan {
        let event = stored.event
        var desired: [String: OutboxEntry] = [:]
        var order: [String] = []
        if event.status == .confirmed {
            for entry in reminders(for: stored, after: now) where desired[entry.key] == nil {
                desired[entry.key] = entry
                order.append(entry.key)
            }
        }
        var plan = Plan()
        var live = Set<String>()
        for delivery in existing where delivery.key.hasPrefix(Self.reminderPrefix(of: event.id)) {
            switch delivery.state {
            case .pending, .failed:
                if let wanted = desired[delivery.key], wanted.notice.payload == delivery.notice.payload,
                    wanted.dueAt == delivery.dueAt
                {
                    live.insert(delivery.key)
                } else {
                    plan.cancel.append(delivery.key)
                }
            case .inFlight, .sent, .dead:
                live.insert(delivery.key)
            case .cancelled:
                break
            }
        }
        plan.enqueue = order.filter { !live.contains($0) }.compactMap { desired[$0] }

        if event.status == .cancelled {
            let sentTo = Set(
                existing.filter { $0.state == .sent && $0.key.hasPrefix(Self.reminderPrefix(of: event.id)) }.map(\.target))
            let announced = Set(existing.filter { $0.notice.kind == .eventCancelled }.map(\.target))
            if let summary = summaries(for: stored).first {
                let notice = Notice(
                    .eventCancelled(Notice.EventCancelled(event: summary.summary, wasAt: summary.summary.start)),
                    createdAt: now)
                for target in configuration.targets where sentTo.contains(target.name) && !announced.contains(target.name) {
                    plan.enqueue.append(
                        OutboxEntry(
                            key: "cancelled:\(event.id.rawValue):\(target.name)", notice: notice, target: target.name,
                            bot: target.endpoint.botIdentity, dueAt: now))
                }
            }
        }
        return plan
    }

    /// Every reminder of a confirmed event still ahead of `now`, in time order.
    func reminders(for stored: StoredEvent, after now: Date) -> [OutboxEntry] {
        guard !configuration.reminders.isEmpty else { return [] }
        var result: [OutboxEntry] = []
        for occurrence in summaries(for: stored) {
            for offset in configuration.reminders {
                guard let dueLocal = offset.due(start: occurrence.summary.start, allDay: occurrence.allDay) else { continue }
                let due = occurrence.zone.date(of: dueLocal)
                guard due > now else { continue }
                let notice = Notice(
                    .eventReminder(Notice.EventReminder(event: occurrence.summary, offsetLabel: offset.label)),
                    createdAt: now)
                let start = occurrence.summary.start
                for name in targets(for: notice) {
                    guard let target = configuration.target(named: name) else { continue }
                    result.append(
                        OutboxEntry(
                            key: "\(Self.reminderPrefix(of: stored.event.id))\(start.date)T\(start.time):\(offset):\(name)",
                            notice: notice, target: name, bot: target.endpoint.botIdentity, dueAt: due))
                }
            }
        }
        return result.sorted { $0.dueAt != $1.dueAt ? $0.dueAt < $1.dueAt : $0.key < $1.key }
    }

    /// The targets a notice goes to under the configured routes.
    public func targets(for notice: Notice) -> [String] {
        configuration.targets(for: notice) { reference.lineage(of: $0) }
    }

    struct OccurrenceSummary {
        var summary: Notice.EventSummary
        var allDay: Bool
        var zone: ZoneConverter
    }

    /// The event's occurrences as notices describe them.
    func summaries(for stored: StoredEvent) -> [OccurrenceSummary] {
        let event = stored.event
        let zoneName = reference.timeZone(of: event.branch)
        guard let zone = ZoneConverter(identifier: zoneName) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone)
        else { return [] }
        let timings = event.recurrence == nil ? [event.timing] : event.occurrences(through: stored.campaignEnd)
        return timings.map { timing in
            OccurrenceSummary(
                summary: Notice.EventSummary(event: event, timing: timing, reference: reference, timeZone: zoneName),
                allDay: timing.isAllDay, zone: zone)
        }
    }
}

extension Notice.EventSummary {
    /// What a notice says about one occurrence of an event. An all-day occurrence runs from 00:00 of its
    /// first day to 23:59 of its last.
    public init(event: Event, timing: Event.Timing, reference: ReferenceData, timeZone: String) {
        let start: LocalDateTime
        let end: LocalDateTime
        switch timing {
        case .timed(let s, let e):
            start = s
            end = e
        case .allDay(let s, let e):
            start = LocalDateTime(date: s, time: .midnight)
            end = LocalDateTime(date: e, time: LocalTime(uncheckedHour: 23, minute: 59))
        }
        self.init(
            event: event.id, campaign: event.campaign, title: event.title,
            venue: reference.venue(event.venue)?.names ?? BilingualName(zh: event.venue.rawValue),
            branch: event.branch, branchName: reference.branch(event.branch)?.names ?? BilingualName(zh: event.branch.rawValue),
            start: start, end: end, timeZone: timeZone, staff: event.staff)
    }
}

extension ReminderPlanner {
    /// A reminder or cancellation notice for the next occurrence of an event, made by hand
    /// (`outreach notify send --kind event-reminder --event ID`); nil for other kinds.
    /// - Parameters:
    ///   - kind: `.eventReminder` or `.eventCancelled`.
    ///   - stored: The event.
    ///   - now: The time; the next occurrence starting at or after it is chosen (else the last one).
    ///   - urgent: Whether the notice is urgent.
    public func notice(_ kind: Notice.Kind, for stored: StoredEvent, now: Date, urgent: Bool) -> Notice? {
        let occurrences = summaries(for: stored)
        guard
            let chosen = occurrences.first(where: { $0.zone.date(of: $0.summary.start) >= now }) ?? occurrences.last
        else { return nil }
        switch kind {
        case .eventReminder:
            let days = chosen.zone.local(at: now).date.days(until: chosen.summary.start.date)
            let label = NoticeMessages.daysAhead(days).names
            return Notice(
                .eventReminder(Notice.EventReminder(event: chosen.summary, offsetLabel: label)), urgent: urgent,
                createdAt: now)
        case .eventCancelled:
            return Notice(
                .eventCancelled(Notice.EventCancelled(event: chosen.summary, wasAt: chosen.summary.start)),
                urgent: urgent, createdAt: now)
        case .dailyDigest, .bulletinPublished, .offTrackAlert, .test:
            return nil
        }
    }
}
