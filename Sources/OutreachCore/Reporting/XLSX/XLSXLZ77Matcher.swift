/// Finds LZ77 back-references for DEFLATE with hash chains and one-step lazy matching
/// (the strategy of zlib's `deflate_slow`).
///
/// The result is a list of tokens: a literal byte is its value (`0...255`); a match is
/// ``matchFlag`` `| length << 16 | distance` with length `3...258` and distance `1...32768`.
enum XLSXLZ77Matcher {
    /// Marks a token as a match.
    static let matchFlag: UInt32 = 0x8000_0000
    /// The window DEFLATE allows distances into.
    static let windowSize = 32_768
    /// The shortest match DEFLATE can encode.
    static let minimumMatch = 3
    /// The longest match DEFLATE can encode.
    static let maximumMatch = 258

    private static let hashBits = 15
    /// How many chain links are followed per search at most.
    private static let maximumChain = 128
    /// A match found this long is taken without looking one byte further.
    private static let lazyLimit = 32
    /// A match this long already is good enough to shorten the next search.
    private static let goodLength = 8

    /// The length of a match token.
    static func length(of token: UInt32) -> Int {
        Int((token >> 16) & 0x1FF)
    }

    /// The distance of a match token.
    static func distance(of token: UInt32) -> Int {
        Int(token & 0xFFFF)
    }

    /// The tokens for the whole input.
    static func tokens(for input: [UInt8]) -> [UInt32] {
        let count = input.count
        let windowMask = windowSize - 1
        let hashMask = (1 << hashBits) - 1
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        var previous = [Int32](repeating: -1, count: windowSize)
        var tokens: [UInt32] = []
        tokens.reserveCapacity(count / 3 + 16)

        var position = 0
        var pendingLength = 0
        var pendingDistance = 0
        var hasPending = false
        while position < count {
            var length = 0
            var distance = 0
            if position + minimumMatch <= count {
                // Insert the position into its hash chain; search from the chain's old head.
                let hash = (Int(input[position]) << 10 ^ Int(input[position + 1]) << 5 ^ Int(input[position + 2])) & hashMask
                var candidate = Int(head[hash])
                previous[position & windowMask] = Int32(candidate)
                head[hash] = Int32(position)

                if pendingLength < lazyLimit {
                    let limit = min(maximumMatch, count - position)
                    var bestLength = minimumMatch - 1
                    var chain = pendingLength >= goodLength ? maximumChain / 4 : maximumChain
                    while candidate >= 0, candidate < position, position - candidate <= windowSize, chain > 0 {
                        if input[candidate + bestLength] == input[position + bestLength] && input[candidate] == input[position] {
                            var matched = 1
                            while matched < limit && input[candidate + matched] == input[position + matched] {
                                matched += 1
                            }
                            if matched > bestLength {
                                bestLength = matched
                                distance = position - candidate
                                if matched == limit {
                                    break
                                }
                            }
                        }
                        candidate = Int(previous[candidate & windowMask])
                        chain -= 1
                    }
                    length = bestLength >= minimumMatch ? bestLength : 0
                }
            }
            if pendingLength >= minimumMatch && length <= pendingLength {
                // The match found at the previous position is at least as good: take it.
                tokens.append(matchFlag | UInt32(pendingLength) << 16 | UInt32(pendingDistance))
                let end = position - 1 + pendingLength
                var next = position + 1
                while next < end && next + minimumMatch <= count {
                    let hash = (Int(input[next]) << 10 ^ Int(input[next + 1]) << 5 ^ Int(input[next + 2])) & hashMask
                    previous[next & windowMask] = head[hash]
                    head[hash] = Int32(next)
                    next += 1
                }
                position = end
                hasPending = false
                pendingLength = 0
            } else {
                if hasPending {
                    tokens.append(UInt32(input[position - 1]))
                }
                hasPending = true
                pendingLength = length
                pendingDistance = distance
                position += 1
            }
        }
        if hasPending {
            tokens.append(UInt32(input[count - 1]))
        }
        return tokens
    }
}
