import Foundation
import OutreachFormats

/// Writes the monthly bulletin as Markdown and as one self-contained HTML page with inline SVG charts
/// (no scripts, fonts or images from elsewhere), ready for the intranet home page.
public struct BulletinRenderer: Sendable {
    public var bulletin: Bulletin
    public var reference: ReferenceData
    public var language: Language
    /// The signature block (制表 / 审核 / 打印日期) at the end; nil leaves it out.
    public var signature: BulletinSignature?

    public init(bulletin: Bulletin, reference: ReferenceData, language: Language, signature: BulletinSignature? = nil) {
        self.bulletin = bulletin
        self.reference = reference
        self.language = language
        self.signature = signature
    }

    private var scopeName: String { reference.branch(bulletin.scope)?.names.text(language) ?? bulletin.scope.rawValue }
    private var monthText: String {
        let first = ReachCubeMonth.firstDay(ofMonth: bulletin.month)
        return BulletinMessages.month(year: first.year, month: first.month, english: first.monthDescription).text(language)
    }

    public var title: String {
        BulletinMessages.title(scope: scopeName, month: monthText).text(language)
    }

    private func channel(_ id: String) -> String { reference.channel(Channel.ID(id))?.names.text(language) ?? id }
    private func segment(_ id: String) -> String {
        id.isEmpty ? BulletinMessages.noSegment.text(language) : reference.segment(AudienceSegment.ID(id))?.names.text(language) ?? id
    }
    private func metric(_ id: String) -> String {
        reference.metric(Metric.ID(id))?.header(language) ?? id
    }
    private func branch(_ id: Branch.ID) -> String { reference.branch(id)?.names.text(language) ?? id.rawValue }

    private func number(_ n: Int) -> String { n.groupedText }

    /// The signature line: 制表：王芳　审核：李建国　打印日期：2027-04-02.
    private var signatureParts: [String] {
        guard let signature else { return [] }
        return [
            BulletinMessages.preparedBy.text(language) + (signature.preparedBy ?? ""),
            BulletinMessages.approvedBy.text(language) + (signature.approvedBy ?? ""),
            BulletinMessages.printedOn.text(language) + signature.printedOn.description,
        ]
    }

    private func change(_ now: Int, _ before: Int?) -> String {
        guard let before, before > 0 else { return "" }
        let share = Double(now - before) / Double(before) * 100
        return BulletinMessages.changeOnLastMonth(percent: share).text(language)
    }

    private func measure(_ key: String) -> String {
        if key == "eventsHeld" { return BulletinMessages.eventsHeld.text(language) }
        if key == "personTimes" { return BulletinMessages.personTimes.text(language) }
        if key.hasPrefix("segment:") { return BulletinMessages.personTimesOfSegment(segment(String(key.dropFirst(8)))).text(language) }
        if key.hasPrefix("metric:") { return metric(String(key.dropFirst(7))) }
        return key
    }

    // MARK: Sections as rows

    private var channelRows: [(String, Int)] { bulletin.figures.eventsByChannel.map { (channel($0.id), $0.value) } }
    private var segmentRows: [(String, Int)] { bulletin.figures.personTimesBySegment.map { (segment($0.id), $0.value) } }

    private var headline: [String] {
        let f = bulletin.figures
        var lines = [
            BulletinMessages.eventsHeldHeadline(count: number(f.eventsHeld)).text(language)
                + (f.unplannedEvents.map { BulletinMessages.unplannedOfThem(count: number($0)).text(language) } ?? "")
                + change(f.eventsHeld, bulletin.previous?.eventsHeld),
            BulletinMessages.personTimesHeadline(count: number(f.personTimes)).text(language)
                + change(f.personTimes, bulletin.previous?.personTimes),
        ]
        for m in f.otherMetrics { lines.append(metric(m.id) + BulletinMessages.valueSeparator.text(language) + number(m.value)) }
        return lines
    }

