/// Typed builders that parse one field at a time straight into a column's array.
/// An empty field is a missing value; the loader has already refused it for required columns.
/// A base class rather than a protocol: the loader calls a sink through `Unmanaged` without a
/// retain per field (see `TableFileParser.readRows`), which an existential cannot do.
class ColumnSink {
    func append(_ field: UnsafeBufferPointer<UInt8>) throws(FieldError) { preconditionFailure("a sink overrides append") }
    func appendMissing() { preconditionFailure("a sink overrides appendMissing") }
    func finish() -> ColumnData { preconditionFailure("a sink overrides finish") }
    /// Room for about this many rows (an estimate from the file's size), so that the arrays
    /// do not grow by copying as they fill.
    func reserve(_ rows: Int) {}
}

enum FieldParsing {
    @inline(__always)
    static func int(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int32 {
        var i = 0
        var negative = false
        if f.count > 0, f[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < f.count else { throw FieldError(message: Message(.expectedWholeNumber)) }
        var value: Int64 = 0
        while i < f.count {
            let digit = Int64(f[i]) - 48
            guard digit >= 0, digit <= 9 else { return try formattedInt(f) }
            value = value * 10 + digit
            guard value <= Int64(Int32.max) else { throw FieldError(message: Message(.numberTooLarge, Int32.max)) }
            i += 1
        }
        return Int32(negative ? -value : value)
    }

    /// A whole number as Swedish Excel may write it: spaces (also no-break) between digit groups,
    /// and a decimal comma or point with only zeros after it (`1 250 000,00`). Off the hot path:
    /// only a field that is not plain digits comes here.
    @inline(never)
    static func formattedInt(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int32 {
        var digits: [UInt8] = [], fraction: [UInt8]? = nil
        var i = 0
        let negative = f.first == UInt8(ascii: "-") || (f.count >= 3 && f[0] == 0xE2 && f[1] == 0x88 && f[2] == 0x92)
        if negative { i = f[0] == UInt8(ascii: "-") ? 1 : 3 }
        while i < f.count {
            let b = f[i]
            if b >= 48, b <= 57 {
                if fraction != nil { fraction!.append(b) } else { digits.append(b) }
                i += 1
            } else if fraction == nil, b == UInt8(ascii: " ") || (b == 0xA0 && !digits.isEmpty) {
                i += 1  // a space between digit groups (0xA0: Windows-1252's no-break space)
            } else if fraction == nil, !digits.isEmpty, b == 0xC2, i + 1 < f.count, f[i + 1] == 0xA0 {
                i += 2  // U+00A0
            } else if fraction == nil, !digits.isEmpty, b == 0xE2, i + 2 < f.count, f[i + 1] == 0x80, f[i + 2] == 0xAF {
                i += 3  // U+202F, the narrow no-break space
            } else if fraction == nil, !digits.isEmpty, b == UInt8(ascii: ",") || b == UInt8(ascii: ".") {
                fraction = []
                i += 1
            } else {
                throw FieldError(message: Message(.expectedWholeNumber),
                                 hint: digits.isEmpty ? nil : Message(.wholeNumbersHint))
            }
        }
        guard !digits.isEmpty else { throw FieldError(message: Message(.expectedWholeNumber)) }
        if let fraction, fraction.contains(where: { $0 != 48 }) {
            throw FieldError(message: Message(.foundDecimals), hint: Message(.roundHint))
        }
        var value: Int64 = 0
        for d in digits {
            value = value * 10 + Int64(d - 48)
            guard value <= Int64(Int32.max) else { throw FieldError(message: Message(.numberTooLarge, Int32.max)) }
        }
        return Int32(negative ? -value : value)
    }

    @inline(__always)
    static func date(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int32 {
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                let d = Int(f[i]) - 48
                guard d >= 0, d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard f.count == 10, f[4] == UInt8(ascii: "-"), f[7] == UInt8(ascii: "-"),
              let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10)
        else { throw FieldError(message: Message(.expectedDate)) }
        guard (1...12).contains(m), d >= 1, d <= Day.daysIn(month: m, year: y) else {
            throw FieldError(message: Message(.noSuchDate))
        }
        guard (1900...2100).contains(y) else { throw FieldError(message: Message(.yearOutside)) }
        return Day.number(year: y, month: m, day: d)
    }

    /// A spreadsheet's date-time (`2018-03-01 00:00`, `2018-03-01T00:00:00`): the date when the
    /// time is midnight, else an error. Off the hot path.
    @inline(never)
    static func dateTime(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int32 {
        let text = String(decoding: f, as: UTF8.self)
        let time = text.dropFirst(11)
        guard f.count > 11, f[10] == UInt8(ascii: " ") || f[10] == UInt8(ascii: "T"),
              time.count == 5 || time.count == 8, time.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }) else {
            throw FieldError(message: Message(.expectedDate))
        }
        let day = try date(UnsafeBufferPointer(rebasing: f[0..<10]))
        guard time.allSatisfy({ $0 == "0" || $0 == ":" }) else {
            throw FieldError(message: Message(.dateWithTime, time),
                             hint: Message(.dateWithTimeHint))
        }
        return day
    }

    static func unknownValue(_ f: UnsafeBufferPointer<UInt8>, in categories: Categories, column: String) -> FieldError {
        let text = String(decoding: f, as: UTF8.self)
        let hint = categories.suggestion(for: text).map { Message(.didYouMean, $0) }
            ?? Message(.oneOf, categories.values.joined(separator: ", "))
        return FieldError(message: Message(.unknownValueFor, NameMatching.excerpt(text), column), hint: hint)
    }

    /// Calls `body` for each `;`-separated item of a set field; an error points at its item.
    @inline(__always)
    static func forEachItem(_ f: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws(FieldError) -> Void) throws(FieldError) {
        var start = 0
        for i in 0...f.count where i == f.count || f[i] == UInt8(ascii: ";") {
            do throws(FieldError) {
                try body(UnsafeBufferPointer(rebasing: f[start..<i]))
            } catch {
                var located = error
                located.part = start..<i
                throw located
            }
            start = i + 1
        }
    }

    /// An empty set's text.
    static let ingen = Array("ingen".utf8)

    @inline(__always)
    static func isIngen(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteStrings.equal(f, "ingen")
    }
}

// Whole numbers are packed as they are parsed, so no four-byte copy of a column is ever held.
final class IntSink: ColumnSink {
    @exclusivity(unchecked) var values = PackedIntsBuilder(missing: Missing.int)
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) { values.append(try FieldParsing.int(f)) }
    override func appendMissing() { values.append(Missing.int) }
    override func finish() -> ColumnData { .int(values.build()) }
    override func reserve(_ rows: Int) { values.reserveCapacity(rows) }
}

final class DateSink: ColumnSink, NormalisingSink {
    @exclusivity(unchecked) var values = PackedIntsBuilder(missing: Missing.date)
    var normalised = 0
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        if f.count <= 10 { values.append(try FieldParsing.date(f)); return }
        values.append(try FieldParsing.dateTime(f))
        normalised += 1
    }
    func note(column: String, count: Int) -> String { Message(count == 1 ? .noteMidnightOne : .noteMidnight, column, count).localized }
    override func appendMissing() { values.append(Missing.date) }
    override func finish() -> ColumnData { .date(values.build()) }
    override func reserve(_ rows: Int) { values.reserveCapacity(rows) }
}

