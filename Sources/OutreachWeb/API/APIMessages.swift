import OutreachCore

/// What `/api/v1` says in its problems (titles and details), both languages side by side. Field errors reuse the
/// catalogues of the command line and the pages (dates, counts, report questions, cancelling reasons).
enum APIMessages {
    static var unauthorizedTitle: Message { Message(zh: "未登录", en: "Not signed in") }

    static var unauthorized: Message {
        Message(zh: "需要有效的 API 令牌：请求头 'Authorization: Bearer otk_…'（用 'outreach token create' 创建）。",
                en: "A valid API token is needed: the header 'Authorization: Bearer otk_…' (made with 'outreach token create').")
    }

    static var csrfTitle: Message { Message(zh: "缺少表单令牌", en: "Form token missing") }

    static var csrfMissing: Message {
        Message(zh: "用网页登录的会话调用 API 时，必须在请求头 'X-CSRF-Token' 中带上该会话的表单令牌。",
                en: "A web session may call the API only with its form token in the header 'X-CSRF-Token'.")
    }

    static var forbiddenTitle: Message { Message(zh: "无权操作", en: "Not allowed") }

    static var adminsOnly: Message {
        Message(zh: "只有管理员可以查看用户列表。", en: "Only administrators may list the users.")
    }

    static var notFoundTitle: Message { Message(zh: "不存在", en: "Not found") }

    static var notFound: Message {
        Message(zh: "没有这个资源，或者您无权查看它。", en: "There is no such resource, or it is not yours to see.")
    }

    static var badRequestTitle: Message { Message(zh: "请求有误", en: "Bad request") }

    static var invalidFields: Message {
        Message(zh: "请求中有字段无效，见 errors。", en: "Some fields of the request are invalid; see errors.")
    }

    static var badJSON: Message {
        Message(zh: "请求体不是有效的 JSON 对象。", en: "The request body is not a valid JSON object.")
    }

    static func wrongType(_ field: String, expected: String) -> Message {
        Message(zh: "'\(field)' 应为\(expected == "integer" ? "整数" : "字符串")。",
                en: "'\(field)' should be \(expected == "integer" ? "an integer" : "a string").")
    }

    static func invalidLimit(_ value: String) -> Message {
        Message(zh: "'limit' 的值 '\(value)' 无效：应为 1 到 500 之间的整数。",
                en: "The value '\(value)' is invalid for 'limit': expected a whole number from 1 to 500.")
    }

    static func invalidCursor(_ value: String) -> Message {
        Message(zh: "'cursor' 的值 '\(value)' 无效：请使用上一页返回的 nextCursor。",
                en: "The value '\(value)' is invalid for 'cursor': use the nextCursor of the previous page.")
    }

    static func invalidStatus(_ value: String) -> Message {
        Message(zh: "'status' 的值 '\(value)' 无效：应为 planned、confirmed、done 或 cancelled。",
                en: "The value '\(value)' is invalid for 'status': expected planned, confirmed, done or cancelled.")
    }

    static func windowTooLong(days: Int) -> Message {
        Message(zh: "时间范围最长 366 天（这里是 \(days) 天）。", en: "The window is at most 366 days long (this one is \(days)).")
    }

    static var conflictTitle: Message { Message(zh: "无法更改", en: "Cannot change") }

    static var preconditionTitle: Message { Message(zh: "版本已过期", en: "Stale version") }

    static var preconditionFailed: Message {
        Message(zh: "该资源在您读取之后已被更改（If-Match 不符）：请重新读取后再试，未做任何更改。",
                en: "The resource changed since you read it (If-Match does not match): read it again and retry; nothing was changed.")
    }

    static var idempotencyMismatchTitle: Message { Message(zh: "幂等键已被使用", en: "Idempotency key reused") }

    static var idempotencyMismatch: Message {
        Message(zh: "这个 Idempotency-Key 已用于另一个不同的请求：每个新请求请用新的键。",
                en: "This Idempotency-Key was used for a different request: use a new key for each new request.")
    }

    static var idempotencyInProgressTitle: Message { Message(zh: "请求处理中", en: "Request in progress") }

    static var idempotencyInProgress: Message {
        Message(zh: "使用这个 Idempotency-Key 的请求仍在处理中：请稍后重试。",
                en: "A request with this Idempotency-Key is still being answered: retry in a moment.")
    }

    static func invalidIdempotencyKey(_ length: Int) -> Message {
        Message(zh: "Idempotency-Key 应为 1 到 200 个可见 ASCII 字符（这里是 \(length) 个）。",
                en: "An Idempotency-Key is 1 to 200 visible ASCII characters (this one has \(length)).")
    }

    static var tooLargeTitle: Message { Message(zh: "请求体过大", en: "Body too large") }

    static var tooLarge: Message {
        Message(zh: "请求体过大：最多 64 KiB，上传的触达文件最多 20 MB。", en: "The request body is too large: at most 64 KiB, a reach file at most 20 MB.")
    }

    static var unavailableTitle: Message { Message(zh: "暂不可用", en: "Unavailable") }

    static var noReferenceData: Message {
        Message(zh: "数据库尚未载入基础数据（outreach init）。", en: "The database holds no reference data yet (outreach init).")
    }

    static func nothingImported(errors: Int) -> Message {
        Message(zh: "有 \(errors) 处错误，未导入任何内容（全部成功或全不导入）；改正后重新上传，见 errors。",
                en: "\(errors) error\(errors == 1 ? "" : "s") found, so nothing was imported (all or nothing); correct the file and upload it again; see errors.")
    }

    static var importTitle: Message { Message(zh: "未导入", en: "Nothing imported") }

    static var undoTitle: Message { Message(zh: "无法撤销", en: "Cannot undo") }

    static var noticesAdminsOnly: Message {
        Message(zh: "只有管理员可以查看和重发通知。", en: "Only administrators may see and retry notices.")
    }

    static var methodNotAllowedTitle: Message { Message(zh: "方法不支持", en: "Method not allowed") }

    static func methodNotAllowed(_ method: String, allowed: String) -> Message {
        Message(zh: "此路径不支持 \(method) 请求，支持的方法：\(allowed)（见响应头 Allow）。",
                en: "This path does not take \(method) requests; it takes \(allowed) (see the Allow header).")
    }

    static var serverErrorTitle: Message { Message(zh: "服务器出错", en: "Server error") }

    static var serverError: Message {
        Message(zh: "服务器处理请求时出错。请稍后重试（带同一个 Idempotency-Key 可安全重试）；若一再出现，请把响应头 X-Request-Id 告诉管理员。",
                en: "The server failed to answer the request. Retry later (with the same Idempotency-Key, safely); if it keeps failing, give the administrator the X-Request-Id header of the answer.")
    }
}
