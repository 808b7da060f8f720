import OutreachApp
import OutreachCore

/// The words of the web pages: both languages side by side.
enum WebMessages {
    static var appName: Message {
        Message(zh: "金融知识宣传",
                en: "Outreach")
    }

    static var signInTitle: Message {
        Message(zh: "登录",
                en: "Sign in")
    }

    static var userName: Message {
        Message(zh: "用户名",
                en: "User name")
    }

    static var password: Message {
        Message(zh: "密码",
                en: "Password")
    }

    static var signInButton: Message {
        Message(zh: "登录",
                en: "Sign in")
    }

    static var signOutButton: Message {
        Message(zh: "退出登录",
                en: "Sign out")
    }

    static var wrongNameOrPassword: Message {
        Message(zh: "用户名或密码不正确。",
                en: "The user name or password is wrong.")
    }

    static func throttled(minutes: Int) -> Message {
        Message(zh: "登录失败次数过多，请 \(minutes) 分钟后再试。",
                en: "Too many failed sign-ins. Try again in \(minutes) minutes.")
    }

    static var formExpired: Message {
        Message(zh: "表单已过期或来源不明，未做任何处理。请重新打开页面再提交。",
                en: "The form has expired or did not come from this site, so nothing was done. Open the page again and resubmit.")
    }

    static func signedInAs(displayName: String, role: User.Role) -> Message {
        Message(zh: "\(displayName)（\(AccountMessages.role(role).zh)）",
                en: "\(displayName) (\(AccountMessages.role(role).en))")
    }

    /// The home page's title; `scope` nil for every branch.
    static func agendaTitle(scope: BilingualName?) -> Message {
        Message(zh: "\(scope?.zh ?? "全部机构")：今天和接下来 6 天的活动",
                en: "\(scope.map { $0.en ?? $0.zh } ?? "All branches"): today and the next 6 days")
    }

    static var today: Message {
        Message(zh: "今天",
                en: "Today")
    }

    static var noEventsToday: Message {
        Message(zh: "今天没有活动。",
                en: "No events today.")
    }

    static var laterDays: Message {
        Message(zh: "接下来 6 天",
                en: "The next 6 days")
    }

    static var noEventsLater: Message {
        Message(zh: "接下来 6 天没有活动。",
                en: "No events in the next 6 days.")
    }

    static var notFoundTitle: Message {
        Message(zh: "没有这个页面",
                en: "No such page")
    }

    static var notFound: Message {
        Message(zh: "这个地址没有页面。请从首页重新进入。",
                en: "There is no page at this address. Start again from the home page.")
    }

    static var homeLink: Message {
        Message(zh: "回到首页",
                en: "Home")
    }
}
