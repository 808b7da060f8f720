/// A measured quantity of reach: attendees, consultations, leaflets handed out, article reads…
public struct Metric: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Metric>

    public var id: ID
    public var names: BilingualName
    /// The unit as shown in reports (人次, 份, 次).
    public var unit: BilingualName
    /// Counts people met (person-times, 人次); other metrics are never added to these.
    public var countsPeople: Bool

    public init(id: ID, names: BilingualName, unit: BilingualName, countsPeople: Bool) {
        self.id = id
        self.names = names
        self.unit = unit
        self.countsPeople = countsPeople
    }
}
