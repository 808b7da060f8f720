import OutreachCore

/// The PostgreSQL store's own words: a URL it cannot read, a server it cannot reach, and what it does not do yet.
enum PostgresStoreMessages {
    static func badURL(_ url: String) -> String {
        Message(
            zh: "无法识别 PostgreSQL 地址 '\(url)'：应为 postgres://用户@主机:端口/数据库。",
            en: "Cannot read the PostgreSQL URL '\(url)': expected postgres://user@host:port/database."
        ).bothLines
    }

    static func unreachable(_ reason: String) -> String {
        Message(zh: "无法连接 PostgreSQL 服务器（\(reason)）。", en: "Cannot reach the PostgreSQL server (\(reason)).").bothLines
    }

    /// A store operation not yet written for PostgreSQL.
    static func notYetAvailable(_ operation: String) -> String {
        Message(
            zh: "\(operation) 在 PostgreSQL 存储中尚不可用。",
            en: "\(operation) is not yet available on the PostgreSQL store."
        ).bothLines
    }
}

/// Thrown by the operations the PostgreSQL store does not do yet (see `PostgresStore+NotYetAvailable.swift`).
public struct PostgresNotYetAvailable: Error, Equatable, Sendable, CustomStringConvertible {
    public let operation: String
    public var description: String { "\(operation) is not yet available on the PostgreSQL store." }
}
