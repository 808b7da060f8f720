/// One problem found in input (a campaign file, a seed file, a CSV row, a flag), with where it is
/// and what was expected. Validation returns all of them, not just the first.
public struct InputIssue: Equatable, Sendable {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var problem: Diagnostic

    public init(_ severity: Severity, _ problem: Diagnostic, at location: SourceLocation?) {
        self.severity = severity
        self.problem = problem
        self.location = location
    }

    public static func error(_ problem: Diagnostic, at location: SourceLocation?) -> InputIssue {
        InputIssue(.error, problem, at: location)
    }

    public static func warning(_ problem: Diagnostic, at location: SourceLocation?) -> InputIssue {
        InputIssue(.warning, problem, at: location)
    }

    /// The message alone, one or two sentences.
    public func message(_ language: Language) -> String { problem.message(language) }

    /// Compiler style, `path:line:column: error: message`, so editors can jump to it. The `error` and
    /// `warning` keywords stay English in both languages because editors' problem matchers look for them.
    public func rendered(_ language: Language) -> String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(message(language))"
    }
}

/// A place in an input file. Lines and columns are 1-based; columns count characters.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = path
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line ?? 0, lhs.column ?? 0) < (rhs.path, rhs.line ?? 0, rhs.column ?? 0)
    }
}

extension Array where Element == InputIssue {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [InputIssue] { filter { $0.severity == .error } }
    public var warnings: [InputIssue] { filter { $0.severity == .warning } }

    /// Sorted by file, line and column, errors before warnings at the same place.
    public func sortedForDisplay() -> [InputIssue] {
        enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            if la != lb {
                guard let la else { return true }
                guard let lb else { return false }
                return la < lb
            }
            if a.element.severity != b.element.severity { return a.element.severity < b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }
}
