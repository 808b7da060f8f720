import OutreachFormats

/// Why an .xlsx file given to `reach import` could not be read, in both languages: the file is placed by the
/// issue (`reach.xlsx: error: …`); the message says what is wrong and what to do or what is accepted.
public enum WorkbookMessages {
    /// What `reach import` reads, said after a file that is not one of them.
    public static var accepted: Message {
        Message(zh: "可导入：.xlsx 工作簿（读取第一个工作表）或 CSV/TSV 文本文件。",
                en: "Accepted: an .xlsx workbook (its first sheet is read) or a CSV or TSV text file.")
    }

    public static var oldXLS: Message {
        Message(zh: "这是旧版 Excel 97–2003 工作簿（.xls），不是 .xlsx。请在 Excel 或 WPS 中另存为 .xlsx 或“CSV UTF-8”后再导入。",
                en: "This is an Excel 97–2003 workbook (.xls), not .xlsx. Save it as .xlsx or as CSV UTF-8 in Excel or WPS, then import that.")
    }

    public static var namedButNotZip: Message {
        Message(zh: "文件名为 .xlsx，但内容不是 .xlsx 工作簿（不是 ZIP 压缩包）。",
                en: "The file is named .xlsx but is not an .xlsx workbook (it is not a ZIP archive).")
    }

    public static var truncated: Message {
        Message(zh: "工作簿不完整（ZIP 压缩包提前结束），可能是复制或下载时被截断。请重新复制或下载该文件。",
                en: "The workbook is cut short (its ZIP archive ends early), as a copy or download that stopped half way leaves it. Copy or download it again.")
    }

    public static func truncatedAt(part: String) -> Message {
        Message(zh: "工作簿不完整：部件 '\(part)' 超出了文件末尾（文件被截断）。请重新复制或下载该文件。",
                en: "The workbook is cut short: its part '\(part)' runs past the end of the file. Copy or download it again.")
    }

    public static var damagedDirectory: Message {
        Message(zh: "工作簿已损坏：ZIP 目录不一致。请在 Excel 或 WPS 中打开并重新保存。",
                en: "The workbook is damaged: its ZIP directory is inconsistent. Open it in Excel or WPS and save it again.")
    }

    public static func damagedPart(part: String) -> Message {
        Message(zh: "工作簿已损坏：部件 '\(part)' 的压缩数据无效或 CRC-32 校验失败。请重新复制，或在 Excel 中重新保存。",
                en: "The workbook is damaged: the compressed data of its part '\(part)' is invalid or fails its CRC-32 check. Copy it again, or save it again in Excel.")
    }

    public static var notWorkbook: Message {
        Message(zh: "文件是 ZIP 压缩包，但不是 .xlsx 工作簿（没有 xl/workbook.xml）。",
                en: "The file is a ZIP archive but not an .xlsx workbook (it has no xl/workbook.xml).")
    }

    public static var encrypted: Message {
        Message(zh: "工作簿设置了密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码后重新保存。",
                en: "The workbook is protected by a password (encrypted) and cannot be read. Remove the password in Excel or WPS and save it again.")
    }

    public static func unsupportedPart(part: String, feature: String) -> Message {
        Message(zh: "工作簿的部件 '\(part)' 使用了不支持的 ZIP 特性（\(feature)）。请在 Excel 或 WPS 中重新保存。",
                en: "The workbook's part '\(part)' uses a ZIP feature that is not read (\(feature)). Save it again in Excel or WPS.")
    }

    public static func tooLarge(part: String, limit: Int, ratio: Int) -> Message {
        Message(zh: "工作簿的部件 '\(part)' 解压后超过 \(groupedThousands(limit)) 字节或超过压缩大小的 \(groupedThousands(ratio)) 倍（疑似压缩炸弹），已拒绝。数据量大时请分成几个文件导入。",
                en: "The workbook's part '\(part)' expands to more than \(groupedThousands(limit)) bytes or more than \(groupedThousands(ratio)) times its compressed size (a zip bomb), and is refused. Split a very large sheet into several files.")
    }

    public static func tooManyEntries(count: Int, limit: Int) -> Message {
        Message(zh: "工作簿包含 \(groupedThousands(count)) 个部件，超过上限 \(groupedThousands(limit)) 个，已拒绝。",
                en: "The workbook has \(groupedThousands(count)) parts, more than the \(groupedThousands(limit)) read, and is refused.")
    }

