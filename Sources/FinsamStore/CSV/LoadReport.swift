/// What a load read: the rows, how the file was read when not as the project's own format
/// (separator, encoding, header names taken through an alias), and the missing values per
/// column, so that a user sees at once what the file held.
public struct LoadReport: Sendable {
    public let table: TableName
    public let file: String
    public let rows: Int
    public let notes: [String]
    /// Stored columns with missing values, and how many, in schema order.
    public let missing: [(column: String, count: Int)]

    public init(table: Table, file: String, notes: [String]) {
        self.table = table.name
        self.file = file
        rows = table.rowCount
        self.notes = notes
        missing = table.columns.filter { !$0.schema.derived }.compactMap { column in
            let n = column.data.missingCount
            return n > 0 ? (column.name, n) : nil
        }
    }

    /// The report as lines for the shell.
    public var lines: [String] {
        var out = notes
        if !missing.isEmpty {
            out.append(Message(.missingValues, missing.map { "\($0.column) \($0.count)" }.joined(separator: ", ")).localized)
        }
        return out
    }
}

extension ColumnData {
    /// How many rows have no value (an empty set is a value; a missing set is not).
    public var missingCount: Int {
        switch self {
        case .int(let p), .date(let p), .reference(let p), .categorySet(let p): p.missingCount
        case .yearSet(let first, _): first.missingCount
        case .category(let v): v.reduce(0) { $0 + ($1 == Missing.category ? 1 : 0) }
        case .bool(let v): v.reduce(0) { $0 + ($1 == Missing.bool ? 1 : 0) }
        case .text(let v): v.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        case .referenceSet: 0
        }
    }
}

extension PackedInts {
    /// Entries that are missing, counted on the raw values.
    public var missingCount: Int {
        func count<T: FixedWidthInteger & UnsignedInteger>(_ raw: [T]) -> Int { raw.reduce(0) { $0 + ($1 == T.max ? 1 : 0) } }
        return switch storage {
        case .u8(let a): count(a)
        case .u16(let a): count(a)
        case .u32(let a): count(a)
        case .sequence: 0
        }
    }
}
