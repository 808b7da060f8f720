import Foundation
import OutreachCore
import OutreachTestSupport
import Testing

/// Every validation message, word for word, at its exact line and column.
///
/// Line numbers follow `CampaignText`: the campaign's fields fill lines 1–6, `events:` is line 7, and the
/// first event's fields are lines 8 (`id`) to 13 (`end`), then any extra fields from line 14.
struct ValidationMessageTests {
    let reference = ReferenceData.fixture()

    func issues(_ text: String, path: String = "t.yaml") async -> [String] {
        await CampaignValidator.validate([SourceFile(path: path, bytes: Array(text.utf8))], reference: reference)
            .issues.map { $0.rendered(.en) }
    }

    func oneEvent(start: String = "2026-12-05 14:30", end: String? = "16:00", _ fields: String...) -> String {
        var text = CampaignText()
        text.events.append(
            "  - id: e1\n    title: 活动e1\n    channel: community-event\n    venue: community-1\n    start: \(start)\n"
                + (end.map { "    end: \($0)\n" } ?? "") + fields.map { "    \($0)\n" }.joined())
        return text.text
    }

    @Test func validFileHasNoIssues() async {
        #expect(await issues(oneEvent()) == [])
    }

    @Test(arguments: [
        (["titel: 讲座"], "t.yaml:14:5: error: Unknown field 'titel' in an event. Did you mean 'title'?"),
        (["colour: red"], "t.yaml:14:5: error: Unknown field 'colour' in an event. Known fields are 'id', 'title', 'title_en', 'channel', 'venue', 'branch', 'start', 'end', 'repeat', 'except', 'staff', 'expected_reach', 'capacity', 'status' and 'notes'."),
        (["branch: eastt"], "t.yaml:14:13: error: Unknown branch 'eastt'. Did you mean 'east'?"),
        (["expected_reach: -5"], "t.yaml:14:21: error: The value '-5' is invalid for 'expected_reach'. Expected a whole number of 0 or more."),
        (["capacity: 12.5"], "t.yaml:14:15: error: The value '12.5' is invalid for 'capacity'. Expected a whole number of 0 or more."),
        (["status: confimed"], "t.yaml:14:13: error: The value 'confimed' is invalid for 'status'. Please provide one of 'planned', 'confirmed', 'done' or 'cancelled'. Did you mean 'confirmed'?"),
        (["repeat: FREQ=WEEKLY;BYDAY=TUE"], "t.yaml:14:13: error: The rule 'FREQ=WEEKLY;BYDAY=TUE' is invalid: BYDAY entry 'TUE' must be a weekday code MO, TU, WE, TH, FR, SA or SU, optionally with a position in the month like 2TU or -1FR."),
        (["repeat: FREQ=YEARLY"], "t.yaml:14:13: error: The rule 'FREQ=YEARLY' is invalid: FREQ 'YEARLY' is not supported. Use DAILY, WEEKLY or MONTHLY."),
        (["repeat: FREQ=WEEKLY;COUNT=2;UNTIL=20261220"], "t.yaml:14:13: error: The rule 'FREQ=WEEKLY;COUNT=2;UNTIL=20261220' is invalid: COUNT and UNTIL cannot both be given; keep one."),
        (["repeat: FREQ=WEEKLY;BYDAY=TU"], "t.yaml:12:12: error: The start 2026-12-05 (Saturday) is not a day the rule 'FREQ=WEEKLY;BYDAY=TU' produces. Move the start to the first occurrence."),
        (["repeat: FREQ=WEEKLY;COUNT=5"], "t.yaml:14:13: error: The rule repeats the event on 2027-01-02, after the campaign ends on 2026-12-31. Lower COUNT or UNTIL."),
        (["repeat: FREQ=WEEKLY;UNTIL=20261201"], "t.yaml:14:13: error: UNTIL '20261201' is before the start 2026-12-05."),
        (["repeat: FREQ=WEEKLY;COUNT=2", "except: [2026-12-08]"], "t.yaml:15:14: warning: The excluded date 2026-12-08 is not an occurrence of the rule, so it excludes nothing."),
        (["except: [2026-13-08]"], "t.yaml:14:14: error: The value '2026-13-08' is invalid for 'except'. Expected a real date like '2027-03-15' (there is no month 13)."),
        (["staff: [张伟, 张伟]"], "t.yaml:14:17: error: '张伟' appears more than once in 'staff'."),
        (["expected_reach: 150"], "t.yaml:14:21: warning: The expected reach 150 is more than the capacity 100."),
    ])
    func eventFieldMessages(fields: [String], expected: String) async {
        var text = CampaignText()
        text.events.append(
            "  - id: e1\n    title: 活动e1\n    channel: community-event\n    venue: community-1\n    start: 2026-12-05 14:30\n    end: 16:00\n"
                + fields.map { "    \($0)\n" }.joined())
        #expect(await issues(text.text) == [expected])
    }

