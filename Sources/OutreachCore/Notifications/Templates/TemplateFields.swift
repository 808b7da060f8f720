/// A notice's template context in a fixed order: names and values side by side, as the notice lists them.
///
/// A notice of one kind lists the same names in the same order every time, so ``TemplateShapes`` can tell two
/// contexts of one shape apart by comparing arrays, where a dictionary would hash every name twice per notice.
/// A name listed twice means what a dictionary would: the later value.
public struct TemplateFields: Sendable {
    public private(set) var names: [String] = []
    public private(set) var values: [TemplateValue] = []

    public init(capacity: Int = 0) {
        names.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    /// The fields of a dictionary, in the order of their names.
    public init(_ dictionary: [String: TemplateValue]) {
        self.init(capacity: dictionary.count)
        for (name, value) in dictionary.sorted(by: { $0.key < $1.key }) { append(name, value) }
    }

    public var count: Int { names.count }

    public mutating func append(_ name: String, _ value: TemplateValue) {
        names.append(name)
        values.append(value)
    }

    /// The same fields by name (a later one of a name wins).
    public var dictionary: [String: TemplateValue] {
        Dictionary(zip(names, values), uniquingKeysWith: { $1 })
    }
}
