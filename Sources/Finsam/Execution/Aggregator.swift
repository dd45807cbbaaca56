import FinsamStore
import Dispatch

/// The value of one measure in one group.
enum MeasureValue {
    case count(Int)
    case proportion(part: Int, whole: Int)
    /// nil when the group has no value to average (`n` rows with a value); an average also
    /// carries its sample standard deviation, for its confidence interval.
    case number(Double?, n: Int, sd: Double? = nil)
}

/// Groups of selected rows by packed dimension codes, with every measure computed per group.
struct Aggregate {
    let dimensions: [DimensionKeys]
    /// Group keys present, ascending (dimension codes in order).
    let keys: [Int]
    /// Rows counted per group (also the base of `percent`).
    let counts: [Int]
    /// [group][measure]
    let values: [[MeasureValue]]
    let strides: [Int]
    /// Per measure: the persons behind each group's cell, counted up to the suppression
    /// threshold (nil where persons are not counted, or the measure is a count of persons, a count of
    /// persons already).
    var persons: [PersonTally?] = []

    /// The units a group's cell of `measure` (the m-th) is based on, for suppression: its
    /// persons where they are fewer than the threshold, else its rows (a count, a proportion's
    /// denominator, the values of an average; the group's rows for a count of values, whose count of
    /// values tells nothing of a person).
    func basis(group g: Int, measure m: Int, _ measure: BoundMeasure) -> Int {
        lowered(rows(group: g, measure: m, measure), group: g, measure: m)
    }

    /// The rows a group's cell of `measure` is based on, persons not counted.
    func rows(group g: Int, measure m: Int, _ measure: BoundMeasure) -> Int {
        measure.countsValues ? counts[g] : Self.rows(of: values[g][m])
    }

    /// `rows(group:measure:)` of every group: the measure's kind decided once, not per group
    /// (the cube of a query of many groups asked per group, which cost more than its work).
    func rows(measure m: Int, _ measure: BoundMeasure) -> [Int] {
        measure.countsValues ? counts : values.map { Self.rows(of: $0[m]) }
    }

    /// `basis(group:measure:)` of every group.
    func basis(measure m: Int, _ measure: BoundMeasure) -> [Int] {
        rows(measure: m, measure).enumerated().map { g, n in lowered(n, group: g, measure: m) }
    }

    /// The rows of a cell's value: a count's, a proportion's whole, an average's values.
    private static func rows(of value: MeasureValue) -> Int {
        switch value {
        case .count(let n): n
        case .proportion(_, let whole): whole
        case .number(_, let n, _): n
        }
    }

    /// `rows` of a group's cell lowered to its persons where they were counted and are fewer.
    private func lowered(_ rows: Int, group g: Int, measure m: Int) -> Int {
        guard m < persons.count, let persons = persons[m]?.persons(g) else { return rows }
        return min(rows, persons)
    }

    func codes(ofGroup index: Int) -> [Int] {
        dimensions.indices.map { d in (keys[index] / strides[d]) % dimensions[d].cardinality }
    }

    /// Every group's codes, flat (a group's dimensions in a row): worked out once for all the
    /// roll-ups of an aggregate, instead of an array per group.
    var flatCodes: [Int32] {
        let width = dimensions.count
        var codes = [Int32](repeating: 0, count: keys.count * width)
        for g in keys.indices {
            for d in 0..<width { codes[g * width + d] = Int32((keys[g] / strides[d]) % dimensions[d].cardinality) }
        }
        return codes
    }

    func labels(ofGroup index: Int) -> [String] {
        zip(dimensions, codes(ofGroup: index)).map { $0.labels[$1] }
    }

    func group(withLabels labels: [String]) -> Int? {
        keys.indices.first { self.labels(ofGroup: $0) == labels }
    }
}

