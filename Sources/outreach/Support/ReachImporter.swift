import ArgumentParser
import Foundation
import OutreachCore
import OutreachFormats
import OutreachSQLite
import Synchronization
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `outreach reach import`: reads each file in chunks (any size, flat memory), checks every row,
/// and writes the good ones in one transaction while the next chunk is being read.
struct ReachImporter {
    let context: CommandContext
    let store: SQLiteStore
    let reference: ReferenceData
    var skipInvalid = false
    var dryRun = false
    var encoding: TextSource.Encoding?
    var recordedBy: String?
    var progress: ProgressOption = .auto

    struct Summary {
        var rows = 0
        var errors = 0
        var warnings = 0
        var rejected = 0
        var rejectFiles: [String] = []
        var batch: ReachBatch?
        var committed = false
        /// Stopped by Ctrl-C (SIGINT) before the commit: nothing was written.
        var interrupted = false
    }

    /// One chunk's checked rows, with what is needed to write rejects for rows the store turns down.
    private struct Chunk: Sendable {
        var rows: [ReachRow]
        var path: String
        /// The file's header as written, for its rejects file.
        var header: [UInt8] = []
        /// Raw text of each row by line, kept only with --skip-invalid.
        var texts: [Int: [UInt8]]
        /// Rollup changes ready to merge: every row read so far counted as new, for months now behind.
        var rollup: [ReachCuboidMonth] = []
    }

