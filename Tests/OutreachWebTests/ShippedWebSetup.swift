import Foundation
import Hummingbird
import Logging
import OutreachApp
import OutreachCore
import OutreachSQLite
import OutreachTestSupport
import OutreachWeb

/// A real store with the shipped `seeds/` and `campaigns/` (as `outreach init` and `outreach import campaigns/`
/// leave it) and users of every role. The clock stands at 10:00 on Tuesday 16 March 2027 in Shanghai.
struct ShippedWebSetup {
    static let now = Timestamp.date(from: "2027-03-16T02:00:00Z")!
    let folder: String
    let store: any OutreachStore
    let reference: ReferenceData
    let web: WebApp

    /// name, role, branch, display name.
    static let users: [(String, User.Role, Branch.ID?, String)] = [
        ("wang.fang", .admin, nil, "王芳"), ("chen.jing", .planner, nil, "陈静"), ("liu.yang", .approver, nil, "刘洋"),
        ("li.ming", .branchStaff, "xn-wenquan", "李明"), ("peng.liang", .branchStaff, "xn-chibi", "彭亮"),
        ("zhao.lei", .viewer, nil, "赵磊"),
    ]

    /// - Parameter extra: campaigns stored after the shipped ones (not validated: a clash, a hostile title).
    init(extra: [Campaign] = []) async throws {
        folder = NSTemporaryDirectory() + "outreach-pages-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteFactory().open(folder + "/outreach.sqlite")
        try await store.migrate()
        let root = CommandRunner.repositoryRoot.path
        let (decoded, seedIssues) = SeedDecoder.decode(try FileLoader.seedFiles(root + "/seeds"))
        precondition(!seedIssues.hasErrors, "the shipped seeds have errors")
        reference = decoded
        try await store.replaceReferenceData(reference, at: Self.now)
        let importer = CampaignImport(store: store, reference: reference, notify: nil)
        let checked = try await importer.check(try FileLoader.campaignFiles([root + "/campaigns"]))
        let summary = try await importer.store(checked, at: Self.now)
        precondition(summary != nil, "the shipped campaigns have errors")
        if !extra.isEmpty {
            _ = try await store.importCampaigns(extra, sources: [:], reminders: nil, at: Self.now)
        }
        let hasher = BcryptPasswordHasher(cost: 4)
        let hash = try await hasher.hash(WebSetup.password)
        for (name, role, branch, shown) in Self.users {
            _ = try await store.addUser(
                User(name: User.Name(name), displayName: shown, role: role, branch: branch, createdAt: Self.now), passwordHash: hash)
        }
        web = WebApp(store: store, hasher: hasher, configuration: ServerConfiguration(), now: { Self.now })
    }

    func close() { try? FileManager.default.removeItem(atPath: folder) }

    var application: some ApplicationProtocol {
        var logger = Logger(label: "outreach.pages.test")
        logger.logLevel = .error
        return Application(router: buildRouter(web), logger: logger)
    }

    /// A local campaign of one event at 永安大道 on 13 March 2027, 11:00–12:00, with the staff of 315-bd-wanda
    /// (周敏): a clash `outreach validate` would report.
    static func clashing(title: String = "永安大道网点临时咨询") -> Campaign {
        Campaign(
            id: "2027-local-clash", title: BilingualName(zh: "临时活动", en: "Ad hoc"), kind: "consumer-rights-day",
            start: LocalDate("2027-03-01")!, end: LocalDate("2027-03-31")!, owner: "xn-city", branches: ["xn-xianan"],
            events: [
                Event(
                    id: "local-yongan-desk", campaign: "2027-local-clash", title: BilingualName(zh: title), channel: "outlet-desk",
                    venue: "outlet-xianan-yongan", branch: "xn-xianan-yongan",
                    timing: .timed(start: LocalDateTime("2027-03-13 11:00")!, end: LocalDateTime("2027-03-13 12:00")!),
                    staff: ["周敏"], status: .planned)
            ])
    }
}

extension Browser.Page {
    /// The HTML of the calendar cell or agenda section of a day (`d2027-03-13`), empty when there is none.
    func day(_ date: String) -> String {
        guard let start = text.range(of: "id=\"d\(date)\"") else { return "" }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "</td>") ?? rest.range(of: "</section>")
        return String(rest[..<(end?.lowerBound ?? rest.endIndex)])
    }
}
