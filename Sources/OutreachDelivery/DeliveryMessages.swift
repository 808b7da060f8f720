import OutreachCore

/// What the notice worker logs, in the run's language: both languages side by side.
public enum DeliveryMessages {
    public static var workerStarted: Message {
        Message(zh: "工作进程已启动。",
                en: "Worker started.")
    }

    public static var tookOverStoppedWorkers: Message {
        Message(zh: "已接管已停止的工作进程的通知。",
                en: "Took over notices of stopped workers.")
    }

    public static var cancelledAfterGracePeriod: Message {
        Message(zh: "宽限期后仍在发送的通知已取消。",
                en: "Sends still running after the grace period were cancelled.")
    }

    public static func databaseBusy(seconds: Int) -> Message {
        Message(zh: "数据库忙：另一个进程占用已超过 \(seconds) 秒。仍在重试，不放弃任何租约。",
                en: "The database is busy: another process held it for more than \(seconds) s. Still trying; no lease is given up.")
    }

    public static var deferred: Message {
        Message(zh: "已顺延。",
                en: "Deferred.")
    }

    public static var sent: Message {
        Message(zh: "已送达。",
                en: "Sent.")
    }

    public static var willRetryPrefix: Message {
        Message(zh: "将重试：",
                en: "Will retry: ")
    }

    public static var gaveUpPrefix: Message {
        Message(zh: "已放弃：",
                en: "Gave up: ")
    }

    public static var interruptedByShutdown: Message {
        Message(zh: "因停止而中断，已放回队列。",
                en: "Interrupted by shutdown; back in the queue.")
    }

    public static var gaveUpUnknownTarget: Message {
        Message(zh: "已放弃：通知目标不在配置中。",
                en: "Gave up: unknown target.")
    }

    public static var queuedDigest: Message {
        Message(zh: "已排队每日活动汇总。",
                en: "Queued the daily digest.")
    }

    public static var queuedDailyNotices: Message {
        Message(zh: "已排队每日通知。",
                en: "Queued daily notices.")
    }

    /// Why a notice whose target left the configuration was given up (kept in the outbox's log).
    public static func targetGone(target: String, id: OutboxDelivery.ID) -> Message {
        Message(zh: "通知目标 '\(target)' 已不在配置中。请恢复该目标后运行 'outreach notify retry \(id)'。",
                en: "The target '\(target)' is no longer configured. Restore it, then run 'outreach notify retry \(id)'.")
    }
}
