import FinsamStore
/// Three-valued truth per row: 0 false, 1 true, 2 unknown (a missing operand). `and`, `or`
/// and `not` follow SQL (Kleene logic): unknown or true is true, unknown and false is false.
enum Truth {
    static let no: UInt8 = 0, yes: UInt8 = 1, unknown: UInt8 = 2
    /// Lookups over (a, b) pairs, index a * 3 + b.
    static let andTable: [UInt8] = [0, 0, 0, 0, 1, 2, 0, 2, 2]
    static let orTable: [UInt8] = [0, 1, 2, 1, 1, 1, 2, 1, 2]
}

/// Rows are evaluated in chunks of this many: a chunk's buffers stay in the first-level cache.
let chunkSize = 16384

/// A bound condition made ready to run over any range of rows. Tests of a related table are
/// computed once over that (small) table and read through the reference, and each test
/// holds the lookup it needs, so running a chunk is a few tight loops.
indirect enum PreparedCondition {
    case and(PreparedCondition, PreparedCondition)
    case or(PreparedCondition, PreparedCondition)
    case not(PreparedCondition)
    case leaf(ConditionLeaf)

    init(_ condition: BoundCondition) {
        switch condition {
        case .and(let a, let b): self = .and(PreparedCondition(a), PreparedCondition(b))
        case .or(let a, let b): self = .or(PreparedCondition(a), PreparedCondition(b))
        case .not(let a): self = .not(PreparedCondition(a))
        default: self = ConditionLeaf.prepare(condition)
        }
    }

    /// Truth of `count` rows from `source` into `out`.
    func evaluate(_ source: RowSource, count: Int, into out: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Int32>) {
        switch self {
        case .leaf(let leaf):
            leaf.evaluate(source, count: count, into: out, scratch: scratch)
        case .not(let a):
            a.evaluate(source, count: count, into: out, scratch: scratch)
            for i in 0..<count where out[i] != Truth.unknown { out[i] ^= 1 }
        case .and(let a, let b), .or(let a, let b):
            a.evaluate(source, count: count, into: out, scratch: scratch)
            let other = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
            defer { other.deallocate() }
            b.evaluate(source, count: count, into: other, scratch: scratch)
            let table = if case .and = self { Truth.andTable } else { Truth.orTable }
            table.withUnsafeBufferPointer { t in
                for i in 0..<count { out[i] = t[Int(out[i]) &* 3 &+ Int(other[i])] }
            }
        }
    }

    /// Truth of rows `start..<start + count` into `out`.
    func evaluate(from start: Int, count: Int, into out: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Int32>) {
        evaluate(.range(start: start), count: count, into: out, scratch: scratch)
    }

    /// Truth of every row of a table of `rowCount` rows.
    func evaluateAll(rowCount: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
            defer { scratch.deallocate() }
            var start = 0
            while start < rowCount {
                let n = min(chunkSize, rowCount - start)
                evaluate(from: start, count: n, into: buffer.baseAddress! + start, scratch: scratch)
                start += n
            }
            initialized = rowCount
        }
    }

    /// The rows where the condition is true, ascending.
    func selectAll(rowCount: Int) -> [Int32] {
        var out: [Int32] = []
        let truth = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
        let selected = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
        defer { truth.deallocate(); scratch.deallocate(); selected.deallocate() }
        var start = 0
        while start < rowCount {
            let n = min(chunkSize, rowCount - start)
            let m = select(from: start, count: n, into: selected, truth: truth, scratch: scratch)
            out.append(contentsOf: UnsafeBufferPointer(start: selected, count: m))
            start += n
        }
        return out
    }
}

