import OutreachCore
import OutreachTestSupport
import Testing

@testable import OutreachWeb

/// Every message of the web pages has both languages, and every message is checked.
struct WebMessagesTests {
    @Test func webMessagesHaveBothLanguages() {
        let samples: [Message] = [
            WebMessages.appName, WebMessages.signInTitle, WebMessages.userName, WebMessages.password,
            WebMessages.signInButton, WebMessages.signOutButton, WebMessages.wrongNameOrPassword,
            WebMessages.throttled(minutes: 15), WebMessages.formExpired,
            WebMessages.signedInAs(displayName: "x", role: .branchStaff),
            WebMessages.agendaTitle(scope: BilingualName(zh: "咸安支行", en: "Xian'an")), WebMessages.today,
            WebMessages.noEventsToday, WebMessages.laterDays, WebMessages.noEventsLater, WebMessages.notFoundTitle,
            WebMessages.notFound, WebMessages.homeLink,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
