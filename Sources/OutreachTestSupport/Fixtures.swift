import Foundation
import OutreachCore

extension ReferenceData {
    /// A small reference set: a city branch with two sub-branches and three outlets, venues of each kind,
    /// the channels and metrics of the real seeds, school terms and part of the 2026 holiday notice.
    package static func fixture(extraBranches: [Branch] = []) -> ReferenceData {
        let branches = [
            Branch(id: "city", names: BilingualName(zh: "咸宁分行", en: "Xianning Branch"), level: .city, timeZone: "Asia/Shanghai"),
            Branch(id: "east", names: BilingualName(zh: "咸安支行", en: "Xian'an"), level: .subBranch, parent: "city"),
            Branch(id: "east-1", names: BilingualName(zh: "温泉路网点", en: "Wenquan Rd"), level: .outlet, parent: "east"),
            Branch(id: "east-2", names: BilingualName(zh: "银泉网点", en: "Yinquan"), level: .outlet, parent: "east"),
            Branch(id: "west", names: BilingualName(zh: "赤壁支行", en: "Chibi"), level: .subBranch, parent: "city"),
            Branch(id: "west-1", names: BilingualName(zh: "人民路网点", en: "Renmin Rd"), level: .outlet, parent: "west"),
        ] + extraBranches
        let venues = [
            Venue(id: "outlet-1", names: BilingualName(zh: "温泉路网点营业厅"), kind: .outlet, branch: "east-1", capacity: 40),
            Venue(id: "outlet-2", names: BilingualName(zh: "银泉网点营业厅"), kind: .outlet, branch: "east-2", capacity: 30),
            Venue(id: "outlet-3", names: BilingualName(zh: "人民路网点营业厅"), kind: .outlet, branch: "west-1", capacity: 50),
            Venue(id: "school-1", names: BilingualName(zh: "咸宁市实验小学"), kind: .school, branch: "east", capacity: 200),
            Venue(id: "community-1", names: BilingualName(zh: "阳光社区"), kind: .community, branch: "east", capacity: 100),
            Venue(id: "mall-1", names: BilingualName(zh: "咸宁万达广场"), kind: .businessDistrict, branch: "east", capacity: 500),
            Venue(id: "radio-1", names: BilingualName(zh: "咸宁广播电视台"), kind: .media, branch: "city"),
        ]
        let metrics = [
            Metric(id: "attendees", names: BilingualName(zh: "参与人数", en: "Attendees"), unit: BilingualName(zh: "人次", en: "person-times"), countsPeople: true),
            Metric(id: "consultations", names: BilingualName(zh: "咨询人次", en: "Consultations"), unit: BilingualName(zh: "人次", en: "person-times"), countsPeople: true),
            Metric(id: "leaflets", names: BilingualName(zh: "发放折页", en: "Leaflets"), unit: BilingualName(zh: "份", en: "copies"), countsPeople: false),
            Metric(id: "screen-plays", names: BilingualName(zh: "播放次数", en: "Screen plays"), unit: BilingualName(zh: "次", en: "plays"), countsPeople: false),
            Metric(id: "listeners", names: BilingualName(zh: "收听人次", en: "Listeners"), unit: BilingualName(zh: "人次", en: "person-times"), countsPeople: false),
        ]
        let channels = [
            Channel(id: "led-screen", names: BilingualName(zh: "LED显示屏", en: "LED screen"), kind: .display, metrics: ["screen-plays"], isSingleCampaign: true, runsOnHolidays: true),
            Channel(id: "leaflet", names: BilingualName(zh: "宣传折页", en: "Leaflets"), kind: .print, metrics: ["leaflets"], isSingleCampaign: false, runsOnHolidays: true),
            Channel(id: "radio", names: BilingualName(zh: "广播", en: "Radio"), kind: .broadcast, metrics: ["listeners"], isSingleCampaign: false, runsOnHolidays: true),
            Channel(id: "community-event", names: BilingualName(zh: "社区宣讲", en: "Community event"), kind: .faceToFace, metrics: ["attendees", "consultations", "leaflets"], isSingleCampaign: false, runsOnHolidays: false),
            Channel(id: "campus-event", names: BilingualName(zh: "校园宣讲", en: "Campus event"), kind: .faceToFace, metrics: ["attendees", "consultations", "leaflets"], isSingleCampaign: false, runsOnHolidays: false),
        ]
        let segments = [
            AudienceSegment(id: "students", names: BilingualName(zh: "学生", en: "Students")),
            AudienceSegment(id: "elderly", names: BilingualName(zh: "老年人", en: "Elderly people")),
            AudienceSegment(id: "new-urban-workers", names: BilingualName(zh: "新市民", en: "New urban workers")),
        ]
        let kinds = [
            CampaignKind(id: "consumer-rights-day", names: BilingualName(zh: "3·15金融消费者权益日"), anchor: .init(month: 3, day: 15)),
            CampaignKind(id: "campus", names: BilingualName(zh: "金融知识进校园"), followsSchoolTerms: true),
            CampaignKind(id: "households", names: BilingualName(zh: "金融知识进万家")),
        ]
        let terms = [
            SchoolTerm(calendar: "default", names: BilingualName(zh: "2026—2027学年第一学期"), start: LocalDate("2026-09-01")!, end: LocalDate("2027-01-22")!),
            SchoolTerm(calendar: "default", names: BilingualName(zh: "2026—2027学年第二学期"), start: LocalDate("2027-02-22")!, end: LocalDate("2027-07-02")!),
        ]
        let notice = HolidayCalendar.Notice(
            year: 2026, sourceTitle: "国务院办公厅关于2026年部分节假日安排的通知",
            offDays: [
                .init(names: BilingualName(zh: "元旦", en: "New Year's Day"), start: LocalDate("2026-01-01")!, end: LocalDate("2026-01-03")!),
                .init(names: BilingualName(zh: "国庆节", en: "National Day"), start: LocalDate("2026-10-01")!, end: LocalDate("2026-10-07")!),
            ],
            adjustedWorkdays: [.init(date: LocalDate("2026-10-10")!, holiday: BilingualName(zh: "国庆节"))])
        let anchors = [
            HolidayCalendar.Anchor(date: LocalDate("2027-01-01")!, names: BilingualName(zh: "元旦", en: "New Year's Day")),
            HolidayCalendar.Anchor(date: LocalDate("2027-10-01")!, names: BilingualName(zh: "国庆节", en: "National Day")),
        ]
        return ReferenceData(
            branches: branches, venues: venues, channels: channels, metrics: metrics, segments: segments, kinds: kinds,
            terms: terms, holidays: HolidayCalendar(notices: [notice], anchors: anchors))
    }
}

