import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

enum DetailFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: L("查看、列出与复制宣传活动。", "List, show and clone campaigns."),
        subcommands: [List.self, Show.self, Clone.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: L("列出已导入的宣传活动。", "List stored campaigns."),
            discussion: L(
                """
                示例：
                  outreach campaign list
                  outreach campaign list --format json
                """,
                """
                Examples:
                  outreach campaign list
                  outreach campaign list --format json
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let campaigns = try await context.storeCall { try await store.campaigns() }
            let counts = try await context.storeCall { try await store.eventCounts() }
                .reduce(into: [Campaign.ID: Int]()) { counts, count in counts[count.campaign, default: 0] += count.events }
            switch format {
            case .json:
                let items = campaigns.map { CampaignJSON.summary($0, events: counts[$0.campaign.id] ?? 0) }
                context.write(JSONValue.array(items).serialized(pretty: true) + "\n")
            case .table:
                let headers = CampaignCommandMessages.campaignListHeaders.map { $0.text(language) }
                let rows = campaigns.map { stored -> [String] in
                    let c = stored.campaign
                    return [
                        c.id.rawValue, c.title.text(language), reference.kind(c.kind)?.names.text(language) ?? c.kind.rawValue,
                        "\(c.start) – \(c.end)", reference.branch(c.owner)?.names.text(language) ?? c.owner.rawValue,
                        String(counts[c.id] ?? 0), stored.sourcePath ?? "",
                    ]
                }
                var alignments = [TextTable.Alignment](repeating: .left, count: headers.count)
                alignments[5] = .right
                context.write(TextTable(headers: headers, alignments: alignments, rows: rows, maximumCellWidth: 40).render())
                if campaigns.isEmpty {
                    context.write(CampaignCommandMessages.noCampaigns.text(language))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: L("查看一个宣传活动及其活动场次。", "Show one campaign with its events."),
            discussion: L(
                """
                示例：
                  outreach campaign show 2027-315-xianning
                  outreach campaign show 2027-315-xianning --format json --lang en
                """,
                """
                Examples:
                  outreach campaign show 2027-315-xianning
                  outreach campaign show 2027-315-xianning --format json --lang en
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("宣传活动编号。", "Campaign id.", valueName: "id"))
        var id: String

        @Option(help: help("输出格式。", "Output format.", valueName: "format"))
        var format: DetailFormat = .table

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let stored = try await context.loadCampaign(Campaign.ID(id), from: store)
            let c = stored.campaign
            let events = try await context.storeCall { try await store.events(matching: EventQuery(campaign: c.id)) }
            switch format {
            case .json:
                let value = CampaignJSON.campaign(stored, events: events, reference: reference)
                context.write(value.serialized(pretty: true) + "\n")
            case .table:
                var text = "\(c.title.text(language))  (\(c.id))\n"
                func line(_ label: Message, _ value: String) { text += "  \(label.text(language)): \(value)\n" }
                line(CampaignCommandMessages.kindLabel, reference.kind(c.kind)?.names.text(language) ?? c.kind.rawValue)
                line(CampaignCommandMessages.periodLabel, "\(c.start) – \(c.end)")
                line(CampaignCommandMessages.ownerLabel, reference.branch(c.owner)?.names.text(language) ?? c.owner.rawValue)
                if !c.branches.isEmpty {
                    line(CampaignCommandMessages.branchesLabel, c.branches.map { reference.branch($0)?.names.text(language) ?? $0.rawValue }.joined(separator: CommandMessages.listSeparator.text(language)))
                }
                if !c.segments.isEmpty {
                    line(CampaignCommandMessages.segmentsLabel, c.segments.map { target in
                        let name = reference.segment(target.segment)?.names.text(language) ?? target.segment.rawValue
                        return target.targetPopulation.map { "\(name) \($0)" } ?? name
                    }.joined(separator: CommandMessages.listSeparator.text(language)))
                }
                if !c.channels.isEmpty {
                    line(CampaignCommandMessages.channelsLabel, c.channels.map { reference.channel($0)?.names.text(language) ?? $0.rawValue }.joined(separator: CommandMessages.listSeparator.text(language)))
                }
                if let source = stored.sourcePath { line(CampaignCommandMessages.fileLabel, source) }
                if let notes = c.notes { text += "\n" + notes.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n" }
                text += "\n"
                let headers = CampaignCommandMessages.eventListHeaders.map { $0.text(language) }
                let renderer = PlanRenderer(reference: reference, language: language)
                let rows = events.map { s -> [String] in
                    let e = s.event
                    return [
                        e.id.rawValue, e.title.text(language), reference.channel(e.channel)?.names.text(language) ?? e.channel.rawValue,
                        reference.venue(e.venue)?.names.text(language) ?? e.venue.rawValue,
                        "\(e.timing.startDate) \(renderer.timeText(e.timing))",
                        e.recurrence?.text(language, start: e.timing.startDate) ?? "",
                        e.status.text(language),
                    ]
                }
                text += TextTable(headers: headers, rows: rows, maximumCellWidth: 36).render()
                context.write(text)
            }
        }
    }

    struct Clone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clone",
            abstract: L("把宣传活动复制到另一年，写成新的活动文件。", "Copy a campaign to another year as a new campaign file."),
            discussion: L(
                """
                日期保留月和日（3·15 仍在 3 月 15 日）；按星期重复的活动整周移动，星期不变。编号和标题中的旧年份换成新年份。\
                每个活动场次都从“计划”开始；已取消的场次不复制。新文件立即校验，新一年的节假日和学期会重新检查；\
                检查无误后运行 'outreach import'。

                示例：
                  outreach campaign clone 2027-315-xianning --year 2028
                  outreach campaign clone 2027-autumn-campus --year 2028 --output campaigns/2028-autumn.yaml
                """,
                """
                Dates keep their month and day (3·15 stays on 15 March); events that repeat on weekdays move by \
                whole weeks so they keep their weekdays. Ids and titles mentioning the old year get the new one. \
                Every event starts as planned; cancelled events are left behind. The new file is validated at once, \
                so holidays and school terms of the new year are re-checked; review it, then run 'outreach import'.

                Examples:
                  outreach campaign clone 2027-315-xianning --year 2028
                  outreach campaign clone 2027-autumn-campus --year 2028 --output campaigns/2028-autumn.yaml
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("宣传活动编号。", "Campaign id.", valueName: "id"))
        var id: String

        @Option(help: help("复制到的年份。", "The year to move the campaign to.", valueName: "year"))
        var year: Int

        @Option(name: [.short, .long], help: help("写入的文件（默认：campaigns/<新编号>.yaml）。", "File to write (default: campaigns/<new id>.yaml).", valueName: "file"))
        var output: String?

        @Flag(help: help("输出文件已存在时覆盖它。", "Overwrite the output file if it exists."))
        var force = false

        func validate() throws {
            guard (2000...2100).contains(year) else {
                throw ValidationError(
                    CampaignCommandMessages.invalidYear(year: year).text(options.language))
            }
        }

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let stored = try await context.loadCampaign(Campaign.ID(id), from: store)
            var source = stored.campaign
            // Cancelled events (and those removed from the file) are not carried into the new year.
            source.events = source.events.filter { $0.status != .cancelled }
            let copy: Campaign
            do {
                copy = try CampaignCloner.clone(source, toYear: year)
            } catch {
                throw context.usage(error.message(language))
            }
            let path = output ?? "campaigns/\(copy.id).yaml"
            if FileManager.default.fileExists(atPath: path), !force {
                throw context.usage(
                    CampaignCommandMessages.fileExists(path: path).text(language))
            }
            let header = CampaignCommandMessages.cloneHeader(id: id, year: year).text(language)
            // The comments of the file the campaign was imported from, when it is still there.
            let comments = stored.sourcePath.flatMap { FileManager.default.contents(atPath: $0) }
                .flatMap { String(validating: [UInt8]($0), as: UTF8.self) }
                .map(CampaignComments.read) ?? CampaignComments()
            let sourceIDs = Dictionary(
                zip(copy.events.map(\.id), source.events.map(\.id.rawValue)), uniquingKeysWith: { first, _ in first })
            let text = CampaignFileEncoder.encode(copy, header: header, comments: comments, sourceIDs: sourceIDs)
            let report = await CampaignValidator.validate([SourceFile(path: path, bytes: Array(text.utf8))], reference: reference)
            try context.emit(text, to: path)
            let mentions = CampaignCloner.oldYearMentions(
                in: text, path: path, source: source, toYear: year, skippingLines: header.split(separator: "\n").count)
            context.report((report.issues + mentions).sortedForDisplay())
            context.write(
                CampaignCommandMessages.wroteClone(path: path, id: copy.id, start: copy.start, end: copy.end, events: copy.events.count).text(language))
            if report.hasErrors { throw ExitCode(ExitStatus.badData) }
        }
    }
}

extension CommandContext {
    func loadCampaign(_ id: Campaign.ID, from store: any OutreachStore) async throws -> StoredCampaign {
        try await storeCall { try await EventLookup(store: store).campaign(id) }
    }
}
