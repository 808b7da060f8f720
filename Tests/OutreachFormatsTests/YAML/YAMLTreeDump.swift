import OutreachFormats

/// Renders a node tree one node per line with styles, text and positions, so that a test can
/// compare a whole tree, positions included, with one multi-line string.
///
/// Mappings print as `{}`, sequences as `[]`, scalars as their style and quoted text; mapping
/// keys are marked `k`, values `v` and sequence items `-`. Positions print as
/// `line:column-line:column` (start, then just after the end).
func dumpTree(_ node: YAMLNode?) -> String {
    guard let node else {
        return "nil"
    }
    var lines: [String] = []
    appendDump(of: node, marker: "", depth: 0, to: &lines)
    return lines.joined(separator: "\n")
}

private func appendDump(of node: YAMLNode, marker: String, depth: Int, to lines: inout [String]) {
    let indent = String(repeating: "  ", count: depth) + marker
    let span = "\(node.position.line):\(node.position.column)-\(node.endPosition.line):\(node.endPosition.column)"
    switch node.content {
    case .scalar(let text, let style):
        lines.append("\(indent)\(styleName(style)) \(quoted(text)) \(span)")
    case .sequence(let items):
        lines.append("\(indent)[] \(span)")
        for item in items {
            appendDump(of: item, marker: "- ", depth: depth + 1, to: &lines)
        }
    case .mapping(let entries):
        lines.append("\(indent){} \(span)")
        for entry in entries {
            appendDump(of: entry.key, marker: "k ", depth: depth + 1, to: &lines)
            appendDump(of: entry.value, marker: "v ", depth: depth + 1, to: &lines)
        }
    }
}

private func styleName(_ style: YAMLScalarStyle) -> String {
    switch style {
    case .plain: return "plain"
    case .singleQuoted: return "single"
    case .doubleQuoted: return "double"
    case .literal: return "literal"
    case .folded: return "folded"
    }
}

/// The text in double quotes with `\n`, `\t`, `\r`, `"` and `\` escaped.
private func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
        switch character {
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        default: result.append(character)
        }
    }
    return result + "\""
}

/// Parses `text` and renders the tree, or the error as `error line:column description`.
func dumpParse(_ text: String) -> String {
    do {
        return dumpTree(try YAMLParser.parse(text))
    } catch {
        return "error \(error.position.line):\(error.position.column) \(error.description)"
    }
}

/// Parses `text` and returns the error it must throw, or `nil` if it parses.
func parseError(_ text: String) -> YAMLSyntaxError? {
    do {
        _ = try YAMLParser.parse(text)
        return nil
    } catch {
        return error
    }
}
