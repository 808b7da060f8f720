/// Packs bit fields least-significant bit first, as DEFLATE requires.
struct XLSXBitWriter: Sendable {
    /// The completed bytes; call ``flush()`` first to include a partial last byte.
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var bufferedBits = 0

    /// Creates an empty writer.
    init() {}

    /// Appends the low `count` bits of `bits` (`count` at most 32).
    mutating func write(_ bits: UInt32, count: Int) {
        let mask: UInt64 = count >= 32 ? 0xFFFF_FFFF : (1 << UInt64(count)) - 1
        buffer |= (UInt64(bits) & mask) << UInt64(bufferedBits)
        bufferedBits += count
        while bufferedBits >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            bufferedBits -= 8
        }
    }

    /// Pads the last partial byte with zero bits and appends it.
    mutating func flush() {
        if bufferedBits > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer = 0
            bufferedBits = 0
        }
    }
}