    @Test(arguments: [
        ("2027-02-30", "16:00", "t.yaml:12:12: error: The value '2027-02-30' is invalid for 'start'. Expected a real date like '2027-03-15' (February 2027 has 28 days)."),
        ("2026-12-05 25:00", "16:00", "t.yaml:12:12: error: The value '2026-12-05 25:00' is invalid for 'start'. Expected a time from '00:00' to '23:59'."),
        ("2026-12-05 14:30", "25:00", "t.yaml:13:10: error: The value '25:00' is invalid for 'end'. Expected a time from '00:00' to '23:59'."),
        ("2026-12-05 14:30", "13:00", "t.yaml:13:10: error: The end '13:00' is not after the start '2026-12-05 14:30'."),
        ("2026-12-05", "2026-12-04", "t.yaml:13:10: error: The end '2026-12-04' is not after the start '2026-12-05'."),
        ("2026-12-05", "16:00", "t.yaml:13:10: error: The end '16:00' has a time but the start is a date. Give both a time, or give the end as a date for an all-day or multi-day event."),
        ("2026-12-05 14:30", "2026-12-06", "t.yaml:13:10: error: The end '2026-12-06' is a date but the start has a time. Give the end as a time like '16:00' or a date and time like '2027-03-15 16:00'."),
        ("next friday", "16:00", "t.yaml:12:12: error: The value 'next friday' is invalid for 'start'. Expected a date like '2027-03-15' or a date and time like '2027-03-15 09:30'."),
        ("2027-01-05", "2027-01-06", "t.yaml:12:12: error: The event runs 2027-01-05 to 2027-01-06, outside the campaign period 2026-12-01 to 2026-12-31."),
        ("2026-11-30 09:00", "10:00", "t.yaml:12:12: error: The event runs 2026-11-30, outside the campaign period 2026-12-01 to 2026-12-31."),
    ])
    func dateAndTimeMessages(start: String, end: String, expected: String) async {
        #expect(await issues(oneEvent(start: start, end: end)) == [expected])
    }

    @Test func missingEndOfATimedEvent() async {
        #expect(await issues(oneEvent(end: nil)) == ["t.yaml:12:5: error: Missing required field 'end' in the event 'e1' (number 1 in 'events')."])
    }