/// Computes aggregates of a query's table: `GroupScan` in one chunked pass when the key space
/// and the measures allow it, else the general path here — a materialised selection, the
/// (row, key) memberships, then one loop per measure (sorting for order statistics and unique
/// counts over wide ranges, a hash table for large key spaces).
struct Aggregator {
    let table: Table
    let dataset: Dataset
    let measures: [BoundMeasure]
    let filter: PreparedCondition?
    let shareConditions: [PreparedCondition?]
    /// False keeps every query on the general path (for testing the scan against it).
    let allowsScan: Bool
    /// How suppression counts persons; nil: it does not (suppression off, or a public register).
    let persons: PersonCounting?
    private let cache = Cache()

    /// What the general path computes once per query, on first use.
    private final class Cache {
        var selection: [Int32]?
        var shareTruths: [Int: [UInt8]] = [:]
    }

    /// Group spaces larger than this are compacted through a hash table first.
    static let denseLimit = 1 << 22
    static let groupLimit = 1_000_000

    init(table: Table, dataset: Dataset, filter: BoundCondition?, measures: [BoundMeasure], allowsScan: Bool = true,
         persons: PersonCounting? = nil) {
        self.allowsScan = allowsScan
        self.persons = persons
        self.table = table
        self.dataset = dataset
        self.measures = measures
        self.filter = filter.map(PreparedCondition.init)
        shareConditions = measures.map { m in m.condition.map(PreparedCondition.init) }
    }

    /// One aggregate per grouping, in order; a grouping lists the indices of the dimensions it
    /// keeps. Coarser groupings roll up from the finest when every measure adds up; otherwise
    /// all are computed in one pass.
    ///
    /// Persons are counted (for suppression) only when some cell could hide fewer persons than
    /// its rows show: then the aggregates are computed once more, counting them.
    func aggregate(_ dimensions: [DimensionKeys], groupings: [[Int]]) throws(FinsamError) -> [Aggregate] {
        // Where groups are many, some are small enough to need their persons counted, and a
        // second pass would cost as much as the first: the scan counts them in its one pass (a
        // group's tally is full after `limit` persons, so a large group costs one comparison a
        // row). Few groups are rarely small: their first pass pays nothing for persons.
        if countsPersonsInFirstPass(dimensions, groupings: groupings) {
            return try aggregate(dimensions, groupings: groupings, countingPersons: true).map(withFormulas)
        }
        let rows = try aggregate(dimensions, groupings: groupings, countingPersons: false)
        guard let persons, persons.isNeeded(rows, measures: measures) else { return rows.map(withFormulas) }
        return try aggregate(dimensions, groupings: groupings, countingPersons: true).map(withFormulas)
    }

    /// `invånare` of a group of an aggregate (nil: no population for it).
    var population: ((Aggregate, Int) -> Double?)? = nil

    /// Formulas finished from their measures' values per group (`count / invånare`). A formula is
    /// based on its group's rows, as a count is (its basis for suppression).
    private func withFormulas(_ aggregate: Aggregate) -> Aggregate {
        let scaled = measures.map { m -> Double? in
            if case .decimals(let k)? = m.column?.column.schema.role, m.unit != .count { return (0..<k).reduce(1.0) { r, _ in r * 10 } }
            return nil
        }
        guard measures.contains(where: { $0.formula != nil }) || scaled.contains(where: { $0 != nil }) else { return aggregate }
        var values = aggregate.values
        for g in values.indices {
            // A column of numbers with decimals is stored times 10^k: its values come back to scale.
            for (m, scale) in scaled.enumerated() {
                guard let scale, case .number(let v, let n, let sd) = values[g][m] else { continue }
                let power = (0..<measures[m].definition.scaling).reduce(1.0) { r, _ in r * scale }
                values[g][m] = .number(v.map { $0 / power }, n: n, sd: sd.map { $0 / scale })
            }
            for (m, measure) in measures.enumerated() {
                guard let formula = measure.formula else { continue }
                let value = Self.evaluate(formula, values[g]) { population?(aggregate, g) }
                values[g][m] = .number(value.flatMap { $0.isFinite ? $0 : nil }, n: aggregate.counts[g])
            }
        }
        return Aggregate(dimensions: aggregate.dimensions, keys: aggregate.keys, counts: aggregate.counts, values: values,
                         strides: aggregate.strides, persons: aggregate.persons)
    }

