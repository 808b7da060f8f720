extension Diagnostic {
    /// Messages about the `notify:` configuration. Secret values are never quoted: a message names the
    /// field or the variable, not what it holds.
    func notifyMessage(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .secretInline(let field, let instead):
            return en
                ? "The field '\(field)' puts a secret in the configuration file. Use '\(instead)' or the secrets file instead."
                : "字段 '\(field)' 把密钥直接写在了配置文件中。请改用 '\(instead)' 或密钥文件。"
        case .plainHTTPWebhook(let target, let origin):
            return en
                ? "The target '\(target)' posts to '\(origin)' over plain http, so its key travels unencrypted. Use https unless this is a local test server."
                : "通知目标 '\(target)' 通过明文 http 发送到 '\(origin)'，key 未加密传输。除本地测试服务器外请使用 https。"
        case .invalidWebhook(let field, let kind):
            return en
                ? "The value of '\(field)' is not a valid \(kind) key or webhook URL. Give the key alone or the full URL starting with https://."
                : "'\(field)' 的值不是有效的 \(kind) key 或 Webhook 地址。请只填 key，或填写以 https:// 开头的完整地址。"
        case .webhookNeedsURL(let field, let kind):
            return en
                ? "A \(kind) target needs the full webhook URL in '\(field)', not a bare key."
                : "\(kind) 类型的通知目标需要在 '\(field)' 中填写完整的 Webhook 地址，而不是单独的 key。"
        case .invalidSigningSecret(let field):
            return en
                ? "The secret in '\(field)' is not a Standard Webhooks secret. Expected 'whsec_' followed by base64."
                : "'\(field)' 中的密钥不是 Standard Webhooks 密钥。应为 'whsec_' 加 base64 文本。"
        case .fieldNotForKind(let field, let kind, let kinds):
            return en
                ? "The field '\(field)' does not apply to \(kind) targets; it is used by \(quotedList(kinds, .en, conjunction: ("和", "and"))) targets."
                : "字段 '\(field)' 不适用于 \(kind) 类型的通知目标；它只用于 \(quotedList(kinds, .zh, conjunction: ("和", "and")))。"
        case .conflictingFields(let first, let second):
            return en ? "Give only one of '\(first)' and '\(second)'." : "'\(first)' 和 '\(second)' 只能填写一个。"
        case .missingOneOf(let fields, let subject):
            return en
                ? "Missing \(quotedList(fields, .en)) in \(subject.withArticle(.en))."
                : "\(subject.noun(.zh))缺少 \(quotedList(fields, .zh))。"
        case .invalidRate(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a count per period like '20/60s', '5/1s' or '100/min', or 'unlimited'."
                : "'\(field)' 的值 '\(value)' 无效。应为每段时间的条数，例如 '20/60s'、'5/1s' 或 '100/min'，或 'unlimited'。"
        case .invalidOffTrackMargin(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected percentage points behind the pro-rated target, a whole number from 1 to 100, like '20'."
                : "'\(field)' 的值 '\(value)' 无效。应为落后于按时间折算目标的百分点数，1 到 100 之间的整数，例如 '20'。"
        case .invalidQuietHours(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a range of times like '22:00-08:00', or 'off'."
                : "'\(field)' 的值 '\(value)' 无效。应为时间范围，例如 '22:00-08:00'，或 'off'。"
        case .invalidTemplate(let field, let error):
            return en
                ? "The template '\(field)' is invalid at line \(error.line), column \(error.column): \(Diagnostic.templateReason(error.reason, .en))."
                : "模板 '\(field)' 第 \(error.line) 行第 \(error.column) 列有误：\(Diagnostic.templateReason(error.reason, .zh))。"
        case .unreadableSecretsFile(let path):
            return en
                ? "The secrets file '\(path)' cannot be read. Check the path in 'secrets_file'."
                : "无法读取密钥文件 '\(path)'。请检查 'secrets_file' 中的路径。"
        case .mentionsIgnored(let field, let kind):
            return en
                ? "Mentions in '\(field)' are not supported by \(kind) targets and are ignored."
                : "\(kind) 类型的通知目标不支持 '\(field)' 中的提及，将被忽略。"
        case .invalidReminder(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected days before at a time like '1d@09:00', a time before the start like '1h' or '30m', or 'off'."
                : "'\(field)' 的值 '\(value)' 无效。应为提前天数加时刻，例如 '1d@09:00'，或开始前的时长，例如 '1h'、'30m'，或 'off'。"
        case .invalidRateMargin(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a length like '2s' or '500ms', or a share of the window from '0%' to '50%'."
                : "'\(field)' 的值 '\(value)' 无效。应为时长，例如 '2s' 或 '500ms'，或窗口的百分比（'0%' 到 '50%'）。"
        default:
            return ""
        }
    }

    private static func templateReason(_ reason: Template.SyntaxError.Reason, _ language: Language) -> String {
        let en = language == .en
        switch reason {
        case .unclosedTag:
            return en ? "a '{{' is never closed with '}}'" : "'{{' 没有用 '}}' 闭合"
        case .emptyName:
            return en ? "a tag has no name" : "标签缺少名称"
        case .unclosedSection(let name):
            return en ? "the section '{{#\(name)}}' is never closed with '{{/\(name)}}'" : "区块 '{{#\(name)}}' 没有用 '{{/\(name)}}' 结束"
        case .unexpectedClose(let name):
            return en ? "'{{/\(name)}}' closes no open section" : "'{{/\(name)}}' 没有对应的开始标签"
        case .mismatchedClose(let expected, let found):
            return en
                ? "'{{/\(found)}}' closes the section '{{#\(expected)}}'"
                : "'{{/\(found)}}' 与区块 '{{#\(expected)}}' 不匹配"
        case .invalidName(let tag):
            return en
                ? "the tag '{{\(tag)}}' is not closed with '}}' or has a name with other than letters, digits, '.', '_' and '-'"
                : "标签 '{{\(tag)}}' 没有用 '}}' 闭合，或名称中有字母、数字、'.'、'_'、'-' 以外的字符"
        case .invalidDelimiters:
            return en
                ? "a delimiter change must give two delimiters, like '{{=<% %>=}}'"
                : "更换分隔符须给出两个分隔符，例如 '{{=<% %>=}}'"
        case .invalidPragma:
            return en
                ? "the only setting a template takes is '{{%CONTENT_TYPE:TEXT}}' or '{{%CONTENT_TYPE:HTML}}'"
                : "模板只接受 '{{%CONTENT_TYPE:TEXT}}' 或 '{{%CONTENT_TYPE:HTML}}' 设置"
        case .invalidInheritance:
            return en
                ? "a '{{<parent}}' section may hold only '{{$block}}' sections, and a block takes no transform"
                : "'{{<parent}}' 区块中只能有 '{{$block}}' 区块，且区块不能使用变换"
        case .nestedTooDeep(let limit):
            return en
                ? "sections may nest at most \(limit) deep (each level over a list repeats everything inside it for every item)"
                : "区块最多嵌套 \(limit) 层（列表上的每一层都会把其中内容按每一项重复一遍）"
        }
    }
}
