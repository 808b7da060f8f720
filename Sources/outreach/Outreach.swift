import ArgumentParser

/// The `outreach` command: plan financial-education campaigns, check the schedule, and show the agenda.
@main
struct Outreach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outreach",
        abstract: "Plan and track financial-education outreach. 金融知识宣传活动的计划、排期与触达管理。",
        discussion: """
            Campaigns are YAML files reviewed like code (see docs/campaign-format.md); reference data lives \
            in seeds/; everything is stored in an embedded SQLite file (outreach.sqlite).

            Exit codes: 0 success; 64 bad flags, arguments or ids; 65 invalid files; 1 other failures.

            Examples:
              outreach init                       # create outreach.sqlite from seeds/
              outreach validate campaigns/        # check every campaign file
              outreach import campaigns/          # store them (all or nothing)
              outreach plan                       # the next 14 days
              outreach --generate-completion-script zsh > _outreach
            """,
        version: "1.0.0",
        subcommands: [
            InitCommand.self, ValidateCommand.self, ImportCommand.self, PlanCommand.self, CampaignCommand.self,
            EventCommand.self, ReachCommand.self, ReportCommand.self, NotifyCommand.self, WorkerCommand.self,
        ]
    )
}
