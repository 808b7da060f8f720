/// A concrete place where events happen: an outlet, a school, a residential community, a mall.
public struct Venue: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Venue>

    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case outlet, school, community, businessDistrict = "business-district", enterprise, village, media, online
    }

    public var id: ID
    public var names: BilingualName
    public var kind: Kind
    public var branch: Branch.ID
    /// How many people the place holds at once; nil when it does not apply (a newspaper).
    public var capacity: Int?
    public var address: String?
    /// The school-term calendar this venue follows (schools only); nil uses the default terms.
    public var terms: SchoolTerm.CalendarID?

    public init(
        id: ID, names: BilingualName, kind: Kind, branch: Branch.ID, capacity: Int? = nil, address: String? = nil,
        terms: SchoolTerm.CalendarID? = nil
    ) {
        self.id = id
        self.names = names
        self.kind = kind
        self.branch = branch
        self.capacity = capacity
        self.address = address
        self.terms = terms
    }
}
