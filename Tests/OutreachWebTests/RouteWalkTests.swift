import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import OutreachWeb
import Testing

/// One route of the web app, as the walk exercises it. **Add a row to `RouteWalkTests.routes` for every route you
/// register**: `everyRegisteredRouteIsInTheTable` fails until you do.
struct WalkedRoute: CustomStringConvertible {
    enum Body {
        /// No body (a GET).
        case none
        /// A URL-encoded form; the session's form token is added as `csrf`.
        case form([(String, String)])
        /// A multipart form; the form token is added as `csrf`.
        case multipart(fields: [(String, String)], files: [ReachRouteTests.Upload])
    }

    enum Access {
        /// Anyone, signed in or not (sign-in, health, metrics, the style sheet, a feed by its token).
        case open
        /// Signed-in users; signed out, the sign-in page (303 to /login) or 401.
        case signedIn
    }

    var method: HTTPRequest.Method
    /// The route as registered, with `{parameter}` for a capture (`/events/{id}`).
    var route: String
    /// A concrete address of the route: for branch staff of 温泉支行 (xn-wenquan), one of their own subtree.
    var uri: String
    /// The same route for another branch's event, reach or photo (赤壁, xn-chibi), when the route has one: branch
    /// staff of 温泉支行 must never get 200 (or a success) there.
    var foreign: String?
    var body: Body = .none
    var access: Access = .signedIn
    /// Whether a successful POST changes what is stored (viewers must be refused). Signing in and out change only
    /// the session.
    var changes: Bool = false

    var description: String { "\(method) \(uri)" }
}

/// Walks every route as each role and as nobody (docs/web.md "Who may do what"):
/// - nobody is sent to the sign-in page (or gets 401) on every route that needs a sign-in;
/// - branch staff of 温泉支行 never get 200 for another branch's event, reach or evidence photo, and change nothing there;
/// - viewers change nothing (every changing POST refused, the store unchanged);
/// - no response of any route to anyone holds a webhook key;
/// - and no route answers with a server error.
struct RouteWalkTests {
    static let webhookKey = "a1b2c3d4-0000-4000-8000-5ec12e7ab3f9"
    static let png: [UInt8] = ReachRouteTests.png
    static var photoHash: String { ReachEvidence.hash(of: png) }
    static let rejectsToken = String(repeating: "A", count: 43)

