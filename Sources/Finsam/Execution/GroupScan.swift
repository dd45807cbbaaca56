import FinsamStore
import Dispatch

/// The fast path of aggregation: one pass over the table, a chunk of rows at a time, that
/// filters the chunk, works out each row's group key for every grouping asked for, and adds
/// the row into dense accumulators indexed by key. Nothing of row length is materialised
/// (no selection, no key or truth vector of the whole table), so a chunk's buffers stay in
/// cache; the two halves of the table run on both cores and their accumulators are merged.
///
/// It covers small key spaces (dense arrays) and measures whose state is a fixed-size array
/// per group: counts, shares, sums and means, minima and maxima, quantiles by histogram,
/// counts of unique values by bitmap. `Aggregator` falls back to its general path otherwise.
struct GroupScan {
    /// A grouping: some of the query's dimensions, with their strides in the packed key.
    struct Grouping {
        let dimensions: [DimensionKeys]
        let strides: [Int]
        let space: Int
        let singleValued: Bool

        init(_ dimensions: [DimensionKeys]) {
            self.dimensions = dimensions
            (strides, space) = DimensionKeys.packing(dimensions)
            singleValued = dimensions.allSatisfy { $0.codes.isSingleValued && $0.allowedCodes == nil }
        }
    }

    /// What one measure adds up per group.
    enum MeasureState {
        case count
        case proportion(PreparedCondition)
        /// Sum and count of the values, their sum of squares when `squares`, their minimum and
        /// maximum when `extremes`; the measure's definition finishes its value from them.
        case numbers(ValueReader, squares: Bool, extremes: Bool)
        /// A histogram per group over `low...high`.
        case histogram(ValueReader, low: Int32, span: Int, p: Double)
        /// A bitmap per group over `low...high`.
        case bitmap(ValueReader, low: Int32, words: Int)

        /// The missing value of the measure's column (counts and shares have none).
        var missing: Int32 {
            switch self {
            case .count, .proportion: 0
            case .numbers(let r, _, _), .histogram(let r, _, _, _), .bitmap(let r, _, _): r.missing
            }
        }
    }

    /// The values of a measure's column for given rows of the query's table.
    struct ValueReader {
        let column: PackedInts
        /// Related-table row per query row, when the column is a related table's.
        let via: PackedInts?
        var missing: Int32 { column.missing }

        func read(_ source: RowSource, count n: Int, into out: UnsafeMutablePointer<Int32>) {
            guard let via else { source.load(column, count: n, into: out); return }
            source.load(via, count: n, into: out)
            for i in 0..<n { out[i] = out[i] == via.missing ? column.missing : column[Int(out[i])] }
        }
    }

    static let spaceLimit = 1 << 16
    /// Histogram entries or bitmap words per grouping (per thread).
    static let stateLimit = 1 << 22

    let rowCount: Int
    let filter: PreparedCondition?
    let groupings: [Grouping]
    let measures: [BoundMeasure]
    let states: [MeasureState]
    /// Persons counted per group for suppression: the person column, the limit, and the
    /// unique bases counted (`tallyOf` gives each measure's).
    let persons: (column: PackedInts, limit: Int)?
    let tallyBases: [PersonBasis]
    let tallyOf: [Int?]

