import ArgumentParser
import OutreachApp
import OutreachCore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: L("校验活动文件，再在一个事务中全部导入。", "Validate campaign files, then store them in one transaction."),
        discussion: L(
            """
            全部成功或全不导入：任何文件有错误时不写入任何内容（退出码 65）。排期与已导入的宣传活动一起检查。目标文件\
            （顶层有 'targets:' 键）替换来自同一文件的考核目标。重复导入未改动的文件不会改变任何内容；修改过的活动场次会被\
            更新；从文件中删除的活动场次标记为已取消，不会被删除。用 'outreach event confirm|done|cancel' 设置的状态在重新\
            导入后保留，直到文件本身改变该场次的状态。有 'notify:' 配置（outreach.yaml，示例见 outreach.example.yaml）时，\
            已确认活动的提醒在同一事务中重新计算：改期的活动得到新提醒，删除的活动失去提醒（见 docs/notifications.md）。

            示例：
              outreach import campaigns/
              outreach import campaigns/2027-315-xianning.yaml targets/
            """,
            """
            All or nothing: when any file has an error nothing is written (exit 65). The schedule is checked \
            together with the campaigns already stored. Target files (a top-level 'targets:' key) replace the \
            targets that came from the same file. Importing unchanged files changes nothing; an edited event is \
            updated; an event removed from its file is marked cancelled, never deleted. A status set with \
            'outreach event confirm|done|cancel' survives re-imports until the file itself changes that event's \
            status. With a 'notify:' configuration (outreach.yaml; see outreach.example.yaml), reminders of \
            confirmed events are recomputed in the same transaction: moved events get new reminders, removed ones \
            lose theirs (see docs/notifications.md).

            Examples:
              outreach import campaigns/
              outreach import campaigns/2027-315-xianning.yaml targets/
            """)
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var configOption: ConfigOption
    @Argument(help: help("活动文件、目标文件或目录。", "Campaign files, target files or folders.", valueName: "path"))
    var paths: [String] = ["campaigns"]

    func run() async throws {
        let context = CommandContext(options: options, config: configOption)
        let files = try context.loadCampaignFiles(paths)
        let (store, reference) = try await context.openDatabase()
        let importer = CampaignImport(
            store: store, reference: reference, notify: try context.loadNotify(showWarnings: false).configuration)
        let checked = try await context.storeCall { try await importer.check(files) }
        context.report(checked.issues)
        let language = context.language
        if checked.hasErrors {
            let count = checked.issues.errors.count
            context.writeError(
                CampaignCommandMessages.nothingImported(count: count).text(language))
            throw ExitCode(ExitStatus.badData)
        }
        guard let s = try await context.storeCall({ try await importer.store(checked, at: context.now) }) else { return }
        if !checked.targets.isEmpty {
            let count = checked.targetCount
            context.write(CampaignCommandMessages.targetsImported(count: count).text(language))
        }
        guard checked.hasCampaignFiles else { return }
        let campaigns = checked.report.campaigns.count
        context.write(
            CampaignCommandMessages.campaignsImported(campaigns: campaigns, summary: s).text(language))
    }
}
