/// What kind of reach file a set of bytes is, by its content (never by its name): an .xlsx workbook is a ZIP
/// container; anything else is read as CSV or TSV text, whose reader checks its encoding. A front end that takes
/// uploads switches on it, so an .xlsx reader plugs in here when `reach import` has one.
public enum ReachFileKind: Sendable, Equatable {
    case text
    case xlsx

    public init(content: some Collection<UInt8>) {
        self = content.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? .xlsx : .text
    }
}
