import Foundation
import OutreachFormats

/// Writes events as an RFC 5545 iCalendar file: a VTIMEZONE for each zone used, one VEVENT per event
/// with a stable UID, RRULE and EXDATE for recurring ones, escaped text, lines folded at 75 octets
/// (never inside a UTF-8 character) and CRLF line ends; the text rules are OutreachFormats' `ICalendarText`.
public struct ICalendarWriter: Sendable {
    public var reference: ReferenceData
    public var language: Language
    /// Written as DTSTAMP when an event has no recorded update time.
    public var now: Date
    public var calendarName: String?

    public init(reference: ReferenceData, language: Language, now: Date, calendarName: String? = nil) {
        self.reference = reference
        self.language = language
        self.now = now
        self.calendarName = calendarName
    }

    /// A UID that stays the same for an event across exports.
    public static func uid(for id: Event.ID) -> String { "\(id.rawValue)@outreach" }

    public func document(_ events: [StoredEvent]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Outreach//Outreach Financial Education Outreach//ZH",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        ]
        if let calendarName { lines.append("X-WR-CALNAME:" + ICalendarText.escape(calendarName)) }
        var zones: [String: (first: LocalDate, last: LocalDate)] = [:]
        for stored in events {
            let zone = reference.timeZone(of: stored.event.branch)
            let first = stored.event.timing.startDate, last = stored.campaignEnd
            let known = zones[zone]
            zones[zone] = (min(known?.first ?? first, first), max(known?.last ?? last, last))
        }
        for (zone, span) in zones.sorted(by: { $0.key < $1.key }) {
            lines += timeZoneLines(zone, from: span.first, through: span.last)
        }
        for stored in events { lines += eventLines(stored) }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.fold).joined()
    }

    // MARK: Parts

    func eventLines(_ stored: StoredEvent) -> [String] {
        let event = stored.event
        let zoneName = reference.timeZone(of: event.branch)
        let zone = ZoneConverter(identifier: zoneName)
        var lines = ["BEGIN:VEVENT", "UID:" + Self.uid(for: event.id)]
        let stamp = Self.utcText(stored.updatedAt.timeIntervalSince1970 > 0 ? stored.updatedAt : now)
        lines.append("DTSTAMP:" + stamp)
        lines.append("LAST-MODIFIED:" + stamp)
        switch event.timing {
        case .timed(let start, let end):
            lines.append("DTSTART;TZID=\(zoneName):\(start.compactDescription)")
            lines.append("DTEND;TZID=\(zoneName):\(end.compactDescription)")
        case .allDay(let start, let end):
            lines.append("DTSTART;VALUE=DATE:\(start.compactDescription)")
            lines.append("DTEND;VALUE=DATE:\(end.adding(days: 1).compactDescription)")
        }
        if let rule = event.recurrence {
            lines.append("RRULE:" + effectiveRule(rule, timing: event.timing, campaignEnd: stored.campaignEnd, zone: zone))
            for date in event.exceptDates.sorted() {
                switch event.timing {
                case .timed(let start, _):
                    lines.append("EXDATE;TZID=\(zoneName):\(LocalDateTime(date: date, time: start.time).compactDescription)")
                case .allDay:
                    lines.append("EXDATE;VALUE=DATE:\(date.compactDescription)")
                }
            }
        }
        lines.append("SUMMARY:" + ICalendarText.escape(event.title.text(language)))
        if let venue = reference.venue(event.venue) {
            let place = [venue.names.text(language), venue.address].compactMap { $0 }.joined(separator: ", ")
            lines.append("LOCATION:" + ICalendarText.escape(place))
        } else {
            lines.append("LOCATION:" + ICalendarText.escape(event.venue.rawValue))
        }
        lines.append("DESCRIPTION:" + ICalendarText.escape(description(stored)))
        lines.append("STATUS:" + icsStatus(event.status))
        lines.append("CATEGORIES:" + ICalendarText.escape(reference.channel(event.channel)?.names.text(language) ?? event.channel.rawValue))
        lines.append("X-OUTREACH-CAMPAIGN:" + ICalendarText.escape(event.campaign.rawValue))
        lines.append("X-OUTREACH-CHANNEL:" + ICalendarText.escape(event.channel.rawValue))
        lines.append("END:VEVENT")
        return lines
    }

    /// The rule with an UNTIL in the form RFC 5545 requires (UTC for a zoned start, a date for an all-day
    /// one); a rule without COUNT or UNTIL gets the campaign's last day, where the plan stops it too.
    func effectiveRule(_ rule: RecurrenceRule, timing: Event.Timing, campaignEnd: LocalDate, zone: ZoneConverter?) -> String {
        var parts = rule.description.split(separator: ";").map(String.init).filter { !$0.hasPrefix("UNTIL=") }
        guard rule.count == nil else { return parts.joined(separator: ";") }
        let until = rule.until ?? LocalDateTime(date: campaignEnd, time: LocalTime(uncheckedHour: 23, minute: 59))
        switch timing {
        case .allDay:
            parts.append("UNTIL=" + until.date.compactDescription)
        case .timed:
            let minute = zone?.utcMinute(of: until) ?? until.minuteNumber
            let utc = LocalDateTime(minuteNumber: minute)
            parts.append("UNTIL=" + utc.date.compactDescription + "T" + pad(utc.time.hour, 2) + pad(utc.time.minute, 2) + "59Z")
        }
        return parts.joined(separator: ";")
    }

    private func description(_ stored: StoredEvent) -> String {
        let e = stored.event
        var parts: [String] = []
        parts.append(PlanMessages.campaignLabel.text(language) + stored.campaignTitle.text(language))
        parts.append(PlanMessages.channelLabel.text(language) + (reference.channel(e.channel)?.names.text(language) ?? e.channel.rawValue))
        parts.append(PlanMessages.branchLabel.text(language) + (reference.branch(e.branch)?.names.text(language) ?? e.branch.rawValue))
        if !e.staff.isEmpty { parts.append(PlanMessages.staffLabel.text(language) + e.staff.joined(separator: PlanMessages.listSeparator.text(language))) }
        if let reach = e.expectedReach { parts.append(PlanMessages.expectedReachLabel.text(language) + String(reach)) }
        parts.append(PlanMessages.statusLabel.text(language) + e.status.text(language))
        if let notes = e.notes { parts.append(notes) }
        return parts.joined(separator: "\n")
    }

    private func icsStatus(_ status: EventStatus) -> String {
        switch status {
        case .planned: "TENTATIVE"
        case .confirmed, .done: "CONFIRMED"
        case .cancelled: "CANCELLED"
        }
    }

    /// A VTIMEZONE with one observance per offset change between the dates (one STANDARD observance for
    /// zones without changes, such as Asia/Shanghai).
    func timeZoneLines(_ identifier: String, from first: LocalDate, through last: LocalDate) -> [String] {
        guard let zone = ZoneConverter(identifier: identifier) else { return [] }
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + identifier]
        let start = Date(timeIntervalSince1970: TimeInterval(LocalDate(year: first.year - 1, month: 1, day: 1)?.dayNumber ?? 0) * 86400)
        let end = Date(timeIntervalSince1970: TimeInterval(LocalDate(year: last.year + 1, month: 12, day: 31)?.dayNumber ?? 0) * 86400)
        let transitions = zone.transitions(from: start, to: end)
        func offset(_ minutes: Int) -> String {
            "\(minutes < 0 ? "-" : "+")\(pad(abs(minutes) / 60, 2))\(pad(abs(minutes) % 60, 2))"
        }
        if transitions.isEmpty {
            let o = zone.offset(atUTCMinute: Int(start.timeIntervalSince1970 / 60))
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:" + offset(o), "TZOFFSETTO:" + offset(o)]
            if let name = zone.abbreviation(at: start), !name.hasPrefix("GMT") { lines.append("TZNAME:" + name) }
            lines.append("END:STANDARD")
        } else {
            for t in transitions {
                let kind = t.isDST ? "DAYLIGHT" : "STANDARD"
                let local = LocalDateTime(minuteNumber: t.utcMinute + t.before)
                lines += [
                    "BEGIN:\(kind)", "DTSTART:" + local.compactDescription, "TZOFFSETFROM:" + offset(t.before),
                    "TZOFFSETTO:" + offset(t.after),
                ]
                if let name = zone.abbreviation(at: Date(timeIntervalSince1970: TimeInterval(t.utcMinute) * 60 + 1)),
                    !name.hasPrefix("GMT")
                {
                    lines.append("TZNAME:" + name)
                }
                lines.append("END:\(kind)")
            }
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    static func utcText(_ date: Date) -> String {
        let t = Timestamp.string(from: date)  // 2026-11-29T02:30:05Z
        return t.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}
