import ArgumentParser
import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats
import Synchronization
import UnixSignals

/// Runs `outreach reach import` on the terminal: the `ReachImport` use case, with its progress line on standard
/// error, Ctrl-C trapped while the batch is open, and its failures as messages and exit codes.
struct ReachImporter {
    let context: CommandContext
    let store: any OutreachStore
    let reference: ReferenceData
    var skipInvalid = false
    var dryRun = false
    var encoding: TextFileReader.Encoding?
    var recordedBy: String?
    var progress: ProgressOption = .auto
    var separator: UInt8?
    /// Files standing for others in messages: standard input, read into a temporary file, is named '-'.
    var shownAs: [String: String] = [:]

    func run(paths: [String]) async throws -> ReachImport.Summary {
        var use = ReachImport(store: store, reference: reference, language: context.language)
        use.skipInvalid = skipInvalid
        use.dryRun = dryRun
        use.encoding = encoding
        use.recordedBy = recordedBy
        use.separator = separator
        if !shownAs.isEmpty { use.batchFiles = paths.map { shownAs[$0] ?? $0 }.joined(separator: ", ") }
        let showProgress = progress == .always || (progress == .auto && context.stderrIsTerminal)
        let observer = ReachImportTerminal(
            context: context, shownAs: shownAs,
            progress: showProgress
                ? Progress(language: context.language, total: paths.reduce(0) { $0 + fileSize($1) }, onTerminal: context.stderrIsTerminal)
                : nil)
        defer { observer.stop() }
        do {
            return try await context.storeCall { try await use.run(paths: paths, at: context.now, observer: observer) }
        } catch let failure as ReachImport.Failure {
            throw message(failure)
        }
    }

    private func message(_ failure: ReachImport.Failure) -> ExitCode {
        let language = context.language
        switch failure {
        case .badFile:
            return ExitCode(ExitStatus.badData)
        case .cannotRead(let file):
            let path = shownAs[file] ?? file
            return context.usage(ReachCommandMessages.cannotRead(path: path).text(language))
        case .encoding(let failure, let file):
            let path = shownAs[file] ?? file
            let message: String
            switch failure {
            case .notUTF8(let offset):
                message = ReachCommandMessages.notUTF8(path: path, offset: offset).text(language)
            case .notGB18030(let offset):
                message = ReachCommandMessages.neitherUTF8NorGB18030(path: path, offset: offset).text(language)
            case .cannotOpen(let name):
                message = ReachCommandMessages.cannotOpen(name: name).text(language)
            }
            return context.fail(message, code: ExitStatus.badData)
        }
    }

    private func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}

/// The terminal side of a reach import: issues in compiler style, the progress line, and Ctrl-C.
final class ReachImportTerminal: ReachImportObserver {
    private let context: CommandContext
    private let shownAs: [String: String]
    private let progressLine: Progress?
    private let interrupt = Interrupt()
    private var watcher: Task<Void, Never>?

    init(context: CommandContext, shownAs: [String: String] = [:], progress: Progress?) {
        self.context = context
        self.shownAs = shownAs
        progressLine = progress
    }

    /// Ctrl-C is trapped while the batch is open: the import stops at the next chunk and rolls back.
    func batchOpened() async {
        let signals = await UnixSignalsSequence(trapping: .sigint)
        let interrupt = interrupt
        watcher = Task {
            for await _ in signals {
                interrupt.set()
                break
            }
        }
    }

    var isInterrupted: Bool { interrupt.isSet }

    func report(_ issues: [InputIssue]) {
        guard !shownAs.isEmpty else { return context.report(issues) }
        context.report(
            issues.map { issue in
                var shown = issue
                if let path = issue.location?.path, let name = shownAs[path] { shown.location?.path = name }
                return shown
            })
    }

    func progress(bytesRead: Int, rows: Int) { progressLine?.update(done: bytesRead, rows: rows) }

    func finished() { progressLine?.clear() }

    func stop() { watcher?.cancel() }
}

/// Set once Ctrl-C (SIGINT) arrives during an import.
final class Interrupt: Sendable {
    private let state = Mutex(false)

    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}

/// A progress line on standard error, only on a terminal: share of bytes read, rows with thousands
/// separators, rows per second and the time left.
final class Progress {
    private let language: Language
    private let total: Int
    private let onTerminal: Bool
    private let started = Date()
    private var last = Date(timeIntervalSince1970: 0)

    /// Off a terminal (`--progress always` into a pipe or log), each update is a line of its own.
    init(language: Language, total: Int, onTerminal: Bool) {
        self.language = language
        self.total = max(total, 1)
        self.onTerminal = onTerminal
    }

    func update(done: Int, rows: Int) {
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 else { return }
        last = now
        let text = line(done: done, rows: rows, elapsed: now.timeIntervalSince(started))
        FileHandle.standardError.write(Data((onTerminal ? "\r" + text : text + "\n").utf8))
    }

    /// `Importing ██████░░░ 45%  1,234,567 rows  98,765 rows/s  about 0:12 left`.
    func line(done: Int, rows: Int, elapsed: TimeInterval) -> String {
        Self.line(language: language, share: min(1, Double(done) / Double(total)), rows: rows, elapsed: elapsed)
    }

    static func line(language: Language, share: Double, rows: Int, elapsed: TimeInterval) -> String {
        let width = 30
        let filled = Int(share * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = elapsed > 0 ? Int(Double(rows) / elapsed) : 0
        var eta = ""
        if share > 0, share < 1, elapsed > 0 {
            let left = Int((elapsed * (1 - share) / share).rounded(.up))
            let clock = left >= 3600
                ? "\(left / 3600):\(pad((left % 3600) / 60)):\(pad(left % 60))" : "\(left / 60):\(pad(left % 60))"
            eta = ReachCommandMessages.timeLeft(clock: clock).text(language)
        }
        let rowsText = groupedThousands(rows), rateText = groupedThousands(rate)
        return ReachCommandMessages.progress(bar: bar, share: share, rowsText: rowsText, rows: rows, rateText: rateText, eta: eta).text(language)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    func clear() {
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
