import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OutreachApp
import OutreachCore
import OutreachFormats

/// Reach upload (`/reach/upload`): a file as `outreach reach import` takes it, imported by `ReachImport`, all or
/// nothing unless the user ticks "skip bad rows"; the bad rows downloadable (`/reach/upload/rejects/{token}`,
/// to the user who uploaded them only).
struct ReachUploadController {
    let web: WebApp

    /// Uploads are kept in a folder of their own per upload, named by a random token, with the uploader's name.
    var uploads: String { NSTemporaryDirectory() + "outreach-uploads" }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/reach/upload") { _, context -> Response in
            guard context.signedIn != nil else { return AuthController.redirect(to: "/login") }
            return page(context: context, result: "")
        }

        router.post("/reach/upload") { request, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let language = context.language
            guard ReachAccess.mayPost(signedIn.user) else {
                return ReachAccess.messagePage(
                    context, title: ReachWebMessages.uploadTitle, message: ManualReachMessages.viewerCannotPost, status: .forbidden)
            }
            let form: MultipartFormData
            do {
                form = try await ReachAccess.multipart(request, limits: ReachAccess.uploadLimits)
            } catch ReachAccess.BodyFailure.tooLarge {
                return ReachAccess.tooLargePage(context)
            } catch {
                return ReachAccess.messagePage(context, title: ReachWebMessages.uploadTitle, message: ReachWebMessages.badUpload, status: .badRequest)
            }
            guard let sent = form.field("csrf"), AuthController.same(signedIn.session.formToken, sent) else {
                return ReachAccess.messagePage(context, title: ReachWebMessages.uploadTitle, message: WebMessages.formExpired, status: .forbidden)
            }
            guard let file = form.files("file").first else {
                return page(context: context, result: error(ReachWebMessages.noFile.text(language)), status: .unprocessableContent)
            }
            // CSV, TSV or an .xlsx workbook: `ReachImport` tells them apart by content, as `outreach reach import` does.
            guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
            // The file under its own name (its last path component, made safe), in a folder of its own.
            let token = LoginSession.newToken()
            let folder = uploads + "/" + token
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(signedIn.user.name.rawValue.utf8).write(to: URL(fileURLWithPath: folder + "/.owner"))
            let path = folder + "/" + Self.safeName(file.filename ?? "")
            try Data(file.body).write(to: URL(fileURLWithPath: path))
            var importer = ReachImport(store: web.store, reference: reference, language: language)
            importer.skipInvalid = form.field("skip") == "1"
            importer.recordedBy = signedIn.user.name.rawValue
            // Branch staff: rows of other branches' events are bad rows, refused by the import itself.
            importer.limit(to: signedIn.user)
            importer.batchFiles = Self.safeName(file.filename ?? "")
            let observer = IssueCollector()
            let summary: ReachImport.Summary
            do {
                summary = try await importer.run(paths: [path], at: web.now(), observer: observer)
            } catch let failure as ReachImport.Failure {
                try? FileManager.default.removeItem(atPath: folder)
                var html = ""
                switch failure {
                case .badFile: html = issues(observer.issues, language: language)
                case .cannotRead, .encoding: html = error(ReachWebMessages.cannotRead(String(describing: failure)).text(language))
                }
                return page(context: context, result: html, status: .unprocessableContent)
            }
            var html = ""
            if summary.committed {
                let batch = summary.batch
                html += "<p class=\"note\" role=\"status\">"
                    + escape(
                        ReachWebMessages.imported(
                            batch: batch?.id ?? 0, rows: summary.rows, added: batch?.added ?? 0, replaced: batch?.replaced ?? 0,
                            unchanged: batch?.unchanged ?? 0
                        ).text(language)) + "</p>\n"
                if summary.rejected > 0 {
                    html += "<p>\(escape(ReachWebMessages.rejected(rows: summary.rejected).text(language))) "
                        + "<a href=\"/reach/upload/rejects/\(token)\" download>\(escape(ReachWebMessages.downloadRejects.text(language)))</a></p>\n"
                }
                html += issues(observer.issues, language: language)
                return page(context: context, result: html)
            }
            try? FileManager.default.removeItem(atPath: folder)
            html += error(ReachWebMessages.nothingImported(errors: summary.errors).text(language))
            html += issues(observer.issues, language: language)
            return page(context: context, result: html, status: .unprocessableContent)
        }

        router.get("/reach/upload/rejects/{token}") { _, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let token = context.parameters.get("token") ?? ""
            guard LoginSession.isWellFormedToken(token) else { throw HTTPError(.notFound) }
            let folder = uploads + "/" + token
            guard let owner = FileManager.default.contents(atPath: folder + "/.owner"),
                String(decoding: owner, as: UTF8.self) == signedIn.user.name.rawValue,
                let name = try? FileManager.default.contentsOfDirectory(atPath: folder).first(where: { $0.hasSuffix(".rejects.csv") }),
                let data = FileManager.default.contents(atPath: folder + "/" + name)
            else { throw HTTPError(.notFound) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"\(name)\"",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The last component of an uploaded file's name, with nothing that could lead elsewhere or hide.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }.map(Character.init))
        let trimmed = String(cleaned.drop { $0 == "." })
        return trimmed.isEmpty ? "upload.csv" : String(trimmed.prefix(100))
    }

    private func error(_ text: String) -> String { "<p class=\"error\" role=\"alert\">\(escape(text))</p>\n" }

    /// Issues as "Line N: message", errors first as the import found them.
    private func issues(_ issues: [InputIssue], language: Language) -> String {
        guard !issues.isEmpty else { return "" }
        var html = "<ul class=\"issues\">\n"
        for issue in issues {
            let text: String
            if let location = issue.location, location.sheet != nil {
                // A workbook's row or cell, as the command line places it: Sheet1!C7.
                let place = String(location.description.dropFirst(location.path.count + 2))
                text = ReachWebMessages.cell(place, issue.message(language)).text(language)
            } else {
                text = issue.location?.line.map { ReachWebMessages.line($0, issue.message(language)).text(language) } ?? issue.message(language)
            }
            html += "<li class=\"\(issue.severity == .error ? "issue-error" : "issue-warning")\">\(escape(text))</li>\n"
        }
        return html + "</ul>\n"
    }

    private func page(context: WebRequestContext, result: String, status: HTTPResponse.Status = .ok) -> Response {
        let language = context.language
        var body = result
        if let signedIn = context.signedIn, ReachAccess.mayPost(signedIn.user) {
            body += "<p>\(escape(ReachWebMessages.uploadHelp.text(language)))</p>\n"
            body += "<form method=\"post\" action=\"/reach/upload\" enctype=\"multipart/form-data\" class=\"reach\">\n"
            body += "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(signedIn.session.formToken))\">\n"
            body += "<label>\(escape(ReachWebMessages.file.text(language)))<input type=\"file\" name=\"file\" accept=\".csv,.tsv,.txt,text/csv\" required></label>\n"
            body += "<label class=\"check\"><input type=\"checkbox\" name=\"skip\" value=\"1\"> \(escape(ReachWebMessages.skipBadRows.text(language)))</label>\n"
            body += "<button type=\"submit\">\(escape(ReachWebMessages.importButton.text(language)))</button>\n</form>\n"
        }
        return Page(
            title: ReachWebMessages.uploadTitle.text(language), language: language, signedIn: context.signedIn, path: "/reach/upload",
            body: body
        ).response(status)
    }
}

/// Collects what an import reports; the web page shows it after the import returns.
final class IssueCollector: ReachImportObserver {
    var issues: [InputIssue] = []
    var isInterrupted: Bool { false }
    func batchOpened() async {}
    func report(_ issues: [InputIssue]) { self.issues += issues }
    func progress(bytesRead: Int, rows: Int) {}
    func finished() {}
}
