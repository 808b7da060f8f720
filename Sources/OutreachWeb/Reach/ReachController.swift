import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OutreachApp
import OutreachCore
import OutreachFormats

/// The reach form of an event's occurrence (`/reach/log`), with photo evidence and the reach logged so far, and
/// the photos themselves (`/reach/evidence/{hash}`). Logging goes through `ManualReachEntry` (as `POST /api/v1/reach`
/// does), with the checks of `outreach reach log` (`ReachRowValidator`) and their messages.
struct ReachController {
    let web: WebApp

    /// What the form holds, to fill it in again, and the errors beside its fields.
    struct FormState {
        var date = ""
        var segment = ""
        var counts: [String: String] = [:]
        var note = ""
        /// Errors by field: `date`, `segment`, `count.<metric>`, `note`, `photos`, or `form` for the whole form.
        var errors: [String: [String]] = [:]
        var correcting = false

        mutating func add(_ field: String, _ message: String) {
            if errors[field]?.contains(message) != true { errors[field, default: []].append(message) }
        }
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/reach/log") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let (stored, reference) = try await event(request, user: signedIn.user)
            let language = context.language
            guard let today = reference.today(at: web.now(), for: stored.event.branch) else {
                throw HTTPError(.internalServerError)
            }
            var state = FormState()
            let query = request.uri.queryParameters
            if let given = query.get("date") {
                state.date = given
            } else {
                let (day, nearest) = ReachLog.defaultDay(of: stored, today: today)
                guard let day else { return chooseDayPage(stored, nearest: nearest, context: context) }
                state.date = day.description
            }
            // A correction: the record's figures in the form, to change and save again.
            if let metric = query.get("metric") {
                state.correcting = true
                state.segment = query.get("segment") ?? ""
                if let key = try await web.store.eventKeys()[stored.event.id], let day = LocalDate(state.date) {
                    let codes = try await web.store.reachCodes()
                    let segmentCode: Int? = state.segment.isEmpty ? ReachCodes.noSegment : codes.segments[AudienceSegment.ID(state.segment)]
                    if let metricCode = codes.metrics[Metric.ID(metric)], let segmentCode,
                        let entry = try await web.store.reachLog(event: key).first(where: {
                            $0.key == ReachKey.pack(day: day.dayNumber, event: key, metric: metricCode, segment: segmentCode)
                        })
                    {
                        state.counts[metric] = String(entry.count)
                        state.note = entry.note ?? ""
                    }
                }
            } else if let given = query.get("date"), let day = LocalDate(given), day > today {
                state.add("date", ManualReachMessages.futureDate(given: day, today: today).text(language))
            }
            var notice: String?
            if let added = query.get("added").flatMap({ Int($0) }), let replaced = query.get("replaced").flatMap({ Int($0) }),
                let photos = query.get("photos").flatMap({ Int($0) })
            {
                notice = ReachWebMessages.saved(added: added, replaced: replaced, photos: photos).text(language)
            }
            return try await formPage(stored, reference: reference, state: state, notice: notice, context: context)
        }

