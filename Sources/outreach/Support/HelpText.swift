import ArgumentParser
import Foundation
import OutreachCore

#if canImport(Glibc)
    import Glibc
#endif

/// The language of help texts, chosen once at start-up, before any command's configuration is read:
/// `--lang` on the command line, else the environment (`OUTREACH_LANG`, `LC_ALL`, `LC_MESSAGES`, `LANG`),
/// as for every other message. argument-parser's help is static, so each help text is picked from this.
let helpLanguage: Language = HelpText.language(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)

/// A help text in the language of this run: Chinese first, English with `--lang en`.
func L(_ zh: String, _ en: String) -> String { helpLanguage.pick(zh, en) }

/// An option's help in the language of this run.
func help(_ zh: String, _ en: String, valueName: String? = nil) -> ArgumentHelp {
    ArgumentHelp(L(zh, en), valueName: valueName)
}

enum HelpText {
    /// `--lang zh|en` (or `--lang=en`) among the arguments, else the environment's language.
    static func language(arguments: [String], environment: [String: String]) -> Language {
        var index = 0
        var chosen: Language?
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.count {
                chosen = Language(argument: arguments[index + 1]) ?? chosen
                index += 1
            } else if argument.hasPrefix("--lang=") {
                chosen = Language(argument: String(argument.dropFirst("--lang=".count))) ?? chosen
            }
            index += 1
        }
        return chosen ?? Language.preferred(environment: environment)
    }

    /// The prefix of every error message, one per language.
    static func errorPrefix(_ language: Language) -> String { CommandMessages.errorPrefix.text(language) }

    /// The width help is wrapped to: `$COLUMNS`, else the terminal's width, else 80.
    static var screenWidth: Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns >= 40 {
            return columns
        }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// argument-parser's section headings and fixed phrases, in Chinese.
    private static let chineseHeadings: [(String, String)] = [
        ("OVERVIEW: ", "概述："), ("USAGE: ", "用法："), ("OPTIONS:", "选项："), ("ARGUMENTS:", "参数："),
        ("SUBCOMMANDS:", "子命令："), ("Show help information.", "显示帮助信息。"), ("Show the version.", "显示版本。"),
        ("(default)", "（默认）"),
    ]

    /// A help screen from argument-parser (rendered unwrapped), with its headings in the language of the run
    /// and wrapped once, to the screen: by display width (a Chinese character takes two columns), between
    /// words or Chinese characters, with option and subcommand descriptions kept in their column. Example
    /// command lines are never broken, so they can be copied and pasted whole.
    static func render(_ help: String, language: Language, width: Int) -> String {
        var text = help
        if language == .zh {
            for (en, zh) in chineseHeadings { text = text.replacingOccurrences(of: en, with: zh) }
            text = text.replacingOccurrences(
                of: #"See '([^']+) <subcommand>' for detailed help\."#, with: "各子命令的详细说明见 '$1 <子命令>'。",
                options: .regularExpression)
            // The value lists and defaults argument-parser adds after an option's help.
            text = text.replacingOccurrences(
                of: #" ?\(values: ([^()]*); default: ([^()]*)\)"#, with: "（可选：$1；默认：$2）", options: .regularExpression)
            text = text.replacingOccurrences(of: #" ?\(values: ([^()]*)\)"#, with: "（可选：$1）", options: .regularExpression)
            text = text.replacingOccurrences(of: #" ?\(default: ([^()]*)\)"#, with: "（默认：$1）", options: .regularExpression)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrap(String($0), width: width) }.joined(separator: "\n")
    }

    /// Whether a help line is an indented example command (`  outreach plan …`).
    static func isExample(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        return trimmed.count < line.count && (trimmed.hasPrefix("outreach ") || trimmed == "outreach")
    }

    /// One line wrapped to `width` columns.
    static func wrap(_ line: String, width: Int) -> String {
        guard displayWidth(line) > width, !isExample(line) else { return line }
        let characters = Array(line)
        let leading = characters.prefix { $0 == " " }.count
        // An option or subcommand row: "  --from <date>           First day…" continues under its description.
        var hanging = leading
        if leading >= 2, let gap = findGap(characters, after: leading) {
            let column = displayWidth(String(characters[..<gap]))
            if column < width / 2 { hanging = column }
        } else if line.hasPrefix("USAGE: ") || line.hasPrefix("Usage: ") {
            hanging = 7
        } else if line.hasPrefix("用法：") {
            hanging = 6
        }
        var lines: [String] = []
        var current = String(repeating: " ", count: leading)
        var currentWidth = leading
        var index = leading
        // What a line holds before its first word: the line's own indentation, then the hanging indentation.
        var start: Int { lines.isEmpty ? leading : hanging }
        while index < characters.count {
            // The next unbreakable piece: a space, a word, or a Chinese character with closing punctuation after it.
            var end = index + 1
            if characters[index] != " " {
                if isWide(characters[index]) {
                    while end < characters.count, isClosing(characters[end]) { end += 1 }
                } else {
                    while end < characters.count, characters[end] != " ", !isWide(characters[end]) { end += 1 }
                    while end < characters.count, isWide(characters[end]), isClosing(characters[end]) { end += 1 }
                }
            }
            let piece = String(characters[index..<end])
            let pieceWidth = displayWidth(piece)
            if piece == " " {
                if currentWidth + 1 <= width, currentWidth > start {
                    current += " "
                    currentWidth += 1
                }
            } else {
                if currentWidth + pieceWidth > width, currentWidth > start {
                    while current.hasSuffix(" ") { current.removeLast() }
                    lines.append(current)
                    current = String(repeating: " ", count: hanging)
                    currentWidth = hanging
                }
                current += piece
                currentWidth += pieceWidth
            }
            index = end
        }
        while current.hasSuffix(" ") { current.removeLast() }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// The end of a run of two or more spaces after the label that starts at `start`.
    private static func findGap(_ characters: [Character], after start: Int) -> Int? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == " ", characters[index + 1] == " " {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                return end < characters.count ? end : nil
            }
            index += 1
        }
        return nil
    }

    private static func isClosing(_ c: Character) -> Bool { "，。、；：？！）》」』】,.;:?!)".contains(c) }

    static func isWide(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Columns a text takes on a terminal.
    static func displayWidth(_ text: String) -> Int { text.reduce(0) { $0 + (isWide($1) ? 2 : 1) } }
}
