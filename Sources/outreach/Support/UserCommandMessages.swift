import OutreachApp
import OutreachCore

/// The text of `outreach user …` and `outreach serve`: both languages side by side.
enum UserCommandMessages {
    static func added(name: String, role: User.Role, password: String) -> Message {
        Message(zh: "已添加用户 '\(name)'（\(AccountMessages.role(role).zh)）。一次性密码（只显示这一次，请当面或通过安全渠道交给本人）：\n\(password)\n",
                en: "Added the user '\(name)' (\(AccountMessages.role(role).en)). One-time password (shown only this once; hand it over in person or by a safe channel):\n\(password)\n")
    }

    static func passwordChanged(name: String, password: String) -> Message {
        Message(zh: "已为用户 '\(name)' 设置新的一次性密码，其已登录的会话均已退出（只显示这一次）：\n\(password)\n",
                en: "Gave the user '\(name)' a new one-time password and signed out all their sessions (shown only this once):\n\(password)\n")
    }

    static func disabled(name: String) -> Message {
        Message(zh: "已停用用户 '\(name)'，其已登录的会话均已退出。\n",
                en: "Disabled the user '\(name)' and signed out all their sessions.\n")
    }

    static var noUsers: Message {
        Message(zh: "还没有用户。添加第一个管理员：outreach user add NAME --role admin\n",
                en: "There are no users yet. Add the first admin: outreach user add NAME --role admin\n")
    }

    static var listHeaders: [Message] {
        [
            Message(zh: "用户名", en: "Name"),
            Message(zh: "显示名", en: "Display name"),
            Message(zh: "角色", en: "Role"),
            Message(zh: "机构", en: "Branch"),
            Message(zh: "状态", en: "State"),
        ]
    }

    static var enabled: Message {
        Message(zh: "启用", en: "enabled")
    }

    static var disabledState: Message {
        Message(zh: "已停用", en: "disabled")
    }

    static var everyBranch: Message {
        Message(zh: "全部", en: "all")
    }

    /// `outreach serve` on start: where it listens.
    static func listening(url: String) -> Message {
        Message(zh: "网页服务已启动：\(url)（SIGTERM 或 Ctrl-C 停止）\n",
                en: "The web app is listening at \(url) (SIGTERM or Ctrl-C stops it)\n")
    }

    /// `outreach serve` with no user yet.
    static var firstAdmin: Message {
        Message(zh: "还没有任何用户。先添加第一个管理员（会打印一次性密码）：\n  outreach user add NAME --role admin\n",
                en: "There are no users yet. Add the first admin first (it prints a one-time password):\n  outreach user add NAME --role admin\n")
    }

    /// `outreach serve` without a `notify:` section: the worker does not run.
    static var noWorker: Message {
        Message(zh: "没有 'notify:' 配置，通知发送进程不运行；只提供网页。\n",
                en: "No 'notify:' configuration, so the notice worker does not run; serving the web app only.\n")
    }

    static func invalidPort(port: Int) -> Message {
        Message(zh: "'--port' 的值 '\(port)' 无效。应为 0 到 65535 之间的端口号（0 表示任一空闲端口）。",
                en: "The value '\(port)' is invalid for '--port'. Expected a port from 0 to 65535 (0: any free port).")
    }

    static func serverErrorsNothingDone(count: Int, path: String) -> Message {
        Message(zh: "'\(path)' 的 'server:' 部分有 \(count) 处错误，服务未启动。\n",
                en: "\(count) error\(count == 1 ? "" : "s") in the 'server:' section of '\(path)'; the server was not started.\n")
    }

    static func cannotListen(host: String, port: Int, reason: String) -> Message {
        Message(zh: "无法在 \(host):\(port) 上监听：\(reason)。",
                en: "Cannot listen on \(host):\(port): \(reason).")
    }
}