    /// nil when some grouping or measure needs the general path.
    init?(rowCount: Int, filter: PreparedCondition?, groupings: [[DimensionKeys]], measures: [BoundMeasure],
          shareConditions: [PreparedCondition?], person: PackedInts?, personLimit: Int?) {
        self.rowCount = rowCount
        self.filter = filter
        self.measures = measures
        self.groupings = groupings.map(Grouping.init)
        guard self.groupings.allSatisfy({ $0.space <= Self.spaceLimit }) else { return nil }
        // The memberships of a row multiply over its set dimensions, and a chunk's buffers hold
        // the worst case: four set columns (32 codes each) asked for 64 GB. Found by the
        // differential test; such groupings take the general path.
        guard self.groupings.allSatisfy({ g in
            g.dimensions.filter { !$0.codes.isSingleValued || $0.allowedCodes != nil }.reduce(1) { $0 * $1.codes.maxCodesPerRow } <= 1024
        }) else { return nil }
        let largest = self.groupings.map(\.space).max() ?? 1
        var states: [MeasureState] = []
        for (m, measure) in measures.enumerated() {
            switch measure.definition.accumulation {
            case .rows: states.append(.count)
            case .proportion: states.append(.proportion(shareConditions[m]!))
            case .moments:
                guard let reader = Self.reader(measure.column!) else { return nil }
                states.append(.numbers(reader, squares: measure.needsSquares, extremes: measure.definition.extremes))
            case .order:
                guard let reader = Self.reader(measure.column!) else { return nil }
                let (low, high) = Self.range(reader)
                let span = Int(high) - Int(low) + 1
                guard span * largest <= Self.stateLimit else { return nil }
                states.append(.histogram(reader, low: low, span: span, p: measure.fraction ?? 0.5))
            case .distinctValues:
                let reader: ValueReader
                if let path = measure.column {
                    guard let r = Self.reader(path, anyType: true) else { return nil }
                    reader = r
                } else {
                    guard let person else { return nil }
                    reader = ValueReader(column: person, via: nil)
                }
                let (low, high) = Self.range(reader)
                let words = (Int(high) - Int(low) + 64) / 64
                guard words * largest <= Self.stateLimit else { return nil }
                states.append(.bitmap(reader, low: low, words: words))
            }
        }
        self.states = states
        if let person, let personLimit {
            persons = (person, personLimit)
            (tallyBases, tallyOf) = PersonBasis.uniqueBases(measures)
            guard personLimit <= Self.stateLimit / (largest * max(1, tallyBases.count)) else { return nil }
        } else {
            persons = nil
            tallyBases = []
            tallyOf = measures.map { _ in nil }
        }
        guard largest * combinations * Self.lanes <= Self.stateLimit else { return nil }
    }

    private static func reader(_ path: ColumnPath, anyType: Bool = false) -> ValueReader? {
        switch path.column.data {
        case .int(let p): return ValueReader(column: p, via: path.via)
        case .date(let p), .reference(let p), .categorySet(let p): return anyType ? ValueReader(column: p, via: path.via) : nil
        default: return nil
        }
    }

    private static func range(_ reader: ValueReader) -> (Int32, Int32) {
        reader.column.low <= reader.column.high ? (reader.column.low, reader.column.high) : (0, 0)
    }

    /// Shares are counted together with the count: each membership adds one to the cell of its
    /// (key, truth of proportion 1, truth of proportion 2, …), each truth one of three values, so a
    /// row costs a single increment. Four lanes of cells take turns, so that runs of rows in
    /// the same group do not wait on each other's increments.
    static let lanes = 4
    var shareCount: Int { states.filter { if case .proportion = $0 { true } else { false } }.count }
    var combinations: Int { (0..<shareCount).reduce(1) { n, _ in n * 3 } }

    /// One thread's accumulators: per grouping, flat arrays indexed by key.
    final class Accumulators {
        /// [grouping]: counts per (key, condition truths) cell and lane.
        var cells: [[UInt32]]
        /// [grouping][measure]: sum, n, min, max; histogram; bitmap.
        var sums: [[[Double]]], counts: [[[Int]]], lows: [[[Int32]]], highs: [[[Int32]]]
        /// Sums of squares, for a standard deviation (an average's `with ci` interval, a spread).
        var squares: [[[Double]]]
        var histograms: [[[UInt32]]]
        var bitmaps: [[[UInt64]]]
        /// [grouping][tally]: persons per key, for suppression.
        let tallies: [[PersonTally]]

