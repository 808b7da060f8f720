/// Writes a campaign back out in the campaign file format, so a cloned campaign can be reviewed like code.
public enum CampaignFileEncoder {
    public static func encode(_ campaign: Campaign, header: String? = nil) -> String {
        var out = ""
        if let header {
            for line in header.split(separator: "\n", omittingEmptySubsequences: false) { out += "# \(line)\n" }
        }
        out += "id: \(scalar(campaign.id.rawValue))\n"
        out += "title: \(scalar(campaign.title.zh))\n"
        if let en = campaign.title.en { out += "title_en: \(scalar(en))\n" }
        out += "kind: \(scalar(campaign.kind.rawValue))\n"
        out += "period: {start: \(campaign.start), end: \(campaign.end)}\n"
        out += "owner: \(scalar(campaign.owner.rawValue))\n"
        if !campaign.branches.isEmpty { out += "branches: \(flow(campaign.branches.map(\.rawValue)))\n" }
        if !campaign.segments.isEmpty {
            out += "segments:\n"
            for target in campaign.segments {
                if let population = target.targetPopulation {
                    out += "  - {segment: \(scalar(target.segment.rawValue)), target_population: \(population)}\n"
                } else {
                    out += "  - \(scalar(target.segment.rawValue))\n"
                }
            }
        }
        if !campaign.channels.isEmpty { out += "channels: \(flow(campaign.channels.map(\.rawValue)))\n" }
        if let notes = campaign.notes { out += "notes: " + block(notes, indent: "  ") }
        out += "events:\n"
        for event in campaign.events { out += encode(event) }
        return out
    }

    static func encode(_ event: Event) -> String {
        var out = "  - id: \(scalar(event.id.rawValue))\n"
        func field(_ name: String, _ value: String) { out += "    \(name): \(value)\n" }
        field("title", scalar(event.title.zh))
        if let en = event.title.en { field("title_en", scalar(en)) }
        field("channel", scalar(event.channel.rawValue))
        field("venue", scalar(event.venue.rawValue))
        field("branch", scalar(event.branch.rawValue))
        switch event.timing {
        case .timed(let start, let end):
            field("start", start.description)
            field("end", end.date == start.date ? end.time.description : end.description)
        case .allDay(let start, let end):
            field("start", start.description)
            if end != start { field("end", end.description) }
        }
        if let rule = event.recurrence { field("repeat", rule.description) }
        if !event.exceptDates.isEmpty { field("except", flow(event.exceptDates.map(\.description))) }
        if !event.staff.isEmpty { field("staff", flow(event.staff)) }
        if let reach = event.expectedReach { field("expected_reach", String(reach)) }
        if let capacity = event.capacity { field("capacity", String(capacity)) }
        field("status", event.status.rawValue)
        if let notes = event.notes { out += "    notes: " + block(notes, indent: "      ") }
        return out
    }

    /// A flow list `[a, b]`, quoting items that need it.
    static func flow(_ items: [String]) -> String { "[" + items.map { scalar($0, inFlow: true) }.joined(separator: ", ") + "]" }

    /// A literal block for multi-line text, or a scalar for one line.
    static func block(_ text: String, indent: String) -> String {
        guard text.contains("\n") else { return scalar(text) + "\n" }
        let keep = text.hasSuffix("\n")
        var out = keep ? "|\n" : "|-\n"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(keep ? 1 : 0) {
            out += line.isEmpty ? "\n" : indent + line + "\n"
        }
        return out
    }

    /// A scalar, double-quoted when plain text would be read differently.
    public static func scalar(_ text: String, inFlow: Bool = false) -> String {
        let specialStarts: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " "]
        var needsQuotes = text.isEmpty || specialStarts.contains(text.first ?? " ") || text.last == " "
            || text.contains(": ") || text.contains(" #") || text.hasSuffix(":") || text.contains("\n") || text.contains("\t")
            || ["~", "null", "Null", "NULL"].contains(text)
        if inFlow, text.contains(where: { ",[]{}".contains($0) }) { needsQuotes = true }
        guard needsQuotes else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
