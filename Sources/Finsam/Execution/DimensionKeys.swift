/// A dimension turned into small integer codes per row of the query's table. A row of a
/// set-valued dimension has several codes (one per value; the empty set has the code of
/// `ingen`); a missing value has the code of `(saknas)`.
struct DimensionKeys {
    enum Codes {
        case single([Int32])
        /// One-byte stored codes read in place: the code is the byte, or `missing` for `sentinel`.
        case bytes([UInt8], sentinel: UInt8, missing: Int32)
        /// Integers read in place: the code is `value - low`, or `missing` for a missing value.
        case offsets([Int32], low: Int32, missing: Int32)
        /// References read in place: the code is the referenced row, or `missing`.
        case references([Int32], missing: Int32)
        case multi(offsets: [Int32], codes: [Int32])
        /// Years active, expanded per row when needed: code = year - low.
        case years(first: [Int16], last: [Int16], low: Int32, missing: Int32)
        /// Set bit masks, expanded per row when needed: code = bit; `empty` for the empty set.
        case masks([UInt32], empty: Int32, missing: Int32)
        /// The codes of a related table's row, through the reference.
        indirect case via([Int32], Codes, missing: Int32)

        var isSingleValued: Bool {
            switch self {
            case .multi, .years, .masks: false
            case .via(_, let inner, _): inner.isSingleValued
            default: true
            }
        }

        /// Calls `body` with each code of a row (a set has several, the empty set one: `ingen`).
        @inline(__always)
        func forEachCode(_ row: Int, _ body: (Int32) -> Void) {
            switch self {
            case .multi(let offsets, let codes):
                for j in Int(offsets[row])..<Int(offsets[row + 1]) { body(codes[j]) }
            case .years(let first, let last, let low, let missing):
                if first[row] == Missing.year { body(missing); return }
                for y in Int32(first[row])...Int32(last[row]) { body(y - low) }
            case .masks(let masks, let empty, let missing):
                let mask = masks[row]
                if mask & Missing.setBit != 0 { body(missing); return }
                if mask == 0 { body(empty); return }
                var rest = mask
                while rest != 0 { body(Int32(rest.trailingZeroBitCount)); rest &= rest - 1 }
            case .via(let rows, let inner, let missing):
                let target = rows[row]
                if target == Missing.reference { body(missing); return }
                inner.forEachCode(Int(target), body)
            default:
                body(code(row))
            }
        }

        /// The code of a row of a single-valued dimension.
        @inline(__always)
        func code(_ row: Int) -> Int32 {
            switch self {
            case .single(let c): return c[row]
            case .bytes(let v, let sentinel, let missing): return v[row] == sentinel ? missing : Int32(v[row])
            case .offsets(let v, let low, let missing): return v[row] == Missing.int ? missing : v[row] - low
            case .references(let v, let missing): return v[row] == Missing.reference ? missing : v[row]
            case .via(let rows, let inner, let missing):
                let target = rows[row]
                return target == Missing.reference ? missing : inner.code(Int(target))
            case .multi, .years, .masks: preconditionFailure("a set dimension has several codes per row")
            }
        }

        var count: Int {
            switch self {
            case .single(let c): c.count
            case .bytes(let v, _, _): v.count
            case .offsets(let v, _, _): v.count
            case .references(let v, _): v.count
            case .multi(let o, _): o.count - 1
            case .years(let f, _, _, _): f.count
            case .masks(let m, _, _): m.count
            case .via(let rows, _, _): rows.count
            }
        }
    }

    let name: String
    var labels: [String]
    var codes: Codes
    /// Codes of the special groups, for display.
    var missingCode: Int32?
    var emptyCode: Int32?

    var cardinality: Int { labels.count }

    static let missingLabel = "(saknas)"
    static let emptyLabel = "ingen"

    /// - allowed: the only values that may form groups (a set dimension constrained by `where`).
    init(_ dimension: BoundDimension, dataset: Dataset, rowCount: Int, allowed: Set<String>?) {
        name = dimension.name
        switch dimension {
        case .column(let path):
            (labels, codes, missingCode, emptyCode) = Self.encode(path.column.data, type: path.type, dataset: dataset)
            if let via = path.via { codes = Self.gather(codes, via: via, missing: &missingCode, labels: &labels) }
        case .bin(let path, let edges):
            guard case .int(let values) = path.column.data else { preconditionFailure() }
            var bandLabels = zip(edges, edges.dropFirst()).map { "\($0)–\($1 - 1)" } + ["\(edges.last!)–"]
            let below = Int32(bandLabels.count)
            bandLabels.append("–\(edges[0] - 1)")
            let missing = Int32(bandLabels.count)
            bandLabels.append(Self.missingLabel)
            let banded: [Int32] = values.map { v in
                if v == Missing.int { return missing }
                if v < edges[0] { return below }
                var band: Int32 = 0
                while Int(band) + 1 < edges.count, v >= edges[Int(band) + 1] { band += 1 }
                return band
            }
            labels = bandLabels
            missingCode = missing
            codes = .single(banded)
            if let via = path.via { codes = Self.gather(codes, via: via, missing: &missingCode, labels: &labels) }
        case .condition(let condition, _):
            let truth = ConditionEvaluator(rowCount: rowCount).evaluate(condition)
            labels = ["false", "true", Self.missingLabel]
            missingCode = 2
            codes = .single(truth.map { Int32($0) })
        }
        if let allowed { restrict(to: allowed) }
    }

