import Foundation

/// The words of planning events outside campaign files: the planning form's own checks, a web edit in the audit
/// log, and the differences an import would make to an event edited on the web.
public enum EventFormMessages {
    /// A new event's id is already used by a stored event.
    public static func idInUse(id: String, title: BilingualName, campaign: BilingualName) -> Message {
        Message(zh: "编号 '\(id)' 已被宣传活动“\(campaign.zh)”的活动场次“\(title.zh)”使用。请换一个编号。",
                en: "The id '\(id)' is already used by the event '\(title.text(.en))' of the campaign '\(campaign.text(.en))'. Choose another id.")
    }

    /// An event added in the web app, in the audit log.
    public static var created: Message {
        Message(zh: "新建活动场次",
                en: "Event created")
    }

    /// One field of an event changed in the web app, in the audit log (the file's key, before → after).
    public static func fieldChanged(_ field: String, from before: String, to after: String) -> Message {
        Message(zh: "\(field)：\(shown(before, .zh)) → \(shown(after, .zh))",
                en: "\(field): \(shown(before, .en)) → \(shown(after, .en))")
    }

    /// An empty value, as shown in a difference.
    public static var none: Message {
        Message(zh: "（无）",
                en: "(none)")
    }

    static func shown(_ value: String, _ language: Language) -> String {
        value.isEmpty ? none.text(language) : value
    }
}
