import OutreachApp
import OutreachCore

/// The text every command shares: reading and writing files, the database, flags and dates, unknown commands.
/// Both languages side by side.
enum CommandMessages {
    static func cannotWrite(path: String, reason: String) -> Message {
        Message(zh: "无法写入文件 '\(path)'：\(reason)。",
                en: "Cannot write '\(path)': \(reason).")
    }

    /// Between the items of a list in a sentence: 张伟、李娜 / Zhang Wei, Li Na.
    static var listSeparator: Message {
        Message(zh: "、",
                en: ", ")
    }

    static var warningPrefix: Message {
        Message(zh: "警告：",
                en: "Warning: ")
    }

    static func unreadableNow(_ value: String) -> Message {
        Message(zh: "环境变量 OUTREACH_NOW 的值 '\(value)' 不是时间。请写 ISO 8601 时间，例如 '2026-12-05T18:00:00+08:00'，或去掉该变量以使用当前时间。",
                en: "The environment variable OUTREACH_NOW is '\(value)', which is not a time. Write an ISO 8601 time, e.g. '2026-12-05T18:00:00+08:00', or unset it to use the real clock.")
    }

    static func databaseMissing(path: String) -> Message {
        Message(zh: "数据库 '\(path)' 不存在。请先运行 'outreach init'。",
                en: "The database '\(path)' does not exist. Run 'outreach init' first.")
    }

    static func didYouMean(suggestion: String) -> Message {
        Message(zh: "是否应为 '\(suggestion)'？",
                en: " Did you mean '\(suggestion)'?")
    }

    static func unknownValue(subject: Subject, value: String, flag: String, hint: String) -> Message {
        Message(zh: "'\(flag)' 的值 '\(value)' 不是已知的\(subject.noun(.zh))。\(hint)",
                en: "Unknown \(subject.noun(.en)) '\(value)' for '\(flag)'.\(hint)")
    }

    static var errorPrefix: Message {
        Message(zh: "错误：",
                en: "Error: ")
    }

    static func noSuchFileOrFolder(path: String) -> Message {
        Message(zh: "文件或文件夹 '\(path)' 不存在。",
                en: "No such file or folder '\(path)'.")
    }

    static func cannotRead(path: String, reason: String) -> Message {
        Message(zh: "无法读取 '\(path)'：\(reason)。",
                en: "Cannot read '\(path)': \(reason).")
    }

    static func invalidDate(value: String, flag: String, why: String) -> Message {
        DateTextMessages.invalidDate(value: value, flag: flag, why: why)
    }

    static func toBeforeFrom(to: LocalDate, from: LocalDate) -> Message {
        DateTextMessages.toBeforeFrom(to: to, from: from)
    }

    static func unknownCommandSuggestion(word: String, suggestion: String) -> Message {
        Message(zh: "未知命令 '\(word)'。您是不是要找 '\(suggestion)'？",
                en: "Unknown command '\(word)'. Did you mean '\(suggestion)'?")
    }

    static func unknownCommand(word: String, parent: String, known: [String]) -> Message {
        Message(zh: "未知命令 '\(word)'。'\(parent)' 的命令有：\(known.joined(separator: "、"))。详见 '\(parent) --help'。",
                en: "Unknown command '\(word)'. The commands of '\(parent)' are \(known.joined(separator: ", ")). See '\(parent) --help'.")
    }
}
