extension Notice {
    /// The values a template of this notice's kind can use, in `language`.
    ///
    /// Every kind has `urgent` and `kind`; the other fields are listed per kind in `docs/notifications.md`.
    public func templateContext(_ language: Language) -> TemplateValue {
        var fields: [String: TemplateValue]
        // Event notices start from the event's fields, so that no second dictionary is merged in.
        switch payload {
        case .eventReminder(let reminder): fields = Notice.fields(of: reminder.event, language)
        case .eventCancelled(let cancelled): fields = Notice.fields(of: cancelled.event, language)
        default: fields = Dictionary(minimumCapacity: 12)
        }
        fields["urgent"] = .bool(urgent)
        fields["kind"] = .text(kind.rawValue)
        fields["kind_name"] = .text(kind.text(language))
        switch payload {
        case .eventReminder(let reminder):
            fields["offset"] = .text(reminder.offsetLabel.text(language))
        case .dailyDigest(let digest):
            fields["date"] = .text(digest.date.description)
            if let name = digest.branchName { fields["branch"] = .text(name.text(language)) }
            fields["count"] = .text(groupedThousands(digest.events.count))
            fields["events"] = .list(
                digest.events.enumerated().map { index, event in
                    var item = Notice.fields(of: event, language)
                    item["index"] = .text(String(index + 1))
                    item["time"] = .text(Notice.digestTime(of: event, on: digest.date, language))
                    return .object(item)
                })
        case .bulletinPublished(let bulletin):
            fields["year"] = .text(String(bulletin.year))
            fields["month"] = .text(String(bulletin.month))
            fields["month_padded"] = .text(pad(bulletin.month, 2))
            fields["branch"] = .text(bulletin.branchName.text(language))
            fields["branch_id"] = .text(bulletin.branch.rawValue)
            fields["events_held"] = .text(groupedThousands(bulletin.eventsHeld))
            fields["person_times"] = .text(groupedThousands(bulletin.personTimes))
            fields["link"] = .text(bulletin.link)
        case .offTrackAlert(let alert):
            fields["branch"] = .text(alert.branchName.text(language))
            fields["branch_id"] = .text(alert.branch.rawValue)
            fields["period"] = .text(alert.period.text(language))
            fields["segment"] = .text(alert.segment.text(language))
            fields["achieved"] = .text(groupedThousands(alert.achieved))
            fields["target"] = .text(groupedThousands(alert.target))
            fields["percent"] = .text(String(alert.percent))
            fields["expected_percent"] = .text(String(alert.expectedPercent))
            func lines(_ measures: [OffTrackAlert.Measure]) -> TemplateValue {
                .list(
                    measures.map { measure in
                        .object([
                            "segment": .text(measure.segment.text(language)), "achieved": .text(groupedThousands(measure.achieved)),
                            "target": .text(groupedThousands(measure.target)), "percent": .text(String(measure.percent)),
                        ])
                    })
            }
            fields["lines"] = lines(alert.measures)
            let branches = alert.branches
            fields["branch_count"] = .text(String(branches.count))
            fields["branches_behind"] = .text(
                NoticeMessages.branchCount(branches.count).text(language))
            fields["branches"] = .list(
                branches.map { behind in
                    .object([
                        "branch": .text(behind.branchName.text(language)), "branch_id": .text(behind.branch.rawValue),
                        "lines": lines(behind.measures),
                    ])
                })
        case .eventCancelled(let cancelled):
            fields["was_at"] = .text(cancelled.wasAt.description)
        case .test(let test):
            fields["target"] = .text(test.target)
            if let message = test.message { fields["message"] = .text(message) }
        }
        return .object(fields)
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

    private static func fields(of event: EventSummary, _ language: Language) -> [String: TemplateValue] {
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
        var fields: [String: TemplateValue] = Dictionary(minimumCapacity: 20)
        for (key, value) in [
            "event_id": .text(event.event.rawValue),
            "campaign_id": .text(event.campaign.rawValue),
            "title": .text(event.title.text(language)),
            "venue": .text(event.venue.text(language)),
            "branch": .text(event.branchName.text(language)),
            "branch_id": .text(event.branch.rawValue),
            "start": .text(event.start.description),
            "end": .text(sameDay ? event.end.time.description : event.end.description),
            "start_date": .text(event.start.date.description),
            "start_time": .text(event.start.time.description),
            "end_time": .text(event.end.time.description),
            "time_zone": .text(event.timeZone),
            "is_shanghai": .bool(event.timeZone == "Asia/Shanghai"),
            "staff": .text(event.staff.joined(separator: NoticeMessages.listSeparator.text(language))),
            "all_day": .bool(allDay),
            "when": .text(when),
        ] as KeyValuePairs<String, TemplateValue> {
            fields[key] = value
        }
        return fields
    }
}
