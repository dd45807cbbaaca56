/// A column's values: one contiguous typed array per column (plus an offsets array for
/// sets of references). Missing values use the sentinels of `Missing`.
public enum ColumnData: Sendable {
    case int([Int32])
    case text([String?])
    case bool([UInt8])
    /// Days since 1970-01-01.
    case date([Int32])
    case category([UInt8])
    /// Bit i set = the category with code i is a member; `Missing.setBit` = missing set.
    case categorySet([UInt32])
    /// A run of years `first...last`; `first == Missing.year` for a missing set.
    case yearSet(first: [Int16], last: [Int16])
    /// Row indices into the referenced table.
    case reference([Int32])
    /// Row indices into the referenced table, row i owning `targets[offsets[i]..<offsets[i+1]]`.
    case referenceSet(offsets: [Int32], targets: [Int32])

    public var count: Int {
        switch self {
        case .int(let v), .date(let v), .reference(let v): v.count
        case .text(let v): v.count
        case .bool(let v), .category(let v): v.count
        case .categorySet(let v): v.count
        case .yearSet(let first, _): first.count
        case .referenceSet(let offsets, _): offsets.count - 1
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
        case (.int(let a), .int(let b)), (.date(let a), .date(let b)), (.reference(let a), .reference(let b)): a == b
        case (.text(let a), .text(let b)): a == b
        case (.bool(let a), .bool(let b)), (.category(let a), .category(let b)): a == b
        case (.categorySet(let a), .categorySet(let b)): a == b
        case (.yearSet(let a1, let a2), .yearSet(let b1, let b2)): a1 == b1 && a2 == b2
        case (.referenceSet(let a1, let a2), .referenceSet(let b1, let b2)): a1 == b1 && a2 == b2
        default: false
        }
    }
}
