import Foundation
import OutreachFormats

/// Reads the reference data in `seeds/` (documented in `docs/seeds-format.md`).
public enum SeedDecoder {
    /// The seed files, relative to the seeds folder; `holidays/*.yaml` are read as well.
    public static let fileNames = [
        "organisation.yaml", "venues.yaml", "channels.yaml", "metrics.yaml", "segments.yaml",
        "campaign-kinds.yaml", "school-terms.yaml",
    ]

    /// Decodes the seed files. Each file's `path` ends with its name (`seeds/channels.yaml`).
    public static func decode(_ files: [SourceFile]) -> (ReferenceData, [InputIssue]) {
        var all: [InputIssue] = []
        var data = ReferenceData()
        func root(_ name: String, list: String, subject: Subject) -> (FileIssues, [YAMLNode])? {
            guard let file = files.first(where: { $0.path.hasSuffix("/" + name) || $0.path == name }) else {
                all.append(.error(.unreadable(reason: "missing seed file \(name)"), at: nil))
                return nil
            }
            var issues = FileIssues(path: file.path)
            guard let items = listRoot(file, key: list, subject: subject, issues: &issues) else {
                all += issues.issues
                return nil
            }
            return (issues, items)
        }

        if let (issuesFound, items) = root("metrics.yaml", list: "metrics", subject: .metric) {
            var issues = issuesFound
            data.metrics = uniqueByID(items.compactMap { metric($0, &issues) }, \.id.rawValue, .metric, items, &issues)
            all += issues.issues
        }
        if let (issuesFound, items) = root("segments.yaml", list: "segments", subject: .segment) {
            var issues = issuesFound
            data.segments = uniqueByID(items.compactMap { segment($0, &issues) }, \.id.rawValue, .segment, items, &issues)
            all += issues.issues
        }
        if let (issuesFound, items) = root("channels.yaml", list: "channels", subject: .channel) {
            var issues = issuesFound
            let known = KnownIDs(data.metrics.map(\.id.rawValue))
            data.channels = uniqueByID(
                items.compactMap { channel($0, metrics: known, &issues) }, \.id.rawValue, .channel, items, &issues)
            all += issues.issues
        }
        if let (issuesFound, items) = root("organisation.yaml", list: "branches", subject: .branch) {
            var issues = issuesFound
            var branches: [Branch] = []
            for item in items { readBranch(item, parent: nil, depth: 0, into: &branches, &issues) }
            data.branches = uniqueByID(branches, \.id.rawValue, .branch, items, &issues)
            all += issues.issues
        }
        if let (issuesFound, items) = root("school-terms.yaml", list: "terms", subject: .schoolTerm) {
            var issues = issuesFound
            data.terms = items.compactMap { term($0, &issues) }
            all += issues.issues
        }
        if let (issuesFound, items) = root("venues.yaml", list: "venues", subject: .venue) {
            var issues = issuesFound
            let branches = KnownIDs(data.branches.map(\.id.rawValue))
            let calendars = KnownIDs(Array(Set(data.terms.map(\.calendar.rawValue))).sorted())
            data.venues = uniqueByID(
                items.compactMap { venue($0, branches: branches, calendars: calendars, &issues) }, \.id.rawValue,
                .venue, items, &issues)
            all += issues.issues
        }
        if let (issuesFound, items) = root("campaign-kinds.yaml", list: "kinds", subject: .campaignKind) {
            var issues = issuesFound
            data.kinds = uniqueByID(items.compactMap { kind($0, &issues) }, \.id.rawValue, .campaignKind, items, &issues)
            all += issues.issues
        }
        var notices: [HolidayCalendar.Notice] = []
        var anchors: [HolidayCalendar.Anchor] = []
        for file in files where file.path.contains("holidays/") && file.path.hasSuffix(".yaml") {
            var issues = FileIssues(path: file.path)
            if file.path.hasSuffix("/anchors.yaml") {
                for item in listRoot(file, key: "anchors", subject: .anchor, issues: &issues) ?? [] {
                    if let anchor = anchor(item, &issues) { anchors.append(anchor) }
                }
            } else if let notice = notice(file, &issues) {
                if notices.contains(where: { $0.year == notice.year }) {
                    issues.issues.append(
                        .error(.duplicateEntry(field: "year", value: String(notice.year)), at: SourceLocation(path: file.path)))
                } else {
                    notices.append(notice)
                }
            }
            all += issues.issues
        }
        data.holidays = HolidayCalendar(notices: notices.sorted { $0.year < $1.year }, anchors: anchors)
        let branchIDs = KnownIDs(data.branches.map(\.id.rawValue))
        let segmentIDs = KnownIDs(data.segments.map(\.id.rawValue))
        var populationYears = Set<Int>()
        for file in files where file.path.contains("populations/") && file.path.hasSuffix(".yaml") {
            var issues = FileIssues(path: file.path)
            if let (year, entries) = populations(file, branches: branchIDs, segments: segmentIDs, &issues) {
                if populationYears.insert(year).inserted {
                    data.populations += entries
                } else {
                    issues.issues.append(
                        .error(.duplicateEntry(field: "year", value: String(year)), at: SourceLocation(path: file.path)))
                }
            }
            all += issues.issues
        }
        let rebuilt = ReferenceData(
            branches: data.branches, venues: data.venues, channels: data.channels, metrics: data.metrics,
            segments: data.segments, kinds: data.kinds, terms: data.terms, holidays: data.holidays,
            populations: data.populations)
        return (rebuilt, all)
    }

