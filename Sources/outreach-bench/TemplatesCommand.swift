import ArgumentParser
import Foundation
import OutreachCore

/// Renders the same notices with swift-mustache (OutreachCore's `Template`) and with the hand-written subset
/// it replaced, alternating, in one run; checks both give the same text (BENCHMARKS.md).
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Time notice template rendering: swift-mustache against the former hand-written renderer."
    )

    @Option(help: "Number of notices rendered per round and renderer.") var count = 100_000
    @Option(help: "Rounds, alternating the renderers.") var rounds = 3

    func run() throws {
        let notices = Self.notices(count)
        let target = NotifyTarget(
            name: "bench", kind: .wecom, endpoint: try WebhookEndpoint.make(kind: .wecom, value: "bench-key").get())
        // Parsed once, as the renderer does; the contexts are built once too, so only rendering is timed.
        var new: [Notice.Kind: [Language: Template]] = [:]
        var old: [Notice.Kind: [Language: LegacyTemplate]] = [:]
        for kind in Notice.Kind.allCases {
            for language in Language.allCases {
                let source = DefaultTemplates.source(for: kind, language: language)
                new[kind, default: [:]][language] = try Template(parsing: source)
                old[kind, default: [:]][language] = try LegacyTemplate(parsing: source)
            }
        }
        let contexts = notices.map { ($0.kind, $0.language, $0.templateContext($0.language)) }

        var different = 0
        for (kind, language, context) in contexts {
            for escaping in Template.Escaping.allCases {
                let a = new[kind]![language]!.render(context, escaping: escaping)
                let b = old[kind]![language]!.render(context, escaping: LegacyTemplate.Escaping(escaping))
                if a != b { different += 1 }
            }
        }

        var newTimes: [Double] = [], oldTimes: [Double] = [], fullTimes: [Double] = []
        var bytes = 0
        for _ in 0..<rounds {
            oldTimes.append(
                Self.time {
                    for (kind, language, context) in contexts { bytes &+= old[kind]![language]!.render(context, escaping: .markdown).utf8.count }
                })
            newTimes.append(
                Self.time {
                    for (kind, language, context) in contexts { bytes &+= new[kind]![language]!.render(context, escaping: .markdown).utf8.count }
                })
            // The whole rendering path of a delivery (context, template, body, size check), with swift-mustache.
            fullTimes.append(
                Self.time {
                    for (index, notice) in notices.enumerated() {
                        bytes &+= NoticeRenderer.render(notice, for: target, deliveryID: "bench-\(index)").count
                    }
                })
        }
        let oldMedian = Self.median(oldTimes), newMedian = Self.median(newTimes), fullMedian = Self.median(fullTimes)
        let fullOld = fullMedian - newMedian + oldMedian
        print("notices=\(count) rounds=\(rounds) renders_differing=\(different) checksum=\(bytes)")
        print(String(format: "template render, old hand-written: %.3f s (%.0f/s)", oldMedian, Double(count) / oldMedian))
        print(String(format: "template render, swift-mustache:   %.3f s (%.0f/s)", newMedian, Double(count) / newMedian))
        print(String(format: "ratio new/old (time): %.2f", newMedian / oldMedian))
        print(
            String(
                format: "NoticeRenderer.render with swift-mustache: %.3f s (%.0f/s); with the old renderer it would be %.3f s; ratio %.2f",
                fullMedian, Double(count) / fullMedian, fullOld, fullMedian / fullOld))
    }

    static func time(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Reminders (9 in 10, some urgent, some without staff, some outside Shanghai) and daily digests of 5 events.
    static func notices(_ count: Int) -> [Notice] {
        let day = LocalDate(year: 2027, month: 3, day: 15) ?? LocalDate(dayNumber: 20_000)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func event(_ index: Int) -> Notice.EventSummary {
            Notice.EventSummary(
                event: Event.ID("bench-\(index)"), campaign: "2027-315-xianning",
                title: BilingualName(zh: "3·15 金融消费者权益日“守护钱袋子”防诈骗讲座（第 \(index + 1) 场）", en: "Anti-fraud talk <\(index + 1)> *now*"),
                venue: BilingualName(zh: "阳光社区活动中心", en: "Yangguang community centre #2"), branch: "xn-xianan",
                branchName: BilingualName(zh: "咸安支行", en: "Xian'an"),
                start: LocalDateTime(date: day, time: LocalTime(hour: 14, minute: 30) ?? .midnight),
                end: LocalDateTime(date: day, time: LocalTime(hour: 16, minute: 0) ?? .midnight),
                timeZone: index % 7 == 0 ? "Asia/Urumqi" : "Asia/Shanghai",
                staff: index % 3 == 0 ? [] : ["张伟", "李娜"])
        }
        return (0..<count).map { index in
            let language: Language = index % 2 == 0 ? .zh : .en
            if index % 10 == 9 {
                let digest = Notice.DailyDigest(date: day, branchName: BilingualName(zh: "咸安支行", en: "Xian'an"), events: (0..<5).map { event(index + $0) })
                return Notice(.dailyDigest(digest), language: language, createdAt: now)
            }
            let reminder = Notice.EventReminder(event: event(index), offsetLabel: BilingualName(zh: "明天", en: "tomorrow"))
            return Notice(.eventReminder(reminder), urgent: index % 5 == 0, language: language, createdAt: now)
        }
    }
}

extension LegacyTemplate.Escaping {
    init(_ escaping: Template.Escaping) {
        switch escaping {
        case .plain: self = .plain
        case .markdown: self = .markdown
        case .slack: self = .slack
        case .html: self = .html
        }
    }
}
