import OutreachCore

/// The words of `outreach import` refusing to overwrite events edited in the web app (and of its
/// `--overwrite-web-edits`).
enum WebEditCommandMessages {
    /// One event edited on the web that the file would change; the differences follow, one a line.
    static func conflict(path: String, id: Event.ID, title: BilingualName, by: String, at: String) -> Message {
        Message(zh: "\(path)：活动场次 '\(id)'（\(title.zh)）已由 \(by) 于 \(at) 在网页上修改，晚于上次导入或导出；导入该文件会改变：\n",
                en: "\(path): event '\(id)' (\(title.text(.en))) was edited on the web by \(by) at \(at), after the last import or export; importing the file would change:\n")
    }

    /// The file no longer has the event: importing it would cancel the event.
    static var missingFromFile: Message {
        Message(zh: "  文件中没有该场次：导入会将其取消。\n",
                en: "  The file does not have this event: importing it would cancel the event.\n")
    }

    /// One field, before (the web edit) → after (the file).
    static func difference(_ difference: EventFields.Difference) -> Message {
        func shown(_ value: String, _ language: Language) -> String {
            value.isEmpty ? EventFormMessages.none.text(language) : value
        }
        return Message(zh: "  \(difference.field)：\(shown(difference.before, .zh)) → \(shown(difference.after, .zh))\n",
                       en: "  \(difference.field): \(shown(difference.before, .en)) → \(shown(difference.after, .en))\n")
    }

    static func nothingImported(count: Int) -> Message {
        Message(zh: "网页上修改过的 \(count) 个活动场次会被覆盖，未导入任何内容。先用 'outreach export campaigns 目录' 把网页上的修改写成文件，或加 --overwrite-web-edits 让文件覆盖网页上的修改。\n",
                en: "\(count) event\(count == 1 ? "" : "s") edited on the web would be overwritten; nothing was imported. Write the web edits to files first with 'outreach export campaigns DIR', or give --overwrite-web-edits to let the files win.\n")
    }

    static func overwritten(count: Int) -> Message {
        Message(zh: "已用文件覆盖网页上修改过的 \(count) 个活动场次（--overwrite-web-edits）。\n",
                en: "Overwrote \(count) event\(count == 1 ? "" : "s") edited on the web with the files (--overwrite-web-edits).\n")
    }
}
