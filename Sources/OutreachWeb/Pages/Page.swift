import HTTPTypes
import Hummingbird
import OutreachCore
import OutreachFormats

/// An HTML page: the shared frame (language switch, the user and sign-out when signed in) around a body.
/// Every text put in goes through `escape`; nothing is loaded from elsewhere, and nothing needs JavaScript.
struct Page {
    var title: String
    var language: Language
    /// The session and its user, shown in the header with a sign-out button.
    var signedIn: (session: LoginSession, user: User)?
    /// The page's own path (with its query, if any), for the language switch.
    var path: String
    /// Body HTML, already escaped where it holds text.
    var body: String

    func html() -> String {
        let (head, tail) = frame()
        return head + body + tail
    }

    /// The HTML before the body and after it.
    private func frame() -> (head: String, tail: String) {
        var header = "<header><strong>\(escape(WebMessages.appName.text(language)))</strong>"
        // Each language by its own name (not a translation): the switch reads the same on every page.
        // A path with a query (`/reach/log?event=…`) keeps it.
        let switchBase = path + (path.contains("?") ? "&" : "?")
        header += "<nav class=\"lang\"><a href=\"\(escape(switchBase))lang=zh\" hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a> | "
            + "<a href=\"\(escape(switchBase))lang=en\" hreflang=\"en\" lang=\"en\">English</a></nav>"
        if let signedIn {
            header += PagesNavigation.links(language)
            header += FeedsNavigation.links(language, user: signedIn.user)
            let (session, user) = signedIn
            let who = WebMessages.signedInAs(displayName: user.displayName, role: user.role).text(language)
            header += "<form method=\"post\" action=\"/logout\" class=\"logout\"><span>\(escape(who))</span>"
                + "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(session.formToken))\">"
                + "<button type=\"submit\">\(escape(WebMessages.signOutButton.text(language)))</button></form>"
        }
        header += "</header>"
        let head = """
            <!doctype html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · \(escape(WebMessages.appName.text(language)))</title>
            <link rel="stylesheet" href="/assets/site.css">
            </head>
            <body>
            \(header)
            <main>
            <h1>\(escape(title))</h1>

            """
        return (head, "\n</main>\n</body>\n</html>\n")
    }

    /// The page as a response with a status.
    func response(_ status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: bytes()))
    }

    /// The page's bytes, the body copied once (a kept calendar body is 200 kB for a province).
    private func bytes() -> ByteBuffer {
        let (head, tail) = frame()
        var buffer = ByteBuffer()
        buffer.reserveCapacity(head.utf8.count + body.utf8.count + tail.utf8.count)
        buffer.writeString(head)
        buffer.writeString(body)
        buffer.writeString(tail)
        return buffer
    }
}

/// Text for HTML content and attribute values.
func escape(_ text: String) -> String { MarkupEscaping.html(text) }

/// The style sheet, served by the app itself (intranets have no internet): readable on a 360-px phone.
enum SiteStyle {
    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d2330;background:#f6f7f9}
        header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;padding:.5rem 1rem;background:#0b4f8a;color:#fff}
        header a{color:#fff}
        header nav{font-size:.9rem}
        header .logout{margin-left:auto;display:flex;gap:.5rem;align-items:center}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        h1{font-size:1.3rem;margin:.5rem 0 1rem}
        h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        form.login{display:grid;gap:.75rem;max-width:22rem}
        label{display:grid;gap:.25rem}
        input{font:inherit;padding:.5rem;border:1px solid #9aa3b2;border-radius:4px;width:100%}
        button{font:inherit;padding:.5rem 1rem;border:0;border-radius:4px;background:#0b4f8a;color:#fff}
        header button{background:#fff;color:#0b4f8a;padding:.25rem .75rem}
        .error{padding:.5rem .75rem;border-left:4px solid #b3261e;background:#fdecea}
        .note{padding:.5rem .75rem;border-left:4px solid #0b4f8a;background:#e8f0f8}
        ul.agenda{list-style:none;padding:0;margin:0}
        ul.agenda li{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
        ul.agenda .when{font-weight:600}
        ul.agenda .where{color:#4a5568;font-size:.9rem}
        .status{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;background:#e2e8f0}
        form.reach{display:grid;gap:.75rem;max-width:30rem}
        select,textarea{font:inherit;padding:.5rem;border:1px solid #9aa3b2;border-radius:4px;width:100%}
        label.check{display:flex;gap:.5rem;align-items:center}
        label.check input{width:auto}
        .field-error{display:block;color:#b3261e;font-size:.9rem}
        .scroll{overflow-x:auto}
        table.reach-log{border-collapse:collapse;font-size:.9rem;background:#fff}
        table.reach-log th,table.reach-log td{border:1px solid #dde2ea;padding:.25rem .5rem;text-align:left;vertical-align:top}
        table.reach-log td.num{text-align:right}
        ul.photos{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
        ul.photos li{display:grid;gap:.25rem;font-size:.8rem}
        img.thumb{width:8rem;height:8rem;object-fit:cover;border-radius:4px;border:1px solid #dde2ea}
        ul.issues li.issue-error{color:#b3261e}
        """
}
