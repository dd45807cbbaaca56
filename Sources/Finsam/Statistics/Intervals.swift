import FinsamStore
/// Confidence intervals of the measures a result shows. Shares are in percent (0–100), like
/// the cells that hold them; differences of shares in percentage points.
public struct Interval: Sendable, Equatable, Codable {
    /// The lower end.
    public var low: Double
    /// The upper end.
    public var high: Double

    /// An interval from `low` to `high`.
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// True when 0 lies outside: the difference is more than noise at this level.
    public var excludesZero: Bool { low > 0 || high < 0 }
}

/// The interval formulas of `with ci`: Wilson, Newcombe, t and Welch.
public enum Intervals {
    /// The two-sided normal critical value of a confidence level in percent (95 → 1.96).
    public static func z(level: Double) -> Double { Quantiles.normal(1 - (1 - level / 100) / 2) }

    /// Wilson's score interval of `part` out of `whole` (nil for an empty denominator).
    /// Unlike the textbook p ± z·se it stays inside 0–100 % and behaves for small cells.
    public static func wilson(part: Int, whole: Int, level: Double) -> Interval? {
        guard whole > 0, part >= 0, part <= whole else { return nil }
        let n = Double(whole), p = Double(part) / n, z = z(level: level), z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return Interval(low: 100 * max(0, centre - half), high: 100 * min(1, centre + half))
    }

    /// Newcombe's hybrid score interval (his method 10) of the difference last − first of two
    /// independent shares, from their Wilson intervals; in percentage points.
    public static func newcombe(first: (part: Int, whole: Int), last: (part: Int, whole: Int), level: Double) -> Interval? {
        guard let a = wilson(part: first.part, whole: first.whole, level: level),
              let b = wilson(part: last.part, whole: last.whole, level: level) else { return nil }
        let p1 = 100 * Double(first.part) / Double(first.whole), p2 = 100 * Double(last.part) / Double(last.whole)
        let d = p2 - p1
        func square(_ x: Double) -> Double { x * x }
        return Interval(low: d - (square(p2 - b.low) + square(a.high - p1)).squareRoot(),
                        high: d + (square(b.high - p2) + square(p1 - a.low)).squareRoot())
    }

    /// The t interval of an average from its sample standard deviation (nil below two values).
    public static func t(around average: Double, sd: Double, n: Int, level: Double) -> Interval? {
        guard n >= 2, sd.isFinite else { return nil }
        let half = Quantiles.t(1 - (1 - level / 100) / 2, df: Double(n - 1)) * sd / Double(n).squareRoot()
        return Interval(low: average - half, high: average + half)
    }

    /// Welch's interval of the difference last − first of two means with unequal variances.
    public static func meanDifference(first: (average: Double, sd: Double, n: Int), last: (average: Double, sd: Double, n: Int), level: Double) -> Interval? {
        guard first.n >= 2, last.n >= 2 else { return nil }
        let v1 = first.sd * first.sd / Double(first.n), v2 = last.sd * last.sd / Double(last.n)
        let se = (v1 + v2).squareRoot()
        let d = last.average - first.average
        guard se > 0 else { return Interval(low: d, high: d) }
        // Welch–Satterthwaite degrees of freedom.
        let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / Double(first.n - 1) + v2 * v2 / Double(last.n - 1))
        let half = Quantiles.t(1 - (1 - level / 100) / 2, df: df) * se
        return Interval(low: d - half, high: d + half)
    }
}
