import OutreachCore

/// The text of `outreach worker`: its flags, its summary and the words of its log levels. Both languages side
/// by side.
enum WorkerCommandMessages {
    static var levelTrace: Message {
        Message(zh: "跟踪",
                en: "trace")
    }

    static var levelDebug: Message {
        Message(zh: "调试",
                en: "debug")
    }

    static var levelInfo: Message {
        Message(zh: "信息",
                en: "info")
    }

    static var levelNotice: Message {
        Message(zh: "提示",
                en: "notice")
    }

    static var levelWarning: Message {
        Message(zh: "警告",
                en: "warning")
    }

    static var levelError: Message {
        Message(zh: "错误",
                en: "error")
    }

    static var levelCritical: Message {
        Message(zh: "严重",
                en: "critical")
    }

    static func invalidConcurrency(concurrency: Int) -> Message {
        Message(zh: "'--concurrency' 的值 '\(concurrency)' 无效。应为 1 到 1024 之间的整数。",
                en: "The value '\(concurrency)' is invalid for '--concurrency'. Expected a whole number from 1 to 1024.")
    }

    static var invalidGraceOrLease: Message {
        Message(zh: "'--grace-period' 不能为负数，'--lease' 至少为 1 秒。",
                en: "'--grace-period' cannot be negative and '--lease' must be at least 1 second.")
    }

    static func invalidLogLevel(logLevel: String) -> Message {
        Message(zh: "'--log-level' 的值 '\(logLevel)' 无效。请使用 'trace'、'debug'、'info'、'notice'、'warning'、'error' 或 'critical'。",
                en: "The value '\(logLevel)' is invalid for '--log-level'. Please provide one of 'trace', 'debug', 'info', 'notice', 'warning', 'error' or 'critical'.")
    }

    /// What a run of the worker did, as it prints on stopping.
    static func summary(sent: Int, retried: Int, dead: Int, deferred: Int, unknown: Int) -> Message {
        Message(zh: "已送达 \(sent) 条通知；\(retried) 次失败待重试；\(dead) 条已放弃；\(deferred) 条因发送频率、暂停或免打扰时段顺延；\(unknown) 次结果未知。\n",
                en: "Delivered \(sent) notice\(sent == 1 ? "" : "s"); \(retried) failed attempt\(retried == 1 ? "" : "s") will be retried; \(dead) dead; \(deferred) held back by a rate budget, a pause or quiet hours; \(unknown) with unknown outcome.\n")
    }
}
