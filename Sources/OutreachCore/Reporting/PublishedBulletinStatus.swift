/// What a report or bulletin of a month says when that month's bulletin is published already: when and by whom,
/// and whether the month's figures changed since (the next bulletin then restates them).
public struct PublishedBulletinStatus: Hashable, Sendable {
    public var bulletin: PublishedBulletin
    /// The month's figures now differ from those the bulletin was issued with (reach changed after publishing).
    public var figuresDiffer: Bool

    /// Compares the month's figures now with those the bulletin was issued with.
    public init(_ bulletin: PublishedBulletin, current: BulletinFigures) {
        self.bulletin = bulletin
        figuresDiffer = BulletinFigures.from(json: bulletin.figures).map { !Bulletin.differences($0, current).isEmpty } ?? false
    }

    /// "The 2026-11 bulletin was published on … by …." and, when the figures changed, that these differ from it.
    public func message(_ language: Language) -> String {
        let month = bulletin.month
        var text = language.pick(
            "\(month) 的专刊\(bulletin.publishedText(.zh))。", "The \(month) bulletin \(bulletin.publishedText(.en)).")
        if figuresDiffer {
            text += language.pick(
                "此后 \(month) 的触达数据有变动：这里的数字与已发布的专刊不同，下一期专刊将作更正说明。",
                " Reach for \(month) changed after it was published: these figures differ from the published bulletin, and the next bulletin restates them.")
        }
        return text
    }
}
