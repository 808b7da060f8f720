import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OutreachApp
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import OutreachWeb

/// A real store for route tests: a database file in its own temporary folder, opened through the factory the
/// command line uses, with the fixture reference data, a campaign on 5 December 2026 in two sub-branches, and
/// users of several roles. The clock stands at 10:00 that day in Shanghai.
struct WebSetup {
    static let now = Timestamp.date(from: "2026-12-05T02:00:00Z")!
    static let password = "correct horse battery"
    let folder: String
    let store: any OutreachStore
    let web: WebApp

    init(configuration: ServerConfiguration = ServerConfiguration()) async throws {
        folder = NSTemporaryDirectory() + "outreach-web-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteFactory().open(folder + "/outreach.sqlite")
        try await store.migrate()
        let reference = ReferenceData.fixture()
        try await store.replaceReferenceData(reference, at: Self.now)
        _ = try await store.importCampaigns(
            [Self.campaign], sources: ["c1": "campaigns/c1.yaml"], reminders: nil, at: Self.now)
        // A low bcrypt cost keeps the tests quick; the hashing is the same.
        let hasher = BcryptPasswordHasher(cost: 4)
        for (name, role, branch, shown) in [
            ("wang.fang", User.Role.admin, nil, "王芳"), ("li.ming", .branchStaff, "east" as Branch.ID?, "李明"),
            ("zhao.lei", .viewer, nil, "赵磊"),
        ] {
            _ = try await store.addUser(
                User(name: User.Name(name), displayName: shown, role: role, branch: branch, createdAt: Self.now),
                passwordHash: try await hasher.hash(Self.password))
        }
        web = WebApp(
            store: store, hasher: hasher, configuration: configuration, now: { Self.now },
            evidenceFolder: ReachEvidenceFolder.beside(database: folder + "/outreach.sqlite"))
    }

    func close() { try? FileManager.default.removeItem(atPath: folder) }

    var application: some ApplicationProtocol {
        var logger = Logger(label: "outreach.web.test")
        logger.logLevel = .error
        return Application(router: buildRouter(web), logger: logger)
    }

    static var campaign: Campaign {
        func event(_ id: String, branch: Branch.ID, title: String, day: String = "2026-12-05", at time: String = "14:30") -> Event {
            Event(
                id: Event.ID(id), campaign: "c1", title: BilingualName(zh: title, en: "Talk \(id)"), channel: "community-event",
                venue: "community-1", branch: branch,
                timing: .timed(start: LocalDateTime("\(day) \(time)")!, end: LocalDateTime("\(day) 16:00")!),
                recurrence: nil, exceptDates: [], staff: ["张伟"], expectedReach: 40, status: .planned)
        }
        return Campaign(
            id: "c1", title: BilingualName(zh: "金融知识进万家", en: "Households"), kind: "households",
            start: LocalDate("2026-12-01")!, end: LocalDate("2026-12-31")!, owner: "city", branches: ["east", "west"],
            segments: [.init(segment: "elderly", targetPopulation: 1200)], channels: ["community-event"],
            events: [
                event("east-talk", branch: "east-1", title: "温泉路防诈骗讲座"),
                event("west-talk", branch: "west-1", title: "人民路反洗钱宣传", at: "09:00"),
                event("east-later", branch: "east-2", title: "银泉网点养老金讲座", day: "2026-12-08"),
                event("east-script", branch: "east-1", title: "<script>alert('x')</script>讲座", day: "2026-12-09"),
                Event(
                    id: "east-poster", campaign: "c1", title: BilingualName(zh: "温泉路网点宣传栏专栏"), channel: "community-event",
                    venue: "community-1", branch: "east-1",
                    timing: .allDay(start: LocalDate("2026-12-01")!, end: LocalDate("2026-12-31")!), recurrence: nil,
                    exceptDates: [], staff: [], expectedReach: nil, status: .confirmed),
            ])
    }
}

/// A browser's cookie jar and the small steps of signing in, over any test client.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// Headers sent with every request besides the cookies (a proxy's `X-Forwarded-For`).
    var headers: HTTPFields = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: HTTPFields {
        guard !cookies.isEmpty else { return [:] }
        return [.cookie: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    /// Sends a request with the jar's cookies and keeps the ones the response sets (an empty value removes one).
    mutating func request(_ uri: String, method: HTTPRequest.Method = .get, form: [(String, String)]? = nil) async throws -> Page {
        var headers = cookieHeader
        headers.append(contentsOf: self.headers)
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&"))
        }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        let setCookies = response.headers[values: .setCookie]
        for header in setCookies {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        return Page(
            status: response.status, headers: response.headers, setCookies: setCookies,
            text: String(buffer: response.body))
    }

    /// Opens the sign-in page and signs in with the form's token.
    mutating func signIn(_ name: String, password: String = WebSetup.password, lang: String? = nil) async throws -> Page {
        let page = try await request("/login" + (lang.map { "?lang=\($0)" } ?? ""))
        return try await request("/login", method: .post, form: [("csrf", page.hiddenCSRF ?? ""), ("name", name), ("password", password)])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var setCookies: [String]
        var text: String

        /// The value of the first hidden `csrf` field.
        var hiddenCSRF: String? {
            guard let range = text.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(text[range.upperBound...].prefix { $0 != "\"" })
        }
    }
}