/// One test of one column of the query's table, with its lookup prepared.
enum ConditionLeaf {
    /// One-byte codes (categories, bools) through a 256-entry truth table.
    case bytes([UInt8], truth: [UInt8])
    /// Whole numbers (ints, dates) in low...high; a missing value is unknown.
    case range(PackedInts, low: Int32, high: Int32)
    /// Through a truth table indexed by value - low (a value outside it is false); a missing
    /// value gives `missing`. References use it with the target rows, related tables with
    /// the truth of each related row.
    case table(PackedInts, truth: [UInt8], low: Int32, missing: UInt8)
    case oneOf(PackedInts, Set<Int32>)
    /// Category sets: any of / all of the mask, or empty.
    case setAny(PackedInts, mask: UInt32)
    case setAll(PackedInts, mask: UInt32)
    case setEmpty(PackedInts)
    /// Years active: some year in low...high / one of `years`.
    case yearsOverlap(first: PackedInts, last: PackedInts, low: Int32, high: Int32)
    case yearsIn(first: PackedInts, last: PackedInts, years: [Int32])
    /// `is missing` on a packed column.
    case missing(PackedInts)
    /// A truth per row computed whole beforehand (text and reference-set tests).
    case rows([UInt8])
    /// A test of two one-byte columns (a year set's first and last year) through a truth table
    /// indexed by both raw bytes (first << 8 | last).
    case bytePairs(first: [UInt8], last: [UInt8], truth: [UInt8])

    static func prepare(_ condition: BoundCondition) -> PreparedCondition {
        guard let path = condition.path else { preconditionFailure("a leaf condition has a column") }
        guard let via = path.via else {
            // `!=` is the negation of `=`; a missing value stays unknown either way.
            if case .intCompare(let path, .notEqual, let value) = condition {
                return .not(.leaf(ConditionLeaf.range(packed(path), low: value, high: value).overBytes()))
            }
            return .leaf(own(condition).overBytes())
        }
        // A test of a related table: its truth per related row, read through the reference.
        let local = ColumnPath(table: path.table, column: path.column, via: nil, name: path.name)
        let related = PreparedCondition(condition.replacingPath(with: local)).evaluateAll(rowCount: path.table.rowCount)
        let missing: UInt8 = if case .isMissing = condition { Truth.yes } else { Truth.unknown }
        return .leaf(.table(via, truth: related, low: 0, missing: missing))
    }

    private static func own(_ condition: BoundCondition) -> ConditionLeaf {
        switch condition {
        case .codes(let path, let allowed):
            let (values, sentinel) = bytes(path)
            var truth = [UInt8](repeating: Truth.no, count: 256)
            for (code, ok) in allowed.enumerated() where ok { truth[code] = Truth.yes }
            truth[Int(sentinel)] = Truth.unknown
            return .bytes(values, truth: truth)
        case .intCompare(let path, let op, let value):
            let (low, high) = Self.range(op, value)
            return .range(packed(path), low: low, high: high)
        case .intRange(let path, let low, let high):
            return .range(packed(path), low: low, high: high)
        case .intIn(let path, let values):
            let column = packed(path)
            guard column.low <= column.high, Int(column.high) - Int(column.low) < 1 << 20 else { return .oneOf(column, values) }
            let truth = (column.low...column.high).map { values.contains($0) ? Truth.yes : Truth.no }
            return .table(column, truth: truth, low: column.low, missing: Truth.unknown)
        case .setAny(let path, let mask): return .setAny(packed(path), mask: mask)
        case .setAll(let path, let mask): return .setAll(packed(path), mask: mask)
        case .setEmpty(let path): return .setEmpty(packed(path))
        case .yearsOverlap(let path, let low, let high):
            guard case .yearSet(let first, let last) = path.column.data else { preconditionFailure("not a year set") }
            return .yearsOverlap(first: first, last: last, low: Int32(low), high: Int32(high))
        case .yearsIn(let path, let years):
            guard case .yearSet(let first, let last) = path.column.data else { preconditionFailure("not a year set") }
            return .yearsIn(first: first, last: last, years: years.map(Int32.init).sorted())
        case .referenceIn(let path, let rows):
            var truth = [UInt8](repeating: Truth.no, count: Int(rows.max() ?? -1) + 1)
            for r in rows where r >= 0 { truth[Int(r)] = Truth.yes }
            return .table(packed(path), truth: truth, low: 0, missing: Truth.unknown)
        case .isMissing(let path):
            switch path.column.data {
            case .category(let v), .bool(let v):
                let sentinel = if case .bool = path.column.data { Missing.bool } else { Missing.category }
                var truth = [UInt8](repeating: Truth.no, count: 256)
                truth[Int(sentinel)] = Truth.yes
                return .bytes(v, truth: truth)
            case .int(let p), .date(let p), .reference(let p), .categorySet(let p): return .missing(p)
            case .yearSet(let first, _): return .missing(first)
            case .text(let v): return .rows(v.map { $0 == nil ? Truth.yes : Truth.no })
            case .referenceSet(let offsets, _): return .rows([UInt8](repeating: Truth.no, count: offsets.count - 1))
            }
        case .referenceSetHas(let path, let rows, let all):
            guard case .referenceSet(let offsets, let targets) = path.column.data else { preconditionFailure("not a reference set") }
            return .rows((0..<offsets.count - 1).map { i in
                let members = Set(targets[Int(offsets[i])..<Int(offsets[i + 1])])
                return (all ? rows.isSubset(of: members) : !rows.isDisjoint(with: members)) ? Truth.yes : Truth.no
            })
        case .referenceSetEmpty(let path):
            guard case .referenceSet(let offsets, _) = path.column.data else { preconditionFailure("not a reference set") }
            return .rows((0..<offsets.count - 1).map { offsets[$0] == offsets[$0 + 1] ? Truth.yes : Truth.no })
        case .textIn(let path, let values):
            guard case .text(let texts) = path.column.data else { preconditionFailure("not a text column") }
            return .rows(texts.map { $0.map { values.contains($0) ? Truth.yes : Truth.no } ?? Truth.unknown })
        case .and, .or, .not:
            preconditionFailure("not a leaf")
        }
    }