final class BoolSink: ColumnSink, NormalisingSink {
    @exclusivity(unchecked) var values: [UInt8] = []
    var normalised = 0
    /// Yes and no as Swedish and English spreadsheets write them, in any case.
    static let yes: Set<String> = ["true", "ja", "sant", "1"], no: Set<String> = ["false", "nej", "falskt", "0"]
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        if ByteStrings.equal(f, "true") { values.append(1) }
        else if ByteStrings.equal(f, "false") { values.append(0) }
        else {
            let text = String(decoding: f, as: UTF8.self)
            let folded = text.trimmingSpaces.lowercased()
            if Self.yes.contains(folded) { values.append(1) } else if Self.no.contains(folded) { values.append(0) } else {
                throw FieldError(message: Message(.expectedBool, NameMatching.excerpt(text)),
                                 hint: Message(.boolHint))
            }
            normalised += 1
        }
    }
    func note(column: String, count: Int) -> String { Message(count == 1 ? .noteBoolOne : .noteBool, column, count).localized }
    override func appendMissing() { values.append(Missing.bool) }
    override func finish() -> ColumnData { .bool(values) }
    override func reserve(_ rows: Int) { values.reserveCapacity(rows) }
}

/// A sink that reads some fields by a looser rule than the project's format, and counts them
/// for the load report.
protocol NormalisingSink: AnyObject {
    var normalised: Int { get }
    func note(column: String, count: Int) -> String
}

