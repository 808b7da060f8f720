import OutreachFormats

/// Renders a plan as a terminal table, JSON, CSV or Markdown (iCalendar has its own writer).
public struct PlanRenderer: Sendable {
    public var reference: ReferenceData
    public var language: Language

    public init(reference: ReferenceData, language: Language) {
        self.reference = reference
        self.language = language
    }

    public var headers: [String] {
        PlanMessages.planHeaders.map { $0.text(language) }
    }

    /// Texts repeated across many rows (dates, times, names), made once.
    struct CellCache {
        var dates: [Int: String] = [:]
        var times: [Event.Timing: String] = [:]
        var channels: [Channel.ID: String] = [:]
        var venues: [Venue.ID: String] = [:]
        var branches: [Branch.ID: String] = [:]
    }

    /// Measured cells of the repeating columns, by key.
    struct MeasuredCells {
        var dates: [Int: TextTable.Cell] = [:]
        var times: [Event.Timing: TextTable.Cell] = [:]
        var channels: [Channel.ID: TextTable.Cell] = [:]
        var venues: [Venue.ID: TextTable.Cell] = [:]
        var branches: [Branch.ID: TextTable.Cell] = [:]
        var statuses: [EventStatus: TextTable.Cell] = [:]

        private static func measure(_ text: String) -> TextTable.Cell { TextTable.cell(text, maximumWidth: 40) }

        mutating func cell(date day: LocalDate, _ r: PlanRenderer) -> TextTable.Cell {
            if let known = dates[day.dayNumber] { return known }
            let cell = Self.measure("\(day) \(PlanMessages.shortWeekday(of: day).text(r.language))")
            dates[day.dayNumber] = cell
            return cell
        }

        mutating func cell(time timing: Event.Timing, _ r: PlanRenderer) -> TextTable.Cell {
            // Only the time of day and the length matter, except for multi-day all-day spans (their dates show).
            if case .allDay(let start, let end) = timing, start != end { return Self.measure(r.timeText(timing)) }
            let key = timing.moved(to: LocalDate(dayNumber: 0))
            if let known = times[key] { return known }
            let cell = Self.measure(r.timeText(timing))
            times[key] = cell
            return cell
        }

        mutating func cell(channel id: Channel.ID, _ r: PlanRenderer) -> TextTable.Cell {
            if let known = channels[id] { return known }
            let cell = Self.measure(r.reference.channel(id)?.names.text(r.language) ?? id.rawValue)
            channels[id] = cell
            return cell
        }

        mutating func cell(venue id: Venue.ID, _ r: PlanRenderer) -> TextTable.Cell {
            if let known = venues[id] { return known }
            let cell = Self.measure(r.reference.venue(id)?.names.text(r.language) ?? id.rawValue)
            venues[id] = cell
            return cell
        }

        mutating func cell(branch id: Branch.ID, _ r: PlanRenderer) -> TextTable.Cell {
            if let known = branches[id] { return known }
            let cell = Self.measure(r.reference.branch(id)?.names.text(r.language) ?? id.rawValue)
            branches[id] = cell
            return cell
        }

        mutating func cell(status: EventStatus, _ r: PlanRenderer) -> TextTable.Cell {
            if let known = statuses[status] { return known }
            let cell = Self.measure(status.text(r.language))
            statuses[status] = cell
            return cell
        }
    }

    func cells(_ o: PlannedOccurrence, cache: inout CellCache) -> [String] {
        let event = o.event
        let day = o.timing.startDate
        let date = cache.dates[day.dayNumber] ?? {
            let text = "\(day) \(PlanMessages.shortWeekday(of: day).text(language))"
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
            "\(o.timing.startDate) \(PlanMessages.shortWeekday(of: o.timing.startDate).text(language))",
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
            if start == end { return PlanMessages.allDay.text(language) }
            return PlanMessages.allDayUntil(end: end).text(language)
        }
    }

    public func table(_ occurrences: [PlannedOccurrence], colour: Bool) -> String {
        String(decoding: tableBytes(occurrences, colour: colour), as: UTF8.self)
    }

    /// The table's UTF-8 bytes (no second copy for a plan of 100,000 rows).
    public func tableBytes(_ occurrences: [PlannedOccurrence], colour: Bool) -> [UInt8] {
        Array(tableParts(occurrences, colour: colour).joined())
    }

