/// Published shares are whole percents of subgroups and of their union ("32 %; women 29 %,
/// men 37 %"). Rounding each subgroup's count separately can push the union over a rounding
/// edge, so the counts are chosen together.
enum Rounding {
    /// True when `part / whole` rounds to `percent` (half up, as published tables do).
    static func rounds(_ part: Int, of whole: Int, to percent: Int) -> Bool {
        guard whole > 0 else { return false }
        let twiceHundred = 200 * part, low = (2 * percent - 1) * whole, high = (2 * percent + 1) * whole
        return twiceHundred >= low && twiceHundred < high
    }

    /// Counts for each group (sizes `sizes`) whose shares round to `percents`, and whose sum
    /// rounds to `total` of the union, closest to the exact shares. Falls back to the plain
    /// rounding when no combination fits (only at tiny scales).
    static func counts(sizes: [Int], percents: [Int], total: Int?) -> [Int] {
        let ranges = zip(sizes, percents).map { range(size: $0, percent: $1) }
        let plain = zip(sizes, percents).map { Int((Double($0) * Double($1) / 100).rounded()) }
        guard let total else { return plain }
        let whole = sizes.reduce(0, +)
        var best: [Int]?
        var bestCost = Double.infinity
        func search(_ i: Int, _ chosen: [Int]) {
            if i == sizes.count {
                guard rounds(chosen.reduce(0, +), of: whole, to: total) else { return }
                let cost = zip(chosen, plain).map { Double(($0 - $1) * ($0 - $1)) }.reduce(0, +)
                if cost < bestCost { bestCost = cost; best = chosen }
                return
            }
            // Try the values nearest the exact fraction first; the ranges are a few dozen wide.
            for value in ranges[i].sorted(by: { abs($0 - plain[i]) < abs($1 - plain[i]) }) {
                search(i + 1, chosen + [value])
                if bestCost == 0 { return }
            }
        }
        search(0, [])
        return best ?? plain
    }
}

extension Rounding {
    /// The counts of a size whose percent rounds to `percent`.
    static func range(size: Int, percent: Int) -> ClosedRange<Int> {
        let center = Int((Double(size) * Double(percent) / 100).rounded())
        var lo = center, hi = center
        while lo > 0, rounds(lo - 1, of: size, to: percent) { lo -= 1 }
        while hi < size, rounds(hi + 1, of: size, to: percent) { hi += 1 }
        return rounds(center, of: size, to: percent) ? lo...hi : center...center
    }

    /// Integers within `ranges`, adding up to `total`, as close to `centers` as they allow.
    static func distribute(_ total: Int, ranges: [ClosedRange<Int>], centers: [Double]) -> [Int] {
        var values = zip(ranges, centers).map { min(max(Int($1.rounded()), $0.lowerBound), $0.upperBound) }
        var gap = total - values.reduce(0, +)
        while gap != 0 {
            // Move the value that is furthest on the other side of its center and still has room.
            let step = gap > 0 ? 1 : -1
            let candidates = values.indices.filter { ranges[$0].contains(values[$0] + step) }
            let above = candidates.map { Double(values[$0]) - centers[$0] }
            guard !candidates.isEmpty else { break }
            let pick = step > 0 ? above.indices.min { above[$0] < above[$1] }! : above.indices.max { above[$0] < above[$1] }!
            let i = candidates[pick]
            values[i] += step
            gap -= step
        }
        return values
    }
}

/// Counts for one published result among the rows ended in 2018, consistent across its
/// margins: by sex, for all, and where published for ung / not ung / ung with AE.
struct ResultCounts {
    /// By sex (kvinna, man).
    let bySex: [Int]
    /// By class (AE, ung without AE, not ung); nil when no class margin is published.
    let byClass: [Int]?

    /// `sexSizes`: rows per sex; `classSizes`: rows per class (summed over sex).
    init(_ shares: PublishedFigures.ResultShares, sexSizes: [Int], classSizes: [Int], exactBySex: [Int]? = nil) {
        let whole = sexSizes.reduce(0, +)
        let sexRanges = exactBySex.map { $0.map { $0...$0 } }
            ?? zip(sexSizes, [shares.kvinna, shares.man]).map { Rounding.range(size: $0, percent: $1) }
        let allRange = Rounding.range(size: whole, percent: shares.all)
        let ungSize = classSizes[0] + classSizes[1], notSize = classSizes[2]
        let ungRange = shares.ung.map { Rounding.range(size: ungSize, percent: $0) } ?? 0...ungSize
        let notRange = shares.notUng.map { Rounding.range(size: notSize, percent: $0) } ?? 0...notSize
        var lo = max(sexRanges.map(\.lowerBound).reduce(0, +), allRange.lowerBound)
        var hi = min(sexRanges.map(\.upperBound).reduce(0, +), allRange.upperBound)
        if shares.ung != nil || shares.notUng != nil {
            lo = max(lo, ungRange.lowerBound + notRange.lowerBound)
            hi = min(hi, ungRange.upperBound + notRange.upperBound)
        }
        // Keep away from the rounding edges, so later rounding of cells cannot tip a margin.
        let inset = max(0, (hi - lo) / 4)
        let center = Double(whole * shares.all) / 100
        let total = lo > hi ? Int(center.rounded()) : min(max(Int(center.rounded()), lo + inset), hi - inset)
        bySex = Rounding.distribute(total, ranges: sexRanges,
                                    centers: zip(sexSizes, [shares.kvinna, shares.man]).map { Double($0 * $1) / 100 })
        guard shares.ung != nil || shares.notUng != nil || shares.ungAE != nil else { byClass = nil; return }
        let (ung, not): (Int, Int)
        if shares.ung != nil || shares.notUng != nil {
            let pair = Rounding.distribute(total, ranges: [ungRange, notRange],
                                           centers: [Double(ungSize * (shares.ung ?? shares.all)) / 100, Double(notSize * (shares.notUng ?? shares.all)) / 100])
            (ung, not) = (pair[0], pair[1])
        } else {
            let rest = total - Int((Double(classSizes[0] * shares.ungAE!) / 100).rounded())
            let pair = Quota.apportion([Double(classSizes[1]), Double(classSizes[2])], total: rest)
            (ung, not) = (total - pair[1], pair[1])
        }
        var ae = Int((Double(classSizes[0]) * Double(shares.ungAE ?? (shares.ung ?? shares.all)) / 100).rounded())
        if let percent = shares.ungAE {
            let r = Rounding.range(size: classSizes[0], percent: percent)
            ae = min(max(ae, r.lowerBound), r.upperBound)
        }
        ae = min(max(ae, ung - classSizes[1]), ung)
        byClass = [ae, ung - ae, not]
    }
}