    /// Every route of the web app. One row per method and route; keep it in the order of `buildRouter`.
    static var routes: [WalkedRoute] {
        [
            WalkedRoute(method: .get, route: "/healthz", uri: "/healthz", access: .open),
            WalkedRoute(method: .get, route: "/metrics", uri: "/metrics", access: .open),
            WalkedRoute(method: .get, route: "/assets/site.css", uri: "/assets/site.css", access: .open),
            WalkedRoute(method: .get, route: "/login", uri: "/login", access: .open),
            WalkedRoute(method: .post, route: "/login", uri: "/login", body: .form([("name", "nobody"), ("password", "x")]), access: .open),
            WalkedRoute(method: .post, route: "/logout", uri: "/logout", body: .form([])),
            WalkedRoute(method: .get, route: "/", uri: "/"),
            WalkedRoute(method: .get, route: "/feeds/{file}", uri: "/feeds/\(rejectsToken).ics", access: .open),
            WalkedRoute(method: .get, route: "/calendar", uri: "/calendar?view=month&date=2027-03-13", foreign: "/calendar?branch=xn-chibi&date=2027-03-14&view=agenda"),
            WalkedRoute(method: .get, route: "/campaigns", uri: "/campaigns"),
            WalkedRoute(method: .get, route: "/campaigns/{id}", uri: "/campaigns/2027-315-xianning"),
            WalkedRoute(method: .get, route: "/events/{id}", uri: "/events/315-bd-wanda", foreign: "/events/315-bd-chibi-street"),
            WalkedRoute(
                method: .post, route: "/events/{id}/status", uri: "/events/315-bd-wanda/status", foreign: "/events/315-bd-chibi-street/status",
                body: .form([("action", "confirm")]), changes: true),
            WalkedRoute(
                method: .get, route: "/reach/log", uri: "/reach/log?event=315-bd-wanda&date=2027-03-13",
                foreign: "/reach/log?event=315-bd-chibi-street&date=2027-03-14"),
            WalkedRoute(
                method: .post, route: "/reach/log", uri: "/reach/log?event=315-bd-wanda", foreign: "/reach/log?event=315-bd-chibi-street",
                body: .multipart(fields: [("date", "2027-03-13"), ("count.attendees", "5")], files: []), changes: true),
            WalkedRoute(method: .get, route: "/reach/evidence/{hash}", uri: "/reach/evidence/\(photoHash)", foreign: "/reach/evidence/\(photoHash)"),
            WalkedRoute(method: .get, route: "/reach/upload", uri: "/reach/upload"),
            WalkedRoute(
                method: .post, route: "/reach/upload", uri: "/reach/upload",
                foreign: "/reach/upload",
                body: .multipart(
                    fields: [],
                    files: [
                        ReachRouteTests.Upload(
                            name: "file", filename: "r.csv", type: "text/csv",
                            bytes: Array("event,date,metric,count\n315-bd-chibi-street,2027-03-14,attendees,9\n".utf8))
                    ]),
                changes: true),
            WalkedRoute(method: .get, route: "/reach/upload/rejects/{token}", uri: "/reach/upload/rejects/\(rejectsToken)"),
            WalkedRoute(method: .get, route: "/notices", uri: "/notices"),
            WalkedRoute(method: .post, route: "/notices/test", uri: "/notices/test", body: .form([("target", "企业微信群")]), changes: true),
            WalkedRoute(method: .post, route: "/notices/retry", uri: "/notices/retry", body: .form([]), changes: true),
            WalkedRoute(method: .get, route: "/feeds", uri: "/feeds"),
            WalkedRoute(method: .post, route: "/feeds", uri: "/feeds", body: .form([("action", "add"), ("label", "走查")]), changes: true),
            WalkedRoute(method: .get, route: "/campaigns/{id}/events/new", uri: "/campaigns/2027-315-xianning/events/new"),
            WalkedRoute(
                method: .post, route: "/campaigns/{id}/events/new", uri: "/campaigns/2027-315-xianning/events/new",
                body: .form([("id", "walk-new"), ("title", "走查新增"), ("channel", "community-event"), ("venue", "bd-wanda"), ("start", "2027-03-21 09:00"), ("end", "10:00")]),
                changes: true),
            WalkedRoute(method: .get, route: "/events/{id}/edit", uri: "/events/315-bd-wanda/edit", foreign: "/events/315-bd-chibi-street/edit"),
            WalkedRoute(
                method: .post, route: "/events/{id}/edit", uri: "/events/315-bd-wanda/edit", foreign: "/events/315-bd-chibi-street/edit",
                body: .form([("title", "走查修改"), ("start", "2027-03-13 10:00"), ("end", "16:00")]), changes: true),
            WalkedRoute(method: .get, route: "/assets/reports.css", uri: "/assets/reports.css", access: .open),
            WalkedRoute(
                method: .get, route: "/reports", uri: "/reports?period=month&month=2027-03&by=channel",
                foreign: "/reports?period=month&month=2027-03&by=channel&branch=xn-chibi"),
            WalkedRoute(
                method: .get, route: "/reports/download", uri: "/reports/download?period=month&month=2027-03&by=channel&format=csv",
                foreign: "/reports/download?period=month&month=2027-03&by=channel&branch=xn-chibi&format=csv"),
            WalkedRoute(method: .get, route: "/reports/scorecard", uri: "/reports/scorecard?period=month&month=2027-03"),
            WalkedRoute(method: .get, route: "/reports/bulletin", uri: "/reports/bulletin?month=2027-03"),
            WalkedRoute(method: .get, route: "/reports/bulletin/file", uri: "/reports/bulletin/file?month=2027-03"),
            WalkedRoute(method: .post, route: "/reports/bulletin/prepare", uri: "/reports/bulletin/prepare", body: .form([("month", "2027-03")]), changes: true),
            WalkedRoute(method: .post, route: "/reports/bulletin/publish", uri: "/reports/bulletin/publish", body: .form([("month", "2027-03")]), changes: true),
            // The JSON API: a session works only with its form token in X-CSRF-Token (a form field is not enough), so a
            // browser's walk gets 401 or 403 everywhere; APIRouteTests walks it with tokens as every role.
            WalkedRoute(method: .get, route: "/api/v1/openapi.json", uri: "/api/v1/openapi.json", access: .open),
            WalkedRoute(method: .get, route: "/api/v1/campaigns", uri: "/api/v1/campaigns"),
            WalkedRoute(method: .get, route: "/api/v1/campaigns/{id}", uri: "/api/v1/campaigns/2027-315-xianning"),
            WalkedRoute(method: .post, route: "/api/v1/campaigns/{id}/events", uri: "/api/v1/campaigns/2027-315-xianning/events", body: .form([]), changes: true),
            WalkedRoute(method: .get, route: "/api/v1/events", uri: "/api/v1/events?from=2027-03-13&to=2027-03-14"),
            WalkedRoute(method: .patch, route: "/api/v1/events/{id}", uri: "/api/v1/events/315-bd-wanda", body: .form([]), changes: true),
            WalkedRoute(method: .get, route: "/api/v1/events/{id}", uri: "/api/v1/events/315-bd-wanda"),
            WalkedRoute(method: .post, route: "/api/v1/events/{id}/confirm", uri: "/api/v1/events/315-bd-wanda/confirm", body: .form([]), changes: true),
            WalkedRoute(method: .post, route: "/api/v1/events/{id}/done", uri: "/api/v1/events/315-bd-wanda/done", body: .form([]), changes: true),
            WalkedRoute(method: .post, route: "/api/v1/events/{id}/cancel", uri: "/api/v1/events/315-bd-wanda/cancel", body: .form([("reason", "x")]), changes: true),
            WalkedRoute(method: .post, route: "/api/v1/reach", uri: "/api/v1/reach", body: .form([]), changes: true),
            WalkedRoute(method: .get, route: "/api/v1/reach/batches", uri: "/api/v1/reach/batches"),
            WalkedRoute(method: .post, route: "/api/v1/reach/batches", uri: "/api/v1/reach/batches", body: .form([]), changes: true),
            WalkedRoute(method: .post, route: "/api/v1/reach/batches/{id}/undo", uri: "/api/v1/reach/batches/1/undo", body: .form([]), changes: true),
            WalkedRoute(method: .get, route: "/api/v1/bulletins", uri: "/api/v1/bulletins"),
            WalkedRoute(method: .get, route: "/api/v1/bulletins/{month}", uri: "/api/v1/bulletins/2027-03"),
            WalkedRoute(method: .post, route: "/api/v1/bulletins/{month}/prepare", uri: "/api/v1/bulletins/2027-03/prepare", body: .form([]), changes: true),
            WalkedRoute(method: .post, route: "/api/v1/bulletins/{month}/publish", uri: "/api/v1/bulletins/2027-03/publish", body: .form([]), changes: true),
            WalkedRoute(method: .get, route: "/api/v1/notices", uri: "/api/v1/notices"),
            WalkedRoute(method: .get, route: "/api/v1/notices/log", uri: "/api/v1/notices/log"),
            WalkedRoute(method: .post, route: "/api/v1/notices/retry", uri: "/api/v1/notices/retry", body: .form([]), changes: true),
            WalkedRoute(method: .get, route: "/api/v1/reports", uri: "/api/v1/reports?period=month&month=2027-03"),
            WalkedRoute(method: .get, route: "/api/v1/scorecard", uri: "/api/v1/scorecard?month=2027-03"),
            WalkedRoute(method: .get, route: "/api/v1/users", uri: "/api/v1/users"),
        ]
    }

