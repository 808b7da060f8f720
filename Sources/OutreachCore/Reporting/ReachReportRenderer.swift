import Foundation
import OutreachFormats

/// Renders a reach report as a terminal table, CSV, JSON, Markdown, an HTML page or an xlsx workbook,
/// with Chinese or English headers.
public struct ReachReportRenderer: Sendable {
    public var report: ReachReport
    public var reference: ReferenceData
    public var language: Language
    /// Campaign titles by id (campaigns are not reference data).
    public var campaignTitles: [Campaign.ID: BilingualName]

    public init(report: ReachReport, reference: ReferenceData, language: Language, campaignTitles: [Campaign.ID: BilingualName]) {
        self.report = report
        self.reference = reference
        self.language = language
        self.campaignTitles = campaignTitles
    }

    // MARK: Cells

    /// The display name of a key.
    public func label(_ dimension: ReportDimension, _ key: String) -> String {
        switch dimension {
        case .campaign: campaignTitles[Campaign.ID(key)]?.text(language) ?? key
        case .channel: reference.channel(Channel.ID(key))?.names.text(language) ?? key
        case .branch: reference.branch(Branch.ID(key))?.names.text(language) ?? key
        case .segment: key.isEmpty ? ReportMessages.noSegment.text(language) : reference.segment(AudienceSegment.ID(key))?.names.text(language) ?? key
        case .metric: reference.metric(Metric.ID(key))?.names.text(language) ?? key
        case .month, .week, .day: key
        }
    }

    var personTimesHeader: String { ReportMessages.personTimes.text(language) }

    func metricHeader(_ metric: Metric) -> String { metric.header(language) }

    /// Headers and rows of text cells; `raw` keeps numbers plain (CSV) instead of grouped (tables).
    public func grid(raw: Bool) -> (headers: [String], rows: [[String]]) {
        let number: (Int64) -> String = raw ? { String($0) } : { groupedThousands($0) }
        let dims = report.keyDimensions
        var headers = dims.map { $0.header(language) }
        var rows: [[String]] = []
        let totalLabel = ReportMessages.total.text(language)
        if report.isLong {
            headers += [
                ReportDimension.metric.header(language), ReportMessages.unit.text(language), ReportMessages.count.text(language),
                ReportMessages.countsPeople.text(language),
            ]
            func lines(_ row: ReachReport.Row, keys: [String]) -> [[String]] {
                report.metrics.enumerated().compactMap { i, metric in
                    guard row.values[i] != 0 else { return nil }
                    return keys + [
                        metric.names.text(language), metric.unit.text(language), number(row.values[i]),
                        metric.countsPeople ? ReportMessages.yes.text(language) : ReportMessages.no.text(language),
                    ]
                }
            }
            for row in report.rows { rows += lines(row, keys: zip(dims, row.keys).map { label($0, $1) }) }
            rows += lines(report.totals, keys: dims.isEmpty ? [] : [totalLabel] + Array(repeating: "", count: dims.count - 1))
            if dims.isEmpty, !rows.isEmpty {
                // With no other grouping the rows are the totals already.
                rows = Array(rows.prefix(report.metrics.count))
            }
        } else {
            headers += [personTimesHeader] + report.metrics.map(metricHeader)
            if report.showsCoverage { headers += [ReportMessages.targetPopulation.text(language), ReportMessages.coverage.text(language)] }
            func line(_ row: ReachReport.Row, keys: [String]) -> [String] {
                var cells = keys + [number(row.personTimes)] + row.values.map(number)
                if report.showsCoverage {
                    cells += [row.population.map { number(Int64($0)) } ?? "—", row.share.map { $0.percentText(grouped: !raw) } ?? "—"]
                }
                return cells
            }
            for row in report.rows { rows.append(line(row, keys: zip(dims, row.keys).map { label($0, $1) })) }
            rows.append(line(report.totals, keys: dims.isEmpty ? [] : [totalLabel] + Array(repeating: "", count: dims.count - 1)))
        }
        return (headers, rows)
    }

