import OutreachFormats

/// Reads one campaign file (YAML) into a `Campaign`, reporting every problem with its line and column.
///
/// The format is documented in `docs/campaign-format.md`.
public enum CampaignFileDecoder {
    static let campaignFields = [
        "id", "title", "title_en", "kind", "period", "owner", "branches", "segments", "channels", "notes", "events",
    ]
    static let periodFields = ["start", "end"]
    static let segmentFields = ["segment", "target_population"]
    static let eventFields = [
        "id", "title", "title_en", "channel", "venue", "branch", "start", "end", "repeat", "except", "staff",
        "expected_reach", "capacity", "status", "notes",
    ]

    /// Decodes a campaign file's bytes.
    ///
    /// - Returns: the campaign when it could be read at all (it may still carry errors), and the issues.
    public static func decode(bytes: [UInt8], path: String, reference: ReferenceData)
        -> (campaign: DecodedCampaign?, issues: [InputIssue])
    {
        var issues = FileIssues(path: path)
        switch FileTextDecoder.decode(bytes) {
        case .problem:
            issues.issues.append(FileTextDecoder.notUTF8Issue(bytes, path: path))
            return (nil, issues.issues)
        case .text(let text):
            let decoded = decode(text: text, issues: &issues, reference: reference)
            return (decoded, issues.issues)
        }
    }

    static func decode(text: String, issues: inout FileIssues, reference: ReferenceData) -> DecodedCampaign? {
        guard let root = FileTextDecoder.parseYAML(text, issues: &issues) else {
            if issues.issues.isEmpty {
                issues.issues.append(
                    .error(.emptyFile(expected: .campaign), at: SourceLocation(path: issues.path, line: 1, column: 1))
                )
            }
            return nil
        }
        guard let fields = MappingReader(root, as: .campaign, field: "campaign", issues: &issues) else { return nil }
        fields.rejectUnknownFields(known: campaignFields, issues: &issues)

        let id = fields.requiredID("id", issues: &issues)
        let title = fields.requiredText("title", issues: &issues)
        let titleEN = fields.optionalText("title_en", issues: &issues)
        let kind = lookup(
            "kind", in: fields, as: .campaignKind, known: reference.known(.campaignKind), issues: &issues)
        let owner = lookup(
            "owner", in: fields, as: .branch, known: reference.known(.branch), issues: &issues)
        let period = readPeriod(fields, issues: &issues)
        let notes = fields.optionalText("notes", issues: &issues)?.0

        var branches: [Branch.ID] = []
        for (text, node) in uniqueList("branches", in: fields, issues: &issues) {
            if checkReference(text, node, as: .branch, known: reference.known(.branch), issues: &issues) {
                branches.append(Branch.ID(text))
            }
        }
        var channels: [Channel.ID] = []
        for (text, node) in uniqueList("channels", in: fields, issues: &issues) {
            if checkReference(text, node, as: .channel, known: reference.known(.channel), issues: &issues) {
                channels.append(Channel.ID(text))
            }
        }
        let segments = readSegments(fields, reference: reference, issues: &issues)

        guard let (idText, idNode) = id else {
            _ = fields.optionalList("events", issues: &issues)
            return nil
        }
        let campaignID = Campaign.ID(idText)
        var campaign = Campaign(
            id: campaignID,
            title: BilingualName(zh: title?.0 ?? idText, en: titleEN?.0),
            kind: CampaignKind.ID(kind ?? ""),
            start: period?.start ?? LocalDate(dayNumber: 0),
            end: period?.end ?? LocalDate(dayNumber: 0),
            owner: Branch.ID(owner ?? ""),
            branches: branches,
            segments: segments,
            channels: channels,
            notes: notes
        )
        var source = CampaignLocations(path: issues.path, location: issues.location(idNode))
        var invalid = Set<Event.ID>()

        if let period, let kind, let kindInfo = reference.kind(CampaignKind.ID(kind)), let anchor = kindInfo.anchor {
            let years = Set([period.start.year, period.end.year])
            let anchorDates = years.compactMap { anchor.date(in: $0) }
            if !anchorDates.contains(where: { campaign.contains($0) }), let date = anchorDates.min() {
                issues.issues.append(
                    .warning(.campaignMissesAnchor(kind: kind, anchor: date), at: issues.location(fields.value("period") ?? idNode)))
            }
        }

        if let items = fields.optionalList("events", issues: &issues) {
            for (index, item) in items.enumerated() {
                let before = issues.errorCount
                guard let (event, idLocation, startLocation) = readEvent(
                    item, number: index + 1, campaign: campaign, periodKnown: period != nil, reference: reference,
                    issues: &issues)
                else { continue }
                if issues.errorCount > before { invalid.insert(event.id) }
                if source.events[event.id] == nil {
                    campaign.events.append(event)
                    source.events[event.id] = idLocation
                    source.eventStarts[event.id] = startLocation
                } else if let first = source.events[event.id] {
                    issues.issues.append(.error(.duplicateID(.event, id: event.id.rawValue, first: first), at: idLocation))
                }
            }
        } else if !fields.has("events") {
            issues.error(.missingField("events", in: .campaign), at: fields.startNode)
        }
        if period == nil || kind == nil || owner == nil || title == nil {
            invalid.formUnion(campaign.events.map(\.id))
        }
        return DecodedCampaign(campaign: campaign, source: source, invalidEvents: invalid)
    }

