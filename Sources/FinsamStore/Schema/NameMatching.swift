/// Name and value matching shared by every layer that resolves what a user typed:
/// Swedish letters fold to ASCII (`kon` finds `kön`), en dash folds to hyphen
/// (`16-29` finds `16–29`), and a near miss yields a suggestion.
public enum NameMatching {
    /// The ASCII spelling of a name: å/ä → a, ö → o, é → e, – and — → -, lower case.
    public static func fold(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.lowercased().unicodeScalars {
            switch scalar {
            case "å", "ä", "à", "á", "â": out.append("a")
            case "ö", "ó", "ò", "ô": out.append("o")
            case "é", "è", "ê", "ë": out.append("e")
            case "ü": out.append("u")
            case "–", "—", "−": out.append("-")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The candidate closest to `name` by edit distance on folded spellings, if close enough
    /// to be a plausible typo (at most a third of the longer word, and at most 3 edits).
    public static func suggestion<S: Sequence>(for name: String, among candidates: S) -> String?
    where S.Element == String {
        let target = Array(fold(name).unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let folded = Array(fold(candidate).unicodeScalars)
            guard abs(folded.count - target.count) <= 3 else { continue }  // the distance is at least this
            let distance = editDistance(target, folded)
            let limit = min(3, max(1, max(target.count, folded.count) / 3))
            guard distance <= limit else { continue }
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// A user's text for a message: cut to `limit` characters.
    public static func excerpt(_ text: String, limit: Int = 60) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// Damerau–Levenshtein distance (optimal string alignment): a swapped pair counts once.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
