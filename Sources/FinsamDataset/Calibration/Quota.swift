/// Exact quotas: the calibration's basic move. Instead of drawing each row's attribute by
/// chance (and missing a published figure by sampling noise), a stage decides how many rows
/// of a population get a value and then picks which ones at random.
enum Quota {
    /// Picks `count` elements of `candidates` uniformly at random (partial Fisher–Yates);
    /// clamps `count` to what is there.
    static func draw(_ count: Int, from candidates: [Int32], _ random: inout SeededRandom) -> [Int32] {
        var pool = candidates
        let k = max(0, min(count, pool.count))
        for i in 0..<k {
            let j = i + random.below(pool.count - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<k])
    }

    /// Splits `members` into groups of the given sizes at random; the sizes are scaled
    /// proportionally if they do not add up to the members.
    static func split(_ members: [Int32], into sizes: [Int], _ random: inout SeededRandom) -> [[Int32]] {
        var pool = members
        pool.shuffle(using: &random)
        let sizes = scaled(sizes, to: pool.count)
        var groups: [[Int32]] = []
        var start = 0
        for size in sizes {
            groups.append(Array(pool[start..<(start + size)]))
            start += size
        }
        return groups
    }

    /// Integer sizes proportional to `weights` that add up to `total` (largest remainder).
    static func scaled(_ weights: [Int], to total: Int) -> [Int] {
        apportion(weights.map(Double.init), total: total)
    }

    static func apportion(_ weights: [Double], total: Int) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { $0 / sum * Double(total) }
        var result = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { exact[$0] - Double(result[$0]) > exact[$1] - Double(result[$1]) }
        for i in order.prefix(total - result.reduce(0, +)) { result[i] += 1 }
        return result
    }

    /// Assigns a yes/no attribute through nested or overlapping populations, in order: each
    /// population gets exactly its target count of yes among its eligible rows, counting the
    /// rows an earlier population already decided. Rows no population covers get `rate`.
    static func flag(rows: [Int32], eligible: (Int32) -> Bool, populations: [(contains: (Int32) -> Bool, target: Int)],
                     rate: Double, into flags: inout [Bool], _ random: inout SeededRandom) {
        var decided = [Bool](repeating: false, count: flags.count)
        for population in populations {
            var have = 0
            var open: [Int32] = []
            for row in rows where population.contains(row) {
                if decided[Int(row)] { if flags[Int(row)] { have += 1 } } else if eligible(row) { open.append(row) } else {
                    decided[Int(row)] = true
                    flags[Int(row)] = false
                }
            }
            for row in open { decided[Int(row)] = true; flags[Int(row)] = false }
            for row in draw(population.target - have, from: open, &random) { flags[Int(row)] = true }
        }
        // The rate applies to all remaining rows; the yes are drawn from the eligible ones.
        var rest: [Int32] = []
        var restCount = 0
        for row in rows where !decided[Int(row)] {
            flags[Int(row)] = false
            restCount += 1
            if eligible(row) { rest.append(row) }
        }
        for row in draw(Int((rate * Double(restCount)).rounded()), from: rest, &random) { flags[Int(row)] = true }
    }

    /// Like `flag`, for a category with several values: each population gets its target count
    /// per value (counting earlier decisions); the rest get `shares` proportionally.
    static func category(rows: [Int32], populations: [(contains: (Int32) -> Bool, targets: [Int])], shares: [Double],
                         into values: inout [UInt8], _ random: inout SeededRandom) {
        let undecided = UInt8.max
        for row in rows { values[Int(row)] = undecided }
        for population in populations {
            var have = [Int](repeating: 0, count: shares.count)
            var open: [Int32] = []
            for row in rows where population.contains(row) {
                let v = values[Int(row)]
                if v == undecided { open.append(row) } else { have[Int(v)] += 1 }
            }
            let need = zip(population.targets, have).map { max(0, $0 - $1) }
            for (value, group) in split(open, into: need, &random).enumerated() {
                for row in group { values[Int(row)] = UInt8(value) }
            }
        }
        let rest = rows.filter { values[Int($0)] == undecided }
        let sizes = apportion(shares, total: rest.count)
        for (value, group) in split(rest, into: sizes, &random).enumerated() {
            for row in group { values[Int(row)] = UInt8(value) }
        }
    }
}