        init(_ scan: GroupScan) {
            let perKey = scan.combinations * GroupScan.lanes
            cells = scan.groupings.map { [UInt32](repeating: 0, count: $0.space * perKey) }
            func each<T>(_ make: (Grouping, MeasureState) -> [T]) -> [[[T]]] {
                scan.groupings.map { g in scan.states.map { make(g, $0) } }
            }
            sums = each { g, s in if case .numbers = s { [Double](repeating: 0, count: g.space) } else { [] } }
            counts = each { g, s in if case .numbers = s { [Int](repeating: 0, count: g.space) } else { [] } }
            squares = each { g, s in if case .numbers(_, true, _) = s { [Double](repeating: 0, count: g.space) } else { [] } }
            lows = each { g, s in if case .numbers(_, _, true) = s { [Int32](repeating: .max, count: g.space) } else { [] } }
            highs = each { g, s in if case .numbers(_, _, true) = s { [Int32](repeating: .min, count: g.space) } else { [] } }
            histograms = each { g, s in
                if case .histogram(_, _, let span, _) = s { [UInt32](repeating: 0, count: g.space * span) } else { [] }
            }
            bitmaps = each { g, s in
                if case .bitmap(_, _, let words) = s { [UInt64](repeating: 0, count: g.space * words) } else { [] }
            }
            tallies = scan.groupings.map { g in
                scan.tallyBases.map { _ in PersonTally(limit: scan.persons!.limit, groups: g.space) }
            }
        }

        func merge(_ other: Accumulators) {
            func add<T: AdditiveArithmetic>(_ a: inout [T], _ b: [T]) { for i in a.indices { a[i] += b[i] } }
            for g in cells.indices {
                add(&cells[g], other.cells[g])
                for m in sums[g].indices {
                    add(&sums[g][m], other.sums[g][m])
                    add(&counts[g][m], other.counts[g][m])
                    add(&squares[g][m], other.squares[g][m])
                    for i in lows[g][m].indices {
                        lows[g][m][i] = min(lows[g][m][i], other.lows[g][m][i])
                        highs[g][m][i] = max(highs[g][m][i], other.highs[g][m][i])
                    }
                    add(&histograms[g][m], other.histograms[g][m])
                    for i in bitmaps[g][m].indices { bitmaps[g][m][i] |= other.bitmaps[g][m][i] }
                }
                for t in tallies[g].indices { tallies[g][t].merge(other.tallies[g][t]) }
            }
        }
    }

