@testable import OutreachCore
import Testing

/// Inputs the fuzzers found (docs/fuzzing.md), kept as ordinary tests.
struct FuzzFindingTests {
    /// `reach`: a GBK file with a UTF-8 row and trailing NULs gave the metric `阅读人次（估算）\0\0\0`; looking for a
    /// name containing it trapped in Foundation's `contains` ("String index is out of bounds").
    @Test func aValueThatIsANameFollowedByNulsGetsNoSuggestionAndNoTrap() {
        let names = [["阅读人次（估算）", "Reads (est.)"], ["参与人数", "Participants"]]
        #expect(ReachEventIndex.suggest("阅读人次（估算）\u{0}\u{0}\u{0}", ids: ["readers", "participants"], names: names) == nil)
        #expect(ReachEventIndex.suggest("估算", ids: ["readers", "participants"], names: names) == "阅读人次（估算）")
        #expect(containsText("阅读人次（估算）", "人次"))
        #expect(!containsText("阅读人次（估算）", "阅读人次（估算）\u{0}"))
        #expect(containsText("abc", ""))
    }
}
