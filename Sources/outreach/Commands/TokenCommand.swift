import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

/// `outreach token create|list|revoke`: personal API tokens for `/api/v1` (see docs/api.md).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: L("管理 API 令牌（/api/v1）。", "Manage API tokens (/api/v1)."),
        discussion: L(
            """
            令牌以 'Authorization: Bearer 令牌' 发送，权限与其所属用户完全相同（角色和机构范围）。令牌只在创建时显示一次，\
            数据库中只保存其 SHA-256；撤销后立即失效，停用用户后其令牌也失效。
            """,
            """
            A token is sent as 'Authorization: Bearer TOKEN' and acts with exactly its user's role and branch scope. \
            It is shown once, when created, and the database keeps only its SHA-256; a revoked token, or one whose \
            user is disabled, stops working at once.
            """),
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}

extension CommandContext {
    /// Runs a token change, turning its refusals into messages (exit 64).
    func tokenCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await storeCall(body)
        } catch let error as APITokens.Failure {
            throw usage(error.message.text(language))
        }
    }
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: L("为一个用户创建 API 令牌，并打印它（只此一次）。", "Create an API token for a user and print it (this once)."),
        discussion: L(
            """
            令牌打印在标准输出的最后一行，不写入日志。给集成系统单独建一个用户（例如只读的 viewer），再为它建令牌。

            示例：
              outreach user add oa.sync --role viewer --display-name OA系统
              outreach token create --user oa.sync --name "OA 月报拉取"
            """,
            """
            The token is the last line on standard output and is never logged. Give an integration a user of its \
            own (e.g. a read-only viewer) and create the token for that user.

            Examples:
              outreach user add oa.sync --role viewer --display-name OA系统
              outreach token create --user oa.sync --name "OA 月报拉取"
            """)
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: help("令牌代表的用户。", "The user the token acts as.", valueName: "name"))
    var user: String
    @Option(help: help("令牌的名称（用途），列出和撤销时用。", "A name saying what the token is for, shown in lists and usable to revoke it.", valueName: "text"))
    var name: String

    func run() async throws {
        let context = CommandContext(options: options)
        let (store, _) = try await context.openDatabase()
        let (token, secret) = try await context.tokenCall {
            try await APITokens(store: store).create(user: User.Name(user), name: name, at: context.now)
        }
        context.write(TokenCommandMessages.created(handle: token.handle, name: token.name, user: token.user.rawValue).text(context.language))
        context.write(secret + "\n")
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: L("列出 API 令牌（不显示令牌本身）。", "List the API tokens (never the tokens themselves)."),
        discussion: L(
            """
            示例：
              outreach token list
            """,
            """
            Examples:
              outreach token list
            """)
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let context = CommandContext(options: options)
        let language = context.language
        let (store, _) = try await context.openDatabase()
        let tokens = try await context.storeCall { try await APITokens(store: store).list() }
        guard !tokens.isEmpty else {
            context.write(TokenCommandMessages.none.text(language))
            return
        }
        let zone = ZoneConverter(identifier: ReferenceData.defaultTimeZone)
        let time = { (date: Date) in zone.map { "\($0.local(at: date))" } ?? "\(date)" }
        let rows = tokens.map { token -> [String] in
            let state = token.revokedAt.map { TokenCommandMessages.revokedAt(time($0)).text(language) } ?? TokenCommandMessages.active.text(language)
            return [token.handle, token.name, token.user.rawValue, time(token.createdAt), token.lastUsedAt.map(time) ?? "—", state]
        }
        context.write(TextTable(headers: TokenCommandMessages.listHeaders.map { $0.text(language) }, rows: rows).render())
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: L("撤销一个 API 令牌：立即失效。", "Revoke an API token: it stops working at once."),
        discussion: L(
            """
            用 'outreach token list' 显示的编号（开头至少 6 位）或令牌名称指定。

            示例：
              outreach user add oa.sync --role viewer
              outreach token create --user oa.sync --name "OA 月报拉取"
              outreach token revoke "OA 月报拉取"
            """,
            """
            Name the token by its handle as 'outreach token list' shows it (at least its first 6 digits) or by its name.

            Examples:
              outreach user add oa.sync --role viewer
              outreach token create --user oa.sync --name "OA 月报拉取"
              outreach token revoke "OA 月报拉取"
            """)
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: help("令牌的编号或名称。", "The token's handle or name.", valueName: "token"))
    var token: String

    func run() async throws {
        let context = CommandContext(options: options)
        let (store, _) = try await context.openDatabase()
        let revoked = try await context.tokenCall { try await APITokens(store: store).revoke(token, at: context.now) }
        context.write(TokenCommandMessages.revoked(handle: revoked.handle, name: revoked.name).text(context.language))
    }
}

/// The text of `outreach token`. Both languages side by side.
enum TokenCommandMessages {
    static func created(handle: String, name: String, user: String) -> Message {
        Message(zh: "已为用户 \(user) 创建令牌 \(handle)（\(name)）。令牌只显示这一次，请妥善保存：\n",
                en: "Created token \(handle) (\(name)) for the user \(user). The token is shown this once; keep it safe:\n")
    }

    static func revoked(handle: String, name: String) -> Message {
        Message(zh: "已撤销令牌 \(handle)（\(name)）：立即失效。\n",
                en: "Revoked token \(handle) (\(name)): it stops working at once.\n")
    }

    static var none: Message {
        Message(zh: "还没有 API 令牌。用 'outreach token create' 创建。\n",
                en: "No API tokens yet. 'outreach token create' creates one.\n")
    }

    static var listHeaders: [Message] {
        [
            Message(zh: "编号", en: "Handle"), Message(zh: "名称", en: "Name"), Message(zh: "用户", en: "User"),
            Message(zh: "创建时间", en: "Created"), Message(zh: "最近使用", en: "Last used"), Message(zh: "状态", en: "State"),
        ]
    }

    static var active: Message { Message(zh: "有效", en: "active") }

    static func revokedAt(_ time: String) -> Message { Message(zh: "已于 \(time) 撤销", en: "revoked \(time)") }
}
