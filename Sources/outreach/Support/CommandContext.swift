import ArgumentParser
import Foundation
import OutreachCore
import OutreachFormats

#if canImport(Glibc)
    import Glibc
#endif

/// Exit codes: 0 ok, 64 usage (bad flags or ids), 65 bad data (invalid files), 1 other failures.
enum ExitStatus {
    static let usage: Int32 = 64
    static let badData: Int32 = 65
    static let failure: Int32 = 1
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    static let interrupted: Int32 = 130
}

/// What a command needs from its surroundings, resolved once: language, database, the clock, the terminal.
struct CommandContext: Sendable {
    let options: GlobalOptions
    /// `--config`, on the commands that read the configuration.
    let config: String?
    let language: Language
    let environment: [String: String]
    /// The current time; `OUTREACH_NOW` (ISO 8601) fixes it for tests and demonstrations.
    let now: Date

    init(options: GlobalOptions, config: ConfigOption? = nil) {
        self.options = options
        self.config = config?.config
        language = options.language
        environment = ProcessInfo.processInfo.environment
        now = environment["OUTREACH_NOW"].flatMap(Timestamp.date(from:)) ?? Date()
    }

    var databasePath: String { options.databasePath }

    /// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    var useColour: Bool {
        guard environment["NO_COLOR"] == nil, environment["TERM"] != "dumb" else { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Who runs the command, as recorded with a published bulletin: the login name (`USER`, `LOGNAME`).
    var accountName: String {
        for name in ["USER", "LOGNAME"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return ProcessInfo.processInfo.userName
    }

    /// Today in the default zone (Asia/Shanghai) or a branch's zone.
    func today(in zone: String = ReferenceData.defaultTimeZone) -> LocalDate {
        (ZoneConverter(identifier: zone) ?? ZoneConverter(identifier: ReferenceData.defaultTimeZone))?.local(at: now).date
            ?? LocalDate(dayNumber: Int(now.timeIntervalSince1970 / 86400))
    }

    // MARK: Output

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes to a file, or to standard output when `path` is nil or `-`.
    func emit(_ text: String, to path: String?) throws {
        try emit(bytes: Array(text.utf8), to: path)
    }

    func emit(bytes: [UInt8], to path: String?) throws {
        try emit(parts: [bytes], to: path)
    }

    /// Writes output made in parts (large outputs rendered in parallel) without joining or copying them:
    /// to standard output, or to a file replaced atomically (written beside it, then renamed).
    func emit(parts: [[UInt8]], to path: String?) throws {
        try emit(to: path) { write in
            for part in parts { write(part) }
        }
    }

    /// Writes output handed over part by part while it is made (`produce` calls `write` for each part), so that
    /// a large output is never held whole; the same destinations as `emit(parts:to:)`.
    func emit(to path: String?, _ produce: (_ write: ([UInt8]) -> Void) -> Void) throws {
        guard let path, path != "-" else {
            produce { part in _ = FileWrites.writeAll(part, to: STDOUT_FILENO) }
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var failure = fd < 0 ? errno : 0
        if fd >= 0 {
            produce { part in if failure == 0 { failure = FileWrites.writeAll(part, to: fd) } }
            if close(fd) != 0, failure == 0 { failure = errno }
            if failure == 0, rename(temporary, path) != 0 { failure = errno }
            if failure != 0 { unlink(temporary) }
        }
        if failure != 0 {
            let reason = String(cString: strerror(failure))
            throw fail(CommandMessages.cannotWrite(path: path, reason: reason).text(language))
        }
    }

    /// Prints issues in compiler style, errors and warnings, on standard error.
    func report(_ issues: [InputIssue]) {
        guard !issues.isEmpty else { return }
        var text = ""
        for issue in issues {
            // Compiler style where there is a place (editors match "error:"); else the prefix of every other error.
            let line = issue.location == nil
                ? (issue.severity == .error ? HelpText.errorPrefix(language) : CommandMessages.warningPrefix.text(language))
                    + issue.message(language)
                : issue.rendered(language)
            if useColourOnStderr, issue.location != nil {
                let colour = issue.severity == .error ? "\u{1B}[31m" : "\u{1B}[33m"
                text += line.replacingOccurrences(
                    of: "\(issue.severity.rawValue):", with: "\(colour)\(issue.severity.rawValue):\u{1B}[0m") + "\n"
            } else {
                text += line + "\n"
            }
        }
        writeError(text)
    }

    private var useColourOnStderr: Bool {
        environment["NO_COLOR"] == nil && environment["TERM"] != "dumb" && stderrIsTerminal
    }

    /// Prints a message as an error and returns the exit to throw.
    func fail(_ message: String, code: Int32 = ExitStatus.failure) -> ExitCode {
        writeError(HelpText.errorPrefix(language) + message + "\n")
        return ExitCode(code)
    }

    /// A usage error (exit 64) for a flag's value.
    func usage(_ message: String) -> ExitCode { fail(message, code: ExitStatus.usage) }

    // MARK: Store

    /// The store factory the composition root picks for `--database` / `OUTREACH_DATABASE`.
    var storeFactory: any StoreFactory { Stores.factory(for: databasePath) }

    /// Opens the database, which must exist and hold reference data, and reads that; `venues: false` leaves out
    /// the venues (thousands in a city), for commands that never name one.
    func openDatabase(venues: Bool = true) async throws -> (any OutreachStore, ReferenceData) {
        guard storeFactory.exists(at: databasePath) else {
            throw fail(
                CommandMessages.databaseMissing(path: databasePath).text(language))
        }
        let store = try storeOrFail()
        do {
            try await store.migrate()
            guard let reference = try await venues ? store.referenceData() : store.referenceDataWithoutVenues() else {
                throw StoreError.notInitialized(path: databasePath)
            }
            return (store, reference)
        } catch let error as StoreError {
            throw fail(error.message(language))
        }
    }

    func storeOrFail() throws -> any OutreachStore {
        do {
            return try storeFactory.open(databasePath)
        } catch let error as StoreError {
            throw fail(error.message(language))
        }
    }

    /// Runs a store call, turning store errors into messages and exit codes.
    func storeCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            switch error {
            case .eventNotFound, .campaignNotFound, .statusChange, .notHeldYet:
                throw fail(error.message(language), code: ExitStatus.usage)
            default:
                throw fail(error.message(language))
            }
        } catch let error as ReachStoreError {
            switch error {
            case .sumOverflow: throw fail(error.message(language), code: ExitStatus.badData)
            // Refused like the check before it: the month was published (by another run, a moment ago).
            case .bulletinAlreadyPublished: throw fail(error.message(language), code: ExitStatus.usage)
            default: throw fail(error.message(language), code: ExitStatus.failure)
            }
        }
    }
}

extension CommandContext {
    /// Checks an id given to a flag against known ones, failing (exit 64) with "Did you mean …?".
    func check<T>(_ value: Identifier<T>?, flag: String, subject: Subject, known: [String]) throws {
        guard let value, !known.contains(value.rawValue) else { return }
        let suggestion = nearest(to: value.rawValue, in: known)
        let hint = suggestion.map { CommandMessages.didYouMean(suggestion: $0).text(language) } ?? ""
        throw usage(
            CommandMessages.unknownValue(subject: subject, value: value.rawValue, flag: flag, hint: hint).text(language))
    }
}
