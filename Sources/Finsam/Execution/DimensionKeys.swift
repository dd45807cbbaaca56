import FinsamStore
/// A dimension turned into small integer codes per row of the query's table. A row of a
/// set-valued dimension has several codes (one per value; the empty set has the code of
/// `ingen`); a missing value has the code of `(saknas)`.
struct DimensionKeys {
    enum Codes {
        /// One-byte stored codes read in place, through a 256-entry table of codes.
        case bytes([UInt8], table: [Int32])
        /// Whole numbers read in place: the code is `value - low`, or `missing`.
        case packed(PackedInts, low: Int32, missing: Int32)
        /// Whole numbers through a table: the code is `codes[value - low]`, or `missing`.
        /// References to a related table's codes use it (low 0: the code of each related row).
        case lookup(PackedInts, codes: [Int32], low: Int32, missing: Int32)
        case single([Int32])
        /// Several codes per row: row i owns `codes[offsets[i]..<offsets[i+1]]`.
        case multi(offsets: [Int32], codes: [Int32])
        /// Years active, expanded per row when needed: code = year - low.
        case years(first: PackedInts, last: PackedInts, low: Int32, missing: Int32)
        /// Set bit masks, expanded per row when needed: code = bit; `empty` for the empty set.
        case masks(PackedInts, empty: Int32, missing: Int32)
        /// Through a reference, the several codes of the related row.
        case lookupMulti(PackedInts, offsets: [Int32], codes: [Int32], missing: Int32)

        var isSingleValued: Bool {
            switch self {
            case .multi, .years, .masks, .lookupMulti: false
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
                let a = first[row]
                if a == Missing.yearValue { body(missing); return }
                for y in a...last[row] { body(y - low) }
            case .masks(let masks, let empty, let missing):
                let mask = masks[row]
                if mask == Missing.setMask { body(missing); return }
                if mask == 0 { body(empty); return }
                var rest = UInt32(bitPattern: mask)
                while rest != 0 { body(Int32(rest.trailingZeroBitCount)); rest &= rest - 1 }
            case .lookupMulti(let rows, let offsets, let codes, let missing):
                let target = rows[row]
                if target == rows.missing { body(missing); return }
                for j in Int(offsets[Int(target)])..<Int(offsets[Int(target) + 1]) { body(codes[j]) }
            default:
                body(code(row))
            }
        }

        /// The code of a row of a single-valued dimension.
        @inline(__always)
        func code(_ row: Int) -> Int32 {
            switch self {
            case .bytes(let v, let table): return table[Int(v[row])]
            case .packed(let v, let low, let missing):
                let x = v[row]
                return x == v.missing ? missing : x &- low
            case .lookup(let v, let codes, let low, let missing):
                let x = v[row]
                return x == v.missing ? missing : codes[Int(x &- low)]
            case .single(let c): return c[row]
            case .multi, .years, .masks, .lookupMulti: preconditionFailure("a set dimension has several codes per row")
            }
        }

        var count: Int {
            switch self {
            case .bytes(let v, _): v.count
            case .packed(let v, _, _), .lookup(let v, _, _, _), .masks(let v, _, _), .lookupMulti(let v, _, _, _): v.count
            case .single(let c): c.count
            case .multi(let o, _): o.count - 1
            case .years(let f, _, _, _): f.count
            }
        }

        /// Adds each row's code times `stride` to its key, a block of rows at a time (single-valued).
        /// `scratch`, if given, has room for `rows.count` values.
        func addCodes(rows: UnsafeBufferPointer<Int32>, stride: Int32, into keys: UnsafeMutablePointer<Int32>,
                      scratch: UnsafeMutablePointer<Int32>? = nil) {
            switch self {
            case .packed, .lookup: break
            default: return addCodes(.list(rows.baseAddress!), count: rows.count, stride: stride, into: keys, scratch: scratch)
            }
            // Packed columns decode through a block buffer (the general path passes whole selections).
            Self.inBlocks(rows, scratch) { offset, block in
                addCodes(.list(block.baseAddress!), count: block.count, stride: stride, into: keys + offset, scratch: scratch)
            }
        }

