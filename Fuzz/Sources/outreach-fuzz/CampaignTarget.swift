import OutreachCore

/// A whole campaign file: decode, validate and schedule checks, as `outreach validate` runs them.
/// Invariants: every message is bilingual and placed in the file; a campaign without errors, written out
/// by the campaign encoder, reads back equal with no errors, and writes out byte for byte the same again.
enum CampaignTarget {
    static let path = "campaigns/fuzz.yaml"

    static func run(_ bytes: [UInt8]) {
        let (decoded, issues) = CampaignFileDecoder.decode(bytes: bytes, path: path, reference: Shipped.reference)
        checkMessages(issues, path: path)
        guard let decoded else { return }
        let scheduled = decoded.campaign.events.filter { !decoded.invalidEvents.contains($0.id) }.map {
            ScheduledEvent(event: $0, campaignEnd: decoded.campaign.end, location: decoded.source.eventStarts[$0.id])
        }
        checkMessages(ScheduleChecker(reference: Shipped.reference).check(scheduled), path: path)
        guard !issues.hasErrors else { return }

        let written = CampaignFileEncoder.encode(decoded.campaign)
        let (again, againIssues) = CampaignFileDecoder.decode(bytes: Array(written.utf8), path: path, reference: Shipped.reference)
        require(!againIssues.hasErrors, "the campaign written again has errors: \(againIssues.map { $0.rendered(.en) })\n\(written)")
        require(again?.campaign == decoded.campaign, "the campaign written again reads differently\n\(written)")
        if let again {
            require(CampaignFileEncoder.encode(again.campaign) == written, "the campaign is written differently the second time")
        }
    }
}
