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
        var text = ReportMessages.bulletinPublished(month: month, bulletin: bulletin).text(language)
        if figuresDiffer {
            text += ReportMessages.changedSincePublished(month: month).text(language)
        }
        return text
    }
}
