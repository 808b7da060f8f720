import Foundation
import OutreachFormats
import Testing

struct ChunkedMapTests {
    struct Refused: Error, Equatable {
        var item: Int
    }

    @Test func keepsTheOrderAcrossChunks() {
        let items = Array(0..<100_000)
        let doubled = chunkedMap(items, minimumChunk: 1_000) { slice in slice.map { $0 * 2 } }
        #expect(doubled == items.map { $0 * 2 })
    }

    @Test func smallInputsAreMappedInlineAsOneChunk() {
        let chunks = chunkedMap(Array(0..<31), minimumChunk: 16) { slice in [slice.count] }
        #expect(chunks == [31])
    }

    /// With `minimumChunk: 1` each core gets one part (the store's parallel key-range reads rely on it).
    @Test func minimumChunkOneGivesEachCoreOnePart() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let parts = chunkedMap(Array(0..<cores), minimumChunk: 1) { slice in [slice.count] }
        #expect(parts == Array(repeating: 1, count: cores))
    }

    /// The first failing chunk's error comes back to the caller, typed; chunks before it are not lost.
    @Test func rethrowsTheFirstFailingChunksError() {
        let items = Array(0..<64)
        #expect(throws: Refused(item: 40)) {
            try chunkedMap(items, minimumChunk: 1) { (slice) throws(Refused) -> [Int] in
                for item in slice where item >= 40 { throw Refused(item: slice.first { $0 >= 40 } ?? item) }
                return Array(slice)
            }
        }
    }
}
