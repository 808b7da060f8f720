/// Turns arbitrary text into sheet names that Excel, WPS and LibreOffice accept.
enum XLSXSheetNameSanitizer {
    /// Characters Excel forbids in sheet names; each is replaced by `_`.
    static let forbiddenCharacters: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]

    /// Names Excel reserves for itself (compared case-insensitively).
    static let reservedNames: Set<String> = ["history"]

    /// Sanitizes one name without looking at other sheets.
    ///
    /// Control characters are removed, forbidden characters become `_`, surrounding
    /// whitespace and apostrophes are trimmed (Excel rejects a leading or trailing `'`),
    /// and the result is cut to 31 UTF-16 code units without splitting a character.
    /// A blank result becomes `Sheet<position>` (one-based).
    static func sanitize(_ name: String, position: Int) -> String {
        var cleaned = ""
        for character in name {
            if forbiddenCharacters.contains(character) {
                cleaned.append("_")
            } else if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) {
                cleaned.append(character)
            }
        }
        cleaned = trimmed(cleaned)
        cleaned = trimmed(truncated(cleaned, maximumUTF16Length: XLSXLimits.maximumSheetNameLength))
        if cleaned.isEmpty {
            return "Sheet\(max(position, 0) + 1)"
        }
        return cleaned
    }

    /// Sanitizes all names of a workbook and makes them unique, case-insensitively,
    /// by appending ` (2)`, ` (3)`, … (cutting the base so the result stays within 31).
    static func uniqueNames(_ names: [String]) -> [String] {
        var taken = reservedNames
        var result: [String] = []
        result.reserveCapacity(names.count)
        for (position, name) in names.enumerated() {
            let base = sanitize(name, position: position)
            var candidate = base
            var counter = 2
            while taken.contains(comparisonKey(candidate)) {
                let suffix = " (\(counter))"
                let room = XLSXLimits.maximumSheetNameLength - suffix.utf16.count
                candidate = truncated(base, maximumUTF16Length: room) + suffix
                counter += 1
            }
            taken.insert(comparisonKey(candidate))
            result.append(candidate)
        }
        return result
    }

    /// The key under which two names count as the same sheet.
    static func comparisonKey(_ name: String) -> String {
        name.lowercased()
    }

    /// The longest prefix of whole characters that fits in the given number of UTF-16 code units.
    static func truncated(_ text: String, maximumUTF16Length: Int) -> String {
        guard text.utf16.count > maximumUTF16Length else {
            return text
        }
        var result = ""
        var length = 0
        for character in text {
            let characterLength = character.utf16.count
            if length + characterLength > maximumUTF16Length {
                break
            }
            result.append(character)
            length += characterLength
        }
        return result
    }

    /// The text without surrounding whitespace and apostrophes.
    private static func trimmed(_ text: String) -> String {
        var characters = Substring(text)
        while let first = characters.first, first.isWhitespace || first == "'" {
            characters.removeFirst()
        }
        while let last = characters.last, last.isWhitespace || last == "'" {
            characters.removeLast()
        }
        return String(characters)
    }
}