    /// The table in parts (see `TextTable.renderParts`).
    public func tableParts(_ occurrences: [PlannedOccurrence], colour: Bool) -> [[UInt8]] {
        let measured = chunkedMap(occurrences) { slice -> [[TextTable.Cell]] in
            // Columns other than the title and the id repeat across rows: each is measured once, found
            // by a small key (a day number, an id) rather than by its text.
            var cache = MeasuredCells()
            var result: [TextTable.Cell] = []
            result.reserveCapacity(slice.count * 8)
            for o in slice {
                // Through the stored event's reference: copying the `Event` value would retain all its strings.
                let stored = o.stored
                result.append(cache.cell(date: o.timing.startDate, self))
                result.append(cache.cell(time: o.timing, self))
                result.append(TextTable.cell(stored.event.title.text(language), maximumWidth: 40))
                result.append(cache.cell(channel: stored.event.channel, self))
                result.append(cache.cell(venue: stored.event.venue, self))
                result.append(cache.cell(branch: stored.event.branch, self))
                result.append(cache.cell(status: stored.event.status, self))
                result.append(TextTable.cell(stored.event.id.rawValue, maximumWidth: 40))
            }
            return [result]
        }
        let table = TextTable(headers: headers, maximumCellWidth: 40)
        guard colour else { return table.renderParts(chunks: measured) }
        return table.renderParts(chunks: measured) { row, column, text in
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

    /// CSV headers: names for people to read, each id in a column of its own for lookups and filters.
    public var csvHeaders: [String] {
        PlanMessages.planCSVHeaders.map { $0.text(language) }
    }

    public func csv(_ occurrences: [PlannedOccurrence], byteOrderMark: Bool) -> String {
        let writer = CSVWriter(includeByteOrderMark: byteOrderMark)
        let lines = chunkedMap(occurrences) { slice -> [String] in
            var text = ""
            for o in slice {
                let (start, end) = isoBounds(o)
                let e = o.event
                text += writer.line([
                    e.id.rawValue, e.title.text(language), e.campaign.rawValue, o.stored.campaignTitle.text(language),
                    e.channel.rawValue, reference.channel(e.channel)?.names.text(language) ?? e.channel.rawValue,
                    e.venue.rawValue, reference.venue(e.venue)?.names.text(language) ?? e.venue.rawValue,
                    e.branch.rawValue, reference.branch(e.branch)?.names.text(language) ?? e.branch.rawValue, start, end,
                    o.timing.isAllDay ? PlanMessages.allDayYes.text(language) : PlanMessages.allDayNo.text(language), o.timeZone,
                    language == .zh ? e.status.text(.zh) : e.status.rawValue, e.staff.joined(separator: PlanMessages.listSeparator.text(language)),
                    e.expectedReach.map(String.init) ?? "",
                ])
            }
            return [text]
        }
        return (byteOrderMark ? "\u{FEFF}" : "") + writer.line(csvHeaders) + lines.joined()
    }

    /// JSON: an array of occurrences; timed ones carry ISO 8601 times with the zone's offset, all-day ones
    /// carry dates with an inclusive end.
    public func json(_ occurrences: [PlannedOccurrence]) -> String {
        String(decoding: jsonParts(occurrences).joined(), as: UTF8.self)
    }

    /// The JSON document in parts (rendered in parallel), to be written one after another.
    public func jsonParts(_ occurrences: [PlannedOccurrence]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        writeJSON(occurrences) { parts.append($0) }
        return parts
    }

    /// The JSON array handed to `write` part by part as it is made, `group` occurrences at a time (each group
    /// rendered in parallel): a year of 100,000 events is 68 MB of JSON, which this keeps to a few MB in flight,
    /// reusing the same memory instead of asking the kernel for (and zeroing) fresh pages for all of it.
    public func writeJSON(_ occurrences: [PlannedOccurrence], group: Int = 16_384, to write: ([UInt8]) -> Void) {
        guard !occurrences.isEmpty else { return write(Array("[]\n".utf8)) }
        write([UInt8(ascii: "[")])
        chunkedStream(count: occurrences.count, group: group, minimumChunk: 4096, { items in
            var out: [UInt8] = []
            out.reserveCapacity(items.count * 700)
            for i in items {
                // Every item but the first follows a comma.
                out.append(contentsOf: i == 0 ? [UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: " ")]
                    : [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: " ")])
                jsonItem(occurrences[i], into: &out)
            }
            return out
        }, to: write)
        write(Array("\n]\n".utf8))
    }

    private func jsonItem(_ o: PlannedOccurrence, into out: inout [UInt8]) {
        // Through the stored event's reference: copying the `Event` value would retain all its strings.
        let stored = o.stored
        var item = JSONObjectWriter(indent: 1, into: &out)
        writeJSONFields(o, stored.event, into: &out, &item)
        item.finish(into: &out)
    }

    private func writeJSONFields(
        _ o: PlannedOccurrence, _ e: borrowing Event, into out: inout [UInt8], _ item: inout JSONObjectWriter
    ) {
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
        item.ascii("date", into: &out) { o.timing.startDate.write(into: &$0) }
        item.ascii("start", into: &out) { writeBound(o, start: true, into: &$0) }
        item.ascii("end", into: &out) { writeBound(o, start: false, into: &$0) }
        item.bool("allDay", o.timing.isAllDay, into: &out)
        item.string("timeZone", o.timeZone, into: &out)
        item.string("status", e.status.rawValue, into: &out)
        item.bool("recurring", e.recurrence != nil, into: &out)
        item.strings("staff", e.staff, into: &out)
        item.int("expectedReach", e.expectedReach, into: &out)
    }

    private func offsetText(_ minutes: Int) -> String {
        "\(minutes < 0 ? "-" : "+")\(pad(abs(minutes) / 60, 2)):\(pad(abs(minutes) % 60, 2))"
    }

    /// Appends one ISO 8601 bound, as `isoBounds` gives it.
    private func writeBound(_ o: PlannedOccurrence, start: Bool, into out: inout [UInt8]) {
        switch o.timing {
        case .timed(let from, let to):
            let point = start ? from : to
            point.date.write(into: &out)
            out.append(UInt8(ascii: "T"))
            point.time.write(into: &out)
            out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            let minutes = start ? o.startOffset : o.endOffset
            out.append(UInt8(ascii: minutes < 0 ? "-" : "+"))
            appendDigits(abs(minutes) / 60, 2, &out)
            out.append(UInt8(ascii: ":"))
            appendDigits(abs(minutes) % 60, 2, &out)
        case .allDay(let from, let to):
            (start ? from : to).write(into: &out)
        }
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
}
