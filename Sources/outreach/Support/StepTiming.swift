import Foundation

/// Wall time of a command's steps, printed to stderr when `OUTREACH_TIMING` is set (for the benchmarks).
struct StepTiming {
    let enabled: Bool
    private var last = ContinuousClock.now
    private var steps: [String] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func step(_ name: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        steps.append("\(name) \(String(format: "%.1f", last.duration(to: now).milliseconds)) ms")
        last = now
    }

    var summary: String? { enabled ? steps.joined(separator: ", ") + "\n" : nil }
}

extension Duration {
    /// The duration in milliseconds, with fractions.
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