    static func evaluate(_ f: Formula, _ values: [MeasureValue], population: () -> Double?) -> Double? {
        switch f {
        case .number(let v): return v
        case .population: return population()
        case .measure(let m):
            switch values[m] {
            case .count(let n): return Double(n)
            case .proportion(let part, let whole): return whole == 0 ? nil : 100 * Double(part) / Double(whole)
            case .number(let v, _, _): return v
            }
        case .binary(let op, let a, let b):
            guard let x = evaluate(a, values, population: population), let y = evaluate(b, values, population: population) else { return nil }
            switch op {
            case .plus: return x + y
            case .minus: return x - y
            case .times: return x * y
            case .divided: return y == 0 ? nil : x / y
            }
        }
    }

    private func aggregate(_ dimensions: [DimensionKeys], groupings: [[Int]], countingPersons: Bool) throws(FinsamError) -> [Aggregate] {
        let all = Array(dimensions.indices)
        if canRollUp(dimensions) {
            let full = try aggregate(by: dimensions, countingPersons: countingPersons)
            let codes = full.flatCodes
            return groupings.map { $0 == all ? full : rollUp(full, keeping: $0, codes: codes)! }
        }
        let sets = groupings.map { $0.map { dimensions[$0] } }
        if let scan = scan(sets, countingPersons: countingPersons) { return scan.run() }
        var out: [Aggregate] = []
        for set in sets { out.append(try general(by: set, countingPersons: countingPersons)) }
        return out
    }

    /// Key spaces from this size count persons in the first pass (see `aggregate`).
    static let manyGroups = 1024

    /// Whether persons are counted in the first pass (many groups, the scan), not in a second.
    func countsPersonsInFirstPass(_ dimensions: [DimensionKeys], groupings: [[Int]]) -> Bool {
        persons?.isPossible == true && DimensionKeys.packing(dimensions).1 >= Self.manyGroups
            && scansCountingPersons(dimensions, groupings: groupings)
    }

    /// Whether `aggregate` would take the scan with persons counted.
    private func scansCountingPersons(_ dimensions: [DimensionKeys], groupings: [[Int]]) -> Bool {
        if canRollUp(dimensions) { return scan([dimensions], countingPersons: true) != nil }
        return scan(groupings.map { $0.map { dimensions[$0] } }, countingPersons: true) != nil
    }

    /// The groups of one set of dimensions.
    private func aggregate(by dimensions: [DimensionKeys], countingPersons: Bool) throws(FinsamError) -> Aggregate {
        if let scan = scan([dimensions], countingPersons: countingPersons) { return scan.run()[0] }
        return try general(by: dimensions, countingPersons: countingPersons)
    }

    private func scan(_ groupings: [[DimensionKeys]], countingPersons: Bool) -> GroupScan? {
        guard allowsScan else { return nil }
        return GroupScan(rowCount: table.rowCount, filter: filter, groupings: groupings, measures: measures,
                         shareConditions: shareConditions, person: person, personLimit: countingPersons ? persons?.limit : nil)
    }

    private var person: PackedInts? {
        if let key = table.schema.personKey, case .int(let p)? = table.column(key)?.data { p } else { nil }
    }

    private var selection: [Int32] {
        if let s = cache.selection { return s }
        let s = filter?.selectAll(rowCount: table.rowCount) ?? Array(0..<Int32(table.rowCount))
        cache.selection = s
        return s
    }

    private func shareTruth(_ m: Int) -> [UInt8] {
        if let t = cache.shareTruths[m] { return t }
        let t = shareConditions[m]!.evaluateAll(rowCount: table.rowCount)
        cache.shareTruths[m] = t
        return t
    }

