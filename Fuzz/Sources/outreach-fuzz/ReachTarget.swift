import Foundation
import OutreachApp
import OutreachCore
import OutreachFormats

/// A reach file as `outreach reach import` reads it: encoding detection (UTF-8 with or without a BOM,
/// GB18030), CSV or TSV, then row validation against the shipped campaigns' events.
/// Invariants: an encoding failure points inside the file; reading in two buffers gives the same records as
/// reading in one; every message is bilingual and placed in the file; an accepted row has a count ≥ 0.
enum ReachTarget {
    static let path = FileManager.default.temporaryDirectory.path + "/outreach-fuzz-\(getpid()).csv"

    /// The file every input is written into, opened once (a new file per input, written atomically, cost
    /// an fsync and a rename each time). It is removed when the fuzzer exits.
    static let file: Int32 = {
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        require(descriptor >= 0, "cannot create \(path)")
        atexit { unlink(ReachTarget.path) }
        return descriptor
    }()

    /// Replaces the file's contents with the input: written over the old ones, then cut to its length (cutting
    /// to nothing first would make ext4 write the file out at each input).
    static func write(_ bytes: [UInt8]) -> Bool {
        let written = bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = pwrite(file, buffer.baseAddress! + done, buffer.count - done, off_t(done))
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        return written && ftruncate(file, off_t(bytes.count)) == 0
    }

    static func run(_ bytes: [UInt8]) {
        require(write(bytes), "cannot write \(path)")
        var text: [UInt8] = []
        do {
            let source = try TextFileReader(path: path, encoding: nil)
            while let chunk = try source.next() { text += chunk }
        } catch TextFileReader.Failure.notUTF8(let offset), TextFileReader.Failure.notGB18030(let offset) {
            require((0..<max(bytes.count, 1)).contains(offset), "an encoding error at \(offset) in \(bytes.count) bytes")
            return
        } catch {
            require(false, "an unexpected failure: \(error)")
        }

        let tabs = text.prefix { $0 != UInt8(ascii: "\n") }.filter { $0 == UInt8(ascii: "\t") }.count
        let commas = text.prefix { $0 != UInt8(ascii: "\n") }.filter { $0 == UInt8(ascii: ",") }.count
        let separator = tabs > commas ? UInt8(ascii: "\t") : UInt8(ascii: ",")

        let whole = records(text, separator: separator, split: nil)
        let split = records(text, separator: separator, split: text.count / 2)
        require(whole == split, "records differ when read in two buffers")

        var validator = ReachRowValidator(index: Shipped.reachIndex, path: path)
        var issues: [InputIssue] = []
        var header = true
        var headerFailed = false
        var reader = CSVReader(separator: separator)
        do {
            _ = try text.withUnsafeBufferPointer { buffer in
                try reader.parse(buffer, isFinal: true) { record in
                    if header {
                        header = false
                        let problems = validator.readHeader(record)
                        headerFailed = problems.hasErrors
                        issues += problems
                        return
                    }
                    guard !headerFailed else { return }
                    if let row = validator.validate(record, issues: &issues) {
                        require(row.count >= 0, "a row accepted with count \(row.count)")
                        require(row.line == record.line, "a row placed on line \(row.line), read on \(record.line)")
                    }
                }
            }
        } catch {
            require(error as? CSVReader.Failure != nil, "an unexpected failure: \(error)")
        }
        checkMessages(issues + validator.suppressedWarnings(.zh), path: path)
    }

    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// The records, read in one buffer or in two (the second starting at `split`), as an import does.
    static func records(_ text: [UInt8], separator: UInt8, split: Int?) -> [Record]? {
        var reader = CSVReader(separator: separator)
        var out: [Record] = []
        var buffer = split.map { Array(text[..<$0]) } ?? text
        do {
            if let split {
                let used = try buffer.withUnsafeBufferPointer { bytes in
                    try reader.parse(bytes, isFinal: false) { out.append(Record(line: $0.line, fields: $0.strings)) }
                }
                buffer.removeFirst(used)
                buffer += text[split...]
            }
            _ = try buffer.withUnsafeBufferPointer { bytes in
                try reader.parse(bytes, isFinal: true) { out.append(Record(line: $0.line, fields: $0.strings)) }
            }
        } catch {
            return nil
        }
        return out
    }
}
