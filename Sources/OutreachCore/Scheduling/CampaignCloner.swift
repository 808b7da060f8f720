/// Moves a campaign to another year (`outreach campaign clone ID --year 2028`).
///
/// - Dates keep their month and day (3·15 stays on 15 March; 29 February becomes the 28th).
/// - Events that repeat on weekdays (WEEKLY, or any BYDAY) move by whole weeks instead, to the nearest
///   date with the same weekday, so "every Tuesday" stays on Tuesdays.
/// - Ids and titles that mention the source year get the new year; other ids get `-YYYY` appended.
/// - Every event starts over as planned; the period grows if a weekday shift moves an event past it.
public enum CampaignCloner {
    public static func clone(_ campaign: Campaign, toYear year: Int) -> Campaign {
        let sourceYear = campaign.start.year
        let delta = year - sourceYear
        func moveDate(_ date: LocalDate) -> LocalDate {
            LocalDate(year: date.year + delta, month: date.month, day: date.day)
                ?? LocalDate(year: date.year + delta, month: date.month, day: date.day - 1)
                ?? date
        }
        func rename(_ text: String) -> String {
            let old = String(sourceYear), new = String(year)
            return text.contains(old) ? text.replacingAll(old, with: new) : text
        }
        func renameID(_ text: String) -> String {
            let renamed = rename(text)
            return renamed == text ? "\(text)-\(year)" : renamed
        }

        var copy = campaign
        copy.id = Campaign.ID(renameID(campaign.id.rawValue))
        copy.title = Names(zh: rename(campaign.title.zh), en: campaign.title.en.map(rename))
        copy.start = moveDate(campaign.start)
        copy.end = moveDate(campaign.end)
        copy.events = campaign.events.map { event in
            var moved = event
            moved.id = Event.ID(renameID(event.id.rawValue))
            moved.campaign = copy.id
            moved.title = Names(zh: rename(event.title.zh), en: event.title.en.map(rename))
            moved.status = .planned
            let start = event.timing.startDate
            let keepsWeekday = event.recurrence.map { $0.frequency == .weekly || !$0.byDay.isEmpty } ?? false
            let shift: Int
            if keepsWeekday {
                let target = moveDate(start)
                let days = start.days(until: target)
                shift = Int((Double(days) / 7).rounded()) * 7
            } else {
                shift = start.days(until: moveDate(start))
            }
            moved.timing = event.timing.moved(to: start.adding(days: shift))
            if var rule = event.recurrence {
                if let until = rule.until {
                    rule.until = LocalDateTime(
                        date: keepsWeekday ? until.date.adding(days: shift) : moveDate(until.date), time: until.time)
                }
                moved.recurrence = rule
            }
            moved.exceptDates = event.exceptDates.map { keepsWeekday ? $0.adding(days: shift) : moveDate($0) }
            return moved
        }
        for event in copy.events {
            copy.start = min(copy.start, event.timing.startDate)
            let bounded = event.recurrence.map { $0.count != nil || $0.until != nil } ?? false
            let horizon = bounded ? copy.end.adding(days: 14) : copy.end
            let last = event.occurrences(through: horizon).last?.endDate ?? event.timing.endDate
            copy.end = max(copy.end, last)
        }
        return copy
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
