import Foundation
import ArgumentParser
import OutreachApp
import OutreachCore

/// The notify setup (`CommandContext+Notify.swift`) reads its file under this name until it moves to the
/// application layer; everything else reads files through `OutreachApp.FileLoader`.
enum FileLoader {
    static func read(_ path: String) throws(OutreachApp.FileLoader.Failure) -> SourceFile {
        try OutreachApp.FileLoader.read(path)
    }
}

extension CommandContext {
    /// Reads campaign files, failing with a usage error for a path that does not exist.
    func loadCampaignFiles(_ paths: [String]) throws -> [SourceFile] {
        do {
            return try OutreachApp.FileLoader.campaignFiles(paths)
        } catch {
            throw fileFailure(error)
        }
    }

    func loadSeeds(_ folder: String) throws -> [SourceFile] {
        do {
            return try OutreachApp.FileLoader.seedFiles(folder)
        } catch {
            throw fileFailure(error)
        }
    }

    func fileFailure(_ error: OutreachApp.FileLoader.Failure) -> any Error {
        switch error {
        case .missing(let path):
            return usage(CommandMessages.noSuchFileOrFolder(path: path).text(language))
        case .unreadable(let path, let reason):
            return fail(CommandMessages.cannotRead(path: path, reason: reason).text(language))
        }
    }

    /// Reference data for validation: `--seeds` when given, else the database, else `./seeds`.
    func referenceForValidation(seeds: String?) async throws -> ReferenceData {
        if seeds == nil, storeFactory.exists(at: databasePath) {
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
