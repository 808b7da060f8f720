import Foundation
@testable import OutreachCore
import OutreachTestSupport
import Testing

/// A template renders through the shapes it has learnt exactly what swift-mustache renders in full, for the
/// shipped templates, for templates using every Mustache feature a notice can, and for values made to trip it.
struct TemplateShapesTests {
    /// Every field name the shipped templates use, and then some.
    static let names = [
        "title", "offset", "when", "is_shanghai", "time_zone", "venue", "branch", "staff", "event_id", "urgent", "kind",
        "kind_name", "date", "count", "year", "month", "month_padded", "events_held", "person_times", "link", "target",
        "message", "was_at", "percent", "expected_percent", "segment", "achieved", "period", "branch_id", "all_day",
        "branches_behind", "branch_count",
    ]

    /// Texts that escape differently in each dialect, span lines, combine with what follows, or hold the markers'
    /// block (which must send the context to swift-mustache).
    static let texts = [
        "", "反诈讲座", "a*b_c[d]<e>#f&g\"h'i\\j`k", "第一行\n第二行", "  空格  ", "e\u{301}", "\u{301}x", "<", "&lt;", "0",
        "\u{E000}0<\u{E001}", "私用\u{E123}区", "{{title}}", "3 < 4 && 5 > 2",
    ]

    static let features = [
        "{{#urgent}}!{{/urgent}}{{title}}|{{{title}}}|{{& title}}|{{#title}}[{{.}}]{{/title}}{{^title}}none{{/title}}",
        "{{=<% %>=}}<% title %> <%# staff %>S:<% staff %><%/ staff %><%={{ }}=%> {{venue}}",
        "  {{#staff}}\n  line {{staff}}\n  {{/staff}}\n{{! comment }}\nend {{missing}} {{title.x}} {{.}}",
        "{{urgent}} {{#is_shanghai}}沪{{/is_shanghai}}{{^is_shanghai}}{{time_zone}}{{/is_shanghai}}\n",
        "{{#urgent}}{{#staff}}{{title}}{{^venue}}-{{/venue}}{{/staff}}{{/urgent}}{{title}}{{title}}{{{venue}}}",
        "{{#title}}{{#venue}}{{title}}/{{venue}}/{{.}}{{/venue}}{{/title}}\r\n{{^all_day}}{{when}}{{/all_day}}",
        "no tags at all",
        "",
    ]

    func context(_ random: inout SeededGenerator) -> [String: TemplateValue] {
        var fields: [String: TemplateValue] = [:]
        for name in Self.names where Int.random(in: 0..<8, using: &random) > 0 {
            fields[name] =
                Int.random(in: 0..<4, using: &random) == 0
                ? .bool(Bool.random(using: &random)) : .text(Self.texts.randomElement(using: &random)!)
        }
        return fields
    }