    func run(paths: [String]) async throws -> Summary {
        var summary = Summary()
        let language = context.language
        async let codesRead = context.storeCall { try await store.reachCodes() }
        async let keysRead = context.storeCall { try await store.eventKeys() }
        async let eventsRead = context.storeCall { try await store.events(matching: EventQuery(ordered: false)) }
        let index = ReachEventIndex(events: try await eventsRead, keys: try await keysRead, reference: reference, codes: try await codesRead)

        _ = try await context.storeCall {
            try await store.beginReachBatch(
                source: .import, file: paths.joined(separator: ", "), recordedBy: recordedBy, at: context.now)
        }
        var pending: Chunk?
        // The rollup is built here, beside the parsing, while the store's thread writes records; the store
        // corrects it for rows that turn out not to be new.
        var rollup = ReachCubeDelta()
        var rejects: [String: RejectsWriter] = [:]
        // Rows repeating a row of an earlier chunk: the earlier line is found once the files are read.
        var laterDuplicates: [(path: String, header: [UInt8], line: Int, key: Int64, text: [UInt8])] = []
        let showProgress = progress == .always || (progress == .auto && context.stderrIsTerminal)
        let progress = showProgress
            ? Progress(language: language, total: paths.reduce(0) { $0 + fileSize($1) }, onTerminal: context.stderrIsTerminal) : nil
        // Ctrl-C is trapped while the batch is open: the import stops at the next chunk and rolls back.
        let interrupt = Interrupt()
        let signals = await UnixSignalsSequence(trapping: .sigint)
        let watcher = Task {
            for await _ in signals {
                interrupt.set()
                break
            }
        }
        defer { watcher.cancel() }
        do {
            for path in paths {
                let source: TextSource
                do {
                    source = try TextSource(path: path, encoding: encoding)
                } catch {
                    throw context.usage(language.pick("无法读取文件 '\(path)'。", "Cannot read the file '\(path)'."))
                }
                var validator = ReachRowValidator(index: index, path: path)
                var reader: CSVReader?
                var header = true
                var headerFailed = false
                var buffer: [UInt8] = []
                var finished = false
                var headerText: [UInt8] = []
                var fileRows = 0
                while !finished {
                    if interrupt.isSet { throw ImportAbort.interrupted }
                    // Write the previous chunk on the store's thread while this one is read and checked here.
                    let writing = pending
                    pending = nil
                    async let written = writeRows(writing)
                    let chunk: [UInt8]?
                    do {
                        chunk = try source.next()
                    } catch let failure as TextSource.Failure {
                        throw reportEncoding(failure, path: path)
                    }
                    if let chunk { buffer.append(contentsOf: chunk) } else { finished = true }
                    var parser = reader ?? CSVReader(separator: Self.separator(for: path, start: buffer))
                    var rows: [ReachRow] = []
                    var texts: [Int: [UInt8]] = [:]
                    var issues: [InputIssue] = []
                    var rowCount = 0
                    let consumed: Int
                    do {
                        consumed = try buffer.withUnsafeBufferPointer { bytes in
                            try parser.parse(bytes, isFinal: finished) { record in
                                if header {
                                    header = false
                                    headerText = record.text
                                    let problems = validator.readHeader(record)
                                    headerFailed = problems.hasErrors
                                    issues += problems
                                    return
                                }
                                guard !headerFailed else { return }
                                rowCount += 1
                                let before = issues.count
                                if let row = validator.validate(record, issues: &issues) {
                                    rows.append(row)
                                    if skipInvalid { texts[row.line] = record.text }
                                } else if skipInvalid {
                                    // Every error of the row, so one round of fixes is enough.
                                    let reason = issues[before...].filter { $0.severity == .error }.map { $0.message(language) }
                                        .joined(separator: language == .en ? " " : "")
                                    rejectsWriter(&rejects, path, headerText).add(record.text, reason: reason)
                                }
                            }
                        }
                    } catch CSVReader.Failure.unterminatedQuote(let line) {
                        issues.append(.error(.csvUnterminatedQuote, at: SourceLocation(path: path, line: line)))
                        consumed = buffer.count
                    }
                    reader = parser
                    buffer.removeFirst(consumed)
                    try handle(try await written, of: writing, summary: &summary, rejects: &rejects, later: &laterDuplicates)
                    summary.rows += rowCount
                    fileRows += rowCount
                    summary.errors += issues.errors.count
                    summary.warnings += issues.warnings.count
                    context.report(issues)
                    if headerFailed { throw ImportAbort.badHeader }
                    // In key order the store inserts near where it inserted last (the records' pages stay in
                    // cache); for the same record twice, the earlier line stays first.
                    rows.sort { $0.key != $1.key ? $0.key < $1.key : $0.line < $1.line }
                    for row in rows {
                        rollup.add(Int64(row.count), day: row.day, attribution: row.attribution, segment: row.segmentCode, metric: row.metricCode)
                    }
                    // Months the records have moved past are derived now, keeping memory flat.
                    let finishedMonths = rollup.finishedCellCount > 200_000 ? ReachCuboid.derive(rollup.takeFinishedMonths()) : []
                    pending = Chunk(rows: rows, path: path, header: headerText, texts: texts, rollup: finishedMonths)
                    progress?.update(done: Int(source.bytesRead), rows: summary.rows)
                }
                // An empty or header-only file is refused: an empty batch would look like a successful import.
                if header || fileRows == 0, !headerFailed {
                    summary.errors += 1
                    context.report([.error(.reachNoRows(headerOnly: !header), at: SourceLocation(path: path))])
                    throw ImportAbort.badHeader
                }
                context.report(validator.suppressedWarnings(language))
            }
            var last = pending ?? Chunk(rows: [], path: "", texts: [:])
            last.rollup += ReachCuboid.derive(rollup.takeAll())
            try handle(try await writeRows(last), of: last, summary: &summary, rejects: &rejects, later: &laterDuplicates)
            if interrupt.isSet { throw ImportAbort.interrupted }
            try reportLaterDuplicates(laterDuplicates, paths: paths, index: index, rejects: &rejects)
        } catch {
            progress?.clear()
            _ = try? await store.finishReachBatch(commit: false)
            for (_, writer) in rejects { writer.discard() }
            if case ImportAbort.badHeader = error {
                throw ExitCode(ExitStatus.badData)
            }
            if case ImportAbort.interrupted = error {
                summary.interrupted = true
                return summary
            }
            throw error
        }
        progress?.clear()
        let commit = !dryRun && (summary.errors == 0 || skipInvalid)
        summary.batch = try await context.storeCall { try await store.finishReachBatch(commit: commit) }
        summary.committed = commit
        for (_, writer) in rejects {
            try writer.close()
            summary.rejected += writer.count
            summary.rejectFiles.append(writer.path)
        }
        return summary
    }