    /// What the figures count, under the bulletin.
    private var note: String {
        BulletinMessages.figuresNote.text(language)
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = "# \(title)\n\n"
        for line in headline { out += "- \(line)\n" }
        out += "\n## " + BulletinMessages.eventsHeldByChannel.text(language) + "\n\n"
        out += table([BulletinMessages.channel.text(language), BulletinMessages.events.text(language)], channelRows.map { [$0.0, number($0.1)] }, numeric: [1])
        out += "\n## " + BulletinMessages.personTimesByAudienceSegment.text(language) + "\n\n"
        out += table([BulletinMessages.segment.text(language), BulletinMessages.personTimes.text(language)], segmentRows.map { [$0.0, number($0.1)] }, numeric: [1])
        out += "\n## " + BulletinMessages.coverageYearToDate.text(language) + "\n\n"
        out += table(
            [BulletinMessages.segment.text(language), BulletinMessages.personTimesThisYear.text(language), BulletinMessages.targetPopulation.text(language), BulletinMessages.coverage.text(language)],
            bulletin.coverage.map { line in
                [segment(line.segment.rawValue), number(line.personTimesThisYear), line.population.map(number) ?? "—", line.share.map(\.percentText) ?? "—"]
            }, numeric: [1, 2, 3])
        out += "\n## " + BulletinMessages.progressAgainstTargets(period: bulletin.scorecard.period).text(language) + "\n\n"
        let scorecard = ScorecardRenderer(scorecard: bulletin.scorecard, reference: reference, language: language)
        out += table(scorecard.headers, scorecard.rows(), numeric: [2, 3, 4, 5, 6])
        out += "\n## " + BulletinMessages.trendOverSixMonths.text(language) + "\n\n"
        out += table([BulletinMessages.month.text(language), BulletinMessages.personTimes.text(language)], bulletin.trend.map { [$0.month, number($0.personTimes)] }, numeric: [1])
        out += "\n## " + BulletinMessages.topOutletsByPersonTimes.text(language) + "\n\n"
        out += table([BulletinMessages.outlet.text(language), BulletinMessages.personTimes.text(language)], bulletin.topOutlets.map { [branch($0.branch), number($0.personTimes)] }, numeric: [1])
        out += "\n## " + BulletinMessages.notableEvents.text(language) + "\n\n"
        out += table(
            [BulletinMessages.date.text(language), BulletinMessages.event.text(language), BulletinMessages.venue.text(language), BulletinMessages.personTimes.text(language)],
            bulletin.notable.map { n in
                [n.date.description, n.event.event.title.text(language), reference.venue(n.event.event.venue)?.names.text(language) ?? n.event.event.venue.rawValue, number(n.personTimes)]
            }, numeric: [3])
        if !bulletin.restatements.isEmpty {
            out += "\n## " + BulletinMessages.restatements.text(language) + "\n\n"
            out += table(
                [BulletinMessages.month.text(language), BulletinMessages.measure.text(language), BulletinMessages.asPublished.text(language), BulletinMessages.corrected.text(language)],
                bulletin.restatements.map { [$0.month, measure($0.measure), number($0.old), number($0.new)] }, numeric: [2, 3])
        }
        if !signatureParts.isEmpty { out += "\n" + signatureParts.joined(separator: BulletinMessages.signatureSeparator.text(language)) + "\n" }
        out += "\n" + note + "\n"
        return out
    }

    /// A Markdown table; `numeric` columns are right-aligned.
    private func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        guard !rows.isEmpty else { return BulletinMessages.noData.text(language) + "\n" }
        var out = "| " + headers.joined(separator: " | ") + " |\n|"
        out += headers.indices.map { numeric.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return out
    }

    // MARK: HTML

    public func html() -> String {
        HTML.page(title: title, language: language, body: htmlBody())
    }

