import Dispatch
import Foundation
import Synchronization

/// Transforms a large array in contiguous chunks on all cores, keeping the order; small arrays are done
/// on the calling thread. For CPU-bound work on values already in memory (plans and reports of
/// 100,000 rows), never for I/O.
func chunkedMap<T: Sendable, R: Sendable>(
    _ items: [T], minimumChunk: Int = 8192, _ transform: @Sendable (ArraySlice<T>) -> [R]
) -> [R] {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, items.count / minimumChunk)
    guard workers > 1 else { return transform(items[...]) }
    let size = (items.count + workers - 1) / workers
    let parts = Mutex<[Int: [R]]>([:])
    DispatchQueue.concurrentPerform(iterations: workers) { part in
        let slice = items[(part * size)..<min(items.count, (part + 1) * size)]
        let result = transform(slice)
        parts.withLock { $0[part] = result }
    }
    return parts.withLock { results in (0..<workers).flatMap { results[$0] ?? [] } }
}
