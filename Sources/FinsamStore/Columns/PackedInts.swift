/// Whole numbers in the narrowest unsigned width that holds their range: value = base + raw,
/// and the width's largest raw value marks a missing value. Ages, amounts of work, dates of a
/// few years, references into small tables and category sets take one or two bytes a row
/// instead of four, and a key numbered in order none (`sequence`), which is what lets ten
/// million deltagare rows fit in 35 bytes each and keeps scans short.
///
/// Ints, dates, references, category masks and year runs all use this; each kind has its own
/// decoded sentinel for a missing value (`missing`, from `Missing`). Sets keep base 0 so that
/// bit tests work on the raw value.
public struct PackedInts: Sendable, Equatable {
    /// Equal when the decoded values are, whatever the encoding.
    public static func == (lhs: PackedInts, rhs: PackedInts) -> Bool {
        lhs.count == rhs.count && lhs.values == rhs.values
    }

    public enum Storage: Sendable, Equatable {
        case u8([UInt8]), u16([UInt16]), u32([UInt32])
        /// `count` entries whose raw value is their position: base, base + 1, … (a row key
        /// numbered 1…n, like deltagare's id, in no bytes at all instead of four a row).
        case sequence(count: Int)
    }

    public private(set) var storage: Storage
    /// value = base &+ raw (raw read as a 32-bit pattern).
    public let base: Int32
    /// What a missing entry decodes to.
    public let missing: Int32
    /// The smallest and largest values present (low > high when every entry is missing).
    public let low: Int32
    public let high: Int32

    /// Packs `values` (missing entries equal to `missing`). `zeroBase` keeps raw == value, for
    /// bit masks.
    public init(_ values: [Int32], missing: Int32, zeroBase: Bool = false) {
        // The range first, then one conversion loop: no re-encoding.
        var low = Int32.max, high = Int32.min
        for v in values where v != missing { low = Swift.min(low, v); high = Swift.max(high, v) }
        let (width, base) = Self.encoding(low: low, high: high, zeroBase: zeroBase)
        func converted<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> [T] {
            values.map { $0 == missing ? T.max : T(truncatingIfNeeded: UInt32(bitPattern: $0 &- base)) }
        }
        let storage: Storage = switch width {
        case 1: .u8(converted(UInt8.self))
        case 2: .u16(converted(UInt16.self))
        default: .u32(converted(UInt32.self))
        }
        let packed = PackedInts(storage: storage, base: base, missing: missing, low: low, high: high)
        self = zeroBase ? packed : packed.compacted
    }

    /// The narrowest width (in bytes) and the base for values in `low...high` (none when low > high).
    static func encoding(low: Int32, high: Int32, zeroBase: Bool) -> (width: Int, base: Int32) {
        guard low <= high else { return (1, 0) }
        let base: Int32 = zeroBase && low >= 0 ? 0 : low
        let top = Int64(high) - Int64(base)
        return (top < Int64(UInt8.max) ? 1 : top < Int64(UInt16.max) ? 2 : 4, base)
    }

    init(storage: Storage, base: Int32, missing: Int32, low: Int32, high: Int32) {
        self.storage = storage
        self.base = base
        self.missing = missing
        self.low = low
        self.high = high
    }

    public var count: Int {
        switch storage {
        case .u8(let a): a.count
        case .u16(let a): a.count
        case .u32(let a): a.count
        case .sequence(let n): n
        }
    }

    /// Bytes per entry.
    public var width: Int {
        switch storage {
        case .u8: 1
        case .u16: 2
        case .u32: 4
        case .sequence: 0
        }
    }

    /// The decoded value of entry `i` (`missing` for a missing entry). A switch per call:
    /// hot loops switch once on `storage` instead.
    @inlinable
    public subscript(i: Int) -> Int32 {
        switch storage {
        case .u8(let a): return a[i] == .max ? missing : base &+ Int32(a[i])
        case .u16(let a): return a[i] == .max ? missing : base &+ Int32(a[i])
        case .u32(let a): return a[i] == .max ? missing : base &+ Int32(bitPattern: a[i])
        case .sequence(let n):
            precondition(i >= 0 && i < n, "Index out of range")
            return base &+ Int32(truncatingIfNeeded: i)
        }
    }

