import CMalloc
import Foundation

/// The process's allocator settings, chosen before any other thread allocates.
enum ProcessMemory {
    /// Caps glibc's malloc arenas at one per core (at least two) for the commands that run once and exit.
    ///
    /// glibc gives each new thread that allocates its own arena, up to eight per core, and memory freed in one
    /// arena is not reused by another. An import hands its chunks between the reading thread and the store's, so
    /// the freed chunks accumulated across arenas: a 5M-row `reach import` peaked at 166–186 MiB with the default
    /// and 143–147 MiB with two arenas, at the same speed (BENCHMARKS.md, issue 14). `serve` and `worker` keep
    /// glibc's default: they run for hours on many threads, where arena contention would cost throughput.
    static func limitArenas(command: String?) {
        guard command != "serve", command != "worker" else { return }
        _ = cmalloc_limit_arenas(Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