    /// The shipped data, a `notify:` target with a key (never to be shown), and a photo of 赤壁's event.
    static func setUp() async throws -> (ShippedWebSetup, WebApp) {
        let setup = try await ShippedWebSetup()
        let yaml = "notify:\n  targets:\n    - name: 企业微信群\n      kind: wecom\n      key_env: K\n"
        let (notify, _) = NotifyConfigurationDecoder.decode(
            SourceFile(path: "outreach.yaml", bytes: Array(yaml.utf8)), environment: ["K": webhookKey], readFile: { _ in nil })
        var web = WebApp(
            store: setup.store, hasher: setup.web.hasher, configuration: setup.web.configuration, now: setup.web.now,
            evidenceFolder: ReachEvidenceFolder.beside(database: setup.folder + "/outreach.sqlite"))
        web.notify = notify
        return (setup, web)
    }

    static func application(_ web: WebApp) -> some ApplicationProtocol {
        var logger = Logger(label: "outreach.walk.test")
        logger.logLevel = .error
        return Application(router: buildRouter(web), logger: logger)
    }

    /// Sends a route's request as a browser (its cookies and form token).
    static func send(_ browser: inout Browser, _ route: WalkedRoute, uri: String, token: String) async throws -> Browser.Page {
        switch route.body {
        case .none:
            return try await browser.request(uri, method: route.method)
        case .form(let fields):
            return try await browser.request(uri, method: route.method, form: [("csrf", token)] + fields)
        case .multipart(let fields, let files):
            return try await ReachRouteTests.post(browser, uri, fields: [("csrf", token)] + fields, files: files)
        }
    }

    /// What a viewer could change: statuses, audit, reach, photos, feeds, the queue.
    static func fingerprint(_ store: any OutreachStore) async throws -> String {
        var parts: [String] = []
        for id in ["315-bd-wanda", "315-bd-chibi-street"] {
            parts.append("\(try await store.event(Event.ID(id))?.event.status.rawValue ?? "-")")
            parts.append("\(try await store.auditEntries(event: Event.ID(id)).count)")
        }
        let keys = try await store.eventKeys()
        for id in ["315-bd-wanda", "315-bd-chibi-street"] {
            if let key = keys[Event.ID(id)] { parts.append("\(try await store.reachLog(event: key).map(\.count))") }
        }
        parts.append("\(try await store.calendarFeeds().count)")
        parts.append("\(try await store.stateCounts().sorted { $0.key.rawValue < $1.key.rawValue })")
        return parts.joined(separator: "|")
    }

