import Foundation
import Hummingbird
import OutreachApp
import OutreachCore

/// The campaign list and a campaign's page: period, kind, owner, branches, segments with their target
/// populations, progress (occurrences planned and held, reach logged so far), its events and the audit log of
/// their changes, through `CampaignOverview`. Branch staff see the campaigns and events of their subtree only.
struct CampaignController {
    let web: WebApp

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/campaigns") { _, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let language = context.language
            guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
            let campaigns = try await CampaignOverview(store: web.store, reference: reference).campaigns(for: signedIn.user)
            var body = ""
            if campaigns.isEmpty {
                body += "<p class=\"note\">\(escape(PagesMessages.noCampaigns.text(language)))</p>\n"
            } else {
                let headers = [PagesMessages.campaignsTitle, PagesMessages.periodLabel, PagesMessages.kindLabel, PagesMessages.ownerLabel]
                body += "<table class=\"list\"><thead><tr>" + headers.map { "<th>\(escape($0.text(language)))</th>" }.joined()
                body += "</tr></thead><tbody>\n"
                for stored in campaigns {
                    let campaign = stored.campaign
                    body += "<tr><td><a href=\"/campaigns/\(escape(campaign.id.rawValue))\">\(escape(campaign.title.text(language)))</a></td>"
                    body += "<td>\(escape(PagesMessages.window(from: campaign.start, through: campaign.end).text(language)))</td>"
                    body += "<td>\(escape(reference.kind(campaign.kind)?.names.text(language) ?? campaign.kind.rawValue))</td>"
                    body += "<td>\(escape(branchName(campaign.owner, reference: reference, language: language)))</td></tr>\n"
                }
                body += "</tbody></table>\n"
            }
            return Page(
                title: PagesMessages.campaignsTitle.text(language), language: language, signedIn: signedIn, path: "/campaigns",
                body: body
            ).response()
        }
        router.get("/campaigns/:id") { _, context -> Response in
            guard let signedIn = context.signedIn else { return AuthController.redirect(to: "/login") }
            let language = context.language
            guard let raw = PagesSupport.pathID(context.parameters.get("id")) else { throw HTTPError(.notFound) }
            guard let reference = try await web.referenceData() else { throw HTTPError(.serviceUnavailable) }
            let today = reference.today(at: web.now(), for: signedIn.user.branch) ?? LocalDate(dayNumber: 0)
            guard
                let overview = try await CampaignOverview(store: web.store, reference: reference)
                    .overview(Campaign.ID(raw), for: signedIn.user, today: today)
            else { throw HTTPError(.notFound) }
            let pending = signedIn.user.mayPlanEvents
                ? try await EventPlanning(store: web.store, reference: reference, notify: nil).pendingEdits(of: Campaign.ID(raw)) : []
            return Page(
                title: overview.stored.campaign.title.text(language), language: language, signedIn: signedIn,
                path: "/campaigns/" + raw,
                body: PlanningLinks.newEvent(overview.stored.campaign.id, for: signedIn.user, language: language)
                    + PlanningLinks.pendingCount(pending.count, language: language)
                    + detail(overview, reference: reference, language: language)
            ).response()
        }
    }

    private func branchName(_ id: Branch.ID, reference: ReferenceData, language: Language) -> String {
        reference.branch(id)?.names.text(language) ?? id.rawValue
    }

    private func detail(_ overview: CampaignOverview.Result, reference: ReferenceData, language: Language) -> String {
        let campaign = overview.stored.campaign
        let separator = language == .zh ? "、" : ", "
        let segments = campaign.segments.map { target in
            let name = reference.segment(target.segment)?.names.text(language) ?? target.segment.rawValue
            let population = target.targetPopulation.map { PagesMessages.people($0).text(language) }
                ?? PagesMessages.noTargetPopulation.text(language)
            return "\(name) \(population)"
        }
        var body = PagesSupport.details(
            [
                (PagesMessages.periodLabel, PagesMessages.window(from: campaign.start, through: campaign.end).text(language)),
                (PagesMessages.kindLabel, reference.kind(campaign.kind)?.names.text(language) ?? campaign.kind.rawValue),
                (PagesMessages.ownerLabel, branchName(campaign.owner, reference: reference, language: language)),
                (PagesMessages.branchesLabel, campaign.branches.map { branchName($0, reference: reference, language: language) }.joined(separator: separator)),
                (PagesMessages.segmentsLabel, segments.joined(separator: separator)),
                (PagesMessages.notesLabel, campaign.notes ?? ""),
            ], language: language)
        let progress = overview.progress
        body += "<h2>\(escape(PagesMessages.progressHeading.text(language)))</h2>\n"
        body += "<p class=\"progress\">\(escape(PagesMessages.heldOfPlanned(held: progress.held, planned: progress.planned, unplanned: progress.unplanned).text(language)))</p>\n"
        body += "<h3>\(escape(PagesMessages.reachHeading.text(language)))</h3>\n"
        if progress.reach.isEmpty {
            body += "<p class=\"note\">\(escape(PagesMessages.noReachYet.text(language)))</p>\n"
        } else {
            body += "<table class=\"list reach\"><thead><tr><th>\(escape(PagesMessages.metricColumn.text(language)))</th>"
                + "<th>\(escape(PagesMessages.countColumn.text(language)))</th></tr></thead><tbody>\n"
            for (metric, count) in progress.reach {
                body += "<tr><td>\(escape(metric.names.text(language)))</td><td>\(count)</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        body += "<h2>\(escape(PagesMessages.eventsHeading.text(language)))</h2>\n"
        if overview.events.isEmpty {
            body += "<p class=\"note\">\(escape(PagesMessages.noEvents.text(language)))</p>\n"
        } else {
            let renderer = PlanRenderer(reference: reference, language: language)
            body += "<ul class=\"agenda\">\n"
            for stored in overview.events {
                let event = stored.event
                let channel = reference.channel(event.channel)?.names.text(language) ?? event.channel.rawValue
                body += "<li class=\"\(PagesSupport.channelClass(event.channel, reference: reference))\">"
                body += "<div class=\"when\">\(escape(event.timing.startDate.description)) \(escape(renderer.timeText(event.timing)))</div>"
                body += "<div><a href=\"/events/\(escape(event.id.rawValue))\">\(escape(event.title.text(language)))</a> "
                body += "<span class=\"status\">\(escape(event.status.text(language)))</span></div>"
                body += "<div class=\"where\">\(escape(channel)) · \(escape(branchName(event.branch, reference: reference, language: language)))</div></li>\n"
            }
            body += "</ul>\n"
        }
        body += "<h2>\(escape(PagesMessages.auditHeading.text(language)))</h2>\n"
        if !overview.audit.isEmpty {
            // Aggregated: how many times each change happened, then every entry.
            var counts: [String: Int] = [:]
            var order: [String] = []
            for entry in overview.audit {
                let text = AuditMessages.change(entry.change).text(language)
                if counts[text] == nil { order.append(text) }
                counts[text, default: 0] += 1
            }
            body += "<h3>\(escape(PagesMessages.auditSummaryHeading.text(language)))</h3>\n<ul class=\"audit-summary\">"
            for text in order {
                body += "<li>\(escape(text)): \(escape(PagesMessages.changeCount(counts[text] ?? 0).text(language)))</li>"
            }
            body += "</ul>\n"
        }
        body += PagesSupport.auditTable(overview.audit, language: language, reference: reference, showsEvent: true)
        return body
    }
}
