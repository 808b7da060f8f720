extension Notice.Kind {
    /// The kind as words for message text ("活动提醒" / "event reminder"); the id (`event-reminder`) is for
    /// configuration files and flags.
    public func text(_ language: Language) -> String { NoticeMessages.kind(self).text(language) }
}
