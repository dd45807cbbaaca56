import FinsamStore
/// The SQL of columns (through joins to related tables, or as a computed column was derived),
/// of dimensions' labels and of conditions in three-valued logic.
extension SQLGenerator {
    // MARK: Columns and dimensions

    /// The SQL of a column as seen from the query's table, joining related tables as needed.
    func column(_ path: ColumnPath) -> String {
        if let derivation = path.derivation { return derived(derivation) }
        // A pipeline step's own columns may have dotted names (`förbund.län`): they are not paths.
        if source != nil, path.via == nil { return "t.\(SQL.identifier(path.column.name))" }
        let parts = path.name.split(separator: ".").map(String.init)
        var alias = "t"
        var current = query.table.name
        for i in 0..<(parts.count - 1) {
            let key = parts[0...i].joined(separator: ".")
            guard case .reference(let target) = Schema.table(current).columns.first(where: { $0.name == parts[i] })?.type else {
                preconditionFailure("\(key) is not a reference")
            }
            if let known = joins.aliases[key] {
                alias = known
            } else {
                let next = "j\(joins.aliases.count + 1)"
                joins.aliases[key] = next
                joins.tables.insert(target)
                joins.clauses.append("LEFT JOIN \(SQLTables.name(target)) \(next) ON \(next).\(SQL.identifier(Schema.table(target).keyColumn)) = \(alias).\(SQL.identifier(parts[i]))")
                alias = next
            }
            current = target
        }
        return "\(alias).\(SQL.identifier(parts[parts.count - 1]))"
    }

    func dimension(_ d: BoundDimension, name: String) -> Dimension {
        let missing = SQL.string(DimensionKeys.missingLabel)
        switch d {
        case .column(let path):
            let c = column(path)
            switch path.type {
            case _ where path.type.isSet:
                var labels = "CASE WHEN \(c) IS NULL THEN [\(missing)] WHEN len(\(c)) = 0 THEN [\(SQL.string(DimensionKeys.emptyLabel))] ELSE CAST(\(c) AS VARCHAR[]) END"
                // The values the where clause lets the query list (ListedValues, as finsam does).
                let keys = DimensionKeys(d, dataset: dataset, rowCount: query.table.rowCount, filter: query.filter)
                if let listed = keys.allowedCodes {
                    let allowed = keys.labels.indices.filter { listed[$0] }.map { SQL.string(keys.labels[$0]) }
                    labels = "list_filter(\(labels), lambda v: list_contains([\(allowed.joined(separator: ", "))], v))"
                }
                return Dimension(header: d.name, name: name, isSet: true, expression: labels)
            case .bool:
                return Dimension(header: d.name, name: name, isSet: false,
                                 expression: "CASE WHEN \(c) THEN \(SQL.string(yes)) WHEN NOT \(c) THEN \(SQL.string(no)) ELSE \(missing) END")
            case .date:
                return Dimension(header: d.name, name: name, isSet: false, expression: "coalesce(strftime(\(c), '%Y-%m-%d'), \(missing))")
            default:
                return Dimension(header: d.name, name: name, isSet: false, expression: "coalesce(CAST(\(c) AS VARCHAR), \(missing))")
            }
        case .bin(let path, let edges):
            let c = column(path)
            var cases = ["WHEN \(c) IS NULL THEN \(missing)", "WHEN \(c) < \(edges[0]) THEN \(SQL.string("–\(edges[0] - 1)"))"]
            for (low, high) in zip(edges, edges.dropFirst()) { cases.append("WHEN \(c) < \(high) THEN \(SQL.string("\(low)–\(high - 1)"))") }
            cases.append("ELSE \(SQL.string("\(edges.last!)–"))")
            return Dimension(header: d.name, name: name, isSet: false, expression: "CASE \(cases.joined(separator: " ")) END")
        case .condition(let condition, _):
            let c = self.condition(condition)
            return Dimension(header: d.name, name: name, isSet: false,
                             expression: "CASE WHEN \(c) THEN \(SQL.string(yes)) WHEN NOT (\(c)) THEN \(SQL.string(no)) ELSE \(missing) END")
        case .period(let path, let period, _):
            return Dimension(header: d.name, name: name, isSet: false, expression: "coalesce(\(period.sql(column(path))), \(missing))")
        }
    }

