import Foundation

/// An event as typed into the planning form of the web app: every field as text, as a campaign file holds it.
///
/// The form is checked by writing it as a campaign file (its campaign's fields, then this one event) and
/// reading that with `CampaignFileDecoder`, then checking the schedule with `ScheduleChecker` against every
/// other stored event: the same checks and the same messages as `outreach validate` and `outreach import`,
/// each placed on the field it is about.
///
/// ```swift
/// let checked = EventForm(title: "讲座", …).check(in: campaign, editing: nil, others: stored, reference: reference)
/// if let event = checked.event { … } else { show(checked.fieldErrors, checked.clashes) }
/// ```
public struct EventForm: Hashable, Sendable {
    public var id = ""
    public var title = ""
    public var titleEN = ""
    public var channel = ""
    public var venue = ""
    /// Empty: the venue's branch, as in a campaign file.
    public var branch = ""
    /// `2027-03-15 09:30`, or a date for an all-day or multi-day event.
    public var start = ""
    /// `16:00`, `2027-03-15 16:00`, or the last date of a multi-day event; empty for one all-day date.
    public var end = ""
    /// A recurrence rule as in a campaign file (`FREQ=WEEKLY;BYDAY=SA;COUNT=4`).
    public var repeatRule = ""
    /// Dates a recurring event skips, separated by commas or spaces.
    public var except = ""
    /// Names separated by commas (`,`, `，`, `、`).
    public var staff = ""
    public var expectedReach = ""
    public var capacity = ""
    public var notes = ""

    public init() {}

    /// The form filled in with an event's fields as a campaign file writes them.
    public init(_ event: Event) {
        let values = EventFields.values(event)
        id = values["id"] ?? ""
        title = values["title"] ?? ""
        titleEN = values["title_en"] ?? ""
        channel = values["channel"] ?? ""
        venue = values["venue"] ?? ""
        branch = values["branch"] ?? ""
        start = values["start"] ?? ""
        end = values["end"] ?? ""
        repeatRule = values["repeat"] ?? ""
        except = values["except"] ?? ""
        staff = values["staff"] ?? ""
        expectedReach = values["expected_reach"] ?? ""
        capacity = values["capacity"] ?? ""
        notes = values["notes"] ?? ""
    }

    /// A clash with another event (venue, staff or single-campaign display): the validator's message and the
    /// other event's id.
    public struct Clash: Sendable {
        public var message: Message
        public var other: Event.ID
    }

    /// What the check found.
    public struct Checked: Sendable {
        /// The event to store, when nothing is wrong (its status is the file's default; the caller sets it).
        public var event: Event?
        /// Errors by field key (`title`, `start`, …), each message in both languages.
        public var fieldErrors: [String: [Message]] = [:]
        /// Errors about no single field.
        public var otherErrors: [Message] = []
        /// Clashes with other events: errors, as `outreach import` refuses them.
        public var clashes: [Clash] = []
        /// Warnings (a public holiday, outside a school term, expected reach over the capacity): the event is
        /// stored all the same, as `outreach import` stores it.
        public var warnings: [Message] = []

        public var hasErrors: Bool { !fieldErrors.isEmpty || !otherErrors.isEmpty || !clashes.isEmpty }
    }

