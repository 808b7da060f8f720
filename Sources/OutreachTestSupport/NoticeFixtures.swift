import Foundation
import OutreachCore

extension Notice {
    /// 2027-03-09 00:00 UTC (08:00 in Shanghai).
    package static let fixtureDate = Date(timeIntervalSince1970: 1_804_550_400)

    /// An event as notices describe it: the community talk of the 3·15 campaign.
    package static func fixtureEvent(staff: [String] = ["张伟", "李娜"]) -> EventSummary {
        EventSummary(
            event: "315-talk-yangguang", campaign: "2027-315-xianning",
            title: BilingualName(zh: "社区\"守护钱袋子\"防诈骗讲座", en: "Anti-fraud talk"),
            venue: BilingualName(zh: "阳光社区活动中心", en: "Yangguang community centre"), branch: "east-1",
            branchName: BilingualName(zh: "温泉路网点", en: "Wenquan Rd"),
            start: LocalDateTime(date: LocalDate(year: 2027, month: 3, day: 9) ?? LocalDate(dayNumber: 0), time: LocalTime(hour: 14, minute: 30) ?? .midnight),
            end: LocalDateTime(date: LocalDate(year: 2027, month: 3, day: 9) ?? LocalDate(dayNumber: 0), time: LocalTime(hour: 16, minute: 0) ?? .midnight),
            staff: staff)
    }

    /// A reminder the day before the talk.
    package static func fixtureReminder(urgent: Bool = false, language: Language = .zh) -> Notice {
        Notice(
            .eventReminder(EventReminder(event: fixtureEvent(), offsetLabel: BilingualName(zh: "明天", en: "tomorrow"))),
            urgent: urgent, language: language, createdAt: fixtureDate)
    }

    /// A digest of `count` events.
    package static func fixtureDigest(count: Int) -> Notice {
        let events = (0..<count).map { index in
            var event = fixtureEvent()
            event.event = Event.ID("e-\(index)")
            event.title = BilingualName(zh: "金融知识进万家宣讲第\(index + 1)场，讲解防范电信网络诈骗与养老诈骗")
            return event
        }
        return Notice(
            .dailyDigest(DailyDigest(date: LocalDate(year: 2027, month: 3, day: 9) ?? LocalDate(dayNumber: 0), events: events)),
            createdAt: fixtureDate)
    }
}
