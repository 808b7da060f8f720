/// A recurring national or local drive (活动类型): 3·15 Consumer Rights Day, the September campaign…
public struct CampaignKind: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<CampaignKind>

    /// A day of the year that anchors the kind (15 March), kept when a campaign moves to another year.
    public struct Anchor: Hashable, Sendable, Codable {
        public var month: Int
        public var day: Int
        public init(month: Int, day: Int) {
            self.month = month
            self.day = day
        }
        public func date(in year: Int) -> LocalDate? { LocalDate(year: year, month: month, day: day) }
    }

    /// The national dates of one year's edition (the September campaign changes name and length yearly).
    public struct Edition: Hashable, Sendable, Codable {
        public var year: Int
        public var names: BilingualName
        public var start: LocalDate
        public var end: LocalDate
        public init(year: Int, names: BilingualName, start: LocalDate, end: LocalDate) {
            self.year = year
            self.names = names
            self.start = start
            self.end = end
        }
    }

    public var id: ID
    public var names: BilingualName
    public var anchor: Anchor?
    public var editions: [Edition]
    /// Events of this kind belong in school terms (a warning otherwise).
    public var followsSchoolTerms: Bool

    public init(id: ID, names: BilingualName, anchor: Anchor? = nil, editions: [Edition] = [], followsSchoolTerms: Bool = false) {
        self.id = id
        self.names = names
        self.anchor = anchor
        self.editions = editions
        self.followsSchoolTerms = followsSchoolTerms
    }
}
