import FinsamStore
/// `list a, b`: the selected rows' values, not measures of them, by `order by` over any column
/// (ties, and a list without `order by`, in the order of the table's key), cut at `top`.
struct RowListing {
    let table: Table
    let dataset: Dataset
    let filter: BoundCondition?
    let columns: [ColumnPath]
    let order: [(path: ColumnPath, descending: Bool)]
    let top: Int?
    let locale: DisplayLocale

    func build() -> ResultTable {
        var rows = filter.map { PreparedCondition($0).selectAll(rowCount: table.rowCount).map(Int.init) } ?? Array(0..<table.rowCount)
        // Sort keys for the selected rows only; ties in the order of the table's key (as the SQL
        // breaks them), so the order is total.
        let tableKeys = KeyIndex.keys(of: table)
        let keyColumn = rows.map { row -> Key? in if case .int(let v) = tableKeys[row] { .number(Double(v)) } else { .text(tableKeys[row].description) } }
        let keys = order.map { (values: sortKeys($0.path, rows), descending: $0.descending) } + [(values: keyColumn, descending: false)]
        rows = rows.indices.sorted { a, b in
            for key in keys {
                let (x, y) = (key.values[a], key.values[b])
                if x == y { continue }
                // Missing values last, either way.
                if x == nil || y == nil { return y == nil }
                if case .number(let u)? = x, case .number(let v)? = y { return key.descending ? u > v : u < v }
                if case .text(let u)? = x, case .text(let v)? = y { return key.descending ? u > v : u < v }
            }
            return a < b
        }.map { rows[$0] }
        var notes: [String] = []
        if let top, rows.count > top {
            notes.append(locale.text(Message(.noteTopRows, locale.integer(top), locale.integer(rows.count))))
            rows = Array(rows.prefix(top))
        }
        let cellsOf = columns.map(cells)
        let result = rows.map { row in ResultTable.Row(cells: cellsOf.map { $0(row) }, isTotal: false) }
        let resultColumns = columns.map { path -> ResultTable.Column in
            let isNumber = path.type == .int
            return ResultTable.Column(name: path.name, role: isNumber ? .measure : .dimension, measure: isNumber ? path.name : nil)
        }
        return ResultTable(columns: resultColumns, rows: result, notes: notes)
    }

    private enum Key: Equatable { case number(Double), text(String) }

    /// The row of the column's table for a row of the query's table.
    private func sourceRow(_ path: ColumnPath, _ row: Int) -> Int? {
        guard let via = path.via else { return row }
        let r = via[row]
        return r == Missing.reference ? nil : Int(r)
    }

    /// A column's sort keys for `rows` (rows of the query's table), in their order.
    private func sortKeys(_ path: ColumnPath, _ rows: [Int]) -> [Key?] {
        let cell = cells(path)
        return rows.map { row in
            switch cell(row) {
            case .count(let n): .number(Double(n))
            case .number(let v): .number(v)
            case .label(let s): .text(s)
            default: nil
            }
        }
    }

    /// A cell per row of the query's table.
    private func cells(_ path: ColumnPath) -> (Int) -> Cell {
        let data = path.column.data
        let type = path.type
        let keys: [String]? = switch type {
        case .reference(let t), .referenceSet(let t): KeyIndex.keys(of: dataset[t]).map(\.description)
        default: nil
        }
        let scale: Double? = if case .decimals(let k)? = path.column.schema.role { (0..<k).reduce(1.0) { r, _ in r * 10 } } else { nil }
        return { row in
            guard let r = sourceRow(path, row) else { return .missingLabel }
            switch (type, data) {
            case (.int, .int(let p)):
                let v = p[r]
                if v == p.missing { return .empty }
                return scale.map { .number(Double(v) / $0) } ?? .count(Int(v))
            case (.date, .date(let p)): return p[r] == p.missing ? .missingLabel : .label(Day.iso(p[r]))
            case (.category(let c), .category(let codes)): return codes[r] == Missing.category ? .missingLabel : .label(c.name(of: codes[r]))
            case (.bool, .bool(let v)): return v[r] == Missing.bool ? .missingLabel : .label(locale.yesNo(v[r] == 1 ? "true" : "false"))
            case (.text, .text(let v)): return v[r].map(Cell.label) ?? .missingLabel
            case (.reference, .reference(let p)): return p[r] == Missing.reference ? .missingLabel : .label(keys![Int(p[r])])
            case (.categorySet(let c), .categorySet(let p)):
                let mask = p[r]
                if mask == Missing.setMask { return .missingLabel }
                let names = c.names(inMask: UInt32(bitPattern: mask))
                return .label(names.isEmpty ? DimensionKeys.emptyLabel : names.joined(separator: ", "))
            case (.yearSet, .yearSet(let first, let last)):
                return first[r] == first.missing ? .missingLabel : .label(first[r] == last[r] ? "\(first[r])" : "\(first[r])–\(last[r])")
            case (.referenceSet, .referenceSet(let offsets, let targets)):
                let members = targets[Int(offsets[r])..<Int(offsets[r + 1])].map { keys![Int($0)] }
                return .label(members.isEmpty ? DimensionKeys.emptyLabel : members.joined(separator: ", "))
            default: return .empty
            }
        }
    }
}
