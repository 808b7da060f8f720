/// The known value nearest to a likely typo, for "Did you mean …?".
///
/// Compares case-insensitively by edit distance; returns nil when nothing is close enough
/// (more than a third of the word would have to change). A value longer than
/// ``maximumSuggestedLength`` characters gets no suggestion, and a candidate whose length alone rules it
/// out is not compared, so the time stays linear in the value (a 20 MB cell in a hostile file took
/// minutes against every event id).
public func nearest(to value: String, in candidates: some Sequence<String>) -> String? {
    guard value.utf8.count <= 4 * maximumSuggestedLength else { return nil }
    let target = Array(value.lowercased())
    guard !target.isEmpty, target.count <= maximumSuggestedLength else { return nil }
    var best: (String, Int)?
    for candidate in candidates {
        let other = Array(candidate.lowercased())
        // The distance is at least the difference in length: past what is allowed, no need to compute it.
        guard abs(other.count - target.count) <= max(1, min(target.count, other.count) / 3) else { continue }
        let distance = editDistance(target, other)
        if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best, distance > 0 || candidate != value else { return nil }
    let allowed = max(1, min(target.count, candidate.count) / 3)
    return distance <= allowed ? candidate : nil
}

/// The longest value, in characters, that "Did you mean …?" looks for a near spelling of.
public let maximumSuggestedLength = 256

/// Whether `text` contains `part`, compared character by character. Foundation's `contains` is not used for
/// text from a file: on Linux it traps when `part` is `text` followed by U+0000 (found by fuzzing a reach file).
func containsText(_ text: String, _ part: String) -> Bool {
    let needle = Array(part)
    return needle.isEmpty || Array(text).firstRange(of: needle) != nil
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var twoBack = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            // An adjacent transposition ("tilte" for "title") counts as one edit.
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], twoBack[j - 2] + 1)
            }
        }
        (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[b.count]
}

/// Quotes and joins a list the way messages do: `'a', 'b' or 'c'` (English) or `'a'、'b' 或 'c'` (Chinese).
func quotedList(_ items: [String], _ language: Language, conjunction: (zh: String, en: String) = ("或", "or")) -> String {
    let quoted = items.map { "'\($0)'" }
    guard quoted.count > 1 else { return quoted.first ?? "" }
    switch language {
    case .en: return quoted.dropLast().joined(separator: ", ") + " \(conjunction.en) " + (quoted.last ?? "")
    case .zh: return quoted.dropLast().joined(separator: "、") + " \(conjunction.zh) " + (quoted.last ?? "")
    }
}
