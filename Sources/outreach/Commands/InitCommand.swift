import ArgumentParser
import OutreachCore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: L("创建数据库并载入 seeds/ 中的基础数据。", "Create the database and load reference data from seeds/."),
        discussion: L(
            """
            可以重复运行：基础数据在一个事务中整体替换，宣传活动和活动场次保持不变。基础数据文件有误时按编译器格式列出问题，\
            不写入任何内容（退出码 65）。

            示例：
              outreach init
              outreach init --seeds ./seeds --database 2027.sqlite
            """,
            """
            Safe to run again: the reference data is replaced in one transaction, campaigns and events stay. \
            Invalid seed files are reported in compiler style and nothing is written (exit 65).

            Examples:
              outreach init
              outreach init --seeds ./seeds --database 2027.sqlite
            """)
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: help("基础数据目录。", "Folder of seed files.", valueName: "folder"))
    var seeds = "seeds"

    func run() async throws {
        let context = CommandContext(options: options)
        let language = context.language
        let (reference, issues) = SeedDecoder.decode(try context.loadSeeds(seeds))
        context.report(issues)
        if issues.hasErrors { throw ExitCode(ExitStatus.badData) }
        let store = try context.storeOrFail()
        try await context.storeCall {
            try await store.migrate()
            try await store.replaceReferenceData(reference, at: context.now)
        }
        let years = reference.holidays.notices.keys.sorted().map(String.init).joined(separator: ", ")
        context.write(
            language.pick(
                """
                已创建 \(context.databasePath)：\(reference.branches.count) 个机构、\(reference.venues.count) 个场地、\
                \(reference.channels.count) 个渠道、\(reference.metrics.count) 个指标、\(reference.segments.count) 个客群、\
                \(reference.kinds.count) 种活动类型、放假通知 \(years)。

                """,
                """
                Initialised \(context.databasePath): \(reference.branches.count) branches, \(reference.venues.count) venues, \
                \(reference.channels.count) channels, \(reference.metrics.count) metrics, \(reference.segments.count) audience segments, \
                \(reference.kinds.count) campaign kinds, holiday notices for \(years).

                """))
    }
}