    private func general(by dimensions: [DimensionKeys], countingPersons: Bool) throws(FinsamError) -> Aggregate {
        let selection = self.selection
        let (strides, space) = DimensionKeys.packing(dimensions)
        if space > Int(Int32.max) { throw FinsamError(Message(.tooManyCombinations), hint: Message(.groupByFewer)) }
        // Memberships: (row, packed key). A row of single-valued dimensions is one membership.
        var rows: [Int32]
        var keys: [Int32]
        if dimensions.allSatisfy({ $0.codes.isSingleValued && $0.allowedCodes == nil }) {
            rows = selection
            keys = [Int32](repeating: 0, count: selection.count)
            for (d, dimension) in dimensions.enumerated() {
                Self.addCodes(dimension.codes, stride: Int32(strides[d]), selection: selection, into: &keys)
            }
        } else {
            // Base keys from the single-valued dimensions; then a membership per value of the
            // set dimensions (the empty set has its own code, `ingen`), skipping values that the
            // `where` clause rules out.
            var base = [Int32](repeating: 0, count: selection.count)
            var sets: [(codes: DimensionKeys.Codes, allowed: [Bool]?, stride: Int32)] = []
            for (d, dimension) in dimensions.enumerated() {
                if dimension.codes.isSingleValued && dimension.allowedCodes == nil {
                    Self.addCodes(dimension.codes, stride: Int32(strides[d]), selection: selection, into: &base)
                } else {
                    sets.append((dimension.codes, dimension.allowedCodes, Int32(strides[d])))
                }
            }
            rows = []
            keys = []
            rows.reserveCapacity(selection.count * 2)
            keys.reserveCapacity(selection.count * 2)
            if sets.count == 1 {
                let (codes, allowed, stride) = sets[0]
                for i in 0..<selection.count {
                    let row = selection[i], b = base[i]
                    codes.forEachCode(Int(row)) { code in
                        if let allowed, !allowed[Int(code)] { return }
                        rows.append(row)
                        keys.append(b &+ code &* stride)
                    }
                }
            } else {
                var partial: [Int32] = [], next: [Int32] = []
                for i in 0..<selection.count {
                    let row = selection[i]
                    partial.removeAll(keepingCapacity: true)
                    partial.append(base[i])
                    for (codes, allowed, stride) in sets {
                        next.removeAll(keepingCapacity: true)
                        codes.forEachCode(Int(row)) { code in
                            if let allowed, !allowed[Int(code)] { return }
                            for b in partial { next.append(b &+ code &* stride) }
                        }
                        swap(&partial, &next)
                    }
                    for key in partial { rows.append(row); keys.append(key) }
                }
            }
        }
        // Keys become dense group numbers in place (ascending key order).
        var groupKeys: [Int] = []
        if space <= Self.denseLimit {
            var present = [Int32](repeating: -1, count: space)
            present.withUnsafeMutableBufferPointer { p in
                keys.withUnsafeMutableBufferPointer { k in
                    for key in k { p[Int(key)] = 0 }
                    for key in 0..<space where p[key] == 0 {
                        p[key] = Int32(groupKeys.count)
                        groupKeys.append(key)
                    }
                    for i in 0..<k.count { k[i] = p[Int(k[i])] }
                }
            }
        } else {
            groupKeys = Set(keys.map(Int.init)).sorted()
            let index = Dictionary(uniqueKeysWithValues: groupKeys.enumerated().map { ($1, Int32($0)) })
            for i in keys.indices { keys[i] = index[Int(keys[i])]! }
        }
        if groupKeys.count > Self.groupLimit {
            throw FinsamError(Message(.tooManyGroups, groupKeys.count, Self.groupLimit), hint: Message(.groupByFewerOrFilter))
        }
        let slot = keys
        let groups = groupKeys.count
        var counts = [Int](repeating: 0, count: groups)
        counts.withUnsafeMutableBufferPointer { c in
            slot.withUnsafeBufferPointer { sl in for s in sl { c[Int(s)] += 1 } }
        }
        var values = [[MeasureValue]](repeating: [], count: groups)
        for (m, measure) in measures.enumerated() {
            let column = measureValues(measure, index: m, rows: rows, slot: slot, groups: groups, counts: counts)
            for g in 0..<groups { values[g].append(column[g]) }
        }
        var aggregate = Aggregate(dimensions: dimensions, keys: groupKeys, counts: counts, values: values, strides: strides)
        if countingPersons { aggregate.persons = personTallies(rows: rows, slot: slot, counts: counts) }
        return aggregate
    }

