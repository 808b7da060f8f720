import OutreachFormats

extension YAMLNode {
    var shape: Diagnostic.Shape {
        switch content {
        case .scalar: .scalar
        case .sequence: .list
        case .mapping: .mapping
        }
    }

    /// The text of a scalar node; nil for lists and mappings.
    var text: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// An empty plain scalar, `~` or `null`: the field is present but has no value.
    var isEmptyValue: Bool {
        if case .scalar(let text, .plain) = content {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }
}

/// Reads the fields of one YAML mapping, reporting unknown, missing and malformed ones.
struct MappingReader {
    let node: YAMLNode
    let subject: Subject
    /// For an item of a list (an event): its 1-based number in the list, the list's field, and its id
    /// once read, so that a missing field names the item.
    var item: (number: Int, list: String, id: String?)?
    private(set) var entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
    private var index: [String: Int] = [:]

    /// Reads `node` as a mapping, or reports that it is not one.
    init?(_ node: YAMLNode, as subject: Subject, field: String, issues: inout FileIssues) {
        guard case .mapping(let pairs) = node.content else {
            issues.error(.wrongShape(field: field, expected: .mapping, found: node.shape), at: node)
            return nil
        }
        self.node = node
        self.subject = subject
        for pair in pairs {
            let key = pair.key.text ?? ""
            index[key] = entries.count
            entries.append((key, pair.key, pair.value))
        }
    }

    /// Reports every key not in `known`, suggesting the nearest known one.
    func rejectUnknownFields(known: [String], issues: inout FileIssues) {
        for entry in entries where !known.contains(entry.key) {
            issues.error(
                .unknownField(entry.key, in: subject, suggestion: nearest(to: entry.key, in: known), known: known),
                at: entry.keyNode
            )
        }
    }

    /// The value node of a field, or nil when absent or empty (`key:` with nothing after it).
    func value(_ key: String) -> YAMLNode? {
        guard let i = index[key] else { return nil }
        let value = entries[i].value
        return value.isEmptyValue ? nil : value
    }

    func keyNode(_ key: String) -> YAMLNode? { index[key].map { entries[$0].keyNode } }

    func has(_ key: String) -> Bool { index[key] != nil }

    /// Where to point when a field is missing: the start of the mapping.
    var startNode: YAMLNode { node }

    /// A required single value; reports a missing field or a list/mapping where text belongs.
    func requiredText(_ key: String, issues: inout FileIssues) -> (String, YAMLNode)? {
        guard let value = value(key) else {
            if let keyNode = keyNode(key) {
                issues.error(.emptyValue(field: key), at: keyNode)
            } else {
                issues.error(missingField(key), at: node)
            }
            return nil
        }
        return scalarText(key, value, issues: &issues)
    }

    /// The problem of a missing field, naming the item when this mapping is one.
    func missingField(_ key: String) -> Diagnostic {
        guard let item else { return .missingField(key, in: subject) }
        return .missingFieldInItem(key, in: subject, id: item.id, number: item.number, list: item.list)
    }

    /// An optional single value.
    func optionalText(_ key: String, issues: inout FileIssues) -> (String, YAMLNode)? {
        guard let value = value(key) else { return nil }
        return scalarText(key, value, issues: &issues)
    }

    private func scalarText(_ key: String, _ value: YAMLNode, issues: inout FileIssues) -> (String, YAMLNode)? {
        guard let text = value.text else {
            issues.error(.wrongShape(field: key, expected: .scalar, found: value.shape), at: value)
            return nil
        }
        return (text, value)
    }

    /// A required id (`led-screen`): letters, digits, `-`, `_` and `.`.
    func requiredID(_ key: String, issues: inout FileIssues) -> (String, YAMLNode)? {
        guard let (text, node) = requiredText(key, issues: &issues) else { return nil }
        guard isValidIdentifier(text) else {
            issues.error(.invalidIdentifier(field: key, value: text), at: node)
            return nil
        }
        return (text, node)
    }

    /// An optional whole number of 0 or more.
    func optionalCount(_ key: String, issues: inout FileIssues) -> Int?? {
        guard let (text, node) = optionalText(key, issues: &issues) else { return .some(nil) }
        guard let n = parseCount(text) else {
            issues.error(Diagnostic.badCount(field: key, value: text), at: node)
            return .none
        }
        return .some(n)
    }

    /// An optional yes/no value.
    func optionalBool(_ key: String, issues: inout FileIssues) -> Bool? {
        guard let (text, node) = optionalText(key, issues: &issues) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "是": return true
        case "false", "no", "否": return false
        default:
            issues.error(
                .invalidChoice(field: key, value: text, choices: ["true", "false"], suggestion: nil), at: node
            )
            return nil
        }
    }

    /// An optional list of single values; a single value alone is read as a one-item list.
    func optionalTextList(_ key: String, issues: inout FileIssues) -> [(String, YAMLNode)]? {
        guard let value = value(key) else { return nil }
        switch value.content {
        case .scalar(let text, _):
            return [(text, value)]
        case .sequence(let items):
            var result: [(String, YAMLNode)] = []
            for item in items {
                guard let text = item.text else {
                    issues.error(.wrongShape(field: key, expected: .scalar, found: item.shape), at: item)
                    continue
                }
                if item.isEmptyValue {
                    issues.error(.emptyValue(field: key), at: item)
                    continue
                }
                result.append((text, item))
            }
            return result
        case .mapping:
            issues.error(.wrongShape(field: key, expected: .list, found: .mapping), at: value)
            return nil
        }
    }

    /// An optional list of nodes (for lists of mappings).
    func optionalList(_ key: String, issues: inout FileIssues) -> [YAMLNode]? {
        guard let value = value(key) else { return nil }
        guard case .sequence(let items) = value.content else {
            issues.error(.wrongShape(field: key, expected: .list, found: value.shape), at: value)
            return nil
        }
        return items
    }

    /// A choice from a closed set, reporting the options and the nearest one.
    func optionalChoice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type, issues: inout FileIssues)
        -> T?? where T.RawValue == String
    {
        guard let (text, node) = optionalText(key, issues: &issues) else { return .some(nil) }
        if let value = T(rawValue: text) { return .some(value) }
        let choices = T.allCases.map(\.rawValue)
        issues.error(
            .invalidChoice(field: key, value: text, choices: choices, suggestion: nearest(to: text, in: choices)),
            at: node
        )
        return .none
    }
}

/// A whole number of 0 or more written in decimal digits (`1,200` with separators is not accepted).
func parseCount(_ text: String) -> Int? {
    // 15 digits at most (Diagnostic.maximumFileCount).
    guard !text.isEmpty, text.utf8.count <= 15, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    return Int(text)
}

/// Ids use letters, digits, `-`, `_` and `.`, and start with a letter or digit.
func isValidIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first)
    else { return false }
    return text.unicodeScalars.allSatisfy { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
            || scalar == "."
    }
}
