import Foundation
import OutreachCore

/// Reach entered by hand for one event and day by a signed-in user: the reach form (`/reach/log`, a count per
/// metric) and `POST /api/v1/reach` (one record). It takes the fields as they were sent and checks them as
/// `outreach reach log` checks its arguments (required fields, counts in range, no day still to come, then
/// `ReachRowValidator` with its messages), enforces who may log what (an event of a branch the user may not see
/// does not exist for them; viewers log nothing), and records the rows through `ReachLog` as one manual batch by
/// the user. Every error names its field and carries the catalogue's message in both languages.
///
/// `outreach reach log` shares `ReachRowValidator` and `ReachLog` but not this: it acts for no signed-in user (its
/// `--by` is a name, not an account with a role and branch), finds the day itself (today when the event is held,
/// `--allow-future`), names flags rather than fields in its messages and prints the validator's warnings.
public struct ManualReachEntry: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData

    public init(store: any OutreachStore, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// A count as it was sent.
    public enum Count: Sendable, Hashable {
        /// Not sent.
        case missing
        /// A number (a JSON integer).
        case number(Int)
        /// Typed by a person: ASCII or full-width digits.
        case typed(String)
        /// Something else that is not a count (a JSON string, a fraction), as it was written.
        case other(String)
    }

    /// One metric's count.
    public struct Figure: Sendable, Hashable {
        public var metric: String?
        public var count: Count

        public init(metric: String?, count: Count) {
            self.metric = metric
            self.count = count
        }
    }

    /// The fields as sent: nil is a field not sent; an empty segment or note is none.
    public struct Fields: Sendable, Hashable {
        public var event: String?
        public var date: String?
        public var segment: String?
        public var note: String?
        public var figures: [Figure]

        public init(event: String?, date: String?, segment: String? = nil, note: String? = nil, figures: [Figure]) {
            self.event = event
            self.date = date
            self.segment = segment
            self.note = note
            self.figures = figures
        }
    }

    /// Where an error belongs.
    public enum Field: Sendable, Hashable {
        case event, date, segment, note
        /// The metric, or the count, of `figures[index]`.
        case metric(Int), count(Int)
        /// The entry as a whole: no count given, the same record twice.
        case figures
    }

    public struct FieldError: Sendable {
        public var field: Field
        public var message: Message

        public init(field: Field, message: Message) {
            self.field = field
            self.message = message
        }
    }

    /// Fields that passed every check: the rows to record.
    public struct Checked: Sendable {
        public var event: StoredEvent
        public var day: LocalDate
        public var rows: [ReachRow]
    }

    /// What was recorded.
    public struct Recorded: Sendable {
        public var event: StoredEvent
        public var day: LocalDate
        public var batch: Int
        public var outcome: ReachWriteOutcome
    }

    /// The answer of a check, and of an entry.
    public enum Outcome<Success: Sendable>: Sendable {
        /// The event does not exist for this user (none with that id, or another branch's for branch staff).
        case notFound
        /// The user may not log reach (a viewer), with why.
        case forbidden(Message)
        /// Bad fields, in the order of the fields; nothing was recorded.
        case invalid([FieldError])
        case success(Success)
    }

    /// The column names the row validator's messages use.
    public static let columns: [ReachColumn: String] = [
        .event: "event", .metric: "metric", .count: "count", .segment: "segment", .note: "note", .date: "date", .evidence: "evidence",
    ]

    /// Checks the fields for the user on the day of `now` in the event's branch; records nothing.
    public func check(_ fields: Fields, by user: User, at now: Date) async throws -> Outcome<Checked> {
        var errors = Errors()
        let eventID = fields.event.flatMap { $0.isEmpty ? nil : $0 }
        if eventID == nil { errors.add(.event, ManualReachMessages.required("event")) }
        if fields.date == nil { errors.add(.date, ManualReachMessages.required("date")) }
        var counts: [Int?] = []
        for (index, figure) in fields.figures.enumerated() {
            if figure.metric?.isEmpty != false { errors.add(.metric(index), ManualReachMessages.required("metric")) }
            counts.append(Self.count(figure.count, at: index, errors: &errors))
        }
        if fields.figures.isEmpty { errors.add(.figures, ManualReachMessages.noCounts) }
        // The event: one the user may not see does not exist for them.
        var stored: StoredEvent?
        if let eventID {
            guard let found = try await store.event(Event.ID(eventID)), user.maySee(found.event.branch, reference: reference) else {
                return .notFound
            }
            stored = found
        }
        guard user.role != .viewer else { return .forbidden(ManualReachMessages.viewerCannotPost) }
        var day: LocalDate?
        if let text = fields.date {
            if let given = LocalDate(text) {
                if let stored, let today = reference.today(at: now, for: stored.event.branch), given > today {
                    errors.add(.date, ManualReachMessages.futureDate(given: given, today: today))
                } else {
                    day = given
                }
            } else {
                errors.add(.date, ManualReachMessages.invalidDate(text))
            }
        }
        // The rows, each checked as `outreach reach log` checks its arguments, once the event and day are right.
        var rows: [ReachRow] = []
        if let stored, let day {
            var validator = ReachRowValidator(index: try await ReachLog(store: store, reference: reference).index(for: stored), path: "")
            let segment = fields.segment.flatMap { $0.isEmpty ? nil : AudienceSegment.ID($0) }
            let note = fields.note.flatMap { $0.isEmpty ? nil : $0 }
            for (index, figure) in fields.figures.enumerated() {
                guard let metric = figure.metric, !metric.isEmpty, let count = counts[index] else { continue }
                let record = ReachRecord(
                    event: stored.event.id, date: day, metric: Metric.ID(metric), segment: segment, count: count, note: note, evidence: nil)
                var issues: [InputIssue] = []
                if let row = validator.validate(record, flags: Self.columns, at: nil, issues: &issues) { rows.append(row) }
                for issue in issues where issue.severity == .error {
                    errors.add(Self.field(of: issue.problem, figure: index), Message(zh: issue.message(.zh), en: issue.message(.en)))
                }
            }
        }
        guard errors.list.isEmpty, let stored, let day else { return .invalid(errors.list) }
        return .success(Checked(event: stored, day: day, rows: rows))
    }

    /// Records checked rows as one manual batch by the user; the same record twice records nothing.
    public func record(_ checked: Checked, by user: User, at now: Date) async throws -> Outcome<Recorded> {
        let recorded = try await ReachLog(store: store, reference: reference).record(checked.rows, recordedBy: user.name.rawValue, at: now)
        guard recorded.committed else { return .invalid([FieldError(field: .figures, message: ManualReachMessages.recordedTwice)]) }
        return .success(Recorded(event: checked.event, day: checked.day, batch: recorded.batch, outcome: recorded.outcome))
    }

    /// Checks the fields and, when they are right, records them.
    public func log(_ fields: Fields, by user: User, at now: Date) async throws -> Outcome<Recorded> {
        switch try await check(fields, by: user, at: now) {
        case .notFound: .notFound
        case .forbidden(let why): .forbidden(why)
        case .invalid(let errors): .invalid(errors)
        case .success(let checked): try await record(checked, by: user, at: now)
        }
    }

    /// The errors found so far, in order, each once.
    struct Errors {
        var list: [FieldError] = []

        mutating func add(_ field: Field, _ message: Message) {
            guard !list.contains(where: { $0.field == field && $0.message.zh == message.zh }) else { return }
            list.append(FieldError(field: field, message: message))
        }
    }

    /// A count within 0…`ReachRecord.maximumCount`, or nil with its error.
    static func count(_ count: Count, at index: Int, errors: inout Errors) -> Int? {
        func diagnostic(_ problem: Diagnostic) -> Int? {
            errors.add(.count(index), Message(zh: problem.message(.zh), en: problem.message(.en)))
            return nil
        }
        let column = columns[.count] ?? "count"
        switch count {
        case .missing:
            errors.add(.count(index), ManualReachMessages.required("count"))
            return nil
        case .number(let number):
            if number < 0 { return diagnostic(.reachInvalidCount(column: column, value: String(number))) }
            if number > ReachRecord.maximumCount {
                return diagnostic(.reachCountTooLarge(column: column, value: String(number), looksLikeID: false))
            }
            return number
        case .typed(let text):
            let digits = asciiDigits(text)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return diagnostic(.reachInvalidCount(column: column, value: text))
            }
            guard let number = Int(digits), number <= ReachRecord.maximumCount else {
                return diagnostic(.reachCountTooLarge(column: column, value: text, looksLikeID: looksLikeIDNumber(text)))
            }
            return number
        case .other(let text):
            return diagnostic(.reachInvalidCount(column: column, value: text))
        }
    }

    /// The field a row validator's issue about `figures[index]` belongs to.
    static func field(of problem: Diagnostic, figure index: Int) -> Field {
        switch problem {
        case .reachUnknownSegment: .segment
        case .reachInvalidCount, .reachCountTooLarge: .count(index)
        case .reachMetricNotReported, .reachUnknownMetric: .metric(index)
        case .csvRefusedCharacter(let column, _):
            switch column {
            case "note": .note
            case "segment": .segment
            case "metric": .metric(index)
            case "event": .event
            default: .date
            }
        default: .date
        }
    }
}
