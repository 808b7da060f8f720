import Foundation
import OutreachCore
import OutreachFormats

/// What a reach import tells its front end as it goes, and asks of it: the front end renders issues and
/// progress, and says when the user has asked to stop (Ctrl-C on the command line).
public protocol ReachImportObserver: AnyObject {
    /// The batch is open: from now until the import returns, an interruption rolls it back.
    func batchOpened() async
    /// Checked before each chunk: true stops the import, which then writes nothing.
    var isInterrupted: Bool { get }
    /// Issues found, in file order (errors and warnings).
    func report(_ issues: [InputIssue])
    /// After each chunk: bytes read of the current file, rows read in all.
    func progress(bytesRead: Int, rows: Int)
    /// The import is over (committed, rolled back or failed): progress is no longer shown.
    func finished()
}

/// Imports reach files (`outreach reach import`): reads each file in chunks (any size, flat memory), checks
/// every row, and writes the good ones in one unit of work while the next chunk is being read. The rollup
/// is counted here, beside the parsing, and corrected by the store for rows that turn out not to be new.
/// With `skipInvalid`, rows not imported go to `FILE.rejects.csv` with the reason.
public struct ReachImport: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData
    /// The language of the reasons written to rejects files.
    public let language: Language
    public var skipInvalid = false
    public var dryRun = false
    public var encoding: TextFileReader.Encoding?
    public var recordedBy: String?
    /// The field separator of every file (`,` or a tab); nil to go by the file's name and first line.
    public var separator: UInt8?
    /// The files as the batch lists them; nil for the paths read (standard input read into a temporary file is `-`).
    public var batchFiles: String?
    /// The branch subtree the rows must belong to (nil: every branch). A row of any other event — another
    /// branch's or an unknown one, the same answer — is a bad row, placed like any other; see ``limit(to:)``.
    public var scope: Branch.ID?

    /// Limits the import to what the user may log: branch staff their own branch subtree, other roles every branch.
    public mutating func limit(to user: User) {
        scope = user.role == .branchStaff ? (user.branch ?? Branch.ID("")) : nil
    }

    public init(store: any OutreachStore, reference: ReferenceData, language: Language) {
        self.store = store
        self.reference = reference
        self.language = language
    }

    public struct Summary: Sendable {
        public var rows = 0
        public var errors = 0
        public var warnings = 0
        public var rejected = 0
        public var rejectFiles: [String] = []
        public var batch: ReachBatch?
        public var committed = false
        /// Stopped (Ctrl-C) before the commit: nothing was written.
        public var interrupted = false
    }

    /// Why an import stopped without a summary; nothing was written.
    public enum Failure: Error, Equatable {
        /// A file could not be opened.
        case cannotRead(path: String)
        /// A file is not in the encoding it was read as.
        case encoding(TextFileReader.Failure, path: String)
        /// A file's header is wrong, or it has no rows: the issues were reported.
        case badFile
    }

    /// One chunk's checked rows, with what is needed to write rejects for rows the store turns down.
    private struct Chunk: Sendable {
        var rows: [ReachRow]
        var path: String
        /// The worksheet the rows come from (an .xlsx file), to place rows turned down by cell.
        var sheet: String?
        /// The file's header as written, for its rejects file.
        var header: [UInt8] = []
        /// Raw text of each row by line, kept only with --skip-invalid.
        var texts: [Int: [UInt8]]
        /// Rollup changes ready to merge: every row read so far counted as new, for months now behind.
        var rollup: [ReachCuboidMonth] = []
        /// The chunk's issues, reported with the rows the store turns down once it has written them, so that
        /// they come in line order.
        var issues: [InputIssue] = []
    }

    /// Imports the files as one batch.
    ///
    /// - Throws: `Failure`, or a store error; either way nothing was written.
    public func run(paths: [String], at now: Date, observer: some ReachImportObserver) async throws -> Summary {
        var summary = Summary()
        let language = language
        async let codesRead = store.reachCodes()
        async let keysRead = store.eventKeys()
        async let campaignsRead = store.campaignIDs()
        var scopeName: (name: BilingualName, id: String)?
        if let scope {
            scopeName = (reference.branch(scope)?.names ?? BilingualName(zh: scope.rawValue), scope.rawValue)
        }
        let index = try await eventIndex(
            campaigns: try await campaignsRead,
            builder: ReachEventIndex.Builder(keys: try await keysRead, reference: reference, codes: try await codesRead))

        var pending: Chunk?
        // The rollup is built here, beside the parsing, while the store's thread writes records; the store
        // corrects it for rows that turn out not to be new.
        var rollup = ReachCubeDelta()
        var rejects: [String: RejectsWriter] = [:]
        // Rows repeating a row of an earlier chunk: the earlier line is found once the files are read.
        var laterDuplicates: [(path: String, header: [UInt8], line: Int, key: Int64, text: [UInt8])] = []
        // The first sheet of each .xlsx file, read whole (kept to look for repeated rows again at the end).
        var workbooks: [String: XLSXSheetContent] = [:]
        var commit = false
        // Set once the body has returned: a failure after it (at the commit) is the store's, and reported as is.
        var bodyReturned = false
        do {
            let written = try await store.writeReachBatch(
                source: .import, file: batchFiles ?? paths.joined(separator: ", "), recordedBy: recordedBy, at: now
            ) { writer in
                // An interruption while the batch is open stops the import at the next chunk and rolls back.
                await observer.batchOpened()
                for path in paths {
                    let workbook: XLSXSheetContent?
                    do {
                        workbook = try Self.readWorkbook(path)
                    } catch let error as XLSXReadError {
                        summary.errors += 1
                        observer.report([.error(.workbookUnreadable(error), at: SourceLocation(path: path))])
                        throw ImportAbort.badHeader
                    }
                    var source: TextFileReader?
                    if let workbook {
                        workbooks[path] = workbook
                    } else {
                        do {
                            source = try TextFileReader(path: path, encoding: encoding)
                        } catch {
                            throw Failure.cannotRead(path: path)
                        }
                    }
                    var sheetRow = 0
                    var validator = ReachRowValidator(index: index, path: path, sheet: workbook?.name)
                    validator.scope = scopeName
                    var reader: CSVReader?
                    var header = true
                    var headerFailed = false
                    var buffer: [UInt8] = []
                    var finished = false
                    var headerText: [UInt8] = []
                    var fileRows = 0
                    while !finished {
                        if observer.isInterrupted { throw ImportAbort.interrupted }
                        // Write the previous chunk on the store's thread while this one is read and checked here.
                        let writing = pending
                        pending = nil
                        async let written = writeRows(writing, to: writer)
                        var rows: [ReachRow] = []
                        var texts: [Int: [UInt8]] = [:]
                        var issues: [InputIssue] = []
                        var rowCount = 0
                        // One row (a CSV record, or a sheet's row made into one), checked by the same validator.
                        func take(_ record: CSVRecord) {
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
                                rejectsWriter(&rejects, path, headerText).add(record.text, line: record.line, reason: reason)
                            }
                        }
                        if let workbook {
                            // A sheet is read whole; its rows go to the store in chunks all the same.
                            let end = min(sheetRow + Self.sheetRowsPerChunk, workbook.rows.count)
                            for row in workbook.rows[sheetRow..<end] {
                                let fields = Self.fields(of: row, in: workbook, dateColumn: header ? nil : validator.columns[.date], header: header)
                                CSVRecord.withRecord(fields: fields, line: row.number) { record in
                                    if !record.isBlankRow { take(record) }
                                }
                            }
                            sheetRow = end
                            finished = end == workbook.rows.count
                        } else if let source {
                            let chunk: [UInt8]?
                            do {
                                chunk = try source.next()
                            } catch let failure as TextFileReader.Failure {
                                throw Failure.encoding(failure, path: path)
                            }
                            if let chunk { buffer.append(contentsOf: chunk) } else { finished = true }
                            var parser = reader ?? CSVReader(separator: separator ?? Self.separator(for: path, start: buffer))
                            let consumed: Int
                            do {
                                consumed = try buffer.withUnsafeBufferPointer { bytes in
                                    try parser.parse(bytes, isFinal: finished) { record in take(record) }
                                }
                            } catch CSVReader.Failure.unterminatedQuote(let line) {
                                issues.append(.error(.csvUnterminatedQuote, at: SourceLocation(path: path, line: line)))
                                consumed = buffer.count
                            }
                            reader = parser
                            buffer.removeFirst(consumed)
                        }
                        // Sorted and counted while the store may still be writing the previous chunk. In key order
                        // the store inserts near where it inserted last (the records' pages stay in cache); for the
                        // same record twice, the earlier line stays first.
                        rows.sort { $0.key != $1.key ? $0.key < $1.key : $0.line < $1.line }
                        for row in rows {
                            rollup.add(Int64(row.count), day: row.day, attribution: row.attribution, segment: row.segmentCode, metric: row.metricCode)
                        }
                        try handle(try await written, of: writing, summary: &summary, rejects: &rejects, later: &laterDuplicates, observer: observer)
                        // Once the changes pass a fixed number of cells they are derived and handed to the store, the
                        // month being read included (merging is additive): memory stays flat however many records a
                        // month holds. Derived only once the previous chunk is written, which may hold the fold before.
                        let folded = rollup.cellCount > ReachCubeDelta.heldCells ? ReachCuboid.derive(rollup.takeAll()) : []
                        summary.rows += rowCount
                        fileRows += rowCount
                        summary.errors += issues.errors.count
                        summary.warnings += issues.warnings.count
                        if headerFailed {
                            observer.report(issues)
                            throw ImportAbort.badHeader
                        }
                        pending = Chunk(
                            rows: rows, path: path, sheet: workbook?.name, header: headerText, texts: texts, rollup: folded, issues: issues)
                        let read = workbook.map { Int(Double($0.fileSize) * Double(sheetRow) / Double(max($0.rows.count, 1))) }
                        observer.progress(bytesRead: read ?? Int(source?.bytesRead ?? 0), rows: summary.rows)
                    }
                    // An empty or header-only file is refused: an empty batch would look like a successful import.
                    if header || fileRows == 0, !headerFailed {
                        summary.errors += 1
                        observer.report([.error(.reachNoRows(headerOnly: !header), at: SourceLocation(path: path))])
                        throw ImportAbort.badHeader
                    }
                    // After the file's last issues, which wait in the chunk still to be written.
                    if pending != nil {
                        pending?.issues += validator.suppressedWarnings(language)
                    } else {
                        observer.report(validator.suppressedWarnings(language))
                    }
                }
                var last = pending ?? Chunk(rows: [], path: "", texts: [:])
                last.rollup += ReachCuboid.derive(rollup.takeAll())
                try handle(
                    try await writeRows(last, to: writer), of: last, summary: &summary, rejects: &rejects, later: &laterDuplicates, observer: observer)
                if observer.isInterrupted { throw ImportAbort.interrupted }
                try reportLaterDuplicates(
                    laterDuplicates, paths: paths, workbooks: workbooks, index: index, rejects: &rejects, observer: observer)
                observer.finished()
                commit = !dryRun && (summary.errors == 0 || skipInvalid)
                bodyReturned = true
                return ((), commit)
            }
            summary.batch = written.batch
        } catch {
            if bodyReturned { throw error }
            observer.finished()
            for (_, writer) in rejects { writer.discard() }
            if case ImportAbort.badHeader = error {
                throw Failure.badFile
            }
            if case ImportAbort.interrupted = error {
                summary.interrupted = true
                return summary
            }
            throw error
        }
        summary.committed = commit
        for (_, writer) in rejects {
            try writer.close()
            summary.rejected += writer.count
            summary.rejectFiles.append(writer.path)
        }
        return summary
    }

    private enum ImportAbort: Error { case badHeader, interrupted }

    private func writeRows(_ chunk: Chunk?, to writer: any ReachBatchWriter) async throws -> ReachWriteOutcome {
        guard let chunk, !chunk.rows.isEmpty || !chunk.rollup.isEmpty else { return ReachWriteOutcome() }
        return try await writer.write(chunk.rows, counted: chunk.rollup)
    }

    /// Reports rows the store turned down (the same record twice in this batch). A row repeating one of an
    /// earlier chunk is kept in `later`, to be reported with that row's line once the files are read.
    private func handle(
        _ outcome: ReachWriteOutcome, of chunk: Chunk?, summary: inout Summary, rejects: inout [String: RejectsWriter],
        later: inout [(path: String, header: [UInt8], line: Int, key: Int64, text: [UInt8])], observer: some ReachImportObserver
    ) throws {
        guard let chunk else { return }
        var issues: [InputIssue] = []
        defer {
            // The chunk's own issues and the rows turned down, by line (stable: a row's issues keep their order).
            let merged = (chunk.issues + issues).enumerated().sorted {
                ($0.element.location?.line ?? Int.max, $0.offset) < ($1.element.location?.line ?? Int.max, $1.offset)
            }
            observer.report(merged.map(\.element))
        }
        guard !outcome.duplicateLines.isEmpty else { return }
        summary.errors += outcome.duplicateLines.count
        for line in outcome.duplicateLines.sorted() {
            // Up to 10,000 are kept to look up (memory stays bounded when a whole file is repeated).
            if let key = outcome.duplicateKeys[line], later.count < 10_000 {
                later.append((chunk.path, chunk.header, line, key, chunk.texts[line] ?? []))
                continue
            }
            let problem = Diagnostic.reachDuplicateRow(earlierLine: outcome.earlierLines[line], onSheet: chunk.sheet != nil)
            issues.append(.error(problem, at: SourceLocation(path: chunk.path, line: line, sheet: chunk.sheet)))
            if skipInvalid {
                rejectsWriter(&rejects, chunk.path, chunk.header).add(chunk.texts[line] ?? [], line: line, reason: problem.message(language))
            }
        }
    }

    /// How many campaigns' events are being read at once while the index is built.
    static let campaignsReadAhead = 4

    /// The index of the stored events (of the scope's branches), read a campaign at a time and kept as the index's
    /// plain values: the whole set of stored events (100,000 are about 100 MiB as values) is never in memory at once.
    /// A few campaigns are read ahead while the index takes in the one before, so a store across the network reads
    /// while this adds; campaigns are added in the order listed, whichever arrives first.
    private func eventIndex(campaigns: [Campaign.ID], builder: ReachEventIndex.Builder) async throws -> ReachEventIndex {
        var builder = builder
        let store = store
        try await withThrowingTaskGroup(of: (Int, [StoredEvent]).self) { group in
            var requested = 0
            func request() {
                let position = requested, campaign = campaigns[position]
                group.addTask { (position, try await store.events(matching: EventQuery(campaign: campaign, ordered: false))) }
                requested += 1
            }
            while requested < min(Self.campaignsReadAhead, campaigns.count) { request() }
            var arrived: [Int: [StoredEvent]] = [:]
            var added = 0
            while let (position, events) = try await group.next() {
                arrived[position] = events
                while var events = arrived.removeValue(forKey: added) {
                    if let scope {
                        let reference = reference
                        events = events.filter { reference.isWithin($0.event.branch, scope) }
                    }
                    builder.add(events)
                    added += 1
                    if requested < campaigns.count { request() }
                }
            }
        }
        return builder.index
    }

    /// Finds the first row of each record repeated across chunks (or files) by reading the files again, up
    /// to the last one with such a row (only when there are such rows, so an import without them reads each
    /// file once), then reports them.
    private func reportLaterDuplicates(
        _ later: [(path: String, header: [UInt8], line: Int, key: Int64, text: [UInt8])], paths: [String],
        workbooks: [String: XLSXSheetContent], index: ReachEventIndex, rejects: inout [String: RejectsWriter], observer: some ReachImportObserver
    ) throws {
        guard !later.isEmpty else { return }
        let wanted = Set(later.map(\.key))
        let position = Dictionary(paths.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let lastFile = later.compactMap { position[$0.path] }.max() ?? 0
        var first: [Int64: (file: Int, line: Int)] = [:]
        for (file, path) in paths.enumerated() where file <= lastFile {
            var validator = ReachRowValidator(index: index, path: path, sheet: workbooks[path]?.name)
            if let workbook = workbooks[path] {
                var header = true
                var ignored: [InputIssue] = []
                for row in workbook.rows {
                    let fields = Self.fields(of: row, in: workbook, dateColumn: header ? nil : validator.columns[.date], header: header)
                    CSVRecord.withRecord(fields: fields, line: row.number) { record in
                        guard !record.isBlankRow else { return }
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
                continue
            }
            let source = try TextFileReader(path: path, encoding: encoding)
            var reader: CSVReader?
            var buffer: [UInt8] = []
            var header = true
            var finished = false
            while !finished {
                if let chunk = try source.next() { buffer.append(contentsOf: chunk) } else { finished = true }
                var parser = reader ?? CSVReader(separator: separator ?? Self.separator(for: path, start: buffer))
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
            var problem = Diagnostic.reachDuplicateRow(earlierLine: nil)
            if let found = first[duplicate.key], (found.file, found.line) < (file, duplicate.line) {
                problem = .reachDuplicateRow(
                    earlierLine: found.line, earlierFile: found.file == file ? nil : paths[found.file],
                    onSheet: found.file == file && workbooks[duplicate.path] != nil)
            }
            issues.append(.error(problem, at: SourceLocation(path: duplicate.path, line: duplicate.line, sheet: workbooks[duplicate.path]?.name)))
            if skipInvalid {
                rejectsWriter(&rejects, duplicate.path, duplicate.header).add(duplicate.text, line: duplicate.line, reason: problem.message(language))
            }
        }
        observer.report(issues)
    }

    private func rejectsWriter(_ writers: inout [String: RejectsWriter], _ path: String, _ header: [UInt8]) -> RejectsWriter {
        if let writer = writers[path] { return writer }
        let writer = RejectsWriter(path: path + ".rejects.csv", header: header, language: language)
        writers[path] = writer
        return writer
    }

    /// Rows of a sheet handed to the store at a time.
    static let sheetRowsPerChunk = 20_000

    /// The first sheet of an .xlsx file: chosen by the content (a ZIP archive; an old binary .xls is refused
    /// with its own message), or by the name `.xlsx`; nil for a text file.
    ///
    /// - Throws: `XLSXReadError` for a workbook that cannot be read; `Failure.cannotRead`.
    static func readWorkbook(_ path: String) throws -> XLSXSheetContent? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.cannotRead(path: path) }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 8)) ?? Data()
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        guard XLSXReader.isZip(start) || start.starts(with: ole) || path.lowercased().hasSuffix(".xlsx") else { return nil }
        if start.starts(with: ole) { throw XLSXReadError.notZip(looksLikeXLS: true) }
        let limits = XLSXReadLimits()
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        // The archive is read whole: refused beyond what its parts may hold together.
        guard size <= limits.maximumUncompressedBytes else {
            throw XLSXReadError.tooLarge(part: (path as NSString).lastPathComponent, limit: limits.maximumUncompressedBytes)
        }
        try? handle.seek(toOffset: 0)
        guard let data = try? handle.readToEnd() else { throw Failure.cannotRead(path: path) }
        var sheet = try XLSXReader.readFirstSheet([UInt8](data), limits: limits)
        sheet.fileSize = data.count
        return sheet
    }

    /// A sheet's row as the fields of a record, column A first: numbers in the date column (what Excel stores
    /// when a user types 2026-12-05) read as dates whatever their style; every other cell as its text.
    /// A row holds at most 64 fields past the header's (enough to say it has too many).
    public static func fields(of row: XLSXRow, in sheet: XLSXSheetContent, dateColumn: Int?, header: Bool) -> [String] {
        guard let last = row.cells.last else { return [] }
        let width = header ? last.column + 1 : min(last.column + 1, sheet.headerWidth + 64)
        var fields = [String](repeating: "", count: width)
        for cell in row.cells where cell.column < width {
            if cell.column == dateColumn, case .number(let value, let written, _) = cell.value {
                fields[cell.column] = XLSXSerialDate.text(serial: value, date1904: sheet.date1904) ?? XLSXValue.numberText(value, written: written)
            } else {
                fields[cell.column] = cell.value.text(date1904: sheet.date1904)
            }
        }
        return fields
    }

    /// Tab-separated when the file is `.tsv` or its first line has tabs but no commas.
    static func separator(for path: String, start: [UInt8]) -> UInt8 {
        if path.lowercased().hasSuffix(".tsv") { return UInt8(ascii: "\t") }
        let firstLine = start.prefix { $0 != UInt8(ascii: "\n") }
        let tabs = firstLine.filter { $0 == UInt8(ascii: "\t") }.count
        let commas = firstLine.filter { $0 == UInt8(ascii: ",") }.count
        return tabs > commas ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

}