    /// A test of a one-byte packed column as a 256-entry truth table over its raw bytes: the
    /// fastest form there is (no decoding, a branch-free selection).
    func overBytes() -> ConditionLeaf {
        let column: PackedInts
        switch self {
        case .range(let c, _, _), .table(let c, _, _, _), .oneOf(let c, _), .setAny(let c, _), .setAll(let c, _),
             .setEmpty(let c), .missing(let c): column = c
        case .yearsOverlap(let first, let last, _, _), .yearsIn(let first, let last, _): return overBytePairs(first, last)
        default: return self
        }
        guard let (raw, everyByte) = column.byteView else { return self }
        let probe: ConditionLeaf = switch self {
        case .range(_, let low, let high): .range(everyByte, low: low, high: high)
        case .table(_, let truth, let low, let missing): .table(everyByte, truth: truth, low: low, missing: missing)
        case .oneOf(_, let values): .oneOf(everyByte, values)
        case .setAny(_, let mask): .setAny(everyByte, mask: mask)
        case .setAll(_, let mask): .setAll(everyByte, mask: mask)
        case .setEmpty: .setEmpty(everyByte)
        default: .missing(everyByte)
        }
        var truth = [UInt8](repeating: 0, count: 256)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: 256)
        defer { scratch.deallocate() }
        truth.withUnsafeMutableBufferPointer { probe.evaluate(.range(start: 0), count: 256, into: $0.baseAddress!, scratch: scratch) }
        return .bytes(raw, truth: truth)
    }

    /// A year-set test over one-byte first and last years as a 65 536-entry truth table over
    /// both raw bytes: a lookup per row, no decoding (the years of `år = 2018` in every scan).
    private func overBytePairs(_ first: PackedInts, _ last: PackedInts) -> ConditionLeaf {
        guard let (rawFirst, everyFirst) = first.byteView, let (rawLast, everyLast) = last.byteView else { return self }
        // Every (first, last) pair of raw bytes as two columns of 65 536 rows.
        let pairs = 1 << 16
        let firsts = PackedInts((0..<pairs).map { Int32($0 >> 8) }, missing: Missing.reference, zeroBase: true)
        let lasts = PackedInts((0..<pairs).map { Int32($0 & 255) }, missing: Missing.reference, zeroBase: true)
        let probe: ConditionLeaf = switch self {
        case .yearsOverlap(_, _, let low, let high):
            .yearsOverlap(first: everyFirst.gathered(firsts), last: everyLast.gathered(lasts), low: low, high: high)
        case .yearsIn(_, _, let years): .yearsIn(first: everyFirst.gathered(firsts), last: everyLast.gathered(lasts), years: years)
        default: preconditionFailure("not a year-set test")
        }
        var truth = [UInt8](repeating: 0, count: pairs)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: pairs)
        defer { scratch.deallocate() }
        truth.withUnsafeMutableBufferPointer { probe.evaluate(.range(start: 0), count: pairs, into: $0.baseAddress!, scratch: scratch) }
        return .bytePairs(first: rawFirst, last: rawLast, truth: truth)
    }

    /// `op value` as an inclusive range (for all but !=).
    static func range(_ op: ComparisonOperator, _ value: Int32) -> (Int32, Int32) {
        switch op {
        case .equal: (value, value)
        case .less: (Int32.min + 1, value == Int32.min ? Int32.min : value - 1)
        case .lessOrEqual: (Int32.min + 1, value)
        case .greater: (value == Int32.max ? Int32.max : value + 1, Int32.max)
        case .greaterOrEqual: (value, Int32.max)
        case .notEqual: (Int32.min + 1, Int32.max)
        }
    }

    fileprivate static func bytes(_ path: ColumnPath) -> ([UInt8], UInt8) {
        switch path.column.data {
        case .category(let v): (v, Missing.category)
        case .bool(let v): (v, Missing.bool)
        default: preconditionFailure("codes on a column without codes")
        }
    }

    fileprivate static func packed(_ path: ColumnPath) -> PackedInts {
        switch path.column.data {
        case .int(let p), .date(let p), .reference(let p), .categorySet(let p): p
        default: preconditionFailure("not a packed column")
        }
    }
}