    // MARK: Files

    private static func listRoot(_ file: SourceFile, key: String, subject: Subject, issues: inout FileIssues)
        -> [YAMLNode]?
    {
        let text: String
        switch FileTextDecoder.decode(file.bytes) {
        case .problem:
            issues.issues.append(FileTextDecoder.notUTF8Issue(file.bytes, path: file.path))
            return nil
        case .text(let decoded):
            text = decoded
        }
        guard let root = FileTextDecoder.parseYAML(text, issues: &issues) else {
            if issues.issues.isEmpty {
                issues.issues.append(.error(.emptyFile(expected: subject), at: SourceLocation(path: file.path, line: 1, column: 1)))
            }
            return nil
        }
        guard let fields = MappingReader(root, as: .configuration, field: key, issues: &issues) else { return nil }
        fields.rejectUnknownFields(known: [key], issues: &issues)
        guard let items = fields.optionalList(key, issues: &issues) else {
            if !fields.has(key) { issues.error(.missingField(key, in: .configuration), at: root) }
            return nil
        }
        return items
    }

    private static func uniqueByID<T>(
        _ values: [T], _ id: KeyPath<T, String>, _ subject: Subject, _ nodes: [YAMLNode], _ issues: inout FileIssues
    ) -> [T] {
        var seen = Set<String>()
        var result: [T] = []
        for value in values {
            if seen.insert(value[keyPath: id]).inserted {
                result.append(value)
            } else {
                issues.issues.append(
                    .error(.duplicateID(subject, id: value[keyPath: id], first: SourceLocation(path: issues.path)),
                        at: SourceLocation(path: issues.path)))
            }
        }
        return result
    }

    private static func readNames(_ fields: MappingReader, _ issues: inout FileIssues, key: String = "name") -> BilingualName? {
        guard let (zh, _) = fields.requiredText(key, issues: &issues) else { return nil }
        return BilingualName(zh: zh, en: fields.optionalText(key + "_en", issues: &issues)?.0)
    }

    // MARK: Entries

    private static func metric(_ node: YAMLNode, _ issues: inout FileIssues) -> Metric? {
        guard let f = MappingReader(node, as: .metric, field: "metrics", issues: &issues) else { return nil }
        f.rejectUnknownFields(known: ["id", "name", "name_en", "unit", "unit_en", "counts_people"], issues: &issues)
        guard let (id, _) = f.requiredID("id", issues: &issues), let names = readNames(f, &issues),
            let unit = readNames(f, &issues, key: "unit")
        else { return nil }
        let people = f.optionalBool("counts_people", issues: &issues)
        if !f.has("counts_people") { issues.error(.missingField("counts_people", in: .metric), at: node) }
        return Metric(id: Metric.ID(id), names: names, unit: unit, countsPeople: people ?? false)
    }

    private static func segment(_ node: YAMLNode, _ issues: inout FileIssues) -> AudienceSegment? {
        guard let f = MappingReader(node, as: .segment, field: "segments", issues: &issues) else { return nil }
        f.rejectUnknownFields(known: ["id", "name", "name_en", "notes"], issues: &issues)
        guard let (id, _) = f.requiredID("id", issues: &issues), let names = readNames(f, &issues) else { return nil }
        return AudienceSegment(id: AudienceSegment.ID(id), names: names)
    }