    @Test func everyRegisteredRouteIsInTheTable() async throws {
        let (setup, web) = try await Self.setUp()
        defer { setup.close() }
        let registered = Set(buildRouter(web).routes.map { "\($0.method) \($0.path)" })
        let table = Set(Self.routes.map { "\($0.method) \(RouterPath($0.route))" })
        #expect(registered.subtracting(table).sorted() == [], "routes registered but not walked: add a row to RouteWalkTests.routes")
        #expect(table.subtracting(registered).sorted() == [], "rows for routes no longer registered")
        #expect(table.count == Self.routes.count, "one row per method and route")
    }

    @Test(.timeLimit(.minutes(4)))
    func everyRouteAsEveryRoleAndAsNobody() async throws {
        let (setup, web) = try await Self.setUp()
        defer { setup.close() }
        try await Self.application(web).test(.router) { client in
            var bodies: [(String, String)] = []
            // An admin stores a photo of 赤壁's event, for the evidence route.
            var admin = Browser(client)
            _ = try await admin.signIn("wang.fang")
            let adminToken = try #require(try await admin.request("/").hiddenCSRF)
            let photo = try await ReachRouteTests.post(
                admin, "/reach/log?event=315-bd-chibi-street",
                fields: [("csrf", adminToken), ("date", "2027-03-14"), ("count.attendees", "20")],
                files: [ReachRouteTests.photo(Self.png, "chibi.png", type: "image/png")])
            #expect(photo.status == .seeOther)

            // Nobody: every route that needs a sign-in sends to it, and changes nothing.
            let before = try await Self.fingerprint(setup.store)
            var nobody = Browser(client)
            for route in Self.routes {
                for uri in [route.uri] + (route.foreign.map { [$0] } ?? []) {
                    let page = try await Self.send(&nobody, route, uri: uri, token: "x")
                    bodies.append(("nobody \(route)", page.text))
                    #expect(page.status.code < 500, "nobody \(route): \(page.status)")
                    guard route.access == .signedIn else { continue }
                    #expect(
                        page.status == .unauthorized || (page.status == .seeOther && page.headers[.location] == "/login"),
                        "nobody \(route.method) \(uri): \(page.status)")
                }
            }
            #expect(try await Self.fingerprint(setup.store) == before, "nobody changed something")

            // Each role, viewers first (they must change nothing), then the others.
            let order = ["zhao.lei", "li.ming", "liu.yang", "chen.jing", "wang.fang"]
            for name in order {
                let role = try #require(ShippedWebSetup.users.first { $0.0 == name }).1
                var browser = Browser(client)
                _ = try await browser.signIn(name)
                let token = try #require(try await browser.request("/").hiddenCSRF)
                for route in Self.routes where !(route.method == .post && route.route == "/logout") {
                    let start = try await Self.fingerprint(setup.store)
                    let page = try await Self.send(&browser, route, uri: route.uri, token: token)
                    bodies.append(("\(name) \(route)", page.text))
                    #expect(page.status.code < 500, "\(name) \(route): \(page.status)")
                    if role == .viewer, route.changes {
                        #expect(page.status == .forbidden, "viewer \(route): \(page.status)")
                        #expect(try await Self.fingerprint(setup.store) == start, "viewer changed something with \(route)")
                    }
                    // Branch staff of 温泉支行 on another branch's event, reach or photo: never 200, nothing changed.
                    if name == "li.ming", let foreign = route.foreign {
                        let before = try await Self.fingerprint(setup.store)
                        let page = try await Self.send(&browser, route, uri: foreign, token: token)
                        bodies.append(("\(name) foreign \(route)", page.text))
                        #expect(page.status.code < 500)
                        if route.route == "/calendar" {
                            // The calendar stays within their subtree even when another branch is asked for.
                            #expect(!page.text.contains("/events/315-bd-chibi-street"))
                        } else if route.route == "/reach/upload" {
                            #expect(page.status == .unprocessableContent, "\(foreign)")
                        } else {
                            #expect(page.status == .notFound, "branch staff \(route.method) \(foreign): \(page.status)")
                        }
                        #expect(try await Self.fingerprint(setup.store) == before, "branch staff changed another branch with \(route)")
                    }
                }
            }
            // No page, to anyone, holds the webhook key.
            for (what, body) in bodies {
                #expect(!body.contains(Self.webhookKey), "\(what) shows the webhook key")
            }
        }
    }
}
