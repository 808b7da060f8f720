/// A hash table from UTF-8 byte strings to integers, looked up with bytes straight from a file buffer,
/// so a five-million-row import does not make a `String` per field.
///
/// Each slot holds the first sixteen bytes of its key, so looking up a short key (event ids usually
/// are) touches one slot and nothing else: with a hundred thousand events, that is one cache miss per
/// lookup instead of three.
struct ByteKeyTable: Sendable {
    private struct Slot: Sendable {
        var head0: UInt64 = 0
        var head1: UInt64 = 0
        /// The key's length in bytes, or -1 when the slot is free.
        var length: Int32 = -1
        var value: Int32 = 0
        /// Where the whole key starts in `storage` (read only for keys longer than sixteen bytes).
        var offset: Int32 = 0
        var hash: UInt32 = 0
    }

    private var storage: [UInt8] = []
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    init(_ pairs: [(String, Int)]) {
        self.init(capacity: pairs.count)
        for (key, value) in pairs { insert(key, value) }
    }

    /// The key's first sixteen bytes (zero-padded) and its hash.
    @inline(__always) private static func head(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64) {
        let n = bytes.count
        func tail(_ from: Int, _ to: Int) -> UInt64 {
            var word: UInt64 = 0
            var i = to
            while i > from {
                i -= 1
                word = word << 8 | UInt64(bytes[i])
            }
            return word
        }
        let head0 = n >= 8 ? bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self) : tail(0, n)
        let head1 = n >= 16 ? bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : n > 8 ? tail(8, n) : 0
        var h = (UInt64(n) &* 0x9E37_79B9_7F4A_7C15 ^ head0) &* 0xff51_afd7_ed55_8ccd
        h = (h ^ (h >> 32) ^ head1) &* 0xc4ce_b9fe_1a85_ec53
        var i = 16
        while i < n {
            h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3
            i += 1
        }
        return (head0, head1, h ^ (h >> 29))
    }

    /// Adds a key (the first value of a key wins).
    mutating func insert(_ key: String, _ value: Int) {
        precondition(value >= 0 && value <= Int(Int32.max), "ByteKeyTable values are small indexes")
        var key = key
        key.withUTF8 { bytes in
            guard lookup(bytes) == nil else { return }
            if (count + 1) * 2 > slots.count { grow() }
            let (head0, head1, hash) = Self.head(UnsafeRawBufferPointer(bytes))
            place(
                Slot(
                    head0: head0, head1: head1, length: Int32(bytes.count), value: Int32(value), offset: Int32(storage.count),
                    hash: UInt32(truncatingIfNeeded: hash >> 32)),
                hash: hash)
            storage.append(contentsOf: bytes)
            count += 1
        }
    }

    private mutating func place(_ entry: Slot, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].length >= 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.length >= 0 {
            let hash = storage.withUnsafeBytes {
                Self.head(UnsafeRawBufferPointer(rebasing: $0[Int(slot.offset)..<Int(slot.offset + slot.length)])).2
            }
            place(slot, hash: hash)
        }
    }

    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = UnsafeRawBufferPointer(bytes)
        let (head0, head1, hash) = Self.head(key)
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        let length = Int32(truncatingIfNeeded: key.count)
        var index = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots -> Int? in
            while true {
                let slot = slots[index]
                if slot.length < 0 { return nil }
                if slot.length == length, slot.head0 == head0, slot.head1 == head1, slot.hash == tag,
                    length <= 16 || restMatches(slot, key)
                {
                    return Int(slot.value)
                }
                index = (index + 1) & mask
            }
        }
    }

    /// Whether the bytes after the first sixteen match (for long keys).
    private func restMatches(_ slot: Slot, _ key: UnsafeRawBufferPointer) -> Bool {
        storage.withUnsafeBytes { stored in
            let start = Int(slot.offset)
            for i in 16..<key.count where stored[start + i] != key[i] { return false }
            return true
        }
    }

    func lookup(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { lookup($0) }
    }
}