    /// Runs the pass and returns one aggregate per grouping.
    func run() -> [Aggregate] {
        // Bitmaps and histograms are large per thread: then one thread, so memory stays flat.
        let heavy = states.contains { if case .bitmap = $0 { true } else { false } }
        let parts = rowCount >= 1 << 16 && !heavy ? 2 : 1
        let accumulators = (0..<parts).map { _ in Accumulators(self) }
        if parts == 2 {
            nonisolated(unsafe) let all = accumulators
            nonisolated(unsafe) let scan = self
            let rows = rowCount
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                scan.scan(rows * part / 2..<rows * (part + 1) / 2, into: all[part])
            }
            accumulators[0].merge(accumulators[1])
        } else {
            scan(0..<rowCount, into: accumulators[0])
        }
        return groupings.indices.map { aggregate(grouping: $0, from: accumulators[0]) }
    }

    /// The rows of `range`, chunk by chunk, into `acc`.
    private func scan(_ range: Range<Int>, into acc: Accumulators) {
        let truth = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
        let selected = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
        let keys = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
        let shareTruths = states.map { state -> UnsafeMutablePointer<UInt8>? in
            if case .proportion = state { return .allocate(capacity: chunkSize) }
            return nil
        }
        let values = states.map { state -> UnsafeMutablePointer<Int32>? in
            switch state {
            case .count, .proportion: nil
            default: .allocate(capacity: chunkSize)
            }
        }
        defer {
            for p in [truth] + shareTruths.compactMap({ $0 }) { p.deallocate() }
            for p in [scratch, selected, keys] + values.compactMap({ $0 }) { p.deallocate() }
        }
        // Whether anything reads the rows of an unfiltered chunk as a list rather than a range.
        let listsRows = persons != nil || groupings.contains { !$0.singleValued }
        // Memberships of set groupings: (index into the chunk's selection, key).
        var memberIndex: [Int32] = [], memberKey: [Int32] = []

        var start = range.lowerBound
        while start < range.upperBound {
            let n = min(chunkSize, range.upperBound - start)
            defer { start += n }
            // The chunk's selection.
            var m = 0
            if let filter {
                m = filter.select(from: start, count: n, into: selected, truth: truth, scratch: scratch)
            } else {
                // The rows as a list only for what reads them so (persons, set dimensions).
                if listsRows { for i in 0..<n { selected[i] = Int32(start + i) } }
                m = n
            }
            guard m > 0 else { continue }
            let rows = UnsafeBufferPointer(start: selected, count: m)
            // A chunk whose every row is selected is read in sequence, not through the list.
            let source: RowSource = m == n ? .range(start: start) : .list(selected)
            // Per-measure inputs of the chunk.
            for (s, state) in states.enumerated() {
                switch state {
                case .count: break
                case .proportion(let condition): condition.evaluate(source, count: m, into: shareTruths[s]!, scratch: scratch)
                case .numbers(let reader, _, _), .histogram(let reader, _, _, _), .bitmap(let reader, _, _): reader.read(source, count: m, into: values[s]!)
                }
            }
            for (g, grouping) in groupings.enumerated() {
                if grouping.singleValued {
                    if grouping.dimensions.isEmpty { for i in 0..<m { keys[i] = 0 } }
                    for (d, dimension) in grouping.dimensions.enumerated() {
                        dimension.codes.addCodes(source, count: m, stride: Int32(grouping.strides[d]), into: keys, scratch: scratch, assign: d == 0)
                    }
                    accumulate(acc, grouping: g, count: m, index: nil, keys: keys,
                               shareTruths: shareTruths, values: values, rows: selected)
                } else {
                    for i in 0..<m { keys[i] = 0 }
                    let members = expand(grouping, rows: rows, keys: keys, memberIndex: &memberIndex, memberKey: &memberKey, scratch: scratch)
                    memberIndex.withUnsafeBufferPointer { index in
                        memberKey.withUnsafeBufferPointer { key in
                            accumulate(acc, grouping: g, count: members, index: index.baseAddress, keys: UnsafeMutablePointer(mutating: key.baseAddress!),
                                       shareTruths: shareTruths, values: values, rows: selected)
                        }
                    }
                }
            }
        }
    }

    /// A membership per combination of a row's values in the set dimensions (codes the `where`
    /// clause rules out form no group); single-valued dimensions go into the base key first.
    /// Returns the number of memberships written to `memberIndex`/`memberKey`.
    private func expand(_ grouping: Grouping, rows: UnsafeBufferPointer<Int32>, keys: UnsafeMutablePointer<Int32>,
                        memberIndex: inout [Int32], memberKey: inout [Int32], scratch: UnsafeMutablePointer<Int32>) -> Int {
        var sets: [(codes: DimensionKeys.Codes, allowed: [Bool]?, stride: Int32)] = []
        for (d, dimension) in grouping.dimensions.enumerated() {
            if dimension.codes.isSingleValued && dimension.allowedCodes == nil {
                dimension.codes.addCodes(rows: rows, stride: Int32(grouping.strides[d]), into: keys, scratch: scratch)
            } else {
                sets.append((dimension.codes, dimension.allowedCodes, Int32(grouping.strides[d])))
            }
        }
        // Room for every combination: the product of the most codes a row can have per dimension.
        let room = rows.count * sets.reduce(1) { $0 * $1.codes.maxCodesPerRow }
        if memberIndex.count < room {
            memberIndex = [Int32](repeating: 0, count: room)
            memberKey = [Int32](repeating: 0, count: room)
        }
        if sets.count == 1 {
            let (codes, allowed, stride) = sets[0]
            return memberIndex.withUnsafeMutableBufferPointer { index in
                memberKey.withUnsafeMutableBufferPointer { key in
                    codes.expand(rows: rows, keys: keys, stride: stride, allowed: allowed,
                                 index: index.baseAddress!, key: key.baseAddress!, scratch: scratch)
                }
            }
        }
        // Several set dimensions: expanded one after the other, each over the memberships of
        // the ones before (a membership's row and key are the base of the next expansion).
        var count = memberIndex.withUnsafeMutableBufferPointer { index in
            memberKey.withUnsafeMutableBufferPointer { key in
                sets[0].codes.expand(rows: rows, keys: keys, stride: sets[0].stride, allowed: sets[0].allowed,
                                     index: index.baseAddress!, key: key.baseAddress!, scratch: scratch)
            }
        }
        for (codes, allowed, stride) in sets.dropFirst() {
            let gatheredRows = (0..<count).map { rows[Int(memberIndex[$0])] }
            let baseKeys = Array(memberKey[0..<count])
            var nextIndex = [Int32](repeating: 0, count: count * codes.maxCodesPerRow)
            var nextKey = nextIndex
            var wide = [Int32](repeating: 0, count: max(1, count))
            let n = gatheredRows.withUnsafeBufferPointer { r in
                baseKeys.withUnsafeBufferPointer { k in
                    nextIndex.withUnsafeMutableBufferPointer { index in
                        nextKey.withUnsafeMutableBufferPointer { key in
                            wide.withUnsafeMutableBufferPointer { w in
                                codes.expand(rows: r, keys: k.baseAddress!, stride: stride, allowed: allowed,
                                             index: index.baseAddress!, key: key.baseAddress!, scratch: w.baseAddress!)
                            }
                        }
                    }
                }
            }
            // The new memberships point into the old ones: back to the chunk's selected rows.
            for j in 0..<n { nextIndex[j] = memberIndex[Int(nextIndex[j])] }
            if memberIndex.count < n {
                memberIndex = [Int32](repeating: 0, count: n)
                memberKey = [Int32](repeating: 0, count: n)
            }
            for j in 0..<n { memberIndex[j] = nextIndex[j]; memberKey[j] = nextKey[j] }
            count = n
        }
        return count
    }

    /// Adds `count` memberships into grouping `g`'s accumulators. Membership j is selected row
    /// `index?[j] ?? j` of the chunk, in the group `keys[j]`.
    @inline(__always)
    private func accumulate(_ acc: Accumulators, grouping g: Int, count: Int, index: UnsafePointer<Int32>?, keys: UnsafeMutablePointer<Int32>,
                            shareTruths: [UnsafeMutablePointer<UInt8>?],
                            values: [UnsafeMutablePointer<Int32>?], rows: UnsafePointer<Int32>) {
        @inline(__always) func at(_ j: Int) -> Int { index.map { Int($0[j]) } ?? j }
        let truths = shareTruths.compactMap { $0 }
        let combinations = self.combinations, lanes = Self.lanes
        // A count's persons (every row counts) are tallied in the counting loop itself.
        let fused = truths.isEmpty && index == nil && tallyBases == [.rows] ? persons : nil
        acc.cells[g].withUnsafeMutableBufferPointer { c in
            switch truths.count {
            case 0:
                if let fused {
                    let tally = acc.tallies[g][0], units = tally.unitCounts, limit = UInt32(tally.limit), missing = fused.column.missing
                    for j in 0..<count {
                        let k = Int(keys[j])
                        c[k &* lanes &+ (j & 3)] &+= 1
                        if units[k] < limit { Self.tally(tally, fused.column, row: rows[j], missing: missing, group: k) }
                    }
                    break
                }
                for j in 0..<count { c[Int(keys[j]) &* lanes &+ (j & 3)] &+= 1 }
            case 1:
                let t = truths[0]
                for j in 0..<count {
                    let cell = Int(keys[j]) &* 3 &+ Int(t[at(j)])
                    c[cell &* lanes &+ (j & 3)] &+= 1
                }
            default:
                for j in 0..<count {
                    let row = at(j)
                    var cell = 0
                    for t in truths.reversed() { cell = cell &* 3 &+ Int(t[row]) }
                    c[(Int(keys[j]) &* combinations &+ cell) &* lanes &+ (j & 3)] &+= 1
                }
            }
        }
        for (s, state) in states.enumerated() {
            switch state {
            case .count, .proportion: break
            case .numbers(let reader, let squared, let extremes):
                let v = values[s]!, missing = reader.missing
                if squared {
                    acc.squares[g][s].withUnsafeMutableBufferPointer { square in
                        for j in 0..<count {
                            let x = v[at(j)]
                            if x != missing { square[Int(keys[j])] += Double(x) * Double(x) }
                        }
                    }
                }
                if extremes {
                    acc.lows[g][s].withUnsafeMutableBufferPointer { low in
                        acc.highs[g][s].withUnsafeMutableBufferPointer { high in
                            for j in 0..<count {
                                let x = v[at(j)]
                                guard x != missing else { continue }
                                let k = Int(keys[j])
                                low[k] = Swift.min(low[k], x)
                                high[k] = Swift.max(high[k], x)
                            }
                        }
                    }
                }
                acc.sums[g][s].withUnsafeMutableBufferPointer { sum in
                    acc.counts[g][s].withUnsafeMutableBufferPointer { n in
                        // Two loops, so that the plain one tests no index per row.
                        if let index {
                            for j in 0..<count {
                                let x = v[Int(index[j])]
                                guard x != missing else { continue }
                                let k = Int(keys[j])
                                sum[k] += Double(x)
                                n[k] &+= 1
                            }
                        } else {
                            for j in 0..<count {
                                let x = v[j]
                                guard x != missing else { continue }
                                let k = Int(keys[j])
                                sum[k] += Double(x)
                                n[k] &+= 1
                            }
                        }
                    }
                }
            case .histogram(let reader, let low, let span, _):
                let v = values[s]!, missing = reader.missing
                acc.histograms[g][s].withUnsafeMutableBufferPointer { h in
                    for j in 0..<count {
                        let x = v[at(j)]
                        guard x != missing else { continue }
                        h[Int(keys[j]) &* span &+ Int(x &- low)] &+= 1
                    }
                }
            case .bitmap(let reader, let low, let words):
                let v = values[s]!, missing = reader.missing
                acc.bitmaps[g][s].withUnsafeMutableBufferPointer { b in
                    for j in 0..<count {
                        let x = v[at(j)]
                        guard x != missing else { continue }
                        let offset = Int(x &- low)
                        b[Int(keys[j]) &* words &+ offset >> 6] |= 1 << UInt64(offset & 63)
                    }
                }
            }
        }
        guard let persons, fused == nil else { return }
        // Persons: a group's tally stops at the limit, so most rows cost one comparison.
        let missing = persons.column.missing
        for (t, basis) in tallyBases.enumerated() {
            let tally = acc.tallies[g][t]
            // The basis's rows: all, those whose condition is known, those with a value.
            var truth: UnsafeMutablePointer<UInt8>?, valued: UnsafeMutablePointer<Int32>?, absent: Int32 = 0
            switch basis {
            case .rows: break
            case .known(let s): truth = shareTruths[s]
            case .valued(let s): valued = values[s]; absent = states[s].missing
            }
            // Most rows fall in a group whose tally is full: one load and compare, no call.
            let units = tally.unitCounts, limit = UInt32(tally.limit)
            if index == nil, truth == nil, valued == nil {
                // Every row of the chunk counts (the usual case): the tightest loop.
                for j in 0..<count where units[Int(keys[j])] < limit {
                    Self.tally(tally, persons.column, row: rows[j], missing: missing, group: Int(keys[j]))
                }
                continue
            }
            for j in 0..<count {
                let k = Int(keys[j])
                guard units[k] < limit else { continue }
                let r = at(j)
                if let truth, truth[r] == Truth.unknown { continue }
                if let valued, valued[r] == absent { continue }
                Self.tally(tally, persons.column, row: rows[r], missing: missing, group: k)
            }
        }
    }

    /// One row's person into a tally whose group is not full: out of line, so that the loops
    /// testing fullness keep their registers.
    @inline(never)
    private static func tally(_ tally: PersonTally, _ column: PackedInts, row: Int32, missing: Int32, group: Int) {
        tally.add(column[Int(row)], missing: missing, to: group)
    }

    /// The groups present in grouping `g`, with each measure's value.
    private func aggregate(grouping g: Int, from acc: Accumulators) -> Aggregate {
        let grouping = groupings[g]
        let combinations = self.combinations, lanes = Self.lanes, shares = shareCount
        var keys: [Int] = [], counts: [Int] = [], values: [[MeasureValue]] = []
        for key in 0..<grouping.space {
            // The count and each proportion's part and whole, from the key's cells.
            var count = 0
            var parts = [Int](repeating: 0, count: shares), wholes = [Int](repeating: 0, count: shares)
            for combination in 0..<combinations {
                var n = 0
                for lane in 0..<lanes { n += Int(acc.cells[g][(key * combinations + combination) * lanes + lane]) }
                guard n > 0 else { continue }
                count += n
                var digits = combination
                for s in 0..<shares {
                    let t = digits % 3
                    digits /= 3
                    if t != Int(Truth.unknown) { wholes[s] += n; parts[s] += t * n }
                }
            }
            guard count > 0 else { continue }
            keys.append(key)
            counts.append(count)
            var proportion = 0
            values.append(states.enumerated().map { s, state in
                switch state {
                case .count: return .count(count)
                case .proportion:
                    defer { proportion += 1 }
                    return .proportion(part: parts[proportion], whole: wholes[proportion])
                default: return measureValue(state, acc: acc, grouping: g, measure: s, key: key)
                }
            })
        }
        let tallies = acc.tallies[g].map { $0.gathered(keys) }
        return Aggregate(dimensions: grouping.dimensions, keys: keys, counts: counts, values: values, strides: grouping.strides,
                         persons: tallyOf.map { $0.map { tallies[$0] } })
    }

    private func measureValue(_ state: MeasureState, acc: Accumulators, grouping g: Int, measure s: Int, key: Int) -> MeasureValue {
        switch state {
        case .count, .proportion:
            preconditionFailure("counts and shares come from the cells")
        case .numbers(_, let squared, let extremes):
            let n = acc.counts[g][s][key]
            guard n > 0 else { return .number(nil, n: 0) }
            let moments = Moments(n: n, sum: acc.sums[g][s][key], squares: squared ? acc.squares[g][s][key] : 0,
                                  low: extremes ? acc.lows[g][s][key] : 0, high: extremes ? acc.highs[g][s][key] : 0)
            return measures[s].value(moments)
        case .histogram(_, let low, let span, let p):
            return acc.histograms[g][s].withUnsafeBufferPointer { h in
                Quantile.fromHistogram(UnsafeBufferPointer(rebasing: h[key * span..<(key + 1) * span]), low: low, p: p)
            }
        case .bitmap(_, _, let words):
            var n = 0
            for w in key * words..<(key + 1) * words { n += acc.bitmaps[g][s][w].nonzeroBitCount }
            return .count(n)
        }
    }
}

/// Quantiles by linear interpolation between order statistics (p = 0.5: the midpoint).
enum Quantile {
    static func fromHistogram(_ histogram: UnsafeBufferPointer<UInt32>, low: Int32, p: Double) -> MeasureValue {
        var n = 0
        for c in histogram { n += Int(c) }
        guard n > 0 else { return .number(nil, n: 0) }
        // The k-th smallest value by walking the histogram.
        func value(_ k: Int) -> Double {
            var seen = 0
            for offset in 0..<histogram.count {
                seen += Int(histogram[offset])
                if seen > k { return Double(Int(low) + offset) }
            }
            return Double(Int(low) + histogram.count - 1)
        }
        let position = p * Double(n - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        let a = value(lower), b = upper == lower ? a : value(upper)
        return .number(a + (b - a) * (position - Double(lower)), n: n)
    }
}