    // MARK: Campaign parts

    private static func readPeriod(_ fields: MappingReader, issues: inout FileIssues) -> (start: LocalDate, end: LocalDate)? {
        guard let node = fields.value("period") else {
            if let key = fields.keyNode("period") {
                issues.error(.emptyValue(field: "period"), at: key)
            } else {
                issues.error(.missingField("period", in: .campaign), at: fields.startNode)
            }
            return nil
        }
        guard let period = MappingReader(node, as: .period, field: "period", issues: &issues) else { return nil }
        period.rejectUnknownFields(known: periodFields, issues: &issues)
        let start = date("start", in: period, required: true, issues: &issues)
        let end = date("end", in: period, required: true, issues: &issues)
        guard let start, let end else { return nil }
        guard start <= end else {
            issues.error(
                .endBeforeStart(start: start.description, end: end.description), at: period.value("end") ?? node)
            return nil
        }
        return (start, end)
    }

    private static func readSegments(_ fields: MappingReader, reference: ReferenceData, issues: inout FileIssues)
        -> [Campaign.SegmentTarget]
    {
        var result: [Campaign.SegmentTarget] = []
        let known = reference.known(.segment)
        for item in fields.optionalList("segments", issues: &issues) ?? [] {
            var target: Campaign.SegmentTarget?
            var idNode = item
            if let text = item.text, !item.isEmptyValue {
                if checkReference(text, item, as: .segment, known: known, issues: &issues) {
                    target = Campaign.SegmentTarget(segment: AudienceSegment.ID(text))
                }
            } else if let entry = MappingReader(item, as: .segmentTarget, field: "segments", issues: &issues) {
                entry.rejectUnknownFields(known: segmentFields, issues: &issues)
                let segment = lookup("segment", in: entry, as: .segment, known: known, issues: &issues)
                let population = entry.optionalCount("target_population", issues: &issues)
                idNode = entry.value("segment") ?? item
                if let segment, let population {
                    target = Campaign.SegmentTarget(segment: AudienceSegment.ID(segment), targetPopulation: population)
                }
            }
            guard let target else { continue }
            if result.contains(where: { $0.segment == target.segment }) {
                issues.error(.duplicateEntry(field: "segments", value: target.segment.rawValue), at: idNode)
            } else {
                result.append(target)
            }
        }
        return result
    }

    // MARK: Events

