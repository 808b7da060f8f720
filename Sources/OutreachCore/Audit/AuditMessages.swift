/// The words of the audit log: where a change was made and what it was.
public enum AuditMessages {
    public static func source(_ source: AuditEntry.Source) -> Message {
        switch source {
        case .web: Message(zh: "网页", en: "web")
        case .commandLine: Message(zh: "命令行", en: "command line")
        case .api: Message(zh: "接口（API）", en: "API")
        }
    }

    /// What changed, before → after, in words.
    public static func change(_ change: AuditEntry.Change) -> Message {
        switch change {
        case .status(let from, let to):
            Message(zh: "状态：\(from.text(.zh)) → \(to.text(.zh))",
                    en: "Status: \(from.text(.en)) → \(to.text(.en))")
        case .created: EventFormMessages.created
        case .field(let name, let from, let to): EventFormMessages.fieldChanged(name, from: from, to: to)
        }
    }
}
