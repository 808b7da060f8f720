import Foundation
@testable import OutreachCore
@testable import OutreachFormats
import OutreachTestSupport
import Testing

/// What a manager prints and forwards: headers, footnotes, the bulletin's page and charts, and workbooks.
@Suite(.timeLimit(.minutes(3)))
struct ReportPrintingTests {
    static let march = ReportPeriod("2027-03")!

    func report(_ by: [ReportDimension], channel: Channel.ID? = nil) throws -> ReachReport {
        let (rows, _) = try ReachFixture.check(ReachFixture.csv)
        let request = ReportRequest(period: Self.march, dimensions: by, channel: channel)
        return try ReachReportBuilder.build(request, cube: ReachFixture.cube(rows), codes: ReachFixture.codes, reference: ReachFixture.reference())
    }

    func renderer(_ report: ReachReport, _ language: Language = .zh) -> ReachReportRenderer {
        ReachReportRenderer(report: report, reference: ReachFixture.reference(), language: language, campaignTitles: [:])
    }

    @Test(arguments: [
        ("attendees", Language.zh, "参与人数（人次）"), ("consultations", .zh, "咨询人次"), ("screen-plays", .zh, "播放次数"),
        ("leaflets", .zh, "发放折页（份）"), ("attendees", .en, "Attendees (person-times)"),
    ])
    func metricHeadersSayTheUnitOnce(metric: String, language: Language, expected: String) throws {
        let found = try #require(ReachFixture.reference().metric(Metric.ID(metric)))
        #expect(found.header(language) == expected)
    }

    @Test func estimatedMetricsDoNotRepeatTheirQualifier() {
        let readers = Metric(
            id: "readers", names: BilingualName(zh: "阅读人次（估算）", en: "Readers (estimated)"),
            unit: BilingualName(zh: "人次", en: "person-times (estimated)"), countsPeople: false)
        #expect(readers.header(.zh) == "阅读人次（估算）")
        #expect(readers.header(.en) == "Readers (estimated) (person-times)")
    }

