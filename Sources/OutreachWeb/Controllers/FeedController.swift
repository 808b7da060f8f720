import Foundation
import Hummingbird
import NIOCore
import OutreachApp
import OutreachCore

/// `/feeds/TOKEN.ics`: a calendar subscription (`outreach feed add`), read without signing in — the token is
/// the key. An unknown, revoked or malformed token is "not found", the same answer for each, so tokens cannot
/// be probed. `?lang=en` gives English titles.
struct FeedController {
    let web: WebApp

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/feeds/:file") { _, context -> Response in
            guard let file = context.parameters.get("file"), let token = Self.token(inFileName: file) else {
                throw HTTPError(.notFound)
            }
            guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
            let feeds = CalendarFeeds(store: web.store, reference: reference)
            guard let text = try await feeds.calendar(token: token, language: context.language, at: web.now()) else {
                throw HTTPError(.notFound)
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300",
                    .contentDisposition: "inline; filename=\"outreach.ics\"",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// `TOKEN.ics` → TOKEN, when TOKEN has the shape of a token `LoginSession.newToken` makes.
    static func token(inFileName file: String) -> String? {
        guard file.hasSuffix(".ics") else { return nil }
        let token = file.dropLast(4)
        return LoginSession.isWellFormedToken(token) ? String(token) : nil
    }
}
