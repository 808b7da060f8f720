/// The language of messages, headers and reports: Chinese first, English available.
public enum Language: String, Hashable, Sendable, Codable, CaseIterable {
    case zh, en

    /// The language the environment asks for: `OUTREACH_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG`.
    /// Chinese unless one of them names English (`en_US.UTF-8`); `C` and `POSIX` stay Chinese.
    public static func preferred(environment: [String: String]) -> Language {
        for key in ["OUTREACH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key]?.lowercased(), !value.isEmpty else { continue }
            if value.hasPrefix("zh") { return .zh }
            if value.hasPrefix("en") { return .en }
            if key == "OUTREACH_LANG" { continue }
            if value == "c" || value == "posix" || value.hasPrefix("c.") { continue }
            return .zh
        }
        return .zh
    }

    /// Picks the string for this language.
    public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}
