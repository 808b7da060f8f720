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

    @Test func reachPageMessagesHaveBothLanguages() {
        let samples: [Message] = [
            ReachWebMessages.logTitle(event: "talk"), ReachWebMessages.logLink, ReachWebMessages.date, ReachWebMessages.segment,
            ReachWebMessages.noSegment, ReachWebMessages.note, ReachWebMessages.photos, ReachWebMessages.save,
            ReachWebMessages.chooseDay, ReachWebMessages.noOccurrences,
            ReachWebMessages.notAnImage("a.jpg"),
            ReachWebMessages.fixErrors, ReachWebMessages.saved(added: 1, replaced: 2, photos: 3), ReachWebMessages.loggedSoFar,
            ReachWebMessages.nothingLogged, ReachWebMessages.correct, ReachWebMessages.correcting, ReachWebMessages.evidence,
            ReachWebMessages.noEvidence,
            ReachWebMessages.tooLargeTitle, ReachWebMessages.tooLarge, ReachWebMessages.badUpload, ReachWebMessages.uploadTitle,
            ReachWebMessages.uploadHelp, ReachWebMessages.file, ReachWebMessages.skipBadRows, ReachWebMessages.importButton,
            ReachWebMessages.noFile, ReachWebMessages.cell("Sheet1!C7", "x"), ReachWebMessages.line(3, "x"),
            ReachWebMessages.nothingImported(errors: 2), ReachWebMessages.imported(batch: 1, rows: 2, added: 1, replaced: 1, unchanged: 0),
            ReachWebMessages.rejected(rows: 1), ReachWebMessages.downloadRejects, ReachWebMessages.cannotRead("x"),
        ] + ReachWebMessages.logColumns
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
    }
}