    /// Every value decoded into a plain array (for code off the hot path).
    public var values: [Int32] {
        switch storage {
        case .u8(let a): Self.decode(a, base: base, missing: missing)
        case .u16(let a): Self.decode(a, base: base, missing: missing)
        case .u32(let a): Self.decode(a, base: base, missing: missing)
        case .sequence(let n): (0..<n).map { base &+ Int32(truncatingIfNeeded: $0) }
        }
    }

    private static func decode<T: FixedWidthInteger & UnsignedInteger>(_ raw: [T], base: Int32, missing: Int32) -> [Int32] {
        raw.map { $0 == T.max ? missing : base &+ Int32(truncatingIfNeeded: $0) }
    }

    /// The same entries, each mapped through `transform` (missing entries stay missing).
    /// The same entries with a missing one read as `newMissing`: the storage is shared, not
    /// copied (år's first years are startår's, one byte a row saved at 10M rows).
    public func withMissing(_ newMissing: Int32) -> PackedInts {
        PackedInts(storage: storage, base: base, missing: newMissing, low: low, high: high)
    }

    public func mapValues(missing newMissing: Int32, zeroBase: Bool = false, _ transform: (Int32) -> Int32) -> PackedInts {
        let old = missing
        return PackedInts(count: count, missing: newMissing, zeroBase: zeroBase) { rows, out in
            decode(from: rows.lowerBound, count: rows.count, into: out)
            for i in 0..<rows.count { out[i] = out[i] == old ? newMissing : transform(out[i]) }
        }
    }

    /// Values made a block of rows at a time by `make` (which fills `out` with the values of
    /// `rows`, the same each time it is called): one pass finds the range, a second packs. No
    /// four-byte copy of the column is ever held, which keeps a large load's peak memory down.
    public init(count n: Int, missing: Int32, zeroBase: Bool = false,
                blocks make: (Range<Int>, UnsafeMutablePointer<Int32>) -> Void) {
        let block = 1 << 16
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: block)
        defer { buffer.deallocate() }
        var low = Int32.max, high = Int32.min
        for start in stride(from: 0, to: n, by: block) {
            let rows = start..<min(n, start + block)
            make(rows, buffer)
            for i in 0..<rows.count where buffer[i] != missing { low = Swift.min(low, buffer[i]); high = Swift.max(high, buffer[i]) }
        }
        let (width, base) = Self.encoding(low: low, high: high, zeroBase: zeroBase)
        func packed<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> [T] {
            var out = [T]()
            out.reserveCapacity(n)
            for start in stride(from: 0, to: n, by: block) {
                let rows = start..<min(n, start + block)
                make(rows, buffer)
                for i in 0..<rows.count {
                    out.append(buffer[i] == missing ? T.max : T(truncatingIfNeeded: UInt32(bitPattern: buffer[i] &- base)))
                }
            }
            return out
        }
        let storage: Storage = switch width {
        case 1: .u8(packed(UInt8.self))
        case 2: .u16(packed(UInt16.self))
        default: .u32(packed(UInt32.self))
        }
        self.init(storage: storage, base: base, missing: missing, low: low, high: high)
    }

    /// Entries picked by row (`Missing.reference` picks a missing entry).
    public func gathered(_ rows: PackedInts) -> PackedInts {
        var builder = PackedIntsBuilder(missing: missing, zeroBase: base == 0 && low >= 0)
        builder.reserveCapacity(rows.count)
        for i in 0..<rows.count {
            let r = rows[i]
            builder.append(r == rows.missing ? missing : self[Int(r)])
        }
        return builder.build()
    }
}

