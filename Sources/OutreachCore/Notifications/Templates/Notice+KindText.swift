extension Notice.Kind {
    /// The kind as words for message text ("活动提醒" / "event reminder"); the id (`event-reminder`) is for
    /// configuration files and flags.
    public func text(_ language: Language) -> String {
        switch (self, language) {
        case (.eventReminder, .zh): "活动提醒"
        case (.eventReminder, .en): "event reminder"
        case (.dailyDigest, .zh): "每日活动汇总"
        case (.dailyDigest, .en): "daily digest"
        case (.bulletinPublished, .zh): "专刊发布通知"
        case (.bulletinPublished, .en): "bulletin notice"
        case (.offTrackAlert, .zh): "目标进度预警"
        case (.offTrackAlert, .en): "off-track alert"
        case (.eventCancelled, .zh): "活动取消通知"
        case (.eventCancelled, .en): "cancellation notice"
        case (.test, .zh): "测试通知"
        case (.test, .en): "test notice"
        }
    }
}
