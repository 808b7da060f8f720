import OutreachApp
import OutreachCore

/// What `outreach migrate` says, both languages side by side.
enum MigrateCommandMessages {
    static func sourceMissing(path: String) -> Message {
        Message(zh: "要迁移的数据库 '\(path)' 不存在。请用 --from 指定现有的数据库文件。",
                en: "The database to migrate from, '\(path)', does not exist. Give an existing database file with --from.")
    }

    static func sameStore(location: String) -> Message {
        Message(zh: "--from 与 --to 是同一个数据库 '\(location)'。",
                en: "--from and --to are the same database, '\(location)'.")
    }

    static func targetNotEmpty(location: String, held: String) -> Message {
        Message(zh: "目标数据库 '\(location)' 已有数据（\(held)），未复制任何内容。如需删除其中的数据并以源数据库覆盖，请加 --replace-target。",
                en: "The target database '\(location)' already holds data (\(held)); nothing was copied. Give --replace-target to delete what it holds and copy over it.")
    }

    static var headers: [Message] {
        [Message(zh: "记录", en: "records"), Message(zh: "源", en: "source"), Message(zh: "目标", en: "target"), Message(zh: "结果", en: "check")]
    }

    static var same: Message { Message(zh: "一致", en: "same") }
    static var differs: Message { Message(zh: "不一致", en: "DIFFERS") }

    static func copied(from: String, to: String, reports: Int) -> Message {
        Message(zh: "已将 '\(from)' 迁移到 '\(to)'：各类记录数一致，\(reports) 份报表（一维与二维分组）在两边完全相同。",
                en: "Moved '\(from)' to '\(to)': every count matches, and \(reports) reports (every grouping of one and two dimensions) are the same on both.")
    }

    static func reportDiffers(_ request: String, source: String, target: String) -> Message {
        Message(zh: "报表 \(request) 不一致：\n  源：\(source)\n  目标：\(target)",
                en: "Report \(request) differs:\n  source: \(source)\n  target: \(target)")
    }

    static func mismatch(counts: Int, reports: Int) -> Message {
        Message(zh: "迁移后核对不一致：\(counts) 类记录数、\(reports) 份报表不同（见上）。",
                en: "The copy does not match: \(counts) counts and \(reports) reports differ (see above).")
    }
}