    private static func readEvent(
        _ node: YAMLNode, number: Int, campaign: Campaign, periodKnown: Bool, reference: ReferenceData,
        issues: inout FileIssues
    ) -> (Event, SourceLocation, SourceLocation)? {
        guard var fields = MappingReader(node, as: .event, field: "events", issues: &issues) else { return nil }
        fields.rejectUnknownFields(known: eventFields, issues: &issues)
        fields.item = (number, "events", nil)
        let id = fields.requiredID("id", issues: &issues)
        let writtenID = id?.0 ?? fields.value("id")?.text
        fields.item?.id = writtenID
        let title = fields.requiredText("title", issues: &issues)
        let titleEN = fields.optionalText("title_en", issues: &issues)
        let channel = lookup(
            "channel", in: fields, as: .channel, known: reference.known(.channel), issues: &issues)
        let venue = lookup("venue", in: fields, as: .venue, known: reference.known(.venue), issues: &issues)
        var branch = lookup(
            "branch", in: fields, as: .branch, known: reference.known(.branch), required: false,
            issues: &issues)
        let timing = readTiming(fields, issues: &issues)
        let staff = uniqueList("staff", in: fields, issues: &issues).map(\.0)
        let expected = fields.optionalCount("expected_reach", issues: &issues)
        let capacity = fields.optionalCount("capacity", issues: &issues)
        let status = fields.optionalChoice("status", as: EventStatus.self, issues: &issues)
        let notes = fields.optionalText("notes", issues: &issues)?.0

        var rule: RecurrenceRule?
        if let (text, ruleNode) = fields.optionalText("repeat", issues: &issues) {
            do {
                rule = try RecurrenceRule.parse(text)
            } catch {
                issues.error(.invalidRecurrence(value: text, reason: error), at: ruleNode)
            }
        }
        var exceptDates: [(LocalDate, YAMLNode)] = []
        for (text, dateNode) in fields.optionalTextList("except", issues: &issues) ?? [] {
            if let date = LocalDate(text) {
                exceptDates.append((date, dateNode))
            } else {
                issues.error(.invalidDate(field: "except", value: text), at: dateNode)
            }
        }

        guard let (idText, idNode) = id else { return nil }
        let venueInfo = venue.flatMap { reference.venue(Venue.ID($0)) }
        if branch == nil, !fields.has("branch") { branch = venueInfo?.branch.rawValue }

        // Placeholder timing for an event whose dates are unreadable; it is marked invalid by the caller.
        let fallback = Event.Timing.allDay(start: campaign.start, end: campaign.start)
        let event = Event(
            id: Event.ID(idText),
            campaign: campaign.id,
            title: BilingualName(zh: title?.0 ?? idText, en: titleEN?.0),
            channel: Channel.ID(channel ?? ""),
            venue: Venue.ID(venue ?? ""),
            branch: Branch.ID(branch ?? ""),
            timing: timing ?? fallback,
            recurrence: rule,
            exceptDates: exceptDates.map(\.0),
            staff: staff,
            expectedReach: expected ?? nil,
            capacity: capacity ?? nil,
            status: (status ?? nil) ?? .planned,
            notes: notes
        )
        let startNode = fields.value("start") ?? fields.keyNode("start") ?? node

        // Cross-field checks, only when the fields they rely on were read.
        if let channel, !campaign.channels.isEmpty, !campaign.channels.contains(Channel.ID(channel)),
            let channelNode = fields.value("channel")
        {
            issues.error(
                .channelNotInCampaign(channel: channel, listed: campaign.channels.map(\.rawValue)), at: channelNode)
        }
        if let branch, reference.branch(Branch.ID(branch)) != nil {
            let participants = [campaign.owner] + campaign.branches
            if !participants.contains(where: { reference.isWithin(Branch.ID(branch), $0) }) {
                issues.error(.branchNotInCampaign(branch: branch), at: fields.value("branch") ?? fields.value("venue") ?? node)
            }
        }
        if let expected = expected ?? nil,
            let limit = (capacity ?? nil) ?? venueInfo?.capacity,
            let channelInfo = channel.flatMap({ reference.channel(Channel.ID($0)) }), channelInfo.occupiesVenue,
            expected > limit
        {
            issues.warning(
                .expectedReachOverCapacity(expected: expected, capacity: limit),
                at: fields.value("expected_reach") ?? node)
        }
        if let timing, periodKnown {
            checkDates(
                event: event, timing: timing, rule: rule, exceptDates: exceptDates, fields: fields, campaign: campaign,
                startNode: startNode, issues: &issues)
        }
        return (event, issues.location(idNode), issues.location(startNode))
    }

