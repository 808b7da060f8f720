import ArgumentParser
import Foundation
import OutreachCore

/// The `outreach` command: plan financial-education campaigns, check the schedule, and show the agenda.
@main
struct Outreach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outreach",
        abstract: L("金融知识宣传活动的计划、排期、触达登记、报表与群通知。", "Plan and track financial-education outreach."),
        discussion: L(
            """
            宣传活动写在 YAML 文件里，像代码一样评审（见 docs/campaign-format.md）；基础数据在 seeds/；全部内容存放在一个\
            嵌入式 SQLite 文件（outreach.sqlite）中。通知的配置示例见 outreach.example.yaml。

            退出码：0 成功；64 参数、选项或编号有误；65 文件无效；1 其他失败。

            示例：
              outreach init                       # 用 seeds/ 创建 outreach.sqlite
              outreach validate campaigns/        # 检查全部活动文件
              outreach import campaigns/          # 导入（全部成功或全不导入）
              outreach plan                       # 未来 14 天的活动
              outreach --generate-completion-script zsh
            """,
            """
            Campaigns are YAML files reviewed like code (see docs/campaign-format.md); reference data lives \
            in seeds/; everything is stored in an embedded SQLite file (outreach.sqlite). An example notify \
            configuration is in outreach.example.yaml.

            Exit codes: 0 success; 64 bad flags, arguments or ids; 65 invalid files; 1 other failures.

            Examples:
              outreach init                       # create outreach.sqlite from seeds/
              outreach validate campaigns/        # check every campaign file
              outreach import campaigns/          # store them (all or nothing)
              outreach plan                       # the next 14 days
              outreach --generate-completion-script zsh
            """),
        version: "1.0.0",
        subcommands: [
            InitCommand.self, ValidateCommand.self, ImportCommand.self, PlanCommand.self, CampaignCommand.self,
            EventCommand.self, ExportCommand.self, ReachCommand.self, ReportCommand.self, NotifyCommand.self, WorkerCommand.self,
            UserCommand.self, ServeCommand.self, FeedCommand.self, TokenCommand.self, MigrateCommand.self,
        ]
    )

    /// Parses and runs a command like argument-parser's `main`, but with a misspelt command answered with the
    /// nearest one, every error under one prefix per language, and help in the language of the run, wrapped once.
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let language = helpLanguage
        // `outreach help plan --lang en`: the language is already chosen, and the help command takes no options.
        if arguments.first == "help" {
            arguments = arguments.enumerated().filter { index, argument in
                !(argument == "--lang" || argument.hasPrefix("--lang=") || index > 0 && arguments[index - 1] == "--lang")
            }.map(\.element)
        }
        // `outreach --lang en plan`: the options every command takes may come before the command too.
        arguments = CommandTree.movingGlobalOptions(arguments)
        ProcessMemory.limitArenas(command: arguments.first)
        if let unknown = CommandTree.unknownCommand(in: arguments) {
            FileHandle.standardError.write(Data((HelpText.errorPrefix(language) + unknown.message(language) + "\n").utf8))
            Foundation.exit(ExitStatus.usage)
        }
        // A clock fixed wrongly must not fall back to real time without a word.
        if let fixed = ProcessInfo.processInfo.environment["OUTREACH_NOW"], !fixed.isEmpty, Timestamp.date(from: fixed) == nil {
            let message = CommandMessages.unreadableNow(fixed).text(language)
            FileHandle.standardError.write(Data((HelpText.errorPrefix(language) + message + "\n").utf8))
            Foundation.exit(ExitStatus.usage)
        }
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            // Rendered without argument-parser's wrapping; wrapped once below.
            var message = fullMessage(for: error, columns: 100_000)
            let isHelp = message.hasPrefix("OVERVIEW: ") || message.hasPrefix("USAGE: ")
            if isHelp {
                message = HelpText.render(message, language: language, width: HelpText.screenWidth)
            } else if code != .success, !message.isEmpty {
                message = localizedError(message, language: language)
            }
            if !message.isEmpty {
                let text = message.hasSuffix("\n") ? message : message + "\n"
                (code == .success ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// argument-parser's error text with this tool's error prefix and its fixed phrases in the run's language.
    static func localizedError(_ message: String, language: Language) -> String {
        var text = message
        if text.hasPrefix("Error: ") { text = String(text.dropFirst("Error: ".count)) }
        text = HelpText.errorPrefix(language) + text
        // Not wrapped: an error message stays on one line, whole, as the tool's own errors are.
        guard language == .zh else { return text }
        // argument-parser's own messages, in the words this tool uses for its own.
        // ". Please provide one of 'a', 'b' or 'c'." as "。请使用 'a'、'b' 或 'c'。"
        if let range = text.range(of: #"\. Please provide one of '[^\n]*'\."#, options: .regularExpression) {
            let list = text[range].dropFirst(". Please provide one of ".count).dropLast()
                .replacingOccurrences(of: "', '", with: "'、'").replacingOccurrences(of: "' or '", with: "' 或 '")
                .replacingOccurrences(of: "' and '", with: "' 或 '")
            text.replaceSubrange(range, with: "。请使用 \(list)。")
        }
        for (pattern, template) in [
            (#"Missing expected argument '([^']+)'"#, "缺少参数 '$1'"),
            (#"Missing value for '([^']+)'"#, "选项 '$1' 缺少值"),
            (#"Unknown option '([^']+)'"#, "未知选项 '$1'"),
            (#"Unexpected argument '([^']*)'"#, "多余的参数 '$1'"),
            (#"(\d+) unexpected arguments: "#, "$1 个多余的参数："),
            (#"Missing one of: "#, "缺少以下之一："),
            (#"The option '([^']+)' does not take any value, but '([^']*)' was specified\."#, "选项 '$1' 不带值，但给出了 '$2'。"),
            (#"The value '([^']*)' is invalid for '([^']+)'"#, "'$2' 的值 '$1' 无效"),
            (#"\.? Did you mean '([^']+)'\?"#, "。是否应为 '$1'？"),
            (#"Value to be set with flag '([^']+)' had already been set with flag '([^']+)'"#, "'$1' 与 '$2' 不能同时使用"),
        ] {
            text = text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "\nUsage: ", with: "\n用法：")
        text = text.replacingOccurrences(of: "\nHelp:  ", with: "\n帮助：")
        return text.replacingOccurrences(
            of: #"See '([^']+)' for more information\."#, with: "详见 '$1'。", options: .regularExpression)
    }
}

/// The tree of commands, for answering a misspelt one.
enum CommandTree {
    struct Unknown {
        /// The command the word was given to (`outreach report`).
        var parent: String
        var word: String
        var suggestion: String?
        var known: [String]

        func message(_ language: Language) -> String {
            if let suggestion {
                return CommandMessages.unknownCommandSuggestion(word: word, suggestion: suggestion).text(language)
            }
            return CommandMessages.unknownCommand(word: word, parent: parent, known: known).text(language)
        }
    }

    /// The arguments with `--lang` and `--database` given before the command (`outreach --lang en plan`)
    /// moved after its name, where argument-parser reads them. Before no command at all they are dropped:
    /// the language has been read already, and the root command takes no database.
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--lang" || first == "--database", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--lang=") || first.hasPrefix("--database=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var command: any ParsableCommand.Type = Outreach.self
        var end = rest.startIndex
        while end < rest.endIndex,
            let match = command.configuration.subcommands.first(where: { $0._commandName == rest[end] || $0.configuration.aliases.contains(rest[end]) })
        {
            command = match
            end += 1
        }
        return Array(rest[..<end]) + (end == rest.startIndex ? [] : leading) + Array(rest[end...])
    }

    /// The first word that stands where a subcommand must be but names none. A command with a default
    /// subcommand (`report`, whose default `totals` takes no positional arguments) counts too; options and
    /// everything after them are left to argument-parser.
    static func unknownCommand(in arguments: [String]) -> Unknown? {
        var command: any ParsableCommand.Type = Outreach.self
        var path = ["outreach"]
        var skipValue = false
        for word in arguments {
            // `--lang en` and `--database PATH` may stand between the commands (moved there from the front).
            if skipValue {
                skipValue = false
                continue
            }
            if word == "--lang" || word == "--database" {
                skipValue = true
                continue
            }
            if word.hasPrefix("--lang=") || word.hasPrefix("--database=") { continue }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-"), word != "help" else { return nil }
            if let match = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                command = match
                path.append(word)
                continue
            }
            let names = subcommands.map { $0._commandName }
            return Unknown(parent: path.joined(separator: " "), word: word, suggestion: nearest(to: word, in: names), known: names)
        }
        return nil
    }
}
