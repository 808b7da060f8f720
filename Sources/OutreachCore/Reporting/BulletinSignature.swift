import Foundation
import OutreachFormats

/// The signature block of a printed bulletin (制表 / 审核 / 打印日期), from the `bulletin:` section of
/// `outreach.yaml`:
///
/// ```yaml
/// bulletin:
///   prepared_by: 王芳      # 制表
///   approved_by: 李建国    # 审核
/// ```
public struct BulletinSignature: Hashable, Sendable {
    /// Who prepared the bulletin (制表).
    public var preparedBy: String?
    /// Who approved it (审核).
    public var approvedBy: String?
    /// The day it was printed (打印日期), the local date of the run.
    public var printedOn: LocalDate

    public init(preparedBy: String?, approvedBy: String?, printedOn: LocalDate) {
        self.preparedBy = preparedBy
        self.approvedBy = approvedBy
        self.printedOn = printedOn
    }

    /// Reads the `bulletin:` section of a configuration file, reporting every problem with its line and column.
    /// - Parameters:
    ///   - file: The configuration file (`outreach.yaml`); other top-level sections are left alone.
    ///   - printedOn: Today, in local time.
    /// - Returns: The signature (nil when there is no `bulletin:` section, or it has errors) and every issue.
    public static func decode(_ file: SourceFile, printedOn: LocalDate) -> (BulletinSignature?, [InputIssue]) {
        var issues = FileIssues(path: file.path)
        let text: String
        switch FileTextDecoder.decode(file.bytes) {
        case .text(let decoded): text = decoded
        case .problem(let problem):
            issues.issues.append(.error(problem, at: SourceLocation(path: file.path)))
            return (nil, issues.issues)
        }
        guard let root = FileTextDecoder.parseYAML(text, issues: &issues), case .mapping = root.content,
            let section = root["bulletin"],
            let fields = MappingReader(section, as: .configuration, field: "bulletin", issues: &issues)
        else { return (nil, issues.issues) }
        fields.rejectUnknownFields(known: ["prepared_by", "approved_by"], issues: &issues)
        let prepared = fields.optionalText("prepared_by", issues: &issues)?.0
        let approved = fields.optionalText("approved_by", issues: &issues)?.0
        guard !issues.issues.hasErrors else { return (nil, issues.issues) }
        func name(_ text: String?) -> String? {
            text.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        return (BulletinSignature(preparedBy: name(prepared), approvedBy: name(approved), printedOn: printedOn), issues.issues)
    }
}
