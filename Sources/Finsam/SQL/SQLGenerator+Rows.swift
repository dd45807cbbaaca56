import FinsamStore
/// The SQL of `list` (a table's rows) and of a pipeline's step as the CTE the next step reads.
extension SQLGenerator {
    /// `list a, b`: the rows' values, ordered and cut as finsam lists them.
    func listing(_ listing: RowListing) -> String {
        var columns: [String] = []
        for path in listing.columns {
            let c = column(path)
            let value: String
            switch path.type {
            case .categorySet(let categories):
                // Members in the dictionary's order, as finsam lists them.
                let ordered = "list_filter([\(categories.values.map(SQL.string).joined(separator: ", "))], lambda v: list_contains(\(c), v))"
                value = "CASE WHEN len(\(c)) = 0 THEN \(SQL.string(DimensionKeys.emptyLabel)) ELSE array_to_string(\(ordered), ', ') END"
            case .referenceSet:
                value = "CASE WHEN len(\(c)) = 0 THEN \(SQL.string(DimensionKeys.emptyLabel)) ELSE array_to_string(\(c), ', ') END"
            case .date: value = "strftime(\(c), '%Y-%m-%d')"
            case .bool: value = "CASE WHEN \(c) THEN \(SQL.string(yes)) WHEN NOT \(c) THEN \(SQL.string(no)) END"
            default: value = c
            }
            columns.append("\(value) AS \(SQL.identifier(path.name))")
        }
        let filter = listing.filter.map(condition)
        let order = listing.order.map { "\(column($0.path)) \($0.descending ? "DESC" : "ASC") NULLS LAST" }
        var sql = "WITH\n" + SQLTables.definitions(of: joins.tables, directory: directory, files: files).joined(separator: ",\n") + "\n"
        sql += "SELECT \(columns.joined(separator: ", "))\nFROM \(SQLTables.name(query.table.name)) t"
        for clause in joins.clauses { sql += "\n" + clause }
        if let filter { sql += "\nWHERE \(filter)" }
        // Ties keep the table's order, as finsam's stable sort does.
        sql += "\nORDER BY " + (order + ["t.\(SQL.identifier(query.table.schema.keyColumn))"]).joined(separator: ", ")
        if let top = listing.top { sql += "\nLIMIT \(top)" }
        return sql + ";"
    }

    /// A step of a pipeline as the CTE the next step reads: its data rows (no totals), each group
    /// column as its value (missing for `(saknas)`), each measure as its number.
    func stepCTE(_ name: String, statement: String, input: Table, plan: QueryPlan) -> String {
        var columns: [String] = []
        // The step's group columns are named as its by columns (Pipeline.table).
        let groups = Set(plan.by.map(\.name))
        for column in input.columns where column.name != input.schema.keyColumn {
            let c = SQL.identifier(column.name)
            if groups.contains(column.name) {
                var value = "CASE WHEN \(c) = \(SQL.string(DimensionKeys.missingLabel)) THEN NULL ELSE \(c) END"
                switch column.schema.type {
                case .int: value = "TRY_CAST(\(value) AS INTEGER)"
                case .reference(let target) where Schema.table(target).columns.first(where: { $0.name == Schema.table(target).keyColumn })?.type == .int:
                    value = "TRY_CAST(\(value) AS INTEGER)"
                case .bool: value = "CASE WHEN \(c) = \(SQL.string(yes)) THEN true WHEN \(c) = \(SQL.string(no)) THEN false END"
                default: break
                }
                columns.append("\(value) AS \(c)")
            } else if case .decimals(let k)? = column.schema.role {
                // finsam carries a number with decimals to k of them (a 32-bit column times 10^k).
                columns.append("round(\(c), \(k)) AS \(c)")
            } else {
                columns.append(c)
            }
        }
        let body = statement.hasSuffix(";") ? String(statement.dropLast()) : statement
        let first = plan.by.first.map { "WHERE \(SQL.identifier($0.name)) IS DISTINCT FROM \(SQL.string(totalLabel))" } ?? ""
        return "\(name) AS (\n  SELECT \(columns.joined(separator: ", ")) FROM (\n\(body)\n  ) s \(first)\n)"
    }
}