    /// Each measure's persons per group (see `PersonTally`), from the memberships.
    private func personTallies(rows: [Int32], slot: [Int32], counts: [Int]) -> [PersonTally?] {
        guard let personLimit = persons?.limit, let person else { return [] }
        let (bases, index) = PersonBasis.uniqueBases(measures)
        let tallies = bases.map { basis -> PersonTally in
            let tally = PersonTally(limit: personLimit, rows: counts)
            var include: (Int32) -> Bool = { _ in true }
            switch basis {
            case .rows: break
            case .known(let m):
                let truth = shareTruth(m)
                include = { truth[Int($0)] != Truth.unknown }
            case .valued(let m):
                let values = measureColumn(m)
                include = { values[Int($0)] != Missing.int }
            }
            for i in rows.indices where include(rows[i]) {
                tally.add(person[Int(rows[i])], missing: person.missing, to: Int(slot[i]))
            }
            return tally
        }
        return index.map { $0.map { tallies[$0] } }
    }

    /// The values of measure `m`'s column, a row each (missing as `Missing.int`).
    private func measureColumn(_ m: Int) -> [Int32] {
        guard let path = measures[m].column else { preconditionFailure("not a measure of values") }
        return numbers(path)
    }

    private static func addCodes(_ codes: DimensionKeys.Codes, stride: Int32, selection: [Int32], into keys: inout [Int32]) {
        selection.withUnsafeBufferPointer { rows in
            keys.withUnsafeMutableBufferPointer { k in codes.addCodes(rows: rows, stride: stride, into: k.baseAddress!) }
        }
    }

    /// How `aggregate` will compute these groupings, in words (`explain`).
    func pathDescription(_ dimensions: [DimensionKeys], groupings: [[Int]]) -> Message {
        let sets = groupings.map { $0.map { dimensions[$0] } }
        if canRollUp(dimensions) {
            let finest = scan([dimensions], countingPersons: false) != nil ? Message(.pathOnePass) : Message(.pathGeneral)
            return Message(.pathRolledUp, finest)
        }
        if scan(sets, countingPersons: false) != nil { return Message(.pathAllOnePass) }
        let space = DimensionKeys.packing(dimensions).1
        let reason = !allowsScan ? Message(.pathEngineSet)
            : space > GroupScan.spaceLimit ? Message(.pathOverDense, space, GroupScan.spaceLimit)
            : Message(.pathStateTooLarge)
        return Message(.pathEachGeneral, reason)
    }

    /// Every grouping asked for, from aggregates already computed (keyed by the dimensions they
    /// keep): those present are reused, the others rolled up from the finest, with no pass over
    /// the rows. Nil when they cannot be rolled up (a set dimension, a measure that does not add
    /// up), or when persons would now have to be counted and were not.
    func completing(_ computed: [[Int]: Aggregate], dimensions: [DimensionKeys], groupings: [[Int]]) -> [Aggregate]? {
        guard canRollUp(dimensions), let full = computed[Array(dimensions.indices)] else { return nil }
        var out: [Aggregate] = []
        let codes = full.flatCodes
        for grouping in groupings {
            guard let aggregate = computed[grouping] ?? rollUp(full, keeping: grouping, codes: codes) else { return nil }
            out.append(aggregate)
        }
        let counted = full.persons.contains { $0 != nil }
        if let persons, !counted, persons.isNeeded(out, measures: measures) { return nil }
        return out
    }

