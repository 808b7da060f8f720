/// Maps a large array in chunks on child tasks (so the work spreads over the cooperative pool's
/// threads), keeping the order; small arrays are mapped inline.
/// - Parameters:
///   - items: The input.
///   - minimumChunk: Arrays shorter than twice this are mapped inline.
///   - transform: Maps one chunk.
/// - Returns: The concatenated results, in input order.
public func concurrentChunks<Item: Sendable, Result: Sendable>(
    _ items: [Item], minimumChunk: Int = 16, _ transform: @escaping @Sendable (ArraySlice<Item>) throws -> [Result]
) async throws -> [Result] {
    guard items.count >= minimumChunk * 2 else { return try transform(items[...]) }
    let chunkSize = max(minimumChunk, items.count / 4)
    return try await withThrowingTaskGroup(of: (Int, [Result]).self) { group in
        for start in stride(from: 0, to: items.count, by: chunkSize) {
            let chunk = items[start..<min(start + chunkSize, items.count)]
            group.addTask { (start, try transform(chunk)) }
        }
        var parts: [(Int, [Result])] = []
        for try await part in group { parts.append(part) }
        return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }
}
