import Foundation
import OutreachCore

/// Reads the files named on the command line; folders are searched for `*.yaml` and `*.yml`.
public enum FileLoader {
    public enum Failure: Error {
        case missing(String)
        case unreadable(String, String)
    }

    public static func campaignFiles(_ paths: [String]) throws(Failure) -> [SourceFile] {
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

    public static func read(_ path: String) throws(Failure) -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path, "permission denied or not a regular file")
        }
        return SourceFile(path: path, bytes: [UInt8](data))
    }

    /// The seed files under a folder.
    public static func seedFiles(_ folder: String) throws(Failure) -> [SourceFile] {
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
