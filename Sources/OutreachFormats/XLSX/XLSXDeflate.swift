import CZlib

/// DEFLATE and CRC-32 for the ZIP container, from the system zlib.
enum XLSXDeflate {
    /// The raw DEFLATE stream (RFC 1951, no zlib or gzip wrapper) of the bytes, at zlib's default level.
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard czlib_deflate_init_raw(&stream, Z_DEFAULT_COMPRESSION) == Z_OK else {
            preconditionFailure("zlib could not start a raw DEFLATE stream")
        }
        defer { deflateEnd(&stream) }
        // deflateBound is the most a single Z_FINISH call can write, so one call always completes.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END, "zlib did not finish a raw DEFLATE stream within deflateBound")
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// The CRC-32 used by ZIP (IEEE 802.3) of the bytes.
    static func crc32(_ input: [UInt8]) -> UInt32 {
        input.withUnsafeBufferPointer { buffer in
            // zlib takes a 32-bit length; feed the bytes in pieces so no length is ever truncated.
            var crc = CZlib.crc32(0, nil, 0)
            var start = 0
            while start < buffer.count {
                let count = min(buffer.count - start, Int(Int32.max))
                crc = CZlib.crc32(crc, buffer.baseAddress! + start, uInt(count))
                start += count
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