/// The rows a condition is evaluated for: a run of rows, or a list of selected rows.
enum RowSource {
    case range(start: Int)
    case list(UnsafePointer<Int32>)

    /// The row of position i.
    @inline(__always)
    func row(_ i: Int) -> Int {
        switch self {
        case .range(let start): start &+ i
        case .list(let rows): Int(rows[i])
        }
    }

    /// The values of a packed column for the rows into `out`.
    @inline(__always)
    func load(_ column: PackedInts, count: Int, into out: UnsafeMutablePointer<Int32>) {
        switch self {
        case .range(let start): column.decode(from: start, count: count, into: out)
        case .list(let rows): column.gather(UnsafeBufferPointer(start: rows, count: count), into: out)
        }
    }

    /// Entry per row of a per-row byte array.
    @inline(__always)
    func load(_ bytes: [UInt8], through table: UnsafeBufferPointer<UInt8>?, count: Int, into out: UnsafeMutablePointer<UInt8>) {
        bytes.withUnsafeBufferPointer { v in
            switch (self, table) {
            case (.range(let start), let t?): for i in 0..<count { out[i] = t[Int(v[start &+ i])] }
            case (.list(let rows), let t?): for i in 0..<count { out[i] = t[Int(v[Int(rows[i])])] }
            case (.range(let start), nil): for i in 0..<count { out[i] = v[start &+ i] }
            case (.list(let rows), nil): for i in 0..<count { out[i] = v[Int(rows[i])] }
            }
        }
    }
}