/// Appends values one at a time in the narrowest width so far; a value outside the current
/// width's reach re-encodes what is there into a wider (or re-based) array. Data in any order
/// settles after a few re-encodings, so a loader can pack while it parses and never holds a
/// four-byte copy of a column.
public struct PackedIntsBuilder {
    private var storage: PackedInts.Storage = .u8([])
    private var base: Int32 = 0
    private let missing: Int32
    private let zeroBase: Bool
    private var low = Int32.max, high = Int32.min
    private var reserved = 0

    public init(missing: Int32, zeroBase: Bool = false) {
        self.missing = missing
        self.zeroBase = zeroBase
    }

    public mutating func reserveCapacity(_ n: Int) {
        reserved = n
        switch storage {
        case .u8(var a): storage = .u8([]); a.reserveCapacity(n); storage = .u8(a)
        case .u16(var a): storage = .u16([]); a.reserveCapacity(n); storage = .u16(a)
        case .u32(var a): storage = .u32([]); a.reserveCapacity(n); storage = .u32(a)
        case .sequence: preconditionFailure("a builder holds raw values; build() makes a sequence")
        }
    }

    public var count: Int {
        switch storage {
        case .u8(let a): a.count
        case .u16(let a): a.count
        case .u32(let a): a.count
        case .sequence(let n): n
        }
    }

    @inline(__always)
    public mutating func append(_ value: Int32) {
        if value == missing {
            appendRaw(UInt32.max)
            return
        }
        if value < low || value > high { widen(value, value) }
        appendRaw(UInt32(bitPattern: value &- base))
    }

    /// Takes `newLow...newHigh` into the range, re-encoding when the width no longer holds it.
    private mutating func widen(_ newLow: Int32, _ newHigh: Int32) {
        low = Swift.min(low, newLow)
        high = Swift.max(high, newHigh)
        if !fits(low) || !fits(high) { reencode() }
    }

    /// Appends a block of values: their range first (one re-encoding at most), then one loop
    /// per width, instead of a range test and a switch per value.
    public mutating func append(contentsOf values: UnsafeBufferPointer<Int32>) {
        var blockLow = Int32.max, blockHigh = Int32.min
        for v in values where v != missing {
            blockLow = Swift.min(blockLow, v)
            blockHigh = Swift.max(blockHigh, v)
        }
        if blockLow <= blockHigh, blockLow < low || blockHigh > high { widen(blockLow, blockHigh) }
        let (base, missing) = (self.base, self.missing)
        func raw<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> LazyMapSequence<UnsafeBufferPointer<Int32>, T> {
            values.lazy.map { $0 == missing ? T.max : T(truncatingIfNeeded: UInt32(bitPattern: $0 &- base)) }
        }
        switch storage {
        case .u8(var a): storage = .u8([]); a.append(contentsOf: raw(UInt8.self)); storage = .u8(a)
        case .u16(var a): storage = .u16([]); a.append(contentsOf: raw(UInt16.self)); storage = .u16(a)
        case .u32(var a): storage = .u32([]); a.append(contentsOf: raw(UInt32.self)); storage = .u32(a)
        case .sequence: preconditionFailure("a builder holds raw values; build() makes a sequence")
        }
    }

    /// Whether `value` has a raw form below the current width's missing marker.
    @inline(__always)
    private func fits(_ value: Int32) -> Bool {
        let raw = Int64(value) - Int64(base)
        return raw >= 0 && raw < Self.limit(of: storage)
    }

    private static func limit(of storage: PackedInts.Storage) -> Int64 {
        switch storage {
        case .u8: Int64(UInt8.max)
        case .u16: Int64(UInt16.max)
        case .u32, .sequence: Int64(UInt32.max)
        }
    }

    @inline(__always)
    private mutating func appendRaw(_ raw: UInt32) {
        // Missing is UInt32.max, which truncates to each width's own maximum.
        switch storage {
        case .u8(var a): storage = .u8([]); a.append(UInt8(truncatingIfNeeded: raw)); storage = .u8(a)
        case .u16(var a): storage = .u16([]); a.append(UInt16(truncatingIfNeeded: raw)); storage = .u16(a)
        case .u32(var a): storage = .u32([]); a.append(raw); storage = .u32(a)
        case .sequence: preconditionFailure("a builder holds raw values; build() makes a sequence")
        }
    }