    func canRollUp(_ dimensions: [DimensionKeys]) -> Bool {
        dimensions.allSatisfy({ $0.codes.isSingleValued && $0.allowedCodes == nil }) && measures.allSatisfy {
            $0.definition.accumulation == .rows || $0.definition.accumulation == .proportion
        }
    }

    /// Totals from an aggregate of finer groups, without going back to the rows: possible when
    /// every dimension is single-valued (a row is in one group) and every measure adds up.
    /// `codes` are the aggregate's `flatCodes`, shared by its roll-ups.
    func rollUp(_ aggregate: Aggregate, keeping kept: [Int], codes: [Int32]) -> Aggregate? {
        guard canRollUp(aggregate.dimensions) else { return nil }
        let dimensions = kept.map { aggregate.dimensions[$0] }
        let (strides, space) = DimensionKeys.packing(dimensions)
        // The rolled-up group of a key: a dense array where the space is small, else a dictionary.
        var dense = space <= Self.denseLimit ? [Int32](repeating: -1, count: space) : []
        var byKey: [Int: Int] = [:]
        let width = aggregate.dimensions.count
        var keys: [Int] = [], counts: [Int] = []
        // The rolled-up group of each group (before sorting).
        var parent: [Int] = []
        parent.reserveCapacity(aggregate.keys.count)
        // Counts and proportions add up in flat arrays, a part and a whole per rolled-up group and
        // measure; any other value (a formula's, finished already) does not add up.
        let measureCount = aggregate.values.first?.count ?? 0
        let isProportion = (0..<measureCount).map { m in if case .proportion = aggregate.values[0][m] { true } else { false } }
        var part: [Int] = [], whole: [Int] = []
        for g in aggregate.keys.indices {
            var key = 0
            for i in kept.indices { key += Int(codes[g * width + kept[i]]) * strides[i] }
            let target: Int
            if let found = dense.isEmpty ? byKey[key] : dense[key] < 0 ? nil : Int(dense[key]) {
                target = found
                counts[target] += aggregate.counts[g]
            } else {
                target = keys.count
                if dense.isEmpty { byKey[key] = target } else { dense[key] = Int32(target) }
                keys.append(key)
                counts.append(aggregate.counts[g])
                part.append(contentsOf: repeatElement(0, count: measureCount))
                whole.append(contentsOf: repeatElement(0, count: measureCount))
            }
            parent.append(target)
            for m in 0..<measureCount {
                switch (aggregate.values[g][m], isProportion[m]) {
                case (.count(let n), false): part[target * measureCount + m] += n
                case (.proportion(let p, let w), true): part[target * measureCount + m] += p; whole[target * measureCount + m] += w
                default: return nil
                }
            }
        }
        let values = keys.indices.map { i -> [MeasureValue] in
            (0..<measureCount).map { m -> MeasureValue in
                let at = i * measureCount + m
                return isProportion[m] ? .proportion(part: part[at], whole: whole[at]) : .count(part[at])
            }
        }
        // Ascending keys: read off the dense index where it is small, else sorted.
        let order = !dense.isEmpty && space <= 16 * max(1, keys.count)
            ? dense.compactMap { $0 < 0 ? nil : Int($0) } : keys.indices.sorted { keys[$0] < keys[$1] }
        var rolled = Aggregate(dimensions: dimensions, keys: order.map { keys[$0] }, counts: order.map { counts[$0] },
                               values: order.map { values[$0] }, strides: strides)
        // Persons do not add up: the rolled-up group's tally is the union of its parts'.
        var position = [Int](repeating: 0, count: order.count)
        for (i, o) in order.enumerated() { position[o] = i }
        var rolledTallies: [ObjectIdentifier: PersonTally] = [:]
        rolled.persons = aggregate.persons.map { tally -> PersonTally? in
            guard let tally else { return nil }
            if let done = rolledTallies[ObjectIdentifier(tally)] { return done }
            let out = PersonTally(limit: tally.limit, rows: rolled.counts)
            for g in aggregate.keys.indices { out.merge(tally, group: g, into: position[parent[g]]) }
            rolledTallies[ObjectIdentifier(tally)] = out
            return out
        }
        return rolled
    }

