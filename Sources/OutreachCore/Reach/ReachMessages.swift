/// The text of checking reach rows that `Diagnostic` does not hold: the kinds of warnings counted but not shown.
/// Both languages side by side.
public enum ReachMessages {
    /// The kinds of reach warnings, by the key `ReachRowValidator` counts them under.
    public static var warningKinds: [String: Message] {
        [
            "capacity": Message(zh: "超过容量", en: "over capacity"),
            "expected": Message(zh: "远超预计", en: "far above expected"),
            "schedule": Message(zh: "未安排", en: "not scheduled"),
            "cancelled": Message(zh: "场次已取消", en: "event cancelled"),
        ]
    }
}
