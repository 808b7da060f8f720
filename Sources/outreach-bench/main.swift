import ArgumentParser

/// Data generators for the benchmarks in BENCHMARKS.md.
struct OutreachBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outreach-bench",
        abstract: "Generate benchmark data for Outreach.",
        subcommands: [CampaignsCommand.self, ReachDataCommand.self]
    )
}

OutreachBench.main()
