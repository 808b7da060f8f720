/// Where an event stands: planned, confirmed, done or cancelled.
public enum EventStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case planned, confirmed, done, cancelled

    public func text(_ language: Language) -> String { PlanMessages.eventStatus(self).text(language) }
}

extension EventStatus {
    /// Whether staff may move an event from this status to another (`outreach event confirm|done|cancel`).
    /// Done is final; a cancelled event can be confirmed again.
    public func canChange(to next: EventStatus) -> Bool {
        switch (self, next) {
        case (let a, let b) where a == b: true
        case (.planned, _): next != .planned
        case (.confirmed, .done), (.confirmed, .cancelled): true
        case (.cancelled, .confirmed): true
        default: false
        }
    }
}
