import Dispatch
import Foundation
import Synchronization

/// Transforms a large array in contiguous chunks on all cores, keeping the order; small arrays are done
/// on the calling thread. The one parallel-map helper of the package: for CPU-bound work on values
/// already in memory (plans and reports of 100,000 rows, a batch of notices to render or decode, key
/// ranges read on their own connections), never for waiting on I/O.
/// - Parameters:
///   - items: The input.
///   - minimumChunk: Arrays shorter than twice this are transformed inline; 1 gives each core one part.
///   - transform: Maps one chunk; the first error thrown (in chunk order) is rethrown.
/// - Returns: The concatenated results, in input order.
public func chunkedMap<T: Sendable, R: Sendable, Failure: Error>(
    _ items: [T], minimumChunk: Int = 8192, _ transform: @Sendable (ArraySlice<T>) throws(Failure) -> [R]
) throws(Failure) -> [R] {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, items.count / max(1, minimumChunk))
    guard workers > 1 else { return try transform(items[...]) }
    let size = (items.count + workers - 1) / workers
    let parts = Mutex<[Int: Result<[R], Failure>]>([:])
    DispatchQueue.concurrentPerform(iterations: workers) { part in
        let slice = items[(part * size)..<min(items.count, (part + 1) * size)]
        let result = Result { () throws(Failure) -> [R] in try transform(slice) }
        parts.withLock { $0[part] = result }
    }
    let results = parts.withLock { $0 }
    var output: [R] = []
    for part in 0..<workers { output += try results[part]?.get() ?? [] }
    return output
}

/// Renders items `0..<count` a group at a time, each group split across the cores by `chunkedMap`, and hands
/// the rendered parts to `write` in order before the next group is rendered: output of any length is made in
/// a few groups' worth of memory, reused from group to group, and the first bytes go out before the last are made.
/// - Parameters:
///   - group: Items rendered before their parts are written.
///   - minimumChunk: As for `chunkedMap`: a group shorter than twice this is rendered on the calling thread.
///   - render: The bytes of a contiguous range of items.
public func chunkedStream(
    count: Int, group: Int, minimumChunk: Int, _ render: @Sendable (Range<Int>) -> [UInt8], to write: ([UInt8]) -> Void
) {
    var start = 0
    while start < count {
        let end = min(start + max(1, group), count)
        let parts = chunkedMap(Array(start..<end), minimumChunk: minimumChunk) { slice -> [[UInt8]] in
            guard let first = slice.first, let last = slice.last else { return [] }
            return [render(first..<last + 1)]
        }
        for part in parts { write(part) }
        start = end
    }
}
