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

            网页上修改过的活动场次不会被悄悄覆盖：上次导入或导出之后在网页（outreach serve）上修改过的场次，如果文件会改变它\
            （或文件中没有它），则什么也不导入（退出码 65），并逐个字段列出差异（修改后 → 文件），除非使用 \
            --overwrite-web-edits。'outreach export campaigns 目录' 会把网页上的修改写成文件。

            示例：
              outreach import campaigns/
              outreach import campaigns/2027-315-xianning.yaml targets/
              outreach import campaigns/2027-315-xianning.yaml --overwrite-web-edits
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

            A web edit is never overwritten silently: when a file would change an event edited in the web app \
            (outreach serve) since the last import or export, or no longer has it, nothing is imported (exit 65) \
            and the differences are listed field by field (the web edit → the file), unless \
            --overwrite-web-edits is given. 'outreach export campaigns DIR' writes the web edits to files.

            Examples:
              outreach import campaigns/
              outreach import campaigns/2027-315-xianning.yaml targets/
              outreach import campaigns/2027-315-xianning.yaml --overwrite-web-edits
            """)
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var configOption: ConfigOption
    @Argument(help: help("活动文件、目标文件或目录。", "Campaign files, target files or folders.", valueName: "path"))
    var paths: [String] = ["campaigns"]
    @Flag(help: help(
        "让文件覆盖上次导入或导出之后在网页上修改过的活动场次。",
        "Let the files overwrite events edited on the web since the last import or export."))
    var overwriteWebEdits = false

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
        let conflicts = try await context.storeCall { try await importer.webEditConflicts(checked) }
        if !conflicts.isEmpty, !overwriteWebEdits {
            var text = ""
            for conflict in conflicts {
                let by = conflict.edit.editedByDisplayName == conflict.edit.editedBy
                    ? conflict.edit.editedBy : "\(conflict.edit.editedByDisplayName) (\(conflict.edit.editedBy))"
                let at = ZoneConverter(identifier: ReferenceData.defaultTimeZone).map { $0.local(at: conflict.edit.editedAt).description }
                    ?? Timestamp.string(from: conflict.edit.editedAt)
                text += WebEditCommandMessages.conflict(path: conflict.path, id: conflict.event, title: conflict.title, by: by, at: at)
                    .text(language)
                if conflict.missingFromFile { text += WebEditCommandMessages.missingFromFile.text(language) }
                for difference in conflict.differences { text += WebEditCommandMessages.difference(difference).text(language) }
            }
            context.writeError(text + WebEditCommandMessages.nothingImported(count: conflicts.count).text(language))
            throw ExitCode(ExitStatus.badData)
        }
        guard let s = try await context.storeCall({ try await importer.store(checked, at: context.now) }) else { return }
        if !checked.targets.isEmpty {
            let count = checked.targetCount
            context.write(CampaignCommandMessages.targetsImported(count: count).text(language))
        }
        if !conflicts.isEmpty {
            context.write(WebEditCommandMessages.overwritten(count: conflicts.count).text(language))
        }
        guard checked.hasCampaignFiles else { return }
        let campaigns = checked.report.campaigns.count
        context.write(
            CampaignCommandMessages.campaignsImported(campaigns: campaigns, summary: s).text(language))
    }
}
