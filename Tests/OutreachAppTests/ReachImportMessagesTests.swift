import OutreachApp
import OutreachCore
import OutreachTestSupport
import Testing

/// Every message of the reach import has both languages, and every message is checked.
struct ReachImportMessagesTests {
    @Test func reachImportMessagesHaveBothLanguages() {
        let samples: [Message] = [
            ReachImportMessages.rejectsLineHeader,
            ReachImportMessages.rejectsReasonHeader,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
