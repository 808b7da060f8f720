/// Where an event stands: planned, confirmed, done or cancelled.
public enum EventStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case planned, confirmed, done, cancelled

    public func text(_ language: Language) -> String {
        switch (self, language) {
        case (.planned, .zh): "计划"
        case (.confirmed, .zh): "已确认"
        case (.done, .zh): "已完成"
        case (.cancelled, .zh): "已取消"
        case (_, .en): rawValue
        }
    }
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
