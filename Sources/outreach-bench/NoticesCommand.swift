import ArgumentParser
import Foundation
import OutreachCore
import OutreachPostgres
import OutreachSQLite

/// Enqueues many notices for one target in one transaction, for the delivery benchmark.
struct NoticesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "Enqueue N event-reminder notices for one notify target (the delivery benchmark)."
    )

    @Option(help: "Database file (created and migrated if needed), or a postgres:// URL (migrated if needed).")
    var database = "outreach.sqlite"
    @Option(help: "Configuration file with the notify: section.") var config = "outreach.yaml"
    @Option(help: "Target name in the configuration.") var target: String
    @Option(help: "Number of notices.") var count = 20_000

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: config) else { throw ValidationError("Cannot read \(config).") }
        let (configuration, issues) = NotifyConfigurationDecoder.decode(
            SourceFile(path: config, bytes: [UInt8](data)), environment: ProcessInfo.processInfo.environment,
            readFile: { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } })
        guard let configuration, let chosen = configuration.target(named: target) else {
            throw ValidationError("No target '\(target)' in \(config): \(issues.map { $0.rendered(.en) })")
        }
        let store = try PostgresFactory.handles(database) ? PostgresFactory().open(database) : SQLiteFactory().open(database)
        try await store.migrate()
        let now = Date()
        let day = LocalDate(year: 2027, month: 3, day: 15) ?? LocalDate(dayNumber: 20_000)
        let entries = (0..<count).map { index in
            let event = Notice.EventSummary(
                event: Event.ID("bench-\(index)"), campaign: "2027-315-xianning",
                title: BilingualName(zh: "3·15 金融消费者权益日“守护钱袋子”防诈骗讲座（第 \(index + 1) 场）", en: "Anti-fraud talk \(index + 1)"),
                venue: BilingualName(zh: "阳光社区活动中心", en: "Yangguang community centre"), branch: "xn-xianan",
                branchName: BilingualName(zh: "咸安支行", en: "Xian'an"),
                start: LocalDateTime(date: day, time: LocalTime(hour: 14, minute: 30) ?? .midnight),
                end: LocalDateTime(date: day, time: LocalTime(hour: 16, minute: 0) ?? .midnight), staff: ["张伟", "李娜"])
            let notice = Notice(
                .eventReminder(Notice.EventReminder(event: event, offsetLabel: BilingualName(zh: "明天", en: "tomorrow"))),
                createdAt: now)
            return OutboxEntry(
                key: "bench:\(index):\(chosen.name)", notice: notice, target: chosen.name, bot: chosen.endpoint.botIdentity,
                dueAt: now.addingTimeInterval(-1))
        }
        let added = try await store.enqueue(entries, at: now)
        // The size of one request body as the worker will send it, for the raw libcurl comparison.
        let body = entries.first.map { entry in
            NoticeRenderer.render(entry.notice, for: chosen, deliveryID: entry.key).first.map {
                DeliveryRequestBuilder.request(for: $0, target: chosen, attempt: now).body.count
            } ?? 0
        } ?? 0
        print("enqueued=\(added) body_bytes=\(body)")
    }
}