    /// Picks the narrowest width for [low, high] with room to spare on both sides (so data
    /// drifting one way re-encodes rarely), then moves the entries over.
    private mutating func reencode() {
        let span = Int64(high) - Int64(low)
        let newBase: Int32
        let width: Int
        if zeroBase {
            newBase = 0
            width = high < Int32(UInt8.max) && low >= 0 ? 1 : high < Int32(UInt16.max) && low >= 0 ? 2 : 4
        } else {
            width = span < Int64(UInt8.max) ? 1 : span < Int64(UInt16.max) ? 2 : 4
            let limit = width == 1 ? Int64(UInt8.max) : width == 2 ? Int64(UInt16.max) : Int64(UInt32.max)
            let slack = width == 4 ? (limit - span) / 2 : (limit - 1 - span) / 2
            newBase = Int32(clamping: Int64(low) - slack)
        }
        let old = PackedInts(storage: storage, base: base, missing: missing, low: low, high: high)
        let n = old.count
        let capacity = Swift.max(reserved, n)
        func moved<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> [T] {
            var out = [T]()
            out.reserveCapacity(capacity)
            for i in 0..<n {
                let v = old[i]
                out.append(v == missing ? T.max : T(truncatingIfNeeded: UInt32(bitPattern: v &- newBase)))
            }
            return out
        }
        storage = .u8([])  // drops the old array before the new one grows
        switch width {
        case 1: storage = .u8(moved(UInt8.self))
        case 2: storage = .u16(moved(UInt16.self))
        default: storage = .u32(moved(UInt32.self))
        }
        base = newBase
    }

    public func build() -> PackedInts {
        let packed = PackedInts(storage: storage, base: base, missing: missing, low: low, high: high)
        return zeroBase ? packed : packed.compacted
    }
}

// Decoding in bulk: one switch on the width per call, then a tight loop the compiler
// specialises per width. The engine decodes a chunk of rows at a time into a small buffer.
extension PackedInts {
    /// Values of rows `start..<start + count` into `out` (missing entries become `missing`).
    public func decode(from start: Int, count: Int, into out: UnsafeMutablePointer<Int32>) {
        switch storage {
        case .u8(let a): a.withUnsafeBufferPointer { Self.decode($0, from: start, count: count, base: base, missing: missing, into: out) }
        case .u16(let a): a.withUnsafeBufferPointer { Self.decode($0, from: start, count: count, base: base, missing: missing, into: out) }
        case .u32(let a): a.withUnsafeBufferPointer { Self.decode($0, from: start, count: count, base: base, missing: missing, into: out) }
        case .sequence: for i in 0..<count { out[i] = base &+ Int32(truncatingIfNeeded: start &+ i) }
        }
    }

    /// Values of the given rows into `out`.
    public func gather(_ rows: UnsafeBufferPointer<Int32>, into out: UnsafeMutablePointer<Int32>) {
        switch storage {
        case .u8(let a): a.withUnsafeBufferPointer { Self.gather($0, rows, base: base, missing: missing, into: out) }
        case .u16(let a): a.withUnsafeBufferPointer { Self.gather($0, rows, base: base, missing: missing, into: out) }
        case .u32(let a): a.withUnsafeBufferPointer { Self.gather($0, rows, base: base, missing: missing, into: out) }
        case .sequence: for i in 0..<rows.count { out[i] = base &+ rows[i] }
        }
    }

    @inline(__always)
    private static func decode<T: FixedWidthInteger & UnsignedInteger>(_ raw: UnsafeBufferPointer<T>, from start: Int, count: Int,
                                                                      base: Int32, missing: Int32, into out: UnsafeMutablePointer<Int32>) {
        for i in 0..<count {
            let r = raw[start + i]
            out[i] = r == T.max ? missing : base &+ Int32(truncatingIfNeeded: r)
        }
    }

