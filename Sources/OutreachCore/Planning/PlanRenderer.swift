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

    /// Texts repeated across many rows (dates, times, names), made once.
    struct CellCache {
        var dates: [Int: String] = [:]
        var times: [Event.Timing: String] = [:]
        var channels: [Channel.ID: String] = [:]
        var venues: [Venue.ID: String] = [:]
        var branches: [Branch.ID: String] = [:]
    }

    func cells(_ o: PlannedOccurrence, cache: inout CellCache) -> [String] {
        let event = o.event
        let day = o.timing.startDate
        let date = cache.dates[day.dayNumber] ?? {
            let text = "\(day) \(language == .zh ? shortWeekdayZH(day) : shortWeekdayEN(day))"
            cache.dates[day.dayNumber] = text
            return text
        }()
        let timeKey: Event.Timing = o.timing.moved(to: LocalDate(dayNumber: 0))
        let time = cache.times[timeKey] ?? {
            let text = timeText(o.timing)
            if case .allDay(let start, let end) = o.timing, start != end { return text }
            cache.times[timeKey] = text
            return text
        }()
        let channel = cache.channels[event.channel] ?? {
            let text = reference.channel(event.channel)?.names.text(language) ?? event.channel.rawValue
            cache.channels[event.channel] = text
            return text
        }()
        let venue = cache.venues[event.venue] ?? {
            let text = reference.venue(event.venue)?.names.text(language) ?? event.venue.rawValue
            cache.venues[event.venue] = text
            return text
        }()
        let branch = cache.branches[event.branch] ?? {
            let text = reference.branch(event.branch)?.names.text(language) ?? event.branch.rawValue
            cache.branches[event.branch] = text
            return text
        }()
        return [date, time, event.title.text(language), channel, venue, branch, event.status.text(language), event.id.rawValue]
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
        String(decoding: tableBytes(occurrences, colour: colour), as: UTF8.self)
    }

    /// The table's UTF-8 bytes (no second copy for a plan of 100,000 rows).
    public func tableBytes(_ occurrences: [PlannedOccurrence], colour: Bool) -> [UInt8] {
        let measured = chunkedMap(occurrences) { slice -> [TextTable.Cell] in
            var cache = CellCache()
            var measures: [String: TextTable.Cell] = [:]
            var result: [TextTable.Cell] = []
            result.reserveCapacity(slice.count * 8)
            for o in slice {
                let row = cells(o, cache: &cache)
                for (column, text) in row.enumerated() {
                    // Titles and ids differ per row; the other columns repeat, so their measures are kept.
                    if column == 2 || column == 7 {
                        result.append(TextTable.cell(text, maximumWidth: 40))
                    } else if let known = measures[text] {
                        result.append(known)
                    } else {
                        let cell = TextTable.cell(text, maximumWidth: 40)
                        measures[text] = cell
                        result.append(cell)
                    }
                }
            }
            return result
        }
        let table = TextTable(headers: headers, maximumCellWidth: 40)
        guard colour else { return table.renderBytes(cells: measured) }
        return table.renderBytes(cells: measured) { row, column, text in
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
        @Sendable func escape(_ text: String) -> String {
            text.replacingNewlines().split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
        }
        let header = "| " + headers.joined(separator: " | ") + " |\n" + "|" + String(repeating: " --- |", count: headers.count) + "\n"
        let lines = chunkedMap(occurrences) { slice -> [String] in
            var cache = CellCache()
            var text = ""
            for o in slice { text += "| " + cells(o, cache: &cache).map(escape).joined(separator: " | ") + " |\n" }
            return [text]
        }
        return header + lines.joined()
    }

    public var csvHeaders: [String] {
        language == .zh
            ? ["活动编号", "宣传活动", "活动", "渠道", "场地", "机构", "开始", "结束", "全天", "时区", "状态", "人员", "预计触达"]
            : ["event", "campaign", "title", "channel", "venue", "branch", "start", "end", "all_day", "time_zone", "status", "staff", "expected_reach"]
    }

    public func csv(_ occurrences: [PlannedOccurrence], byteOrderMark: Bool) -> String {
        let writer = CSVWriter(includeByteOrderMark: byteOrderMark)
        let lines = chunkedMap(occurrences) { slice -> [String] in
            var text = ""
            for o in slice {
                let (start, end) = isoBounds(o)
                text += writer.line([
                    o.event.id.rawValue, o.event.campaign.rawValue, o.event.title.text(language), o.event.channel.rawValue,
                    o.event.venue.rawValue, o.event.branch.rawValue, start, end, o.timing.isAllDay ? "true" : "false",
                    o.timeZone, o.event.status.rawValue, o.event.staff.joined(separator: "、"),
                    o.event.expectedReach.map(String.init) ?? "",
                ])
            }
            return [text]
        }
        return (byteOrderMark ? "\u{FEFF}" : "") + writer.line(csvHeaders) + lines.joined()
    }

    /// JSON: an array of occurrences; timed ones carry ISO 8601 times with the zone's offset, all-day ones
    /// carry dates with an inclusive end.
    public func json(_ occurrences: [PlannedOccurrence]) -> String {
        let chunks = chunkedMap(occurrences) { slice -> [[UInt8]] in
            var out: [UInt8] = []
            out.reserveCapacity(slice.count * 700)
            for o in slice {
                out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: " ")])
                jsonItem(o, into: &out)
            }
            return [out]
        }
        var out: [UInt8] = [UInt8(ascii: "[")]
        for chunk in chunks { out.append(contentsOf: chunk) }
        if out.count > 1 { out.remove(at: 1) }  // the first item's leading comma
        out.append(contentsOf: occurrences.isEmpty ? Array("]\n".utf8) : Array("\n]\n".utf8))
        return String(decoding: out, as: UTF8.self)
    }

    private func jsonItem(_ o: PlannedOccurrence, into out: inout [UInt8]) {
        let (start, end) = isoBounds(o)
        let e = o.event
        var item = JSONObjectWriter(indent: 1, into: &out)
        item.string("event", e.id.rawValue, into: &out)
        item.string("uid", ICalendarWriter.uid(for: e.id), into: &out)
        item.string("campaign", e.campaign.rawValue, into: &out)
        item.string("campaignTitle", o.stored.campaignTitle.text(language), into: &out)
        item.string("title", e.title.zh, into: &out)
        item.string("titleEn", e.title.en, into: &out)
        item.string("channel", e.channel.rawValue, into: &out)
        item.string("venue", e.venue.rawValue, into: &out)
        item.string("venueName", reference.venue(e.venue)?.names.text(language), into: &out)
        item.string("branch", e.branch.rawValue, into: &out)
        item.string("branchName", reference.branch(e.branch)?.names.text(language), into: &out)
        item.string("date", o.timing.startDate.description, into: &out)
        item.string("start", start, into: &out)
        item.string("end", end, into: &out)
        item.bool("allDay", o.timing.isAllDay, into: &out)
        item.string("timeZone", o.timeZone, into: &out)
        item.string("status", e.status.rawValue, into: &out)
        item.bool("recurring", e.recurrence != nil, into: &out)
        item.strings("staff", e.staff, into: &out)
        item.int("expectedReach", e.expectedReach, into: &out)
        item.finish(into: &out)
    }

    private func offsetText(_ minutes: Int) -> String {
        "\(minutes < 0 ? "-" : "+")\(pad(abs(minutes) / 60, 2)):\(pad(abs(minutes) % 60, 2))"
    }

    /// ISO 8601 bounds: `2027-03-12T14:30:00+08:00` for timed occurrences, dates for all-day ones.
    public func isoBounds(_ o: PlannedOccurrence) -> (String, String) {
        switch o.timing {
        case .timed(let start, let end):
            return (
                "\(start.date)T\(start.time):00\(offsetText(o.startOffset))",
                "\(end.date)T\(end.time):00\(offsetText(o.endOffset))"
            )
        case .allDay(let start, let end):
            return (start.description, end.description)
        }
    }

    private func shortWeekdayZH(_ date: LocalDate) -> String { ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][date.weekday - 1] }
    private func shortWeekdayEN(_ date: LocalDate) -> String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][date.weekday - 1] }
}
