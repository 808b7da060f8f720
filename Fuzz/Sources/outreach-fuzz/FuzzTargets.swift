import Foundation
import OutreachApp
import OutreachCore

/// The fuzz targets by name, and what they share.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "yaml": YAMLTarget.run,
        "campaign": CampaignTarget.run,
        "seeds": SeedsTarget.run,
        "targets": TargetsTarget.run,
        "reach": ReachTarget.run,
        "recurrence": RecurrenceTarget.run,
        "notify": NotifyConfigurationTarget.run,
        "template": TemplateTarget.run,
        "delivery": DeliveryTarget.run,
        "dates": DatesTarget.run,
        "xlsx": XLSXTarget.run,
    ]

    /// The target `OUTREACH_FUZZ_TARGET` names; the process stops (exit 64) when it names none.
    static let selected: @Sendable ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["OUTREACH_FUZZ_TARGET"] ?? ""
        guard let target = all[name] else {
            let names = all.keys.sorted().joined(separator: ", ")
            FileHandle.standardError.write(Data("OUTREACH_FUZZ_TARGET must be one of: \(names) (was '\(name)').\n".utf8))
            exit(64)
        }
        return target
    }()

    /// Picks the target and loads the shipped files.
    static func prepare() {
        _ = selected
        _ = Shipped.reference
        _ = Shipped.seedFiles
        _ = Shipped.reachIndex
    }
}

/// Stops the fuzzer with the input saved when an invariant does not hold.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

/// What every message for bad input must be: in both languages, Chinese with Chinese in it; an error is
/// placed in the file being read (a warning may be about the seeds, such as a year without holidays).
func checkMessages(_ issues: [InputIssue], path: String) {
    for issue in issues {
        let zh = issue.message(.zh), en = issue.message(.en)
        require(!zh.isEmpty && !en.isEmpty, "an issue without a message: \(issue)")
        require(zh.unicodeScalars.contains { $0.value >= 0x3000 }, "a Chinese message without Chinese: \(zh)")
        if issue.severity == .error {
            require(issue.location?.path == path, "an error not placed in \(path): \(issue.rendered(.en))")
        }
    }
}

/// The shipped seeds, campaigns and reach world the targets check against.
enum Shipped {
    /// The repository, from this file's place in it (Fuzz/Sources/outreach-fuzz/).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let seedFiles: [SourceFile] = (try? FileLoader.seedFiles(root + "/seeds")) ?? []

    static let reference: ReferenceData = {
        let (reference, issues) = SeedDecoder.decode(seedFiles)
        require(!seedFiles.isEmpty && !issues.hasErrors, "the shipped seeds do not load from \(root)/seeds")
        return reference
    }()

    static let campaigns: [DecodedCampaign] = {
        let files = (try? FileLoader.campaignFiles([root + "/campaigns"])) ?? []
        return files.compactMap { CampaignFileDecoder.decode(bytes: $0.bytes, path: $0.path, reference: reference).campaign }
    }()

    /// Every shipped event, with store keys and codes as an import would have them.
    static let reachIndex: ReachEventIndex = {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var events: [StoredEvent] = []
        for decoded in campaigns {
            for event in decoded.campaign.events {
                events.append(
                    StoredEvent(
                        event: event, fileStatus: event.status, isRemovedFromFile: false, campaignTitle: decoded.campaign.title,
                        campaignEnd: decoded.campaign.end, updatedAt: now))
            }
        }
        let keys = Dictionary(events.enumerated().map { ($1.event.id, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        func codes<ID: Hashable>(_ ids: [ID]) -> [ID: Int] {
            Dictionary(ids.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        }
        let codes = ReachCodes(
            metrics: codes(reference.metrics.map(\.id)), segments: codes(reference.segments.map(\.id)),
            channels: codes(reference.channels.map(\.id)), campaigns: codes(campaigns.map(\.campaign.id)),
            branches: codes(reference.branches.map(\.id)))
        return ReachEventIndex(events: events, keys: keys, reference: reference, codes: codes)
    }()
}
