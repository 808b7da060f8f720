import ArgumentParser
import OutreachCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check campaign files and report every problem. 校验活动文件并列出全部问题。",
        discussion: """
            Reports each problem as path:line:column: error: message (or warning:), so editors can jump to it.
            Target files (with a top-level 'targets:' key, see docs/reach-import.md) are checked too.
            Checks fields, ids, dates and times, recurrence rules, duplicate ids across files, and the schedule
            as a whole: double-booked venues, staff in two places, single-campaign displays given to two
            campaigns, events on public holidays and campus events outside school terms (the last two warn).

            Reference data comes from --seeds when given, else from the database, else from ./seeds.
            Exit status: 0 when there are no errors (warnings allowed), 65 when there are errors.

            Examples:
              outreach validate campaigns/
              outreach validate campaigns/2027-315.yaml --lang en
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("Check against this seeds folder instead of the database. 基础数据目录。", valueName: "folder"))
    var seeds: String?

    @Argument(help: ArgumentHelp("Campaign files or folders. 活动文件或目录。", valueName: "path"))
    var paths: [String] = ["campaigns"]

    func run() async throws {
        let context = CommandContext(options: options)
        let all = try context.loadCampaignFiles(paths)
        let reference = try await context.referenceForValidation(seeds: seeds)
        let isTargets = all.map { TargetFileDecoder.isTargetsFile($0.bytes) }
        let targetFiles = all.indices.filter { isTargets[$0] }.map { all[$0] }
        let files = all.indices.filter { !isTargets[$0] }.map { all[$0] }
        var report = await CampaignValidator.validate(files, reference: reference)
        for file in targetFiles {
            report.issues += TargetFileDecoder.decode(bytes: file.bytes, path: file.path, reference: reference).issues
        }
        context.report(report.issues)
        let errors = report.issues.errors.count, warnings = report.issues.warnings.count
        let summary = context.language.pick(
            "已检查 \(all.count) 个文件、\(report.campaigns.count) 个宣传活动、\(report.eventCount) 个活动场次：\(errors) 个错误，\(warnings) 个警告。\n",
            "Checked \(all.count) file\(all.count == 1 ? "" : "s"), \(report.campaigns.count) campaign\(report.campaigns.count == 1 ? "" : "s"), \(report.eventCount) event\(report.eventCount == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s").\n"
        )
        context.writeError(summary)
        if report.hasErrors { throw ExitCode(ExitStatus.badData) }
    }
}