    @inline(__always)
    private static func gather<T: FixedWidthInteger & UnsignedInteger>(_ raw: UnsafeBufferPointer<T>, _ rows: UnsafeBufferPointer<Int32>,
                                                                      base: Int32, missing: Int32, into out: UnsafeMutablePointer<Int32>) {
        for i in 0..<rows.count {
            let r = raw[Int(rows[i])]
            out[i] = r == T.max ? missing : base &+ Int32(truncatingIfNeeded: r)
        }
    }
}

// Range tests on the raw values, without decoding: the column's own form of `low...high`.
extension PackedInts {
    /// The raw bounds of `low...high` for this encoding, or nil when no stored value can be in it.
    private func rawBounds(_ low: Int32, _ high: Int32, limit: Int64) -> (UInt32, UInt32)? {
        let a = max(Int64(low) - Int64(base), 0), b = min(Int64(high) - Int64(base), limit - 1)
        return a <= b ? (UInt32(a), UInt32(b - a)) : nil
    }

    /// Appends to `out` the rows of `start..<start + count` whose value lies in `low...high`
    /// (missing values never do); returns how many.
    public func selectRange(_ low: Int32, _ high: Int32, from start: Int, count: Int, into out: UnsafeMutablePointer<Int32>) -> Int {
        switch storage {
        case .u8(let a): return a.withUnsafeBufferPointer { select($0, low, high, start, count, out) }
        case .u16(let a): return a.withUnsafeBufferPointer { select($0, low, high, start, count, out) }
        case .u32(let a): return a.withUnsafeBufferPointer { select($0, low, high, start, count, out) }
        case .sequence:
            // The rows whose value lies in low...high are one run.
            let first = max(start, Int(low) - Int(base)), last = min(start + count - 1, Int(high) - Int(base))
            guard first <= last else { return 0 }
            for (i, row) in (first...last).enumerated() { out[i] = Int32(truncatingIfNeeded: row) }
            return last - first + 1
        }
    }

    /// Keeps those of `rows[0..<count]` whose value lies in `low...high`, in place; returns how many.
    public func refineRange(_ low: Int32, _ high: Int32, rows: UnsafeMutablePointer<Int32>, count: Int) -> Int {
        switch storage {
        case .u8(let a): return a.withUnsafeBufferPointer { refine($0, low, high, rows, count) }
        case .u16(let a): return a.withUnsafeBufferPointer { refine($0, low, high, rows, count) }
        case .u32(let a): return a.withUnsafeBufferPointer { refine($0, low, high, rows, count) }
        case .sequence:
            var m = 0
            for i in 0..<count {
                let value = Int64(base) + Int64(rows[i])
                rows[m] = rows[i]
                m += value >= Int64(low) && value <= Int64(high) ? 1 : 0
            }
            return m
        }
    }

    /// 1 when `raw - from <= span` (unsigned), else 0, computed without a branch: a branch on
    /// data of mixed truth is mispredicted a third of the time.
    @inline(__always)
    private static func inside<T: FixedWidthInteger & UnsignedInteger>(_ raw: T, _ from: UInt32, _ span: UInt32) -> Int {
        let offset = UInt64(UInt32(truncatingIfNeeded: raw) &- from)
        return Int(truncatingIfNeeded: ((UInt64(span) &- offset) >> 63) ^ 1)
    }

    @inline(__always)
    private func select<T: FixedWidthInteger & UnsignedInteger>(_ raw: UnsafeBufferPointer<T>, _ low: Int32, _ high: Int32,
                                                               _ start: Int, _ count: Int, _ out: UnsafeMutablePointer<Int32>) -> Int {
        guard let (from, span) = rawBounds(low, high, limit: Int64(T.max)) else { return 0 }
        var m = 0
        for i in 0..<count {
            out[m] = Int32(truncatingIfNeeded: start &+ i)
            m &+= Self.inside(raw[start &+ i], from, span)
        }
        return m
    }

