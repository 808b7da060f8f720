import Synchronization

/// Large results a command is done with, left for the process's end: freeing 100,000 events and their
/// occurrences one by one takes longer than writing them out, and the system takes the memory back at once
/// when the command returns.
enum KeptUntilExit {
    private static let values = Mutex<[any Sendable]>([])

    static func keep(_ value: any Sendable) {
        values.withLock { $0.append(value) }
    }
}