    /// A column the query computed, as SQL.
    func derived(_ derivation: ColumnDerivation) -> String {
        switch derivation {
        case .arithmetic(let expression):
            func render(_ e: RowExpression) -> String {
                switch e {
                case .number(let v): return String(v)
                // DuckDB's date - date is whole days, as finsam's.
                case .column(let path): return column(path)
                case .binary(let op, let a, let b): return "(\(render(a)) \(op.rawValue) \(render(b)))"
                }
            }
            return render(expression)
        case .cases(let arms, let otherwise):
            // First true wins; none true and every condition unknown is missing; else `otherwise`.
            let conditions = arms.map { condition($0.condition) }
            var sql = "CASE " + zip(conditions, arms).map { "WHEN \($0) THEN \(SQL.string($1.label))" }.joined(separator: " ")
            sql += " WHEN " + conditions.map { "(\($0)) IS NULL" }.joined(separator: " AND ") + " THEN NULL"
            sql += " ELSE " + (otherwise.map(SQL.string) ?? "NULL") + " END"
            return "(\(sql))"
        }
    }

    // MARK: Conditions

    /// A condition in SQL's three-valued logic: NULL where finsam's is unknown (a missing operand).
    func condition(_ c: BoundCondition) -> String {
        switch c {
        case .and(let a, let b): return "(\(condition(a)) AND \(condition(b)))"
        case .or(let a, let b): return "(\(condition(a)) OR \(condition(b)))"
        case .not(let a): return "(NOT \(condition(a)))"
        case .codes(let path, let allowed):
            let col = column(path)
            let values: [String]
            switch path.type {
            case .bool: values = allowed.indices.filter { allowed[$0] }.map { $0 == 1 ? "true" : "false" }
            case .category(let categories): values = allowed.indices.filter { allowed[$0] }.map { SQL.string(categories.name(of: UInt8($0))) }
            default: preconditionFailure("codes on \(path.type.displayName)")
            }
            return values.isEmpty ? "CASE WHEN \(col) IS NULL THEN NULL ELSE false END" : "\(col) IN (\(values.joined(separator: ", ")))"
        case .intCompare(let path, let op, let value):
            return "\(column(path)) \(op == .notEqual ? "<>" : op.rawValue) \(literal(value, path))"
        case .intRange(let path, let low, let high):
            return "\(column(path)) BETWEEN \(literal(low, path)) AND \(literal(high, path))"
        case .intIn(let path, let values):
            return "\(column(path)) IN (\(values.sorted().map { literal($0, path) }.joined(separator: ", ")))"
        case .setAny(let path, let mask):
            return "list_has_any(\(column(path)), \(categoryList(path, mask)))"
        case .setAll(let path, let mask):
            return "list_has_all(\(column(path)), \(categoryList(path, mask)))"
        case .setEmpty(let path), .referenceSetEmpty(let path):
            return "len(\(column(path))) = 0"
        case .yearsOverlap(let path, let low, let high):
            let col = column(path)
            return "(list_min(\(col)) <= \(high) AND list_max(\(col)) >= \(low))"
        case .yearsIn(let path, let years):
            return "list_has_any(\(column(path)), [\(years.sorted().map(String.init).joined(separator: ", "))])"
        case .referenceIn(let path, let rows):
            return "\(column(path)) IN (\(keys(path, rows).joined(separator: ", ")))"
        case .referenceSetHas(let path, let rows, let all):
            return "\(all ? "list_has_all" : "list_has_any")(\(column(path)), [\(keys(path, rows).joined(separator: ", "))])"
        case .textIn(let path, let values):
            return "\(column(path)) IN (\(values.sorted().map(SQL.string).joined(separator: ", ")))"
        case .isMissing(let path):
            return "\(column(path)) IS NULL"
        }
    }

    func literal(_ value: Int32, _ path: ColumnPath) -> String {
        if case .date = path.type { return "DATE \(SQL.string(Day.iso(value)))" }
        return String(value)
    }

    func categoryList(_ path: ColumnPath, _ mask: UInt32) -> String {
        guard case .categorySet(let categories) = path.type else { preconditionFailure("not a category set") }
        return "[" + categories.names(inMask: mask).map(SQL.string).joined(separator: ", ") + "]"
    }

    /// The keys of referenced rows, as SQL literals.
    func keys(_ path: ColumnPath, _ rows: Set<Int32>) -> [String] {
        let target: TableName
        switch path.type {
        case .reference(let t), .referenceSet(let t): target = t
        default: preconditionFailure("not a reference")
        }
        let keys = KeyIndex.keys(of: dataset[target])
        return rows.sorted().map { row in
            switch keys[Int(row)] {
            case .int(let v): String(v)
            case .text(let s): SQL.string(s)
            }
        }
    }
}
