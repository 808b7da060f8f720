import OutreachCore

/// What account changes and sign-ins say: both languages side by side.
public enum AccountMessages {
    public static func invalidName(_ name: String) -> Message {
        Message(zh: "用户名 '\(name)' 无效。用户名为 1 到 64 个英文字母、数字、'.'、'_' 或 '-'，以字母或数字开头。",
                en: "The user name '\(name)' is invalid. Use 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.")
    }

    public static func nameTaken(_ name: String) -> Message {
        Message(zh: "用户 '\(name)' 已存在。要给他新密码，请用 'outreach user passwd \(name)'。",
                en: "The user '\(name)' already exists. To give them a new password, use 'outreach user passwd \(name)'.")
    }

    public static func notFound(_ name: String) -> Message {
        Message(zh: "没有名为 '\(name)' 的用户。",
                en: "No user named '\(name)'.")
    }

    public static var branchRequired: Message {
        Message(zh: "网点员工（branch-staff）必须指定所属机构（--branch）。",
                en: "Branch staff need a branch (--branch).")
    }

    public static func unknownBranch(_ branch: String) -> Message {
        Message(zh: "没有编号为 '\(branch)' 的机构。",
                en: "No branch with id '\(branch)'.")
    }

    /// The words for a role, one `case` a line.
    public static func role(_ role: User.Role) -> Message {
        switch role {
        case .admin: Message(zh: "管理员", en: "admin")
        case .planner: Message(zh: "策划", en: "planner")
        case .approver: Message(zh: "审核人", en: "approver")
        case .branchStaff: Message(zh: "网点员工", en: "branch staff")
        case .viewer: Message(zh: "只读", en: "viewer")
        }
    }
}

extension User.Role {
    /// The role in words.
    public func text(_ language: Language) -> String { AccountMessages.role(self).text(language) }
}