/// Writes rows that were not imported to `FILE.rejects.csv`: as written, then the line they were on in the
/// file and the reason (every error of the row), in line order (UTF-8 with a byte-order mark, so Excel opens it).
/// The rows are kept until the import ends: a row repeating an earlier chunk's is found after later rows.
final class RejectsWriter {
    let path: String
    private let header: [UInt8]
    private let separator: UInt8
    private var rows: [(line: Int, bytes: [UInt8])] = []

    var count: Int { rows.count }

    init(path: String, header: [UInt8], language: Language) {
        self.path = path
        separator = header.contains(UInt8(ascii: "\t")) && !header.contains(UInt8(ascii: ",")) ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        self.header = [0xEF, 0xBB, 0xBF] + header + [separator] + Array(ReachImportMessages.rejectsLineHeader.text(language).utf8) + [separator]
            + Array(ReachImportMessages.rejectsReasonHeader.text(language).utf8) + [0x0D, 0x0A]
    }

    func add(_ text: [UInt8], line: Int, reason: String) {
        var bytes = text
        bytes.append(separator)
        bytes += Array(String(line).utf8)
        bytes.append(separator)
        bytes += Array(CSVWriter(separator: Character(UnicodeScalar(separator))).field(reason).utf8)
        bytes += [0x0D, 0x0A]
        rows.append((line, bytes))
    }

    func close() throws {
        var out = header
        // Stable: two reasons for one line stay in the order they were found.
        for row in rows.enumerated().sorted(by: { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }) {
            out += row.element.bytes
        }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    /// Writes nothing, and removes an earlier run's file: the import it belonged to wrote nothing.
    func discard() {
        rows.removeAll()
        try? FileManager.default.removeItem(atPath: path)
    }
}
