/// Wall time of a command's steps, printed to stderr when `OUTREACH_TIMING` is set (for the benchmarks).
struct StepTiming {
    let enabled: Bool
    private var last = ContinuousClock.now
    private var steps: [String] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func step(_ name: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed = last.duration(to: now)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        steps.append("\(name) \(Int(ms.rounded())) ms")
        last = now
    }

    var summary: String? { enabled ? steps.joined(separator: ", ") + "\n" : nil }
}
