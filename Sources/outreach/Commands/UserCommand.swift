import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats
import OutreachWeb

extension User.Role: ExpressibleByArgument {}

/// `outreach user add|passwd|disable|list`: the accounts of the web app (`outreach serve`).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: L("管理网页的用户：添加、重设密码、停用、列出。", "Manage the web app's users: add, new password, disable, list."),
        discussion: L(
            """
            角色：admin（管理员，全部）、planner（策划，全部宣传活动）、approver（审核人）、branch-staff（网点员工，只看\
            本机构及下属机构，须给出 --branch）、viewer（只能查看）。密码由程序生成，只显示一次，数据库中只保存其 bcrypt 哈希。
            """,
            """
            Roles: admin (everything), planner (every campaign), approver, branch-staff (only their branch and the \
            branches below it; needs --branch), viewer (read only). Passwords are made by the tool and shown once; \
            the database keeps only their bcrypt hash.
            """),
        subcommands: [UserAddCommand.self, UserPasswdCommand.self, UserDisableCommand.self, UserListCommand.self]
    )
}

extension CommandContext {
    /// The accounts use case over the store, with bcrypt.
    func userAccounts(_ store: any OutreachStore) -> UserAccounts {
        UserAccounts(store: store, hasher: BcryptPasswordHasher())
    }

    /// Runs an account change, turning its refusals into messages (exit 64).
    func accountCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await storeCall(body)
        } catch let error as AccountError {
            throw usage(error.message(language))
        }
    }
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: L("添加用户，并打印一次性密码。", "Add a user and print their one-time password."),
        discussion: L(
            """
            一次性密码只打印这一次（在标准输出上），不写入日志；请当面或通过安全渠道交给本人。忘记了可用 'outreach user \
            passwd' 重设。

            示例：
              outreach user add wang.fang --role admin --display-name 王芳
              outreach user add li.ming --role branch-staff --branch xn-chibi --display-name 李明
            """,
            """
            The one-time password is printed this once (on standard output) and never logged; hand it over in person \
            or by a safe channel. If it is lost, 'outreach user passwd' gives a new one.

            Examples:
              outreach user add wang.fang --role admin --display-name 王芳
              outreach user add li.ming --role branch-staff --branch xn-chibi --display-name 李明
            """)
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: help("登录用的用户名（英文字母、数字、'.'、'_'、'-'）。", "The login name (letters, digits, '.', '_', '-').", valueName: "name"))
    var name: String
    @Option(help: help("角色：admin、planner、approver、branch-staff 或 viewer。", "Role: admin, planner, approver, branch-staff or viewer.", valueName: "role"))
    var role: User.Role
    @Option(help: help("只能看到该机构及其下属机构（branch-staff 必填）。", "Sees only this branch and the branches below it (required for branch-staff).", valueName: "id"))
    var branch: String?
    @Option(help: help("页面上显示的名字（默认：用户名）。", "The name shown on pages (default: the login name).", valueName: "text"))
    var displayName: String?

    func run() async throws {
        let context = CommandContext(options: options)
        let (store, reference) = try await context.openDatabase()
        let password = try await context.accountCall {
            try await context.userAccounts(store).add(
                name, role: role, branch: branch.map { Branch.ID($0) }, displayName: displayName, reference: reference, at: context.now)
        }
        context.write(UserCommandMessages.added(name: name, role: role, password: password).text(context.language))
    }
}

struct UserPasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: L("给用户一个新的一次性密码（其会话全部退出）。", "Give a user a new one-time password (ending their sessions)."),
        discussion: L(
            """
            示例：
              outreach user add zhao.lei --role viewer
              outreach user passwd zhao.lei
            """,
            """
            Examples:
              outreach user add zhao.lei --role viewer
              outreach user passwd zhao.lei
            """)
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: help("用户名。", "The user's name.", valueName: "name"))
    var name: String

    func run() async throws {
        let context = CommandContext(options: options)
        let (store, _) = try await context.openDatabase()
        let password = try await context.accountCall { try await context.userAccounts(store).resetPassword(name) }
        context.write(UserCommandMessages.passwordChanged(name: name, password: password).text(context.language))
    }
}

struct UserDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: L("停用用户：不能再登录，已登录的会话退出。", "Disable a user: no more sign-ins, and their sessions end."),
        discussion: L(
            """
            示例：
              outreach user add zhao.lei --role viewer
              outreach user disable zhao.lei
            """,
            """
            Examples:
              outreach user add zhao.lei --role viewer
              outreach user disable zhao.lei
            """)
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: help("用户名。", "The user's name.", valueName: "name"))
    var name: String

    func run() async throws {
        let context = CommandContext(options: options)
        let (store, _) = try await context.openDatabase()
        try await context.accountCall { try await context.userAccounts(store).disable(name) }
        context.write(UserCommandMessages.disabled(name: name).text(context.language))
    }
}

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: L("列出全部用户（不显示密码）。", "List every user (never a password)."),
        discussion: L(
            """
            示例：
              outreach user list
            """,
            """
            Examples:
              outreach user list
            """)
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let context = CommandContext(options: options)
        let language = context.language
        let (store, reference) = try await context.openDatabase()
        let users = try await context.accountCall { try await context.userAccounts(store).list() }
        guard !users.isEmpty else { return context.write(UserCommandMessages.noUsers.text(language)) }
        let rows = users.map { user in
            [
                user.name.rawValue, user.displayName, user.role.text(language),
                user.branch.map { reference.branch($0)?.names.text(language) ?? $0.rawValue } ?? UserCommandMessages.everyBranch.text(language),
                (user.isDisabled ? UserCommandMessages.disabledState : UserCommandMessages.enabled).text(language),
            ]
        }
        context.write(TextTable(headers: UserCommandMessages.listHeaders.map { $0.text(language) }, rows: rows).render())
    }
}
