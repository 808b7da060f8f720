import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

/// `outreach migrate`: moves an install into another database (an embedded SQLite file into PostgreSQL) and checks
/// the copy (docs/postgres.md, "Moving from SQLite").
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: L("把整个数据库迁移到另一个数据库（例如 SQLite 到 PostgreSQL），并核对结果。",
            "Move a whole database into another (e.g. SQLite into PostgreSQL) and check the copy."),
        discussion: L(
            """
            复制宣传活动、活动场次及其历史、触达记录（批次、更正记录与汇总）、目标、已发布的通报、发送队列与发送记录、\
            用户（含密码哈希，不含登录会话）、API 令牌、日历订阅、审计日志、证据照片记录、网页修改与通报审核记录。\
            目标数据库先升级到当前结构；全部内容在目标上的一个事务中写入，中途失败时目标保持原样。目标已有数据时拒绝，\
            除非加 --replace-target。复制后比较两边每类记录的数量，以及各年份所有一维、二维分组的报表；有差异时列出并以\
            退出码 1 结束。--to 可为 PostgreSQL 地址，例如 postgres://outreach@db.example:5432/outreach（密码放在 $PGPASSWORD）。

            示例：
              outreach migrate --from outreach.sqlite --to copy.sqlite
              outreach migrate --from outreach.sqlite --to copy.sqlite --replace-target
            """,
            """
            Copies campaigns, events with their history, reach (batches, the corrections kept for undo, the rollup), \
            targets, published bulletins, the notice outbox and delivery log, users (password hashes, not sessions), \
            API tokens, calendar feeds, the audit log, evidence records, web edits and bulletin preparations. The \
            target's schema is brought up to date first; everything is written in one transaction on the target, so \
            a failure midway leaves it as it was. A target that already holds data is refused unless \
            --replace-target is given. Afterwards the counts of every kind of record, and every report grouping of \
            one and two dimensions for each year, are compared on both; any difference is listed and the exit code \
            is 1. --to may be a PostgreSQL URL, e.g. postgres://outreach@db.example:5432/outreach (password in \
            $PGPASSWORD).

            Examples:
              outreach migrate --from outreach.sqlite --to copy.sqlite
              outreach migrate --from outreach.sqlite --to copy.sqlite --replace-target
            """)
    )

    @Option(help: help("要迁移的数据库（默认：--database 的位置）。", "The database to move (default: the --database location).", valueName: "path"))
    var from: String?

    @Option(help: help("目标数据库：postgres:// 地址或 SQLite 文件。", "The target database: a postgres:// URL or a SQLite file.", valueName: "url|path"))
    var to: String

    @Flag(help: help("删除目标中已有的数据，再复制。", "Delete what the target holds, then copy."))
    var replaceTarget = false

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let context = CommandContext(options: options)
        let language = context.language
        let from = from ?? options.databasePath
        let sourceFactory = Stores.factory(for: from), targetFactory = Stores.factory(for: to)
        guard sourceFactory.exists(at: from) else {
            throw context.fail(MigrateCommandMessages.sourceMissing(path: from).text(language))
        }
        guard from != to else { throw context.usage(MigrateCommandMessages.sameStore(location: from).text(language)) }
        let source: any OutreachStore, target: any OutreachStore
        do {
            source = try sourceFactory.open(from)
            target = try targetFactory.open(to)
        } catch let error as StoreError {
            throw context.fail(error.message(language))
        }
        let migration = StoreMigration(source: source, target: target)
        let outcome: StoreMigration.Outcome
        do {
            outcome = try await context.storeCall { try await migration.run(replacing: replaceTarget) }
        } catch StoreMigration.Failure.targetNotEmpty(let held) {
            let list = held.map { "\($0.kind) \($0.rows)" }.joined(separator: CommandMessages.listSeparator.text(language))
            throw context.fail(MigrateCommandMessages.targetNotEmpty(location: to, held: list).text(language))
        }
        let table = TextTable(
            headers: MigrateCommandMessages.headers.map { $0.text(language) },
            alignments: [.left, .right, .right, .left],
            rows: outcome.counts.map {
                [$0.kind, String($0.source), String($0.target),
                 ($0.source == $0.target ? MigrateCommandMessages.same : MigrateCommandMessages.differs).text(language)]
            })
        context.write(table.render())
        for difference in outcome.reportDifferences {
            context.writeError(
                MigrateCommandMessages.reportDiffers(difference.request, source: difference.source, target: difference.target)
                    .text(language) + "\n")
        }
        guard outcome.matches else {
            throw context.fail(
                MigrateCommandMessages.mismatch(counts: outcome.countDifferences.count, reports: outcome.reportDifferences.count)
                    .text(language))
        }
        context.write(MigrateCommandMessages.copied(from: from, to: to, reports: outcome.reportsCompared).text(language) + "\n")
    }
}
