import Foundation
import ArgumentParser
import OutreachCore
import OutreachSQLite

/// Reads the files named on the command line; folders are searched for `*.yaml` and `*.yml`.
enum FileLoader {
    enum Failure: Error {
        case missing(String)
        case unreadable(String, String)
    }

    static func campaignFiles(_ paths: [String]) throws(Failure) -> [SourceFile] {
        var result: [SourceFile] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path) }
            if isDirectory.boolValue {
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                    .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .sorted()
                for relative in found { result.append(try read(base + "/" + relative)) }
            } else {
                result.append(try read(path))
            }
        }
        return result
    }

    static func read(_ path: String) throws(Failure) -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path, "permission denied or not a regular file")
        }
        return SourceFile(path: path, bytes: [UInt8](data))
    }

    /// The seed files under a folder.
    static func seedFiles(_ folder: String) throws(Failure) -> [SourceFile] {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missing(base)
        }
        var files: [SourceFile] = []
        for name in SeedDecoder.fileNames {
            let path = base + "/" + name
            if FileManager.default.fileExists(atPath: path) { files.append(try read(path)) }
        }
        for folder in ["holidays", "populations"] {
            let path = base + "/" + folder
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            where name.hasSuffix(".yaml") {
                files.append(try read(path + "/" + name))
            }
        }
        return files
    }
}

extension CommandContext {
    /// Reads campaign files, failing with a usage error for a path that does not exist.
    func loadCampaignFiles(_ paths: [String]) throws -> [SourceFile] {
        do {
            return try FileLoader.campaignFiles(paths)
        } catch {
            throw fileFailure(error)
        }
    }

    func loadSeeds(_ folder: String) throws -> [SourceFile] {
        do {
            return try FileLoader.seedFiles(folder)
        } catch {
            throw fileFailure(error)
        }
    }

    func fileFailure(_ error: FileLoader.Failure) -> any Error {
        switch error {
        case .missing(let path):
            return usage(language.pick("文件或文件夹 '\(path)' 不存在。", "No such file or folder '\(path)'."))
        case .unreadable(let path, let reason):
            return fail(language.pick("无法读取 '\(path)'：\(reason)。", "Cannot read '\(path)': \(reason)."))
        }
    }

    /// Reference data for validation: `--seeds` when given, else the database, else `./seeds`.
    func referenceForValidation(seeds: String?) async throws -> ReferenceData {
        if seeds == nil, SQLiteStore.exists(at: databasePath) {
            let store = try storeOrFail()
            if let reference = try await storeCall({ () async throws -> ReferenceData? in
                try await store.migrate()
                return try await store.referenceData()
            }) {
                return reference
            }
        }
        let folder = seeds ?? "seeds"
        let (reference, issues) = SeedDecoder.decode(try loadSeeds(folder))
        if issues.hasErrors {
            report(issues)
            throw ExitCode(ExitStatus.badData)
        }
        return reference
    }
}
