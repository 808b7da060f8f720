import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OutreachApp
import OutreachCore
import OutreachFormats

/// Who may see and log reach of a branch, the limits of uploads, and the small pieces the reach pages share.
enum ReachAccess {
    /// Branch staff see and log only their own subtree; every other role sees every branch.
    static func maySee(_ user: User, branch: Branch.ID, reference: ReferenceData) -> Bool {
        guard user.role == .branchStaff else { return true }
        guard let own = user.branch else { return false }
        return reference.isWithin(branch, own)
    }

    /// Viewers read only.
    static func mayPost(_ user: User) -> Bool { user.role != .viewer }

    /// One photo at most (10 MB).
    static let photoBytes = 10 * 1024 * 1024
    /// The reach form: up to 32 parts, 8 KiB of headers each, a photo at most 10 MB, 64 MiB in all.
    static let formLimits = MultipartFormData.Limits(totalBytes: 64 * 1024 * 1024, parts: 32, headerBytes: 8 * 1024, partBytes: photoBytes)
    /// The upload form: one file of at most 20 MB and a few fields.
    static let uploadLimits = MultipartFormData.Limits(
        totalBytes: 20 * 1024 * 1024 + 64 * 1024, parts: 8, headerBytes: 8 * 1024, partBytes: 20 * 1024 * 1024)

    enum BodyFailure: Error {
        case tooLarge
        case malformed
    }

    /// Reads a multipart body within limits: never more than `limits.totalBytes` is collected.
    static func multipart(_ request: Request, limits: MultipartFormData.Limits) async throws(BodyFailure) -> MultipartFormData {
        guard let type = request.headers[.contentType], let boundary = MultipartFormData.boundary(contentType: type) else {
            throw .malformed
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limits.totalBytes)
        } catch is NIOTooManyBytesError {
            throw .tooLarge
        } catch {
            throw .malformed
        }
        do {
            return try MultipartFormData(body: Array(buffer.readableBytesView), boundary: boundary, limits: limits)
        } catch .tooLarge, .partTooLarge(_) {
            throw .tooLarge
        } catch {
            throw .malformed
        }
    }

    static func tooLargePage(_ context: WebRequestContext) -> Response {
        messagePage(context, title: ReachWebMessages.tooLargeTitle, message: ReachWebMessages.tooLarge, status: .contentTooLarge)
    }

    static func messagePage(_ context: WebRequestContext, title: Message, message: Message, status: HTTPResponse.Status) -> Response {
        let language = context.language
        let body = "<p class=\"error\" role=\"alert\">\(escape(message.text(language)))</p>\n"
            + "<p><a href=\"/\">\(escape(WebMessages.homeLink.text(language)))</a></p>\n"
        return Page(title: title.text(language), language: language, signedIn: context.signedIn, path: "/", body: body).response(status)
    }

    static func localTime(_ date: Date, branch: Branch.ID, reference: ReferenceData) -> String {
        let converter = ZoneConverter(identifier: reference.timeZone(of: branch)) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone)
        return converter.map { $0.local(at: date).description } ?? Timestamp.string(from: date)
    }
}

/// A form value for a URL's query.
func queryEscape(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
