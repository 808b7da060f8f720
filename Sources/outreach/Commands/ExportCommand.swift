import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: L("把存储中的内容写成文件。", "Write what the store holds as files."),
        subcommands: [Campaigns.self]
    )

    struct Campaigns: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campaigns",
            abstract: L("把宣传活动写成活动文件（每个活动一个 <编号>.yaml）。", "Write the campaigns as campaign files (one <id>.yaml each)."),
            discussion: L(
                """
                活动场次写当前状态（已确认的写 confirmed），已从活动文件删除的场次不写；原文件还在时保留其中的注释。\
                写出的文件再次 import 不会改变任何内容；网页上的修改写入文件后，导入这些文件不再被拒绝。目录中已有同名文件时什么也不写，除非使用 --force。

                示例：
                  outreach export campaigns exported/
                  outreach export campaigns exported/ --campaign 2027-315-xianning --force
                """,
                """
                Events are written with their current status (a confirmed event says confirmed); events removed \
                from their campaign file are left out; the comments of the file a campaign came from are kept when \
                it is still there. Importing the files again changes nothing; the web edits they now hold no longer \
                stop an import of them. When a file of the same name is \
                already in the folder nothing is written, unless --force is given.

                Examples:
                  outreach export campaigns exported/
                  outreach export campaigns exported/ --campaign 2027-315-xianning --force
                """)
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: help("写入的目录（不存在时创建）。", "Folder to write to (made when missing).", valueName: "dir"))
        var directory: String

        @Option(help: help("只导出这个宣传活动（可重复）。", "Export only this campaign (repeatable).", valueName: "id"))
        var campaign: [String] = []

        @Flag(help: help("覆盖目录中已有的同名文件。", "Overwrite files of the same name in the folder."))
        var force = false

        func run() async throws {
            let context = CommandContext(options: options)
            let language = context.language
            let (store, reference) = try await context.openDatabase()
            let export = CampaignExport(store: store, reference: reference)
            let files: [CampaignExport.File]
            do {
                files = try await context.storeCall {
                    try await export.files(of: campaign.isEmpty ? nil : campaign.map { Campaign.ID($0) }) { path in
                        FileManager.default.contents(atPath: path)
                            .flatMap { String(validating: [UInt8]($0), as: UTF8.self) }
                            .map(CampaignComments.read)
                    }
                }
            } catch CampaignExport.Failure.notFaithful(let id) {
                throw context.fail(ExportCommandMessages.notFaithful(id: id).text(language))
            }
            if files.isEmpty {
                context.write(CampaignCommandMessages.noCampaigns.text(language))
                return
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), !isFolder.boolValue {
                throw context.usage(ExportCommandMessages.notAFolder(path: directory).text(language))
            }
            let paths = files.map { (directory as NSString).appendingPathComponent($0.name) }
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty, !force {
                throw context.usage(ExportCommandMessages.filesExist(paths: existing).text(language))
            }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw context.fail(CommandMessages.cannotWrite(path: directory, reason: String(describing: error)).text(language))
            }
            for (file, path) in zip(files, paths) {
                try context.emit(file.text, to: path)
                context.write(ExportCommandMessages.wrote(path: path, id: file.campaign, events: file.events).text(language))
            }
            // The web edits are in the files now: importing them (or files edited from them) overwrites nothing unseen.
            try await context.storeCall { try await export.settle(files, at: context.now) }
        }
    }
}
