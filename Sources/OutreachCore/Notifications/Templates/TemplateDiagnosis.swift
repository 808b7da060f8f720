internal import Mustache

/// Turns a template that does not parse into a ``Template/SyntaxError`` that names the tag at fault.
///
/// swift-mustache parses and renders; its errors carry a line and column but no names, and it places an
/// unclosed section at the end of the text. So the section structure (tags closed, names present,
/// sections opened and closed in order) is checked here first, on the tags alone, the way users read
/// them: a section that is never closed is shown at its `{{#name}}`. Every other error is the library's,
/// at its position.
enum TemplateDiagnosis {
    private struct Tag {
        var sigil: Character?
        var name: String
        /// Character offset of the opening delimiter.
        var start: Int
    }

    /// The first tag left open, without a name, or closing the wrong section; nil when the structure holds.
    static func structuralError(in source: String) -> Template.SyntaxError? {
        let characters = Array(source)
        var open = "{{", close = "}}"
        var sections: [Tag] = []
        var index = 0
        while let start = find(open, in: characters, from: index) {
            var after = start + open.count
            let triple = open == "{{" && after < characters.count && characters[after] == "{"
            if triple { after += 1 }
            let closer = triple ? "}}}" : close
            guard let end = find(closer, in: characters, from: after) else {
                return error(.unclosedTag, at: start, in: characters)
            }
            index = end + closer.count
            var body = Substring(String(characters[after..<end]))
            var sigil: Character?
            if !triple, let first = body.first, "#^/&!=%><$".contains(first) {
                sigil = first
                body = body.dropFirst()
            }
            switch sigil {
            case "!", "%": continue
            case "=":
                // A change of delimiters: `{{=<% %>=}}`; a malformed one is the library's to report.
                let parts = body.dropLast(body.last == "=" ? 1 : 0).split(whereSeparator: \.isWhitespace)
                guard body.last == "=", parts.count == 2 else { return nil }
                open = String(parts[0])
                close = String(parts[1])
                continue
            default: break
            }
            let name = body.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
            let tag = Tag(sigil: sigil, name: String(name), start: start)
            if tag.name.isEmpty { return error(.emptyName, at: start, in: characters) }
            switch sigil {
            case "#", "^", "<", "$":
                sections.append(tag)
                if sections.count > Template.maximumSectionDepth {
                    return error(.nestedTooDeep(limit: Template.maximumSectionDepth), at: start, in: characters)
                }
            case "/":
                guard let opened = sections.popLast() else {
                    return error(.unexpectedClose(tag.name), at: start, in: characters)
                }
                if opened.name != tag.name {
                    return error(.mismatchedClose(expected: opened.name, found: tag.name), at: start, in: characters)
                }
            default: break
            }
        }
        if let unclosed = sections.last {
            return error(.unclosedSection(unclosed.name), at: unclosed.start, in: characters)
        }
        return nil
    }

    /// The library's error, placed in `source` (which was parsed with `prefix` before it). A name it does
    /// not take is shown at the start of its tag, with the tag's text.
    static func syntaxError(_ error: MustacheTemplate.ParserError, in source: String, prefix: String) -> Template.SyntaxError {
        let characters = Array(source)
        let position = offset(line: error.context.lineNumber, column: error.context.columnNumber, in: Array(prefix + source))
        let offset = min(max(0, position - prefix.count), characters.count)
        switch error.error as? MustacheTemplate.Error {
        case .invalidSetDelimiter: return self.error(.invalidDelimiters, at: offset, in: characters)
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return self.error(.invalidPragma, at: offset, in: characters)
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return self.error(.invalidInheritance, at: offset, in: characters)
        case .sectionCloseNameIncorrect, .expectedSectionEnd, .unfinishedName, nil:
            // The tag the position is in: from its `{{` on the same line to its `}}` or the line's end.
            var start = offset
            while start > 0, characters[start - 1] != "\n",
                !(characters[start - 1] == "{" && start >= 2 && characters[start - 2] == "{")
            {
                start -= 1
            }
            var end = start
            while end < characters.count, characters[end] != "\n", characters[end] != "}" { end += 1 }
            let name = String(characters[start..<end].drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            var tagStart = start
            while tagStart > 0, characters[tagStart - 1] == "{" { tagStart -= 1 }
            return self.error(.invalidName(String(name.prefix(40))), at: tagStart, in: characters)
        }
    }

    /// The character offset swift-mustache means by a line and column: its line counts every newline
    /// character before the position, its column the characters since the last `\n`.
    private static func offset(line: Int, column: Int, in characters: [Character]) -> Int {
        var newlines = 0
        var lineStart = 0
        for offset in 0...characters.count {
            if newlines == line - 1, offset - lineStart == column - 1 { return offset }
            guard offset < characters.count else { break }
            if characters[offset].isNewline { newlines += 1 }
            if characters[offset] == "\n" { lineStart = offset + 1 }
        }
        return characters.count
    }

    private static func find(_ needle: String, in characters: [Character], from start: Int) -> Int? {
        let needle = Array(needle)
        guard let first = needle.first, start < characters.count else { return nil }
        var index = start
        while index + needle.count <= characters.count {
            if characters[index] == first, Array(characters[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    /// 1-based line and column of `offset`, lines ending at `\n`.
    private static func error(_ reason: Template.SyntaxError.Reason, at offset: Int, in characters: [Character])
        -> Template.SyntaxError
    {
        var line = 1
        var column = 1
        for character in characters[..<min(offset, characters.count)] {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return Template.SyntaxError(reason: reason, line: line, column: column)
    }
}
