import Foundation

/// Writes the monthly bulletin as Markdown and as one self-contained HTML page with inline SVG charts
/// (no scripts, fonts or images from elsewhere), ready for the intranet home page.
public struct BulletinRenderer: Sendable {
    public var bulletin: Bulletin
    public var reference: ReferenceData
    public var language: Language

    public init(bulletin: Bulletin, reference: ReferenceData, language: Language) {
        self.bulletin = bulletin
        self.reference = reference
        self.language = language
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
        guard let m = reference.metric(Metric.ID(id)) else { return id }
        return language.pick("\(m.names.zh)（\(m.unit.zh)）", "\(m.names.text(.en)) (\(m.unit.text(.en)))")
    }
    private func branch(_ id: Branch.ID) -> String { reference.branch(id)?.names.text(language) ?? id.rawValue }

    private func number(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
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
                + change(f.eventsHeld, bulletin.previous?.eventsHeld),
            language.pick("触达 \(number(f.personTimes)) 人次", "\(number(f.personTimes)) person-times reached")
                + change(f.personTimes, bulletin.previous?.personTimes),
        ]
        for m in f.otherMetrics { lines.append("\(metric(m.id))：\(number(m.value))") }
        return lines
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = "# \(title)\n\n"
        for line in headline { out += "- \(line)\n" }
        out += "\n## " + language.pick("各渠道开展场次", "Events held by channel") + "\n\n"
        out += table([language.pick("渠道", "Channel"), language.pick("场次", "Events")], channelRows.map { [$0.0, number($0.1)] })
        out += "\n## " + language.pick("各客群触达人次", "Person-times by audience segment") + "\n\n"
        out += table([language.pick("客群", "Segment"), language.pick("触达人次", "Person-times")], segmentRows.map { [$0.0, number($0.1)] })
        out += "\n## " + language.pick("覆盖率（本年累计）", "Coverage (year to date)") + "\n\n"
        out += table(
            [language.pick("客群", "Segment"), language.pick("本年触达人次", "Person-times this year"), language.pick("目标人口", "Target population"), language.pick("覆盖率", "Coverage")],
            bulletin.coverage.map { line in
                [segment(line.segment.rawValue), number(line.personTimesThisYear), line.population.map(number) ?? "—", line.coverage.map { String(format: "%.2f%%", $0 * 100) } ?? "—"]
            })
        out += "\n## " + language.pick("目标完成情况（\(bulletin.scorecard.period)）", "Progress against targets (\(bulletin.scorecard.period))") + "\n\n"
        let scorecard = ScorecardRenderer(scorecard: bulletin.scorecard, reference: reference, language: language)
        out += table(scorecard.headers, scorecard.rows())
        out += "\n## " + language.pick("近六个月趋势", "Trend over six months") + "\n\n"
        out += table([language.pick("月份", "Month"), language.pick("触达人次", "Person-times")], bulletin.trend.map { [$0.month, number($0.personTimes)] })
        out += "\n## " + language.pick("触达人次前十的网点", "Top outlets by person-times") + "\n\n"
        out += table([language.pick("网点", "Outlet"), language.pick("触达人次", "Person-times")], bulletin.topOutlets.map { [branch($0.branch), number($0.personTimes)] })
        out += "\n## " + language.pick("重点活动", "Notable events") + "\n\n"
        out += table(
            [language.pick("日期", "Date"), language.pick("活动", "Event"), language.pick("场地", "Venue"), language.pick("触达人次", "Person-times")],
            bulletin.notable.map { n in
                [n.date.description, n.event.event.title.text(language), reference.venue(n.event.event.venue)?.names.text(language) ?? n.event.event.venue.rawValue, number(n.personTimes)]
            })
        if !bulletin.restatements.isEmpty {
            out += "\n## " + language.pick("更正说明", "Restatements") + "\n\n"
            out += table(
                [language.pick("月份", "Month"), language.pick("项目", "Measure"), language.pick("原数据", "As published"), language.pick("更正后", "Corrected")],
                bulletin.restatements.map { [$0.month, measure($0.measure), number($0.old), number($0.new)] })
        }
        out += "\n" + language.pick("注：触达人次按人次统计，同一人多次参加计多次；发放折页、播放次数、阅读量等各自单列，不计入人次。", "Note: people reached are person-times (one person at two events counts twice); leaflets, plays and reads stand alone and are not added to them.") + "\n"
        return out
    }

    private func table(_ headers: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return language.pick("（无数据）\n", "(no data)\n") }
        var out = "| " + headers.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: headers.count) + "\n"
        for row in rows { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return out
    }

    // MARK: HTML

    public func html() -> String {
        var body = "<h1>\(HTML.escape(title))</h1>\n<div class=\"figures\">\n"
        for line in headline { body += "<div><div class=\"figure\">\(HTML.escape(line))</div></div>\n" }
        body += "</div>\n"
        body += section(language.pick("各渠道开展场次", "Events held by channel"), barChart(channelRows, colour: "bar") + htmlTable([language.pick("渠道", "Channel"), language.pick("场次", "Events")], channelRows.map { [$0.0, number($0.1)] }))
        body += section(language.pick("各客群触达人次", "Person-times by audience segment"), barChart(segmentRows, colour: "bar2") + htmlTable([language.pick("客群", "Segment"), language.pick("触达人次", "Person-times")], segmentRows.map { [$0.0, number($0.1)] }))
        body += section(
            language.pick("覆盖率（本年累计）", "Coverage (year to date)"),
            htmlTable(
                [language.pick("客群", "Segment"), language.pick("本年触达人次", "Person-times this year"), language.pick("目标人口", "Target population"), language.pick("覆盖率", "Coverage")],
                bulletin.coverage.map { line in
                    [segment(line.segment.rawValue), number(line.personTimesThisYear), line.population.map(number) ?? "—", line.coverage.map { String(format: "%.2f%%", $0 * 100) } ?? "—"]
                }))
        let scorecard = ScorecardRenderer(scorecard: bulletin.scorecard, reference: reference, language: language)
        body += section(language.pick("目标完成情况（\(bulletin.scorecard.period)）", "Progress against targets (\(bulletin.scorecard.period))"), htmlTable(scorecard.headers, scorecard.rows()))
        body += section(language.pick("近六个月趋势", "Trend over six months"), lineChart(bulletin.trend.map { ($0.month, $0.personTimes) }))
        body += section(language.pick("触达人次前十的网点", "Top outlets by person-times"), htmlTable([language.pick("网点", "Outlet"), language.pick("触达人次", "Person-times")], bulletin.topOutlets.map { [branch($0.branch), number($0.personTimes)] }))
        body += section(
            language.pick("重点活动", "Notable events"),
            htmlTable(
                [language.pick("日期", "Date"), language.pick("活动", "Event"), language.pick("场地", "Venue"), language.pick("触达人次", "Person-times")],
                bulletin.notable.map { n in
                    [n.date.description, n.event.event.title.text(language), reference.venue(n.event.event.venue)?.names.text(language) ?? n.event.event.venue.rawValue, number(n.personTimes)]
                }))
        if !bulletin.restatements.isEmpty {
            body += section(
                language.pick("更正说明", "Restatements"),
                htmlTable(
                    [language.pick("月份", "Month"), language.pick("项目", "Measure"), language.pick("原数据", "As published"), language.pick("更正后", "Corrected")],
                    bulletin.restatements.map { [$0.month, measure($0.measure), number($0.old), number($0.new)] }))
        }
        body += "<p class=\"note\">\(HTML.escape(language.pick("注：触达人次按人次统计，同一人多次参加计多次；发放折页、播放次数、阅读量等各自单列，不计入人次。", "Note: people reached are person-times (one person at two events counts twice); leaflets, plays and reads stand alone and are not added to them.")))</p>\n"
        return HTML.page(title: title, language: language, body: body)
    }

    private func section(_ heading: String, _ content: String) -> String {
        "<h2>\(HTML.escape(heading))</h2>\n\(content)"
    }

    private func htmlTable(_ headers: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">\(HTML.escape(language.pick("（无数据）", "(no data)")))</p>\n" }
        var out = "<table>\n<thead><tr>"
        for (i, h) in headers.enumerated() { out += "<th\(i > 0 ? " class=\"n\"" : "")>\(HTML.escape(h))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(i > 0 && Double(cell.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")) != nil ? " class=\"n\"" : "")>\(HTML.escape(cell))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// A horizontal bar chart as inline SVG.
    func barChart(_ rows: [(String, Int)], colour: String) -> String {
        guard !rows.isEmpty else { return "" }
        let labelWidth = 150, barWidth = 420, rowHeight = 26
        let height = rows.count * rowHeight + 10
        let largest = max(rows.map(\.1).max() ?? 1, 1)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(labelWidth + barWidth + 90)\" height=\"\(height)\" viewBox=\"0 0 \(labelWidth + barWidth + 90) \(height)\">\n"
        for (i, (label, value)) in rows.enumerated() {
            let y = i * rowHeight + 5
            let width = max(1, Int(Double(value) / Double(largest) * Double(barWidth)))
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(HTML.escape(label))</text>"
            svg += "<rect class=\"\(colour)\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"\(rowHeight - 8)\"><title>\(HTML.escape(label)): \(number(value))</title></rect>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\">\(number(value))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A line chart of monthly values as inline SVG.
    func lineChart(_ points: [(String, Int)]) -> String {
        guard points.count > 1 else { return "" }
        let width = 640, height = 220, left = 60, bottom = 30, top = 20
        let largest = max(points.map(\.1).max() ?? 1, 1)
        let step = Double(width - left - 20) / Double(points.count - 1)
        func x(_ i: Int) -> Int { left + Int(Double(i) * step) }
        func y(_ v: Int) -> Int { height - bottom - Int(Double(v) / Double(largest) * Double(height - bottom - top)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\"/>\n"
        let path = points.enumerated().map { "\(x($0.offset)),\(y($0.element.1))" }.joined(separator: " ")
        svg += "<polyline fill=\"none\" stroke=\"#2f6db5\" stroke-width=\"2\" points=\"\(path)\"/>\n"
        for (i, (label, value)) in points.enumerated() {
            svg += "<circle cx=\"\(x(i))\" cy=\"\(y(value))\" r=\"3\" fill=\"#2f6db5\"><title>\(HTML.escape(label)): \(number(value))</title></circle>"
            svg += "<text x=\"\(x(i))\" y=\"\(height - 10)\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
            svg += "<text x=\"\(x(i))\" y=\"\(y(value) - 8)\" text-anchor=\"middle\">\(number(value))</text>\n"
        }
        return svg + "</svg>\n"
    }
}
