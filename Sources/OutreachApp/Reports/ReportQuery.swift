import Foundation
import OutreachCore

/// A report's question as a form sends it (`/reports?period=month&month=2026-12&by=channel`): the period (month,
/// quarter, year or a range of dates, in the forms `outreach report` takes), the groupings (`by`, as `--by` takes
/// them, comma-separated or repeated), the level `branch` groups at, and the filters. `request` checks it with the
/// command line's messages and applies the user's scope: branch staff see their branch subtree only.
public struct ReportQuery: Hashable, Sendable {
    /// How the period is given.
    public enum PeriodKind: String, Hashable, Sendable, CaseIterable {
        case month, quarter, year, range
    }

    /// The fields of the form, for saying which one is wrong.
    public enum Field: String, Hashable, Sendable, CaseIterable {
        case period, month, quarter, year, from, to, by, level, branch, campaign, channel, segment
    }

    public var period: PeriodKind
    public var month: String
    public var quarter: String
    public var year: String
    public var from: String
    public var to: String
    /// The groupings in order, as typed (`channel`, `branch`, …).
    public var by: [String]
    public var level: String
    public var branch: String
    public var campaign: String
    public var channel: String
    public var segment: String

    /// Reads the query's parameters; a parameter may repeat (`by`), empty ones count as not given. An unknown
    /// period kind reads as a month.
    public init(parameters: [(String, String)]) {
        func value(_ name: String) -> String {
            parameters.last { $0.0 == name }?.1.trimmingCharacters(in: .whitespaces) ?? ""
        }
        period = PeriodKind(rawValue: value("period")) ?? .month
        month = value("month")
        quarter = value("quarter")
        year = value("year")
        from = value("from")
        to = value("to")
        by = parameters.filter { $0.0 == "by" || $0.0 == "then" }.flatMap { $0.1.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        level = value("level")
        branch = value("branch")
        campaign = value("campaign")
        channel = value("channel")
        segment = value("segment")
    }

    /// The question's parameters again, for links to the same report (downloads, the language switch).
    public var parameters: [(String, String)] {
        var list: [(String, String)] = [("period", period.rawValue)]
        switch period {
        case .month: list.append(("month", month))
        case .quarter: list.append(("quarter", quarter))
        case .year: list.append(("year", year))
        case .range: list += [("from", from), ("to", to)]
        }
        if !by.isEmpty { list.append(("by", by.joined(separator: ","))) }
        for (name, value) in [("level", level), ("branch", branch), ("campaign", campaign), ("channel", channel), ("segment", segment)]
        where !value.isEmpty {
            list.append((name, value))
        }
        return list.filter { !$0.1.isEmpty }
    }

    /// What is wrong with the question: each field's message, or that the branch is not the user's to see.
    public enum Problem: Error, Hashable, Sendable {
        /// Messages by field, in the page's language.
        case fields([Field: String])
        /// A branch outside the user's subtree (the pages answer "no such page").
        case notVisible
    }

    /// Checks the question and builds the request.
    ///
    /// - Parameters:
    ///   - today: the day an empty month, quarter or year stands for (this month, quarter, year).
    ///   - campaigns: the campaigns there are, for checking `campaign`.
    ///   - label: how a field is named in its messages (a form label, or the command line's flag).
    /// - Throws: `Problem`.
    public func request(
        for user: User, today: LocalDate, reference: ReferenceData, campaigns: [Campaign.ID], language: Language,
        label: (Field) -> String
    ) throws(Problem) -> ReportRequest {
        var problems: [Field: String] = [:]
        var period: ReportPeriod?
        func read(_ text: String, as kind: ReportPeriod.Kind, field: Field, example: String, default value: String) {
            let given = text.isEmpty ? value : text
            if let parsed = ReportPeriod(DateText.period(given)), parsed.kind == kind {
                period = parsed
            } else {
                problems[field] = ReportQueryMessages.invalidPeriod(value: given, flag: label(field), example: example).text(language)
            }
        }
        let thisMonth = String(today.description.prefix(7))
        switch self.period {
        case .month: read(month, as: .month, field: .month, example: "2027-03", default: thisMonth)
        case .quarter:
            read(quarter, as: .quarter, field: .quarter, example: "2027-Q1", default: "\(today.year)-Q\((today.month - 1) / 3 + 1)")
        case .year: read(year, as: .year, field: .year, example: "2027", default: "\(today.year)")
        case .range:
            var start = today.firstOfMonth, end = today
            for (field, text) in [(Field.from, from), (.to, to)] where !text.isEmpty {
                guard let date = DateText.date(text) else {
                    let why = Diagnostic.reachDateHint(asciiDigits(text), language)
                    problems[field] = DateTextMessages.invalidDate(value: text, flag: label(field), why: why).text(language)
                    continue
                }
                if field == .from { start = date } else { end = date }
            }
            if problems.isEmpty, end < start {
                problems[.to] = DateTextMessages.toBeforeFrom(to: end, from: start).text(language)
            }
            period = ReportPeriod(kind: .dates, start: start, end: end)
        }
        var dimensions: [ReportDimension] = []
        for name in by {
            guard let dimension = ReportDimension(rawValue: name) else {
                let known = ReportDimension.allCases.map(\.rawValue)
                problems[.by] = ReportQueryMessages.invalidBy(value: name, known: known, hint: "").text(language)
                continue
            }
            if !dimensions.contains(dimension) { dimensions.append(dimension) }
        }
        if dimensions.filter({ [.month, .week, .day].contains($0) }).count > 1 {
            problems[.by] = ReportQueryMessages.byOneOfMonthWeekDay.text(language)
        }
        var level: Branch.Level?
        if !self.level.isEmpty {
            level = Branch.Level(rawValue: self.level)
            if level == nil { problems[.level] = ReportQueryMessages.invalidLevel(level: self.level).text(language) }
        }
        // The scope: the branch asked for, which must be the user's to see; branch staff default to their own.
        var scope: Branch.ID? = branch.isEmpty ? nil : Branch.ID(branch)
        if let asked = scope {
            guard reference.branch(asked) != nil else { throw .notVisible }
            guard user.maySee(asked, reference: reference) else { throw .notVisible }
        } else if user.role == .branchStaff {
            guard let own = user.branch else { throw .notVisible }
            scope = own
        }
        for (field, text, known) in [
            (Field.channel, channel, reference.known(.channel).ordered), (.segment, segment, reference.known(.segment).ordered),
            (.campaign, campaign, campaigns.map(\.rawValue)),
        ] where !text.isEmpty && !known.contains(text) {
            problems[field] = ReportQueryMessages.invalidValue(value: text, flag: label(field), example: known.first ?? "").text(language)
        }
        guard problems.isEmpty, let period else { throw .fields(problems) }
        return ReportRequest(
            period: period, dimensions: dimensions, scope: scope, level: level,
            campaign: campaign.isEmpty ? nil : Campaign.ID(campaign), channel: channel.isEmpty ? nil : Channel.ID(channel),
            segment: segment.isEmpty ? nil : AudienceSegment.ID(segment))
    }
}
