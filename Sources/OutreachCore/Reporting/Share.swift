/// A part of a whole (people reached of a target population), kept as the two whole numbers so that it is shown
/// without a chain of rounded floating-point steps.
public struct Share: Hashable, Sendable {
    public var part: Int64
    public var whole: Int64

    /// Nil when the whole is not positive (no target population).
    public init?(_ part: Int64, of whole: Int64) {
        guard whole > 0 else { return nil }
        self.part = part
        self.whole = whole
    }

    /// The share in hundredths of a percent, rounded half up in integer arithmetic: 1 of 800 is 13 (0.13 %),
    /// 1 of 2,500 is 4 (0.04 %).
    public var basisPoints: Int64 {
        let sign: Int64 = part < 0 ? -1 : 1
        let part = part.magnitude, whole = UInt64(whole)
        let (quotient, remainder) = part.quotientAndRemainder(dividingBy: whole)
        // (remainder × 20,000 + whole) ÷ (2 × whole), in 128 bits: remainder < whole ≤ Int64.max.
        let (high, low) = remainder.multipliedFullWidth(by: 20_000)
        let (sum, carry) = low.addingReportingOverflow(whole)
        let fraction = (2 * whole).dividingFullWidth((high + (carry ? 1 : 0), sum)).quotient
        let (scaled, overflow) = quotient.multipliedReportingOverflow(by: 10_000)
        guard !overflow, scaled <= UInt64(Int64.max) - fraction else { return sign * Int64.max }
        return sign * Int64(scaled + fraction)
    }

    /// The share as a percentage with two decimals: "0.04%", "12.50%", "1,234.00%".
    public var percentText: String { percentText(grouped: true) }

    /// The share as a percentage with two decimals, with or without thousands separators ("1234.00%" for CSV).
    public func percentText(grouped: Bool) -> String {
        let points = basisPoints
        let whole = points.magnitude / 100, hundredths = points.magnitude % 100
        var digits = String(whole)
        var groups = ""
        while grouped, digits.count > 3 {
            groups = "," + digits.suffix(3) + groups
            digits.removeLast(3)
        }
        let sign = points < 0 ? "-" : ""
        return sign + digits + groups + "." + (hundredths < 10 ? "0" : "") + String(hundredths) + "%"
    }

    /// The share as a fraction (one division, correctly rounded), for a spreadsheet cell formatted as a percentage.
    public var fraction: Double { Double(part) / Double(whole) }
}