    public var title: String {
        let period = report.request.period
        let scope = report.request.scope.flatMap { reference.branch($0)?.names.text(language) } ?? ReportMessages.allBranches.text(language)
        return ReportMessages.title(period: period, scope: scope).text(language)
    }

    /// A line saying what person-times are, printed under tables.
    public var footnote: String {
        let people = report.metrics.filter(\.countsPeople).map { $0.names.text(language) }
        let others = report.metrics.filter { !$0.countsPeople }.map { $0.names.text(language) }
        guard !people.isEmpty else {
            // No metric here counts people: there are no person-times to explain.
            guard !others.isEmpty else { return ReportMessages.noReach.text(language) }
            return ReportMessages.noPeopleMetric(others: others).text(language)
        }
        var text = ReportMessages.personTimesSum(people: people).text(language)
        if !others.isEmpty {
            text += ReportMessages.othersStandAlone(others: others).text(language)
        } else {
            text += ReportMessages.sentenceEnd.text(language)
        }
        return text
    }

    // MARK: Formats

    public func table() -> String {
        let (headers, rows) = grid(raw: false)
        let numeric = headers.indices.map { $0 >= report.keyDimensions.count + (report.isLong ? 2 : 0) }
        let table = TextTable(headers: headers, alignments: numeric.map { $0 ? .right : .left }, rows: rows, maximumCellWidth: 40)
        return title + "\n" + table.render() + footnote + "\n"
    }

    public func csv(byteOrderMark: Bool) -> String {
        let (headers, rows) = grid(raw: true)
        return CSVWriter(includeByteOrderMark: byteOrderMark).document(header: headers, rows: rows)
    }