    private static func readTiming(_ fields: MappingReader, issues: inout FileIssues) -> Event.Timing? {
        guard let (startText, startNode) = fields.requiredText("start", issues: &issues) else {
            _ = fields.optionalText("end", issues: &issues)
            return nil
        }
        let endValue = fields.optionalText("end", issues: &issues)
        if let startDate = LocalDate(startText) {
            guard let (endText, endNode) = endValue else { return .allDay(start: startDate, end: startDate) }
            if let endDate = LocalDate(endText) {
                guard endDate >= startDate else {
                    issues.error(.endBeforeStart(start: startText, end: endText), at: endNode)
                    return nil
                }
                return .allDay(start: startDate, end: endDate)
            }
            if LocalDateTime(endText) != nil || LocalTime(endText) != nil {
                issues.error(.allDayEndHasTime(end: endText), at: endNode)
            } else {
                reportBadDateTime("end", endText, endNode, issues: &issues)
            }
            return nil
        }
        guard let start = LocalDateTime(startText) else {
            reportBadDateTime("start", startText, startNode, issues: &issues)
            return nil
        }
        guard let (endText, endNode) = endValue else {
            issues.error(fields.missingField("end"), at: fields.keyNode("start") ?? startNode)
            return nil
        }
        let end: LocalDateTime
        if let time = LocalTime(endText) {
            end = LocalDateTime(date: start.date, time: time)
        } else if let dateTime = LocalDateTime(endText) {
            end = dateTime
        } else if LocalDate(endText) != nil {
            issues.error(.timedEndNeedsTime(end: endText), at: endNode)
            return nil
        } else {
            reportBadDateTime("end", endText, endNode, issues: &issues)
            return nil
        }
        guard end > start else {
            issues.error(.endBeforeStart(start: startText, end: endText), at: endNode)
            return nil
        }
        return .timed(start: start, end: end)
    }

    /// Says precisely what is wrong with a date, time, or date and time.
    static func reportBadDateTime(_ field: String, _ text: String, _ node: YAMLNode, issues: inout FileIssues) {
        let trimmed = text.trimmingCharacters(in: " ")
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        let looksLikeDate = { (s: String) -> Bool in
            let u = Array(s.utf8)
            return u.count == 10 && u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-")
                && digits(u, 0, 4) != nil && digits(u, 5, 2) != nil && digits(u, 8, 2) != nil
        }
        if parts.count == 1, looksLikeDate(parts[0]) {
            issues.error(.invalidDate(field: field, value: text), at: node)
        } else if parts.count == 2, looksLikeDate(parts[0]), LocalDate(parts[0]) == nil {
            issues.error(.invalidDate(field: field, value: text), at: node)
        } else if parts.count == 2, LocalDate(parts[0]) != nil, parts[1].contains(":") {
            issues.error(.invalidTime(field: field, value: text), at: node)
        } else if parts.count == 1, parts[0].contains(":"), !parts[0].contains("-") {
            issues.error(.invalidTime(field: field, value: text), at: node)
        } else {
            issues.error(.invalidDateOrDateTime(field: field, value: text), at: node)
        }
    }