    private func measureValues(_ measure: BoundMeasure, index: Int, rows: [Int32], slot: [Int32], groups: Int, counts: [Int]) -> [MeasureValue] {
        switch measure.definition.accumulation {
        case .rows:
            return counts.map { .count($0) }
        case .proportion:
            let truth = shareTruth(index)
            var part = [Int](repeating: 0, count: groups), whole = [Int](repeating: 0, count: groups)
            part.withUnsafeMutableBufferPointer { p in
                whole.withUnsafeMutableBufferPointer { w in
                    truth.withUnsafeBufferPointer { t in
                        rows.withUnsafeBufferPointer { r in
                            slot.withUnsafeBufferPointer { sl in
                                for i in 0..<r.count {
                                    let v = t[Int(r[i])]
                                    if v != Truth.unknown { w[Int(sl[i])] += 1; p[Int(sl[i])] += Int(v) }
                                }
                            }
                        }
                    }
                }
            }
            return (0..<groups).map { .proportion(part: part[$0], whole: whole[$0]) }
        case .distinctValues:
            guard let path = measure.column else {
                return distinctCounts(person!.values.map(Int64.init), missing: Int64(Missing.int), rows: rows, slot: slot, groups: groups)
            }
            let (values, missing) = comparableValues(path)
            return distinctCounts(values, missing: missing, rows: rows, slot: slot, groups: groups)
        case .moments:
            let values = numbers(measure.column!)
            let squared = measure.needsSquares
            var sum = [Double](repeating: 0, count: groups), n = [Int](repeating: 0, count: groups)
            var squares = [Double](repeating: 0, count: squared ? groups : 0)
            var low = [Int32](repeating: .max, count: groups), high = [Int32](repeating: .min, count: groups)
            for i in 0..<rows.count {
                let v = values[Int(rows[i])]
                guard v != Missing.int else { continue }
                let g = Int(slot[i])
                sum[g] += Double(v); n[g] += 1
                if squared { squares[g] += Double(v) * Double(v) }
                low[g] = Swift.min(low[g], v); high[g] = Swift.max(high[g], v)
            }
            return (0..<groups).map { g in
                guard n[g] > 0 else { return .number(nil, n: 0) }
                let moments = Moments(n: n[g], sum: sum[g], squares: squared ? squares[g] : 0, low: low[g], high: high[g])
                return measure.value(moments)
            }
        case .order:
            let p = measure.fraction ?? 0.5
            let values = numbers(measure.column!)
            // Sort (group, value) pairs packed into one word, then read each group's run.
            var pairs: [UInt64] = []
            pairs.reserveCapacity(rows.count)
            for i in 0..<rows.count {
                let v = values[Int(rows[i])]
                guard v != Missing.int else { continue }
                pairs.append(UInt64(UInt32(slot[i])) << 32 | UInt64(UInt32(bitPattern: v) ^ 0x8000_0000))
            }
            pairs.sort()
            var result = [MeasureValue](repeating: .number(nil, n: 0), count: groups)
            var start = 0
            while start < pairs.count {
                let g = Int(pairs[start] >> 32)
                var end = start
                while end < pairs.count, Int(pairs[end] >> 32) == g { end += 1 }
                func value(_ i: Int) -> Double { Double(Int32(bitPattern: UInt32(truncatingIfNeeded: pairs[start + i]) ^ 0x8000_0000)) }
                // Linear interpolation between order statistics (p = 0.5: the usual midpoint).
                let position = p * Double(end - start - 1)
                let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
                let q = value(lower) + (value(upper) - value(lower)) * (position - Double(lower))
                result[g] = .number(q, n: end - start)
                start = end
            }
            return result
        }
    }

    private func numbers(_ path: ColumnPath) -> [Int32] {
        guard case .int(let packed) = path.column.data else { preconditionFailure("not a number column") }
        guard let via = path.via else { return packed.values }
        return packed.gathered(via).values
    }