extension ConditionLeaf {
    /// Truth of `n` rows from `source` into `out`; `scratch` holds `n` decoded values.
    func evaluate(_ source: RowSource, count n: Int, into out: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Int32>) {
        switch self {
        case .bytes(let values, let truth):
            truth.withUnsafeBufferPointer { t in source.load(values, through: t, count: n, into: out) }
        case .range(let column, let low, let high):
            source.load(column, count: n, into: scratch)
            let missing = column.missing
            for i in 0..<n {
                let v = scratch[i]
                out[i] = v == missing ? Truth.unknown : (v >= low && v <= high ? Truth.yes : Truth.no)
            }
        case .table(let column, let truth, let low, let missingTruth):
            source.load(column, count: n, into: scratch)
            let missing = column.missing, size = UInt32(truth.count)
            truth.withUnsafeBufferPointer { t in
                for i in 0..<n {
                    let v = scratch[i]
                    let offset = UInt32(bitPattern: v &- low)
                    out[i] = v == missing ? missingTruth : (offset < size ? t[Int(offset)] : Truth.no)
                }
            }
        case .oneOf(let column, let values):
            source.load(column, count: n, into: scratch)
            for i in 0..<n { out[i] = scratch[i] == column.missing ? Truth.unknown : (values.contains(scratch[i]) ? Truth.yes : Truth.no) }
        case .setAny(let column, let mask):
            source.load(column, count: n, into: scratch)
            let m = Int32(bitPattern: mask)
            for i in 0..<n { out[i] = scratch[i] == Missing.setMask ? Truth.unknown : (scratch[i] & m != 0 ? Truth.yes : Truth.no) }
        case .setAll(let column, let mask):
            source.load(column, count: n, into: scratch)
            let m = Int32(bitPattern: mask)
            for i in 0..<n { out[i] = scratch[i] == Missing.setMask ? Truth.unknown : (scratch[i] & m == m ? Truth.yes : Truth.no) }
        case .setEmpty(let column):
            source.load(column, count: n, into: scratch)
            for i in 0..<n { out[i] = scratch[i] == Missing.setMask ? Truth.unknown : (scratch[i] == 0 ? Truth.yes : Truth.no) }
        case .yearsOverlap(let first, let last, let low, let high):
            let lastYears = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { lastYears.deallocate() }
            source.load(first, count: n, into: scratch)
            source.load(last, count: n, into: lastYears)
            for i in 0..<n {
                out[i] = scratch[i] == Missing.yearValue ? Truth.unknown : (scratch[i] <= high && lastYears[i] >= low ? Truth.yes : Truth.no)
            }
        case .yearsIn(let first, let last, let years):
            let lastYears = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { lastYears.deallocate() }
            source.load(first, count: n, into: scratch)
            source.load(last, count: n, into: lastYears)
            // A listed year within [a, b]: counts of listed years up to each year, compared at the
            // run's two ends (a lookup per row, not a search).
            guard let low = years.first, let high = years.last else {
                for i in 0..<n { out[i] = scratch[i] == Missing.yearValue ? Truth.unknown : Truth.no }
                break
            }
            var upTo = [Int32](repeating: 0, count: Int(high - low) + 2)  // upTo[y - low + 1]: listed years ≤ y
            for y in low...high { upTo[Int(y - low) + 1] = upTo[Int(y - low)] + (years.contains(y) ? 1 : 0) }
            upTo.withUnsafeBufferPointer { counts in
                for i in 0..<n {
                    let a = scratch[i], b = lastYears[i]
                    if a == Missing.yearValue { out[i] = Truth.unknown; continue }
                    let from = Int(Swift.max(a, low) - low), to = Int(Swift.min(b, high) - low) + 1
                    out[i] = from < to && counts[to] > counts[from] ? Truth.yes : Truth.no
                }
            }
        case .missing(let column):
            source.load(column, count: n, into: scratch)
            for i in 0..<n { out[i] = scratch[i] == column.missing ? Truth.yes : Truth.no }
        case .rows(let truth):
            source.load(truth, through: nil, count: n, into: out)
        case .bytePairs(let first, let last, let truth):
            first.withUnsafeBufferPointer { f in
                last.withUnsafeBufferPointer { l in
                    truth.withUnsafeBufferPointer { t in
                        switch source {
                        case .range(let start): for i in 0..<n { out[i] = t[Int(f[start &+ i]) << 8 | Int(l[start &+ i])] }
                        case .list(let rows):
                            for i in 0..<n { let r = Int(rows[i]); out[i] = t[Int(f[r]) << 8 | Int(l[r])] }
                        }
                    }
                }
            }
        }
    }
}

