import Foundation
import OutreachTestSupport
import Testing

@testable import OutreachCore

/// The planning form checked as a campaign file: the decoder's messages placed on their fields, clashes with
/// stored events naming them, and an event's fields as a file writes them.
struct EventFormTests {
    let reference = ReferenceData.fixture()
    let campaign = Campaign(
        id: "c1", title: BilingualName(zh: "金融知识进万家"), kind: "households", start: LocalDate("2026-12-01")!,
        end: LocalDate("2026-12-31")!, owner: "city", branches: ["east"], channels: ["community-event"])

    func form(_ change: (inout EventForm) -> Void = { _ in }) -> EventForm {
        var form = EventForm()
        form.id = "e-new"
        form.title = "防诈骗讲座"
        form.channel = "community-event"
        form.venue = "community-1"
        form.start = "2026-12-05 14:30"
        form.end = "16:00"
        form.staff = "张伟、李娜"
        form.notes = "第一行\n第二行"
        change(&form)
        return form
    }

    @Test func aGoodFormGivesTheEventAFileWouldGive() throws {
        let checked = form().check(in: campaign, editing: nil, others: [], reference: reference)
        #expect(!checked.hasErrors)
        let event = try #require(checked.event)
        #expect(event.branch == "east" && event.staff == ["张伟", "李娜"] && event.notes == "第一行\n第二行")
        #expect(EventForm(event) == form { $0.staff = "张伟, 李娜"; $0.branch = "east" })
    }

    @Test func anUnchangedFormOfAnEventReadsBackAsTheSameEvent() throws {
        var event = try #require(form().check(in: campaign, editing: nil, others: [], reference: reference).event)
        event.notes = "第一行\n\n第二行\n"
        event.recurrence = try RecurrenceRule.parse("FREQ=WEEKLY;BYDAY=SA;COUNT=3")
        event.exceptDates = [LocalDate("2026-12-12")!]
        var typed = EventForm(event)
        typed.notes = typed.notes.replacingOccurrences(of: "\n", with: "\r\n")  // as a browser sends a text area
        let again = typed.check(in: campaign, editing: event.id, others: [], reference: reference)
        #expect(again.event == event)
    }

    @Test func eachProblemIsPlacedOnItsField() {
        let checked = form {
            $0.title = ""
            $0.channel = "radio"
            $0.start = "2026-12-05 25:00"
            $0.repeatRule = "FREQ=SOMETIMES"
            $0.capacity = "-1"
        }.check(in: campaign, editing: nil, others: [], reference: reference)
        #expect(checked.event == nil)
        #expect(checked.fieldErrors["title"]?.map { $0.text(.en) } == ["Missing required field 'title' in an event."])
        #expect(checked.fieldErrors["start"]?.map { $0.text(.en) } == [
            "The value '2026-12-05 25:00' is invalid for 'start'. Expected a time from '00:00' to '23:59'."
        ])
        #expect(checked.fieldErrors["capacity"]?.map { $0.text(.zh) } == ["'capacity' 的值 '-1' 无效。应为大于或等于 0 的整数。"])
        #expect(checked.fieldErrors["channel"] != nil && checked.fieldErrors["repeat"] != nil)
        #expect(Set(checked.fieldErrors.keys) == ["title", "start", "capacity", "channel", "repeat"])
    }

    @Test func aClashWithAStoredEventNamesItAndAnIdInUseIsRefused() {
        let other = Event(
            id: "e-old", campaign: "c2", title: BilingualName(zh: "旧讲座"), channel: "community-event", venue: "community-1",
            branch: "east", timing: .timed(start: LocalDateTime("2026-12-05 15:00")!, end: LocalDateTime("2026-12-05 17:00")!))
        let stored = StoredEvent(
            event: other, fileStatus: .planned, isRemovedFromFile: false, campaignTitle: BilingualName(zh: "另一个活动"),
            campaignEnd: LocalDate("2026-12-31")!, updatedAt: Date())
        let clash = form().check(in: campaign, editing: nil, others: [stored], reference: reference)
        #expect(clash.event == nil)
        #expect(clash.clashes.map(\.other) == ["e-old"])
        #expect(clash.clashes.first?.message.text(.en).contains("event 'e-old'") == true)
        // Editing the stored event itself clashes with nothing.
        #expect(form { $0.id = "e-old" }.check(in: campaign, editing: "e-old", others: [stored], reference: reference).event != nil)
        let taken = form { $0.id = "e-old"; $0.start = "2026-12-06 09:00"; $0.end = "10:00" }
            .check(in: campaign, editing: nil, others: [stored], reference: reference)
        #expect(taken.fieldErrors["id"]?.map { $0.text(.zh) } == ["编号 'e-old' 已被宣传活动“另一个活动”的活动场次“旧讲座”使用。请换一个编号。"])
    }

    @Test func differencesAreFieldByFieldInFileOrder() {
        let before = Event(
            id: "e1", campaign: "c1", title: BilingualName(zh: "讲座"), channel: "community-event", venue: "community-1",
            branch: "east", timing: .timed(start: LocalDateTime("2026-12-05 14:30")!, end: LocalDateTime("2026-12-05 16:00")!))
        var after = before
        after.title = BilingualName(zh: "讲座（改）", en: "Talk")
        after.expectedReach = 40
        #expect(EventFields.differences(from: before, to: after) == [
            .init(field: "title", before: "讲座", after: "讲座（改）"), .init(field: "title_en", before: "", after: "Talk"),
            .init(field: "expected_reach", before: "", after: "40"),
        ])
        #expect(EventFields.differences(from: before, to: before).isEmpty)
    }

    @Test func eventFormMessagesHaveBothLanguages() {
        let samples: [Message] = [
            EventFormMessages.idInUse(id: "e1", title: BilingualName(zh: "讲座", en: "Talk"), campaign: BilingualName(zh: "活动", en: "Drive")),
            EventFormMessages.created,
            EventFormMessages.fieldChanged("title", from: "a", to: "b"),
            EventFormMessages.none,
        ]
        #expect(MessageCatalogueCheck.problems(in: samples) == [])
        #expect(AuditMessages.change(.field("end", from: "12:00", to: "")).text(.zh) == "end：12:00 → （无）")
        #expect(AuditMessages.change(.created).text(.en) == "Event created")
    }
}