    public static func missingPart(part: String) -> Message {
        Message(zh: "工作簿缺少 '\(part)'，无法找到第一个工作表。请在 Excel 或 WPS 中重新保存。",
                en: "The workbook has no '\(part)', which its first sheet needs. Save it again in Excel or WPS.")
    }

    public static func badXML(part: String, problem: Message) -> Message {
        Message(zh: "工作簿的部件 '\(part)' 不是格式正确的 XML：\(problem.zh)。请在 Excel 或 WPS 中重新保存。",
                en: "The workbook's part '\(part)' is not well-formed XML: \(problem.en). Save it again in Excel or WPS.")
    }

    public static func xmlProblem(_ problem: XLSXReadError.XMLProblem) -> Message {
        switch problem {
        case .cutShort: Message(zh: "内容不完整", en: "it is cut short")
        case .doctype: Message(zh: "含有工作簿不使用的文档类型声明（DTD）", en: "it declares a DTD, which workbooks do not use")
        case .tooDeep(let limit): Message(zh: "元素嵌套超过 \(limit) 层", en: "elements nest deeper than \(limit)")
        case .unknownEntity(let entity): Message(zh: "使用了 XML 未定义的实体 '\(entity)'", en: "it uses '\(entity)', which XML does not define")
        case .mismatchedTag(let name): Message(zh: "结束标记 '\(name)' 与开始标记不匹配", en: "the end tag '\(name)' does not match its start tag")
        case .malformed: Message(zh: "语法错误", en: "its syntax is broken")
        }
    }

    public static var noSheets: Message {
        Message(zh: "工作簿没有工作表。",
                en: "The workbook has no sheets.")
    }

    public static func tooManyCells(limit: Int) -> Message {
        Message(zh: "第一个工作表超过 \(groupedThousands(limit)) 个单元格，已拒绝。请分成几个文件导入。",
                en: "The first sheet has more than \(groupedThousands(limit)) cells and is refused. Split it into several files.")
    }

    public static func badCell(reference: String, problem: Message) -> Message {
        Message(zh: "第一个工作表的单元格 \(reference) \(problem.zh)。请在 Excel 或 WPS 中重新保存。",
                en: "The cell \(reference) of the first sheet \(problem.en). Save it again in Excel or WPS.")
    }

    public static func cellProblem(_ problem: XLSXReadError.CellProblem) -> Message {
        switch problem {
        case .outsideSheet: Message(zh: "超出工作表范围（A1 至 XFD1048576）", en: "is outside what a sheet holds (A1 to XFD1048576)")
        case .outOfOrder: Message(zh: "的行或列顺序错乱", en: "is out of row or column order")
        case .unknownType(let type): Message(zh: "的类型 '\(type)' 未定义", en: "has the type '\(type)', which SpreadsheetML does not define")
        case .missingSharedString(let index): Message(zh: "引用了不存在的共享字符串 \(index)", en: "refers to shared string \(index), which the workbook does not have")
        }
    }

    /// The message for a workbook that could not be read.
    public static func refusal(_ error: XLSXReadError, limits: XLSXReadLimits = XLSXReadLimits()) -> Message {
        switch error {
        case .notZip(let looksLikeXLS): looksLikeXLS ? oldXLS : joined(namedButNotZip, accepted)
        case .corruptArchive(let truncated, let part):
            truncated ? (part.map { truncatedAt(part: $0) } ?? Self.truncated) : (part.map { damagedPart(part: $0) } ?? damagedDirectory)
        case .notWorkbook: joined(notWorkbook, accepted)
        case .unsupportedEntry(let part, let feature): feature == "encryption" ? encrypted : unsupportedPart(part: part, feature: feature)
        case .tooLarge(let part, let limit): tooLarge(part: part, limit: limit, ratio: limits.maximumCompressionRatio)
        case .corruptEntry(let part): damagedPart(part: part)
        case .tooManyEntries(let count, let limit): tooManyEntries(count: count, limit: limit)
        case .missingPart(let part): missingPart(part: part)
        case .badXML(let part, let problem): badXML(part: part, problem: xmlProblem(problem))
        case .noSheets: noSheets
        case .tooManyCells(let limit): tooManyCells(limit: limit)
        case .badCell(let reference, let problem): badCell(reference: reference, problem: cellProblem(problem))
        }
    }

    private static func joined(_ first: Message, _ second: Message) -> Message {
        Message(zh: first.zh + second.zh, en: first.en + " " + second.en)
    }
}
