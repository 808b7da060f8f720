import Foundation
import OutreachCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a text file in chunks as UTF-8 bytes, whatever it was saved as: UTF-8 with or without a
/// byte-order mark, or GB18030/GBK (what Excel and WPS save on Chinese desktops), converted with iconv.
/// Memory stays flat for any file size.
public final class TextFileReader {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8", gb18030 = "GB18030"
    }

    public enum Failure: Error, Equatable, Sendable {
        case cannotOpen(String)
        case notUTF8(byteOffset: Int)
        case notGB18030(byteOffset: Int)
    }

    public let path: String
    public let size: Int
    private let handle: FileHandle
    public private(set) var encoding: Encoding?
    private var converter: iconv_t?
    private var pendingRaw: [UInt8] = []
    public private(set) var bytesRead = 0
    private var started = false
    /// 1 MiB: large enough that the per-chunk hand-offs cost nothing measurable, small enough that the chunks in
    /// flight (bytes, rows being checked, rows being written) stay a few MiB.
    public static let chunkSize = 1 << 20

    public init(path: String, encoding: Encoding?) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.cannotOpen(path) }
        self.path = path
        self.handle = handle
        self.encoding = encoding
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    deinit {
        if let converter { iconv_close(converter) }
        try? handle.close()
    }

    /// The next chunk of UTF-8 bytes, or nil at the end of the file.
    public func next() throws -> [UInt8]? {
        let data = handle.readData(ofLength: Self.chunkSize)
        var raw = pendingRaw
        pendingRaw.removeAll()
        raw.append(contentsOf: data)
        let atEnd = data.isEmpty
        guard !raw.isEmpty else { return nil }
        if !started {
            started = true
            if raw.starts(with: [0xEF, 0xBB, 0xBF]) {
                raw.removeFirst(3)
                bytesRead += 3
                if encoding == nil { encoding = .utf8 }
            }
            if encoding == nil { encoding = Self.looksLikeUTF8(raw, atEnd: atEnd) ? .utf8 : .gb18030 }
        }
        switch encoding ?? .utf8 {
        case .utf8:
            // Keep an incomplete character at the end for the next chunk.
            let cut = atEnd ? raw.count : Self.completeUTF8Prefix(raw)
            pendingRaw = Array(raw[cut...])
            let chunk = Array(raw[..<cut])
            if String(validating: chunk, as: UTF8.self) == nil {
                let offset = chunk.withUnsafeBufferPointer { Self.firstInvalid($0) }
                throw Failure.notUTF8(byteOffset: bytesRead + offset)
            }
            bytesRead += chunk.count
            return chunk
        case .gb18030:
            return try convert(raw, atEnd: atEnd)
        }
    }

    private func convert(_ raw: [UInt8], atEnd: Bool) throws -> [UInt8] {
        if converter == nil {
            let made = iconv_open("UTF-8", "GB18030")
            guard made != iconv_t(bitPattern: -1) else { throw Failure.cannotOpen("iconv GB18030") }
            converter = made
        }
        var input = raw.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: raw.count * 2 + 16)
        var consumed = 0, produced = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                consumed = inBuffer.count - inLeft
                produced = outBuffer.count - outLeft
            }
        }
        // iconv stops at an incomplete sequence (more bytes follow) or an invalid one.
        let rest = Array(raw[consumed...])
        if !rest.isEmpty {
            if atEnd || rest.count > 4 { throw Failure.notGB18030(byteOffset: bytesRead + consumed) }
            pendingRaw = rest
        }
        bytesRead += consumed
        return output[..<produced].map { UInt8(bitPattern: $0) }
    }

    /// Whether the start of a file reads as UTF-8 (an incomplete last character is fine).
    static func looksLikeUTF8(_ bytes: [UInt8], atEnd: Bool) -> Bool {
        let cut = atEnd ? bytes.count : completeUTF8Prefix(bytes)
        return String(validating: bytes[..<cut], as: UTF8.self) != nil
    }

    /// The length of the longest prefix that does not end inside a multi-byte character.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        var back = 0
        while i > 0, back < 4 {
            let b = bytes[i - 1]
            if b & 0xC0 != 0x80 {
                let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                return back + 1 >= length ? bytes.count : i - 1
            }
            i -= 1
            back += 1
        }
        return bytes.count
    }

    static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : (b >= 0xC2 && b <= 0xDF) ? 2 : (b >= 0xE0 && b <= 0xEF) ? 3 : (b >= 0xF0 && b <= 0xF4) ? 4 : 0
            guard length > 0, i + length <= bytes.count,
                String(validating: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self) != nil
            else { return i }
            i += length
        }
        return bytes.count
    }
}
