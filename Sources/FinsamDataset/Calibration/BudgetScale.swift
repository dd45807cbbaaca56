#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// G3: the factor by which each insats's drawn budget is scaled so that, every year, the budgets
/// of the insatser active in it come to a set fraction of that year's financing.
///
/// A budget is kronor per year and stays the same while an insats runs, so one insats cannot
/// follow the money of each of its years. Instead every year has a scale, an insats takes the
/// geometric average of the scales of its years, and the year scales are found by iteration: each
/// pass multiplies a year's scale by its target over its current sum. (Solving year by year for
/// the insatser that start in it would be exact, but would load a rise in the money, as in 2016,
/// onto the few that start that year alone.) The sums respond to the scales through an averaging
/// matrix (its eigenvalues lie in [0, 1]), so to first order each pass shrinks the errors and the
/// sums settle; the passes run until no year is off by more than 0,01 %, under a hundred of them.
enum BudgetScale {
    /// - Parameters:
    ///   - drawn: each insats's drawn budget, kronor per year.
    ///   - counted: whether its budget is there (a missing one counts in no sum).
    ///   - years: the calibrated years it is active in (at least one each).
    ///   - target: per calibrated year, what the budgets active in it should sum to.
    static func factors(drawn: [Double], counted: [Bool], years: [ClosedRange<Int>], target: [Int: Double]) -> [Double] {
        let first = target.keys.min()!
        var logScale = [Double](repeating: 0, count: target.count)
        var factor = [Double](repeating: 1, count: drawn.count)
        for _ in 0..<1000 {
            for i in drawn.indices {
                let span = years[i]
                let sum = span.reduce(0.0) { $0 + logScale[$1 - first] }
                factor[i] = exp(sum / Double(span.count))
            }
            var total = [Double](repeating: 0, count: target.count)
            for i in drawn.indices where counted[i] {
                for year in years[i] { total[year - first] += drawn[i] * factor[i] }
            }
            var worst = 0.0
            for year in target.keys.sorted() {
                let ratio = target[year]! / total[year - first]
                worst = max(worst, abs(ratio - 1))
                logScale[year - first] += log(ratio)
            }
            if worst < 1e-4 { break }
        }
        return factor
    }
}