        /// Adds the code times `stride` of `count` rows from `source` to their keys (`assign`:
        /// writes it, for the first dimension, so the keys need no zeroing); `scratch` has room
        /// for `count` values.
        func addCodes(_ source: RowSource, count n: Int, stride: Int32, into keys: UnsafeMutablePointer<Int32>,
                      scratch: UnsafeMutablePointer<Int32>?, assign: Bool = false) {
            // (`assign` is the same for the whole loop: the compiler makes two loops of each.)
            @inline(__always) func put(_ i: Int, _ part: Int32) { if assign { keys[i] = part } else { keys[i] &+= part } }
            switch self {
            case .bytes(let values, let table):
                values.withUnsafeBufferPointer { v in
                    table.withUnsafeBufferPointer { t in
                        switch source {
                        case .range(let start): for i in 0..<n { put(i, t[Int(v[start &+ i])] &* stride) }
                        case .list(let rows): for i in 0..<n { put(i, t[Int(v[Int(rows[i])])] &* stride) }
                        }
                    }
                }
            case .single(let codes):
                codes.withUnsafeBufferPointer { c in for i in 0..<n { put(i, c[source.row(i)] &* stride) } }
            case .packed(let column, let low, let missing):
                Self.withValues(column, source, n, scratch) { values in
                    let m = column.missing
                    for i in 0..<n {
                        let x = values[i]
                        put(i, (x == m ? missing : x &- low) &* stride)
                    }
                }
            case .lookup(let column, let codes, let low, let missing):
                codes.withUnsafeBufferPointer { c in
                    Self.withValues(column, source, n, scratch) { values in
                        let m = column.missing
                        for i in 0..<n {
                            let x = values[i]
                            put(i, (x == m ? missing : c[Int(x &- low)]) &* stride)
                        }
                    }
                }
            case .multi, .years, .masks, .lookupMulti:
                preconditionFailure("set dimensions expand row by row")
            }
        }

        /// A packed column's values for the rows, in `scratch` or a buffer of their own.
        @inline(__always)
        private static func withValues(_ column: PackedInts, _ source: RowSource, _ n: Int, _ scratch: UnsafeMutablePointer<Int32>?,
                                       _ body: (UnsafeMutablePointer<Int32>) -> Void) {
            let buffer = scratch ?? .allocate(capacity: n)
            defer { if scratch == nil { buffer.deallocate() } }
            source.load(column, count: n, into: buffer)
            body(buffer)
        }

