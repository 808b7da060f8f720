/// Raw DEFLATE compression (RFC 1951) with dynamic Huffman blocks, in pure Swift.
enum XLSXDeflater {
    /// The number of LZ77 tokens per block; each block gets its own Huffman codes.
    static let tokensPerBlock = 65_536

    /// The raw DEFLATE stream (no zlib or gzip wrapper) for the bytes.
    static func compress(_ input: [UInt8]) -> [UInt8] {
        let tokens = XLSXLZ77Matcher.tokens(for: input)
        var writer = XLSXBitWriter()
        if tokens.isEmpty {
            // One final fixed-Huffman block holding only end-of-block (code 256 = seven 0 bits).
            writer.write(1, count: 1)
            writer.write(1, count: 2)
            writer.write(0, count: 7)
        } else {
            var start = 0
            while start < tokens.count {
                let end = min(start + tokensPerBlock, tokens.count)
                writeDynamicBlock(tokens[start..<end], isFinal: end == tokens.count, to: &writer)
                start = end
            }
        }
        writer.flush()
        return writer.bytes
    }

    /// The order in which code-length code lengths are sent.
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    /// Base lengths of length codes 257...285.
    static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    /// Extra bits of length codes 257...285.
    static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// Base distances of distance codes 0...29.
    static let distanceBases = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1_025, 1_537, 2_049, 3_073, 4_097, 6_145, 8_193, 12_289, 16_385, 24_577,
    ]
    /// Extra bits of distance codes 0...29.
    static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// For each match length 0...258, the index into ``lengthBases`` (0 for lengths below 3).
    static let lengthCodeIndex: [Int] = {
        var table = [Int](repeating: 0, count: 259)
        for (index, base) in lengthBases.enumerated() {
            let last = min(258, base + (1 << lengthExtraBits[index]) - 1)
            for length in base...last {
                table[length] = index
            }
        }
        table[258] = 28
        return table
    }()

    /// The distance code (0...29) of a distance 1...32768.
    static func distanceCode(_ distance: Int) -> Int {
        var low = 0
        var high = distanceBases.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if distanceBases[middle] <= distance {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }

    private static func writeDynamicBlock(_ tokens: ArraySlice<UInt32>, isFinal: Bool, to writer: inout XLSXBitWriter) {
        var literalFrequencies = [Int](repeating: 0, count: 286)
        var distanceFrequencies = [Int](repeating: 0, count: 30)
        for token in tokens {
            if token & XLSXLZ77Matcher.matchFlag != 0 {
                literalFrequencies[257 + lengthCodeIndex[XLSXLZ77Matcher.length(of: token)]] += 1
                distanceFrequencies[distanceCode(XLSXLZ77Matcher.distance(of: token))] += 1
            } else {
                literalFrequencies[Int(token)] += 1
            }
        }
        literalFrequencies[256] = 1
        let literalHuffman = XLSXHuffmanCode(frequencies: literalFrequencies, maximumLength: 15)
        let distanceHuffman = XLSXHuffmanCode(frequencies: distanceFrequencies, maximumLength: 15)

        let literalCount = max(257, (literalHuffman.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let distanceCount = max(1, (distanceHuffman.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let codeLengths = Array(literalHuffman.lengths[0..<literalCount]) + Array(distanceHuffman.lengths[0..<distanceCount])
        let lengthSymbols = runLengthEncoded(codeLengths)

        var codeLengthFrequencies = [Int](repeating: 0, count: 19)
        for symbol in lengthSymbols {
            codeLengthFrequencies[symbol.symbol] += 1
        }
        let codeLengthCode = XLSXHuffmanCode(frequencies: codeLengthFrequencies, maximumLength: 7)
        var codeLengthCount = 4
        for (position, symbol) in codeLengthOrder.enumerated() where codeLengthCode.lengths[symbol] > 0 {
            codeLengthCount = max(codeLengthCount, position + 1)
        }

        writer.write(isFinal ? 1 : 0, count: 1)
        writer.write(2, count: 2)
        writer.write(UInt32(literalCount - 257), count: 5)
        writer.write(UInt32(distanceCount - 1), count: 5)
        writer.write(UInt32(codeLengthCount - 4), count: 4)
        for symbol in codeLengthOrder.prefix(codeLengthCount) {
            writer.write(UInt32(codeLengthCode.lengths[symbol]), count: 3)
        }
        for item in lengthSymbols {
            writer.write(codeLengthCode.codes[item.symbol], count: codeLengthCode.lengths[item.symbol])
            if item.extraBitCount > 0 {
                writer.write(UInt32(item.extra), count: item.extraBitCount)
            }
        }

        for token in tokens {
            if token & XLSXLZ77Matcher.matchFlag != 0 {
                let length = XLSXLZ77Matcher.length(of: token)
                let lengthIndex = lengthCodeIndex[length]
                let lengthSymbol = 257 + lengthIndex
                writer.write(literalHuffman.codes[lengthSymbol], count: literalHuffman.lengths[lengthSymbol])
                if lengthExtraBits[lengthIndex] > 0 {
                    writer.write(UInt32(length - lengthBases[lengthIndex]), count: lengthExtraBits[lengthIndex])
                }
                let distance = XLSXLZ77Matcher.distance(of: token)
                let distanceSymbol = distanceCode(distance)
                writer.write(distanceHuffman.codes[distanceSymbol], count: distanceHuffman.lengths[distanceSymbol])
                if distanceExtraBits[distanceSymbol] > 0 {
                    writer.write(UInt32(distance - distanceBases[distanceSymbol]), count: distanceExtraBits[distanceSymbol])
                }
            } else {
                let literal = Int(token)
                writer.write(literalHuffman.codes[literal], count: literalHuffman.lengths[literal])
            }
        }
        writer.write(literalHuffman.codes[256], count: literalHuffman.lengths[256])
    }

    /// One symbol of the run-length encoded code lengths, with its extra bits.
    struct LengthSymbol: Equatable {
        var symbol: Int
        var extra = 0
        var extraBitCount = 0
    }

    /// Code lengths encoded with the repeat symbols 16 (previous length 3–6 times),
    /// 17 (zero 3–10 times) and 18 (zero 11–138 times).
    static func runLengthEncoded(_ lengths: [Int]) -> [LengthSymbol] {
        var symbols: [LengthSymbol] = []
        var index = 0
        while index < lengths.count {
            let length = lengths[index]
            var run = 1
            while index + run < lengths.count && lengths[index + run] == length {
                run += 1
            }
            index += run
            if length == 0 {
                while run >= 11 {
                    let take = min(run, 138)
                    symbols.append(LengthSymbol(symbol: 18, extra: take - 11, extraBitCount: 7))
                    run -= take
                }
                if run >= 3 {
                    symbols.append(LengthSymbol(symbol: 17, extra: run - 3, extraBitCount: 3))
                    run = 0
                }
                symbols.append(contentsOf: repeatElement(LengthSymbol(symbol: 0), count: run))
            } else {
                symbols.append(LengthSymbol(symbol: length))
                run -= 1
                while run >= 3 {
                    let take = min(run, 6)
                    symbols.append(LengthSymbol(symbol: 16, extra: take - 3, extraBitCount: 2))
                    run -= take
                }
                symbols.append(contentsOf: repeatElement(LengthSymbol(symbol: length), count: run))
            }
        }
        return symbols
    }
}
