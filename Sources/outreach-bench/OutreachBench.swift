import ArgumentParser

/// Data generators and helpers for the benchmarks in BENCHMARKS.md.
@main
struct OutreachBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outreach-bench",
        abstract: "Generate benchmark data for Outreach, and run the benchmark receiver.",
        subcommands: [CampaignsCommand.self, ReachDataCommand.self, NoticesCommand.self, TemplatesCommand.self, ReceiveCommand.self, TransportCommand.self]
    )
}
