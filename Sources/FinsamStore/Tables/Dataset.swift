/// The five tables together, with references between them resolved to row indices.
/// A value: a session keeps one and swaps it whole, so a failed load changes nothing.
public struct Dataset: Sendable {
    public private(set) var deltagare: Table
    public private(set) var insatser: Table
    public private(set) var forbund: Table
    public private(set) var kommuner: Table
    public private(set) var befolkning: Table

    /// `befolkning` defaults to an empty table, so code written for the four tables of
    /// participants and rosters needs no population.
    public init(deltagare: Table, insatser: Table, forbund: Table, kommuner: Table,
                befolkning: Table = Derivation.empty(.befolkning)) {
        precondition(befolkning.name == .befolkning, "befolkning must be the befolkning table")
        self.deltagare = deltagare
        self.insatser = insatser
        self.forbund = forbund
        self.kommuner = kommuner
        self.befolkning = befolkning
    }

    public subscript(name: TableName) -> Table {
        switch name {
        case .deltagare: deltagare
        case .insatser: insatser
        case .forbund: forbund
        case .kommuner: kommuner
        case .befolkning: befolkning
        }
    }

    public var tables: [Table] { TableName.allCases.map { self[$0] } }

    /// Finds a table by its Swedish or ASCII name.
    public func table(named name: String) -> Table? {
        let folded = NameMatching.fold(name)
        return TableName.allCases.first { NameMatching.fold($0.rawValue) == folded }.map { self[$0] }
    }

    /// The dataset with one table swapped. References from other tables into the old table
    /// are re-pointed by key; a key the new table lacks fails the whole replacement.
    public func replacing(_ table: Table) throws(LoadError) -> Dataset {
        var next = self
        let old = self[table.name]
        // No table refers to deltagare: nothing to re-point, no key index to build.
        let referenced = TableName.allCases.contains { other in
            other != table.name && Schema.table(other).columns.contains {
                switch $0.type {
                case .reference(let target), .referenceSet(let target): target == table.name
                default: false
                }
            }
        }
        guard referenced else {
            next.set(table)
            return next
        }
        let oldKeys = KeyIndex.keys(of: old)
        let newIndex = KeyIndex(table)
        var remap = [Int32](repeating: Missing.reference, count: old.rowCount)
        for (row, key) in oldKeys.enumerated() { remap[row] = newIndex.row(for: key) ?? Missing.reference }

        for other in TableName.allCases where other != table.name {
            let referencing = self[other]
            var columns = referencing.columns
            var changed = false
            for (position, column) in columns.enumerated() {
                switch (column.schema.type, column.data) {
                case (.reference(let target), .reference(let packed)) where target == table.name:
                    var mapped = packed.values
                    for i in mapped.indices where mapped[i] != Missing.reference {
                        let newRow = remap[Int(mapped[i])]
                        if newRow == Missing.reference {
                            throw .danglingAfterReplace(table: table.name, referencedBy: other, column: column.name,
                                                        row: i, key: oldKeys[Int(mapped[i])].description)
                        }
                        mapped[i] = newRow
                    }
                    columns[position] = Column(column.schema, .reference(mapped))
                    changed = true
                case (.referenceSet(let target), .referenceSet(let offsets, let targets)) where target == table.name:
                    var mapped = targets
                    for i in mapped.indices {
                        let newRow = remap[Int(mapped[i])]
                        if newRow == Missing.reference {
                            let row = offsets.lastIndex { $0 <= Int32(i) } ?? 0
                            throw .danglingAfterReplace(table: table.name, referencedBy: other, column: column.name,
                                                        row: row, key: oldKeys[Int(mapped[i])].description)
                        }
                        mapped[i] = newRow
                    }
                    columns[position] = Column(column.schema, .referenceSet(offsets: offsets, targets: mapped))
                    changed = true
                default: break
                }
            }
            if changed { next.set(Table(schema: referencing.schema, columns: columns)) }
        }
        next.set(table)
        // länsförbund depends on the kommuner table.
        if table.name == .kommuner || table.name == .forbund {
            next.set(Derivation.table(.forbund, stored: next.forbund.storedData, kommuner: next.kommuner))
        }
        return next
    }

    private mutating func set(_ table: Table) {
        switch table.name {
        case .deltagare: deltagare = table
        case .insatser: insatser = table
        case .forbund: forbund = table
        case .kommuner: kommuner = table
        case .befolkning: befolkning = table
        }
    }
}

extension Table {
    /// The stored (non-derived) columns' data, in schema order.
    public var storedData: [ColumnData] { columns.filter { !$0.schema.derived }.map(\.data) }
}

/// A row's key as other tables refer to it.
public enum RowKey: Hashable, Sendable, CustomStringConvertible {
    case int(Int32)
    case text(String)

    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .text(let v): v
        }
    }
}

/// Key → row index for one table.
public struct KeyIndex: Sendable {
    private var rows: [RowKey: Int32] = [:]
    public private(set) var duplicate: (key: RowKey, rows: (Int, Int))?

    public init(_ table: Table) {
        for (row, key) in Self.keys(of: table).enumerated() {
            if let earlier = rows[key] {
                if duplicate == nil { duplicate = (key, (Int(earlier), row)) }
            } else {
                rows[key] = Int32(row)
            }
        }
    }

    public func row(for key: RowKey) -> Int32? { rows[key] }

    public static func keys(of table: Table) -> [RowKey] {
        switch table.column(table.schema.keyColumn)!.data {
        case .int(let values): values.values.map { .int($0) }
        case .text(let values): values.map { .text($0 ?? "") }
        default: preconditionFailure("key columns are int or text")
        }
    }
}
