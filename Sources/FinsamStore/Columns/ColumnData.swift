/// A column's values: one contiguous typed array per column (plus an offsets array for
/// sets of references). Whole numbers are packed to the narrowest width (`PackedInts`);
/// missing values use the sentinels of `Missing`.
public enum ColumnData: Sendable {
    case int(PackedInts)
    case text([String?])
    case bool([UInt8])
    /// Days since 1970-01-01.
    case date(PackedInts)
    case category([UInt8])
    /// Bit i set = the category with code i is a member; a missing set decodes to
    /// `Missing.setMask` (raw values keep base 0, so bit tests work on them directly).
    case categorySet(PackedInts)
    /// A run of years `first...last`; `first` missing (`Missing.yearValue`) for a missing set.
    case yearSet(first: PackedInts, last: PackedInts)
    /// Row indices into the referenced table.
    case reference(PackedInts)
    /// Row indices into the referenced table, row i owning `targets[offsets[i]..<offsets[i+1]]`.
    case referenceSet(offsets: [Int32], targets: [Int32])

    // Plain arrays in, packed columns out: what the generator and the loader write.
    public static func int(_ values: [Int32]) -> ColumnData { .int(PackedInts(values, missing: Missing.int)) }
    public static func date(_ values: [Int32]) -> ColumnData { .date(PackedInts(values, missing: Missing.date)) }
    public static func reference(_ values: [Int32]) -> ColumnData { .reference(PackedInts(values, missing: Missing.reference)) }
    public static func categorySet(_ masks: [UInt32]) -> ColumnData {
        .categorySet(PackedInts(masks.map { $0 & Missing.setBit != 0 ? Missing.setMask : Int32(bitPattern: $0) },
                                missing: Missing.setMask, zeroBase: true))
    }
    public static func yearSet(first: [Int16], last: [Int16]) -> ColumnData {
        .yearSet(first: PackedInts(first.map(Int32.init), missing: Missing.yearValue),
                 last: PackedInts(last.map(Int32.init), missing: Missing.yearValue))
    }

    public var count: Int {
        switch self {
        case .int(let v), .date(let v), .reference(let v), .categorySet(let v): v.count
        case .text(let v): v.count
        case .bool(let v), .category(let v): v.count
        case .yearSet(let first, _): first.count
        case .referenceSet(let offsets, _): offsets.count - 1
        }
    }

    /// Bytes held by the column's arrays (text counted by its UTF-8 bytes).
    public var byteCount: Int {
        switch self {
        case .int(let v), .date(let v), .reference(let v), .categorySet(let v): v.count * v.width
        case .text(let v): v.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 16 }
        case .bool(let v), .category(let v): v.count
        case .yearSet(let first, let last): first.count * first.width + last.count * last.width
        case .referenceSet(let offsets, let targets): 4 * (offsets.count + targets.count)
        }
    }
}

public struct Column: Sendable {
    public let schema: ColumnSchema
    public let data: ColumnData

    public init(_ schema: ColumnSchema, _ data: ColumnData) {
        self.schema = schema
        self.data = data
    }

    public var name: String { schema.name }
}

extension ColumnData: Equatable {
    public static func == (lhs: ColumnData, rhs: ColumnData) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)), (.date(let a), .date(let b)), (.reference(let a), .reference(let b)),
             (.categorySet(let a), .categorySet(let b)): a == b
        case (.text(let a), .text(let b)): a == b
        case (.bool(let a), .bool(let b)), (.category(let a), .category(let b)): a == b
        case (.yearSet(let a1, let a2), .yearSet(let b1, let b2)): a1 == b1 && a2 == b2
        case (.referenceSet(let a1, let a2), .referenceSet(let b1, let b2)): a1 == b1 && a2 == b2
        default: false
        }
    }
}