        /// Runs `body` over blocks of at most a chunk of rows, with a scratch buffer for each.
        private static func inBlocks(_ rows: UnsafeBufferPointer<Int32>, _ scratch: UnsafeMutablePointer<Int32>?,
                                     _ body: (Int, UnsafeBufferPointer<Int32>) -> Void) {
            if scratch != nil || rows.count <= chunkSize { body(0, rows); return }
            var offset = 0
            while offset < rows.count {
                let n = min(chunkSize, rows.count - offset)
                body(offset, UnsafeBufferPointer(rebasing: rows[offset..<offset + n]))
                offset += n
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

    /// - filter: the query's `where` clause; a set dimension lists only the values it allows
    ///   (`ListedValues`).
    init(_ dimension: BoundDimension, dataset: Dataset, rowCount: Int, filter: BoundCondition?) {
        name = dimension.name
        switch dimension {
        case .column(let path):
            // The rows the query reads, for a column of too many values to label them all.
            let selected = path.via == nil ? filter.map { f in { PreparedCondition(f).selectAll(rowCount: rowCount) } } : nil
            (labels, codes, missingCode, emptyCode) = Self.encode(path.column.data, type: path.type, dataset: dataset, selected: selected)
            if let via = path.via { codes = Self.gather(codes, via: via, missing: &missingCode, labels: &labels) }
        case .bin(let path, let edges):
            guard case .int(let packed) = path.column.data else { preconditionFailure() }
            // Bands in order of value: below the first edge, between edges, from the last.
            let bandLabels = ["–\(edges[0] - 1)"] + zip(edges, edges.dropFirst()).map { "\($0)–\($1 - 1)" }
                + ["\(edges.last!)–", Self.missingLabel]
            let missing = Int32(bandLabels.count - 1)
            func band(_ v: Int32) -> Int32 {
                if v == packed.missing { return missing }
                if v < edges[0] { return 0 }
                var band: Int32 = 1
                while Int(band) < edges.count, v >= edges[Int(band)] { band += 1 }
                return band
            }
            labels = bandLabels
            missingCode = missing
            // A band per value of the column's range, read through that table in the scan (ages
            // span a hundred values); a wide column is banded row by row.
            if packed.low > packed.high {
                codes = .lookup(packed, codes: [], low: 0, missing: missing)
            } else if Int(packed.high) - Int(packed.low) < 1 << 16 {
                codes = .lookup(packed, codes: (packed.low...packed.high).map(band), low: packed.low, missing: missing)
            } else {
                codes = .single(packed.values.map(band))
            }
            if let via = path.via { codes = Self.gather(codes, via: via, missing: &missingCode, labels: &labels) }
        case .period(let path, let period, _):
            guard case .date(let packed) = path.column.data else { preconditionFailure("a period of \(path.type.displayName)") }
            // Every period from the column's first to its last (empty ones are listed as 0).
            let present = packed.low <= packed.high
            let first = present ? period.index(packed.low) : 0, last = present ? period.index(packed.high) : -1
            labels = (present ? (first...last).map(period.label) : []) + [Self.missingLabel]
            let missing = Int32(labels.count - 1)
            missingCode = missing
            // A day's period through a table over the days the column spans (a few thousand),
            // not a calendar computation per row.
            // (Read through the table in the scan: no array of codes for the whole column.)
            let byDay = present ? (packed.low...packed.high).map { Int32(period.index($0) - first) } : []
            codes = .lookup(packed, codes: byDay, low: present ? packed.low : 0, missing: missing)
            if let via = path.via { codes = Self.gather(codes, via: via, missing: &missingCode, labels: &labels) }
            isPeriod = true
        case .condition(let condition, _):
            let truth = PreparedCondition(condition).evaluateAll(rowCount: rowCount)
            labels = ["false", "true", Self.missingLabel]
            missingCode = 2
            codes = .bytes(truth, table: Self.byteTable(sentinel: Truth.unknown, missing: 2))
        }
        if case .column(let path) = dimension {
            allowedCodes = ListedValues.mask(self, column: path.name, type: path.type, filter: filter)
            isYesNo = path.type == .bool
            isNumber = path.type == .int || path.type == .yearSet
        }
        if case .condition = dimension { isYesNo = true }
    }

    /// Codes a row may take, when `where` constrains this set dimension; others form no group.
    var allowedCodes: [Bool]?
    /// Periods of a date: every one between the first and last group is listed, empty or not.
    var isPeriod = false
    /// Labels `false`, `true`: shown as the locale's no and yes.
    var isYesNo = false
    /// Labels that are whole numbers (years, ages): typed as numbers in a result.
    var isNumber = false

    /// Codes `value - low` of a packed column; a one-byte column reads them from a table over
    /// its raw bytes, with no decoding.
    static func packedCodes(_ column: PackedInts, low: Int32, missing: Int32) -> Codes {
        guard let (raw, everyByte) = column.byteView else { return .packed(column, low: low, missing: missing) }
        let table = (0..<256).map { r -> Int32 in
            let v = everyByte[r]
            return v == column.missing ? missing : v &- low
        }
        return .bytes(raw, table: table)
    }

    /// Code per byte: the byte itself, or `missing` for the sentinel.
    static func byteTable(sentinel: UInt8, missing: Int32) -> [Int32] {
        (0..<256).map { $0 == Int(sentinel) ? missing : Int32($0) }
    }

    /// - selected: the rows the query reads (nil: all of them), asked for only by a column of a
    ///   wide range, whose groups are the values present in those rows.
    private static func encode(_ data: ColumnData, type: ColumnType, dataset: Dataset, selected: (() -> [Int32])? = nil)
        -> ([String], Codes, Int32?, Int32?) {
        switch (type, data) {
        case (.category(let c), .category(let v)):
            let missing = Int32(c.count)
            return (c.values + [missingLabel], .bytes(v, table: byteTable(sentinel: Missing.category, missing: missing)), missing, nil)
        case (.bool, .bool(let v)):
            return (["false", "true", missingLabel], .bytes(v, table: byteTable(sentinel: Missing.bool, missing: 2)), 2, nil)
        case (_, .int(let v)), (_, .date(let v)):
            let isDate = if case .date = type { true } else { false }
            let label = { (x: Int32) in isDate ? Day.iso(x) : String(x) }
            // A small range is coded by offset in place (the column knows its range).
            if v.low <= v.high, Int(v.high) - Int(v.low) < 1 << 16 {
                let missing = v.high - v.low + 1
                return ((v.low...v.high).map(label) + [missingLabel], packedCodes(v, low: v.low, missing: missing), missing, nil)
            }
            // Otherwise only the values present in the rows read form groups: a person column
            // spans millions, and labelling every one made a query of one förbund's persons take
            // seconds. (A row not read takes the missing code.)
            var seen = Set<Int32>()
            if let rows = selected?() {
                for row in rows { let x = v[Int(row)]; if x != v.missing { seen.insert(x) } }
            } else {
                for x in v.values where x != v.missing { seen.insert(x) }
            }
            let present = seen.sorted()
            let missing = Int32(present.count)
            let labels = present.map(label) + [missingLabel]
            if v.low <= v.high, Int(v.high) - Int(v.low) < 1 << 24 {
                var dense = [Int32](repeating: missing, count: Int(v.high) - Int(v.low) + 1)
                for (i, value) in present.enumerated() { dense[Int(value) - Int(v.low)] = Int32(i) }
                return (labels, .lookup(v, codes: dense, low: v.low, missing: missing), missing, nil)
            }
            var index: [Int32: Int32] = [:]
            for (i, value) in present.enumerated() { index[value] = Int32(i) }
            return (labels, .single(v.values.map { index[$0] ?? missing }), missing, nil)
        case (.text, .text(let v)):
            let present = Set(v.compactMap { $0 }).sorted()
            let index = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, Int32($0)) })
            let missing = Int32(present.count)
            return (present + [missingLabel], .single(v.map { $0.map { index[$0]! } ?? missing }), missing, nil)
        case (.categorySet(let c), .categorySet(let masks)):
            let empty = Int32(c.count), missing = empty + 1
            return (c.values + [emptyLabel, missingLabel], .masks(masks, empty: empty, missing: missing), missing, empty)
        case (.yearSet, .yearSet(let first, let last)):
            let low = first.low <= first.high ? first.low : 0
            let high = last.low <= last.high ? last.high : low
            let missing = high - low + 1
            return ((low...high).map { String($0) } + [missingLabel], .years(first: first, last: last, low: low, missing: missing), missing, nil)
        case (.reference(let target), .reference(let rows)):
            let keys = KeyIndex.keys(of: dataset[target]).map(\.description)
            let missing = Int32(keys.count)
            return (keys + [missingLabel], packedCodes(rows, low: 0, missing: missing), missing, nil)
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

    /// Codes computed on a related table, read through the reference: the codes of each related
    /// row are worked out once, so a query-table row costs one lookup.
    private static func gather(_ codes: Codes, via: PackedInts, missing: inout Int32?, labels: inout [String]) -> Codes {
        let missingCode: Int32
        if let m = missing { missingCode = m } else {
            missingCode = Int32(labels.count)
            labels.append(missingLabel)
            missing = missingCode
        }
        let related = codes.count
        if codes.isSingleValued {
            return .lookup(via, codes: (0..<related).map { codes.code($0) }, low: 0, missing: missingCode)
        }
        var offsets: [Int32] = [0], expanded: [Int32] = []
        for r in 0..<related {
            codes.forEachCode(r) { expanded.append($0) }
            offsets.append(Int32(expanded.count))
        }
        return .lookupMulti(via, offsets: offsets, codes: expanded, missing: missingCode)
    }
}

extension DimensionKeys {
    /// The mixed-radix strides of a packed group key and the size of its space. The first
    /// dimension is the most significant digit, so ascending keys list the groups by the first
    /// `by` column, then within it by the next. `space` is `Int.max` when the product overflows.
    static func packing(_ dimensions: [DimensionKeys]) -> (strides: [Int], space: Int) {
        var strides = [Int](repeating: 1, count: dimensions.count)
        var space = 1
        for d in dimensions.indices.reversed() {
            strides[d] = space
            let (product, overflow) = space.multipliedReportingOverflow(by: max(1, dimensions[d].cardinality))
            if overflow { return (strides, .max) }
            space = product
        }
        return (strides, space)
    }
}

extension DimensionKeys.Codes {
    /// The most codes one row can have.
    var maxCodesPerRow: Int {
        switch self {
        case .years(let first, let last, _, _):
            first.low <= first.high ? Int(max(first.high, last.high)) - Int(first.low) + 1 : 1
        case .masks: 32
        case .multi(let offsets, _), .lookupMulti(_, let offsets, _, _):
            max(1, zip(offsets, offsets.dropFirst()).map { Int($1 - $0) }.max() ?? 1)
        default: 1
        }
    }

