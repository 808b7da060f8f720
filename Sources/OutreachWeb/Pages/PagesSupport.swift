import Foundation
import Hummingbird
import OutreachCore

/// What the calendar, campaign and event pages share: reading ids from the path, the channel palette, local
/// times, and the audit table.
enum PagesSupport {
    /// An id from the path, or nil for one with path tricks (`..`, `/`, `\`, `%`, NUL or other control
    /// characters), which the pages answer with 404 like an unknown id.
    static func pathID(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty, raw.count <= 200 else { return nil }
        let decoded = raw.removingPercentEncoding ?? raw
        for text in [raw, decoded] {
            if text.contains("..") || text.contains("/") || text.contains("\\") || text.contains("%") { return nil }
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{0}" }) {
                return nil
            }
        }
        return raw
    }

    /// The channel's colour class (`ch0` … `ch7`, a small fixed palette); the channel's name is always shown too.
    static func channelClass(_ channel: Channel.ID, reference: ReferenceData) -> String {
        let index = reference.channels.firstIndex { $0.id == channel } ?? reference.channels.count
        return "ch\(index % 8)"
    }

    /// An instant as local time in a zone, to the minute (`2026-12-05 10:00`).
    static func localTime(_ date: Date, zone: String) -> String {
        guard let converter = ZoneConverter(identifier: zone) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone) else {
            return Timestamp.string(from: date)
        }
        return converter.local(at: date).description
    }

    /// The audit entries as a table, newest first (with the event column when `showsEvent`).
    static func auditTable(_ entries: [AuditEntry], language: Language, reference: ReferenceData, showsEvent: Bool) -> String {
        guard !entries.isEmpty else { return "<p class=\"note\">\(escape(PagesMessages.noAudit.text(language)))</p>\n" }
        var headers = PagesMessages.auditHeaders.map { $0.text(language) }
        if !showsEvent { headers.remove(at: 3) }
        var html = "<table class=\"audit\"><thead><tr>"
        html += headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for entry in entries.reversed() {
            html += "<tr><td>\(escape(localTime(entry.at, zone: ReferenceData.defaultTimeZone)))</td>"
            let who = entry.actorDisplayName == entry.actor ? entry.actor : "\(entry.actorDisplayName) (\(entry.actor))"
            html += "<td>\(escape(who))</td><td>\(escape(entry.source.text(language)))</td>"
            if showsEvent {
                html += "<td><a href=\"/events/\(escape(entry.event.rawValue))\">\(escape(entry.event.rawValue))</a></td>"
            }
            html += "<td>\(escape(AuditMessages.change(entry.change).text(language)))</td>"
            html += "<td>\(escape(entry.reason ?? ""))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// A definition list of label and value pairs (values are text, escaped here).
    static func details(_ rows: [(Message, String)], language: Language) -> String {
        var html = "<dl class=\"details\">\n"
        for (label, value) in rows where !value.isEmpty {
            html += "<dt>\(escape(label.text(language)))</dt><dd>\(escape(value))</dd>\n"
        }
        return html + "</dl>\n"
    }

    /// The style of these pages, appended to the site's style sheet: the calendar grid on desks, a list per
    /// day on a phone (CSS only), the channel palette, tables and the status forms.
    static let css = """
        nav.pages{display:flex;gap:1rem}
        .views,.pager{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:.5rem 0}
        .views .current{font-weight:700}
        form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}
        form.filters label{min-width:9rem}
        select,textarea{font:inherit;padding:.4rem;border:1px solid #9aa3b2;border-radius:4px;width:100%}
        table.cal{width:100%;border-collapse:collapse;table-layout:fixed;background:#fff}
        table.cal th{font-size:.85rem;padding:.25rem;background:#e8edf3}
        table.cal td{vertical-align:top;border:1px solid #dde2ea;padding:.25rem;height:6rem;font-size:.8rem}
        table.cal td.outside{background:#f1f3f6;color:#8a94a6}
        table.cal td.holiday{background:#fff4e5}
        .daynum{font-weight:700}
        .holiday-name,.workday{display:block;font-size:.75rem;color:#8a4b00}
        ul.occ{list-style:none;margin:.25rem 0 0;padding:0}
        ul.occ li{margin:.15rem 0;padding:.1rem .3rem;border-left:4px solid #607089;background:#f6f7f9;overflow-wrap:anywhere}
        ul.occ li.conflict{outline:2px solid #b3261e}
        .badge{display:inline-block;font-size:.7rem;padding:0 .3rem;border-radius:3px;background:#b3261e;color:#fff}
        .chname{color:#4a5568}
        .ch0{border-left-color:#1f77b4!important}.ch1{border-left-color:#d62728!important}
        .ch2{border-left-color:#2ca02c!important}.ch3{border-left-color:#9467bd!important}
        .ch4{border-left-color:#ff7f0e!important}.ch5{border-left-color:#17becf!important}
        .ch6{border-left-color:#8c564b!important}.ch7{border-left-color:#e377c2!important}
        section.day{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
        table.list,table.audit{width:100%;border-collapse:collapse;background:#fff;font-size:.9rem}
        table.list th,table.list td,table.audit th,table.audit td{border:1px solid #dde2ea;padding:.3rem .5rem;text-align:left;vertical-align:top}
        dl.details{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;background:#fff;padding:.75rem;border:1px solid #dde2ea;border-radius:6px}
        dl.details dt{font-weight:600}
        dl.details dd{margin:0;overflow-wrap:anywhere}
        form.status{display:grid;gap:.5rem;max-width:28rem;margin:.5rem 0}
        @media (max-width:40rem){
        table.cal,table.cal tbody,table.cal tr,table.cal td{display:block;width:100%;height:auto}
        table.cal thead{display:none}
        table.cal td.outside,table.cal td.empty{display:none}
        table.cal td{border:0;border-bottom:1px solid #dde2ea;padding:.5rem 0}
        dl.details{grid-template-columns:1fr}
        table.list,table.audit{font-size:.8rem}
        }
        """
}

/// The links to the calendar and the campaigns, in the header of every page of a signed-in user.
enum PagesNavigation {
    static func links(_ language: Language) -> String {
        "<nav class=\"pages\"><a href=\"/\">\(escape(WebMessages.homeLink.text(language)))</a>"
            + "<a href=\"/calendar\">\(escape(PagesMessages.calendarNav.text(language)))</a>"
            + "<a href=\"/campaigns\">\(escape(PagesMessages.campaignsNav.text(language)))</a>"
            + "<a href=\"/reports\">\(escape(ReportsWebMessages.reportsNav.text(language)))</a></nav>"
    }
}
