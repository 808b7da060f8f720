import Foundation
import HTTPTypes
import Hummingbird
import OutreachApp
import OutreachCore
import OutreachFormats

/// The reports pages: `/reports` (period, grouping and filters; the table and chart of `outreach report totals`,
/// through `ReachReports` and its renderer; CSV with a byte-order mark, xlsx and PDF of the same question),
/// `/reports/bulletin` (the monthly bulletin of `outreach report bulletin`, prepared by one user and published
/// by another through `BulletinFourEyes`) and `/reports/scorecard` (`outreach report scorecard` as a table).
/// Branch staff see their branch subtree only (another branch is "no such page"); viewers read.
struct ReportsController {
    let web: WebApp
    /// Prints PDFs (headless Chromium); without a browser the PDF links answer with a page saying so.
    var printer = PDFPrinter(environment: ProcessInfo.processInfo.environment)

    struct BulletinForm: Decodable {
        var csrf: String?
        var month: String?
        var branch: String?
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/assets/reports.css") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: ReportsStyle.css)))
        }
        router.get("/reports") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            return try await reportPage(request, context: context, user: signedIn.user)
        }
        router.get("/reports/download") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            return try await download(request, context: context, user: signedIn.user)
        }
        router.get("/reports/scorecard") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            return try await scorecardPage(request, context: context, user: signedIn.user)
        }
        router.get("/reports/bulletin") { request, context -> Response in
            guard context.signedIn != nil else { return AuthController.redirect(to: "/login") }
            let (month, branch) = bulletinQuery(request.uri.queryParameters)
            return try await bulletinPage(month: month, branch: branch, context: context)
        }
        router.get("/reports/bulletin/file") { request, context -> Response in
            guard context.signedIn != nil else { return AuthController.redirect(to: "/login") }
            let (month, branch) = bulletinQuery(request.uri.queryParameters)
            return try await bulletinFile(month: month, branch: branch, pdf: request.uri.queryParameters.get("format") == "pdf", context: context)
        }
        router.post("/reports/bulletin/prepare") { request, context -> Response in
            try await bulletinStep(request, context: context, publish: false)
        }
        router.post("/reports/bulletin/publish") { request, context -> Response in
            try await bulletinStep(request, context: context, publish: true)
        }
    }

    // MARK: Reports

    private func parameters(_ request: Request) -> [(String, String)] {
        request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    /// A report's question as checked and as asked (the form shows it as typed).
    struct ReportKey: Hashable, Sendable {
        var request: ReportRequest
        var query: ReportQuery
    }

    private struct Loaded {
        var reference: ReferenceData
        var today: LocalDate
        var campaigns: [StoredCampaign]
        var query: ReportQuery
        var request: Result<ReportRequest, ReportQuery.Problem>
    }

    /// The question asked, checked for the user: a branch they may not see is "no such page".
    private func load(_ request: Request, context: WebRequestContext, user: User) async throws -> Loaded {
        guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
        let today = reference.today(at: web.now(), for: user.branch) ?? LocalDate(dayNumber: 0)
        let store = web.store
        let campaigns = try await web.cached(CacheKey("campaigns", "")) { try await store.campaigns() }
        let query = ReportQuery(parameters: parameters(request))
        let language = context.language
        let checked: Result<ReportRequest, ReportQuery.Problem>
        do {
            checked = .success(
                try query.request(
                    for: user, today: today, reference: reference, campaigns: campaigns.map(\.campaign.id), language: language,
                    label: { ReportsWebMessages.field($0).text(language) }))
        } catch .notVisible {
            throw HTTPError(.notFound)
        } catch {
            checked = .failure(error)
        }
        return Loaded(reference: reference, today: today, campaigns: campaigns, query: query, request: checked)
    }

    private func reportPage(_ request: Request, context: WebRequestContext, user: User) async throws -> Response {
        let language = context.language
        let loaded = try await load(request, context: context, user: user)
        let reference = loaded.reference
        let path = "/reports?" + Self.queryString(loaded.query.parameters)
        var body = Self.subnav(language)
        switch loaded.request {
        case .failure(.fields(let problems)):
            body += "<p class=\"error\" role=\"alert\">\(escape(ReportsWebMessages.fixFields.text(language)))</p>\n"
            body += reportForm(loaded.query, problems: problems, user: user, loaded: loaded, language: language)
            return page(ReportsWebMessages.reportsTitle, language: language, context: context, path: path, body: body)
                .response(.unprocessableContent)
        case .failure(.notVisible):
            throw HTTPError(.notFound)
        case .success(let reportRequest):
            // The form, figures, chart and links hold nothing of the session: computed once per change of the store
            // for this question, language and reach of the user, and shared by every request that asks it.
            let (store, campaigns, today, parameters) = (web.store, loaded.campaigns, loaded.today, loaded.query.parameters)
            let key = CacheKey("report", ReportKey(request: reportRequest, query: loaded.query), language: language, user: user)
            let form: @Sendable () -> String = { reportForm(loaded.query, problems: [:], user: user, loaded: loaded, language: language) }
            do {
                body += try await web.cached(key) {
                    var html = form()
                    let result = try await ReachReports(store: store, reference: reference).report(reportRequest, campaigns: campaigns)
                    let renderer = result.renderer(reference: reference, language: language)
                    html += "<h2>\(escape(renderer.title))</h2>\n"
                    // A month whose bulletin is published: when, by whom, whether the figures changed since.
                    if reportRequest.period.kind == .month,
                        let scope = reportRequest.scope ?? reference.branches.first(where: { $0.parent == nil })?.id,
                        let status = try? await Scorecards(store: store, reference: reference, today: today)
                            .publishedStatus(month: ReachCubeMonth.index(of: reportRequest.period.start), scope: scope)
                    {
                        html += "<p class=\"note\">\(escape(status.message(language)))</p>\n"
                    }
                    let download = "/reports/download?" + Self.queryString(parameters)
                    html += "<p class=\"downloads\">\(escape(ReportsWebMessages.downloads.text(language))): "
                    html += ["csv": "CSV", "xlsx": "xlsx", "pdf": "PDF"].sorted { $0.key < $1.key }.map { format, label in
                        "<a href=\"\(escape(download + "&format=" + format))\" download>\(label)</a>"
                    }.joined(separator: " · ") + "</p>\n"
                    return html + "<div class=\"report scroll\">\n\(renderer.fragment())</div>\n"
                }
            } catch ReachReportBuilder.Failure.overflow {
                body += form()
                body += "<p class=\"error\" role=\"alert\">\(escape(ReachSums.Overflow().message(language)))</p>\n"
                return page(ReportsWebMessages.reportsTitle, language: language, context: context, path: path, body: body)
                    .response(.unprocessableContent)
            } catch is ReachReportBuilder.Failure {
                body += form()
                body += "<p class=\"error\" role=\"alert\">\(escape(ReportQueryMessages.byOneTimeDimension.text(language)))</p>\n"
                return page(ReportsWebMessages.reportsTitle, language: language, context: context, path: path, body: body)
                    .response(.unprocessableContent)
            }
            return page(ReportsWebMessages.reportsTitle, language: language, context: context, path: path, body: body).response()
        }
    }

    private func download(_ request: Request, context: WebRequestContext, user: User) async throws -> Response {
        let language = context.language
        let loaded = try await load(request, context: context, user: user)
        guard case .success(let reportRequest) = loaded.request else {
            // A question with errors: the page says which.
            return try await reportPage(request, context: context, user: user)
        }
        let result: ReachReports.Result
        do {
            result = try await ReachReports(store: web.store, reference: loaded.reference).report(reportRequest, campaigns: loaded.campaigns)
        } catch is ReachReportBuilder.Failure {
            return try await reportPage(request, context: context, user: user)
        }
        let renderer = result.renderer(reference: loaded.reference, language: language)
        let name = "outreach-report-\(reportRequest.period)"
        switch request.uri.queryParameters.get("format") {
        case "csv":
            return Self.file(Array(renderer.csv(byteOrderMark: true).utf8), type: "text/csv; charset=utf-8", name: name + ".csv")
        case "xlsx":
            return Self.file(
                try renderer.xlsx(created: web.now()), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                name: name + ".xlsx")
        case "pdf":
            return pdf(renderer.html(), name: name + ".pdf", context: context, back: "/reports?" + Self.queryString(loaded.query.parameters))
        default:
            throw HTTPError(.notFound)
        }
    }

    /// The PDF of an HTML document, or a page saying why none could be made (no browser: 503).
    private func pdf(_ html: String, name: String, context: WebRequestContext, back: String) -> Response {
        let language = context.language
        let problem: String
        let status: HTTPResponse.Status
        do throws(PDFPrinter.Failure) {
            return Self.file(try printer.pdf(html: html), type: "application/pdf", name: name)
        } catch {
            switch error {
            case .noBrowser: (problem, status) = (ReportsWebMessages.chromiumMissing.text(language), .serviceUnavailable)
            case .failed(let code, _):
                (problem, status) = (ReportsWebMessages.chromiumFailed(status: code).text(language), .internalServerError)
            }
        }
        let body = "<p class=\"error\" role=\"alert\">\(escape(problem))</p>\n"
            + "<p><a href=\"\(escape(back))\">\(escape(ReportsWebMessages.backToReport.text(language)))</a></p>\n"
        return page(ReportsWebMessages.pdfTitle, language: language, context: context, path: back, body: body).response(status)
    }

    static func file(_ bytes: [UInt8], type: String, name: String) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        // The name is ASCII (a period like 2026-12 or 2026-Q4), so it needs no encoding.
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func queryString(_ parameters: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return parameters.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func subnav(_ language: Language) -> String {
        "<nav class=\"views\"><a href=\"/reports\">\(escape(ReportsWebMessages.reportsTitle.text(language)))</a>"
            + "<a href=\"/reports/bulletin\">\(escape(ReportsWebMessages.bulletinLink.text(language)))</a>"
            + "<a href=\"/reports/scorecard\">\(escape(ReportsWebMessages.scorecardLink.text(language)))</a></nav>\n"
    }

    private func page(_ title: Message, language: Language, context: WebRequestContext, path: String, body: String) -> Page {
        Page(title: title.text(language), language: language, signedIn: context.signedIn, path: path, body: ReportsStyle.tag + body)
    }

    private func option(_ value: String, _ label: String, selected: Bool) -> String {
        "<option value=\"\(escape(value))\"\(selected ? " selected" : "")>\(escape(label))</option>"
    }

    /// A labelled field with its error under it.
    private func field(_ field: ReportQuery.Field, _ control: String, problems: [ReportQuery.Field: String], language: Language) -> String {
        var html = "<label>\(escape(ReportsWebMessages.field(field).text(language)))\(control)"
        if let problem = problems[field] {
            html += "<span class=\"field-error\" id=\"\(field.rawValue)-error\" role=\"alert\">\(escape(problem))</span>"
        }
        return html + "</label>"
    }

    private func input(_ name: ReportQuery.Field, _ value: String, placeholder: String, problems: [ReportQuery.Field: String]) -> String {
        let described = problems[name] == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(name.rawValue)-error\""
        return "<input name=\"\(name.rawValue)\" value=\"\(escape(value))\" placeholder=\"\(escape(placeholder))\" maxlength=\"40\"\(described)>"
    }

    /// The branches the user may see, indented by level; "all" first for those who see every branch.
    private func branchSelect(_ selected: String, user: User, reference: ReferenceData, language: Language, allowAll: Bool) -> String {
        var html = "<select name=\"branch\">"
        if allowAll, user.role != .branchStaff { html += option("", PagesMessages.allOption.text(language), selected: selected.isEmpty) }
        for branch in reference.branches where user.maySee(branch.id, reference: reference) {
            let depth = max(0, reference.lineage(of: branch.id).count - 1)
            html += option(
                branch.id.rawValue, String(repeating: "　", count: depth) + branch.names.text(language),
                selected: selected == branch.id.rawValue || (selected.isEmpty && !allowAll && branch.parent == nil))
        }
        return html + "</select>"
    }

    private func periodFields(_ query: ReportQuery, problems: [ReportQuery.Field: String], language: Language) -> String {
        var kinds = "<select name=\"period\">"
        for kind in ReportQuery.PeriodKind.allCases {
            kinds += option(kind.rawValue, ReportsWebMessages.periodKindOption(kind).text(language), selected: query.period == kind)
        }
        kinds += "</select>"
        var html = field(.period, kinds, problems: problems, language: language)
        html += field(.month, input(.month, query.month, placeholder: "2027-03", problems: problems), problems: problems, language: language)
        html += field(.quarter, input(.quarter, query.quarter, placeholder: "2027-Q1", problems: problems), problems: problems, language: language)
        html += field(.year, input(.year, query.year, placeholder: "2027", problems: problems), problems: problems, language: language)
        html += field(.from, input(.from, query.from, placeholder: "2027-03-01", problems: problems), problems: problems, language: language)
        html += field(.to, input(.to, query.to, placeholder: "2027-03-31", problems: problems), problems: problems, language: language)
        return html
    }

    private func reportForm(
        _ query: ReportQuery, problems: [ReportQuery.Field: String], user: User, loaded: Loaded, language: Language
    ) -> String {
        let reference = loaded.reference
        var html = "<form method=\"get\" action=\"/reports\" class=\"filters report-form\">"
        html += periodFields(query, problems: problems, language: language)
        for (index, name) in ["by", "then"].enumerated() {
            let chosen = index < query.by.count ? query.by[index] : ""
            var select = "<select name=\"\(name)\">" + option("", ReportsWebMessages.noGrouping.text(language), selected: chosen.isEmpty)
            for dimension in ReportDimension.allCases {
                select += option(dimension.rawValue, dimension.header(language), selected: chosen == dimension.rawValue)
            }
            // A grouping typed into the address that is not one of these is kept, so its error shows what was sent.
            if !chosen.isEmpty, ReportDimension(rawValue: chosen) == nil { select += option(chosen, chosen, selected: true) }
            select += "</select>"
            if index == 0 {
                html += field(.by, select, problems: problems, language: language)
            } else {
                html += "<label>\(escape(ReportsWebMessages.thenBy.text(language)))\(select)</label>"
            }
        }
        var levels = "<select name=\"level\">" + option("", ReportsWebMessages.defaultLevel.text(language), selected: query.level.isEmpty)
        for level in Branch.Level.allCases { levels += option(level.rawValue, level.rawValue, selected: query.level == level.rawValue) }
        html += field(.level, levels + "</select>", problems: problems, language: language)
        html += field(.branch, branchSelect(query.branch, user: user, reference: reference, language: language, allowAll: true), problems: problems, language: language)
        var campaigns = "<select name=\"campaign\">" + option("", PagesMessages.allOption.text(language), selected: query.campaign.isEmpty)
        for stored in loaded.campaigns where user.maySee(stored.campaign, reference: reference) {
            campaigns += option(stored.campaign.id.rawValue, stored.campaign.title.text(language), selected: query.campaign == stored.campaign.id.rawValue)
        }
        html += field(.campaign, campaigns + "</select>", problems: problems, language: language)
        var channels = "<select name=\"channel\">" + option("", PagesMessages.allOption.text(language), selected: query.channel.isEmpty)
        for channel in reference.channels {
            channels += option(channel.id.rawValue, channel.names.text(language), selected: query.channel == channel.id.rawValue)
        }
        html += field(.channel, channels + "</select>", problems: problems, language: language)
        var segments = "<select name=\"segment\">" + option("", PagesMessages.allOption.text(language), selected: query.segment.isEmpty)
        for segment in reference.segments {
            segments += option(segment.id.rawValue, segment.names.text(language), selected: query.segment == segment.id.rawValue)
        }
        html += field(.segment, segments + "</select>", problems: problems, language: language)
        html += "<button type=\"submit\">\(escape(ReportsWebMessages.showButton.text(language)))</button></form>\n"
        return html
    }

    // MARK: Scorecard

    private func scorecardPage(_ request: Request, context: WebRequestContext, user: User) async throws -> Response {
        let language = context.language
        let loaded = try await load(request, context: context, user: user)
        let path = "/reports/scorecard?" + Self.queryString(loaded.query.parameters)
        var body = Self.subnav(language)
        var form = "<form method=\"get\" action=\"/reports/scorecard\" class=\"filters report-form\">"
        let problems: [ReportQuery.Field: String]
        if case .failure(.fields(let found)) = loaded.request { problems = found } else { problems = [:] }
        form += periodFields(loaded.query, problems: problems, language: language)
        form += field(
            .branch, branchSelect(loaded.query.branch, user: user, reference: loaded.reference, language: language, allowAll: true),
            problems: problems, language: language)
        form += "<button type=\"submit\">\(escape(ReportsWebMessages.showButton.text(language)))</button></form>\n"
        guard case .success(let reportRequest) = loaded.request else {
            body += "<p class=\"error\" role=\"alert\">\(escape(ReportsWebMessages.fixFields.text(language)))</p>\n" + form
            return page(ReportsWebMessages.scorecardTitle, language: language, context: context, path: path, body: body)
                .response(.unprocessableContent)
        }
        body += form
        let scorecard: Scorecard
        do {
            scorecard = try await Scorecards(store: web.store, reference: loaded.reference, today: loaded.today)
                .scorecard(period: reportRequest.period, scope: reportRequest.scope)
        } catch let overflow as ReachSums.Overflow {
            body += "<p class=\"error\" role=\"alert\">\(escape(overflow.message(language)))</p>\n"
            return page(ReportsWebMessages.scorecardTitle, language: language, context: context, path: path, body: body)
                .response(.unprocessableContent)
        }
        let renderer = ScorecardRenderer(scorecard: scorecard, reference: loaded.reference, language: language)
        body += "<h2>\(escape(renderer.title))</h2>\n"
        body += "<div class=\"scroll\"><table class=\"list scorecard\"><thead><tr>"
        for (index, header) in renderer.headers.enumerated() {
            body += "<th\((2...6).contains(index) ? " class=\"n\"" : "")>\(escape(header))</th>"
        }
        body += "</tr></thead><tbody>\n"
        for (line, cells) in zip(scorecard.lines, renderer.rows()) {
            body += "<tr class=\"\(line.status.rawValue)\">"
            for (index, cell) in cells.enumerated() { body += "<td\((2...6).contains(index) ? " class=\"n\"" : "")>\(escape(cell))</td>" }
            body += "</tr>\n"
        }
        body += "</tbody></table></div>\n<p class=\"note\">\(escape(renderer.footnote))</p>\n"
        return page(ReportsWebMessages.scorecardTitle, language: language, context: context, path: path, body: body).response()
    }

    // MARK: Bulletin

    private func bulletinQuery(_ parameters: some Sequence<(key: Substring, value: Substring)>) -> (String, String) {
        var month = "", branch = ""
        for (key, value) in parameters {
            if key == "month" { month = String(value).trimmingCharacters(in: .whitespaces) }
            if key == "branch" { branch = String(value).trimmingCharacters(in: .whitespaces) }
        }
        return (month, branch)
    }

    /// The month (`yyyy-mm`, this month when none is given) and branch (the city, or the user's own branch)
    /// of a bulletin; nil with the month's error; "no such page" for a branch the user may not see.
    private func bulletinTarget(month: String, branch: String, user: User, reference: ReferenceData, language: Language) throws
        -> (month: String, period: ReportPeriod, branch: Branch.ID, error: String?)
    {
        let scope: Branch.ID
        if branch.isEmpty {
            guard let own = user.role == .branchStaff ? user.branch : reference.branches.first(where: { $0.parent == nil })?.id else {
                throw HTTPError(.serviceUnavailable)
            }
            scope = own
        } else {
            guard PagesSupport.pathID(branch) != nil, reference.branch(Branch.ID(branch)) != nil,
                user.maySee(Branch.ID(branch), reference: reference)
            else { throw HTTPError(.notFound) }
            scope = Branch.ID(branch)
        }
        let today = reference.today(at: web.now(), for: scope) ?? LocalDate(dayNumber: 0)
        let thisMonth = String(today.description.prefix(7))
        let given = month.isEmpty ? thisMonth : month
        if let canonical = DateText.month(given), let period = ReportPeriod(canonical), period.kind == .month {
            return (canonical, period, scope, nil)
        }
        let label = ReportsWebMessages.field(.month).text(language)
        let error = ReportQueryMessages.invalidValue(value: given, flag: label, example: "2027-03").text(language)
        return (thisMonth, ReportPeriod(thisMonth)!, scope, error)
    }

    private func renderBulletin(
        month: String, period: ReportPeriod, branch: Branch.ID, reference: ReferenceData, language: Language
    ) async throws -> (BulletinRenderer, BulletinFourEyes.State, Bulletin) {
        let today = reference.today(at: web.now(), for: branch) ?? LocalDate(dayNumber: 0)
        let bulletin = try await Scorecards(store: web.store, reference: reference, today: today)
            .bulletin(month: ReachCubeMonth.index(of: period.start), scope: branch)
        let state = try await BulletinFourEyes(store: web.store, reference: reference, notify: web.notify).state(month: month, branch: branch)
        let renderer = BulletinRenderer(
            bulletin: bulletin, reference: reference, language: language, signature: state.signature(printedOn: today))
        return (renderer, state, bulletin)
    }

    private func bulletinPage(
        month: String, branch: String, context: WebRequestContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
        let user = signedIn.user
        let language = context.language
        guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
        let target = try bulletinTarget(month: month, branch: branch, user: user, reference: reference, language: language)
        let query = Self.queryString([("month", target.month), ("branch", target.branch.rawValue)])
        let path = "/reports/bulletin?" + query
        var body = Self.subnav(language)
        if let notice { body += "<p class=\"note\" role=\"status\">\(escape(notice))</p>\n" }
        if let problem { body += "<p class=\"error\" role=\"alert\">\(escape(problem))</p>\n" }
        body += "<form method=\"get\" action=\"/reports/bulletin\" class=\"filters report-form\">"
        var monthControl = "<input name=\"month\" value=\"\(escape(target.error == nil ? target.month : month))\" placeholder=\"2027-03\" maxlength=\"20\""
        monthControl += target.error == nil ? ">" : " aria-invalid=\"true\" aria-describedby=\"month-error\">"
        body += field(.month, monthControl, problems: target.error.map { [.month: $0] } ?? [:], language: language)
        body += field(.branch, branchSelect(target.branch.rawValue, user: user, reference: reference, language: language, allowAll: false), problems: [:], language: language)
        body += "<button type=\"submit\">\(escape(ReportsWebMessages.showButton.text(language)))</button></form>\n"
        if target.error != nil {
            return page(ReportsWebMessages.bulletinTitle, language: language, context: context, path: path, body: body)
                .response(.unprocessableContent)
        }
        let (renderer, state, bulletin) = try await renderBulletin(
            month: target.month, period: target.period, branch: target.branch, reference: reference, language: language)
        body += "<h2>\(escape(ReportsWebMessages.fourEyesHeading.text(language)))</h2>\n"
        let zone = reference.timeZone(of: target.branch)
        if let preparation = state.preparation, let approver = preparation.approvedBy, state.published != nil {
            let time = PagesSupport.localTime(preparation.approvedAt ?? Date(timeIntervalSince1970: 0), zone: zone)
            body += "<p class=\"note four-eyes\">\(escape(ReportsWebMessages.publishedSigned(by: approver.displayName, at: time, preparer: preparation.preparedBy.displayName).text(language)))</p>\n"
        } else if let published = state.published {
            body += "<p class=\"note four-eyes\">\(escape(PublishedBulletinStatus(published, current: bulletin.figures).message(language)))</p>\n"
        } else if let preparation = state.preparation {
            let time = PagesSupport.localTime(preparation.preparedAt, zone: zone)
            body += "<p class=\"note four-eyes\">\(escape(ReportsWebMessages.preparedAwaiting(by: preparation.preparedBy.displayName, at: time).text(language)))</p>\n"
        } else {
            body += "<p class=\"note four-eyes\">\(escape(ReportsWebMessages.notPreparedYet.text(language)))</p>\n"
        }
        if let published = state.published, state.preparation?.approvedBy != nil {
            let status = PublishedBulletinStatus(published, current: bulletin.figures)
            if status.figuresDiffer { body += "<p class=\"note\">\(escape(status.message(language)))</p>\n" }
        }
        if state.published == nil {
            let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(signedIn.session.formToken))\">"
                + "<input type=\"hidden\" name=\"month\" value=\"\(escape(target.month))\">"
                + "<input type=\"hidden\" name=\"branch\" value=\"\(escape(target.branch.rawValue))\">"
            if BulletinFourEyes.mayPrepare(user) {
                let label = state.preparation == nil ? ReportsWebMessages.prepareButton : ReportsWebMessages.prepareAgainButton
                body += "<form method=\"post\" action=\"/reports/bulletin/prepare\" class=\"status\">\(hidden)"
                    + "<button type=\"submit\" name=\"prepare\">\(escape(label.text(language)))</button></form>\n"
            }
            if BulletinFourEyes.mayPublish(user), let preparation = state.preparation {
                if preparation.preparedBy.name == user.name.rawValue {
                    // The four-eyes rule, said before anyone tries.
                    body += "<p class=\"error own-preparation\">\(escape(BulletinFourEyes.Refusal.ownPreparation(month: target.month).message(language)))</p>\n"
                } else {
                    body += "<form method=\"post\" action=\"/reports/bulletin/publish\" class=\"status\">\(hidden)"
                        + "<button type=\"submit\" name=\"publish\">\(escape(ReportsWebMessages.publishButton.text(language)))</button></form>\n"
                }
            }
        }
        body += "<p class=\"downloads\"><a href=\"/reports/bulletin/file?\(escape(query))\" download>\(escape(ReportsWebMessages.standalone.text(language)))</a>"
            + " · <a href=\"/reports/bulletin/file?\(escape(query))&amp;format=pdf\" download>PDF</a></p>\n"
        body += "<article class=\"bulletin scroll\">\n\(renderer.htmlBody())</article>\n"
        body += "<h2>\(escape(ReportsWebMessages.auditHeading.text(language)))</h2>\n"
        body += auditTable(state.audit, zone: zone, language: language)
        return page(ReportsWebMessages.bulletinTitle, language: language, context: context, path: path, body: body).response(status)
    }

    private func auditTable(_ entries: [BulletinAuditEntry], zone: String, language: Language) -> String {
        guard !entries.isEmpty else { return "<p class=\"note\">\(escape(ReportsWebMessages.noAudit.text(language)))</p>\n" }
        var html = "<table class=\"audit\"><thead><tr>"
        html += ReportsWebMessages.auditHeaders.map { "<th>\(escape($0.text(language)))</th>" }.joined() + "</tr></thead><tbody>\n"
        for entry in entries.reversed() {
            let actor = entry.actor
            let who = actor.displayName == actor.name ? actor.name : "\(actor.displayName) (\(actor.name))"
            html += "<tr><td>\(escape(PagesSupport.localTime(entry.at, zone: zone)))</td><td>\(escape(who))</td>"
                + "<td>\(escape(actor.source.text(language)))</td>"
                + "<td>\(escape(ReportsWebMessages.auditAction(entry.action).text(language)))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// The bulletin on its own, as a download: the same HTML as `outreach report bulletin` writes, or its PDF.
    private func bulletinFile(month: String, branch: String, pdf: Bool, context: WebRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
        let language = context.language
        guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
        let target = try bulletinTarget(month: month, branch: branch, user: signedIn.user, reference: reference, language: language)
        guard target.error == nil else {
            return try await bulletinPage(month: month, branch: branch, context: context, status: .unprocessableContent)
        }
        let (renderer, _, _) = try await renderBulletin(
            month: target.month, period: target.period, branch: target.branch, reference: reference, language: language)
        let html = renderer.html()
        let query = Self.queryString([("month", target.month), ("branch", target.branch.rawValue)])
        if pdf {
            return self.pdf(html, name: "\(target.month)-\(target.branch.rawValue).pdf", context: context, back: "/reports/bulletin?" + query)
        }
        // A download: opened from the disk, its own style applies (this site's pages allow no inline style).
        return Self.file(Array(html.utf8), type: "text/html; charset=utf-8", name: "\(target.month)-\(target.branch.rawValue).html")
    }

    /// Prepare or publish, as a POST with the session's form token; the page comes back with what happened.
    private func bulletinStep(_ request: Request, context: WebRequestContext, publish: Bool) async throws -> Response {
        guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
        let language = context.language
        let form = try await AuthController.form(BulletinForm.self, from: request, context: context)
        let month = form.month ?? "", branch = form.branch ?? ""
        guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
        // Another branch: no such page, before anything else is said.
        let target = try bulletinTarget(month: month, branch: branch, user: signedIn.user, reference: reference, language: language)
        guard let sent = form.csrf, AuthController.same(signedIn.session.formToken, sent) else {
            return try await bulletinPage(
                month: month, branch: branch, context: context, problem: WebMessages.formExpired.text(language), status: .forbidden)
        }
        if let error = target.error {
            return try await bulletinPage(month: month, branch: branch, context: context, problem: error, status: .unprocessableContent)
        }
        let fourEyes = BulletinFourEyes(store: web.store, reference: reference, notify: web.notify)
        do {
            if publish {
                let (_, _, bulletin) = try await renderBulletin(
                    month: target.month, period: target.period, branch: target.branch, reference: reference, language: language)
                let link = "/reports/bulletin?" + Self.queryString([("month", target.month), ("branch", target.branch.rawValue)])
                let (_, notices) = try await fourEyes.publish(
                    bulletin, month: target.month, period: target.period, branch: target.branch, link: link, language: language,
                    by: signedIn.user, at: web.now())
                return try await bulletinPage(
                    month: target.month, branch: target.branch.rawValue, context: context,
                    notice: ReportsWebMessages.publishedNow(notices: notices).text(language))
            } else {
                try await fourEyes.prepare(month: target.month, branch: target.branch, by: signedIn.user, at: web.now())
                return try await bulletinPage(
                    month: target.month, branch: target.branch.rawValue, context: context,
                    notice: ReportsWebMessages.prepared.text(language))
            }
        } catch let refusal as BulletinFourEyes.Refusal {
            let status: HTTPResponse.Status
            switch refusal {
            case .mayNotPrepare, .mayNotPublish, .ownPreparation: status = .forbidden
            case .notPrepared, .alreadyPublished: status = .conflict
            }
            return try await bulletinPage(
                month: target.month, branch: target.branch.rawValue, context: context, problem: refusal.message(language), status: status)
        }
    }
}

/// The style of the reports pages (the charts' colours, number columns, the bulletin's figures and signature
/// block), served by the app itself at `/assets/reports.css`: nothing is loaded from elsewhere.
enum ReportsStyle {
    static let css = """
        .report table,.bulletin table,table.scorecard{border-collapse:collapse;background:#fff;font-size:.9rem;margin:.5rem 0}
        .report th,.report td,.bulletin th,.bulletin td{border:1px solid #dde2ea;padding:.3rem .5rem;text-align:left}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        tr.total td{font-weight:700;background:#f3f5f8}
        .bar{fill:#2f6db5}.bar2{fill:#c0392b}.axis{stroke:#999;stroke-width:1}
        svg text{font-size:12px;fill:#333}
        .report svg,.bulletin svg{max-width:100%;height:auto;display:block;margin:.5rem 0}
        .bulletin{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:.75rem;margin:1rem 0}
        .bulletin h1{font-size:1.2rem}
        .figures{display:flex;gap:1rem 2rem;flex-wrap:wrap}.figure{font-size:1.4rem;font-weight:700}
        .up{color:#1e8449}.down{color:#c0392b}
        .signature{display:flex;flex-wrap:wrap;gap:1em 3em;margin-top:1.5em;font-weight:600}
        tr.off-track td,tr.missed td{background:#fdecea}
        form.report-form label{min-width:8rem;flex:1 1 8rem}
        """
    /// The link to it, in the body of each reports page (the pages' policy allows style sheets of this site only).
    static let tag = "<link rel=\"stylesheet\" href=\"/assets/reports.css\">\n"
}