    private enum ImportAbort: Error { case badHeader, interrupted }

    private func writeRows(_ chunk: Chunk?) async throws -> ReachWriteOutcome {
        guard let chunk, !chunk.rows.isEmpty || !chunk.rollup.isEmpty else { return ReachWriteOutcome() }
        return try await context.storeCall { try await store.writeReach(chunk.rows, counted: chunk.rollup) }
    }

    /// Reports rows the store turned down (the same record twice in this batch). A row repeating one of an
    /// earlier chunk is kept in `later`, to be reported with that row's line once the files are read.
    private func handle(
        _ outcome: ReachWriteOutcome, of chunk: Chunk?, summary: inout Summary, rejects: inout [String: RejectsWriter],
        later: inout [(path: String, header: [UInt8], line: Int, key: Int64, text: [UInt8])]
    ) throws {
        guard let chunk, !outcome.duplicateLines.isEmpty else { return }
        summary.errors += outcome.duplicateLines.count
        var issues: [InputIssue] = []
        for line in outcome.duplicateLines.sorted() {
            // Up to 10,000 are kept to look up (memory stays bounded when a whole file is repeated).
            if let key = outcome.duplicateKeys[line], later.count < 10_000 {
                later.append((chunk.path, chunk.header, line, key, chunk.texts[line] ?? []))
                continue
            }
            let problem = Problem.reachDuplicateRow(earlierLine: outcome.earlierLines[line])
            issues.append(.error(problem, at: SourceLocation(path: chunk.path, line: line)))
            if skipInvalid {
                rejectsWriter(&rejects, chunk.path, chunk.header).add(chunk.texts[line] ?? [], reason: problem.message(context.language))
            }
        }
        context.report(issues)
    }

