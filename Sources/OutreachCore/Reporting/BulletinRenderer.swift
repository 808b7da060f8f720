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
        return language.pick("\(first.year)年\(first.month)月", first.monthDescription)
    }

    public var title: String {
        language.pick("\(scopeName)金融教育宣传专刊（\(monthText)）", "\(scopeName) financial education bulletin, \(monthText)")
    }

    private func channel(_ id: String) -> String { reference.channel(Channel.ID(id))?.names.text(language) ?? id }
    private func segment(_ id: String) -> String {
        id.isEmpty ? language.pick("未分客群", "No segment") : reference.segment(AudienceSegment.ID(id))?.names.text(language) ?? id
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
            language.pick("制表：", "Prepared by: ") + (signature.preparedBy ?? ""),
            language.pick("审核：", "Approved by: ") + (signature.approvedBy ?? ""),
            language.pick("打印日期：", "Printed on: ") + signature.printedOn.description,
        ]
    }

    private func change(_ now: Int, _ before: Int?) -> String {
        guard let before, before > 0 else { return "" }
        let share = Double(now - before) / Double(before) * 100
        return language.pick(
            "（环比 \(share >= 0 ? "+" : "")\(String(format: "%.1f", share))%）",
            " (\(share >= 0 ? "+" : "")\(String(format: "%.1f", share))% on last month)")
    }

    private func measure(_ key: String) -> String {
        if key == "eventsHeld" { return language.pick("开展场次", "Events held") }
        if key == "personTimes" { return language.pick("触达人次", "Person-times") }
        if key.hasPrefix("segment:") { return language.pick("触达人次·", "Person-times, ") + segment(String(key.dropFirst(8))) }
        if key.hasPrefix("metric:") { return metric(String(key.dropFirst(7))) }
        return key
    }

    // MARK: Sections as rows

    private var channelRows: [(String, Int)] { bulletin.figures.eventsByChannel.map { (channel($0.id), $0.value) } }
    private var segmentRows: [(String, Int)] { bulletin.figures.personTimesBySegment.map { (segment($0.id), $0.value) } }

    private var headline: [String] {
        let f = bulletin.figures
        var lines = [
            language.pick("开展宣传活动 \(number(f.eventsHeld)) 场", "\(number(f.eventsHeld)) events held")
                + (f.unplannedEvents.map { language.pick("（其中计划外 \(number($0)) 场）", " (\(number($0)) of them unplanned)") } ?? "")
                + change(f.eventsHeld, bulletin.previous?.eventsHeld),
            language.pick("触达 \(number(f.personTimes)) 人次", "\(number(f.personTimes)) person-times reached")
                + change(f.personTimes, bulletin.previous?.personTimes),
        ]
        for m in f.otherMetrics { lines.append(metric(m.id) + language.pick("：", ": ") + number(m.value)) }
        return lines
    }

    /// What the figures count, under the bulletin.
    private var note: String {
        language.pick(
            "注：触达人次按人次统计，同一人多次参加计多次；发放折页、播放次数、阅读量等各自单列，不计入人次。开展场次按场次计：一次性活动、周期活动的每一次、整段多日展示各计 1 场。",
            "Note: people reached are person-times (one person at two events counts twice); leaflets, plays and reads stand alone and are not added to them. Events held count occurrences: a one-off event, each date of a recurring event and a whole multi-day display count once.")
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = "# \(title)\n\n"
        for line in headline { out += "- \(line)\n" }
        out += "\n## " + language.pick("各渠道开展场次", "Events held by channel") + "\n\n"
        out += table([language.pick("渠道", "Channel"), language.pick("场次", "Events")], channelRows.map { [$0.0, number($0.1)] }, numeric: [1])
        out += "\n## " + language.pick("各客群触达人次", "Person-times by audience segment") + "\n\n"
        out += table([language.pick("客群", "Segment"), language.pick("触达人次", "Person-times")], segmentRows.map { [$0.0, number($0.1)] }, numeric: [1])
        out += "\n## " + language.pick("覆盖率（本年累计）", "Coverage (year to date)") + "\n\n"
        out += table(
            [language.pick("客群", "Segment"), language.pick("本年触达人次", "Person-times this year"), language.pick("目标人口", "Target population"), language.pick("覆盖率", "Coverage")],
            bulletin.coverage.map { line in
                [segment(line.segment.rawValue), number(line.personTimesThisYear), line.population.map(number) ?? "—", line.share.map(\.percentText) ?? "—"]
            }, numeric: [1, 2, 3])
        out += "\n## " + language.pick("目标完成情况（\(bulletin.scorecard.period)）", "Progress against targets (\(bulletin.scorecard.period))") + "\n\n"
        let scorecard = ScorecardRenderer(scorecard: bulletin.scorecard, reference: reference, language: language)
        out += table(scorecard.headers, scorecard.rows(), numeric: [2, 3, 4, 5, 6])
        out += "\n## " + language.pick("近六个月趋势", "Trend over six months") + "\n\n"
        out += table([language.pick("月份", "Month"), language.pick("触达人次", "Person-times")], bulletin.trend.map { [$0.month, number($0.personTimes)] }, numeric: [1])
        out += "\n## " + language.pick("触达人次前十的网点", "Top outlets by person-times") + "\n\n"
        out += table([language.pick("网点", "Outlet"), language.pick("触达人次", "Person-times")], bulletin.topOutlets.map { [branch($0.branch), number($0.personTimes)] }, numeric: [1])
        out += "\n## " + language.pick("重点活动", "Notable events") + "\n\n"
        out += table(
            [language.pick("日期", "Date"), language.pick("活动", "Event"), language.pick("场地", "Venue"), language.pick("触达人次", "Person-times")],
            bulletin.notable.map { n in
                [n.date.description, n.event.event.title.text(language), reference.venue(n.event.event.venue)?.names.text(language) ?? n.event.event.venue.rawValue, number(n.personTimes)]
            }, numeric: [3])
        if !bulletin.restatements.isEmpty {
            out += "\n## " + language.pick("更正说明", "Restatements") + "\n\n"
            out += table(
                [language.pick("月份", "Month"), language.pick("项目", "Measure"), language.pick("原数据", "As published"), language.pick("更正后", "Corrected")],
                bulletin.restatements.map { [$0.month, measure($0.measure), number($0.old), number($0.new)] }, numeric: [2, 3])
        }
        if !signatureParts.isEmpty { out += "\n" + signatureParts.joined(separator: language.pick("　", " · ")) + "\n" }
        out += "\n" + note + "\n"
        return out
    }

    /// A Markdown table; `numeric` columns are right-aligned.
    private func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        guard !rows.isEmpty else { return language.pick("（无数据）\n", "(no data)\n") }
        var out = "| " + headers.joined(separator: " | ") + " |\n|"
        out += headers.indices.map { numeric.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return out
    }

    // MARK: HTML

    public func html() -> String {
        var body = "<h1>\(MarkupEscaping.html(title))</h1>\n<div class=\"figures\">\n"
        for line in headline { body += "<div><div class=\"figure\">\(MarkupEscaping.html(line))</div></div>\n" }
        body += "</div>\n"
        body += section(
            language.pick("各渠道开展场次", "Events held by channel"),
            SVGChart.bars(channelRows.map { ($0.0, $0.1) }, colour: "bar")
                + htmlTable([language.pick("渠道", "Channel"), language.pick("场次", "Events")], channelRows.map { [$0.0, number($0.1)] }, numeric: [1]))
        body += section(
            language.pick("各客群触达人次", "Person-times by audience segment"),
            SVGChart.bars(segmentRows.map { ($0.0, $0.1) }, colour: "bar2")
                + htmlTable([language.pick("客群", "Segment"), language.pick("触达人次", "Person-times")], segmentRows.map { [$0.0, number($0.1)] }, numeric: [1]))
        body += section(
            language.pick("覆盖率（本年累计）", "Coverage (year to date)"),
            htmlTable(
                [language.pick("客群", "Segment"), language.pick("本年触达人次", "Person-times this year"), language.pick("目标人口", "Target population"), language.pick("覆盖率", "Coverage")],
                bulletin.coverage.map { line in
                    [segment(line.segment.rawValue), number(line.personTimesThisYear), line.population.map(number) ?? "—", line.share.map(\.percentText) ?? "—"]
                }, numeric: [1, 2, 3]))
        let scorecard = ScorecardRenderer(scorecard: bulletin.scorecard, reference: reference, language: language)
        body += section(
            language.pick("目标完成情况（\(bulletin.scorecard.period)）", "Progress against targets (\(bulletin.scorecard.period))"),
            htmlTable(scorecard.headers, scorecard.rows(), numeric: [2, 3, 4, 5, 6]))
        body += section(language.pick("近六个月趋势", "Trend over six months"), SVGChart.line(bulletin.trend.map { ($0.month, $0.personTimes) }))
        body += section(
            language.pick("触达人次前十的网点", "Top outlets by person-times"),
            htmlTable([language.pick("网点", "Outlet"), language.pick("触达人次", "Person-times")], bulletin.topOutlets.map { [branch($0.branch), number($0.personTimes)] }, numeric: [1]))
        body += section(
            language.pick("重点活动", "Notable events"),
            htmlTable(
                [language.pick("日期", "Date"), language.pick("活动", "Event"), language.pick("场地", "Venue"), language.pick("触达人次", "Person-times")],
                bulletin.notable.map { n in
                    [n.date.description, n.event.event.title.text(language), reference.venue(n.event.event.venue)?.names.text(language) ?? n.event.event.venue.rawValue, number(n.personTimes)]
                }, numeric: [3]))
        if !bulletin.restatements.isEmpty {
            body += section(
                language.pick("更正说明", "Restatements"),
                htmlTable(
                    [language.pick("月份", "Month"), language.pick("项目", "Measure"), language.pick("原数据", "As published"), language.pick("更正后", "Corrected")],
                    bulletin.restatements.map { [$0.month, measure($0.measure), number($0.old), number($0.new)] }, numeric: [2, 3]))
        }
        body += "<p class=\"note\">\(MarkupEscaping.html(note))</p>\n"
        if !signatureParts.isEmpty {
            body += "<div class=\"signature\">" + signatureParts.map { "<span>\(MarkupEscaping.html($0))</span>" }.joined() + "</div>\n"
        }
        return HTML.page(title: title, language: language, body: body)
    }

    /// A heading and what it introduces, kept on one printed page where they fit.
    private func section(_ heading: String, _ content: String) -> String {
        "<section>\n<h2>\(MarkupEscaping.html(heading))</h2>\n\(content)</section>\n"
    }

    /// A table whose `numeric` columns (counts, percentages) are right-aligned; the others (names, dates,
    /// statuses) are left-aligned.
    private func htmlTable(_ headers: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">\(MarkupEscaping.html(language.pick("（无数据）", "(no data)")))</p>\n" }
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
