import ArgumentParser
import Foundation
import OutreachCore

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: help(
            "数据库文件，或 PostgreSQL 地址 postgres://用户@主机/库（密码放在 $PGPASSWORD；默认：$OUTREACH_DATABASE，否则为 outreach.sqlite）。",
            "Database file, or a PostgreSQL URL postgres://user@host/db (password in $PGPASSWORD; default: $OUTREACH_DATABASE, else outreach.sqlite).",
            valueName: "path|url"))
    var database: String?

    @Option(
        name: .long,
        help: help(
            "消息与表头的语言：zh 或 en（默认取自 $OUTREACH_LANG / $LANG，中文优先）。",
            "Language of messages and headers: zh or en (default: from $OUTREACH_LANG / $LANG, Chinese first).",
            valueName: "zh|en"))
    var lang: Language?

    /// The language: `--lang`, else the environment.
    var language: Language { lang ?? Language.preferred(environment: ProcessInfo.processInfo.environment) }

    /// The database path (or `postgres://` URL): `--database`, else `$OUTREACH_DATABASE`, else `outreach.sqlite` here.
    var databasePath: String {
        if let database { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment["OUTREACH_DATABASE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "outreach.sqlite"
    }
}

/// `--config`, only on the commands that read the configuration (notices).
struct ConfigOption: ParsableArguments {
    @Option(
        name: .long,
        help: help(
            "含 'notify:' 部分的配置文件（默认：$OUTREACH_CONFIG，否则为当前目录的 outreach.yaml）；示例见 outreach.example.yaml。",
            "Configuration file with the 'notify:' section (default: $OUTREACH_CONFIG, else outreach.yaml here); see outreach.example.yaml.",
            valueName: "path"))
    var config: String?
}

extension Language: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension EventStatus: ExpressibleByArgument {}
