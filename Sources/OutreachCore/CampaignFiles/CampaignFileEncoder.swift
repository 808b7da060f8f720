/// Writes a campaign back out in the campaign file format, so a cloned campaign can be reviewed like code.
public enum CampaignFileEncoder {
    /// - Parameters:
    ///   - header: text written first, as comment lines.
    ///   - comments: comments of the file the campaign came from, written again before (or after) the
    ///     same fields; events are matched by id through `sourceIDs` (new id → id in that file).
    public static func encode(
        _ campaign: Campaign, header: String? = nil, comments: CampaignComments = CampaignComments(),
        sourceIDs: [Event.ID: String] = [:]
    ) -> String {
        var out = ""
        if let header {
            for line in header.split(separator: "\n", omittingEmptySubsequences: false) { out += "# \(line)\n" }
        }
        var written = Set<CampaignComments.Key>()
        func field(_ name: String, _ value: String) {
            let key = CampaignComments.Key(event: nil, field: name)
            written.insert(key)
            for line in comments.before[key] ?? [] { out += line + "\n" }
            out += "\(name):" + (value.hasPrefix("\n") ? "" : " ") + withTrailing(value, comments.trailing[key])
        }
        field("id", scalar(campaign.id.rawValue) + "\n")
        field("title", scalar(campaign.title.zh) + "\n")
        if let en = campaign.title.en { field("title_en", scalar(en) + "\n") }
        field("kind", scalar(campaign.kind.rawValue) + "\n")
        field("period", "{start: \(campaign.start), end: \(campaign.end)}\n")
        field("owner", scalar(campaign.owner.rawValue) + "\n")
        if !campaign.branches.isEmpty { field("branches", flow(campaign.branches.map(\.rawValue)) + "\n") }
        if !campaign.segments.isEmpty {
            var list = "\n"
            for target in campaign.segments {
                if let population = target.targetPopulation {
                    list += "  - {segment: \(scalar(target.segment.rawValue)), target_population: \(population)}\n"
                } else {
                    list += "  - \(scalar(target.segment.rawValue))\n"
                }
            }
            field("segments", list)
        }
        if !campaign.channels.isEmpty { field("channels", flow(campaign.channels.map(\.rawValue)) + "\n") }
        if let notes = campaign.notes { field("notes", block(notes, indent: "  ")) }
        // Comments of campaign fields this file does not write go before `events`.
        for (key, lines) in comments.before where key.event == nil && !written.contains(key) && key.field != "events" {
            for line in lines { out += line + "\n" }
        }
        field("events", "\n")
        for event in campaign.events {
            out += encode(event, comments: comments, sourceID: sourceIDs[event.id] ?? event.id.rawValue)
        }
        for line in comments.end { out += line + "\n" }
        return out
    }

    /// A value line with a comment after it; a block (several lines) keeps its comment on the first.
    private static func withTrailing(_ value: String, _ comment: String?) -> String {
        guard let comment else { return value }
        guard let newline = value.firstIndex(of: "\n") else { return value + "  " + comment }
        let first = value[..<newline]
        return first + "  " + comment + value[newline...]
    }

    static func encode(_ event: Event, comments: CampaignComments = CampaignComments(), sourceID: String? = nil)
        -> String
    {
        var out = ""
        var first = true
        var written = Set<String>()
        func field(_ name: String, _ value: String) {
            let key = CampaignComments.Key(event: sourceID ?? event.id.rawValue, field: name)
            written.insert(name)
            let indent = first ? "  " : "    "
            for line in comments.before[key] ?? [] { out += indent + line + "\n" }
            out += (first ? "  - " : "    ") + "\(name): " + withTrailing(value, comments.trailing[key])
            first = false
        }
        field("id", scalar(event.id.rawValue) + "\n")
        field("title", scalar(event.title.zh) + "\n")
        if let en = event.title.en { field("title_en", scalar(en) + "\n") }
        field("channel", scalar(event.channel.rawValue) + "\n")
        field("venue", scalar(event.venue.rawValue) + "\n")
        field("branch", scalar(event.branch.rawValue) + "\n")
        switch event.timing {
        case .timed(let start, let end):
            field("start", start.description + "\n")
            field("end", (end.date == start.date ? end.time.description : end.description) + "\n")
        case .allDay(let start, let end):
            field("start", start.description + "\n")
            if end != start { field("end", end.description + "\n") }
        }
        if let rule = event.recurrence { field("repeat", rule.description + "\n") }
        if !event.exceptDates.isEmpty { field("except", flow(event.exceptDates.map(\.description)) + "\n") }
        if !event.staff.isEmpty { field("staff", flow(event.staff) + "\n") }
        if let reach = event.expectedReach { field("expected_reach", String(reach) + "\n") }
        if let capacity = event.capacity { field("capacity", String(capacity) + "\n") }
        field("status", event.status.rawValue + "\n")
        if let notes = event.notes { field("notes", block(notes, indent: "      ")) }
        // Comments of fields not written again (an `end` dropped, say) stay with the event.
        let id = sourceID ?? event.id.rawValue
        for (key, lines) in comments.before where key.event == id && !written.contains(key.field) {
            for line in lines { out += "    " + line + "\n" }
        }
        return out
    }

    /// A flow list `[a, b]`, quoting items that need it.
    static func flow(_ items: [String]) -> String { "[" + items.map { scalar($0, inFlow: true) }.joined(separator: ", ") + "]" }

    /// A literal block for multi-line text, or a scalar for one line.
    static func block(_ text: String, indent: String) -> String {
        // A literal block gives back lines that do not start with a space or tab, without CR, ending in at
        // most one line break; other text is written quoted.
        let scalars = text.unicodeScalars
        let lines = scalars.split(separator: "\n", omittingEmptySubsequences: false)
        guard scalars.contains("\n"), !scalars.contains("\r"), !scalars.contains("\u{FEFF}"),
            !text.unicodeScalars.reversed().starts(with: ["\n", "\n"]),
            !lines.contains(where: { $0.first == " " || $0.first == "\t" }),
            !(lines.first?.isEmpty ?? true)
        else { return scalar(text) + "\n" }
        let keep = text.hasSuffix("\n")
        var out = keep ? "|\n" : "|-\n"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(keep ? 1 : 0) {
            out += line.isEmpty ? "\n" : indent + line + "\n"
        }
        return out
    }

    /// A scalar, double-quoted when plain text would be read differently. Checked scalar by scalar: a
    /// `#` or `[` followed by a combining mark is one Character but still a `#` or `[` to YAML.
    public static func scalar(_ text: String, inFlow: Bool = false) -> String {
        let specialStarts: Set<Unicode.Scalar> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " "]
        let scalars = Array(text.unicodeScalars)
        var needsQuotes = scalars.isEmpty || specialStarts.contains(scalars[0]) || scalars.last == " "
            || scalars.last == ":" || ["~", "null", "Null", "NULL"].contains(text)
            // At the start of a line `...` ends the document (`---` is covered by the leading "-").
            || text.hasPrefix("...")
            || scalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
            || zip(scalars, scalars.dropFirst()).contains { ($0 == ":" && $1 == " ") || ($0 == " " && $1 == "#") }
        if inFlow, scalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { needsQuotes = true }
        guard needsQuotes else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{FEFF}": out += "\\uFEFF"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
