import ArgumentParser
import Foundation
import OutreachCore

/// Writes a large, conflict-free set of campaign files (and seeds with enough venues) for the
/// validate/import/plan benchmark.
struct CampaignsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns",
        abstract: "Generate campaign files and matching seeds for the schedule benchmark."
    )

    @Option(help: "Number of campaign files.") var files = 1000
    @Option(help: "Events in total.") var events = 100_000
    @Option(help: "Output folder (campaigns/ and seeds/ are written inside).") var output = "bench-data/schedule"
    @Option(help: "Seeds folder to copy metrics, channels, segments, kinds, terms and holidays from.") var seeds = "seeds"
    @Option(help: "Year the events fall in.") var year = 2026

    func run() throws {
        let campaignsFolder = output + "/campaigns"
        try BenchFolder.prepare(output)
        try BenchSeeds.copyReference(from: seeds, to: output)
        let outlets = try BenchSeeds.writeOrganisation(to: output, venueCapacity: 200) { s, o, v in "网点\(s)-\(o)场地\(v)" }

        // Working days of the year outside 2025–2026 holidays, so face-to-face events raise no warnings.
        let holidays: Set<String> = Set(
            ["01-01", "01-02", "01-03", "02-15", "02-16", "02-17", "02-18", "02-19", "02-20", "02-21", "02-22", "02-23",
             "04-04", "04-05", "04-06", "05-01", "05-02", "05-03", "05-04", "05-05", "06-19", "06-20", "06-21",
             "09-25", "09-26", "09-27", "10-01", "10-02", "10-03", "10-04", "10-05", "10-06", "10-07"].map { "\(year)-\($0)" })
        guard let first = LocalDate(year: year, month: 1, day: 5) else { return }
        let days = (0..<350).map { first.adding(days: $0) }.filter { !holidays.contains($0.description) && $0.weekday <= 5 }

        let perFile = events / files
        var eventNumber = 0
        // Each venue gets one slot per (day, hour), so no venue is ever double-booked.
        for f in 0..<files {
            let outletIndex = f % outlets.count
            let s = outletIndex / 5, o = outletIndex % 5
            var text = """
                id: bench-\(f)
                title: 基准宣传活动\(f)号
                kind: households
                period: {start: \(year)-01-01, end: \(year)-12-31}
                owner: bench-city
                segments: [{segment: elderly, target_population: 5000}, community-residents]
                channels: [community-event, leaflet, wechat-article]
                events:

                """
            for e in 0..<perFile {
                let n = eventNumber
                eventNumber += 1
                let venue = "v-\(s)-\(o)-\((f / outlets.count) % 50)"
                let day = days[(e * 7 + f) % days.count]
                let hour = 8 + (e % 10)
                text += "  - id: ev-\(f)-\(e)\n    title: 基准活动第\(n)场\n"
                switch e % 10 {
                case 0:
                    text += "    channel: leaflet\n    venue: \(venue)\n    start: \(day)\n    end: \(day.adding(days: 6))\n"
                case 1:
                    text += "    channel: wechat-article\n    venue: \(venue)\n    start: \(day)\n"
                case 9 where e == 9:
                    // One weekly talk per file, in an hour no other event of the file uses.
                    let weekly = days[f % 100]
                    text += "    channel: community-event\n    venue: \(venue)\n    start: \(weekly) 18:00\n    end: 19:00\n"
                    text += "    repeat: FREQ=WEEKLY;COUNT=8\n    staff: [讲师\(f)]\n    expected_reach: 60\n"
                default:
                    // Each file has a venue of its own; its events take distinct (day, hour) slots there.
                    let slotDay = days[(e * 3 + f) % days.count]
                    text += "    channel: community-event\n    venue: \(venue)\n    start: \(slotDay) \(pad2(hour)):00\n    end: \(pad2(hour)):50\n"
                    text += "    staff: [员工\(f)-\(e)]\n    expected_reach: \(40 + e % 60)\n"
                }
                text += "    status: planned\n"
            }
            try text.write(toFile: campaignsFolder + "/bench-\(f).yaml", atomically: true, encoding: .utf8)
        }
        print("Wrote \(files) campaign files with \(eventNumber) events to \(campaignsFolder), seeds to \(output)/seeds.")
    }

    private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
