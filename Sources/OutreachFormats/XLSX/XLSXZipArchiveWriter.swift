import Foundation

/// Writes a ZIP archive (PKWARE APPNOTE, no ZIP64) entry by entry into memory.
///
/// Each entry is written as local file header + data as soon as it is added; the
/// central directory and end-of-central-directory record are appended by ``finish()``.
/// Names are flagged as UTF-8 (general-purpose bit 11). Entries are DEFLATE-compressed
/// when that makes them smaller and stored otherwise.
struct XLSXZipArchiveWriter: XLSXPartSink {
    /// The ZIP compression method of an entry.
    enum Method: UInt16, Sendable {
        /// Method 0: the bytes as they are.
        case stored = 0
        /// Method 8: raw DEFLATE (RFC 1951).
        case deflated = 8
    }

    /// General-purpose flag bit 11: the name is UTF-8.
    static let utf8NameFlag: UInt16 = 0x0800

    /// The archive bytes written so far.
    private(set) var bytes: [UInt8] = []
    /// The number of entries added so far.
    private(set) var entryCount = 0
    private var centralDirectory: [UInt8] = []
    private let dosTime: UInt16
    private let dosDate: UInt16
    private let compresses: Bool

    /// Creates an empty archive.
    /// - Parameters:
    ///   - modified: The modification time recorded for every entry.
    ///   - compresses: Whether entries may be DEFLATE-compressed; `false` stores all entries.
    init(modified: XLSXUTCDateTime, compresses: Bool = true) {
        self.dosTime = modified.dosTime
        self.dosDate = modified.dosDate
        self.compresses = compresses
    }

    /// Adds a part as an entry; see ``addEntry(name:contents:)``.
    mutating func addPart(path: String, contents: [UInt8]) throws {
        try addEntry(name: path, contents: contents)
    }

    /// Adds one file entry.
    /// - Throws: ``XLSXError/archiveTooLarge(part:)`` when the entry, the archive or the
    ///   entry count would exceed what a classic ZIP can record.
    mutating func addEntry(name: String, contents: [UInt8]) throws {
        let nameBytes = Array(name.utf8)
        guard contents.count <= XLSXLimits.maximumZipSize,
            entryCount < XLSXLimits.maximumZipEntries,
            nameBytes.count <= Int(UInt16.max)
        else {
            throw XLSXError.archiveTooLarge(part: name)
        }
        let crc = XLSXDeflate.crc32(contents)
        var method = Method.stored
        var payload = contents
        if compresses && !contents.isEmpty {
            let deflated = XLSXDeflate.compress(contents)
            if deflated.count < contents.count {
                method = .deflated
                payload = deflated
            }
        }
        let offset = bytes.count
        guard offset + 30 + nameBytes.count + payload.count <= XLSXLimits.maximumZipSize else {
            throw XLSXError.archiveTooLarge(part: name)
        }
        let versionNeeded: UInt16 = method == .deflated ? 20 : 10

        Self.append32(0x0403_4B50, to: &bytes)
        Self.append16(versionNeeded, to: &bytes)
        Self.append16(Self.utf8NameFlag, to: &bytes)
        Self.append16(method.rawValue, to: &bytes)
        Self.append16(dosTime, to: &bytes)
        Self.append16(dosDate, to: &bytes)
        Self.append32(crc, to: &bytes)
        Self.append32(UInt32(payload.count), to: &bytes)
        Self.append32(UInt32(contents.count), to: &bytes)
        Self.append16(UInt16(nameBytes.count), to: &bytes)
        Self.append16(0, to: &bytes)
        bytes.append(contentsOf: nameBytes)
        bytes.append(contentsOf: payload)

        Self.append32(0x0201_4B50, to: &centralDirectory)
        Self.append16(3 << 8 | 20, to: &centralDirectory)  // made by: UNIX, spec 2.0
        Self.append16(versionNeeded, to: &centralDirectory)
        Self.append16(Self.utf8NameFlag, to: &centralDirectory)
        Self.append16(method.rawValue, to: &centralDirectory)
        Self.append16(dosTime, to: &centralDirectory)
        Self.append16(dosDate, to: &centralDirectory)
        Self.append32(crc, to: &centralDirectory)
        Self.append32(UInt32(payload.count), to: &centralDirectory)
        Self.append32(UInt32(contents.count), to: &centralDirectory)
        Self.append16(UInt16(nameBytes.count), to: &centralDirectory)
        Self.append16(0, to: &centralDirectory)  // extra field length
        Self.append16(0, to: &centralDirectory)  // comment length
        Self.append16(0, to: &centralDirectory)  // disk number start
        Self.append16(0, to: &centralDirectory)  // internal attributes
        Self.append32(0o100644 << 16, to: &centralDirectory)  // external attributes: regular file rw-r--r--
        Self.append32(UInt32(offset), to: &centralDirectory)
        centralDirectory.append(contentsOf: nameBytes)
        entryCount += 1
    }

    /// Appends the central directory and the end-of-central-directory record and
    /// returns the complete archive.
    /// - Throws: ``XLSXError/archiveTooLarge(part:)`` when the archive exceeds 4 GiB.
    func finish() throws -> Data {
        let directoryOffset = bytes.count
        guard directoryOffset + centralDirectory.count + 22 <= XLSXLimits.maximumZipSize else {
            throw XLSXError.archiveTooLarge(part: "central directory")
        }
        var archive = bytes
        archive.reserveCapacity(bytes.count + centralDirectory.count + 22)
        archive.append(contentsOf: centralDirectory)
        Self.append32(0x0605_4B50, to: &archive)
        Self.append16(0, to: &archive)  // this disk
        Self.append16(0, to: &archive)  // disk with the central directory
        Self.append16(UInt16(entryCount), to: &archive)
        Self.append16(UInt16(entryCount), to: &archive)
        Self.append32(UInt32(centralDirectory.count), to: &archive)
        Self.append32(UInt32(directoryOffset), to: &archive)
        Self.append16(0, to: &archive)  // comment length
        return Data(archive)
    }

    private static func append16(_ value: UInt16, to buffer: inout [UInt8]) {
        buffer.append(UInt8(truncatingIfNeeded: value))
        buffer.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private static func append32(_ value: UInt32, to buffer: inout [UInt8]) {
        buffer.append(UInt8(truncatingIfNeeded: value))
        buffer.append(UInt8(truncatingIfNeeded: value >> 8))
        buffer.append(UInt8(truncatingIfNeeded: value >> 16))
        buffer.append(UInt8(truncatingIfNeeded: value >> 24))
    }
}
