import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

/// `outreach feed add|list|revoke`: calendar subscriptions served by `outreach serve` at `/feeds/TOKEN.ics`.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: L("管理日历订阅（企业微信、Outlook、手机日历）。", "Manage calendar subscriptions (WeCom, Outlook, phone calendars)."),
        discussion: L(
            """
            订阅地址由 'outreach serve' 提供，不需要登录，地址中的口令就是钥匙：只在添加时显示一次，数据库中只保存其 \
            SHA-256。撤销后该地址返回“未找到”。
            """,
            """
            'outreach serve' serves the addresses; they need no sign-in, the token in the address is the key: it is \
            shown once, when the feed is added, and the database keeps only its SHA-256. A revoked feed's address \
            answers "not found".
            """),
        subcommands: [FeedAddCommand.self, FeedListCommand.self, FeedRevokeCommand.self]
    )
}

extension CommandContext {
    /// Runs a feed change, turning its refusals into messages (exit 64).
    func feedCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await storeCall(body)
        } catch let error as CalendarFeeds.Failure {
            throw usage(error.message.text(language))
        }
    }
}

struct FeedAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: L("添加一个机构或一个用户的日历订阅，并打印其地址。", "Add a calendar feed for a branch or a user, and print its address."),
        discussion: L(
            """
            --branch 订阅该机构及其下属机构的活动；--user 订阅该用户能看到的活动（停用用户后订阅为空）。日历包含一个月前到 \
            400 天后的活动，取消的活动标为已取消。地址加 ?lang=en 得到英文标题。

            示例：
              outreach feed add --branch xn-chibi --label 赤壁支行大屏
              outreach feed add --branch xn-wenquan --label 温泉支行值班手机
            """,
            """
            --branch gives the events of that branch and the branches below it; --user the events that user sees \
            (nothing once the user is disabled). The calendar holds the events from a month ago to 400 days ahead, \
            cancelled ones marked cancelled. Add ?lang=en to the address for English titles.

            Examples:
              outreach feed add --branch xn-chibi --label 赤壁支行大屏
              outreach feed add --branch xn-wenquan --label 温泉支行值班手机
            """)
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: help("订阅这个机构（含下属机构）的活动。", "The branch (and the branches below it) whose events the feed shows.", valueName: "id"))
    var branch: String?
    @Option(help: help("订阅这个用户能看到的活动。", "The user whose events the feed shows.", valueName: "name"))
    var user: String?
    @Option(help: help("订阅的名称，列出和撤销时用。", "A name for the feed, shown in lists and usable to revoke it.", valueName: "text"))
    var label: String

    func validate() throws {
        let language = options.language
        if (branch == nil) == (user == nil) { throw ValidationError(FeedCommandMessages.branchOrUser.text(language)) }
        if label.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(FeedCommandMessages.emptyLabel.text(language)) }
    }

    func run() async throws {
        let context = CommandContext(options: options)
        let (store, reference) = try await context.openDatabase()
        let scope: CalendarFeed.Scope = branch.map { .branch(Branch.ID($0)) } ?? .user(User.Name(user ?? ""))
        let (feed, token) = try await context.feedCall {
            try await CalendarFeeds(store: store, reference: reference).add(scope, label: label, at: context.now)
        }
        context.write(FeedCommandMessages.added(handle: feed.handle, label: feed.label, path: "/feeds/\(token).ics").text(context.language))
    }
}

