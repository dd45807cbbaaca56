/// Iterative proportional fitting on a two-way table of cells (sex × age class): finds cell
/// counts whose row sums and column sums meet published margins, starting from the cell
/// sizes, then rounds them so the row sums are exact.
enum Raking {
    /// `sizes[r][c]`: eligible rows in the cell; `rowTargets`, `columnTargets`: wanted sums.
    static func fit(sizes: [[Int]], rowTargets: [Int], columnTargets: [Double]) -> [[Int]] {
        let rows = sizes.count, columns = sizes[0].count
        var cell = sizes.map { $0.map(Double.init) }
        // Start from a common rate, then alternate the two margins.
        let rate = Double(rowTargets.reduce(0, +)) / Double(max(1, sizes.joined().reduce(0, +)))
        for r in 0..<rows { for c in 0..<columns { cell[r][c] *= rate } }
        for _ in 0..<200 {
            for c in 0..<columns {
                let sum = (0..<rows).map { cell[$0][c] }.reduce(0, +)
                guard sum > 0 else { continue }
                for r in 0..<rows { cell[r][c] *= columnTargets[c] / sum }
            }
            for r in 0..<rows {
                let sum = cell[r].reduce(0, +)
                guard sum > 0 else { continue }
                for c in 0..<columns { cell[r][c] *= Double(rowTargets[r]) / sum }
            }
            for r in 0..<rows { for c in 0..<columns { cell[r][c] = min(cell[r][c], Double(sizes[r][c])) } }
        }
        return (0..<rows).map { r in
            var counts = Quota.apportion(cell[r], total: rowTargets[r])
            for c in 0..<columns { counts[c] = min(counts[c], sizes[r][c]) }
            return counts
        }
    }

    /// Cell means `rowEffect[r] + columnEffect[c]` whose weighted row and column means meet
    /// published means (an additive model fitted by backfitting).
    static func additiveMeans(sizes: [[Int]], rowMeans: [Double], columnMeans: [Double]) -> [[Double]] {
        let rows = sizes.count, columns = sizes[0].count
        var a = rowMeans, b = [Double](repeating: 0, count: columns)
        for _ in 0..<100 {
            for c in 0..<columns {
                let n = (0..<rows).map { Double(sizes[$0][c]) }.reduce(0, +)
                guard n > 0 else { continue }
                b[c] = (columnMeans[c] * n - (0..<rows).map { Double(sizes[$0][c]) * a[$0] }.reduce(0, +)) / n
            }
            for r in 0..<rows {
                let n = Double(sizes[r].reduce(0, +))
                guard n > 0 else { continue }
                a[r] = (rowMeans[r] * n - (0..<columns).map { Double(sizes[r][$0]) * b[$0] }.reduce(0, +)) / n
            }
        }
        return (0..<rows).map { r in (0..<columns).map { c in a[r] + b[c] } }
    }
}
