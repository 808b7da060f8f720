extension BinaryInteger {
    /// The number with thousands separators: 12,345 (the same in Chinese reports).
    var groupedText: String {
        let digits = String(self.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3)
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}

/// A count as people read it, with thousands separators: 1000000000 as "1,000,000,000" (the same in Chinese).
/// The one formatter for counts shown to a person: messages, the import summary and progress, notices, reports.
public func groupedThousands(_ value: some BinaryInteger) -> String { value.groupedText }
