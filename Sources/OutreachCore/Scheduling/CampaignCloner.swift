/// Moves a campaign to another year (`outreach campaign clone ID --year 2028`).
///
/// - Dates keep their month and day (3·15 stays on 15 March; 29 February becomes the 28th).
/// - Events that repeat on weekdays (WEEKLY, or any BYDAY) move by whole weeks instead, to the nearest
///   date with the same weekday, so "every Tuesday" stays on Tuesdays.
/// - `year` is the year the copy starts in; a period over two years (2026-11 to 2027-06) moves both ends by
///   the same number of years.
/// - Ids and titles that mention a year of the source period get that year moved the same way
///   (`2026-2027-households` → `2027-2028-households`); other ids get `-YYYY` appended.
/// - Every event starts over as planned; the period grows if a weekday shift moves an event past it.
public enum CampaignCloner {
    /// Why a campaign is not cloned.
    public enum CloneError: Error, Equatable, Sendable {
        /// The copy would start in the year the campaign starts in already.
        case sameYear(Campaign.ID, year: Int, start: LocalDate, end: LocalDate)

        public func message(_ language: Language) -> String {
            switch self {
            case .sameYear(let id, let year, let start, let end):
                return PlanMessages.cloneIntoSameYear(id: id, year: year, start: start, end: end).text(language)
            }
        }
    }

    /// - Throws: `CloneError.sameYear` when `year` is the year the campaign starts in.
    public static func clone(_ campaign: Campaign, toYear year: Int) throws(CloneError) -> Campaign {
        let sourceYear = campaign.start.year
        let delta = year - sourceYear
        guard delta != 0 else {
            throw .sameYear(campaign.id, year: year, start: campaign.start, end: campaign.end)
        }
        let sourceYears = Array(campaign.start.year...max(campaign.start.year, campaign.end.year))
        func moveDate(_ date: LocalDate) -> LocalDate {
            LocalDate(year: date.year + delta, month: date.month, day: date.day)
                ?? LocalDate(year: date.year + delta, month: date.month, day: date.day - 1)
                ?? date
        }
        func rename(_ text: String) -> String { text.movingYears(sourceYears, by: delta) }
        func renameID(_ text: String) -> String {
            let renamed = rename(text)
            return renamed == text ? "\(text)-\(year)" : renamed
        }

        var copy = campaign
        copy.id = Campaign.ID(renameID(campaign.id.rawValue))
        copy.title = BilingualName(zh: rename(campaign.title.zh), en: campaign.title.en.map(rename))
        copy.start = moveDate(campaign.start)
        copy.end = moveDate(campaign.end)
        copy.events = campaign.events.map { event in
            var moved = event
            moved.id = Event.ID(renameID(event.id.rawValue))
            moved.campaign = copy.id
            moved.title = BilingualName(zh: rename(event.title.zh), en: event.title.en.map(rename))
            moved.status = .planned
            let start = event.timing.startDate
            let keepsWeekday = event.recurrence.map { $0.frequency == .weekly || !$0.byDay.isEmpty } ?? false
            let shift: Int
            if keepsWeekday {
                let target = moveDate(start)
                let days = start.days(until: target)
                shift = Int((Double(days) / 7).rounded()) * 7
            } else {
                shift = start.days(until: moveDate(start))
            }
            moved.timing = event.timing.moved(to: start.adding(days: shift))
            if var rule = event.recurrence {
                if let until = rule.until {
                    rule.until = LocalDateTime(
                        date: keepsWeekday ? until.date.adding(days: shift) : moveDate(until.date), time: until.time)
                }
                moved.recurrence = rule
            }
            moved.exceptDates = event.exceptDates.map { keepsWeekday ? $0.adding(days: shift) : moveDate($0) }
            return moved
        }
        for event in copy.events {
            copy.start = min(copy.start, event.timing.startDate)
            let bounded = event.recurrence.map { $0.count != nil || $0.until != nil } ?? false
            let horizon = bounded ? copy.end.adding(days: 14) : copy.end
            let last = event.occurrences(through: horizon).last?.endDate ?? event.timing.endDate
            copy.end = max(copy.end, last)
        }
        return copy
    }
}

