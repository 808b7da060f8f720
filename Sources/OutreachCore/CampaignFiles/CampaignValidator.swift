import Foundation

/// The outcome of validating a set of campaign files together.
public struct ValidationReport: Sendable {
    public var campaigns: [DecodedCampaign]
    public var issues: [InputIssue]

    public var hasErrors: Bool { issues.hasErrors }
    public var eventCount: Int { campaigns.reduce(0) { $0 + $1.campaign.events.count } }
}

/// Validates campaign files: each file on its own, then ids across files, then the schedule as a whole.
public enum CampaignValidator {
    /// Validates files together.
    ///
    /// - Parameters:
    ///   - files: the campaign files.
    ///   - reference: the reference data ids are checked against.
    ///   - others: events already stored for campaigns not among these files (for conflict checks).
    public static func validate(
        _ files: [SourceFile], reference: ReferenceData, others: [ScheduledEvent] = []
    ) async -> ValidationReport {
        let decoded = await decodeInParallel(files, reference: reference)
        var issues: [InputIssue] = []
        var campaigns: [DecodedCampaign] = []
        var campaignIDs: [Campaign.ID: SourceLocation] = [:]
        var eventIDs: [Event.ID: SourceLocation] = [:]
        for (campaign, fileIssues) in decoded {
            issues += fileIssues
            guard var campaign else { continue }
            if let first = campaignIDs[campaign.campaign.id] {
                issues.append(
                    .error(
                        .duplicateID(.campaign, id: campaign.campaign.id.rawValue, first: first),
                        at: campaign.source.location))
                continue
            }
            campaignIDs[campaign.campaign.id] = campaign.source.location
            var kept: [Event] = []
            for event in campaign.campaign.events {
                let location = campaign.source.events[event.id] ?? campaign.source.location
                if let first = eventIDs[event.id] {
                    issues.append(.error(.duplicateID(.event, id: event.id.rawValue, first: first), at: location))
                    campaign.invalidEvents.insert(event.id)
                } else {
                    eventIDs[event.id] = location
                }
                kept.append(event)
            }
            campaign.campaign.events = kept
            campaigns.append(campaign)
        }

        var scheduled: [ScheduledEvent] = []
        for decoded in campaigns {
            for event in decoded.campaign.events where !decoded.invalidEvents.contains(event.id) {
                scheduled.append(
                    ScheduledEvent(
                        event: event, campaignEnd: decoded.campaign.end,
                        location: decoded.source.eventStarts[event.id] ?? decoded.source.location))
            }
        }
        let importing = Set(campaigns.map(\.campaign.id))
        let outside = others.filter { !importing.contains($0.event.campaign) && eventIDs[$0.event.id] == nil }
        issues += ScheduleChecker(reference: reference).check(scheduled, against: outside)
        return ValidationReport(campaigns: campaigns, issues: issues.sortedForDisplay())
    }

    /// Decodes files on all cores; results keep the files' order.
    static func decodeInParallel(_ files: [SourceFile], reference: ReferenceData) async
        -> [(DecodedCampaign?, [InputIssue])]
    {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        guard workers > 1 else {
            return files.map { CampaignFileDecoder.decode(bytes: $0.bytes, path: $0.path, reference: reference) }
        }
        return await withTaskGroup(of: [(Int, DecodedCampaign?, [InputIssue])].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    stride(from: worker, to: files.count, by: workers).map { i in
                        let (campaign, issues) = CampaignFileDecoder.decode(
                            bytes: files[i].bytes, path: files[i].path, reference: reference)
                        return (i, campaign, issues)
                    }
                }
            }
            var results = [(DecodedCampaign?, [InputIssue])](repeating: (nil, []), count: files.count)
            for await chunk in group {
                for (i, campaign, issues) in chunk { results[i] = (campaign, issues) }
            }
            return results
        }
    }
}