/// kommuner.kod: a number cell loses the leading zero of `0114`; 1–3 digits are padded to four.
final class KodSink: TextSink, NormalisingSink {
    var normalised = 0
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        if f.count < 4, f.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            values.append(String(repeating: "0", count: 4 - f.count) + String(decoding: f, as: UTF8.self))
            normalised += 1
        } else {
            try super.append(f)
        }
    }
    func note(column: String, count: Int) -> String { Message(count == 1 ? .notePaddedOne : .notePadded, column, count).localized }
}

class TextSink: ColumnSink {
    @exclusivity(unchecked) var values: [String?] = []
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        guard let text = String(validating: f, as: UTF8.self) else {
            throw FieldError(message: Message(.notUTF8), hint: Message(.saveUTF8))
        }
        values.append(text)
    }
    override func appendMissing() { values.append(nil) }
    override func finish() -> ColumnData { .text(values) }
}

final class CategorySink: ColumnSink, NormalisingSink {
    let categories: Categories
    let column: String
    @exclusivity(unchecked) var codes: [UInt8] = []
    var normalised = 0
    init(_ categories: Categories, column: String) { self.categories = categories; self.column = column }
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        if let code = categories.code(ofUTF8: f) { codes.append(code); return }
        // Off the hot path: `Kvinna` and `kvinna ` are kvinna.
        let folded = String(decoding: f, as: UTF8.self).trimmingSpaces.lowercased()
        guard let index = categories.values.firstIndex(where: { $0.lowercased() == folded }),
              let code = categories.code(of: categories.values[index]) else {
            throw FieldParsing.unknownValue(f, in: categories, column: column)
        }
        codes.append(code)
        normalised += 1
    }
    func note(column: String, count: Int) -> String { Message(count == 1 ? .noteCaseOne : .noteCase, column, count).localized }
    override func appendMissing() { codes.append(Missing.category) }
    override func finish() -> ColumnData { .category(codes) }
    override func reserve(_ rows: Int) { codes.reserveCapacity(rows) }
}

final class CategorySetSink: ColumnSink {
    let categories: Categories
    let column: String
    @exclusivity(unchecked) var masks = PackedIntsBuilder(missing: Missing.setMask, zeroBase: true)
    init(_ categories: Categories, column: String) { self.categories = categories; self.column = column }
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        if FieldParsing.isIngen(f) { masks.append(0); return }
        var mask: UInt32 = 0
        let categories = self.categories, column = self.column
        try FieldParsing.forEachItem(f) { (item: UnsafeBufferPointer<UInt8>) throws(FieldError) in
            guard let code = categories.code(ofUTF8: item) else {
                if item.isEmpty { throw FieldError(message: Message(.emptyItem), hint: Message(.emptyItemHint)) }
                throw FieldParsing.unknownValue(item, in: categories, column: column)
            }
            mask |= 1 << UInt32(code)
        }
        masks.append(Int32(bitPattern: mask))
    }
    override func appendMissing() { masks.append(Missing.setMask) }
    override func finish() -> ColumnData { .categorySet(masks.build()) }
    override func reserve(_ rows: Int) { masks.reserveCapacity(rows) }
}

/// A reference by text key (a förbund id, a kommun name), resolved while parsing.
final class TextReferenceSink: ColumnSink {
    let lookup: ByteKeyLookup
    let target: TableName
    @exclusivity(unchecked) var rows = PackedIntsBuilder(missing: Missing.reference)
    init(_ lookup: ByteKeyLookup, target: TableName) { self.lookup = lookup; self.target = target }
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        guard let row = lookup.row(for: f) else { throw lookup.unknownKey(f, target: target) }
        rows.append(row)
    }
    override func appendMissing() { rows.append(Missing.reference) }
    override func finish() -> ColumnData { .reference(rows.build()) }
    override func reserve(_ count: Int) { rows.reserveCapacity(count) }
}

