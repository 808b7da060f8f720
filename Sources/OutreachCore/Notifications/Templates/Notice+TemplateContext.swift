extension Notice {
    /// The values a template of this notice's kind can use, in `language`.
    ///
    /// Every kind has `urgent` and `kind`; the other fields are listed per kind in `docs/notifications.md`.
    public func templateContext(_ language: Language) -> TemplateValue {
        .object(templateFields(language).dictionary)
    }

    /// ``templateContext(_:)`` in the order this kind always lists its fields (what the renderer uses).
    public func templateFields(_ language: Language) -> TemplateFields {
        var fields = TemplateFields(capacity: 24)
        switch payload {
        case .eventReminder(let reminder): Notice.append(reminder.event, language, to: &fields)
        case .eventCancelled(let cancelled): Notice.append(cancelled.event, language, to: &fields)
        default: break
        }
        fields.append("urgent", .bool(urgent))
        fields.append("kind", .text(kind.rawValue))
        fields.append("kind_name", .text(kind.text(language)))
        switch payload {
        case .eventReminder(let reminder):
            fields.append("offset", .text(reminder.offsetLabel.text(language)))
        case .dailyDigest(let digest):
            fields.append("date", .text(digest.date.description))
            if let name = digest.branchName { fields.append("branch", .text(name.text(language))) }
            fields.append("count", .text(groupedThousands(digest.events.count)))
            fields.append(
                "events",
                .list(
                    digest.events.enumerated().map { index, event in
                        var item = TemplateFields(capacity: 20)
                        Notice.append(event, language, to: &item)
                        item.append("index", .text(String(index + 1)))
                        item.append("time", .text(Notice.digestTime(of: event, on: digest.date, language)))
                        return .object(item.dictionary)
                    }))
        case .bulletinPublished(let bulletin):
            fields.append("year", .text(String(bulletin.year)))
            fields.append("month", .text(String(bulletin.month)))
            fields.append("month_padded", .text(pad(bulletin.month, 2)))
            fields.append("branch", .text(bulletin.branchName.text(language)))
            fields.append("branch_id", .text(bulletin.branch.rawValue))
            fields.append("events_held", .text(groupedThousands(bulletin.eventsHeld)))
            fields.append("person_times", .text(groupedThousands(bulletin.personTimes)))
            fields.append("link", .text(bulletin.link))
        case .offTrackAlert(let alert):
            fields.append("branch", .text(alert.branchName.text(language)))
            fields.append("branch_id", .text(alert.branch.rawValue))
            fields.append("period", .text(alert.period.text(language)))
            fields.append("segment", .text(alert.segment.text(language)))
            fields.append("achieved", .text(groupedThousands(alert.achieved)))
            fields.append("target", .text(groupedThousands(alert.target)))
            fields.append("percent", .text(String(alert.percent)))
            fields.append("expected_percent", .text(String(alert.expectedPercent)))
            func lines(_ measures: [OffTrackAlert.Measure]) -> TemplateValue {
                .list(
                    measures.map { measure in
                        .object([
                            "segment": .text(measure.segment.text(language)), "achieved": .text(groupedThousands(measure.achieved)),
                            "target": .text(groupedThousands(measure.target)), "percent": .text(String(measure.percent)),
                        ])
                    })
            }
            fields.append("lines", lines(alert.measures))
            let branches = alert.branches
            fields.append("branch_count", .text(String(branches.count)))
            fields.append("branches_behind", .text(NoticeMessages.branchCount(branches.count).text(language)))
            fields.append(
                "branches",
                .list(
                    branches.map { behind in
                        .object([
                            "branch": .text(behind.branchName.text(language)), "branch_id": .text(behind.branch.rawValue),
                            "lines": lines(behind.measures),
                        ])
                    }))
        case .eventCancelled(let cancelled):
            fields.append("was_at", .text(cancelled.wasAt.description))
        case .test(let test):
            fields.append("target", .text(test.target))
            if let message = test.message { fields.append("message", .text(message)) }
        }
        return fields
    }

    /// An all-day occurrence runs from 00:00 of its first day to 23:59 of its last (see
    /// `EventSummary.init(event:timing:reference:timeZone:)`).
    static func isAllDay(_ event: EventSummary) -> Bool {
        event.start.time == .midnight && event.end.time == LocalTime(uncheckedHour: 23, minute: 59)
    }

    /// When an event of a daily digest happens that day: "09:00–11:30", "全天" / "all day", and for a display of
    /// several days which day of it this is.
    static func digestTime(of event: EventSummary, on date: LocalDate, _ language: Language) -> String {
        guard isAllDay(event) else { return "\(event.start.time)–\(event.end.time)" }
        let first = event.start.date, last = event.end.date
        if first == last { return NoticeMessages.allDay.text(language) }
        if date == first { return NoticeMessages.allDayFirstOfDisplay(last: last).text(language) }
        if date == last { return NoticeMessages.allDayLastOfDisplay(first: first).text(language) }
        return NoticeMessages.allDayWithinDisplay(first: first, last: last).text(language)
    }

    private static func append(_ event: EventSummary, _ language: Language, to fields: inout TemplateFields) {
        let sameDay = event.start.date == event.end.date
        let allDay = isAllDay(event)
        let when: String
        if allDay {
            when = sameDay
                ? NoticeMessages.allDayOn(date: event.start.date).text(language)
                : NoticeMessages.allDayFromTo(from: event.start.date, to: event.end.date).text(language)
        } else {
            when = "\(event.start) – \(sameDay ? event.end.time.description : event.end.description)"
        }
        fields.append("event_id", .text(event.event.rawValue))
        fields.append("campaign_id", .text(event.campaign.rawValue))
        fields.append("title", .text(event.title.text(language)))
        fields.append("venue", .text(event.venue.text(language)))
        fields.append("branch", .text(event.branchName.text(language)))
        fields.append("branch_id", .text(event.branch.rawValue))
        fields.append("start", .text(event.start.description))
        fields.append("end", .text(sameDay ? event.end.time.description : event.end.description))
        fields.append("start_date", .text(event.start.date.description))
        fields.append("start_time", .text(event.start.time.description))
        fields.append("end_time", .text(event.end.time.description))
        fields.append("time_zone", .text(event.timeZone))
        fields.append("is_shanghai", .bool(event.timeZone == "Asia/Shanghai"))
        fields.append("staff", .text(event.staff.joined(separator: NoticeMessages.listSeparator.text(language))))
        fields.append("all_day", .bool(allDay))
        fields.append("when", .text(when))
    }
}
