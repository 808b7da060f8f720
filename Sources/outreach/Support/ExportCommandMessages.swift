import OutreachCore

/// The text of `outreach export`. Both languages side by side.
enum ExportCommandMessages {
    static func wrote(path: String, id: Campaign.ID, events: Int) -> Message {
        Message(zh: "已写入 \(path)：宣传活动 \(id)，\(events) 个活动场次。\n",
                en: "Wrote \(path): campaign \(id), \(events) events.\n")
    }

    static func filesExist(paths: [String]) -> Message {
        Message(zh: "这些文件已存在，未写入任何文件：\(paths.joined(separator: "、"))。使用 --force 覆盖，或换一个目录。",
                en: "These files already exist, so nothing was written: \(paths.joined(separator: ", ")). Use --force to overwrite them, or choose another folder.")
    }

    static func notAFolder(path: String) -> Message {
        Message(zh: "'\(path)' 是文件而不是目录。请给出要写入的目录。",
                en: "'\(path)' is a file, not a folder. Give the folder to write to.")
    }

    static func notFaithful(id: Campaign.ID) -> Message {
        Message(zh: "宣传活动 \(id) 写成文件后读回的内容与存储中的不同，未写入任何文件。这是 outreach 的缺陷，请报告。",
                en: "Campaign \(id) would not read back as stored once written as a file, so nothing was written. This is a bug in outreach; please report it.")
    }
}