/// A reference by integer key (an insats id), resolved while parsing.
final class IntReferenceSink: ColumnSink {
    let rowsByKey: [Int32: Int32]
    let target: TableName
    // Keys in a range not much wider than their number (insats ids 1…n) are looked up in an
    // array: a dictionary's hashing was 2 % of the load.
    private let denseLow: Int
    private let dense: [Int32]
    @exclusivity(unchecked) var rows = PackedIntsBuilder(missing: Missing.reference)
    init(_ rowsByKey: [Int32: Int32], target: TableName) {
        self.rowsByKey = rowsByKey
        self.target = target
        let low = Int(rowsByKey.keys.min() ?? 0), high = Int(rowsByKey.keys.max() ?? -1)
        denseLow = low
        if high - low < 4 * rowsByKey.count + 4096 {
            var dense = [Int32](repeating: -1, count: high - low + 1)
            for (key, row) in rowsByKey { dense[Int(key) - low] = row }
            self.dense = dense
        } else {
            dense = []
        }
    }
    @inline(__always)
    private func row(forKey key: Int32) -> Int32? {
        if dense.isEmpty { return rowsByKey[key] }
        let index = Int(key) - denseLow
        guard index >= 0, index < dense.count else { return nil }
        let row = dense[index]
        return row < 0 ? nil : row
    }
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        let key = try FieldParsing.int(f)
        guard let row = row(forKey: key) else {
            throw FieldError(message: Message(.noKeyRow, target.rawValue, key), hint: Message(.everyReference, target.fileName))
        }
        rows.append(row)
    }
    override func appendMissing() { rows.append(Missing.reference) }
    override func finish() -> ColumnData { .reference(rows.build()) }
    override func reserve(_ count: Int) { rows.reserveCapacity(count) }
}

/// A set of references between the two small roster tables, which refer to each other:
/// keys are kept as text and resolved once both tables are read.
final class PendingReferenceSetSink: ColumnSink {
    var offsets: [Int32] = [0]
    var keys: [String] = []
    override func append(_ f: UnsafeBufferPointer<UInt8>) throws(FieldError) {
        if !FieldParsing.isIngen(f) {
            var items: [String] = []
            try FieldParsing.forEachItem(f) { (item: UnsafeBufferPointer<UInt8>) throws(FieldError) in
                guard let key = String(validating: item, as: UTF8.self), !key.isEmpty else {
                    throw FieldError(message: Message(.emptyKey), hint: Message(.emptyKeyHint))
                }
                items.append(key)
            }
            keys.append(contentsOf: items)
        }
        offsets.append(Int32(keys.count))
    }
    override func appendMissing() { offsets.append(Int32(keys.count)) }
    override func finish() -> ColumnData { preconditionFailure("resolve pending reference sets with resolve(against:)") }
}

/// Text key → row for the reference hot path: open addressing over the key bytes, so a
/// lookup hashes the field in place instead of building a String.
final class ByteKeyLookup {
    private let keys: ByteStrings
    private var slots: [Int32]
    private let mask: Int

    init(keys: [String]) {
        self.keys = ByteStrings(keys)
        var size = 16
        while size < keys.count * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for row in keys.indices {
            var slot = self.keys.withBytes(row, Self.hash) & mask
            while slots[slot] >= 0 {
                // First row wins (byte for byte); duplicates are reported elsewhere.
                if self.keys.withBytes(row, { self.keys.matches(Int(slots[slot]), $0) }) { break }
                slot = (slot + 1) & mask
            }
            if slots[slot] < 0 { slots[slot] = Int32(row) }
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    func row(for field: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Self.hash(field) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let row = slots[slot]
                if row < 0 { return nil }
                if keys.matches(Int(row), field) { return row }
                slot = (slot + 1) & mask
            }
        }
    }

    func unknownKey(_ f: UnsafeBufferPointer<UInt8>, target: TableName) -> FieldError {
        let text = NameMatching.excerpt(String(decoding: f, as: UTF8.self))
        let names = (0..<keys.count).map(keys.string)
        let hint = NameMatching.suggestion(for: text, among: names).map { Message(.didYouMean, $0) }
            ?? Message(.everyReference, target.fileName)
        return FieldError(message: Message(.noKeyRowQuoted, target.rawValue, text), hint: hint)
    }
}
