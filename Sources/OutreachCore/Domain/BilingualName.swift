/// A name in Chinese with an optional English one beside it.
public struct BilingualName: Hashable, Sendable, Codable {
    public var zh: String
    public var en: String?

    public init(zh: String, en: String? = nil) {
        self.zh = zh
        self.en = en
    }

    /// The name in the given language; Chinese when no English name is known.
    public func text(_ language: Language) -> String {
        switch language {
        case .zh: zh
        case .en: en ?? zh
        }
    }
}