extension CampaignCloner {
    /// The texts of a cloned campaign file that still mention the source year: titles, notes and
    /// comments (`2027年3月15日为星期一` in notes is not moved to the new year), each at its line and column
    /// in the written file, so that someone checks them.
    ///
    /// - Parameter skippingLines: lines at the top not to look at (the header naming the command).
    public static func oldYearMentions(
        in text: String, path: String, from oldYear: Int, to newYear: Int, skippingLines: Int = 0
    ) -> [InputIssue] {
        let old = String(oldYear)
        let textFields: Set<String> = ["title", "title_en", "notes"]
        var issues: [InputIssue] = []
        var blockField: (indent: Int, field: String)?
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = Substring(raw)
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            if let block = blockField {
                if body.isEmpty || indent > block.indent {
                    if number > skippingLines, body.contains(old) {
                        issues.append(mention(line, field: block.field, number: number, path: path, old, newYear))
                    }
                    continue
                }
                blockField = nil
            }
            guard number > skippingLines, !body.isEmpty else { continue }
            if body.first == "#" {
                if body.contains(old) { issues.append(mention(line, field: nil, number: number, path: path, old, newYear)) }
                continue
            }
            var rest = body
            if rest.hasPrefix("- ") { rest = rest.dropFirst(2) }
            guard let colon = rest.firstIndex(of: ":") else { continue }
            let field = String(rest[..<colon])
            let value = rest[rest.index(after: colon)...].drop { $0 == " " }
            if value.hasPrefix("|") || value.hasPrefix(">") { blockField = (indent, field) }
            // A comment after the value is written by the encoder after two spaces.
            let (valuePart, commentPart) = value.firstRange(of: "  # ").map { (value[..<$0.lowerBound], value[$0.lowerBound...]) }
                ?? (value[...], value[value.endIndex...])
            if textFields.contains(field), valuePart.contains(old) {
                issues.append(mention(line, field: field, number: number, path: path, old, newYear))
            } else if commentPart.contains(old) {
                issues.append(mention(line, field: nil, number: number, path: path, old, newYear, inComment: true))
            }
        }
        return issues
    }

    /// The mentions of every year of the source period (2026 and 2027 for 2026-11 to 2027-06), each checked for
    /// the year it moves to. Titles move every year of the period already, so for the later years only notes and
    /// comments are looked at; a line is named once.
    public static func oldYearMentions(
        in text: String, path: String, source: Campaign, toYear year: Int, skippingLines: Int = 0
    ) -> [InputIssue] {
        let delta = year - source.start.year
        var issues = oldYearMentions(in: text, path: path, from: source.start.year, to: year, skippingLines: skippingLines)
        var lines = Set(issues.compactMap { $0.location?.line })
        guard source.end.year > source.start.year else { return issues }
        for later in source.start.year + 1...source.end.year {
            for issue in oldYearMentions(in: text, path: path, from: later, to: later + delta, skippingLines: skippingLines) {
                if case .mentionsOldYear(let field, _, _, _) = issue.problem, field == "title" || field == "title_en" { continue }
                guard let line = issue.location?.line, lines.insert(line).inserted else { continue }
                issues.append(issue)
            }
        }
        return issues
    }

    private static func mention(
        _ line: Substring, field: String?, number: Int, path: String, _ old: String, _ newYear: Int,
        inComment: Bool = false
    ) -> InputIssue {
        let searched = inComment ? line[(line.firstRange(of: "  # ")?.lowerBound ?? line.startIndex)...] : line
        let found = searched.firstRange(of: old)?.lowerBound ?? line.startIndex
        let column = 1 + line.unicodeScalars[line.startIndex..<found].count
        var excerpt = String(searched.drop { $0 == " " })
        if excerpt.count > 60 { excerpt = String(excerpt.prefix(60)) + "…" }
        return .warning(
            .mentionsOldYear(field: field, oldYear: Int(old) ?? 0, newYear: newYear, excerpt: excerpt),
            at: SourceLocation(path: path, line: number, column: column))
    }
}

extension String {
    /// The text with every mention of one of `years` (four digits, read left to right) moved by `delta` years, all
    /// at once: "2026—2027" moved by one reads "2027—2028".
    func movingYears(_ years: [Int], by delta: Int) -> String {
        let old = years.map { Array(String($0).unicodeScalars) }
        let scalars = Array(unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        scan: while i < scalars.count {
            for (index, digits) in old.enumerated()
            where i + digits.count <= scalars.count && scalars[i..<i + digits.count].elementsEqual(digits) {
                out.append(contentsOf: String(years[index] + delta).unicodeScalars)
                i += digits.count
                continue scan
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