    private static func channel(_ node: YAMLNode, metrics: KnownIDs, _ issues: inout FileIssues) -> Channel? {
        guard let f = MappingReader(node, as: .channel, field: "channels", issues: &issues) else { return nil }
        f.rejectUnknownFields(
            known: ["id", "name", "name_en", "kind", "metrics", "single_campaign", "runs_on_holidays"], issues: &issues)
        let kind = f.optionalChoice("kind", as: Channel.Kind.self, issues: &issues)
        if !f.has("kind") { issues.error(.missingField("kind", in: .channel), at: node) }
        var list: [Metric.ID] = []
        for (text, item) in CampaignFileDecoder.uniqueList("metrics", in: f, issues: &issues)
        where CampaignFileDecoder.checkReference(text, item, as: .metric, known: metrics, issues: &issues) {
            list.append(Metric.ID(text))
        }
        if !f.has("metrics") { issues.error(.missingField("metrics", in: .channel), at: node) }
        let single = f.optionalBool("single_campaign", issues: &issues) ?? false
        let holidays = f.optionalBool("runs_on_holidays", issues: &issues) ?? false
        guard let (id, _) = f.requiredID("id", issues: &issues), let names = readNames(f, &issues),
            let kind = kind ?? nil
        else { return nil }
        return Channel(
            id: Channel.ID(id), names: names, kind: kind, metrics: list, isSingleCampaign: single,
            runsOnHolidays: holidays)
    }

    private static func readBranch(
        _ node: YAMLNode, parent: Branch.ID?, depth: Int, into branches: inout [Branch], _ issues: inout FileIssues
    ) {
        guard let f = MappingReader(node, as: .branch, field: "branches", issues: &issues) else { return }
        f.rejectUnknownFields(known: ["id", "name", "name_en", "time_zone", "children"], issues: &issues)
        let zone = f.optionalText("time_zone", issues: &issues)
        if let (text, zoneNode) = zone, ZoneConverter(identifier: text) == nil {
            issues.error(.invalidTimeZone(field: "time_zone", value: text), at: zoneNode)
        }
        guard let (id, _) = f.requiredID("id", issues: &issues), let names = readNames(f, &issues) else { return }
        let levels: [Branch.Level] = [.city, .subBranch, .outlet]
        let children = f.optionalList("children", issues: &issues) ?? []
        guard depth < levels.count else {
            issues.error(
                .invalidChoice(field: "children", value: id, choices: levels.map(\.rawValue), suggestion: nil), at: node)
            return
        }
        branches.append(
            Branch(id: Branch.ID(id), names: names, level: levels[depth], parent: parent, timeZone: zone?.0))
        for child in children {
            readBranch(child, parent: Branch.ID(id), depth: depth + 1, into: &branches, &issues)
        }
    }

    private static func term(_ node: YAMLNode, _ issues: inout FileIssues) -> SchoolTerm? {
        guard let f = MappingReader(node, as: .schoolTerm, field: "terms", issues: &issues) else { return nil }
        f.rejectUnknownFields(known: ["calendar", "name", "name_en", "start", "end"], issues: &issues)
        let calendar = f.optionalText("calendar", issues: &issues)?.0 ?? SchoolTerm.defaultCalendar.rawValue
        let start = CampaignFileDecoder.date("start", in: f, required: true, issues: &issues)
        let end = CampaignFileDecoder.date("end", in: f, required: true, issues: &issues)
        guard let names = readNames(f, &issues), let start, let end else { return nil }
        guard start <= end else {
            issues.error(.endBeforeStart(start: start.description, end: end.description), at: f.value("end") ?? node)
            return nil
        }
        return SchoolTerm(calendar: SchoolTerm.CalendarID(calendar), names: names, start: start, end: end)
    }

    private static func venue(_ node: YAMLNode, branches: KnownIDs, calendars: KnownIDs, _ issues: inout FileIssues)
        -> Venue?
    {
        guard let f = MappingReader(node, as: .venue, field: "venues", issues: &issues) else { return nil }
        f.rejectUnknownFields(
            known: ["id", "name", "name_en", "kind", "branch", "capacity", "address", "terms"], issues: &issues)
        let kind = f.optionalChoice("kind", as: Venue.Kind.self, issues: &issues)
        if !f.has("kind") { issues.error(.missingField("kind", in: .venue), at: node) }
        let branch = CampaignFileDecoder.lookup("branch", in: f, as: .branch, known: branches, issues: &issues)
        let capacity = f.optionalCount("capacity", issues: &issues)
        let terms = CampaignFileDecoder.lookup(
            "terms", in: f, as: .termCalendar, known: calendars, required: false, issues: &issues)
        guard let (id, _) = f.requiredID("id", issues: &issues), let names = readNames(f, &issues), let kind = kind ?? nil,
            let branch
        else { return nil }
        return Venue(
            id: Venue.ID(id), names: names, kind: kind, branch: Branch.ID(branch), capacity: capacity ?? nil,
            address: f.optionalText("address", issues: &issues)?.0, terms: terms.map { SchoolTerm.CalendarID($0) })
    }

