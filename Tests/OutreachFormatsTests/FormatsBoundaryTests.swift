import Foundation
import Testing

/// OutreachFormats knows nothing of outreach, and only it reads zlib (see ARCHITECTURE.md).
struct FormatsBoundaryTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    static func swiftFiles(under folder: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    static func imports(of file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { return nil }
            return words[..<index].allSatisfy({ $0.hasPrefix("@") }) ? String(words[index + 1]) : nil
        }
    }

    @Test func formatsImportOnlyTheSystemAndZlib() throws {
        let files = Self.swiftFiles(under: Self.sources.appendingPathComponent("OutreachFormats"))
        #expect(files.count > 10)
        let allowed: Set = ["Foundation", "Dispatch", "Synchronization", "CZlib"]
        for file in files {
            for module in try Self.imports(of: file) {
                #expect(allowed.contains(module), "\(file.lastPathComponent) imports \(module)")
            }
        }
    }

    @Test func onlyFormatsImportsZlib() throws {
        for file in Self.swiftFiles(under: Self.sources) where !file.path.contains("/Sources/OutreachFormats/") {
            #expect(!(try Self.imports(of: file)).contains("CZlib"), "\(file.path) imports CZlib")
        }
    }
}
