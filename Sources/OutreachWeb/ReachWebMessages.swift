import OutreachCore

/// The words of the reach pages (`/reach/...`): both languages side by side.
enum ReachWebMessages {
    static func logTitle(event: String) -> Message {
        Message(zh: "登记触达：\(event)",
                en: "Log reach: \(event)")
    }

    static var logLink: Message {
        Message(zh: "登记触达",
                en: "Log reach")
    }

    static var date: Message {
        Message(zh: "日期",
                en: "Date")
    }

    static var segment: Message {
        Message(zh: "客群",
                en: "Audience segment")
    }

    static var noSegment: Message {
        Message(zh: "（不分客群）",
                en: "(no segment)")
    }

    static var note: Message {
        Message(zh: "备注",
                en: "Note")
    }

    static var photos: Message {
        Message(zh: "照片（JPEG 或 PNG，每张不超过 10 MB）",
                en: "Photos (JPEG or PNG, up to 10 MB each)")
    }

    static var save: Message {
        Message(zh: "保存",
                en: "Save")
    }

    static var chooseDay: Message {
        Message(zh: "今天不是该场次举办的日子。请选择要登记的场次日期：",
                en: "Today is not a day of this event. Choose the occurrence to log:")
    }

    static var noOccurrences: Message {
        Message(zh: "该场次没有可登记的日期。",
                en: "This event has no day to log.")
    }

    static func notAnImage(_ name: String) -> Message {
        Message(zh: "文件 '\(name)' 不是 JPEG 或 PNG 照片，未保存任何内容。",
                en: "The file '\(name)' is not a JPEG or PNG photo, so nothing was saved.")
    }

    static var fixErrors: Message {
        Message(zh: "表单有错误，未保存任何内容。请按提示修改后再提交。",
                en: "The form has errors, so nothing was saved. Correct them and submit again.")
    }

    static func saved(added: Int, replaced: Int, photos: Int) -> Message {
        Message(zh: "已保存：新增 \(added) 条，更正 \(replaced) 条，照片 \(photos) 张。",
                en: "Saved: \(added) added, \(replaced) corrected, \(photos) photo\(photos == 1 ? "" : "s").")
    }

    static var loggedSoFar: Message {
        Message(zh: "已登记的触达",
                en: "Reach logged so far")
    }

    static var nothingLogged: Message {
        Message(zh: "该场次还没有登记触达。",
                en: "No reach has been logged for this event yet.")
    }

    /// The columns of the reach logged so far.
    static var logColumns: [Message] {
        [
            Message(zh: "日期", en: "Date"),
            Message(zh: "指标", en: "Metric"),
            Message(zh: "客群", en: "Segment"),
            Message(zh: "数量", en: "Count"),
            Message(zh: "备注", en: "Note"),
            Message(zh: "填报人", en: "Recorded by"),
            Message(zh: "填报时间", en: "Recorded at"),
            Message(zh: "更正", en: "Correct"),
        ]
    }

    static var correct: Message {
        Message(zh: "更正",
                en: "Correct")
    }

    static var correcting: Message {
        Message(zh: "更正：保存后替换原来的数，原来的数保留在审计记录中。",
                en: "Correcting: saving replaces the earlier figure, which is kept in the audit trail.")
    }

    static var evidence: Message {
        Message(zh: "佐证照片",
                en: "Evidence photos")
    }

    static var noEvidence: Message {
        Message(zh: "还没有照片。",
                en: "No photos yet.")
    }

    static var tooLargeTitle: Message {
        Message(zh: "文件太大",
                en: "File too large")
    }

    static var tooLarge: Message {
        Message(zh: "上传的内容超过上限：每张照片不超过 10 MB，每个导入文件不超过 20 MB。未保存任何内容。",
                en: "The upload is over the limit: each photo up to 10 MB, each import file up to 20 MB. Nothing was saved.")
    }

    static var badUpload: Message {
        Message(zh: "上传的表单不完整或格式不对，未保存任何内容。请重新打开页面再提交。",
                en: "The upload was incomplete or malformed, so nothing was saved. Open the page again and resubmit.")
    }

    static var uploadTitle: Message {
        Message(zh: "导入触达文件",
                en: "Upload reach records")
    }

    static var uploadHelp: Message {
        Message(zh: "CSV 或 Excel（.xlsx，读第一个工作表）文件，与 outreach reach import 相同：UTF-8 或 GB18030，中文或英文表头。全部成功或全不导入。",
                en: "A CSV or Excel (.xlsx, its first sheet) file as outreach reach import takes it: UTF-8 or GB18030, Chinese or English headers. All or nothing.")
    }

    static var file: Message {
        Message(zh: "文件",
                en: "File")
    }

    static var skipBadRows: Message {
        Message(zh: "跳过错误行（导入正确的行，错误行可下载）",
                en: "Skip bad rows (import the good ones; download the bad ones)")
    }

    static var importButton: Message {
        Message(zh: "导入",
                en: "Import")
    }

    static var noFile: Message {
        Message(zh: "请选择要导入的文件。",
                en: "Choose a file to import.")
    }

    /// A workbook's problem placed by sheet and cell (`Sheet1!C7`).
    static func cell(_ place: String, _ message: String) -> Message {
        Message(zh: "\(place)：\(message)",
                en: "\(place): \(message)")
    }

    static func line(_ line: Int, _ message: String) -> Message {
        Message(zh: "第 \(line) 行：\(message)",
                en: "Line \(line): \(message)")
    }

    static func nothingImported(errors: Int) -> Message {
        Message(zh: "有 \(errors) 处错误，未导入任何内容。改正后重新导入，或勾选“跳过错误行”。",
                en: "\(errors) error\(errors == 1 ? "" : "s") found, so nothing was imported. Correct the file and upload it again, or tick \"Skip bad rows\".")
    }

    static func imported(batch: Int, rows: Int, added: Int, replaced: Int, unchanged: Int) -> Message {
        Message(zh: "已导入批次 \(batch)：\(rows) 行，新增 \(added) 条，更正 \(replaced) 条，未变 \(unchanged) 条。",
                en: "Imported batch \(batch): \(rows) rows, \(added) added, \(replaced) corrected, \(unchanged) unchanged.")
    }

    static func rejected(rows: Int) -> Message {
        Message(zh: "\(rows) 行未导入：",
                en: "\(rows) row\(rows == 1 ? "" : "s") not imported:")
    }

    static var downloadRejects: Message {
        Message(zh: "下载错误行",
                en: "Download the bad rows")
    }

    static func cannotRead(_ why: String) -> Message {
        Message(zh: "无法读取该文件：\(why)",
                en: "The file cannot be read: \(why)")
    }
}
