/// A typed identifier: `Campaign.ID`, `Event.ID` and the others cannot be mixed up.
///
/// The raw value is the id as written in campaign and seed files (`2027-315-xianning`).
public struct Identifier<Subject>: Hashable, Sendable, Comparable, Codable, LosslessStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
