import OutreachCore

/// The PostgreSQL store's own words: a URL it cannot read, a server it cannot reach. They travel in
/// `StoreError.database` as both lines (Chinese, then English).
public enum PostgresStoreMessages {
    /// The URL is not shown: it may hold a password.
    public static var badURL: Message {
        Message(
            zh: "无法识别 PostgreSQL 地址：应为 postgres://用户@主机:端口/数据库（密码请放在 PGPASSWORD 环境变量中）。",
            en: "Cannot read the PostgreSQL URL: expected postgres://user@host:port/database (put the password in PGPASSWORD)."
        )
    }

    public static func unreachable(_ reason: String) -> Message {
        Message(zh: "无法连接 PostgreSQL 服务器（\(reason)）。", en: "Cannot reach the PostgreSQL server (\(reason)).")
    }

    /// A URL with a password: commands print the database location, so the password goes in `PGPASSWORD`.
    public static var passwordInURL: Message {
        Message(
            zh: "PostgreSQL 地址中不能含密码（命令会显示数据库地址）：请去掉密码，改用 PGPASSWORD 环境变量。",
            en: "The PostgreSQL URL must not hold the password (commands show the database location): remove it and set PGPASSWORD."
        )
    }
}
