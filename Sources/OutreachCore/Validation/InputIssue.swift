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
///
/// A row of a worksheet is placed by its sheet and cell instead (`reach.xlsx: Sheet1!C7`): `line` is then
/// the row's number, `field` the 0-based column of the cell (nil for the whole row, `Sheet1!7:7`).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    /// The field of a row a problem is about (0-based): not shown for a text file, the cell's column for a sheet.
    public var field: Int?
    /// The worksheet the row is on; nil for a text file.
    public var sheet: String?

    public init(path: String, line: Int? = nil, column: Int? = nil, field: Int? = nil, sheet: String? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.sheet = sheet
    }

    public var description: String {
        if let sheet {
            guard let line else { return path }
            let name = SourceLocation.sheetReference(sheet)
            guard let field else { return "\(path): \(name)!\(line):\(line)" }
            return "\(path): \(name)!\(SourceLocation.columnLetters(field))\(line)"
        }
        var text = path
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    /// A sheet's name as a reference writes it: quoted (`'Week 48'!C7`) unless letters, digits, `_` and `.`.
    static func sheetReference(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "."
        }
        return plain ? name : "'" + String(name.flatMap { $0 == "'" ? ["'", "'"] : [$0] }) + "'"
    }

    /// Column letters of a 0-based column: 0 → `A`, 26 → `AA`.
    static func columnLetters(_ column: Int) -> String {
        var remaining = max(column, 0) + 1
        var letters: [Character] = []
        while remaining > 0 {
            remaining -= 1
            letters.append(Character(Unicode.Scalar(UInt8(65 + remaining % 26))))
            remaining /= 26
        }
        return String(letters.reversed())
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line ?? 0, lhs.column ?? 0, lhs.field ?? -1) < (rhs.path, rhs.line ?? 0, rhs.column ?? 0, rhs.field ?? -1)
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
