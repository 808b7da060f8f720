import Foundation
import OutreachCore

/// Four-eyes publishing of a monthly bulletin (`/reports/bulletin`): a planner or an admin prepares it, and an
/// approver (or an admin) who is not the one who prepared it publishes it through `BulletinPublishing`. Both
/// names go into the signature block (制表 / 审核); both steps are in the bulletin's audit log.
public struct BulletinFourEyes: Sendable {
    public let store: any OutreachStore
    public let reference: ReferenceData
    /// Who hears of a published bulletin; nil queues no notice.
    public let notify: NotifyConfiguration?

    public init(store: any OutreachStore, reference: ReferenceData, notify: NotifyConfiguration?) {
        self.store = store
        self.reference = reference
        self.notify = notify
    }

    /// Why a step was refused, in the page's language.
    public enum Refusal: Error, Hashable, Sendable {
        /// The user's role may not prepare (planner, admin) or publish (approver, admin).
        case mayNotPrepare(User.Role)
        case mayNotPublish(User.Role)
        /// Nobody prepared the bulletin yet.
        case notPrepared(month: String)
        /// The four-eyes rule: the one who prepared it may not publish it too.
        case ownPreparation(month: String)
        case alreadyPublished(PublishedBulletin)

        public func message(_ language: Language) -> String {
            switch self {
            case .mayNotPrepare(let role): BulletinFourEyesMessages.mayNotPrepare(role).text(language)
            case .mayNotPublish(let role): BulletinFourEyesMessages.mayNotPublish(role).text(language)
            case .notPrepared(let month): BulletinFourEyesMessages.notPrepared(month: month).text(language)
            case .ownPreparation(let month): BulletinFourEyesMessages.ownPreparation(month: month).text(language)
            case .alreadyPublished(let published): published.alreadyPublishedMessage(language)
            }
        }
    }

    /// Who may prepare a bulletin: planners and admins.
    public static func mayPrepare(_ user: User) -> Bool { user.role == .planner || user.role == .admin }

    /// Who may publish one someone else prepared: approvers and admins.
    public static func mayPublish(_ user: User) -> Bool { user.role == .approver || user.role == .admin }

    /// The actor a signed-in user is, in the audit and the signature block.
    public static func actor(_ user: User) -> AuditActor {
        AuditActor(name: user.name.rawValue, displayName: user.displayName, source: .web)
    }

    /// Where a month's bulletin stands: its preparation (with the approver once published), the published
    /// bulletin, and the audit of both steps.
    public struct State: Sendable {
        public var preparation: BulletinPreparation?
        public var published: PublishedBulletin?
        public var audit: [BulletinAuditEntry]

        /// The signature block the bulletin is printed with: who prepared it (制表) and who approved it (审核), as
        /// far as it got.
        public func signature(printedOn: LocalDate) -> BulletinSignature {
            BulletinSignature(
                preparedBy: preparation?.preparedBy.displayName, approvedBy: preparation?.approvedBy?.displayName,
                printedOn: printedOn)
        }
    }

    public func state(month: String, branch: Branch.ID) async throws -> State {
        State(
            preparation: try await store.bulletinPreparation(month: month, branch: branch),
            published: try await store.bulletin(month: month, branch: branch),
            audit: try await store.bulletinAudit(month: month, branch: branch))
    }

    /// Records that `user` prepared the month's bulletin (again, replacing an earlier preparer, while unpublished).
    ///
    /// - Throws: `Refusal`, store errors.
    @discardableResult
    public func prepare(month: String, branch: Branch.ID, by user: User, at now: Date) async throws -> BulletinPreparation {
        guard Self.mayPrepare(user) else { throw Refusal.mayNotPrepare(user.role) }
        if let published = try await store.bulletin(month: month, branch: branch) { throw Refusal.alreadyPublished(published) }
        do {
            return try await store.prepareBulletin(month: month, branch: branch, by: Self.actor(user), at: now)
        } catch ReachStoreError.bulletinAlreadyPublished(let published) {
            throw Refusal.alreadyPublished(published)
        }
    }

    /// Publishes the month's bulletin as `user`, who must be an approver (or admin) other than its preparer.
    ///
    /// - Returns: the preparation with its approver, and how many notices were queued.
    /// - Throws: `Refusal`, store errors.
    public func publish(
        _ bulletin: Bulletin, month: String, period: ReportPeriod, branch: Branch.ID, link: String, language: Language,
        by user: User, at now: Date
    ) async throws -> (preparation: BulletinPreparation, notices: Int) {
        guard Self.mayPublish(user) else { throw Refusal.mayNotPublish(user.role) }
        if let published = try await store.bulletin(month: month, branch: branch) { throw Refusal.alreadyPublished(published) }
        guard let preparation = try await store.bulletinPreparation(month: month, branch: branch) else {
            throw Refusal.notPrepared(month: month)
        }
        guard preparation.preparedBy.name != user.name.rawValue else { throw Refusal.ownPreparation(month: month) }
        do {
            return try await BulletinPublishing(store: store, reference: reference, notify: notify).publishSigned(
                bulletin, month: month, period: period, scope: branch, link: link, language: language,
                approvedBy: Self.actor(user), preparedIfNone: nil, at: now)
        } catch ReachStoreError.bulletinAlreadyPublished(let published) {
            throw Refusal.alreadyPublished(published)
        } catch BulletinPreparationStoreError.notPrepared {
            throw Refusal.notPrepared(month: month)
        }
    }
}

/// The words of four-eyes publishing: both languages side by side.
public enum BulletinFourEyesMessages {
    public static func mayNotPrepare(_ role: User.Role) -> Message {
        Message(zh: "您的角色（\(AccountMessages.role(role).zh)）不能制表。专刊由策划或管理员制表，再由另一位审核人发布。",
                en: "Your role (\(AccountMessages.role(role).en)) cannot prepare the bulletin. A planner or an admin prepares it; another person, an approver, publishes it.")
    }

    public static func mayNotPublish(_ role: User.Role) -> Message {
        Message(zh: "您的角色（\(AccountMessages.role(role).zh)）不能发布专刊。专刊由审核人或管理员发布，且不能是制表人本人。",
                en: "Your role (\(AccountMessages.role(role).en)) cannot publish the bulletin. An approver or an admin publishes it, and not the one who prepared it.")
    }

    public static func notPrepared(month: String) -> Message {
        Message(zh: "\(month) 专刊尚未制表，不能发布。请先由策划或管理员制表。",
                en: "The \(month) bulletin has not been prepared, so it cannot be published. A planner or an admin prepares it first.")
    }

    public static func ownPreparation(month: String) -> Message {
        Message(zh: "\(month) 专刊是您制表的，不能由您本人审核发布（四眼原则）。请由另一位审核人发布。",
                en: "You prepared the \(month) bulletin, so you cannot approve and publish it yourself (four-eyes rule). Another approver publishes it.")
    }
}
