import FinsamStore
import Foundation

/// Quantiles of the normal and Student's t distributions, for confidence intervals.
/// Hand-written: no listed Swift package offers them, and the code is small — the t
/// distribution function through the regularized incomplete beta function (continued
/// fraction, as in Numerical Recipes §6.4), inverted by bisection.
public enum Quantiles {
    /// The p-quantile of the standard normal distribution (0 < p < 1).
    public static func normal(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        // Φ(z) = erfc(−z/√2)/2 is monotone: bisection to machine precision is plenty fast here.
        return bisect(p, low: -40, high: 40) { 0.5 * erfc(-$0 / 2.0.squareRoot()) }
    }

    /// The p-quantile of Student's t distribution with `df` degrees of freedom (0 < p < 1).
    public static func t(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0)
        if p == 0.5 { return 0 }
        if p < 0.5 { return -t(1 - p, df: df) }
        var high = 1.0
        while tDistribution(high, df: df) < p { high *= 2 }
        return bisect(p, low: 0, high: high) { tDistribution($0, df: df) }
    }

    /// P(T ≤ t) for Student's t with `df` degrees of freedom.
    public static func tDistribution(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * incompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    private static func bisect(_ p: Double, low: Double, high: Double, _ f: (Double) -> Double) -> Double {
        var low = low, high = high
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if mid == low || mid == high { break }
            if f(mid) < p { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    /// The regularized incomplete beta function I_x(a, b).
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logBeta + logPowers)
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a: a, b: b) / a }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// Lentz's method for the continued fraction of I_x(a, b).
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
