/// A seeded generator (SplitMix64), so the built-in dataset is the same on every machine
/// and every run (public: the differential tests draw their queries from it too). The standard
/// library's generator cannot be seeded, hence our own.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one stage, so changing one stage leaves the others' draws alone.
    init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf29ce484222325
        for b in stream.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        state = seed ^ h
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: n).multipliedFullWidth(by: next())).high)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9007199254740992.0) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An index drawn with probability proportional to `weights`.
    mutating func pick(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = unit() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }
}

/// Cumulative weights for many draws from one distribution.
struct WeightedChoice {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var sum = 0.0
        cumulative = weights.map { sum += $0; return sum }
    }

    var isEmpty: Bool { cumulative.last ?? 0 <= 0 }

    func pick(_ random: inout SeededRandom) -> Int {
        let u = random.unit() * cumulative.last!
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