    /// Checks the form as an event of `campaign`.
    ///
    /// - Parameters:
    ///   - editing: the event being edited (its id is kept whatever the form says), or nil for a new one.
    ///   - others: the stored events to check the schedule against and, for a new event, the ids in use; the
    ///     edited event itself is left out.
    public func check(in campaign: Campaign, editing: Event.ID?, others: [StoredEvent], reference: ReferenceData)
        -> Checked
    {
        let (text, lineFields, firstLine) = campaignFile(campaign, id: editing?.rawValue ?? id)
        let path = "web-form.yaml"
        let (decoded, issues) = CampaignFileDecoder.decode(bytes: Array(text.utf8), path: path, reference: reference)
        var checked = Checked()
        func field(of issue: InputIssue) -> String? {
            if case .missingFieldInItem(let key, _, _, _, _) = issue.problem { return key }
            guard let line = issue.location?.line, line >= firstLine else { return nil }
            return lineFields.last { $0.line <= line }?.field
        }
        for issue in issues {
            // Problems of the campaign's own fields (a campaign missing its anchor day) are not the form's.
            if let line = issue.location?.line, line < firstLine { continue }
            var problem = issue.problem
            if case .missingFieldInItem(let key, let subject, _, _, _) = problem { problem = .missingField(key, in: subject) }
            let message = Message(zh: problem.message(.zh), en: problem.message(.en))
            if issue.severity == .warning {
                checked.warnings.append(message)
            } else if let key = field(of: issue) {
                checked.fieldErrors[key, default: []].append(message)
            } else {
                checked.otherErrors.append(message)
            }
        }
        // An id in use, even by an event removed from its file, is refused for a new event.
        if editing == nil, let taken = others.first(where: { $0.event.id.rawValue == id.trimmed }) {
            checked.fieldErrors["id", default: []].append(
                EventFormMessages.idInUse(id: id.trimmed, title: taken.event.title, campaign: taken.campaignTitle))
        }
        guard !checked.hasErrors, let event = decoded?.campaign.events.first else { return checked }
        let others = others.filter { $0.event.id != editing && !$0.isRemovedFromFile }
        let location = SourceLocation(path: path, line: firstLine)
        let issuesOfSchedule = ScheduleChecker(reference: reference).check(
            [ScheduledEvent(event: event, campaignEnd: campaign.end, location: location)],
            against: others.map { ScheduledEvent(event: $0.event, campaignEnd: $0.campaignEnd, location: nil) })
        for issue in issuesOfSchedule {
            // A year without the State Council's holiday notice is the seeds' matter, not this event's.
            if case .missingHolidayNotice = issue.problem { continue }
            let message = Message(zh: issue.problem.message(.zh), en: issue.problem.message(.en))
            switch issue.problem {
            case .venueDoubleBooked(_, _, let other, _, _), .staffDoubleBooked(_, _, let other, _, _),
                .displayDoubleBooked(_, _, _, _, let other, _, _):
                checked.clashes.append(Clash(message: message, other: Event.ID(other)))
            default:
                if issue.severity == .warning { checked.warnings.append(message) } else { checked.otherErrors.append(message) }
            }
        }
        if !checked.hasErrors { checked.event = event }
        return checked
    }

    /// The campaign's fields and this one event as a campaign file, with the line each field of the event is
    /// written on and the event's first line.
    func campaignFile(_ campaign: Campaign, id: String) -> (String, [(line: Int, field: String)], Int) {
        var header = campaign
        header.events = []
        var text = CampaignFileEncoder.encode(header)
        var line = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 } + 1
        let firstLine = line
        var fields: [(line: Int, field: String)] = []
        var first = true
        func write(_ key: String, _ value: String) {
            fields.append((line, key))
            text += (first ? "  - " : "    ") + key + ": " + value
            if !value.hasSuffix("\n") { text += "\n" }
            line += value.reduce(0) { $1 == "\n" ? $0 + 1 : $0 } + (value.hasSuffix("\n") ? 0 : 1)
            first = false
        }
        func scalar(_ key: String, _ value: String) {
            let trimmed = value.trimmed
            if !trimmed.isEmpty { write(key, CampaignFileEncoder.scalar(trimmed)) }
        }
        func list(_ key: String, _ value: String, separators: Set<Character>) {
            let items = value.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmed }.filter { !$0.isEmpty }
            if !items.isEmpty { write(key, CampaignFileEncoder.flow(items)) }
        }
        scalar("id", id)
        scalar("title", title)
        scalar("title_en", titleEN)
        scalar("channel", channel)
        scalar("venue", venue)
        scalar("branch", branch)
        scalar("start", start)
        scalar("end", end)
        scalar("repeat", repeatRule)
        list("except", except, separators: [",", "，", "、", " ", "\n", "\r", "\t"])
        list("staff", staff, separators: [",", "，", "、", "\n", "\r"])
        scalar("expected_reach", expectedReach)
        scalar("capacity", capacity)
        // As typed (a browser sends a text area's lines with CRLF): notes that end with a line break keep it, so an
        // unchanged form reads back unchanged.
        let notesText = notes.replacingOccurrences(of: "\r\n", with: "\n")
        if !notesText.trimmed.isEmpty { write("notes", CampaignFileEncoder.block(notesText, indent: "      ")) }
        if first {
            // Nothing typed at all: an empty event, so the decoder names what is missing.
            text += "  - {}\n"
            fields.append((line, "id"))
        }
        return (text, fields, firstLine)
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
