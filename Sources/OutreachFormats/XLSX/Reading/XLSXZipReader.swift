import CZlib

/// Reads entries of a ZIP archive (PKWARE APPNOTE) held in memory: the central directory, then each entry
/// inflated (stored or raw DEFLATE, from the system zlib) with its size and CRC-32 checked, within limits.
struct XLSXZipReader {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let limits: XLSXReadLimits
    private(set) var entries: [String: Entry] = [:]
    /// Bytes inflated so far, against `limits.maximumUncompressedBytes`.
    private(set) var inflated = 0

    init(bytes: [UInt8], limits: XLSXReadLimits) throws(XLSXReadError) {
        self.bytes = bytes
        self.limits = limits
        let count = bytes.count
        // The end-of-central-directory record: 22 bytes, then up to 65,535 bytes of comment.
        guard count >= 22 else {
            // The start of a ZIP archive and no more: a copy cut short.
            if XLSXReader.isZip(bytes) { throw .corruptArchive(truncated: true, part: nil) }
            throw Self.notZip(bytes)
        }
        var eocd = -1
        var i = count - 22
        let lowest = max(0, count - 22 - 0xFFFF)
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else {
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                throw .corruptArchive(truncated: true, part: nil)
            }
            throw Self.notZip(bytes)
        }
        let total = Int(u16(eocd + 10))
        let directorySize = Int(u32(eocd + 12))
        let directoryOffset = Int(u32(eocd + 16))
        if total == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            throw .unsupportedEntry(part: "archive", feature: "ZIP64")
        }
        guard total <= limits.maximumEntries else { throw .tooManyEntries(count: total, limit: limits.maximumEntries) }
        guard directoryOffset <= eocd, directorySize <= eocd - directoryOffset else {
            throw .corruptArchive(truncated: false, part: nil)
        }
        var p = directoryOffset
        for _ in 0..<total {
            guard p + 46 <= eocd, u32(p) == 0x0201_4B50 else {
                throw .corruptArchive(truncated: false, part: nil)
            }
            let nameLength = Int(u16(p + 28)), extraLength = Int(u16(p + 30)), commentLength = Int(u16(p + 32))
            guard p + 46 + nameLength + extraLength + commentLength <= eocd else {
                throw .corruptArchive(truncated: false, part: nil)
            }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(
                name: name, flags: u16(p + 8), method: u16(p + 10), crc: u32(p + 16), compressedSize: Int(u32(p + 20)),
                size: Int(u32(p + 24)), localHeaderOffset: Int(u32(p + 42)))
            if entries[name] == nil { entries[name] = entry }
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    private static func notZip(_ bytes: [UInt8]) -> XLSXReadError {
        .notZip(looksLikeXLS: bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
    }

    private func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
    private func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }

    func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The entry's bytes, inflated and checked; nil when there is no such entry.
    mutating func read(_ name: String) throws(XLSXReadError) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        if entry.flags & 1 != 0 { throw .unsupportedEntry(part: name, feature: "encryption") }
        if entry.size == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF {
            throw .unsupportedEntry(part: name, feature: "ZIP64")
        }
        let h = entry.localHeaderOffset
        guard h + 30 <= bytes.count, u32(h) == 0x0403_4B50 else {
            throw .corruptArchive(truncated: false, part: name)
        }
        let start = h + 30 + Int(u16(h + 26)) + Int(u16(h + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw .corruptArchive(truncated: true, part: name)
        }
        let budget = limits.maximumUncompressedBytes - inflated
        // A part may not claim, or inflate to, more than what is left of the total, nor (above 1 MiB) more
        // than the ratio allows.
        let ratioCap = max(1 << 20, entry.compressedSize.multipliedReportingOverflow(by: limits.maximumCompressionRatio).partialValue)
        let cap = min(budget, ratioCap)
        guard entry.size <= cap else { throw .tooLarge(part: name, limit: min(limits.maximumUncompressedBytes, ratioCap)) }
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw .corruptEntry(part: name) }
            output = Array(bytes[start..<(start + entry.size)])
        case 8:
            output = try inflate(name, from: start, count: entry.compressedSize, size: entry.size)
        default:
            throw .unsupportedEntry(part: name, feature: "compression method \(entry.method)")
        }
        guard Self.crc32(output) == entry.crc else { throw .corruptEntry(part: name) }
        inflated += output.count
        return output
    }

    /// Inflates raw DEFLATE into exactly `size` bytes: stops as soon as the data would give more.
    private func inflate(_ name: String, from start: Int, count: Int, size: Int) throws(XLSXReadError) -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init_raw(&stream) == Z_OK else { throw .corruptEntry(part: name) }
        defer { inflateEnd(&stream) }
        // One byte more than expected: getting it means the entry holds more than it says.
        var output = [UInt8](repeating: 0, count: size + 1)
        let status: Int32 = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + start)
                stream.avail_in = uInt(count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            if Int(stream.total_out) > size { throw .tooLarge(part: name, limit: size) }
            throw .corruptEntry(part: name)
        }
        output.removeLast()
        return output
    }

    static func crc32(_ input: [UInt8]) -> UInt32 { XLSXDeflate.crc32(input) }
}
