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

    /// How many of the issues are errors. Issues are only ever appended, so this counts the ones added since it was
    /// last asked (a file with 30,000 bad events asked it once per event over all the issues so far: 99 s).
    var errorCount: Int {
        mutating get {
            if issues.count < counted.issues { counted = (0, 0) }
            for issue in issues[counted.issues...] where issue.severity == .error { counted.errors += 1 }
            counted.issues = issues.count
            return counted.errors
        }
    }

    private var counted: (issues: Int, errors: Int) = (0, 0)
}