    public func markdown() -> String {
        let (headers, rows) = grid(raw: false)
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var out = "# \(title)\n\n| " + headers.map(escape).joined(separator: " | ") + " |\n|"
        out += headers.indices.map { $0 >= report.keyDimensions.count ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        return out + "\n" + footnote + "\n"
    }

    public func json() -> String {
        var bytes: [UInt8] = []
        writeJSON { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The JSON of `json()`, handed to `write` in parts as they are made: the rows `group` at a time, each group
    /// rendered in parallel, so that a report of hundreds of thousands of rows streams in a few MB of memory.
    public func writeJSON(group: Int = 16_384, to write: ([UInt8]) -> Void) {
        let request = report.request
        let head: [(String, JSONValue)] = [
            ("period", .object([("label", .string(request.period.description)), ("start", .string(request.period.start.description)), ("end", .string(request.period.end.description))])),
            ("scope", .optional(request.scope?.rawValue)),
            ("by", .array(request.dimensions.map { .string($0.rawValue) })),
            ("metrics", .array(report.metrics.map { metric in
                .object([("id", .string(metric.id.rawValue)), ("name", .string(metric.names.text(language))), ("unit", .string(metric.unit.text(language))), ("countsPeople", .bool(metric.countsPeople))])
            })),
        ]
        // Pretty-printed as `JSONValue.serialized(pretty: true)` prints the whole object: two spaces an indent.
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, (key, value)) in head.enumerated() {
            Self.field(key, first: i == 0, into: &out)
            value.write(into: &out, pretty: true, indent: 1)
        }
        Self.field("rows", first: false, into: &out)
        let rows = report.rows
        if rows.isEmpty {
            out += Array("[]".utf8)
        } else {
            out.append(UInt8(ascii: "["))
            write(out)
            chunkedStream(count: rows.count, group: group, minimumChunk: 2048, { items in
                var part: [UInt8] = []
                part.reserveCapacity(items.count * 400)
                for i in items {
                    if i > 0 { part.append(UInt8(ascii: ",")) }
                    part += Array("\n    ".utf8)
                    rowValue(rows[i]).write(into: &part, pretty: true, indent: 2)
                }
                return part
            }, to: write)
            out = Array("\n  ]".utf8)
        }
        Self.field("totals", first: false, into: &out)
        rowValue(report.totals).write(into: &out, pretty: true, indent: 1)
        out += Array("\n}\n".utf8)
        write(out)
    }

    /// A field of the top-level object: the comma before it, its line and indent, its name.
    private static func field(_ key: String, first: Bool, into out: inout [UInt8]) {
        out += Array(((first ? "" : ",") + "\n  ").utf8)
        JSONValue.string(key).write(into: &out, pretty: true, indent: 1)
        out += Array(": ".utf8)
    }

    /// One row of the report (and its totals) as JSON.
    private func rowValue(_ row: ReachReport.Row) -> JSONValue {
        var pairs: [(String, JSONValue)] = zip(report.keyDimensions, row.keys).map { ($0.rawValue, .string($1)) }
        pairs.append(("personTimes", .int(Int(row.personTimes))))
        pairs.append(("values", .object(zip(report.metrics, row.values).map { ($0.id.rawValue, .int(Int($1))) })))
        if report.showsCoverage {
            pairs.append(("population", .optional(row.population)))
            // The fraction the two-decimal percentage shows (0.0013 for 0.13%), rounded once from the whole numbers.
            pairs.append(("coverage", row.share.map { .double(Double($0.basisPoints) / 10_000) } ?? .null))
        }
        return .object(pairs)
    }

    public func html() -> String {
        HTML.page(title: title, language: language, body: "<h1>\(MarkupEscaping.html(title))</h1>\n" + fragment())
    }

    /// The chart, the table and the footnote of ``html()``, to put in a page of one's own (the web app's reports).
    public func fragment() -> String {
        let (headers, rows) = grid(raw: false)
        let numericFrom = report.keyDimensions.count + (report.isLong ? 2 : 0)
        var body = "<table>\n<thead><tr>"
        for (i, header) in headers.enumerated() { body += "<th\(i >= numericFrom ? " class=\"n\"" : "")>\(MarkupEscaping.html(header))</th>" }
        body += "</tr></thead>\n<tbody>\n"
        for (r, row) in rows.enumerated() {
            body += r == rows.count - 1 && !report.isLong ? "<tr class=\"total\">" : "<tr>"
            for (i, cell) in row.enumerated() { body += "<td\(i >= numericFrom ? " class=\"n\"" : "")>\(MarkupEscaping.html(cell))</td>" }
            body += "</tr>\n"
        }
        body += "</tbody>\n</table>\n<p class=\"note\">\(MarkupEscaping.html(footnote))</p>\n"
        return chart() + body
    }

    /// The bulletin's charts for this report: person-times (or, with no people metric, the first metric) per
    /// row, as a line over time when the only grouping is a month, week or day, else as bars; none for more
    /// than 40 rows, or for nothing to show.
    func chart() -> String {
        guard !report.isLong, !report.keyDimensions.isEmpty, !report.rows.isEmpty, report.rows.count <= 40 else { return "" }
        let people = report.totals.personTimes > 0
        guard people || report.metrics.first != nil else { return "" }
        let points = report.rows.map { row in
            (
                label: zip(report.keyDimensions, row.keys).map { label($0, $1) }.joined(separator: " · "),
                value: Int(clamping: people ? row.personTimes : row.values[0])
            )
        }
        guard points.contains(where: { $0.value > 0 }) else { return "" }
        let measure = people ? personTimesHeader : metricHeader(report.metrics[0])
        let caption = "<p class=\"note\">\(MarkupEscaping.html(measure))</p>\n"
        if report.keyDimensions.count == 1, [.month, .week, .day].contains(report.keyDimensions[0]), points.count > 1 {
            return caption + SVGChart.line(points)
        }
        return caption + SVGChart.bars(points, colour: "bar")
    }

    /// How many rows at the end of ``grid(raw:)`` are the totals: one, or one per metric with a total in the
    /// long form.
    var totalRowCount: Int {
        report.isLong ? report.totals.values.filter { $0 != 0 }.count : 1
    }

    /// An xlsx workbook: the whole report, then one sheet per value of the first grouping when there are
    /// several groupings (one sheet per branch for `--by branch,segment`).
    public func xlsx(created: Date) throws -> [UInt8] {
        let (headers, rows) = grid(raw: true)
        // The coverage cell holds person-times ÷ target population (one division), shown with two decimals by
        // the cell's format; not the two-decimal text read back.
        let coverageColumn = !report.isLong && report.showsCoverage ? headers.count - 1 : nil
        let personTimesColumn = report.keyDimensions.count
        func cells(_ row: [String]) -> [XLSXCell] {
            row.enumerated().map { column, text in
                if column == coverageColumn, let part = Int64(row[personTimesColumn]), let whole = Int64(row[column - 1]),
                    let share = Share(part, of: whole)
                {
                    return .percent(share.fraction)
                }
                if let n = Int(text) { return .integer(n) }
                return .text(text)
            }
        }
        // The total rows stay below the filter's range: sorting or filtering the rows never moves or hides them.
        let totalRows = report.keyDimensions.isEmpty ? 0 : totalRowCount
        // A title row (period and scope) above the header; both stay in view, the header gets filter buttons,
        // and the sheet prints on A4 landscape, fitted to the page width.
        func sheet(_ name: String, title: String, _ body: [[String]], totals: Int = 0) -> XLSXSheet {
            XLSXSheet(
                name: name, rows: [[.text(title)], headers.map { .text($0) }] + body.map(cells), headerRowCount: 2,
                autoFilterRow: 1, unfilteredTrailingRowCount: totals, printsLandscapeFitToWidth: true)
        }
        var sheets = [sheet(ReportMessages.summarySheet.text(language), title: self.title, rows, totals: totalRows)]
        if report.keyDimensions.count > 1 {
            let first = report.keyDimensions[0]
            var seen = Set<String>()
            let values = report.rows.map { $0.keys[0] }.filter { seen.insert($0).inserted }
            if values.count <= 50 {
                for value in values {
                    let name = label(first, value)
                    let own = rows.filter { $0.first == name }
                    sheets.append(sheet(name, title: self.title + " · " + name, own))
                }
            }
        }
        return Array(try XLSXWorkbook(sheets: sheets, title: title, created: created).data())
    }
}

/// Small helpers for the self-contained HTML pages (no external assets).
enum HTML {
    static let style = """
        body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
        table{border-collapse:collapse;margin:.5em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
        th{background:#f3f5f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:bold;background:#fafafa}
        .note{color:#666;font-size:.85em}.bar{fill:#2f6db5}.bar2{fill:#c0392b}.axis{stroke:#999;stroke-width:1}
        svg text{font-size:12px;fill:#333}.figures{display:flex;gap:2em;flex-wrap:wrap}.figure{font-size:1.8em;font-weight:bold}
        .up{color:#1e8449}.down{color:#c0392b}.chart svg{max-width:100%;height:auto;display:block;margin:.5em 0}
        .signature{display:flex;flex-wrap:wrap;gap:1em 4em;margin-top:2.5em}.signature span{min-width:12em}
        @page{size:A4;margin:15mm 12mm 15mm 12mm}
        @media print{body{margin:0;max-width:none;padding:0;font-size:10.5pt;color:#000}h1{font-size:16pt;margin:0 0 .6em}
        .figures{gap:.4em 2em}.figure{font-size:13pt}td.n,th.n{white-space:nowrap}
        h2{font-size:12.5pt;margin:1.2em 0 .4em;break-after:avoid;page-break-after:avoid}
        section,table,.chart,.figures,.signature{break-inside:avoid;page-break-inside:avoid}
        tr,td,th{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
        th,tr.total td,.bar,.bar2{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """

    static func page(title: String, language: Language, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(MarkupEscaping.html(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
