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
    /// A cell has one code per dimension (in the layout's order), `all` where summed over.
    static let all = -1

    /// A cell is packed into one integer (code + 1 per dimension, 0 for `all`) to look it up;
    /// inside, cells are numbered densely and everything is an array indexed by that number.
    /// The packed space is small for the dimensions of a table (products of their codes), so
    /// the lookup is a dense array where it fits, a dictionary only beyond (hashing made the
    /// cube of a 10M-row query as costly as counting its persons).
    private let strides: [Int]
    private let dimensions: Int
    private var dense: [Int32] = []
    private var sparse: [Int: Int] = [:]
    /// Per cell: its coordinates (flat, `dimensions` a cell), and its place in the order of the
    /// dimensions' names (all first), which fixes the order candidates are taken in.
    private var flat: [Int] = []
    private var order: [Int] = []
    /// Per measure and cell: the units (persons where few), which decide what is small, and the
    /// rows, which order the candidates for secondary suppression (rows, not persons: whether
    /// persons were counted depends on the other measures of the query).
    /// The packing of `order` (a cell's place).
    private let orderStrides: [Int]
    private var units: [[Int]]
    private var rows: [[Int]]
    static let denseLimit = 1 << 22

    private var count: Int { order.count }

    /// The cell of a packed key (`key`), nil when the cube has none there.
    func cell(_ key: Int) -> Int? {
        if !dense.isEmpty { let i = dense[key]; return i < 0 ? nil : Int(i) }
        return sparse[key]
    }

    private func coordinate(_ cell: Int, _ d: Int) -> Int { flat[cell * dimensions + d] }

    /// - cardinalities: the number of codes of each dimension.
    /// - names: the dimensions' names, which fix the order candidates are taken in.
    /// - aggregates: each with the dimensions it keeps (indices into the layout's dimensions);
    ///   together every subset of them.
    init(cardinalities: [Int], names: [String], measures: [BoundMeasure], aggregates: [(kept: [Int], aggregate: Aggregate)]) {
        var strides: [Int] = [], stride = 1
        for c in cardinalities { strides.append(stride); stride *= c + 2 }
        self.strides = strides
        dimensions = cardinalities.count
        if stride <= Self.denseLimit { dense = [Int32](repeating: -1, count: stride) }
        // The same packing with the dimensions in the order of their names, most significant first.
        let canonical = names.indices.sorted { names[$0] < names[$1] }
        var orderStrides = [Int](repeating: 0, count: names.count)
        stride = 1
        for d in canonical.reversed() { orderStrides[d] = stride; stride *= cardinalities[d] + 2 }
        self.orderStrides = orderStrides
        let cells = aggregates.reduce(0) { $0 + $1.aggregate.keys.count }
        units = measures.map { _ in [] }
        for m in units.indices { units[m].reserveCapacity(cells) }
        rows = units
        flat.reserveCapacity(cells * dimensions)
        order.reserveCapacity(cells)
        var c = [Int](repeating: Self.all, count: dimensions)
        for (kept, aggregate) in aggregates {
            let groupStrides = aggregate.strides, groupCardinalities = aggregate.dimensions.map(\.cardinality)
            for g in aggregate.keys.indices {
                for d in 0..<dimensions { c[d] = Self.all }
                let packed = aggregate.keys[g]
                var key = 0, place = 0
                for (i, d) in kept.enumerated() {
                    c[d] = (packed / groupStrides[i]) % groupCardinalities[i]
                    key += (c[d] + 1) * strides[d]
                    place += (c[d] + 1) * orderStrides[d]
                }
                guard cell(key) == nil else { continue }
                if dense.isEmpty { sparse[key] = count } else { dense[key] = Int32(count) }
                flat += c
                order.append(place)
                for m in measures.indices {
                    units[m].append(aggregate.basis(group: g, measure: m, measures[m]))
                    rows[m].append(aggregate.rows(group: g, measure: m, measures[m]))
                }
            }
        }
    }

    /// The cube rolled up from the finest groups in one go, where every measure adds up: the
    /// same cells, numbered alike and with the same units, as `init` over the roll-ups of
    /// `full`, without an aggregate per margin. Persons are merged only for cells under
    /// `limit × mostRowsPerPerson` rows: any other cell has `limit` persons or more. Nil when
    /// a margin's key space is too large, or persons were not counted and some cell needs them.
    init?(cardinalities: [Int], names: [String], measures: [BoundMeasure], finest full: Aggregate, persons: PersonCounting?) {
        let dimensions = cardinalities.count, groups = full.keys.count, measureCount = measures.count
        self.init(cardinalities: cardinalities, names: names, measures: measures, aggregates: [])
        let bases = PersonBasis.of(measures)
        let tallies = (0..<measureCount).map { m in m < full.persons.count ? full.persons[m] : nil }
        let counted = tallies.contains { $0 != nil }
        let (product, overflow) = (persons?.limit ?? 0).multipliedReportingOverflow(by: persons?.mostRowsPerPerson ?? 0)
        let bound = overflow ? Int.max : product
        // Persons not counted: a cell of `limit` rows or more but under the bound needs a new pass.
        func needsPass(_ m: Int, _ rows: Int) -> Bool {
            guard let persons, persons.isPossible, !counted, bases[m] != nil else { return false }
            return rows >= persons.limit && rows < bound
        }
        // The measures counted by each tally (one per unique basis).
        var users: [(tally: PersonTally, measures: [Int])] = []
        for case let (m, tally?) in tallies.enumerated() {
            if let i = users.firstIndex(where: { $0.tally === tally }) { users[i].measures.append(m) } else { users.append((tally, [m])) }
        }
        let userOf = (0..<measureCount).map { m in users.firstIndex { $0.measures.contains(m) } }
        let codes = full.flatCodes
        /// A grouping's groups: each one's first finest group (for its codes), rows per measure,
        /// rows, and persons per tally (merged only where a cell could be few).
        struct Level {
            var kept: [Int]
            var first: [Int] = [], rows: [Int] = [], counts: [Int] = []
            var tallies: [PersonTally] = []
        }
        var finest = Level(kept: Array(0..<dimensions))
        finest.first = Array(0..<groups)
        finest.counts = full.counts
        finest.rows = [Int](repeating: 0, count: groups * measureCount)
        for m in 0..<measureCount {
            for (g, n) in full.rows(measure: m, measures[m]).enumerated() {
                finest.rows[g * measureCount + m] = n
                if needsPass(m, n) { return nil }
            }
        }
        finest.tallies = users.map(\.tally)
        var levels: [Level] = []
        let cells = Self.groupings(dimensions).reduce(0) { total, kept in
            total + min(groups, kept.reduce(1) { $0 * cardinalities[$1] })
        }
        // Built in locals and stored at the end: appending to the struct's own nested arrays
        // cell by cell cost more than the roll-up itself.
        var unitsOut = units, rowsOut = rows, flatOut: [Int] = [], orderOut: [Int] = []
        var denseOut = dense, sparseOut = sparse
        dense = []
        for m in 0..<measureCount { unitsOut[m].reserveCapacity(cells); rowsOut[m].reserveCapacity(cells) }
        flatOut.reserveCapacity(cells * dimensions)
        orderOut.reserveCapacity(cells)
        defer { (units, rows, flat, order, dense, sparse) = (unitsOut, rowsOut, flatOut, orderOut, denseOut, sparseOut) }
        for kept in Self.groupings(dimensions) {
            var keyStrides = [Int](repeating: 0, count: kept.count), space = 1
            for i in kept.indices.reversed() {
                keyStrides[i] = space
                let (next, overflow) = space.multipliedReportingOverflow(by: max(1, cardinalities[kept[i]]))
                guard !overflow, next <= Aggregator.denseLimit else { return nil }
                space = next
            }
            // Rolled up from the smallest grouping already made that keeps these dimensions (the
            // finest at first); its groups numbered as first met, read in ascending key order.
            // The finest grouping itself is the finest groups as they are (keys ascending).
            let identity = kept.count == dimensions
            let source = identity ? finest : levels.filter { level in kept.allSatisfy(level.kept.contains) }.min { $0.first.count < $1.first.count } ?? finest
            var level = identity ? finest : Level(kept: kept)
            var slot: [Int32] = []
            var parent: [Int] = []
            if !identity {
                level.rows.reserveCapacity(source.rows.count)
                slot = [Int32](repeating: -1, count: space)
                parent = [Int](repeating: 0, count: source.first.count)
                for p in source.first.indices {
                    let g = source.first[p]
                    var key = 0
                    for i in kept.indices { key += Int(codes[g * dimensions + kept[i]]) * keyStrides[i] }
                    if slot[key] < 0 {
                        slot[key] = Int32(level.first.count)
                        level.first.append(g)
                        level.counts.append(0)
                        for _ in 0..<measureCount { level.rows.append(0) }
                    }
                    let q = Int(slot[key])
                    parent[p] = q
                    level.counts[q] += source.counts[p]
                    for m in 0..<measureCount { level.rows[q * measureCount + m] += source.rows[p * measureCount + m] }
                }
                for q in level.first.indices {
                    for m in 0..<measureCount where needsPass(m, level.rows[q * measureCount + m]) { return nil }
                }
            }
            // Persons do not add up: merged from the parts for the cells that could be few (whose
            // parts are all few too, so merged in the source).
            for (t, user) in users.enumerated() where !identity {
                let needed = level.first.indices.map { q in user.measures.contains { level.rows[q * measureCount + $0] < bound } }
                let out = PersonTally(limit: user.tally.limit, rows: level.counts)
                for p in source.first.indices where needed[parent[p]] { out.merge(source.tallies[t], group: p, into: parent[p]) }
                level.tallies.append(out)
            }
            // The level's groups in ascending key order.
            let ascending = identity ? Array(level.first.indices) : (0..<space).compactMap { slot[$0] >= 0 ? Int(slot[$0]) : nil }
            let first = level.first, levelRows = level.rows, tallies = level.tallies
            for q in ascending {
                let g = first[q]
                var cellKey = 0, place = 0
                let cell = flatOut.count
                for _ in 0..<dimensions { flatOut.append(Self.all) }
                for d in kept {
                    let code = Int(codes[g * dimensions + d])
                    flatOut[cell + d] = code
                    cellKey += (code + 1) * strides[d]
                    place += (code + 1) * orderStrides[d]
                }
                if denseOut.isEmpty { sparseOut[cellKey] = orderOut.count } else { denseOut[cellKey] = Int32(orderOut.count) }
                orderOut.append(place)
                for m in 0..<measureCount {
                    let n = levelRows[q * measureCount + m]
                    var unit = n
                    if n < bound, let t = userOf[m], let few = tallies[t].persons(q) {
                        unit = min(n, few)
                    }
                    unitsOut[m].append(unit)
                    rowsOut[m].append(n)
                }
            }
            levels.append(level)
        }
    }

    /// `cells` in the order of their places (`order`, no two alike): plain integers sorted where
    /// place and cell fit in one word.
    private func sortedByPlace(_ cells: [Int]) -> [Int] {
        let bits = Int.bitWidth - (count + 1).leadingZeroBitCount
        guard let top = cells.map({ order[$0] }).max(), top >= 0, top < 1 << (62 - bits) else {
            return cells.sorted { order[$0] < order[$1] }
        }
        var packed = cells.map { order[$0] << bits | $0 }
        packed.sort()
        return packed.map { $0 & (1 << bits - 1) }
    }

    static func groupings(_ count: Int) -> [[Int]] {
        (0..<(1 << count)).reversed().map { mask in (0..<count).filter { mask & (1 << $0) != 0 } }
    }

    /// The packed key of a cell of the cube.
    private func cellKey(_ cell: Int) -> Int {
        (0..<dimensions).reduce(0) { $0 + keyPart($1, coordinate(cell, $1)) }
    }

    /// The units of a cell of the cube (persons where few).
    func units(measure m: Int, cell: Int) -> Int { units[m][cell] }

    /// The part of a packed key that dimension `d` at `code` adds (`all`: summed over); none for
    /// a dimension the cube does not have.
    func keyPart(_ d: Int, _ code: Int) -> Int { d < strides.count ? (code + 1) * strides[d] : 0 }

    /// Per measure and cell of the cube (see `cell(_:)`), whether it is hidden: primary (1 to threshold − 1 units), then
    /// secondary until every line of the cube — the cells of one dimension's values with the
    /// others fixed, and their margin — holds none or at least two hidden cells. The candidates
    /// are taken in a fixed order (fewest rows, then by the dimensions sorted by name, then
    /// codes), so the pattern depends on the data and the dimensions alone.
    ///
    /// A `percent` (`closed`) publishes its denominators, the margins of one dimension's value and
    /// the grand total (a percent of a known count gives its denominator back): when one of them
    /// is hidden, so is every cell under it, in the same loop, so that the lines still hold.
    func hidden(threshold: Int, closed: [Bool]) -> [[Bool]] {
        let count = self.count
        // Lines: per dimension, the cells that vary it, by their margin; members in name order.
        // Kept flat: line l is its total `lineTotal[l]` and members `lineMembers[lineStart[l]..<lineStart[l + 1]]`.
        var lineTotal: [Int] = [], lineStart: [Int] = [0], lineMembers: [Int] = []
        // Members are taken in cell order: a line's members differ in one dimension only and
        // lie in one grouping, numbered by ascending key, so that is the order of their names.
        var marginOf = [Int](repeating: -1, count: count), size = [Int](repeating: 0, count: count)
        var slot = [Int](repeating: 0, count: count)
        for d in strides.indices {
            for i in 0..<count { marginOf[i] = -1; size[i] = 0 }
            var totals: [Int] = []
            for member in 0..<count where coordinate(member, d) != Self.all {
                // The margin's key: this cell's, with dimension d summed over.
                let marginKey = cellKey(member) - (coordinate(member, d) + 1) * strides[d]
                guard let total = cell(marginKey) else { continue }
                if size[total] == 0 { totals.append(total) }
                size[total] += 1
                marginOf[member] = total
            }
            // A fixed order of the lines: by dimension, then margin.
            totals = sortedByPlace(totals)
            var next = lineMembers.count
            for total in totals {
                lineTotal.append(total)
                slot[total] = next
                next += size[total]
                lineStart.append(next)
            }
            lineMembers += repeatElement(0, count: next - lineMembers.count)
            for member in 0..<count where marginOf[member] >= 0 {
                lineMembers[slot[marginOf[member]]] = member
                slot[marginOf[member]] += 1
            }
        }
        let lineCount = lineTotal.count
        return units.indices.map { m in
            let (units, rows) = (self.units[m], self.rows[m])
            var hidden = (0..<count).map { units[$0] > 0 && units[$0] < threshold }
            guard hidden.contains(true) else { return hidden }
            var changed = true
            while changed {
                changed = false
                for line in 0..<lineCount {
                    let total = lineTotal[line], members = lineMembers[lineStart[line]..<lineStart[line + 1]]
                    var n = hidden[total] ? 1 : 0
                    for member in members where hidden[member] {
                        n += 1
                        if n > 1 { break }
                    }
                    guard n == 1 else { continue }
                    // One hidden member would follow from the others and the margin.
                    var next: Int?
                    for member in members where !hidden[member] && units[member] > 0 {
                        if let k = next, rows[member] >= rows[k] { continue }
                        next = member
                    }
                    if let next {
                        hidden[next] = true
                    } else if !hidden[total] {
                        hidden[total] = true
                    } else {
                        continue
                    }
                    changed = true
                }
                guard closed[m] else { continue }
                for margin in 0..<count where hidden[margin] {
                    let kept = (0..<dimensions).filter { coordinate(margin, $0) != Self.all }
                    guard kept.count <= 1 else { continue }
                    for cell in 0..<count where !hidden[cell] && (kept.first.map { coordinate(cell, $0) == coordinate(margin, $0) } ?? true) {
                        hidden[cell] = true
                        changed = true
                    }
                }
            }
            return hidden
        }
    }
}