    /// Codes a row may take, when `where` constrains this set dimension; others form no group.
    var allowedCodes: [Bool]?

    private mutating func restrict(to allowed: Set<String>) {
        allowedCodes = labels.map { allowed.contains($0) }
    }

    private static func encode(_ data: ColumnData, type: ColumnType, dataset: Dataset)
        -> ([String], Codes, Int32?, Int32?) {
        switch (type, data) {
        case (.category(let c), .category(let v)):
            let missing = Int32(c.count)
            return (c.values + [missingLabel], .bytes(v, sentinel: Missing.category, missing: missing), missing, nil)
        case (.bool, .bool(let v)):
            return (["false", "true", missingLabel], .bytes(v, sentinel: Missing.bool, missing: 2), 2, nil)
        case (_, .int(let v)), (_, .date(let v)):
            let isDate = if case .date = type { true } else { false }
            // A small range is coded by offset in place; only values present form groups.
            var low = Int32.max, high = Int32.min
            for x in v where x != Missing.int { low = min(low, x); high = max(high, x) }
            if low <= high, Int(high) - Int(low) < 1 << 16 {
                let labels = (low...high).map { isDate ? Day.iso($0) : String($0) } + [missingLabel]
                let missing = high - low + 1
                return (labels, .offsets(v, low: low, missing: missing), missing, nil)
            }
            let present = Set(v.filter { $0 != Missing.int }).sorted()
            var index: [Int32: Int32] = [:]
            for (i, value) in present.enumerated() { index[value] = Int32(i) }
            let missing = Int32(present.count)
            let labels = present.map { isDate ? Day.iso($0) : String($0) } + [missingLabel]
            // Small ranges map by offset; otherwise through the index.
            if let low = present.first, let high = present.last, Int(high) - Int(low) < 1 << 20 {
                var dense = [Int32](repeating: -1, count: Int(high - low) + 1)
                for (i, value) in present.enumerated() { dense[Int(value - low)] = Int32(i) }
                return (labels, .single(v.map { $0 == Missing.int ? missing : dense[Int($0 - low)] }), missing, nil)
            }
            return (labels, .single(v.map { $0 == Missing.int ? missing : index[$0]! }), missing, nil)
        case (.text, .text(let v)):
            let present = Set(v.compactMap { $0 }).sorted()
            let index = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, Int32($0)) })
            let missing = Int32(present.count)
            return (present + [missingLabel], .single(v.map { $0.map { index[$0]! } ?? missing }), missing, nil)
        case (.categorySet(let c), .categorySet(let masks)):
            let empty = Int32(c.count), missing = empty + 1
            return (c.values + [emptyLabel, missingLabel], .masks(masks, empty: empty, missing: missing), missing, empty)
        case (.yearSet, .yearSet(let first, let last)):
            let low = first.filter { $0 != Missing.year }.min() ?? 0
            let high = last.filter { $0 != Missing.year }.max() ?? low
            let missing = Int32(Int(high) - Int(low) + 1)
            return ((Int(low)...Int(high)).map(String.init) + [missingLabel], .years(first: first, last: last, low: Int32(low), missing: missing), missing, nil)
        case (.reference(let target), .reference(let rows)):
            let keys = KeyIndex.keys(of: dataset[target]).map(\.description)
            let missing = Int32(keys.count)
            return (keys + [missingLabel], .references(rows, missing: missing), missing, nil)
        case (.referenceSet(let target), .referenceSet(let offsets, let targets)):
            let keys = KeyIndex.keys(of: dataset[target]).map(\.description)
            let empty = Int32(keys.count)
            var newOffsets: [Int32] = [0], codes: [Int32] = []
            for row in 0..<offsets.count - 1 {
                let members = targets[Int(offsets[row])..<Int(offsets[row + 1])]
                if members.isEmpty { codes.append(empty) } else { codes.append(contentsOf: members) }
                newOffsets.append(Int32(codes.count))
            }
            return (keys + [emptyLabel], .multi(offsets: newOffsets, codes: codes), nil, empty)
        default:
            preconditionFailure("no dimension for \(type.displayName)")
        }
    }

    /// Codes computed on a related table, read through the reference row by row.
    private static func gather(_ codes: Codes, via: [Int32], missing: inout Int32?, labels: inout [String]) -> Codes {
        let missingCode: Int32
        if let m = missing { missingCode = m } else {
            missingCode = Int32(labels.count)
            labels.append(missingLabel)
            missing = missingCode
        }
        return .via(via, codes, missing: missingCode)
    }
}
