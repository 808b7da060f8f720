/// The shipped Chinese and English templates, one per notice kind.
///
/// The first line of a rendered notice is its title (bold or a header, depending on the platform);
/// the remaining lines are its body. The fields each template can use are listed in
/// `docs/notifications.md`; `Notice+TemplateContext.swift` fills them.
public enum DefaultTemplates {
    /// The shipped template text for a kind and language.
    public static func source(for kind: Notice.Kind, language: Language) -> String {
        switch (kind, language) {
        case (.eventReminder, .zh):
            """
            {{#urgent}}【紧急】{{/urgent}}活动提醒：{{title}}（{{offset}}）
            时间：{{when}}{{^is_shanghai}}（{{time_zone}}）{{/is_shanghai}}
            地点：{{venue}}
            机构：{{branch}}
            {{#staff}}
            人员：{{staff}}
            {{/staff}}
            编号：{{event_id}}
            """
        case (.eventReminder, .en):
            """
            {{#urgent}}[URGENT] {{/urgent}}Reminder: {{title}} ({{offset}})
            When: {{when}}{{^is_shanghai}} ({{time_zone}}){{/is_shanghai}}
            Where: {{venue}}
            Branch: {{branch}}
            {{#staff}}
            Staff: {{staff}}
            {{/staff}}
            Event: {{event_id}}
            """
        case (.dailyDigest, .zh):
            """
            {{#urgent}}【紧急】{{/urgent}}今日活动 {{date}}{{#branch}} · {{branch}}{{/branch}}：共 {{count}} 场
            {{#events}}
            {{index}}. {{time}} {{title}} @ {{venue}}（{{branch}}）{{#staff}} 人员：{{staff}}{{/staff}}
            {{/events}}
            {{^events}}
            今天没有安排活动。
            {{/events}}
            """
        case (.dailyDigest, .en):
            """
            {{#urgent}}[URGENT] {{/urgent}}Today's events {{date}}{{#branch}} · {{branch}}{{/branch}}: {{count}} in all
            {{#events}}
            {{index}}. {{time}} {{title}} @ {{venue}} ({{branch}}){{#staff}} Staff: {{staff}}{{/staff}}
            {{/events}}
            {{^events}}
            No events today.
            {{/events}}
            """
        case (.bulletinPublished, .zh):
            """
            {{#urgent}}【紧急】{{/urgent}}{{year}} 年 {{month}} 月消保专刊已发布（{{branch}}）
            本月开展活动 {{events_held}} 场，触达 {{person_times}} 人次。
            查看：{{{link}}}
            """
        case (.bulletinPublished, .en):
            """
            {{#urgent}}[URGENT] {{/urgent}}Consumer-protection bulletin for {{year}}-{{month_padded}} published ({{branch}})
            Events held this month: {{events_held}}; people reached: {{person_times}} person-times.
            Read it: {{{link}}}
            """
        case (.offTrackAlert, .zh):
            """
            {{#urgent}}【紧急】{{/urgent}}目标进度预警：{{period}}，{{branches_behind}}进度落后
            按时间进度应达目标的 {{expected_percent}}%，以下落后：
            {{#branches}}
            {{branch}}
            {{#lines}}
            · {{segment}}：已完成 {{achieved}} / 目标 {{target}}（{{percent}}%）
            {{/lines}}
            {{/branches}}
            """
        case (.offTrackAlert, .en):
            """
            {{#urgent}}[URGENT] {{/urgent}}Behind target, {{period}}: {{branches_behind}}
            {{expected_percent}}% of each target was expected by now; behind:
            {{#branches}}
            {{branch}}
            {{#lines}}
            · {{segment}}: {{achieved}} of {{target}} ({{percent}}%)
            {{/lines}}
            {{/branches}}
            """
        case (.eventCancelled, .zh):
            """
            {{#urgent}}【紧急】{{/urgent}}活动取消：{{title}}
            原定时间：{{was_at}}{{^is_shanghai}}（{{time_zone}}）{{/is_shanghai}}
            地点：{{venue}}
            机构：{{branch}}
            编号：{{event_id}}
            """
        case (.eventCancelled, .en):
            """
            {{#urgent}}[URGENT] {{/urgent}}Cancelled: {{title}}
            Was at: {{was_at}}{{^is_shanghai}} ({{time_zone}}){{/is_shanghai}}
            Where: {{venue}}
            Branch: {{branch}}
            Event: {{event_id}}
            """
        case (.test, .zh):
            """
            测试通知：通知目标 '{{target}}' 已连通。
            {{#message}}
            {{message}}
            {{/message}}
            """
        case (.test, .en):
            """
            Test notice: the notify target '{{target}}' works.
            {{#message}}
            {{message}}
            {{/message}}
            """
        }
    }

    /// The shipped template, parsed (once per process: rendering is on every send's path).
    public static func template(for kind: Notice.Kind, language: Language) -> Template {
        guard let template = parsed[Key(kind: kind, language: language)] else {
            preconditionFailure("The shipped \(language.rawValue) template for \(kind.rawValue) does not parse.")
        }
        return template
    }

    private struct Key: Hashable {
        var kind: Notice.Kind
        var language: Language
    }

    /// Every shipped template, parsed when first used.
    private static let parsed: [Key: Template] = {
        var result: [Key: Template] = [:]
        for kind in Notice.Kind.allCases {
            for language in Language.allCases {
                // The shipped sources are fixed text covered by tests; a parse failure would be a build defect.
                result[Key(kind: kind, language: language)] = try? Template(parsing: source(for: kind, language: language))
            }
        }
        return result
    }()
}
