import Foundation
import OutreachCore

/// Checks a message catalogue: every message it writes has both languages, and every message is checked.
///
/// A test passes one sample of each message (any values will do). The check reads the catalogue's source
/// file, finds every `Message(zh:` it writes, and reports one that no sample came from, so a message added
/// later without a sample fails the test instead of going unchecked.
package enum MessageCatalogueCheck {
    /// What is wrong with the samples of one catalogue, one line per problem; empty when all is well.
    /// - Parameters:
    ///   - samples: one message from every `Message(zh:` the catalogue writes.
    ///   - englishMayQuote: Chinese words the English text may contain on purpose (names, examples).
    package static func problems(in samples: [Message], englishMayQuote: [String] = []) -> [String] {
        var problems: [String] = []
        for message in samples {
            let place = "\(message.fileID):\(message.line)"
            if message.zh.isEmpty { problems.append("\(place): the Chinese text is empty") }
            if message.en.isEmpty { problems.append("\(place): the English text is empty") }
            if !containsCJK(message.zh) && message.zh != message.en {
                problems.append("\(place): the Chinese text '\(message.zh)' has no Chinese and differs from the English")
            }
            var english = message.en
            for word in englishMayQuote { english = english.replacingOccurrences(of: word, with: "") }
            if containsCJK(english) { problems.append("\(place): the English text '\(message.en)' contains Chinese") }
        }
        for fileID in Set(samples.map(\.fileID)).sorted() {
            guard let source = sourceText(fileID: fileID) else {
                problems.append("\(fileID): the catalogue's source file was not found")
                continue
            }
            let checked = Set(samples.filter { $0.fileID == fileID }.map(\.line))
            for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("Message(zh:") && !checked.contains(index + 1) {
                problems.append("\(fileID):\(index + 1): a message with no sample in the test")
            }
        }
        return problems
    }

    /// Chinese characters or full-width punctuation (CJK ideographs, CJK symbols, full-width forms).
    package static func containsCJK(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FA1F: true
            default: false
            }
        }
    }

    /// The source of a catalogue from its `#fileID` (`Module/File.swift`), found under `Sources/Module`.
    private static func sourceText(fileID: String) -> String? {
        let parts = fileID.split(separator: "/")
        guard parts.count == 2 else { return nil }
        let folder = CommandRunner.repositoryRoot.appendingPathComponent("Sources").appendingPathComponent(String(parts[0]))
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return nil }
        for case let url as URL in files where url.lastPathComponent == parts[1] {
            return try? String(contentsOf: url, encoding: .utf8)
        }
        return nil
    }
}