// Selection: the rows where a condition is true, straight from the columns. A conjunction
// tests its later terms only on the rows the earlier ones kept.
extension PreparedCondition {
    /// The rows of `start..<start + count` where the condition is true, into `out`; returns how many.
    func select(from start: Int, count n: Int, into out: UnsafeMutablePointer<Int32>,
                truth: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Int32>) -> Int {
        switch self {
        case .and(let a, let b):
            let m = a.select(from: start, count: n, into: out, truth: truth, scratch: scratch)
            return m == 0 ? 0 : b.refine(out, count: m, from: start, chunk: n, truth: truth, scratch: scratch)
        case .leaf(let leaf):
            if let m = leaf.select(from: start, count: n, into: out) { return m }
        default: break
        }
        evaluate(from: start, count: n, into: truth, scratch: scratch)
        var m = 0
        for i in 0..<n {
            out[m] = Int32(start &+ i)
            m &+= Int(truth[i] & 1)  // yes is 1; no 0 and unknown 2 drop out
        }
        return m
    }

    /// Keeps those of `rows[0..<count]` (rows of the chunk `start..<start + chunk`) where the
    /// condition is true; returns how many.
    func refine(_ rows: UnsafeMutablePointer<Int32>, count: Int, from start: Int, chunk n: Int,
                truth: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Int32>) -> Int {
        switch self {
        case .and(let a, let b):
            let m = a.refine(rows, count: count, from: start, chunk: n, truth: truth, scratch: scratch)
            return m == 0 ? 0 : b.refine(rows, count: m, from: start, chunk: n, truth: truth, scratch: scratch)
        case .leaf(let leaf):
            if let m = leaf.refine(rows, count: count) { return m }
        default: break
        }
        // The rows left, tested where they are.
        evaluate(.list(rows), count: count, into: truth, scratch: scratch)
        var m = 0
        for i in 0..<count {
            rows[m] = rows[i]
            m &+= Int(truth[i] & 1)
        }
        return m
    }
}

extension ConditionLeaf {
    /// `select` for the tests that have a direct form; nil for the others.
    func select(from start: Int, count n: Int, into out: UnsafeMutablePointer<Int32>) -> Int? {
        switch self {
        case .range(let column, let low, let high):
            return column.selectRange(low, high, from: start, count: n, into: out)
        case .bytes(let values, let truth):
            return values.withUnsafeBufferPointer { v in
                truth.withUnsafeBufferPointer { t in
                    var m = 0
                    for i in 0..<n {
                        out[m] = Int32(start &+ i)
                        m &+= Int(t[Int(v[start &+ i])] & 1)
                    }
                    return m
                }
            }
        case .bytePairs(let first, let last, let truth):
            return first.withUnsafeBufferPointer { f in
                last.withUnsafeBufferPointer { l in
                    truth.withUnsafeBufferPointer { t in
                        var m = 0
                        for i in 0..<n {
                            out[m] = Int32(start &+ i)
                            m &+= Int(t[Int(f[start &+ i]) << 8 | Int(l[start &+ i])] & 1)
                        }
                        return m
                    }
                }
            }
        default:
            return nil
        }
    }

    /// `refine` for the tests that have a direct form; nil for the others.
    func refine(_ rows: UnsafeMutablePointer<Int32>, count: Int) -> Int? {
        switch self {
        case .range(let column, let low, let high):
            return column.refineRange(low, high, rows: rows, count: count)
        case .bytes(let values, let truth):
            return values.withUnsafeBufferPointer { v in
                truth.withUnsafeBufferPointer { t in
                    var m = 0
                    for i in 0..<count {
                        let row = rows[i]
                        rows[m] = row
                        m &+= Int(t[Int(v[Int(row)])] & 1)
                    }
                    return m
                }
            }
        case .bytePairs(let first, let last, let truth):
            return first.withUnsafeBufferPointer { f in
                last.withUnsafeBufferPointer { l in
                    truth.withUnsafeBufferPointer { t in
                        var m = 0
                        for i in 0..<count {
                            let row = Int(rows[i])
                            rows[m] = rows[i]
                            m &+= Int(t[Int(f[row]) << 8 | Int(l[row])] & 1)
                        }
                        return m
                    }
                }
            }
        default:
            return nil
        }
    }
}
