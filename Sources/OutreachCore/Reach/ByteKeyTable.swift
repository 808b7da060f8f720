/// A hash table from UTF-8 byte strings to integers, looked up with bytes straight from a file buffer,
/// so a five-million-row import does not make a `String` per field.
struct ByteKeyTable: Sendable {
    private var storage: [UInt8] = []
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var values: [Int] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    init(_ pairs: [(String, Int)]) {
        self.init(capacity: pairs.count)
        for (key, value) in pairs { insert(key, value) }
    }

    var count: Int { values.count }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Adds a key (the first value of a key wins).
    mutating func insert(_ key: String, _ value: Int) {
        var key = key
        key.withUTF8 { bytes in
            guard lookup(bytes) == nil else { return }
            if (values.count + 1) * 2 > slots.count { grow() }
            offsets.append(storage.count)
            lengths.append(bytes.count)
            storage.append(contentsOf: bytes)
            values.append(value)
            place(values.count - 1, hash: Self.hash(bytes))
        }
    }

    private mutating func place(_ entry: Int, hash: Int) {
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for entry in values.indices {
            let hash = storage.withUnsafeBufferPointer {
                Self.hash(UnsafeBufferPointer(rebasing: $0[offsets[entry]..<(offsets[entry] + lengths[entry])]))
            }
            place(entry, hash: hash)
        }
    }

    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        return storage.withUnsafeBufferPointer { stored -> Int? in
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { return nil }
                if lengths[entry] == bytes.count {
                    let start = offsets[entry]
                    var same = true
                    for i in 0..<bytes.count where stored[start + i] != bytes[i] {
                        same = false
                        break
                    }
                    if same { return values[entry] }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    func lookup(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { lookup($0) }
    }
}
