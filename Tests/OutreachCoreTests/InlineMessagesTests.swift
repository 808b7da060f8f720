import Foundation
import OutreachTestSupport
import Testing

/// User-facing text lives in the catalogues: no source file picks between two inline texts.
struct InlineMessagesTests {
    /// `Language.pick` itself, and `L`/`help` that pick a command's help beside its declaration.
    static let allowed: Set<String> = ["OutreachCore/Localization/Language.swift", "outreach/Support/HelpText.swift"]

    @Test func noSourceFilePicksInlineText() throws {
        let sources = CommandRunner.repositoryRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var found: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            guard !Self.allowed.contains(relative) else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(".pick(") {
                found.append("\(relative):\(index + 1)")
            }
        }
        #expect(found.sorted() == [], "move these texts into the catalogue of their area (ARCHITECTURE.md, 'Where messages live')")
    }
}
