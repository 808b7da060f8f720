import Foundation
import HTTPTypes
import Hummingbird
import OutreachApp
import OutreachCore
import OutreachFormats

/// Reach batches over the API: `GET /api/v1/reach/batches` (admins, planners, approvers and viewers see every
/// batch, branch staff the ones they recorded), `POST /api/v1/reach/batches` (a CSV, TSV or .xlsx file as the
/// body, imported by `ReachImport` as `outreach reach import` and the upload page do: all or nothing, branch staff
/// limited to their subtree) and `POST /api/v1/reach/batches/{id}/undo` (`ReachLog.undo`; branch staff only
/// their own batches, anything else is 404).
struct APIReachBatches {
    let web: WebApp

    /// A file of at most 20 MB.
    static let maximumBytes = 20 * 1024 * 1024

    static func json(_ batch: ReachBatch) -> JSONValue {
        .object([
            ("id", .int(batch.id)), ("source", .string(batch.source.rawValue)), ("file", .optional(batch.file)),
            ("recordedBy", .optional(batch.recordedBy)), ("recordedAt", .string(APIDates.iso(batch.recordedAt))),
            ("added", .int(batch.added)), ("replaced", .int(batch.replaced)), ("unchanged", .int(batch.unchanged)),
            ("undoneAt", batch.undoneAt.map { .string(APIDates.iso($0)) } ?? .null),
        ])
    }

    /// The batches the user may see, newest first.
    private func visible(to user: User) async throws -> [ReachBatch] {
        let batches = try await web.store.reachBatches().sorted { $0.id > $1.id }
        guard user.role == .branchStaff else { return batches }
        return batches.filter { $0.recordedBy == user.name.rawValue }
    }

    func list(_ request: Request, _ context: WebRequestContext, _ user: User, _ reference: ReferenceData) async throws -> APIResponse {
        .json(.object([("items", .array(try await visible(to: user).map(Self.json)))]))
    }

    func upload(_ body: [UInt8], name: String?, user: User, language: Language) async throws -> APIResponse {
        guard ReachAccess.mayPost(user) else { throw APIProblem.forbidden(ManualReachMessages.viewerCannotPost) }
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        let fileName = ReachUploadController.safeName(name ?? "upload.csv")
        let folder = NSTemporaryDirectory() + "outreach-api-uploads/" + LoginSession.newToken()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + fileName
        try Data(body).write(to: URL(fileURLWithPath: path))
        var importer = ReachImport(store: web.store, reference: reference, language: language)
        importer.recordedBy = user.name.rawValue
        // Branch staff: rows of other branches' events are bad rows, refused by the import itself.
        importer.limit(to: user)
        importer.batchFiles = fileName
        let observer = IssueCollector()
        func place(_ issue: InputIssue) -> (field: String, message: String) {
            // The file's place as the command line writes it (`reach.csv:3`, `reach.xlsx: Sheet1!C7`), without the folder.
            let position = issue.location.map { String(describing: $0).replacingOccurrences(of: folder + "/", with: "") } ?? fileName
            return (position, issue.message(language))
        }
        let summary: ReachImport.Summary
        do {
            summary = try await importer.run(paths: [path], at: web.now(), observer: observer)
        } catch let failure as ReachImport.Failure {
            switch failure {
            case .badFile:
                let errors = observer.issues.filter { $0.severity == .error }
                throw APIProblem(
                    .unprocessableContent, "nothing-imported", title: APIMessages.importTitle,
                    detail: APIMessages.nothingImported(errors: errors.count), errors: errors.map(place))
            case .cannotRead, .encoding:
                throw APIProblem(
                    .unprocessableContent, "unreadable-file", title: APIMessages.importTitle,
                    detail: ReachWebMessages.cannotRead(String(describing: failure).replacingOccurrences(of: folder + "/", with: "")))
            }
        }
        guard summary.committed, let batch = summary.batch else {
            let errors = observer.issues.filter { $0.severity == .error }
            throw APIProblem(
                .unprocessableContent, "nothing-imported", title: APIMessages.importTitle,
                detail: APIMessages.nothingImported(errors: max(summary.errors, errors.count)), errors: errors.map(place))
        }
        let warnings = observer.issues.filter { $0.severity != .error }.map(place)
        guard case .object(let pairs) = Self.json(batch) else { return .json(.null) }
        return .json(
            .object(
                pairs + [
                    ("rows", .int(summary.rows)),
                    ("warnings", .array(warnings.map { .object([("field", .string($0.field)), ("message", .string($0.message))]) })),
                ]), status: .created)
    }

    func undo(_ idText: String, user: User, language: Language) async throws -> APIResponse {
        guard let id = Int(idText), let batch = try await visible(to: user).first(where: { $0.id == id }) else {
            throw APIProblem.notFound
        }
        guard ReachAccess.mayPost(user) else { throw APIProblem.forbidden(ManualReachMessages.viewerCannotPost) }
        guard let reference = try await web.store.referenceData() else { throw APIProblem.unavailable }
        let summary: ReachUndoSummary
        do {
            summary = try await ReachLog(store: web.store, reference: reference).undo(batch.id, at: web.now())
        } catch let error as ReachStoreError {
            throw APIProblem(.conflict, "undo-refused", title: APIMessages.undoTitle, detailText: error.message(language))
        }
        return .json(
            .object([
                ("batch", .int(summary.batch)), ("deleted", .int(summary.deleted)), ("restored", .int(summary.restored)),
                ("keptLaterChanges", .int(summary.keptLaterChanges)),
            ]))
    }
}