struct FeedListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: L("列出日历订阅（不显示口令）。", "List the calendar feeds (never their tokens)."),
        discussion: L(
            """
            示例：
              outreach feed list
            """,
            """
            Examples:
              outreach feed list
            """)
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let context = CommandContext(options: options)
        let language = context.language
        let (store, reference) = try await context.openDatabase()
        let feeds = try await context.storeCall { try await CalendarFeeds(store: store, reference: reference).list() }
        guard !feeds.isEmpty else {
            context.write(FeedCommandMessages.none.text(language))
            return
        }
        let zone = ZoneConverter(identifier: ReferenceData.defaultTimeZone)
        let time = { (date: Date) in zone.map { "\($0.local(at: date))" } ?? "\(date)" }
        let rows = feeds.map { feed -> [String] in
            let scope: String =
                switch feed.scope {
                case .branch(let id): reference.branch(id)?.names.text(language) ?? id.rawValue
                case .user(let name): FeedCommandMessages.userScope(name: name.rawValue).text(language)
                }
            let state = feed.revokedAt.map { FeedCommandMessages.revokedAt(time($0)).text(language) } ?? FeedCommandMessages.active.text(language)
            return [feed.handle, feed.label, scope, time(feed.createdAt), state]
        }
        context.write(TextTable(headers: FeedCommandMessages.listHeaders.map { $0.text(language) }, rows: rows).render())
    }
}

struct FeedRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: L("撤销一个日历订阅：其地址从此返回“未找到”。", "Revoke a calendar feed: its address answers \"not found\" from now on."),
        discussion: L(
            """
            用 'outreach feed list' 显示的编号（开头几位即可）或订阅名称指定。

            示例：
              outreach feed add --branch xn-chibi --label 赤壁支行大屏
              outreach feed revoke 赤壁支行大屏
            """,
            """
            Name the feed by its handle as 'outreach feed list' shows it (its first digits are enough) or by its label.

            Examples:
              outreach feed add --branch xn-chibi --label 赤壁支行大屏
              outreach feed revoke 赤壁支行大屏
            """)
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: help("订阅的编号或名称。", "The feed's handle or label.", valueName: "feed"))
    var feed: String

    func run() async throws {
        let context = CommandContext(options: options)
        let (store, reference) = try await context.openDatabase()
        let revoked = try await context.feedCall {
            try await CalendarFeeds(store: store, reference: reference).revoke(feed, at: context.now)
        }
        context.write(FeedCommandMessages.revoked(handle: revoked.handle, label: revoked.label).text(context.language))
    }
}

/// The text of `outreach feed`. Both languages side by side.
enum FeedCommandMessages {
    static func added(handle: String, label: String, path: String) -> Message {
        Message(zh: "已添加订阅 \(handle)（\(label)）。订阅地址只显示这一次，加在服务器地址之后使用，例如 http://127.0.0.1:8080\(path)：\n\(path)\n",
                en: "Added feed \(handle) (\(label)). Its address is shown this once; put the server's address before it, e.g. http://127.0.0.1:8080\(path):\n\(path)\n")
    }

    static func revoked(handle: String, label: String) -> Message {
        Message(zh: "已撤销订阅 \(handle)（\(label)）：其地址从此返回“未找到”。\n",
                en: "Revoked feed \(handle) (\(label)): its address answers \"not found\" from now on.\n")
    }

    static var none: Message {
        Message(zh: "还没有日历订阅。用 'outreach feed add' 添加。\n",
                en: "No calendar feeds yet. 'outreach feed add' adds one.\n")
    }

    static var listHeaders: [Message] {
        [
            Message(zh: "编号", en: "Handle"), Message(zh: "名称", en: "Label"), Message(zh: "范围", en: "Scope"),
            Message(zh: "添加时间", en: "Added"), Message(zh: "状态", en: "State"),
        ]
    }

    static func userScope(name: String) -> Message {
        Message(zh: "用户 \(name)", en: "user \(name)")
    }

    static var active: Message {
        Message(zh: "有效", en: "active")
    }

    static func revokedAt(_ time: String) -> Message {
        Message(zh: "已于 \(time) 撤销", en: "revoked \(time)")
    }

    static var branchOrUser: Message {
        Message(zh: "请给出 --branch 或 --user 之一（只能一个）。",
                en: "Give one of --branch or --user (not both).")
    }

    static var emptyLabel: Message {
        Message(zh: "'--label' 不能为空：列出和撤销订阅时要用到它。",
                en: "'--label' cannot be empty: lists show it and it can revoke the feed.")
    }
}
