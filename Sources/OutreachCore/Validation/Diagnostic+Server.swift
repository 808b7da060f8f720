extension Diagnostic {
    /// Messages about the `server:` configuration.
    func serverMessage(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .invalidHost(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected an address to listen on, like '127.0.0.1' or '0.0.0.0'."
                : "'\(field)' 的值 '\(value)' 无效。应为要监听的地址，例如 '127.0.0.1' 或 '0.0.0.0'。"
        case .invalidPort(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected a port from 0 to 65535, like '8080' (0: any free port)."
                : "'\(field)' 的值 '\(value)' 无效。应为 0 到 65535 之间的端口号，例如 '8080'（0 表示任一空闲端口）。"
        case .invalidSessionLifetime(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected minutes, hours or days from 5m to 30d, like '90m' or '12h'."
                : "'\(field)' 的值 '\(value)' 无效。应为 5m 到 30d 之间的分钟、小时或天数，例如 '90m' 或 '12h'。"
        case .invalidTrustedProxy(let field, let value):
            return en
                ? "The value '\(value)' is invalid for '\(field)'. Expected an IP address or a network, like '127.0.0.1', '10.0.0.0/8' or 'fd00::/8'."
                : "'\(field)' 的值 '\(value)' 无效。应为 IP 地址或网段，例如 '127.0.0.1'、'10.0.0.0/8' 或 'fd00::/8'。"
        default:
            return message(language)
        }
    }
}