        router.post("/reach/log") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let (stored, reference) = try await event(request, user: signedIn.user)
            guard ReachAccess.mayPost(signedIn.user) else {
                return ReachAccess.messagePage(
                    context, title: ReachWebMessages.logLink, message: ManualReachMessages.viewerCannotPost, status: .forbidden)
            }
            let form: MultipartFormData
            do {
                form = try await ReachAccess.multipart(request, limits: ReachAccess.formLimits)
            } catch ReachAccess.BodyFailure.tooLarge {
                return ReachAccess.tooLargePage(context)
            } catch {
                return ReachAccess.messagePage(context, title: ReachWebMessages.logLink, message: ReachWebMessages.badUpload, status: .badRequest)
            }
            guard let sent = form.field("csrf"), AuthController.same(signedIn.session.formToken, sent) else {
                return ReachAccess.messagePage(context, title: ReachWebMessages.logLink, message: WebMessages.formExpired, status: .forbidden)
            }
            return try await log(stored, reference: reference, form: form, user: signedIn.user, context: context)
        }

        router.get("/reach/evidence/{hash}") { _, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let hash = context.parameters.get("hash") ?? ""
            guard ReachEvidence.isHash(hash) else { throw HTTPError(.notFound) }
            let links = try await web.store.evidence(hash: hash)
            guard let first = links.first, let reference = try await web.referenceData() else { throw HTTPError(.notFound) }
            if signedIn.user.role == .branchStaff {
                // Seen when any event the photo is evidence of lies in the user's subtree.
                let keys = try await web.store.eventKeys()
                let ids = Dictionary(keys.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
                var allowed = false
                for key in Set(links.map(\.event)) {
                    guard let id = ids[key], let event = try await web.store.event(id) else { continue }
                    if ReachAccess.maySee(signedIn.user, branch: event.event.branch, reference: reference) {
                        allowed = true
                        break
                    }
                }
                guard allowed else { throw HTTPError(.notFound) }
            }
            guard let data = web.evidenceFolder.read(hash: hash, contentType: first.contentType) else { throw HTTPError(.notFound) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: first.contentType, .cacheControl: "private, max-age=86400",
                    HTTPField.Name.xContentTypeOptions: "nosniff",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The event of `?event=`, when the user may see it (404 otherwise, as for an event that does not exist).
    private func event(_ request: Request, user: User) async throws -> (StoredEvent, ReferenceData) {
        guard let id = request.uri.queryParameters.get("event"), !id.isEmpty,
            let reference = try await web.referenceData(),
            let stored = try await web.store.event(Event.ID(id)),
            ReachAccess.maySee(user, branch: stored.event.branch, reference: reference)
        else { throw HTTPError(.notFound) }
        return (stored, reference)
    }

    private func eventTitle(_ stored: StoredEvent, _ language: Language) -> String { stored.event.title.text(language) }

    private func chooseDayPage(_ stored: StoredEvent, nearest: [ClosedRange<LocalDate>], context: WebRequestContext) -> Response {
        let language = context.language
        var body: String
        if nearest.isEmpty {
            body = "<p class=\"note\">\(escape(ReachWebMessages.noOccurrences.text(language)))</p>\n"
        } else {
            body = "<p class=\"note\">\(escape(ReachWebMessages.chooseDay.text(language)))</p>\n<ul class=\"days\">\n"
            for range in nearest {
                let shown = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
                let href = "/reach/log?event=\(queryEscape(stored.event.id.rawValue))&date=\(range.lowerBound)"
                body += "<li><a href=\"\(escape(href))\">\(escape(shown))</a></li>\n"
            }
            body += "</ul>\n"
        }
        return Page(
            title: ReachWebMessages.logTitle(event: eventTitle(stored, language)).text(language), language: language,
            signedIn: context.signedIn, path: "/reach/log?event=\(queryEscape(stored.event.id.rawValue))", body: body
        ).response()
    }

    /// Checks the form with `ManualReachEntry` (and the photos by their content), then records it and its photos,
    /// or shows it again with the errors beside their fields.
    private func log(
        _ stored: StoredEvent, reference: ReferenceData, form: MultipartFormData, user: User, context: WebRequestContext
    ) async throws -> Response {
        let language = context.language
        let event = stored.event
        let metrics = reference.channel(event.channel)?.metrics ?? []
        var state = FormState()
        state.date = (form.field("date") ?? "").trimmingCharacters(in: .whitespaces)
        state.segment = form.field("segment") ?? ""
        state.note = form.field("note") ?? ""
        state.correcting = form.field("correcting") == "1"
        for metric in metrics { state.counts[metric.rawValue] = (form.field("count.\(metric.rawValue)") ?? "").trimmingCharacters(in: .whitespaces) }
        // Photos, by their content.
        var photos: [ReachLog.Photo] = []
        for part in form.files("photos") {
            if let header = ImageHeader(part.body) {
                photos.append(ReachLog.Photo(bytes: part.body, header: header))
            } else {
                state.add("photos", ReachWebMessages.notAnImage(part.filename ?? "").text(language))
            }
        }
        // The counts given, checked and recorded by the use case the API shares.
        let given = metrics.filter { !(state.counts[$0.rawValue] ?? "").isEmpty }
        let fields = ManualReachEntry.Fields(
            event: event.id.rawValue, date: state.date, segment: state.segment, note: state.note,
            figures: given.map { ManualReachEntry.Figure(metric: $0.rawValue, count: .typed(state.counts[$0.rawValue] ?? "")) })
        let entry = ManualReachEntry(store: web.store, reference: reference)
        let now = web.now()
        func add(_ errors: [ManualReachEntry.FieldError]) {
            for error in errors { state.add(field(of: error.field, given: given), error.message.text(language)) }
        }
        switch try await entry.check(fields, by: user, at: now) {
        case .notFound: throw HTTPError(.notFound)
        case .forbidden(let why):
            return ReachAccess.messagePage(context, title: ReachWebMessages.logLink, message: why, status: .forbidden)
        case .invalid(let errors):
            add(errors)
            return try await formPage(stored, reference: reference, state: state, notice: nil, context: context, status: .unprocessableContent)
        case .success(let checked):
            guard state.errors.isEmpty else {
                return try await formPage(stored, reference: reference, state: state, notice: nil, context: context, status: .unprocessableContent)
            }
            switch try await entry.record(checked, by: user, at: now) {
            case .notFound: throw HTTPError(.notFound)
            case .forbidden(let why):
                return ReachAccess.messagePage(context, title: ReachWebMessages.logLink, message: why, status: .forbidden)
            case .invalid(let errors):
                add(errors)
                return try await formPage(stored, reference: reference, state: state, notice: nil, context: context, status: .unprocessableContent)
            case .success(let recorded):
                return try await saved(recorded, photos: photos, reference: reference, user: user, at: now, context: context)
            }
        }
    }

    /// Links the photos to the recorded batch and goes back to the form with what was saved.
    private func saved(
        _ recorded: ManualReachEntry.Recorded, photos: [ReachLog.Photo], reference: ReferenceData, user: User, at now: Date,
        context: WebRequestContext
    ) async throws -> Response {
        let event = recorded.event.event, day = recorded.day
        let log = ReachLog(store: web.store, reference: reference)
        try await log.attach(photos, to: event.id, on: day, batch: recorded.batch, by: user.name.rawValue, at: now, folder: web.evidenceFolder)
        context.logger.info(
            "reach logged", metadata: ["event.id": .string(event.id.rawValue), "reach.batch": .stringConvertible(recorded.batch)])
        return AuthController.redirect(
            to: "/reach/log?event=\(queryEscape(event.id.rawValue))&date=\(day)&added=\(recorded.outcome.added)"
                + "&replaced=\(recorded.outcome.replaced)&photos=\(photos.count)")
    }

    /// The form field an error belongs beside: a figure's metric and count beside the metric's count, an error
    /// of the whole entry above the form.
    private func field(of field: ManualReachEntry.Field, given: [Metric.ID]) -> String {
        switch field {
        case .date: "date"
        case .segment: "segment"
        case .note: "note"
        case .metric(let index), .count(let index): index < given.count ? "count.\(given[index].rawValue)" : "form"
        case .event, .figures: "form"
        }
    }

    private func formPage(
        _ stored: StoredEvent, reference: ReferenceData, state: FormState, notice: String?, context: WebRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = context.language
        let event = stored.event
        guard let signedIn = context.signedIn else { throw HTTPError(.unauthorized) }
        func errors(_ field: String) -> String {
            (state.errors[field] ?? []).map { "<span class=\"field-error\" role=\"alert\">\(escape($0))</span>" }.joined()
        }
        var body = ""
        if let notice { body += "<p class=\"note\" role=\"status\">\(escape(notice))</p>\n" }
        if !state.errors.isEmpty { body += "<p class=\"error\" role=\"alert\">\(escape(ReachWebMessages.fixErrors.text(language)))</p>\n" }
        body += errors("form")
        let channel = reference.channel(event.channel)
        body += "<p class=\"where\">\(escape(channel?.names.text(language) ?? event.channel.rawValue)) · \(escape(event.id.rawValue))</p>\n"
        if ReachAccess.mayPost(signedIn.user) {
            if state.correcting { body += "<p class=\"note\">\(escape(ReachWebMessages.correcting.text(language)))</p>\n" }
            let action = "/reach/log?event=\(queryEscape(event.id.rawValue))"
            body += "<form method=\"post\" action=\"\(escape(action))\" enctype=\"multipart/form-data\" class=\"reach\">\n"
            body += "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(signedIn.session.formToken))\">\n"
            if state.correcting { body += "<input type=\"hidden\" name=\"correcting\" value=\"1\">\n" }
            body += "<label>\(escape(ReachWebMessages.date.text(language)))<input type=\"date\" name=\"date\" value=\"\(escape(state.date))\" required>\(errors("date"))</label>\n"
            body += "<label>\(escape(ReachWebMessages.segment.text(language)))<select name=\"segment\">"
            body += "<option value=\"\"\(state.segment.isEmpty ? " selected" : "")>\(escape(ReachWebMessages.noSegment.text(language)))</option>"
            for segment in reference.segments {
                let selected = segment.id.rawValue == state.segment ? " selected" : ""
                body += "<option value=\"\(escape(segment.id.rawValue))\"\(selected)>\(escape(segment.names.text(language)))</option>"
            }
            body += "</select>\(errors("segment"))</label>\n"
            for metric in channel?.metrics ?? [] {
                let name = reference.metric(metric)?.names.text(language) ?? metric.rawValue
                let field = "count.\(metric.rawValue)"
                body += "<label>\(escape(name))<input name=\"\(escape(field))\" inputmode=\"numeric\" pattern=\"[0-9０-９]*\" "
                    + "value=\"\(escape(state.counts[metric.rawValue] ?? ""))\">\(errors(field))</label>\n"
            }
            body += "<label>\(escape(ReachWebMessages.note.text(language)))<textarea name=\"note\" rows=\"2\">\(escape(state.note))</textarea>\(errors("note"))</label>\n"
            body += "<label>\(escape(ReachWebMessages.photos.text(language)))<input type=\"file\" name=\"photos\" accept=\"image/*\" capture=\"environment\" multiple>\(errors("photos"))</label>\n"
            body += "<button type=\"submit\">\(escape(ReachWebMessages.save.text(language)))</button>\n</form>\n"
        }
        body += try await loggedSoFar(stored, reference: reference, language: language)
        return Page(
            title: ReachWebMessages.logTitle(event: event.title.text(language)).text(language), language: language,
            signedIn: signedIn, path: "/reach/log?event=\(queryEscape(event.id.rawValue))&date=\(queryEscape(state.date))", body: body
        ).response(status)
    }

    /// The reach logged so far for the event, with who and when, a link to correct each, and its photos.
    private func loggedSoFar(_ stored: StoredEvent, reference: ReferenceData, language: Language) async throws -> String {
        let event = stored.event
        var html = "<h2>\(escape(ReachWebMessages.loggedSoFar.text(language)))</h2>\n"
        guard let key = try await web.store.eventKeys()[event.id] else { return html }
        let entries = try await web.store.reachLog(event: key)
        let codes = try await web.store.reachCodes()
        let metrics = Dictionary(codes.metrics.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let segments = Dictionary(codes.segments.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        if entries.isEmpty {
            html += "<p class=\"note\">\(escape(ReachWebMessages.nothingLogged.text(language)))</p>\n"
        } else {
            html += "<div class=\"scroll\"><table class=\"reach-log\">\n<tr>"
            html += ReachWebMessages.logColumns.map { "<th>\(escape($0.text(language)))</th>" }.joined() + "</tr>\n"
            for entry in entries {
                let day = LocalDate(dayNumber: entry.day)
                let metric = metrics[entry.metric]
                let segment = entry.segment == ReachCodes.noSegment ? nil : segments[entry.segment]
                let metricName = metric.map { reference.metric($0)?.names.text(language) ?? $0.rawValue } ?? "?"
                let segmentName = segment.map { reference.segment($0)?.names.text(language) ?? $0.rawValue } ?? ""
                var href = "/reach/log?event=\(queryEscape(event.id.rawValue))&date=\(day)&metric=\(queryEscape(metric?.rawValue ?? ""))"
                if let segment { href += "&segment=\(queryEscape(segment.rawValue))" }
                html += "<tr><td>\(day)</td><td>\(escape(metricName))</td><td>\(escape(segmentName))</td><td class=\"num\">\(entry.count)</td>"
                html += "<td>\(escape(entry.note ?? ""))</td><td>\(escape(entry.recordedBy ?? ""))</td>"
                html += "<td>\(escape(ReachAccess.localTime(entry.recordedAt, branch: event.branch, reference: reference)))</td>"
                html += "<td><a href=\"\(escape(href))\">\(escape(ReachWebMessages.correct.text(language)))</a></td></tr>\n"
            }
            html += "</table></div>\n"
        }
        html += "<h2>\(escape(ReachWebMessages.evidence.text(language)))</h2>\n"
        let photos = try await web.store.evidence(event: key)
        if photos.isEmpty {
            html += "<p class=\"note\">\(escape(ReachWebMessages.noEvidence.text(language)))</p>\n"
        } else {
            html += "<ul class=\"photos\">\n"
            for photo in photos {
                html += "<li><a href=\"/reach/evidence/\(photo.hash)\"><img class=\"thumb\" src=\"/reach/evidence/\(photo.hash)\" "
                    + "width=\"\(photo.width)\" height=\"\(photo.height)\" alt=\"\(photo.date)\" loading=\"lazy\"></a>"
                    + "<span>\(photo.date) · \(escape(photo.addedBy ?? ""))</span></li>\n"
            }
            html += "</ul>\n"
        }
        return html
    }
}
