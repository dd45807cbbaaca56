import FinsamStore
/// The cross-classification behind a result — every combination of its dimensions' values and
/// every margin (a dimension summed over: row totals, column totals, the grand total) — with the
/// units (persons) each cell of each measure rests on.
///
/// Small-cell suppression decides here, not on the table as laid out: `by a, b`, `by a across b`
/// and `by a compare b` show different margins, and a cell hidden in one layout must not follow
/// from another (a total column in one, the other cell of its row in the next). Every cell is
/// protected as if all its margins were published (docs/suppression.md).
struct SuppressionCube {
    /// A cell: one code per dimension (in the layout's order), `all` where summed over.
    typealias Coordinates = [Int]
    static let all = -1

    let dimensionCount: Int
    /// Per measure: the units of every cell present (persons where few), which decide what is
    /// small, and its rows, which order the candidates for secondary suppression (rows, not
    /// persons: whether persons were counted depends on the other measures of the query).
    private(set) var units: [[Coordinates: Int]]
    private(set) var rows: [[Coordinates: Int]]

    /// - aggregates: each with the dimensions it keeps (indices into the layout's dimensions);
    ///   together every subset of them.
    init(dimensionCount: Int, measures: [BoundMeasure], aggregates: [(kept: [Int], aggregate: Aggregate)]) {
        self.dimensionCount = dimensionCount
        units = measures.map { _ in [:] }
        rows = units
        for (kept, aggregate) in aggregates {
            for g in aggregate.keys.indices {
                var coordinates = Coordinates(repeating: Self.all, count: dimensionCount)
                for (d, code) in zip(kept, aggregate.codes(ofGroup: g)) { coordinates[d] = code }
                for m in measures.indices {
                    units[m][coordinates] = aggregate.basis(group: g, measure: m, measures[m])
                    rows[m][coordinates] = aggregate.rows(group: g, measure: m, measures[m])
                }
            }
        }
    }

    /// Every subset of `count` dimensions, as a grouping (the finest first).
    static func groupings(_ count: Int) -> [[Int]] {
        (0..<(1 << count)).reversed().map { mask in (0..<count).filter { mask & (1 << $0) != 0 } }
    }

    func units(measure m: Int, _ c: Coordinates) -> Int { units[m][c] ?? 0 }

    /// Per measure, the hidden cells: primary (1 to threshold − 1 units), then secondary until
    /// every line of the cube — the cells of one dimension's values with the others fixed, and
    /// their margin — holds none or at least two hidden cells. The candidates are taken in a
    /// fixed order (fewest units, then by the dimensions sorted by name, then codes), so the
    /// pattern depends on the data and the dimensions alone.
    ///
    /// A `percent` (`closed`) publishes its denominators, the margins of one dimension's value and
    /// the grand total (a percent of a known count gives its denominator back): when one of them
    /// is hidden, so is every cell under it, in the same loop, so that the lines still hold.
    func hidden(threshold: Int, names: [String], closed: [Bool]) -> [Set<Coordinates>] {
        // The dimensions by name: the order of `by a across b` and `by b across a` alike.
        let canonical = names.indices.sorted { names[$0] < names[$1] }
        func key(_ c: Coordinates) -> [Int] { canonical.map { c[$0] } }
        return units.indices.map { m in
            let (units, rows) = (self.units[m], self.rows[m])
            var hidden = Set(units.compactMap { c, n in n > 0 && n < threshold ? c : nil })
            guard !hidden.isEmpty else { return hidden }
            // Lines: per dimension, the cells that vary it, keyed by their margin.
            var members: [Coordinates: [Coordinates]] = [:]
            var lines: [(dimension: Int, total: Coordinates)] = []
            for d in canonical {
                var byTotal: [Coordinates: [Coordinates]] = [:]
                for c in units.keys where c[d] != Self.all {
                    var total = c
                    total[d] = Self.all
                    byTotal[total, default: []].append(c)
                }
                for (total, cells) in byTotal {
                    var lineKey = total
                    lineKey.append(d)
                    members[lineKey] = cells.sorted { key($0).lexicographicallyPrecedes(key($1)) }
                    lines.append((d, total))
                }
            }
            lines.sort { a, b in
                a.dimension != b.dimension ? canonical.firstIndex(of: a.dimension)! < canonical.firstIndex(of: b.dimension)!
                    : key(a.total).lexicographicallyPrecedes(key(b.total))
            }
            var changed = true
            while changed {
                changed = false
                for line in lines {
                    var lineKey = line.total
                    lineKey.append(line.dimension)
                    let cells = members[lineKey] ?? []
                    let count = cells.reduce(hidden.contains(line.total) ? 1 : 0) { $0 + (hidden.contains($1) ? 1 : 0) }
                    guard count == 1 else { continue }
                    // One hidden member would follow from the others and the margin.
                    let next = cells.filter { !hidden.contains($0) && (units[$0] ?? 0) > 0 }
                        .min { a, b in
                            let (x, y) = (rows[a] ?? 0, rows[b] ?? 0)
                            return x != y ? x < y : key(a).lexicographicallyPrecedes(key(b))
                        }
                    if let next {
                        hidden.insert(next)
                    } else if !hidden.contains(line.total) {
                        hidden.insert(line.total)
                    } else {
                        continue
                    }
                    changed = true
                }
                guard closed[m] else { continue }
                for margin in hidden where margin.filter({ $0 != Self.all }).count <= 1 {
                    let kept = margin.firstIndex { $0 != Self.all }
                    for c in units.keys where !hidden.contains(c) && (kept.map { c[$0] == margin[$0] } ?? true) {
                        hidden.insert(c)
                        changed = true
                    }
                }
            }
            return hidden
        }
    }
}