    @inline(__always)
    private func refine<T: FixedWidthInteger & UnsignedInteger>(_ raw: UnsafeBufferPointer<T>, _ low: Int32, _ high: Int32,
                                                               _ rows: UnsafeMutablePointer<Int32>, _ count: Int) -> Int {
        guard let (from, span) = rawBounds(low, high, limit: Int64(T.max)) else { return 0 }
        var m = 0
        for i in 0..<count {
            let row = rows[i]
            rows[m] = row
            m &+= Self.inside(raw[Int(row)], from, span)
        }
        return m
    }
}

// Joining parts of a column read in parallel: one encoding for the whole range, then each
// part's raw values moved over in a loop specialised per pair of widths.
extension PackedInts {
    public static func joined(_ parts: [PackedInts]) -> PackedInts {
        guard let first = parts.first else { preconditionFailure("nothing to join") }
        if parts.count == 1 { return first }
        // Sequences that continue one another stay one.
        if case .sequence = first.storage, parts.allSatisfy({ if case .sequence = $0.storage { true } else { false } }),
           zip(parts, parts.dropFirst()).allSatisfy({ Int64($0.base) + Int64($0.count) == Int64($1.base) }) {
            let total = parts.reduce(0) { $0 + $1.count }
            return PackedInts(storage: .sequence(count: total), base: first.base, missing: first.missing,
                              low: first.base, high: first.base &+ Int32(truncatingIfNeeded: total - 1))
        }
        let present = parts.filter { $0.low <= $0.high }
        let low = present.map(\.low).min() ?? Int32.max, high = present.map(\.high).max() ?? Int32.min
        let (width, base) = encoding(low: low, high: high, zeroBase: parts.allSatisfy { $0.base == 0 })
        let total = parts.reduce(0) { $0 + $1.count }
        let storage: Storage = switch width {
        case 1: .u8(moved(parts, UInt8.self, base: base, total: total))
        case 2: .u16(moved(parts, UInt16.self, base: base, total: total))
        default: .u32(moved(parts, UInt32.self, base: base, total: total))
        }
        return PackedInts(storage: storage, base: base, missing: first.missing, low: low, high: high)
    }

    private static func moved<T: FixedWidthInteger & UnsignedInteger>(_ parts: [PackedInts], _: T.Type, base: Int32, total: Int) -> [T] {
        var out = [T]()
        out.reserveCapacity(total)
        for part in parts {
            switch part.storage {
            case .u8(let a): append(a, shift: part.base &- base, to: &out)
            case .u16(let a): append(a, shift: part.base &- base, to: &out)
            case .u32(let a): append(a, shift: part.base &- base, to: &out)
            // Raw value = position: 0, 1, … shifted like any part's raw values.
            case .sequence(let n): append(Array(0..<UInt32(n)), shift: part.base &- base, to: &out)
            }
        }
        return out
    }

    private static func append<S: FixedWidthInteger & UnsignedInteger, T: FixedWidthInteger & UnsignedInteger>(
        _ source: [S], shift: Int32, to out: inout [T]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: source.count))
        out.withUnsafeMutableBufferPointer { o in
            source.withUnsafeBufferPointer { s in
                for i in 0..<s.count {
                    let r = s[i]
                    o[start + i] = r == S.max ? T.max : T(truncatingIfNeeded: UInt32(truncatingIfNeeded: r) &+ UInt32(bitPattern: shift))
                }
            }
        }
    }
}

extension ColumnData {
    /// Parts of one column, end to end (a column read in parallel parts).
    public static func joined(_ parts: [ColumnData]) -> ColumnData {
        switch parts[0] {
        case .int: .int(PackedInts.joined(parts.map { if case .int(let p) = $0 { p } else { preconditionFailure() } }))
        case .date: .date(PackedInts.joined(parts.map { if case .date(let p) = $0 { p } else { preconditionFailure() } }))
        case .reference: .reference(PackedInts.joined(parts.map { if case .reference(let p) = $0 { p } else { preconditionFailure() } }))
        case .categorySet: .categorySet(PackedInts.joined(parts.map { if case .categorySet(let p) = $0 { p } else { preconditionFailure() } }))
        case .category: .category(parts.flatMap { if case .category(let v) = $0 { v } else { preconditionFailure() } })
        case .bool: .bool(parts.flatMap { if case .bool(let v) = $0 { v } else { preconditionFailure() } })
        case .text: .text(parts.flatMap { if case .text(let v) = $0 { v } else { preconditionFailure() } })
        case .yearSet, .referenceSet: preconditionFailure("derived and roster columns are not read in parts")
        }
    }
}

