import OutreachFormats

/// Collects the issues of one file while its YAML is read into domain values.
struct FileIssues {
    let path: String
    var issues: [InputIssue] = []

    init(path: String) { self.path = path }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(path: path, line: node.position.line, column: node.position.column)
    }

    func location(_ position: YAMLPosition) -> SourceLocation {
        SourceLocation(path: path, line: position.line, column: position.column)
    }

    mutating func error(_ problem: Diagnostic, at node: YAMLNode) {
        issues.append(.error(problem, at: location(node)))
    }

    mutating func warning(_ problem: Diagnostic, at node: YAMLNode) {
        issues.append(.warning(problem, at: location(node)))
    }

    var errorCount: Int { issues.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }
}
