import OutreachApp
import OutreachCore

/// The words of the reports, bulletin and scorecard pages: both languages side by side.
enum ReportsWebMessages {
    static var reportsNav: Message {
        Message(zh: "报表",
                en: "Reports")
    }

    static var reportsTitle: Message {
        Message(zh: "触达报表",
                en: "Reach report")
    }

    static var bulletinTitle: Message {
        Message(zh: "月度专刊",
                en: "Monthly bulletin")
    }

    static var scorecardTitle: Message {
        Message(zh: "机构考核记分卡",
                en: "Branch scorecard")
    }

    static func periodKindOption(_ kind: ReportQuery.PeriodKind) -> Message {
        switch kind {
        case .month: Message(zh: "月度", en: "Month")
        case .quarter: Message(zh: "季度", en: "Quarter")
        case .year: Message(zh: "年度", en: "Year")
        case .range: Message(zh: "自定日期", en: "Dates")
        }
    }

    /// A field's label, also naming it in its error messages.
    static func field(_ field: ReportQuery.Field) -> Message {
        switch field {
        case .period: Message(zh: "期间", en: "Period")
        case .month: Message(zh: "月份", en: "Month")
        case .quarter: Message(zh: "季度", en: "Quarter")
        case .year: Message(zh: "年度", en: "Year")
        case .from: Message(zh: "起始日期", en: "From")
        case .to: Message(zh: "截止日期", en: "To")
        case .by: Message(zh: "分组", en: "Group by")
        case .level: Message(zh: "机构层级", en: "Branch level")
        case .branch: Message(zh: "机构", en: "Branch")
        case .campaign: Message(zh: "宣传活动", en: "Campaign")
        case .channel: Message(zh: "渠道", en: "Channel")
        case .segment: Message(zh: "客群", en: "Segment")
        }
    }

    static var thenBy: Message {
        Message(zh: "再按",
                en: "Then by")
    }

    static var noGrouping: Message {
        Message(zh: "（不分组）",
                en: "(none)")
    }

    static var defaultLevel: Message {
        Message(zh: "（下一级）",
                en: "(the level below)")
    }

    static var showButton: Message {
        Message(zh: "查看",
                en: "Show")
    }

    static var fixFields: Message {
        Message(zh: "请修改下面标出的项。",
                en: "Please correct the fields marked below.")
    }

    static var downloads: Message {
        Message(zh: "下载",
                en: "Download")
    }

    static var pdfTitle: Message {
        Message(zh: "无法生成 PDF",
                en: "Cannot make the PDF")
    }

    static var chromiumMissing: Message {
        Message(zh: "服务器上未找到 Chromium，无法生成 PDF。请管理员安装 'chromium' 和中文字体 'fonts-noto-cjk'（Debian/Ubuntu：sudo apt-get install chromium fonts-noto-cjk），或用环境变量 OUTREACH_CHROMIUM 指定浏览器路径。也可以下载 CSV 或 xlsx，或在浏览器中打印本页。",
                en: "Chromium was not found on the server, so no PDF can be made. An admin installs 'chromium' and the Chinese fonts 'fonts-noto-cjk' (Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk), or names the browser in OUTREACH_CHROMIUM. Meanwhile, download the CSV or xlsx, or print this page from the browser.")
    }

    static func chromiumFailed(status: Int32) -> Message {
        Message(zh: "Chromium 退出码 \(status)，未生成 PDF。请稍后再试，或下载 CSV 或 xlsx。",
                en: "Chromium exited with status \(status) and made no PDF. Try again later, or download the CSV or xlsx.")
    }

    static var backToReport: Message {
        Message(zh: "返回报表",
                en: "Back to the report")
    }

    static var bulletinLink: Message {
        Message(zh: "月度专刊",
                en: "Monthly bulletin")
    }

    static var scorecardLink: Message {
        Message(zh: "记分卡",
                en: "Scorecard")
    }

    static var notPreparedYet: Message {
        Message(zh: "本期专刊尚未制表。",
                en: "Nobody has prepared this bulletin yet.")
    }

    static func preparedAwaiting(by name: String, at time: String) -> Message {
        Message(zh: "已由 \(name) 于 \(time) 制表，待另一位审核人发布。",
                en: "Prepared by \(name) on \(time); waiting for another person, an approver, to publish it.")
    }

    static func publishedSigned(by approver: String, at time: String, preparer: String) -> Message {
        Message(zh: "已由 \(approver) 于 \(time) 审核发布（制表：\(preparer)）。",
                en: "Published by \(approver) on \(time) (prepared by \(preparer)).")
    }

    static var prepareButton: Message {
        Message(zh: "制表（提交审核）",
                en: "Prepare (for approval)")
    }

    static var prepareAgainButton: Message {
        Message(zh: "重新制表",
                en: "Prepare again")
    }

    static var publishButton: Message {
        Message(zh: "审核并发布",
                en: "Approve and publish")
    }

    static var prepared: Message {
        Message(zh: "已制表。请由另一位审核人发布。",
                en: "Prepared. Another person, an approver, publishes it.")
    }

    static func publishedNow(notices: Int) -> Message {
        Message(zh: "已发布。已排队 \(notices) 条发布通知。",
                en: "Published. Queued \(notices) notice\(notices == 1 ? "" : "s") of it.")
    }

    static var standalone: Message {
        Message(zh: "下载 HTML",
                en: "Download HTML")
    }

    static var fourEyesHeading: Message {
        Message(zh: "制表与审核",
                en: "Preparation and approval")
    }

    static var auditHeading: Message {
        Message(zh: "操作记录",
                en: "Audit log")
    }

    static var noAudit: Message {
        Message(zh: "尚无操作记录。",
                en: "Nothing recorded yet.")
    }

    static func auditAction(_ action: BulletinAuditEntry.Action) -> Message {
        switch action {
        case .prepare: Message(zh: "制表", en: "Prepared")
        case .publish: Message(zh: "审核发布", en: "Approved and published")
        }
    }

    static var auditHeaders: [Message] {
        [Message(zh: "时间", en: "When"), Message(zh: "操作人", en: "Who"), Message(zh: "来源", en: "From"),
         Message(zh: "操作", en: "What")]
    }
}
