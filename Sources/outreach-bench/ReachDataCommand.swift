import ArgumentParser
import Foundation
import OutreachCore

/// Writes the reach benchmark's data: seeds with 40 outlets, campaign files holding 100,000 events over
/// two years on all 12 channels, and a reach CSV of 5,000,000 rows clustered as real logging is (each
/// event logs on its own days; the file is in date order, as weekly spreadsheets arrive).
struct ReachDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Generate seeds, campaigns and a large reach CSV for the import and report benchmark."
    )

    @Option(help: "Reach rows to write.") var rows = 5_000_000
    @Option(help: "Events in total.") var events = 100_000
    @Option(help: "Campaign files.") var files = 200
    @Option(help: "Output folder.") var output = "bench-data/reach"
    @Option(help: "Seeds folder to copy metrics, channels, segments, kinds, terms and holidays from.") var seeds = "seeds"
    @Option(help: "Random seed.") var seed: UInt64 = 2027

    func run() throws {
        let manager = FileManager.default
        try BenchFolder.prepare(output)
        try BenchSeeds.copyReference(from: seeds, to: output)
        let (reference, _) = SeedDecoder.decode(
            try ["metrics.yaml", "channels.yaml", "segments.yaml"].map { SourceFile(path: "\(seeds)/\($0)", bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(seeds)/\($0)")))) })
        var random = SplitMix(seed: seed)

        // Community halls big enough for any count.
        try BenchSeeds.writeOrganisation(to: output, venueCapacity: 100_000) { s, o, v in "场地\(s)-\(o)-\(v)" }
        var populations = "year: 2025\npopulations:\n"
        for s in 0..<8 {
            populations += "  - branch: bench-s\(s)\n    segments: {"
            populations += reference.segments.map { "\($0.id): \(10_000 + random.next(100_000))" }.joined(separator: ", ") + "}\n"
        }
        try manager.createDirectory(atPath: "\(output)/seeds/populations", withIntermediateDirectories: true)
        try populations.write(toFile: "\(output)/seeds/populations/2025.yaml", atomically: true, encoding: .utf8)

        // Events: a campaign per file over 2025–2026; channels in turn; all-day spans so that every logged
        // day is a scheduled day; face-to-face events are timed, one day.
        let start = LocalDate(year: 2025, month: 1, day: 1) ?? LocalDate(dayNumber: 0)
        let days = 730
        let channels = reference.channels
        let segments = reference.segments.map(\.id.rawValue)
        struct Planned { var id: String; var first: Int; var length: Int; var metrics: [String]; var segments: [String] }
        struct Draft { var f: Int; var e: Int; var channel: Channel; var segments: [String]; var weight: Double }
        let perFile = events / files
        // First the shape of every event, then the lengths that make the rows add up to `rows`.
        var drafts: [Draft] = []
        var faceToFaceRows = 0
        var weighted = 0.0
        for f in 0..<files {
            for e in 0..<perFile {
                let channel = channels[(f + e) % channels.count]
                let eventSegments = Array(segments.shuffled(using: &random).prefix(1 + random.next(3)))
                let perDay = max(1, channel.metrics.count * eventSegments.count)
                let weight = Double(1 + random.next(100))
                if channel.kind == .faceToFace { faceToFaceRows += perDay } else { weighted += weight * Double(perDay) }
                drafts.append(Draft(f: f, e: e, channel: channel, segments: eventSegments, weight: weight))
            }
        }
        let scale = Double(max(0, rows - faceToFaceRows)) / max(weighted, 1)
        var planned: [Planned] = []
        planned.reserveCapacity(events)
        var texts = [String](repeating: "", count: files)
        for f in 0..<files {
            texts[f] = """
                id: bench-\(f)
                title: 基准宣传活动\(f)号
                kind: households
                period: {start: 2025-01-01, end: 2026-12-31}
                owner: bench-city
                events:

                """
        }
        for draft in drafts {
            let (f, e, channel) = (draft.f, draft.e, draft.channel)
            // Every event has its own (venue, minute) slot; single-campaign screens get a venue per campaign.
            let global = f * perFile + e
            let venueIndex = channel.isSingleCampaign ? (f * 10) % 2000 : global % 2000
            let outlet = venueIndex / 50
            let venue = "v-\(outlet / 5)-\(outlet % 5)-\(venueIndex % 50)"
            let faceToFace = channel.kind == .faceToFace
            let length = faceToFace ? 1 : max(1, min(days - 1, Int((draft.weight * scale).rounded())))
            let first = random.next(days - length)
            let day = start.adding(days: first)
            let id = "ev-\(f)-\(e)"
            var text = "  - id: \(id)\n    title: 基准活动\(f)-\(e)\n    channel: \(channel.id)\n    venue: \(venue)\n"
            if faceToFace {
                let minute = global / 2000
                func clock(_ m: Int) -> String { "\(8 + m / 60 < 10 ? "0" : "")\(8 + m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)" }
                text += "    start: \(day) \(clock(minute))\n    end: \(clock(minute + 1))\n"
            } else {
                text += "    start: \(day)\n    end: \(day.adding(days: length - 1))\n"
            }
            text += "    expected_reach: 100000\n"
            texts[f] += text
            planned.append(Planned(id: id, first: first, length: length, metrics: channel.metrics.map(\.rawValue), segments: draft.segments))
        }
        for f in 0..<files {
            try texts[f].write(toFile: "\(output)/campaigns/bench-\(f).yaml", atomically: true, encoding: .utf8)
        }

        // Rows in date order.
        var byDay = [[Int]](repeating: [], count: days)
        for (i, event) in planned.enumerated() {
            for d in event.first..<(event.first + event.length) { byDay[d].append(i) }
        }
        let path = "\(output)/reach.csv"
        _ = manager.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        var buffer = "event,date,metric,count,segment\n"
        var written = 0
        outer: for d in 0..<days {
            let date = start.adding(days: d).description
            for i in byDay[d] {
                let event = planned[i]
                for metric in event.metrics {
                    for segment in event.segments {
                        buffer += "\(event.id),\(date),\(metric),\(1 + random.next(300)),\(segment)\n"
                        written += 1
                        if written >= rows { break outer }
                    }
                }
            }
            if buffer.utf8.count > 1 << 22 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        try handle.close()
        print("Wrote \(planned.count) events in \(files) campaign files and \(written) reach rows to \(output).")
    }
}

/// A small, fast, seeded random generator (SplitMix64), so benchmark data is the same on every machine.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