extension PackedInts {
    /// For a one-byte column: its raw bytes, and a column of the same encoding holding each of
    /// the 256 raw values once. A test or code of the column can be worked out on those 256
    /// and then read per row from a table indexed by the raw byte.
    public var byteView: (raw: [UInt8], everyByte: PackedInts)? {
        guard case .u8(let raw) = storage else { return nil }
        return (raw, PackedInts(storage: .u8((0...255).map(UInt8.init)), base: base, missing: missing, low: low, high: high))
    }
}

extension PackedInts {
    /// The most rows that hold one value (missing values aside); 0 for a column of none.
    /// Used to bound how few persons a number of rows can be.
    public var mostRowsPerValue: Int {
        guard low <= high else { return 0 }
        if case .sequence = storage { return 1 }
        // A counter per value of a dense range (keys are small pseudonyms); a dictionary else.
        // First a byte per value, the column decoded a block at a time (a tenth of the memory
        // touched: this runs before a session's first suppressed answer); counts of 255 and more
        // take the wider counters.
        if Int(high) - Int(low) < 1 << 26, let most = mostRowsPerValueInBytes() { return most }
        let values = self.values
        if Int(high) - Int(low) < 1 << 26 {
            var counts = [UInt32](repeating: 0, count: Int(high) - Int(low) + 1)
            var most: UInt32 = 0
            counts.withUnsafeMutableBufferPointer { c in
                for v in values where v != missing {
                    let i = Int(v &- low)
                    c[i] += 1
                    most = Swift.max(most, c[i])
                }
            }
            return Int(most)
        }
        var counts: [Int32: Int] = [:]
        var most = 0
        for v in values where v != missing {
            let n = counts[v, default: 0] + 1
            counts[v] = n
            most = Swift.max(most, n)
        }
        return most
    }

    /// `mostRowsPerValue` with a byte per value; nil when some value has 255 rows or more.
    private func mostRowsPerValueInBytes() -> Int? {
        let block = 1 << 14
        var counts = [UInt8](repeating: 0, count: Int(high) - Int(low) + 1)
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: block)
        defer { buffer.deallocate() }
        let fits = counts.withUnsafeMutableBufferPointer { c -> Bool in
            var start = 0
            while start < count {
                let n = Swift.min(block, count - start)
                decode(from: start, count: n, into: buffer)
                for i in 0..<n where buffer[i] != missing {
                    let k = Int(buffer[i] &- low)
                    guard c[k] < 254 else { return false }
                    c[k] &+= 1
                }
                start += n
            }
            return true
        }
        guard fits else { return nil }
        return Int(counts.max() ?? 0)
    }
}

extension PackedInts {
    /// The same entries as a `sequence` when they are one (their raw values 0, 1, 2, … after
    /// the first, none missing): a row key numbered in order then takes no memory. Else self.
    /// (Not for bit masks, whose raw value is the mask.)
    var compacted: PackedInts {
        func isSequence<T: FixedWidthInteger & UnsignedInteger>(_ raw: [T]) -> Bool {
            guard let first = raw.first, raw.count > 1, Int(first) + raw.count - 1 < Int(T.max) else { return false }
            return raw.withUnsafeBufferPointer { r in
                var i = 0
                while i < r.count, Int(r[i]) == Int(first) + i { i += 1 }
                return i == r.count
            }
        }
        let first: Int
        switch storage {
        case .u16(let a) where isSequence(a): first = Int(a[0])
        case .u32(let a) where isSequence(a): first = Int(a[0])
        default: return self
        }
        let start = base &+ Int32(truncatingIfNeeded: first)
        return PackedInts(storage: .sequence(count: count), base: start, missing: missing, low: start, high: high)
    }
}
