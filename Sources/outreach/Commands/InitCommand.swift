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
            CampaignCommandMessages.initialised(database: context.databasePath, reference: reference, years: years).text(language))
    }
}
