/// Renders a plan as a terminal table, JSON, CSV or Markdown (iCalendar has its own writer).
public struct PlanRenderer: Sendable {
    public var reference: ReferenceData
    public var language: Language

    public init(reference: ReferenceData, language: Language) {
        self.reference = reference
        self.language = language
    }

    public var headers: [String] {
        language == .zh
            ? ["日期", "时间", "活动", "渠道", "场地", "机构", "状态", "编号"]
            : ["Date", "Time", "Event", "Channel", "Venue", "Branch", "Status", "ID"]
    }

    /// The cells of one occurrence, in `headers` order.
    public func cells(_ o: PlannedOccurrence) -> [String] {
        let event = o.event
        return [
            "\(o.timing.startDate) \(language == .zh ? shortWeekdayZH(o.timing.startDate) : shortWeekdayEN(o.timing.startDate))",
            timeText(o.timing),
            event.title.text(language),
            reference.channel(event.channel)?.names.text(language) ?? event.channel.rawValue,
            reference.venue(event.venue)?.names.text(language) ?? event.venue.rawValue,
            reference.branch(event.branch)?.names.text(language) ?? event.branch.rawValue,
            event.status.text(language),
            event.id.rawValue,
        ]
    }

    /// `09:30–11:00`, `全天` / `all day`, or `至 2027-03-21` / `until 2027-03-21` for a multi-day display.
    public func timeText(_ timing: Event.Timing) -> String {
        switch timing {
        case .timed(let start, let end):
            return end.date == start.date ? "\(start.time)–\(end.time)" : "\(start.time)–\(end.date) \(end.time)"
        case .allDay(let start, let end):
            if start == end { return language.pick("全天", "all day") }
            return language.pick("至 \(end)", "until \(end)")
        }
    }

    public func table(_ occurrences: [PlannedOccurrence], colour: Bool) -> String {
        let table = TextTable(headers: headers, rows: occurrences.map(cells), maximumCellWidth: 40)
        guard colour else { return table.render() }
        return table.render { row, column, text in
            guard column == 6 else { return text }
            switch occurrences[row].event.status {
            case .confirmed: return "\u{1B}[32m\(text)\u{1B}[0m"
            case .cancelled: return "\u{1B}[31m\(text)\u{1B}[0m"
            case .done: return "\u{1B}[2m\(text)\u{1B}[0m"
            case .planned: return text
            }
        }
    }

    public func markdown(_ occurrences: [PlannedOccurrence]) -> String {
        func escape(_ text: String) -> String {
            text.replacingNewlines().split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
        }
        var out = "| " + headers.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: " --- |", count: headers.count) + "\n"
        for o in occurrences { out += "| " + cells(o).map(escape).joined(separator: " | ") + " |\n" }
        return out
    }

    public var csvHeaders: [String] {
        language == .zh
            ? ["活动编号", "宣传活动", "活动", "渠道", "场地", "机构", "开始", "结束", "全天", "时区", "状态", "人员", "预计触达"]
            : ["event", "campaign", "title", "channel", "venue", "branch", "start", "end", "all_day", "time_zone", "status", "staff", "expected_reach"]
    }

    public func csv(_ occurrences: [PlannedOccurrence], byteOrderMark: Bool) -> String {
        let rows = occurrences.map { o -> [String] in
            let (start, end) = isoBounds(o)
            return [
                o.event.id.rawValue, o.event.campaign.rawValue, o.event.title.text(language), o.event.channel.rawValue,
                o.event.venue.rawValue, o.event.branch.rawValue, start, end, o.timing.isAllDay ? "true" : "false",
                o.timeZone, o.event.status.rawValue, o.event.staff.joined(separator: "、"),
                o.event.expectedReach.map(String.init) ?? "",
            ]
        }
        return CSVWriter(includeByteOrderMark: byteOrderMark).document(header: csvHeaders, rows: rows)
    }

    /// JSON: an array of occurrences; timed ones carry ISO 8601 times with the zone's offset, all-day ones
    /// carry dates with an inclusive end.
    public func json(_ occurrences: [PlannedOccurrence]) -> String {
        let items = occurrences.map { o -> JSONValue in
            let (start, end) = isoBounds(o)
            let e = o.event
            return .object([
                ("event", .string(e.id.rawValue)),
                ("uid", .string(ICalendarWriter.uid(for: e.id))),
                ("campaign", .string(e.campaign.rawValue)),
                ("campaignTitle", .string(o.stored.campaignTitle.text(language))),
                ("title", .string(e.title.zh)),
                ("titleEn", .optional(e.title.en)),
                ("channel", .string(e.channel.rawValue)),
                ("venue", .string(e.venue.rawValue)),
                ("venueName", .optional(reference.venue(e.venue)?.names.text(language))),
                ("branch", .string(e.branch.rawValue)),
                ("branchName", .optional(reference.branch(e.branch)?.names.text(language))),
                ("date", .string(o.timing.startDate.description)),
                ("start", .string(start)),
                ("end", .string(end)),
                ("allDay", .bool(o.timing.isAllDay)),
                ("timeZone", .string(o.timeZone)),
                ("status", .string(e.status.rawValue)),
                ("recurring", .bool(e.recurrence != nil)),
                ("staff", .array(e.staff.map { .string($0) })),
                ("expectedReach", .optional(e.expectedReach)),
            ])
        }
        return JSONValue.array(items).serialized(pretty: true) + "\n"
    }

    /// ISO 8601 bounds: `2027-03-12T14:30:00+08:00` for timed occurrences, dates for all-day ones.
    public func isoBounds(_ o: PlannedOccurrence) -> (String, String) {
        switch o.timing {
        case .timed(let start, let end):
            let zone = ZoneConverter(identifier: o.timeZone)
            let startOffset = zone?.offsetText(atUTCMinute: o.startMinute) ?? "+08:00"
            let endOffset = zone?.offsetText(atUTCMinute: o.endMinute) ?? "+08:00"
            return ("\(start.date)T\(start.time):00\(startOffset)", "\(end.date)T\(end.time):00\(endOffset)")
        case .allDay(let start, let end):
            return (start.description, end.description)
        }
    }

    private func shortWeekdayZH(_ date: LocalDate) -> String { ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][date.weekday - 1] }
    private func shortWeekdayEN(_ date: LocalDate) -> String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][date.weekday - 1] }
}