    @Test func referenceMessages() async {
        var text = CampaignText(kind: "housholds")
        text.event("e1", channel: "led-scren", venue: "comunity-1", start: "2026-12-05")
        #expect(await issues(text.text) == [
            "t.yaml:3:7: error: Unknown campaign kind 'housholds'. Did you mean 'households'?",
            "t.yaml:10:14: error: Unknown channel 'led-scren'. Did you mean 'led-screen'?",
            "t.yaml:11:12: error: Unknown venue 'comunity-1'. Did you mean 'community-1'?",
        ])
    }

    @Test func channelMustBeOneOfTheCampaigns() async {
        var text = CampaignText(channels: "[leaflet]")
        text.event("e1", channel: "radio", venue: "radio-1", start: "2026-12-05")
        #expect(await issues(text.text) == [
            "t.yaml:10:14: error: The channel 'radio' is not among the campaign's channels ('leaflet'). Add it to 'channels'."
        ])
    }

    @Test func branchMustTakePart() async {
        var text = CampaignText(extra: "branches: [east]")
        text.head = text.head.replacingOccurrences(of: "owner: city", with: "owner: east")
        text.event("e1", venue: "outlet-3", start: "2026-12-05")
        #expect(await issues(text.text) == [
            "t.yaml:12:12: error: The branch 'west-1' does not take part in the campaign. Add it (or its sub-branch) to 'branches'."
        ])
    }

    @Test func segmentAndMissingFieldMessages() async {
        let text = """
            id: c1
            title: 标题
            period: {start: 2026-12-01, end: 2026-12-31}
            owner: city
            segments: [elderlly, {segment: students, target_population: many}]
            events:
              - id: e1
                title: 讲座
                channel: community-event
                start: 2026-12-05
            """
        #expect(await issues(text) == [
            "t.yaml:1:1: error: Missing required field 'kind' in a campaign.",
            "t.yaml:5:12: error: Unknown audience segment 'elderlly'. Did you mean 'elderly'?",
            "t.yaml:5:61: error: The value 'many' is invalid for 'target_population'. Expected a whole number of 0 or more.",
            "t.yaml:7:5: error: Missing required field 'venue' in the event 'e1' (number 1 in 'events').",
        ])
    }

    @Test func anEventKeyIndentedBetweenTwoBlocksIsToldBothColumns() async {
        let text = "id: c1\nevents:\n  - id: e1\n    title: 讲座\n   channel: community-event\n"
        #expect(await issues(text) == [
            "t.yaml:5:4: error: Bad indentation: this line starts at column 4, between the block above at column 5 and the enclosing one at column 3. Start it at column 5 to continue the lines above, or at column 3."
        ])
        let report = await CampaignValidator.validate([SourceFile(path: "t.yaml", bytes: Array(text.utf8))], reference: reference)
        #expect(report.issues.map { $0.rendered(.zh) } == [
            "t.yaml:5:4: error: 缩进错误：此行从第 4 列开始，介于上方第 5 列的块和外层第 3 列的块之间。若接续上面的行，请从第 5 列开始；否则从第 3 列开始。"
        ])
    }

    @Test func aMissingFieldNamesTheEventByIdOrNumber() async {
        let text = """
            id: c1
            title: 标题
            kind: households
            period: {start: 2026-12-01, end: 2026-12-31}
            owner: city
            events:
              - id: e1
                title: 讲座
                channel: community-event
                venue: community-1
                start: 2026-12-05
              - id: e2
                channel: community-event
                venue: community-1
                start: 2026-12-06
              - title: 没有编号
                channel: community-event
                venue: community-1
                start: 2026-12-07
            """
        let report = await CampaignValidator.validate(
            [SourceFile(path: "t.yaml", bytes: Array(text.utf8))], reference: reference)
        #expect(report.issues.map { $0.rendered(.en) } == [
            "t.yaml:12:5: error: Missing required field 'title' in the event 'e2' (number 2 in 'events').",
            "t.yaml:16:5: error: Missing required field 'id' in event number 3 in 'events'.",
        ])
        #expect(report.issues.map { $0.rendered(.zh) } == [
            "t.yaml:12:5: error: 活动场次 'e2'（'events' 中第 2 个）缺少必填字段 'title'。",
            "t.yaml:16:5: error: 'events' 中第 3 个活动场次缺少必填字段 'id'。",
        ])
    }

    @Test func shapeMessages() async {
        let text = """
            id: c1
            title: [一, 二]
            kind: households
            period: 2026-12-01
            owner: city
            events: none
            """
        #expect(await issues(text) == [
            "t.yaml:2:8: error: The field 'title' must be a single value, not a list.",
            "t.yaml:4:9: error: The field 'period' must be a mapping (key: value lines), not a single value.",
            "t.yaml:6:9: error: The field 'events' must be a list, not a single value.",
        ])
    }

    @Test func fileLevelMessages() async {
        #expect(await issues("") == ["t.yaml:1:1: error: The file is empty. Expected a campaign written in YAML."])
        #expect(await issues("# 只有注释\n") == ["t.yaml:1:1: error: The file is empty. Expected a campaign written in YAML."])
        let bytes: [UInt8] = Array("id: c".utf8) + [0xFF, 0x0A]
        let report = await CampaignValidator.validate([SourceFile(path: "t.yaml", bytes: bytes)], reference: reference)
        #expect(report.issues.map { $0.rendered(.en) } == [
            "t.yaml:1:6: error: The file is not UTF-8 text: the byte 0xFF (offset 5) is not valid UTF-8. Save the file as UTF-8 and try again."
        ])
        // GB18030 (here "标题: 宣传" on the third line, after a UTF-8 byte-order mark and CRLF line ends).
        let chinese: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id: c1\r\nkind: x\r\n".utf8) + [0xB1, 0xEA, 0xCC, 0xE2, 0x3A, 0x20, 0xD0, 0xFB, 0xB4, 0xAB, 0x0A]
        let gb = await CampaignValidator.validate([SourceFile(path: "my campaigns/t.yaml", bytes: chinese)], reference: reference)
        #expect(gb.issues.map { $0.rendered(.zh) } == [
            "my campaigns/t.yaml:3:1: error: 文件不是 UTF-8 编码：字节 0xB1（偏移 20）不是有效的 UTF-8。该文件可按 GB18030（中文 Windows 的常用编码）读取；可用 `iconv -f GB18030 -t UTF-8 'my campaigns/t.yaml' > 'my campaigns/t.utf8.yaml'` 转换，核对结果后用它替换原文件，或在编辑器中另存为 UTF-8。"
        ])
        #expect(await issues("id: c1\n\ttitle: x\n") == ["t.yaml:2:1: error: Tabs are not allowed for indentation in YAML; use spaces."])
    }

    @Test func duplicateIDsAcrossFiles() async {
        var a = CampaignText(id: "c1")
        a.event("e1", start: "2026-12-05")
        var b = CampaignText(id: "c1")
        b.event("e1", channel: "community-event", venue: "outlet-1", start: "2026-12-06")
        let report = await CampaignValidator.validate(
            [SourceFile(path: "a.yaml", bytes: a.bytes), SourceFile(path: "b.yaml", bytes: b.bytes)], reference: reference)
        #expect(report.issues.map { $0.rendered(.en) } == [
            "b.yaml:1:5: error: Duplicate campaign id 'c1'; it is already used at a.yaml:1:5."
        ])
        var c = CampaignText(id: "c2")
        c.event("e1", venue: "outlet-1", start: "2026-12-06")
        let events = await CampaignValidator.validate(
            [SourceFile(path: "a.yaml", bytes: a.bytes), SourceFile(path: "c.yaml", bytes: c.bytes)], reference: reference)
        #expect(events.issues.map { $0.rendered(.en) } == [
            "c.yaml:8:9: error: Duplicate event id 'e1'; it is already used at a.yaml:8:9."
        ])
    }

    @Test func chineseMessages() async {
        var text = CampaignText()
        text.event("e1", channel: "led-scren", start: "2027-02-30")
        let report = await CampaignValidator.validate([SourceFile(path: "t.yaml", bytes: text.bytes)], reference: reference)
        #expect(report.issues.map { $0.rendered(.zh) } == [
            "t.yaml:10:14: error: 未知的渠道 'led-scren'。是否应为 'led-screen'？",
            "t.yaml:12:12: error: 'start' 的值 '2027-02-30' 无效。应为实际存在的日期，例如 '2027-03-15'（2027 年 2 月只有 28 天）。",
        ])
    }
}