    private static func checkDates(
        event: Event, timing: Event.Timing, rule: RecurrenceRule?, exceptDates: [(LocalDate, YAMLNode)],
        fields: MappingReader, campaign: Campaign, startNode: YAMLNode, issues: inout FileIssues
    ) {
        let start = timing.startDate
        if let rule {
            let ruleNode = fields.value("repeat") ?? startNode
            guard rule.matches(start: start) else {
                issues.error(.recurrenceStartMismatch(start: start, rule: rule.description), at: startNode)
                return
            }
            if let until = rule.until, until.date < start {
                issues.error(
                    .untilBeforeStart(
                        until: rule.untilIsDate ? until.date.compactDescription : until.compactDescription, start: start),
                    at: ruleNode)
                return
            }
            // Expand past the campaign's end to see whether COUNT or UNTIL overshoot it.
            let horizon: LocalDate
            if let until = rule.until {
                horizon = max(campaign.end, until.date)
            } else if rule.count != nil {
                horizon = campaign.end.adding(days: 3660)
            } else {
                horizon = campaign.end
            }
            let startTime: LocalTime = { if case .timed(let s, _) = timing { s.time } else { .midnight } }()
            let all = rule.dates(from: start, at: startTime, through: horizon)
            if all.count == RecurrenceRule.occurrenceLimit, let lastKept = all.last,
                rule.isCut(from: start, at: startTime, through: campaign.end)
            {
                issues.warning(
                    .recurrenceCut(
                        rule: rule.description, limit: RecurrenceRule.occurrenceLimit, lastKept: lastKept,
                        periodEnd: campaign.end),
                    at: ruleNode)
            }
            let span = timing.endDate.dayNumber - timing.startDate.dayNumber
            if start < campaign.start {
                issues.error(
                    .eventOutsidePeriod(first: start, last: timing.endDate, periodStart: campaign.start, periodEnd: campaign.end),
                    at: startNode)
            } else if let late = all.first(where: { $0.adding(days: span) > campaign.end }) {
                issues.error(.occurrenceAfterPeriod(date: late, periodEnd: campaign.end), at: ruleNode)
            }
            let produced = Set(all)
            for (date, node) in exceptDates where !produced.contains(date) {
                issues.warning(.exceptDateNotOccurrence(date), at: node)
            }
        } else {
            if start < campaign.start || timing.endDate > campaign.end {
                issues.error(
                    .eventOutsidePeriod(
                        first: start, last: timing.endDate, periodStart: campaign.start, periodEnd: campaign.end),
                    at: startNode)
            }
            if let (_, node) = exceptDates.first {
                issues.warning(.exceptDateNotOccurrence(exceptDates[0].0), at: node)
            }
        }
    }

    // MARK: References

    /// Reads an id field that refers to reference data, reporting unknown ids with the nearest one.
    static func lookup(
        _ key: String, in fields: MappingReader, as subject: Subject, known: KnownIDs, required: Bool = true,
        issues: inout FileIssues
    ) -> String? {
        let value = required ? fields.requiredText(key, issues: &issues) : fields.optionalText(key, issues: &issues)
        guard let (text, node) = value else { return nil }
        return checkReference(text, node, as: subject, known: known, issues: &issues) ? text : nil
    }

    @discardableResult
    static func checkReference(
        _ text: String, _ node: YAMLNode, as subject: Subject, known: KnownIDs, issues: inout FileIssues
    ) -> Bool {
        if known.contains(text) { return true }
        issues.error(.unknownReference(subject, value: text, suggestion: nearest(to: text, in: known.ordered)), at: node)
        return false
    }

    /// A list of single values with repeats reported once each.
    static func uniqueList(_ key: String, in fields: MappingReader, issues: inout FileIssues) -> [(String, YAMLNode)] {
        var seen = Set<String>()
        var result: [(String, YAMLNode)] = []
        for (text, node) in fields.optionalTextList(key, issues: &issues) ?? [] {
            if seen.insert(text).inserted {
                result.append((text, node))
            } else {
                issues.error(.duplicateEntry(field: key, value: text), at: node)
            }
        }
        return result
    }

    /// A date field.
    static func date(_ key: String, in fields: MappingReader, required: Bool, issues: inout FileIssues) -> LocalDate? {
        let value = required ? fields.requiredText(key, issues: &issues) : fields.optionalText(key, issues: &issues)
        guard let (text, node) = value else { return nil }
        guard let date = LocalDate(text) else {
            issues.error(.invalidDate(field: key, value: text), at: node)
            return nil
        }
        return date
    }
}