    private static func kind(_ node: YAMLNode, _ issues: inout FileIssues) -> CampaignKind? {
        guard let f = MappingReader(node, as: .campaignKind, field: "kinds", issues: &issues) else { return nil }
        f.rejectUnknownFields(
            known: ["id", "name", "name_en", "anchor", "school_terms", "editions", "notes"], issues: &issues)
        var anchor: CampaignKind.Anchor?
        if let (text, anchorNode) = f.optionalText("anchor", issues: &issues) {
            let parts = text.split(separator: "-")
            if parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]), LocalDate(year: 2024, month: m, day: d) != nil {
                anchor = CampaignKind.Anchor(month: m, day: d)
            } else {
                issues.error(.invalidDate(field: "anchor", value: text), at: anchorNode)
            }
        }
        var editions: [CampaignKind.Edition] = []
        for item in f.optionalList("editions", issues: &issues) ?? [] {
            guard let e = MappingReader(item, as: .edition, field: "editions", issues: &issues) else { continue }
            e.rejectUnknownFields(known: ["year", "name", "name_en", "start", "end"], issues: &issues)
            let year = e.optionalCount("year", issues: &issues)
            if !e.has("year") { issues.error(.missingField("year", in: .edition), at: item) }
            let start = CampaignFileDecoder.date("start", in: e, required: true, issues: &issues)
            let end = CampaignFileDecoder.date("end", in: e, required: true, issues: &issues)
            if let names = readNames(e, &issues), let year = year ?? nil, let start, let end {
                editions.append(CampaignKind.Edition(year: year, names: names, start: start, end: end))
            }
        }
        let terms = f.optionalBool("school_terms", issues: &issues) ?? false
        guard let (id, _) = f.requiredID("id", issues: &issues), let names = readNames(f, &issues) else { return nil }
        return CampaignKind(
            id: CampaignKind.ID(id), names: names, anchor: anchor, editions: editions, followsSchoolTerms: terms)
    }

    /// `populations/YYYY.yaml`: `year` and a list of `{branch, segments: {segment: people}}`.
    private static func populations(
        _ file: SourceFile, branches: KnownIDs, segments: KnownIDs, _ issues: inout FileIssues
    ) -> (Int, [Population])? {
        guard case .text(let text) = FileTextDecoder.decode(file.bytes) else {
            issues.issues.append(FileTextDecoder.notUTF8Issue(file.bytes, path: file.path))
            return nil
        }
        guard let root = FileTextDecoder.parseYAML(text, issues: &issues) else {
            if issues.issues.isEmpty {
                issues.issues.append(.error(.emptyFile(expected: .population), at: SourceLocation(path: file.path, line: 1, column: 1)))
            }
            return nil
        }
        guard let f = MappingReader(root, as: .population, field: "populations", issues: &issues) else { return nil }
        f.rejectUnknownFields(known: ["year", "populations", "notes"], issues: &issues)
        let year = f.optionalCount("year", issues: &issues) ?? nil
        if !f.has("year") { issues.error(.missingField("year", in: .population), at: root) }
        var result: [Population] = []
        var seen = Set<String>()
        for item in f.optionalList("populations", issues: &issues) ?? [] {
            guard let entry = MappingReader(item, as: .population, field: "populations", issues: &issues) else { continue }
            entry.rejectUnknownFields(known: ["branch", "segments"], issues: &issues)
            let branch = CampaignFileDecoder.lookup("branch", in: entry, as: .branch, known: branches, issues: &issues)
            if let branch, !seen.insert(branch).inserted, let node = entry.value("branch") {
                issues.error(.duplicateEntry(field: "populations", value: branch), at: node)
            }
            guard let counts = entry.value("segments") else {
                issues.error(.missingField("segments", in: .population), at: item)
                continue
            }
            guard let map = MappingReader(counts, as: .population, field: "segments", issues: &issues) else { continue }
            for pair in map.entries {
                guard CampaignFileDecoder.checkReference(pair.key, pair.keyNode, as: .segment, known: segments, issues: &issues)
                else { continue }
                guard let text = pair.value.text, let count = parseCount(text) else {
                    issues.error(Diagnostic.badCount(field: pair.key, value: pair.value.text ?? ""), at: pair.value)
                    continue
                }
                if let branch, let year {
                    result.append(Population(year: year, branch: Branch.ID(branch), segment: AudienceSegment.ID(pair.key), count: count))
                }
            }
        }
        guard let year else { return nil }
        return (year, result)
    }

    private static func anchor(_ node: YAMLNode, _ issues: inout FileIssues) -> HolidayCalendar.Anchor? {
        guard let f = MappingReader(node, as: .anchor, field: "anchors", issues: &issues) else { return nil }
        f.rejectUnknownFields(known: ["date", "name", "name_en"], issues: &issues)
        let date = CampaignFileDecoder.date("date", in: f, required: true, issues: &issues)
        guard let names = readNames(f, &issues), let date else { return nil }
        return HolidayCalendar.Anchor(date: date, names: names)
    }

    private static func notice(_ file: SourceFile, _ issues: inout FileIssues) -> HolidayCalendar.Notice? {
        let text: String
        switch FileTextDecoder.decode(file.bytes) {
        case .problem:
            issues.issues.append(FileTextDecoder.notUTF8Issue(file.bytes, path: file.path))
            return nil
        case .text(let decoded):
            text = decoded
        }
        guard let root = FileTextDecoder.parseYAML(text, issues: &issues) else {
            if issues.issues.isEmpty {
                issues.issues.append(
                    .error(.emptyFile(expected: .holidayNotice), at: SourceLocation(path: file.path, line: 1, column: 1)))
            }
            return nil
        }
        guard let f = MappingReader(root, as: .holidayNotice, field: "notice", issues: &issues) else { return nil }
        f.rejectUnknownFields(
            known: ["year", "source_title", "source_url", "published_on", "off_days", "adjusted_workdays"],
            issues: &issues)
        let year = f.optionalCount("year", issues: &issues) ?? nil
        if !f.has("year") { issues.error(.missingField("year", in: .holidayNotice), at: root) }
        let title = f.requiredText("source_title", issues: &issues)?.0
        let published = CampaignFileDecoder.date("published_on", in: f, required: false, issues: &issues)
        var blocks: [HolidayCalendar.Block] = []
        for item in f.optionalList("off_days", issues: &issues) ?? [] {
            guard let b = MappingReader(item, as: .holidayBlock, field: "off_days", issues: &issues) else { continue }
            b.rejectUnknownFields(known: ["name", "name_en", "start", "end", "days"], issues: &issues)
            let start = CampaignFileDecoder.date("start", in: b, required: true, issues: &issues)
            let end = CampaignFileDecoder.date("end", in: b, required: true, issues: &issues)
            let stated = b.optionalCount("days", issues: &issues) ?? nil
            guard let names = readNames(b, &issues), let start, let end else { continue }
            guard start <= end else {
                issues.error(.endBeforeStart(start: start.description, end: end.description), at: b.value("end") ?? item)
                continue
            }
            let block = HolidayCalendar.Block(names: names, start: start, end: end)
            if let stated, stated != block.dayCount {
                issues.error(
                    .holidayBlockLength(name: names.zh, stated: stated, actual: block.dayCount), at: b.value("days") ?? item)
            }
            blocks.append(block)
        }
        var workdays: [HolidayCalendar.AdjustedWorkday] = []
        for item in f.optionalList("adjusted_workdays", issues: &issues) ?? [] {
            guard let w = MappingReader(item, as: .adjustedWorkday, field: "adjusted_workdays", issues: &issues) else {
                continue
            }
            w.rejectUnknownFields(known: ["date", "holiday", "holiday_en"], issues: &issues)
            let date = CampaignFileDecoder.date("date", in: w, required: true, issues: &issues)
            guard let holiday = readNames(w, &issues, key: "holiday"), let date else { continue }
            if date.weekday < 6 {
                issues.error(.holidayAdjustedWorkdayNotWeekend(date: date), at: w.value("date") ?? item)
            }
            // Against each block's ends, not a set of its days: a block may span thousands of years, and
            // listing them took seconds per block (found by fuzzing the seeds).
            if blocks.contains(where: { $0.start <= date && date <= $0.end }) {
                issues.error(.holidayOverlap(date: date), at: w.value("date") ?? item)
            }
            workdays.append(HolidayCalendar.AdjustedWorkday(date: date, holiday: holiday))
        }
        guard let year, let title else { return nil }
        return HolidayCalendar.Notice(
            year: year, sourceTitle: title, sourceURL: f.optionalText("source_url", issues: &issues)?.0,
            publishedOn: published, offDays: blocks, adjustedWorkdays: workdays)
    }
}
