import Foundation
import OutreachCore
import OutreachFormats
import OutreachTestSupport
import Testing

/// The outbox's stored form of a notice reads back as the same notice, for every kind.
struct NoticeStorageTests {
    static let notices: [Notice] = {
        let event = Notice.fixtureEvent()
        let date = Notice.fixtureDate.addingTimeInterval(0.125)
        return [
            .fixtureReminder(urgent: true, language: .en),
            .fixtureDigest(count: 3),
            Notice(.dailyDigest(Notice.DailyDigest(date: LocalDate("2027-03-09")!, branch: "east", branchName: BilingualName(zh: "咸安支行"), events: [event])), createdAt: date),
            Notice(.eventCancelled(Notice.EventCancelled(event: event, wasAt: LocalDateTime("2027-03-09 14:30")!)), createdAt: date),
            Notice(
                .bulletinPublished(
                    Notice.BulletinPublished(
                        year: 2027, month: 3, branch: "xn-city", branchName: BilingualName(zh: "咸宁分行", en: "Xianning"), eventsHeld: 42,
                        personTimes: 3_180, link: "https://intranet.example/bulletin?id=3&x=\"y\"")), createdAt: date),
            Notice(
                .offTrackAlert(
                    Notice.OffTrackAlert(
                        branch: "east-1", branchName: BilingualName(zh: "温泉路网点"), period: BilingualName(zh: "2027 年第一季度", en: "2027 Q1"),
                        segment: BilingualName(zh: "老年人"), achieved: 120, target: 400, expectedPercent: 60)), urgent: true, createdAt: date),
            Notice(.test(Notice.TestNotice(target: "群\n\t\\😀", message: nil)), language: .en, createdAt: date),
            Notice(.test(Notice.TestNotice(target: "t", message: "line 1\nline \u{2028} \"2\"")), createdAt: date),
        ]
    }()

    @Test(arguments: notices)
    func storedNoticesReadBackUnchanged(notice: Notice) throws {
        #expect(try Notice(storageJSON: notice.storageJSON) == notice)
    }

    @Test(arguments: [
        (#"{"a":[1,-2.5,true,false,null],"b":"\u00e9\ud83d\ude00\/"}"#, #"{"a":[1,-2.5,true,false,null],"b":"é😀/"}"#),
        ("  [ ]  ", "[]"), (#"{}"#, "{}"), (#""x""#, #""x""#), ("1e3", "1000"),
    ])
    func jsonParses(text: String, serialized: String) throws {
        #expect(try JSONValue.parse(text).serialized() == serialized)
    }

    @Test(arguments: ["", "{", "[1,]", #"{"a" 1}"#, "tru", "\"\u{01}\"", #""\x""#, "1 2", "-", #""\ud800""#])
    func notJSONIsRejected(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
    }

    @Test func brokenStoredNoticesNameTheField() {
        #expect(throws: Notice.StorageError(field: "kind")) { try Notice(storageJSON: #"{"v":1,"kind":"memo"}"#) }
        #expect(throws: Notice.StorageError(field: "json")) { try Notice(storageJSON: "{") }
        #expect(throws: Notice.StorageError(field: "v")) { try Notice(storageJSON: "{}") }
    }
}