    /// Finds the first row of each record repeated across chunks (or files) by reading the files again, up
    /// to the last one with such a row (only when there are such rows, so an import without them reads each
    /// file once), then reports them.
    private func reportLaterDuplicates(
        _ later: [(path: String, header: [UInt8], line: Int, key: Int64, text: [UInt8])], paths: [String],
        index: ReachEventIndex, rejects: inout [String: RejectsWriter]
    ) throws {
        guard !later.isEmpty else { return }
        let wanted = Set(later.map(\.key))
        let position = Dictionary(paths.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let lastFile = later.compactMap { position[$0.path] }.max() ?? 0
        var first: [Int64: (file: Int, line: Int)] = [:]
        for (file, path) in paths.enumerated() where file <= lastFile {
            let source = try TextSource(path: path, encoding: encoding)
            var validator = ReachRowValidator(index: index, path: path)
            var reader: CSVReader?
            var buffer: [UInt8] = []
            var header = true
            var finished = false
            while !finished {
                if let chunk = try source.next() { buffer.append(contentsOf: chunk) } else { finished = true }
                var parser = reader ?? CSVReader(separator: Self.separator(for: path, start: buffer))
                var ignored: [InputIssue] = []
                let consumed = try buffer.withUnsafeBufferPointer { bytes in
                    try parser.parse(bytes, isFinal: finished) { record in
                        if header {
                            header = false
                            _ = validator.readHeader(record)
                            return
                        }
                        ignored.removeAll(keepingCapacity: true)
                        if let row = validator.validate(record, issues: &ignored), wanted.contains(row.key), first[row.key] == nil {
                            first[row.key] = (file, row.line)
                        }
                    }
                }
                reader = parser
                buffer.removeFirst(consumed)
            }
        }
        var issues: [InputIssue] = []
        for duplicate in later {
            let file = position[duplicate.path] ?? 0
            var problem = Problem.reachDuplicateRow(earlierLine: nil)
            if let found = first[duplicate.key], (found.file, found.line) < (file, duplicate.line) {
                problem = .reachDuplicateRow(earlierLine: found.line, earlierFile: found.file == file ? nil : paths[found.file])
            }
            issues.append(.error(problem, at: SourceLocation(path: duplicate.path, line: duplicate.line)))
            if skipInvalid {
                rejectsWriter(&rejects, duplicate.path, duplicate.header).add(duplicate.text, reason: problem.message(context.language))
            }
        }
        context.report(issues)
    }

    private func rejectsWriter(_ writers: inout [String: RejectsWriter], _ path: String, _ header: [UInt8]) -> RejectsWriter {
        if let writer = writers[path] { return writer }
        let writer = RejectsWriter(path: path + ".rejects.csv", header: header, language: context.language)
        writers[path] = writer
        return writer
    }

    private func reportEncoding(_ failure: TextSource.Failure, path: String) -> ExitCode {
        let language = context.language
        let message: String
        switch failure {
        case .notUTF8(let offset):
            message = language.pick(
                "文件 '\(path)' 在第 \(offset) 字节处不是有效的 UTF-8。请另存为 UTF-8，或用 --encoding gb18030 导入。",
                "The file '\(path)' is not valid UTF-8 at byte \(offset). Save it as UTF-8, or import it with --encoding gb18030.")
        case .notGB18030(let offset):
            message = language.pick(
                "文件 '\(path)' 在第 \(offset) 字节处既不是 UTF-8 也不是 GB18030。",
                "The file '\(path)' is neither UTF-8 nor GB18030 at byte \(offset).")
        case .cannotOpen(let name):
            message = language.pick("无法打开 '\(name)'。", "Cannot open '\(name)'.")
        }
        return context.fail(message, code: ExitStatus.badData)
    }

    /// Tab-separated when the file is `.tsv` or its first line has tabs but no commas.
    static func separator(for path: String, start: [UInt8]) -> UInt8 {
        if path.lowercased().hasSuffix(".tsv") { return UInt8(ascii: "\t") }
        let firstLine = start.prefix { $0 != UInt8(ascii: "\n") }
        let tabs = firstLine.filter { $0 == UInt8(ascii: "\t") }.count
        let commas = firstLine.filter { $0 == UInt8(ascii: ",") }.count
        return tabs > commas ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    private func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}

/// Writes rows that were not imported to `FILE.rejects.csv`, as written plus a reason column (UTF-8 with
/// a byte-order mark, so Excel opens it).
final class RejectsWriter {
    let path: String
    private let handle: FileHandle?
    private(set) var count = 0
    private var buffer: [UInt8] = []
    private let separator: UInt8

    init(path: String, header: [UInt8], language: Language) {
        self.path = path
        separator = header.contains(UInt8(ascii: "\t")) && !header.contains(UInt8(ascii: ",")) ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
        buffer = [0xEF, 0xBB, 0xBF] + header + [separator] + Array(language.pick("原因", "reason").utf8) + [0x0D, 0x0A]
    }

    func add(_ text: [UInt8], reason: String) {
        count += 1
        buffer += text
        buffer.append(separator)
        buffer += Array(CSVWriter(separator: Character(UnicodeScalar(separator))).field(reason).utf8)
        buffer += [0x0D, 0x0A]
        if buffer.count > 1 << 20 { flush() }
    }

    private func flush() {
        handle?.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle?.close()
    }

    /// Removes the file: the import it belonged to wrote nothing.
    func discard() {
        buffer.removeAll()
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: path)
    }
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
            eta = language.pick("  预计剩余 \(clock)", "  about \(clock) left")
        }
        let rowsText = groupedThousands(rows), rateText = groupedThousands(rate)
        return language.pick(
            "导入中 \(bar) \(Int(share * 100))%  \(rowsText) 行  \(rateText) 行/秒\(eta)",
            "Importing \(bar) \(Int(share * 100))%  \(rowsText) row\(rows == 1 ? "" : "s")  \(rateText) rows/s\(eta)")
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    func clear() {
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