    @Test func footnoteWithoutAPeopleMetricSaysSo() throws {
        let screens = try report([.channel], channel: "led-screen")
        #expect(renderer(screens).footnote == "本报表没有计入触达人次的指标；播放次数各自单列，不计入人次。")
        #expect(
            renderer(screens, .en).footnote
                == "No metric here counts people reached; Screen plays stand alone and are not person-times.")
        #expect(!renderer(screens).table().contains("触达人次 = （"))
    }

    /// Every `<text x=… text-anchor=…>label</text>` of a chart lies inside its `width`.
    func textsFit(_ svg: String) throws -> Bool {
        let width = try #require(svg.firstMatch(of: /<svg[^>]* width="(\d+)"/).map { Int($0.1)! })
        var fits = true
        for match in svg.matches(of: /<text x="(\d+)" y="\d+"(?: text-anchor="(end|middle)")?>([^<]*)<\/text>/) {
            let x = Int(match.1)!, size = SVGChart.textWidth(String(match.3))
            switch match.2 {
            case "end": fits = fits && x - size >= 0
            case "middle": fits = fits && x - size / 2 >= 0 && x + size / 2 <= width
            default: fits = fits && x + size <= width
            }
        }
        return fits
    }

    @Test func chartLabelsAreNeverClipped() throws {
        let long = "New urban workers (sanitation workers, couriers, traffic police)"
        let bars = SVGChart.bars([(long, 1_234_567), ("老年人", 12)], colour: "bar")
        #expect(try textsFit(bars))
        #expect(SVGChart.wrapped(long) == ["New urban workers", "(sanitation workers, couriers, traffic police)"])
        #expect(SVGChart.wrapped("特殊群体（老弱病残孕）") == ["特殊群体（老弱病残孕）"])
        let months = ["2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"]
        let line = SVGChart.line(months.enumerated().map { ($0.element, $0.offset * 250_000) })
        #expect(try textsFit(line))
        #expect(line.contains(">1,250,000</text>"))
        // The old fixed 150-pixel label column cut long labels.
        #expect(SVGChart.textWidth(long) > 150)
    }

    @Test func reportHTMLHasTheBulletinsCharts() throws {
        let html = renderer(try report([.segment])).html()
        #expect(html.contains("<div class=\"chart\"><svg"))
        #expect(html.contains("<title>学生: 65</title>"))
        let months = renderer(try report([.week])).html()
        #expect(months.contains("<polyline"))
    }

    static func bulletin(signature: BulletinSignature?, language: Language) throws -> String {
        let (rows, _) = try ReachFixture.check(ReachFixture.csv)
        let cube = ReachFixture.cube(rows)
        let activity = EventsHeldTests.activity()
        let quarter = ReportPeriod("2027-Q1")!
        let card = Scorecard.build(
            period: quarter, scope: "city", asOf: ReachFixture.day("2027-03-31"), reference: ReachFixture.reference(),
            targets: [Target(branch: "east", period: quarter, events: 1200)], cube: cube, activity: activity,
            planned: EventsHeldTests.planned(activity, quarter))
        let bulletin = Bulletin.build(
            month: ReachCubeMonth.index(of: march.start), scope: "city", reference: ReachFixture.reference(), cube: cube,
            activity: activity, previous: nil, scorecard: card, earlier: [])
        return BulletinRenderer(bulletin: bulletin, reference: ReachFixture.reference(), language: language, signature: signature).html()
    }

    @Test func bulletinPrintsOnA4WithTextLeftAndNumbersRight() throws {
        let html = try Self.bulletin(signature: nil, language: .zh)
        #expect(html.contains("@page{size:A4;"))
        #expect(html.contains("break-inside:avoid"))
        #expect(html.contains("h2{font-size:12.5pt;margin:1.2em 0 .4em;break-after:avoid"))
        // The scorecard: branch, measure and status are text (left), the rest numbers (right, grouped).
        #expect(
            html.contains(
                "<thead><tr><th>机构</th><th>考核项</th><th class=\"n\">计划场次</th><th class=\"n\">完成</th><th class=\"n\">目标</th><th class=\"n\">完成率</th><th class=\"n\">进度要求</th><th>状态</th></tr></thead>"))
        #expect(html.contains("<td class=\"n\">1,200</td>"))
        #expect(html.contains("<th>日期</th><th>活动</th><th>场地</th><th class=\"n\">触达人次</th>"))
        #expect(!html.contains("class=\"signature\""))
        #expect(html.contains("开展宣传活动 8 场（其中计划外 3 场）"))
    }

    @Test func bulletinEndsWithTheSignatureBlock() throws {
        let signature = BulletinSignature(preparedBy: "王芳", approvedBy: "李建国", printedOn: ReachFixture.day("2027-04-02"))
        let zh = try Self.bulletin(signature: signature, language: .zh)
        #expect(zh.contains("<div class=\"signature\"><span>制表：王芳</span><span>审核：李建国</span><span>打印日期：2027-04-02</span></div>"))
        let en = try Self.bulletin(signature: signature, language: .en)
        #expect(en.contains("<span>Prepared by: 王芳</span><span>Approved by: 李建国</span><span>Printed on: 2027-04-02</span>"))
    }

    @Test func signatureComesFromTheBulletinSection() {
        let yaml = "notify:\n  targets: []\nbulletin:\n  prepared_by: 王芳\n  approved_by: 李建国\n"
        let (signature, issues) = BulletinSignature.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(yaml.utf8)), printedOn: ReachFixture.day("2027-04-02"))
        #expect(issues.isEmpty)
        #expect(signature == BulletinSignature(preparedBy: "王芳", approvedBy: "李建国", printedOn: ReachFixture.day("2027-04-02")))
        let bad = "bulletin:\n  prepared: 王芳\n"
        let (none, problems) = BulletinSignature.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(bad.utf8)), printedOn: ReachFixture.day("2027-04-02"))
        #expect(none == nil)
        #expect(problems.first?.rendered(.en).hasPrefix("outreach.yaml:2:3: error: Unknown field 'prepared'") == true)
        let (absent, _) = BulletinSignature.decode(
            SourceFile(path: "outreach.yaml", bytes: Array("notify: {}\n".utf8)), printedOn: ReachFixture.day("2027-04-02"))
        #expect(absent == nil)
    }

    static let sheetScript = """
        import json, sys
        import openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        cells = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=3)]
        coverage = [c.number_format for c in ws[3] if isinstance(c.value, float)]
        values = [row[-1].value for row in ws.iter_rows(min_row=3)]
        print(json.dumps({
            "title": ws.cell(1, 1).value, "header": ws.cell(2, 1).value, "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref, "orientation": ws.page_setup.orientation,
            "paper": str(ws.page_setup.paperSize), "fitWidth": ws.page_setup.fitToWidth,
            "fitHeight": ws.page_setup.fitToHeight, "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage,
            "percentFormats": coverage, "coverage": values, "rows": ws.max_row, "bold": ws.cell(1, 1).font.b,
            "names": [n for n in wb.defined_names] + [n for s in wb.worksheets for n in s.defined_names],
        }, ensure_ascii=False))
        """

    @Test func workbookHasATitleRowFilterFrozenHeaderAndPrintSetup() async throws {
        let report = try report([.segment])
        let data = try renderer(report).xlsx(created: ReachFixture.now)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).xlsx")
        try Data(data).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let output = try await PythonRunner.runJSON(script: Self.sheetScript, arguments: [url.path])
        let read = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(read["title"] as? String == "触达报表 2027-03（全辖）")
        #expect(read["header"] as? String == "客群")
        #expect(read["bold"] as? Bool == true)
        #expect(read["freeze"] as? String == "A3")
        let rows = report.rows.count + 2  // title, header, rows; the total row below stays out of the filter
        #expect(read["filter"] as? String == "A2:\(XLSXCellReference.columnName(renderer(report).grid(raw: true).headers.count - 1))\(rows)")
        #expect(read["rows"] as? Int == rows + 1)
        // Coverage cells hold person-times ÷ population exactly as one division gives it, not a rounded percentage.
        let expected = (report.rows + [report.totals]).map { $0.share?.fraction }
        let found = try #require(read["coverage"] as? [Any])
        #expect(found.count == expected.count)
        for (cell, value) in zip(found, expected) {
            if let value { #expect(cell as? Double == value) } else { #expect(cell as? String == "—") }
        }
        #expect(expected.contains { $0 != nil })
        #expect(read["orientation"] as? String == "landscape")
        #expect(read["paper"] as? String == "9")
        #expect(read["fitWidth"] as? Int == 1)
        #expect(read["fitHeight"] as? Int == 0)
        #expect(read["fitToPage"] as? Bool == true)
        #expect(read["percentFormats"] as? [String] == ["0.00%"])
    }
}
