import Foundation

extension Metric {
    /// The metric as a column header with its unit, the unit left out where the name says it already
    /// ("咨询人次", not "咨询人次（人次）"; "Listeners (estimated) (person-times)").
    public func header(_ language: Language) -> String {
        switch language {
        case .zh:
            return names.zh.contains(unit.zh) ? names.zh : "\(names.zh)（\(unit.zh)）"
        case .en:
            let name = names.text(.en)
            var unit = unit.text(.en)
            // A qualifier the name carries already ("(estimated)") is not repeated in the unit.
            if let open = unit.firstIndex(of: "("), name.contains(unit[open...]) {
                unit = unit[..<open].trimmingCharacters(in: .whitespaces)
            }
            return containsText(name.lowercased(), unit.lowercased()) ? name : "\(name) (\(unit))"
        }
    }
}
