import CMalloc
import Foundation

/// The process's allocator settings, chosen before any other thread allocates.
enum ProcessMemory {
    /// One malloc arena for the commands that run once and exit.
    ///
    /// glibc gives each new thread that allocates its own arena, up to eight per core, and memory freed in one
    /// arena is not reused by another. An import hands its chunks between the reading thread and the store's, so
    /// the freed chunks accumulated across arenas: a 5M-row `reach import` peaked at 166–186 MiB with the default,
    /// 143–147 MiB with two arenas and 130–131 MiB with one, at the same CPU time (BENCHMARKS.md, issue 14),
    /// and the commands that render in parallel (`plan`, `report`) kept their speed. `serve` and `worker` keep
    /// glibc's default: they run for hours on many threads, where arena contention would cost throughput.
    /// `MALLOC_ARENA_MAX` in the environment, glibc's own setting, wins over this.
    static func limitArenas(command: String?) {
        guard command != "serve", command != "worker", getenv("MALLOC_ARENA_MAX") == nil else { return }
        _ = cmalloc_limit_arenas(1)
    }
}
