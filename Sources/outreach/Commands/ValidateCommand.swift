import ArgumentParser
import OutreachCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: L("校验活动文件，列出全部问题。", "Check campaign files and report every problem."),
        discussion: L(
            """
            每个问题按 路径:行:列: error: 说明（或 warning:）的格式列出，编辑器可直接跳转。目标文件（顶层有 'targets:' 键，\
            见 docs/reach-import.md）也一并检查。检查字段、编号、日期和时间、重复规则、跨文件重复的编号，以及整体排期：\
            场地重复预订、人员同时出现在两处、一次只能给一个宣传活动的屏幕被两个活动占用、活动落在法定节假日、\
            校园活动不在学期内（后两项为警告）。

            基础数据取自 --seeds（如给出），否则取自数据库，再否则取自 ./seeds。退出码：没有错误时为 0（可有警告），有错误时为 65。

            示例：
              outreach validate campaigns/
              outreach validate campaigns/2027-315-xianning.yaml --lang en
              outreach validate campaigns/ targets/ --seeds seeds
            """,
            """
            Reports each problem as path:line:column: error: message (or warning:), so editors can jump to it. \
            Target files (with a top-level 'targets:' key, see docs/reach-import.md) are checked too. Checks fields, \
            ids, dates and times, recurrence rules, duplicate ids across files, and the schedule as a whole: \
            double-booked venues, staff in two places, single-campaign displays given to two campaigns, events on \
            public holidays and campus events outside school terms (the last two warn).

            Reference data comes from --seeds when given, else from the database, else from ./seeds. Exit status: 0 \
            when there are no errors (warnings allowed), 65 when there are errors.

            Examples:
              outreach validate campaigns/
              outreach validate campaigns/2027-315-xianning.yaml --lang en
              outreach validate campaigns/ targets/ --seeds seeds
            """)
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: help("用这个基础数据目录代替数据库来校验。", "Check against this seeds folder instead of the database.", valueName: "folder"))
    var seeds: String?

    @Argument(help: help("活动文件或目录。", "Campaign files or folders.", valueName: "path"))
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
        let summary = CampaignCommandMessages.validated(files: all.count, campaigns: report.campaigns.count, events: report.eventCount, errors: errors, warnings: warnings).text(context.language)
        context.writeError(summary)
        if report.hasErrors { throw ExitCode(ExitStatus.badData) }
    }
}
