import ArgumentParser
import Foundation
import OutreachCore

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Database file (default: $OUTREACH_DATABASE, else outreach.sqlite). 数据库文件。", valueName: "path"))
    var database: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Language of messages and headers: zh or en (default: from $OUTREACH_LANG / $LANG, Chinese first). 语言。",
            valueName: "zh|en"))
    var lang: Language?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Configuration file with the 'notify:' section (default: $OUTREACH_CONFIG, else outreach.yaml if present). 配置文件。",
            valueName: "path"))
    var config: String?

    /// The language: `--lang`, else the environment.
    var language: Language { lang ?? Language.preferred(environment: ProcessInfo.processInfo.environment) }

    /// The database path: `--database`, else `$OUTREACH_DATABASE`, else `outreach.sqlite` here.
    var databasePath: String {
        if let database { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment["OUTREACH_DATABASE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "outreach.sqlite"
    }
}

extension Language: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension EventStatus: ExpressibleByArgument {}
