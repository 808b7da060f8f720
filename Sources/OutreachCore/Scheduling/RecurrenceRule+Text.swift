extension RecurrenceRule {
    /// The rule in words, for people: `FREQ=WEEKLY;BYDAY=FR,MO;COUNT=2` reads 每周一、周五，共 2 次 /
    /// "weekly on Monday and Friday, 2 times". Files, JSON and calendars keep the RRULE text.
    ///
    /// - Parameter start: the first occurrence, which names the day of a rule that gives none
    ///   (`FREQ=WEEKLY` repeats on the start's weekday, `FREQ=MONTHLY` on its day of the month).
    public func text(_ language: Language, start: LocalDate? = nil) -> String {
        let en = language == .en
        var text = en ? englishPattern(start: start) : chinesePattern(start: start)
        if let count {
            text += PlanMessages.recurrenceCount(count).text(language)
        } else if let until {
            let last = untilIsDate ? until.date.description : "\(until.date) \(until.time)"
            text += PlanMessages.recurrenceUntil(last).text(language)
        }
        return text
    }

    private static let chineseWeekdays = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    private static let englishWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Weekdays in week order, each once.
    private var sortedWeekdays: [Int] { Array(Set(byDay.map(\.weekday))).sorted() }

    private func chinesePattern(start: LocalDate?) -> String {
        let days = { (weekdays: [Int]) in weekdays.map { Self.chineseWeekdays[$0 - 1] }.joined(separator: "、") }
        let monthDays = byMonthDay.sorted { ($0 > 0 ? $0 : 100 - $0) < ($1 > 0 ? $1 : 100 - $1) }.map { n in
            n > 0 ? "\(n) 日" : (n == -1 ? "最后一天" : "倒数第 \(-n) 天")
        }.joined(separator: "、")
        switch frequency {
        case .daily:
            var text = interval == 1 ? "每天" : "每 \(interval) 天"
            if !byMonthDay.isEmpty { text += "（仅每月" + (monthDays.first?.isNumber == true ? " " : "") + monthDays + "）" }
            if !byDay.isEmpty { text += "（仅\(days(sortedWeekdays))）" }
            return text
        case .weekly:
            let weekdays = byDay.isEmpty ? (start.map { [$0.weekday] } ?? []) : sortedWeekdays
            if interval == 1 { return weekdays.isEmpty ? "每周" : "每" + days(weekdays) }
            return "每 \(interval) 周" + (weekdays.isEmpty ? "" : "的" + days(weekdays))
        case .monthly:
            let lead = interval == 1 ? "每月" : "每 \(interval) 个月的"
            // A number after Chinese text is set off by a space: 每月 15 日.
            let spaced = { (rest: String) in lead + (rest.first?.isNumber == true ? " " : "") + rest }
            if !byMonthDay.isEmpty {
                return spaced(monthDays) + (byDay.isEmpty ? "" : "（逢\(days(sortedWeekdays))）")
            }
            if !byDay.isEmpty {
                return lead + byDay.map { entry -> String in
                    let day = Self.chineseWeekdays[entry.weekday - 1]
                    switch entry.ordinal {
                    case nil: return "每个" + day
                    case -1: return "最后一个" + day
                    case let n? where n < 0: return "倒数第 \(-n) 个" + day
                    case let n?: return "第 \(n) 个" + day
                    }
                }.joined(separator: "、")
            }
            return spaced(start.map { "\($0.day) 日" } ?? "")
        }
    }

    private func englishPattern(start: LocalDate?) -> String {
        let days = { (weekdays: [Int]) in Self.englishList(weekdays.map { Self.englishWeekdays[$0 - 1] }) }
        let monthDays = Self.englishList(
            byMonthDay.sorted { ($0 > 0 ? $0 : 100 - $0) < ($1 > 0 ? $1 : 100 - $1) }.map { n in
                n > 0 ? "day \(n)" : (n == -1 ? "the last day" : "the \(Self.ordinal(-n))-to-last day")
            })
        switch frequency {
        case .daily:
            var text = interval == 1 ? "daily" : "every \(interval) days"
            if !byMonthDay.isEmpty { text += ", on \(monthDays) of the month only" }
            if !byDay.isEmpty { text += ", on \(days(sortedWeekdays)) only" }
            return text
        case .weekly:
            let weekdays = byDay.isEmpty ? (start.map { [$0.weekday] } ?? []) : sortedWeekdays
            let lead = interval == 1 ? "weekly" : "every \(interval) weeks"
            return weekdays.isEmpty ? lead : "\(lead) on \(days(weekdays))"
        case .monthly:
            let lead = interval == 1 ? "monthly" : "every \(interval) months"
            if !byMonthDay.isEmpty {
                return "\(lead) on \(monthDays)" + (byDay.isEmpty ? "" : " when it is a \(Self.englishList(sortedWeekdays.map { Self.englishWeekdays[$0 - 1] }, conjunction: "or"))")
            }
            if !byDay.isEmpty {
                return "\(lead) on " + Self.englishList(byDay.map { entry -> String in
                    let day = Self.englishWeekdays[entry.weekday - 1]
                    switch entry.ordinal {
                    case nil: return "every \(day)"
                    case -1: return "the last \(day)"
                    case let n? where n < 0: return "the \(Self.ordinal(-n))-to-last \(day)"
                    case let n?: return "the \(Self.ordinal(n)) \(day)"
                    }
                })
            }
            return start.map { "\(lead) on day \($0.day)" } ?? lead
        }
    }

    /// "Monday", "Monday and Friday", "Monday, Wednesday and Friday".
    private static func englishList(_ items: [String], conjunction: String = "and") -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
    }

    /// 1st, 2nd, 3rd, 4th, 5th.
    private static func ordinal(_ n: Int) -> String {
        switch n {
        case 1: "1st"
        case 2: "2nd"
        case 3: "3rd"
        default: "\(n)th"
        }
    }
}