    func check(_ template: Template, seed: UInt64, rounds: Int) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<rounds {
            let fields = context(&random)
            for escaping in Template.Escaping.allCases {
                let quick = template.render(.object(fields), escaping: escaping)
                let full = template.renderInFull(.object(fields), escaping: escaping)
                #expect(quick == full, "seed \(seed), \(escaping), \(fields), template \(template.source.debugDescription)")
            }
        }
    }

    @Test func shippedTemplatesRenderAsSwiftMustacheDoes() throws {
        for kind in Notice.Kind.allCases {
            for language in Language.allCases {
                let template = try Template(parsing: DefaultTemplates.source(for: kind, language: language))
                check(template, seed: 11, rounds: 150)
                #expect(template.shapesLearnt > 0, "\(kind) \(language): no shape rendered by pieces")
            }
        }
    }

    @Test(arguments: features.indices)
    func everyFeatureRendersAsSwiftMustacheDoes(_ index: Int) throws {
        check(try Template(parsing: Self.features[index]), seed: UInt64(index) + 100, rounds: 300)
    }

    /// A reminder's real context, once learnt, renders the next reminder of the same shape with its own values.
    @Test func theSameShapeTakesEachNoticesOwnValues() throws {
        let template = try Template(parsing: DefaultTemplates.source(for: .eventReminder, language: .zh))
        let first = Notice.fixtureReminder(urgent: true).templateContext(.zh)
        guard case .object(var fields) = first else {
            Issue.record("a reminder's context is an object")
            return
        }
        #expect(template.render(first, escaping: .markdown) == template.renderInFull(first, escaping: .markdown))
        fields["title"] = .text("防范*电信*诈骗")
        fields["venue"] = .text("东区 <社区> 中心")
        let second = template.render(.object(fields), escaping: .markdown)
        #expect(second == template.renderInFull(.object(fields), escaping: .markdown))
        #expect(second.contains("防范\\*电信\\*诈骗"))
        #expect(second.contains("东区 \\<社区\\> 中心"))
        #expect(template.shapesLearnt == 1)  // both reminders had one shape, learnt once and rendered by pieces
    }

    /// Notices of the flat kinds, as the renderer meets them: their fields in the order each kind lists them.
    static func flatNotices() -> [Notice] {
        let event = Notice.fixtureEvent()
        var noStaff = Notice.fixtureEvent(staff: [])
        noStaff.title = BilingualName(zh: "讲座 *重要* <现场>", en: "Talk #1 [live]")
        let wasAt = LocalDateTime(date: LocalDate(year: 2027, month: 3, day: 8) ?? LocalDate(dayNumber: 0), time: .midnight)
        let bulletin = Notice.BulletinPublished(
            year: 2027, month: 3, branch: "east-1", branchName: BilingualName(zh: "温泉路网点", en: "Wenquan Rd"), eventsHeld: 1_204,
            personTimes: 35_678, link: "http://intranet/bulletins/2027-03.pdf")
        return [
            Notice.fixtureReminder(), Notice.fixtureReminder(urgent: true, language: .en),
            Notice(.eventReminder(Notice.EventReminder(event: noStaff, offsetLabel: BilingualName(zh: "1 小时后", en: "in 1 hour"))), createdAt: Notice.fixtureDate),
            Notice(.eventCancelled(Notice.EventCancelled(event: event, wasAt: wasAt)), urgent: true, createdAt: Notice.fixtureDate),
            Notice(.bulletinPublished(bulletin), language: .en, createdAt: Notice.fixtureDate),
            Notice(.test(Notice.TestNotice(target: "分行群")), createdAt: Notice.fixtureDate),
            Notice(.test(Notice.TestNotice(target: "ops", message: "第一行\n第二行 *b*")), createdAt: Notice.fixtureDate),
        ]
    }

    /// The renderer's path (fields in their kind's order, no dictionary) gives what swift-mustache gives for the
    /// same context by name, the first time (learning) and the second (by pieces); each kind names a field once.
    @Test func fieldsInTheirKindsOrderRenderAsSwiftMustacheDoes() throws {
        for notice in Self.flatNotices() {
            for language in Language.allCases {
                let fields = notice.templateFields(language)
                #expect(Set(fields.names).count == fields.count, "\(notice.kind): a field named twice in \(fields.names)")
                #expect(notice.templateContext(language) == .object(fields.dictionary))
                let template = try Template(parsing: DefaultTemplates.source(for: notice.kind, language: language))
                for escaping in Template.Escaping.allCases {
                    let full = template.renderInFull(notice.templateContext(language), escaping: escaping)
                    #expect(template.render(fields, escaping: escaping) == full, "\(notice.kind) \(language) \(escaping)")
                    #expect(template.render(fields, escaping: escaping) == full, "\(notice.kind) \(language) \(escaping), by pieces")
                }
                #expect(template.shapesLearnt > 0, "\(notice.kind) \(language): no shape rendered by pieces")
            }
        }
    }

    /// A name listed twice takes its later value, as a dictionary would.
    @Test func aNameListedTwiceTakesItsLaterValue() throws {
        let template = try Template(parsing: "{{#urgent}}!{{/urgent}}{{title}}/{{venue}}")
        var fields = TemplateFields()
        fields.append("title", .text("旧"))
        fields.append("urgent", .bool(false))
        fields.append("venue", .text("东区"))
        fields.append("title", .text("新 *标题*"))
        fields.append("urgent", .bool(true))
        for _ in 0..<2 {
            #expect(template.render(fields, escaping: .markdown) == "!新 \\*标题\\*/东区")
            #expect(template.render(fields, escaping: .markdown) == template.renderInFull(.object(fields.dictionary), escaping: .markdown))
        }
    }

    /// Lists (a daily digest) and nested objects are rendered in full every time.
    @Test func listsAndObjectsRenderInFull() throws {
        let template = try Template(parsing: DefaultTemplates.source(for: .dailyDigest, language: .en))
        let context: TemplateValue = .object([
            "date": "2027-03-15", "count": "2",
            "events": .list([.object(["index": "1", "title": "A*", "venue": "V"]), .object(["index": "2", "title": "B", "staff": "S"])]),
        ])
        #expect(template.render(context, escaping: .markdown) == template.renderInFull(context, escaping: .markdown))
        #expect(template.render(context, escaping: .markdown).contains("1.  A\\* @ V"))
    }

    /// Past the limit of shapes a template keeps, every shape still renders right.
    @Test func moreShapesThanKeptStillRenderRight() throws {
        let template = try Template(parsing: "{{#a}}A{{/a}}{{#b}}B{{/b}}{{#c}}C{{/c}}{{#d}}D{{/d}}{{#e}}E{{/e}}{{#f}}F{{/f}}{{#g}}G{{/g}}:{{t}}")
        for pattern in 0..<(TemplateShapes.limit * 2) {
            var fields: [String: TemplateValue] = ["t": .text("值\(pattern)")]
            for (bit, name) in ["a", "b", "c", "d", "e", "f", "g"].enumerated() { fields[name] = .bool(pattern >> bit & 1 == 1) }
            #expect(template.render(.object(fields), escaping: .plain) == template.renderInFull(.object(fields), escaping: .plain))
        }
    }
}
