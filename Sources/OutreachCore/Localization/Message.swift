/// One user-facing text in both languages, side by side: what every message catalogue returns.
///
/// A catalogue is an enum per area (`BulletinMessages`, `NoticeMessages`, …) whose static functions take the
/// message's values and return a `Message`; a call site reads `BulletinMessages.title(scope:month:).text(language)`.
/// New user-facing text goes into the catalogue of its area, never inline at the call site.
public struct Message: Sendable {
    public let zh: String
    public let en: String
    /// Where the catalogue writes the message, so a test can prove that every message of a catalogue is checked.
    public let fileID: String
    public let line: Int

    public init(zh: String, en: String, fileID: String = #fileID, line: Int = #line) {
        self.zh = zh
        self.en = en
        self.fileID = fileID
        self.line = line
    }

    /// Both texts on two lines, Chinese first: how a message stored for later readers of either language
    /// (a notice's last error in the outbox) is kept.
    public var bothLines: String { zh + "\n" + en }

    /// The message as a bilingual name, for values that carry their words in both languages (a reminder's
    /// "明天" / "tomorrow", a period's "2027 年第一季度" / "2027 Q1").
    public var names: BilingualName { BilingualName(zh: zh, en: en) }

    /// The text in the given language.
    public func text(_ language: Language) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }
}
