import Foundation

/// What the stores' errors say (`StoreError`, `ReachStoreError`, `ReachSums.Overflow`): both languages side by side.
public enum StoreMessages {
    public static func notInitialized(path: String) -> Message {
        Message(zh: "数据库 '\(path)' 尚未载入基础数据。请先运行 'outreach init'。",
                en: "The database '\(path)' has no reference data yet. Run 'outreach init' first.")
    }

    /// The nearest known id, after a lookup that failed.
    public static func didYouMean(_ suggestion: String) -> Message {
        Message(zh: "是否应为 '\(suggestion)'？",
                en: " Did you mean '\(suggestion)'?")
    }

    public static func eventNotFound(_ id: Event.ID) -> Message {
        Message(zh: "没有编号为 '\(id)' 的活动场次。",
                en: "No event with id '\(id)'.")
    }

    public static func campaignNotFound(_ id: Campaign.ID) -> Message {
        Message(zh: "没有编号为 '\(id)' 的宣传活动。",
                en: "No campaign with id '\(id)'.")
    }

    public static func schemaTooNew(found: Int, supported: Int) -> Message {
        Message(zh: "数据库结构版本 \(found) 高于本程序支持的版本（\(supported)）。请升级 outreach。",
                en: "The database schema version \(found) is newer than this outreach supports (\(supported)). Upgrade outreach.")
    }

    public static func databaseFailed(_ message: String) -> Message {
        Message(zh: "数据库出错：\(message)。",
                en: "The database failed: \(message).")
    }

    public static func busy(seconds: Int) -> Message {
        Message(zh: "等待数据库超时：另一个进程占用数据库超过 \(seconds) 秒，本次未做任何更改。请稍后重试。",
                en: "Timed out waiting for the database: another process kept it busy for more than \(seconds) seconds, so nothing was changed. Try again.")
    }

    public static func statusChange(_ id: Event.ID, from: EventStatus, to: EventStatus) -> Message {
        Message(zh: "活动场次 '\(id)' 当前为“\(from.text(.zh))”，不能改为“\(to.text(.zh))”。",
                en: "Event '\(id)' is \(from.rawValue) and cannot be marked \(to.rawValue).")
    }

    public static func notHeldYet(_ id: Event.ID, firstDay: LocalDate, today: LocalDate) -> Message {
        Message(zh: "活动场次 '\(id)' 的第一天是 \(firstDay)，今天是 \(today)，在此之前不能标记为“已完成”。",
                en: "Event '\(id)' cannot be marked done before its first day, \(firstDay) (today is \(today)).")
    }

    public static var noOpenBatch: Message {
        Message(zh: "没有正在写入的触达批次。",
                en: "No reach batch is open.")
    }

    public static var batchAlreadyOpen: Message {
        Message(zh: "已有正在写入的触达批次。",
                en: "A reach batch is already open.")
    }

    public static func batchNotFound(_ id: Int) -> Message {
        Message(zh: "没有编号为 \(id) 的批次。'outreach reach batches' 可列出全部批次。",
                en: "No batch with number \(id). 'outreach reach batches' lists them.")
    }

    public static func batchAlreadyUndone(_ id: Int, at: Date) -> Message {
        Message(zh: "批次 \(id) 已于 \(Timestamp.string(from: at)) 撤销。",
                en: "Batch \(id) was already undone at \(Timestamp.string(from: at)).")
    }

    public static func codeSpaceFull(kind: String, limit: Int) -> Message {
        Message(zh: "\(kind) 超过 \(limit) 个，触达汇总无法容纳更多。",
                en: "There are more than \(limit) \(kind)s; the reach rollup cannot hold more.")
    }

    public static var sumOverflow: Message {
        Message(zh: "数据合计超出可表示的范围：部分记录的数量超过上限 1,000,000,000（由旧版本写入）。'outreach reach verify' 会列出这些记录；请用 'outreach reach import' 更正或用 'outreach reach undo' 撤销。",
                en: "The figures add up beyond what a total can hold: some records hold counts over the limit of 1,000,000,000 (written by an older version). 'outreach reach verify' lists them; correct them with 'outreach reach import' or 'outreach reach undo'.")
    }
}
