import Foundation
import Testing

/// Every command says its own name. Without one, argument-parser makes it from the type's name with
/// `String(describing:)` on every start, for every command in the tree: each a search of the binary's protocol
/// conformances, together about a third of what `outreach --version` cost (perf, 2026-12-07).
struct CommandNameTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func everyCommandConfigurationNamesItsCommand() throws {
        let base = root + "/Sources/outreach"
        let names = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted()
        var configurations = 0
        var unnamed: [String] = []
        for name in names {
            let lines = try String(contentsOfFile: base + "/" + name, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.contains("CommandConfiguration(") {
                configurations += 1
                let next = lines.dropFirst(index + 1).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
                if !line.contains("commandName:"), !next.contains("commandName:") { unnamed.append("\(name):\(index + 1)") }
            }
        }
        #expect(configurations >= 49)
        #expect(unnamed == [])
    }
}