    /// Memberships of a block of rows in a set dimension: for each code of row i (that
    /// `allowed` permits), index i and key `keys[i] + code * stride`. Returns how many were
    /// written; `index` and `key` hold room for `rows.count * maxCodesPerRow`.
    func expand(rows: UnsafeBufferPointer<Int32>, keys: UnsafePointer<Int32>, stride: Int32, allowed: [Bool]?,
                index: UnsafeMutablePointer<Int32>, key: UnsafeMutablePointer<Int32>, scratch: UnsafeMutablePointer<Int32>) -> Int {
        var count = 0
        let permitted = allowed ?? []
        let all = allowed == nil
        @inline(__always) func emit(_ i: Int, _ code: Int32) {
            guard all || permitted[Int(code)] else { return }
            index[count] = Int32(i)
            key[count] = keys[i] &+ code &* stride
            count += 1
        }
        switch self {
        case .years(let first, let last, let low, let missing):
            let lastYears = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count)
            defer { lastYears.deallocate() }
            first.gather(rows, into: scratch)
            last.gather(rows, into: lastYears)
            // Only the years allowed (`compare år 2017 vs 2018`) are walked, not each row's whole run.
            let from = allowed.flatMap { $0.firstIndex(of: true) }.map { low &+ Int32($0) } ?? Int32.min
            let to = allowed.flatMap { $0.lastIndex(of: true) }.map { low &+ Int32($0) } ?? Int32.max
            for i in 0..<rows.count {
                let a = scratch[i]
                if a == Missing.yearValue { emit(i, missing); continue }
                var y = Swift.max(a, from)
                let end = Swift.min(lastYears[i], to)
                while y <= end { emit(i, y &- low); y += 1 }
            }
        case .masks(let masks, let empty, let missing):
            masks.gather(rows, into: scratch)
            for i in 0..<rows.count {
                let mask = scratch[i]
                if mask == Missing.setMask { emit(i, missing); continue }
                if mask == 0 { emit(i, empty); continue }
                var rest = UInt32(bitPattern: mask)
                while rest != 0 { emit(i, Int32(rest.trailingZeroBitCount)); rest &= rest - 1 }
            }
        case .multi(let offsets, let codes):
            offsets.withUnsafeBufferPointer { o in
                codes.withUnsafeBufferPointer { c in
                    for i in 0..<rows.count {
                        let row = Int(rows[i])
                        for j in Int(o[row])..<Int(o[row + 1]) { emit(i, c[j]) }
                    }
                }
            }
        case .lookupMulti(let via, let offsets, let codes, let missing):
            via.gather(rows, into: scratch)
            offsets.withUnsafeBufferPointer { o in
                codes.withUnsafeBufferPointer { c in
                    for i in 0..<rows.count {
                        let target = scratch[i]
                        if target == via.missing { emit(i, missing); continue }
                        for j in Int(o[Int(target)])..<Int(o[Int(target) + 1]) { emit(i, c[j]) }
                    }
                }
            }
        case .bytes, .packed, .lookup, .single:
            for i in 0..<rows.count { emit(i, code(Int(rows[i]))) }
        }
        return count
    }
}
