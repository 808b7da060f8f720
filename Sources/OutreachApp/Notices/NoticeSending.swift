import Foundation
import OutreachCore

/// Sends one notice to one target now, through the outbox: a test notice (`notify test`), or an event reminder,
/// an event's cancellation, the target's daily digest or a test notice by hand (`notify send`).
///
/// The target is one the caller has checked against the configuration (a name it knows, with its secrets set).
public struct NoticeSending: Sendable {
    public let store: any OutreachStore
    public let configuration: NotifyConfiguration
    public let sender: ImmediateSender

    public init(store: any OutreachStore, configuration: NotifyConfiguration, sender: ImmediateSender) {
        self.store = store
        self.configuration = configuration
        self.sender = sender
    }

    /// What became of a notice sent now.
    public enum Outcome: Equatable, Sendable {
        /// The platform confirmed it.
        case sent(OutboxDelivery.ID)
        /// It waits in the outbox until a time (a rate budget, a pause or quiet hours; or a failure to retry,
        /// with the platform's last answer as stored: Chinese line, then English).
        case waiting(OutboxDelivery.ID, until: Date, lastError: String?)
        /// It was not delivered and will not be; the platform's last answer, as stored.
        case notDelivered(lastMessage: String?)
        /// No delivery was made (the target takes no notice of this kind).
        case nothingQueued
        /// The target has no event today, so there is no digest to send.
        case noDigestToday(LocalDate)
    }

    /// Why a notice could not be made.
    public enum Failure: Error, Equatable, Sendable {
        /// The event has no occurrence to remind of or to cancel.
        case eventHasNoOccurrences(Event.ID)
    }

    /// Sends a test notice (urgent: quiet hours do not apply), with one attempt: a refusal is reported, not retried.
    /// - Parameters:
    ///   - target: The target, checked by the caller.
    ///   - message: Text added to the notice.
    ///   - language: The notice's language.
    ///   - now: The time it is sent at.
    /// - Returns: What became of it.
    public func test(to target: NotifyTarget, message: String?, language: Language, at now: Date) async throws -> Outcome {
        Self.outcome(of: try await sendTest(to: target, message: message, language: language, at: now))
    }

    /// Sends a test notice as ``test(to:message:language:at:)`` does, and says what its last attempt came to:
    /// whether the platform answered at all (a refusal) or no reply came (a timeout, a connection that failed).
    public func testAnswer(to target: NotifyTarget, message: String?, language: Language, at now: Date) async throws
        -> (outcome: Outcome, answered: Bool)
    {
        let sent = try await sendTest(to: target, message: message, language: language, at: now)
        let last = sent.deliveries.first.flatMap { sent.attempts[$0.id]?.first }
        return (Self.outcome(of: sent), last?.httpStatus != nil)
    }

    private func sendTest(to target: NotifyTarget, message: String?, language: Language, at now: Date) async throws -> ImmediateSender.Sent {
        let prefix = "test:\(UUID().uuidString):"
        let notice = Notice(
            .test(Notice.TestNotice(target: target.name, message: message)), urgent: true, language: language,
            createdAt: now)
        let entries = configuration.outboxEntries(
            for: notice, key: String(prefix.dropLast()), reference: nil, dueAt: now, only: target.name)
        return try await sender.send(entries, prefix, RetryPolicy(maxAttempts: 1))
    }

    /// Sends one notice of a kind by hand, with the normal retry policy.
    /// - Parameters:
    ///   - kind: An event reminder or cancellation (about the next occurrence of `event`), the daily digest (the
    ///     target's events today) or a test notice (with `text`). Bulletins and off-track alerts are queued by
    ///     the reports that publish them, and make nothing here.
    ///   - target: The target, checked by the caller.
    ///   - event: The event, for event notices.
    ///   - text: The text of a test notice.
    ///   - urgent: Whether it goes through quiet hours.
    ///   - language: The notice's language.
    ///   - reference: The branches and venues.
    ///   - now: The time it is sent at.
    /// - Returns: What became of it.
    /// - Throws: `StoreError.eventNotFound`, ``Failure/eventHasNoOccurrences(_:)``, store errors.
    public func send(
        _ kind: Notice.Kind, to target: NotifyTarget, event: Event.ID?, text: String?, urgent: Bool, language: Language,
        reference: ReferenceData, at now: Date
    ) async throws -> Outcome {
        var notice: Notice
        switch kind {
        case .eventReminder, .eventCancelled:
            let stored = try await EventLookup(store: store).event(event ?? Event.ID(""))
            let planner = ReminderPlanner(configuration: configuration, reference: reference)
            guard let made = planner.notice(kind, for: stored, now: now, urgent: urgent) else {
                throw Failure.eventHasNoOccurrences(stored.event.id)
            }
            notice = made
        case .dailyDigest:
            let today = Self.today(at: now, in: configuration.timeZone)
            let events = try await store.events(matching: EventQuery(from: today, through: today, ordered: false))
            var only = configuration
            only.targets = [target]
            only.routes = configuration.routes.filter { $0.targets.contains(target.name) }
            guard
                let digest = DigestPlanner.digests(
                    for: today, events: events, configuration: only, reference: reference, now: now
                ).first
            else { return .noDigestToday(today) }
            notice = digest.notice
            notice.urgent = urgent
        case .test:
            notice = Notice(.test(Notice.TestNotice(target: target.name, message: text)), urgent: urgent, createdAt: now)
        case .bulletinPublished, .offTrackAlert:
            return .nothingQueued
        }
        notice.language = language
        let prefix = "manual:\(UUID().uuidString):"
        let entries = configuration.outboxEntries(
            for: notice, key: String(prefix.dropLast()), reference: reference, dueAt: now, only: target.name)
        return Self.outcome(of: try await sender.send(entries, prefix, RetryPolicy()))
    }

    /// The local date in the notify zone (Asia/Shanghai when the zone is unknown).
    static func today(at now: Date, in zone: String) -> LocalDate {
        let converter = ZoneConverter(identifier: zone) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone)
        return converter?.local(at: now).date ?? LocalDate(dayNumber: Int(now.timeIntervalSince1970 / 86400))
    }

    /// What became of the first delivery sent.
    static func outcome(of sent: ImmediateSender.Sent) -> Outcome {
        guard let delivery = sent.deliveries.first else { return .nothingQueued }
        let said = sent.attempts[delivery.id]?.first?.message
        switch delivery.state {
        case .sent:
            return .sent(delivery.id)
        case .pending, .failed:
            return .waiting(delivery.id, until: delivery.nextAttemptAt, lastError: delivery.state == .failed ? said : nil)
        case .dead, .inFlight, .cancelled:
            return .notDelivered(lastMessage: said)
        }
    }
}