/// Builds campaign YAML for tests, with one event per call to `event`.
package struct CampaignText {
    package var head: String
    package var events: [String] = []

    package init(
        id: String = "c1", kind: String = "households", start: String = "2026-12-01", end: String = "2026-12-31",
        channels: String = "[community-event, campus-event, led-screen, leaflet, radio]", extra: String = ""
    ) {
        head = """
            id: \(id)
            title: 社区金融知识宣传
            kind: \(kind)
            period: {start: \(start), end: \(end)}
            owner: city
            channels: \(channels)
            \(extra)
            """
    }

    /// Adds an event; `fields` are extra lines like `"repeat: FREQ=WEEKLY"`.
    package mutating func event(
        _ id: String, channel: String = "community-event", venue: String = "community-1", start: String,
        end: String? = nil, _ fields: String...
    ) {
        var text = "  - id: \(id)\n    title: 活动\(id)\n    channel: \(channel)\n    venue: \(venue)\n    start: \(start)\n"
        if let end { text += "    end: \(end)\n" }
        for field in fields { text += "    \(field)\n" }
        events.append(text)
    }

    package var text: String { head.trimmingCharacters(in: .whitespacesAndNewlines) + "\nevents:\n" + events.joined() }
    package var bytes: [UInt8] { Array(text.utf8) }
}