    /// What ``html()`` puts in the page's body (the heading, figures, sections and signature block), to put in a
    /// page of one's own (the web app's bulletin preview).
    public func htmlBody() -> String {
        var body = "<h1>\(MarkupEscaping.html(title))</h1>\n<div class=\"figures\">\n"
        for line in headline { body += "<div><div class=\"figure\">\(MarkupEscaping.html(line))</div></div>\n" }
        body += "</div>\n"
        body += section(
            BulletinMessages.eventsHeldByChannel.text(language),
            SVGChart.bars(channelRows.map { ($0.0, $0.1) }, colour: "bar")
                + htmlTable([BulletinMessages.channel.text(language), BulletinMessages.events.text(language)], channelRows.map { [$0.0, number($0.1)] }, numeric: [1]))
        body += section(
            BulletinMessages.personTimesByAudienceSegment.text(language),
            SVGChart.bars(segmentRows.map { ($0.0, $0.1) }, colour: "bar2")
                + htmlTable([BulletinMessages.segment.text(language), BulletinMessages.personTimes.text(language)], segmentRows.map { [$0.0, number($0.1)] }, numeric: [1]))
        body += section(
            BulletinMessages.coverageYearToDate.text(language),
            htmlTable(
                [BulletinMessages.segment.text(language), BulletinMessages.personTimesThisYear.text(language), BulletinMessages.targetPopulation.text(language), BulletinMessages.coverage.text(language)],
                bulletin.coverage.map { line in
                    [segment(line.segment.rawValue), number(line.personTimesThisYear), line.population.map(number) ?? "—", line.share.map(\.percentText) ?? "—"]
                }, numeric: [1, 2, 3]))
        let scorecard = ScorecardRenderer(scorecard: bulletin.scorecard, reference: reference, language: language)
        body += section(
            BulletinMessages.progressAgainstTargets(period: bulletin.scorecard.period).text(language),
            htmlTable(scorecard.headers, scorecard.rows(), numeric: [2, 3, 4, 5, 6]))
        body += section(BulletinMessages.trendOverSixMonths.text(language), SVGChart.line(bulletin.trend.map { ($0.month, $0.personTimes) }))
        body += section(
            BulletinMessages.topOutletsByPersonTimes.text(language),
            htmlTable([BulletinMessages.outlet.text(language), BulletinMessages.personTimes.text(language)], bulletin.topOutlets.map { [branch($0.branch), number($0.personTimes)] }, numeric: [1]))
        body += section(
            BulletinMessages.notableEvents.text(language),
            htmlTable(
                [BulletinMessages.date.text(language), BulletinMessages.event.text(language), BulletinMessages.venue.text(language), BulletinMessages.personTimes.text(language)],
                bulletin.notable.map { n in
                    [n.date.description, n.event.event.title.text(language), reference.venue(n.event.event.venue)?.names.text(language) ?? n.event.event.venue.rawValue, number(n.personTimes)]
                }, numeric: [3]))
        if !bulletin.restatements.isEmpty {
            body += section(
                BulletinMessages.restatements.text(language),
                htmlTable(
                    [BulletinMessages.month.text(language), BulletinMessages.measure.text(language), BulletinMessages.asPublished.text(language), BulletinMessages.corrected.text(language)],
                    bulletin.restatements.map { [$0.month, measure($0.measure), number($0.old), number($0.new)] }, numeric: [2, 3]))
        }
        body += "<p class=\"note\">\(MarkupEscaping.html(note))</p>\n"
        if !signatureParts.isEmpty {
            body += "<div class=\"signature\">" + signatureParts.map { "<span>\(MarkupEscaping.html($0))</span>" }.joined() + "</div>\n"
        }
        return body
    }

    /// A heading and what it introduces, kept on one printed page where they fit.
    private func section(_ heading: String, _ content: String) -> String {
        "<section>\n<h2>\(MarkupEscaping.html(heading))</h2>\n\(content)</section>\n"
    }

    /// A table whose `numeric` columns (counts, percentages) are right-aligned; the others (names, dates,
    /// statuses) are left-aligned.
    private func htmlTable(_ headers: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">\(MarkupEscaping.html(BulletinMessages.noData.text(language)))</p>\n" }
        var out = "<table>\n<thead><tr>"
        for (i, h) in headers.enumerated() { out += "<th\(numeric.contains(i) ? " class=\"n\"" : "")>\(MarkupEscaping.html(h))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(numeric.contains(i) ? " class=\"n\"" : "")>\(MarkupEscaping.html(cell))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
