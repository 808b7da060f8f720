/// A canonical, length-limited Huffman code as DEFLATE uses it (RFC 1951, 3.2.2).
struct XLSXHuffmanCode: Sendable {
    /// The code length of each symbol; 0 for unused symbols.
    let lengths: [Int]
    /// The code of each symbol, bit-reversed so it can be written least-significant bit first.
    let codes: [UInt32]

    /// Builds an optimal code for the frequencies whose lengths do not exceed `maximumLength`.
    ///
    /// When fewer than two symbols are used, extra symbols are given a weight so the code
    /// always has at least two symbols and is complete, which every inflater accepts.
    init(frequencies: [Int], maximumLength: Int) {
        var weights = frequencies
        var used = weights.indices.filter { weights[$0] > 0 }
        var filler = 0
        while used.count < 2 && filler < weights.count {
            if weights[filler] == 0 {
                weights[filler] = 1
                used.append(filler)
            }
            filler += 1
        }
        var lengths = Self.huffmanLengths(weights)
        while (lengths.max() ?? 0) > maximumLength {
            // Flatten the distribution until the tree is shallow enough; this always ends,
            // at worst with equal weights and a balanced tree.
            weights = weights.map { $0 > 0 ? max(1, $0 / 2) : 0 }
            lengths = Self.huffmanLengths(weights)
        }
        self.lengths = lengths
        self.codes = Self.canonicalCodes(lengths: lengths)
    }

    /// Unlimited Huffman code lengths (two-queue construction over the sorted leaves).
    static func huffmanLengths(_ weights: [Int]) -> [Int] {
        let leaves = weights.indices.filter { weights[$0] > 0 }.sorted {
            (weights[$0], $0) < (weights[$1], $1)
        }
        var lengths = [Int](repeating: 0, count: weights.count)
        guard leaves.count > 1 else {
            if let only = leaves.first {
                lengths[only] = 1
            }
            return lengths
        }
        // Nodes 0..<leafCount are the sorted leaves; internal nodes follow in creation order,
        // so a node's parent always has a larger index.
        let leafCount = leaves.count
        var nodeWeights = leaves.map { weights[$0] }
        var parents = [Int](repeating: -1, count: 2 * leafCount - 1)
        nodeWeights.reserveCapacity(2 * leafCount - 1)
        var nextLeaf = 0
        var nextInternal = leafCount
        func takeSmallest() -> Int {
            if nextLeaf < leafCount && (nextInternal >= nodeWeights.count || nodeWeights[nextLeaf] <= nodeWeights[nextInternal]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInternal += 1
            return nextInternal - 1
        }
        for _ in 0..<(leafCount - 1) {
            let first = takeSmallest()
            let second = takeSmallest()
            let node = nodeWeights.count
            nodeWeights.append(nodeWeights[first] + nodeWeights[second])
            parents[first] = node
            parents[second] = node
        }
        var depths = [Int](repeating: 0, count: nodeWeights.count)
        for node in stride(from: nodeWeights.count - 2, through: 0, by: -1) {
            depths[node] = depths[parents[node]] + 1
        }
        for (node, symbol) in leaves.enumerated() {
            lengths[symbol] = depths[node]
        }
        return lengths
    }

    /// The canonical codes for the lengths, bit-reversed for LSB-first output.
    static func canonicalCodes(lengths: [Int]) -> [UInt32] {
        let longest = lengths.max() ?? 0
        var lengthCounts = [UInt32](repeating: 0, count: longest + 1)
        for length in lengths where length > 0 {
            lengthCounts[length] += 1
        }
        var nextCode = [UInt32](repeating: 0, count: longest + 1)
        var code: UInt32 = 0
        if longest >= 1 {
            for bits in 1...longest {
                code = (code + lengthCounts[bits - 1]) << 1
                nextCode[bits] = code
            }
        }
        var codes = [UInt32](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            codes[symbol] = reversed(nextCode[length], bitCount: length)
            nextCode[length] += 1
        }
        return codes
    }

    /// The low `bitCount` bits of `value` in reverse order.
    static func reversed(_ value: UInt32, bitCount: Int) -> UInt32 {
        var input = value
        var output: UInt32 = 0
        for _ in 0..<bitCount {
            output = output << 1 | (input & 1)
            input >>= 1
        }
        return output
    }
}