    /// Values of any column as integers, for counting unique values.
    private func comparableValues(_ path: ColumnPath) -> ([Int64], Int64) {
        let base: [Int64]
        let missing: Int64 = .min
        switch path.column.data {
        case .int(let p), .date(let p), .reference(let p), .categorySet(let p):
            base = p.values.map { $0 == p.missing ? missing : Int64($0) }
        case .category(let v): base = v.map { $0 == Missing.category ? missing : Int64($0) }
        case .bool(let v): base = v.map { $0 == Missing.bool ? missing : Int64($0) }
        case .text(let v):
            // Each new text gets the next number (the index must be stored, not only read).
            var index: [String: Int64] = [:]
            base = v.map { s in
                guard let s else { return missing }
                if let known = index[s] { return known }
                index[s] = Int64(index.count)
                return Int64(index.count - 1)
            }
        case .yearSet(let f, let l): base = (0..<f.count).map { f[$0] == Missing.yearValue ? missing : Int64(f[$0]) << 16 | Int64(l[$0]) }
        case .referenceSet(let o, let t):
            // Equal sets are one value: number each unique (sorted) member list.
            var index: [[Int32]: Int64] = [:]
            base = (0..<o.count - 1).map { row in
                let members = t[Int(o[row])..<Int(o[row + 1])].sorted()
                if let known = index[members] { return known }
                index[members] = Int64(index.count)
                return Int64(index.count - 1)
            }
        }
        guard let via = path.via else { return (base, missing) }
        return (via.values.map { $0 == Missing.reference ? missing : base[Int($0)] }, missing)
    }

    private func distinctCounts(_ values: [Int64], missing: Int64, rows: [Int32], slot: [Int32], groups: Int) -> [MeasureValue] {
        var low = Int64.max, high = Int64.min
        for v in values where v != missing { low = Swift.min(low, v); high = Swift.max(high, v) }
        var result = [Int](repeating: 0, count: groups)
        let span = low <= high ? Int(high - low) + 1 : 0
        let words = (span + 63) / 64
        if span > 0, words * groups <= 1 << 22 {
            // A bitmap per group over the value range: set a bit per (group, value), count bits.
            var bits = [UInt64](repeating: 0, count: words * groups)
            values.withUnsafeBufferPointer { v in
                bits.withUnsafeMutableBufferPointer { b in
                    for i in 0..<rows.count {
                        let x = v[Int(rows[i])]
                        guard x != missing else { continue }
                        let offset = Int(x - low)
                        b[Int(slot[i]) * words + offset >> 6] |= 1 << UInt64(offset & 63)
                    }
                }
            }
            for g in 0..<groups {
                var n = 0
                for w in (g * words)..<((g + 1) * words) { n += bits[w].nonzeroBitCount }
                result[g] = n
            }
            return result.map { .count($0) }
        }
        if low <= high, high - low < 1 << 40, groups < 1 << 23 {
            // (group, value) packed into one word: sorting plain integers is the fast path.
            var packed: [UInt64] = []
            packed.reserveCapacity(rows.count)
            values.withUnsafeBufferPointer { v in
                for i in 0..<rows.count {
                    let x = v[Int(rows[i])]
                    if x != missing { packed.append(UInt64(slot[i]) << 40 | UInt64(x - low)) }
                }
            }
            packed.sort()
            for i in packed.indices where i == 0 || packed[i] != packed[i - 1] { result[Int(packed[i] >> 40)] += 1 }
            return result.map { .count($0) }
        }
        var pairs: [(Int32, Int64)] = []
        pairs.reserveCapacity(rows.count)
        for i in 0..<rows.count {
            let v = values[Int(rows[i])]
            if v != missing { pairs.append((slot[i], v)) }
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        for i in pairs.indices where i == 0 || pairs[i] != pairs[i - 1] { result[Int(pairs[i].0)] += 1 }
        return result.map { .count($0) }
    }
}
