import FinsamStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// `with test`: Pearson's chi-square test of independence of a crosstab's counts, with its
/// degrees of freedom, p-value and Cramér's V; Fisher's exact test for a 2×2 table whose
/// expected counts are too small for chi-square (Cochran's rule: none below 1, at most 20 %
/// below 5). The missing value's row and column are left out: the test is of known values.
enum ChiSquare {
    struct Result: Equatable {
        var statistic: Double
        var degreesOfFreedom: Int
        var p: Double
        var cramersV: Double
        var n: Int
    }

    enum Outcome: Equatable {
        case chiSquare(Result)
        /// Fisher's exact test (two-sided) of a 2×2 table.
        case fisher(p: Double, n: Int)
        /// Too small for chi-square and not 2×2: the fraction of cells expected below 5.
        case tooSmall(shareBelowFive: Double)
        /// Fewer than two rows or columns with counts.
        case degenerate
    }

    static func test(_ observed: [[Int]]) -> Outcome {
        // Rows and columns without any count carry nothing.
        var table = observed.filter { $0.reduce(0, +) > 0 }
        guard let width = table.first?.count else { return .degenerate }
        let columns = (0..<width).filter { c in table.contains { $0[c] > 0 } }
        table = table.map { row in columns.map { row[$0] } }
        guard table.count >= 2, columns.count >= 2 else { return .degenerate }
        let rowSums = table.map { $0.reduce(0, +) }
        let columnSums = columns.indices.map { c in table.reduce(0) { $0 + $1[c] } }
        let n = rowSums.reduce(0, +)
        var statistic = 0.0, below5 = 0, below1 = false
        for (i, row) in table.enumerated() {
            for (j, o) in row.enumerated() {
                let e = Double(rowSums[i]) * Double(columnSums[j]) / Double(n)
                if e < 5 { below5 += 1 }
                if e < 1 { below1 = true }
                statistic += (Double(o) - e) * (Double(o) - e) / e
            }
        }
        let cells = table.count * columns.count
        let shareBelow5 = Double(below5) / Double(cells)
        if below1 || shareBelow5 > 0.2 {
            if table.count == 2, columns.count == 2 {
                return .fisher(p: fisher(table[0][0], table[0][1], table[1][0], table[1][1]), n: n)
            }
            return .tooSmall(shareBelowFive: shareBelow5)
        }
        let df = (table.count - 1) * (columns.count - 1)
        let v = (statistic / (Double(n) * Double(min(table.count, columns.count) - 1))).squareRoot()
        return .chiSquare(Result(statistic: statistic, degreesOfFreedom: df, p: upperGamma(Double(df) / 2, statistic / 2), cramersV: v, n: n))
    }

    /// Fisher's exact test, two-sided: the probability of every table with these margins that is
    /// no more likely than the one observed.
    static func fisher(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        let (r1, r2, c1) = (a + b, c + d, a + c)
        let n = r1 + r2
        func logChoose(_ n: Int, _ k: Int) -> Double { lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) }
        func logP(_ x: Int) -> Double { logChoose(r1, x) + logChoose(r2, c1 - x) - logChoose(n, c1) }
        let observed = logP(a)
        var p = 0.0
        for x in max(0, c1 - r2)...min(r1, c1) where logP(x) <= observed + 1e-7 { p += exp(logP(x)) }
        return min(1, p)
    }

    /// Q(s, x), the regularized upper incomplete gamma function: the chi-square's p-value is
    /// Q(df / 2, χ² / 2). A series below s + 1, Lentz's continued fraction above.
    static func upperGamma(_ s: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let logPrefix = s * log(x) - x - lgamma(s)
        if x < s + 1 {
            var term = 1 / s, sum = term, k = s
            for _ in 0..<10_000 {
                k += 1
                term *= x / k
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - s, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - s)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, exp(logPrefix) * h)
    }
}

extension ChiSquare {
    /// The notes under a crosstab `with test`, from its full groups (by × pivot).
    static func notes(_ full: Aggregate, rows: Aggregate, pivot: DimensionKeys, byKeys: [DimensionKeys], locale: DisplayLocale) throws(FinsamError) -> [String] {
        if let set = (byKeys + [pivot]).first(where: { !$0.codes.isSingleValued }) {
            throw FinsamError(Message(.testSet, set.name),
                              hint: Message(.testSetHint), kind: .type)
        }
        func known(_ keys: DimensionKeys, _ code: Int) -> Bool { Int32(code) != keys.missingCode }
        let rowCodes = rows.keys.indices.map { rows.codes(ofGroup: $0) }.filter { codes in zip(byKeys, codes).allSatisfy(known) }
        var columnCodes = Set<Int>()
        var counts: [[Int]: Int] = [:]
        for g in full.keys.indices {
            let codes = full.codes(ofGroup: g)
            guard known(pivot, codes.last!) else { continue }
            columnCodes.insert(codes.last!)
            counts[codes] = full.counts[g]
        }
        let columns = columnCodes.sorted()
        let observed = rowCodes.map { r in columns.map { counts[r + [$0]] ?? 0 } }
        switch test(observed) {
        case .chiSquare(let r):
            let p = r.p < 0.001 ? "< " + locale.decimal(0.001, decimals: 3) : locale.decimal(r.p, decimals: 3)
            return [locale.text(Message(.noteChiSquare, locale.decimal(r.statistic, decimals: 1), r.degreesOfFreedom, r.p < 0.001 ? p : "= " + p,
                                        locale.decimal(r.cramersV, decimals: 2), locale.integer(r.n)))]
        case .fisher(let p, let n):
            let text = p < 0.001 ? "< " + locale.decimal(0.001, decimals: 3) : "= " + locale.decimal(p, decimals: 3)
            return [locale.text(Message(.noteFisher, text, locale.integer(n)))]
        case .tooSmall(let fraction):
            throw FinsamError(Message(.testSmallCells, Int((fraction * 100).rounded())),
                              hint: Message(.testSmallCellsHint), kind: .type)
        case .degenerate:
            throw FinsamError(Message(.testTwoByTwo), kind: .type)
        }
    }
}
