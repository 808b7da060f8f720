import OutreachCore

/// The text of importing reach: the headers of the rejects file. Both languages side by side.
public enum ReachImportMessages {
    public static var rejectsLineHeader: Message {
        Message(zh: "行号",
                en: "line")
    }

    public static var rejectsReasonHeader: Message {
        Message(zh: "原因",
                en: "reason")
    }
}
