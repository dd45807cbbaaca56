/// A table held column by column: stored columns in schema order, then the derived ones
/// computed from them. Tables are values; replacing one never disturbs another.
public struct Table: Sendable {
    public let schema: TableSchema
    public let columns: [Column]
    public let rowCount: Int

    public init(schema: TableSchema, columns: [Column]) {
        precondition(columns.map(\.name) == schema.columns.map(\.name), "columns must follow the schema")
        self.schema = schema
        self.columns = columns
        self.rowCount = columns.first?.data.count ?? 0
        precondition(columns.allSatisfy { $0.data.count == rowCount }, "columns of unequal length")
    }

    public var name: TableName { schema.name }
    /// The table's name in messages.
    public var title: String { schema.title ?? schema.name.rawValue }

    public func column(_ name: String) -> Column? {
        if let exact = columns.first(where: { $0.name == name }) { return exact }
        let folded = NameMatching.fold(name)
        return columns.first { $0.schema.asciiName == folded }
    }

    /// Typed access for code that knows the schema (the generator, tests, validation). The
    /// packed kinds come back decoded into plain arrays: a copy, so not for hot loops.
    public func ints(_ name: String) -> [Int32] {
        guard case .int(let v)? = column(name)?.data else { preconditionFailure("\(name) is not an int column") }
        return v.values
    }
    public func dates(_ name: String) -> [Int32] {
        guard case .date(let v)? = column(name)?.data else { preconditionFailure("\(name) is not a date column") }
        return v.values
    }
    /// An int, date, reference or set column as stored.
    public func packed(_ name: String) -> PackedInts {
        switch column(name)?.data {
        case .int(let v)?, .date(let v)?, .reference(let v)?, .categorySet(let v)?: return v
        default: preconditionFailure("\(name) is not a packed column")
        }
    }
    public func codes(_ name: String) -> [UInt8] {
        guard case .category(let v)? = column(name)?.data else { preconditionFailure("\(name) is not a category column") }
        return v
    }
    public func bools(_ name: String) -> [UInt8] {
        guard case .bool(let v)? = column(name)?.data else { preconditionFailure("\(name) is not a bool column") }
        return v
    }
    public func masks(_ name: String) -> [UInt32] {
        guard case .categorySet(let v)? = column(name)?.data else { preconditionFailure("\(name) is not a set column") }
        return v.values.map { UInt32(bitPattern: $0) }
    }
    public func references(_ name: String) -> [Int32] {
        guard case .reference(let v)? = column(name)?.data else { preconditionFailure("\(name) is not a reference column") }
        return v.values
    }
    public func texts(_ name: String) -> [String?] {
        guard case .text(let v)? = column(name)?.data else { preconditionFailure("\(name) is not a text column") }
        return v
    }
    public func yearRanges(_ name: String) -> (first: [Int16], last: [Int16]) {
        guard case .yearSet(let f, let l)? = column(name)?.data else { preconditionFailure("\(name) is not a year set") }
        return (f.values.map { Int16(truncatingIfNeeded: $0) }, l.values.map { Int16(truncatingIfNeeded: $0) })
    }
    public func referenceSets(_ name: String) -> (offsets: [Int32], targets: [Int32]) {
        guard case .referenceSet(let o, let t)? = column(name)?.data else { preconditionFailure("\(name) is not a reference set") }
        return (o, t)
    }
}
