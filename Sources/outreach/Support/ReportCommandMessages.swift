import OutreachApp
import OutreachCore

/// The text of the `report` commands: flags, files written, publishing and off-track alerts. Both languages side
/// by side.
enum ReportCommandMessages {
    /// Off-track alerts queued: how many lines of how many branches are behind, and how many alerts were queued.
    /// A newer alert replaces one not sent yet: said, so that it does not read as a second alert.
    static func offTrackQueued(lines: Int, branches: Int, margin: Int, queued: Int, replaced: Int) -> Message {
        let replacing =
            replaced == 0
            ? (zh: "", en: "")
            : (zh: "，替换了 \(replaced) 条尚未发送的旧预警", en: ", replacing \(replaced) not yet sent")
        return Message(zh: "\(branches) 个机构共 \(lines) 项落后于按时间折算的目标 \(margin) 个百分点以上，已排队 \(queued) 条预警\(replacing.zh)（每个群每周最多一条）。\n",
                       en: "\(lines) line\(lines == 1 ? "" : "s") of \(branches) branch\(branches == 1 ? " is" : "es are") \(margin) points or more behind the pro-rated target; queued \(queued) alert\(queued == 1 ? "" : "s")\(replacing.en) (at most one a week per group).\n")
    }

    static var periodGivenTwice: Message { ReportQueryMessages.periodGivenTwice }


    static func invalidBy(value: String, known: [String], hint: String) -> Message {
        ReportQueryMessages.invalidBy(value: value, known: known, hint: hint)
    }

    static var byOneOfMonthWeekDay: Message { ReportQueryMessages.byOneOfMonthWeekDay }

    static func invalidLevel(level: String) -> Message {
        ReportQueryMessages.invalidLevel(level: level)
    }

    static var byOneTimeDimension: Message { ReportQueryMessages.byOneTimeDimension }

    static func wrote(path: String) -> Message {
        Message(zh: "已写入 \(path)\n",
                en: "Wrote \(path)\n")
    }

    static func invalidMonth(month: String) -> Message {
        Message(zh: "'--month' 的值 '\(month)' 无效。应为 '2027-03' 这样的月份，年份在 2000 到 2100 之间。",
                en: "The value '\(month)' is invalid for '--month'. Expected a month like '2027-03', in the years 2000 to 2100.")
    }

    static var noBranches: Message {
        Message(zh: "没有机构数据。",
                en: "There are no branches.")
    }

    static func wroteBulletin(base: String) -> Message {
        Message(zh: "已写入 \(base).md 和 \(base).html。\n",
                en: "Wrote \(base).md and \(base).html.\n")
    }

    static func wrotePDF(base: String) -> Message {
        Message(zh: "已写入 \(base).pdf（A4）。\n",
                en: "Wrote \(base).pdf (A4).\n")
    }

    static var notPublished: Message {
        Message(zh: "专刊未发布。",
                en: " The bulletin was not published.")
    }

    static func chromiumNotFound(base: String, unpublished: String) -> Message {
        Message(zh: "无法生成 PDF：未找到 Chromium。请安装 'chromium' 和中文字体 'fonts-noto-cjk'（Debian/Ubuntu：sudo apt-get install chromium fonts-noto-cjk），或用环境变量 OUTREACH_CHROMIUM 指定浏览器路径；也可在浏览器中打开 \(base).html 后打印。\(unpublished)",
                en: "Cannot write the PDF: Chromium was not found. Install 'chromium' and the Chinese fonts 'fonts-noto-cjk' (Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk), or name the browser in OUTREACH_CHROMIUM; or open \(base).html in a browser and print it.\(unpublished)")
    }

    static func chromiumFailed(status: Int32, base: String, unpublished: String, said: String) -> Message {
        Message(zh: "无法生成 PDF：Chromium 退出码 \(status)，未写出 \(base).pdf。\(unpublished)\n\(said)",
                en: "Cannot write the PDF: Chromium exited with status \(status) and wrote no \(base).pdf.\(unpublished)\n\(said)")
    }

    static func restatementsIncluded(count: Int) -> Message {
        Message(zh: "包含 \(count) 项对已发布专刊的更正说明。\n",
                en: "It restates \(count) figure\(count == 1 ? "" : "s") of earlier bulletins.\n")
    }

    static func published(month: String) -> Message {
        Message(zh: "已发布 \(month) 专刊。\n",
                en: "Published the \(month) bulletin.\n")
    }

    static func bulletinNoticesQueued(queued: Int) -> Message {
        Message(zh: "已排队 \(queued) 条发布通知。\n",
                en: "Queued \(queued) notice\(queued == 1 ? "" : "s") of it.\n")
    }
}
