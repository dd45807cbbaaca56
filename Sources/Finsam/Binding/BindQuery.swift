import FinsamStore
/// A `let`: a named condition (`let ung25 = ålder < 25`), band (`let grupp = bin(ålder, 16, 30, 45)`)
/// or alias of a column, bound anew against the table of each query that uses it.
struct LetDefinition {
    enum Kind { case condition, bin, alias(NameRef) }
    let expression: Expr
    let kind: Kind
    /// The definition as written, for messages and `describe`.
    let source: String
}

extension Binder {
    func query(_ q: QuerySyntax) throws(FinsamError) -> BoundQuery {
        let table = try table(q.table)
        let filter = try q.filter.map { (e: Expr) throws(FinsamError) in try condition(e, in: table) }
        var measures: [BoundMeasure] = []
        for m in q.measures { measures.append(try measure(m, in: table)) }
        if measures.isEmpty { measures = [BoundMeasure(MeasureCatalogue.count, label: "count")] }
        var by: [BoundDimension] = []
        for d in q.by { by.append(try dimension(d, in: table)) }
        var pivot: BoundQuery.Pivot? = nil
        if let across = q.across { pivot = .across(try dimension(across, in: table)) }
        if let compare = q.compare {
            let dimension = try dimension(compare.dimension, in: table)
            var values: [String] = []
            for value in compare.values {
                values.append(try dimensionValue(value, of: dimension))
                try requireInRange(value, of: dimension)
            }
            if values.count == 1 { throw fail("compare needs two values or none", compare.values[0].span, hint: "compare år 2017 vs 2018") }
            pivot = .compare(dimension, values: values)
        }
        var names = Set<String>()
        for d in by { if !names.insert(d.name).inserted { throw fail("\(d.name) appears twice in by", q.span) } }
        let order = try q.order.map { (key, descending) throws(FinsamError) -> (key: String, descending: Bool) in
            let letNames = q.by.compactMap { if case .name(let ref) = $0 { ref.text } else { nil } }
            let candidates = measures.map(\.label) + by.map(\.name) + by.map { NameMatching.fold($0.name) } + letNames
            // A by column written as a let's name (`by band`) is shown under its own header.
            if let d = q.by.firstIndex(where: { if case .name(let ref) = $0 { NameMatching.fold(ref.text) == NameMatching.fold(key.text) } else { false } }) {
                return (by[d].name, descending)
            }
            if candidates.contains(key.text) || by.contains(where: { NameMatching.fold($0.name) == NameMatching.fold(key.text) }) {
                return (key.text, descending)
            }
            let hint = NameMatching.suggestion(for: key.text, among: candidates).map { "did you mean '\($0)'?" }
                ?? "order by a measure (\(measures.map(\.label).joined(separator: ", "))) or a by column"
            throw fail("cannot order by '\(NameMatching.excerpt(key.text))'", key.span, hint: hint)
        }
        // `top n` alone keeps the n largest by the first measure (the total column under
        // across, the first compared value under compare), largest first: a reader's "top 10".
        let ranking = order.isEmpty && q.top != nil && !by.isEmpty ? [(key: measures[0].label, descending: true)] : order
        return BoundQuery(table: table, filter: filter, measures: measures, by: by, pivot: pivot, order: ranking,
                          top: q.top?.count)
    }

    func measure(_ m: MeasureSyntax, in table: Table) throws(FinsamError) -> BoundMeasure {
        let definition = MeasureCatalogue.named(m.name)!
        let label = m.alias ?? (definition.argument == .none ? definition.name : source.text(m.span))
        func numeric(_ index: Int = 0) throws(FinsamError) -> ColumnPath {
            guard case .name(let name) = m.arguments[index] else {
                throw fail("expected a number column", m.arguments[index].span, hint: "for example: \(definition.name)(ålder)")
            }
            let path = try operandColumn(.name(name), in: table)
            guard case .int = path.type else {
                let numbers = table.columns.filter { if case .int = $0.schema.type { true } else { false } }.map(\.name)
                throw fail("\(definition.name) needs a number; \(path.name) is \(path.type.displayName)", name.span,
                           hint: "number columns: \(numbers.joined(separator: ", "))"
                               + (path.type == .bool ? " (for a yes/no column: share(\(path.name)))" : ""))
            }
            return path
        }
        // A value in a percentage column's unit is a percentage (its difference is in points).
        let percentScale = { (path: ColumnPath) in definition.keepsScale && path.column.schema.role == .percent }
        switch definition.argument {
        case .none:
            if definition.basis == .persons, table.schema.personKey == nil {
                throw fail("\(definition.name) counts distinct persons; \(table.name.rawValue) has no person column", m.span, hint: "use count")
            }
            return BoundMeasure(definition, label: label, isPercentScale: definition.unit == .percentOfColumn)
        case .condition:
            guard m.arguments.count == 1 else { throw fail("\(definition.name) takes one condition", m.span, hint: "share(arbete_studier_slut)") }
            return BoundMeasure(definition, input: .condition(try condition(m.arguments[0], in: table)), label: label, isPercentScale: true)
        case .column:
            guard m.arguments.count == 1, case .name(let name) = m.arguments[0] else { throw fail("\(definition.name) takes one column", m.span) }
            return BoundMeasure(definition, input: .column(try operandColumn(.name(name), in: table)), label: label)
        case .numberColumn:
            guard m.arguments.count == 1 else { throw fail("\(label) takes one column", m.span) }
            let path = try numeric()
            return BoundMeasure(definition, input: .column(path), label: label, isPercentScale: percentScale(path))
        case .numberColumnAndShare:
            guard m.arguments.count == 2, case .number(let p, let span) = m.arguments[1] else {
                throw fail("\(definition.name) takes a column and a share between 0 and 1", m.span, hint: "\(definition.name)(tid_i_insats, 0.9)")
            }
            guard p >= 0, p <= 1 else { throw fail("the quantile must lie between 0 and 1", span) }
            let path = try numeric()
            return BoundMeasure(definition, input: .column(path), share: p, label: label, isPercentScale: percentScale(path))
        }
    }

    func dimension(_ expr: Expr, in table: Table) throws(FinsamError) -> BoundDimension {
        switch expr {
        case .name(let name):
            if let definition = isLetName(name, in: table) {
                switch definition.kind {
                case .condition: return .condition(try condition(definition.expression, in: table), name: name.text)
                case .bin: return try dimension(definition.expression, in: table)
                case .alias(let target): return .column(try column(target, in: table))
                }
            }
            return .column(try column(name, in: table))
        case .call("bin", let arguments, let span):
            guard arguments.count >= 2, case .name(let name) = arguments[0] else {
                throw fail("bin takes a number column and the lower edges of its bands", span, hint: "bin(ålder, 16, 25, 30, 45, 60)")
            }
            let path = try column(name, in: table)
            guard case .int = path.type else { throw fail("bin needs a number column; \(path.name) is \(path.type.displayName)", name.span) }
            var edges: [Int32] = []
            for edge in arguments.dropFirst() { edges.append(try integer(edge, path)) }
            guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else { throw fail("the edges of bin must increase", span) }
            return .bin(path, edges: edges)
        case .call(let name, _, let span):
            throw fail("\(name)(…) cannot group rows", span, hint: "group by a column, a related column or bin(…)")
        default:
            throw fail("expected a column to group by", expr.span)
        }
    }

    func isLetName(_ name: NameRef, in table: Table) -> LetDefinition? {
        guard name.parts.count == 1, table.column(name.parts[0]) == nil else { return nil }
        return lets[name.parts[0]] ?? lets.first { NameMatching.fold($0.key) == NameMatching.fold(name.parts[0]) }?.value
    }

    /// The label of a value of a dimension, checked (`compare kön kvinna vs man`).
    func dimensionValue(_ expr: Expr, of dimension: BoundDimension) throws(FinsamError) -> String {
        guard case .column(let path) = dimension else {
            if case .word(let w, _) = expr { return w }
            if case .number(let v, _) = expr { return Self.numberText(v) }
            throw fail("expected a value", expr.span)
        }
        switch path.type {
        case .category(let c), .categorySet(let c): return c.name(of: try categoryCode(expr, path, c))
        case .int, .yearSet: return String(try integer(expr, path))
        case .bool:
            guard case .word(let w, _) = expr, let truth = boolValue(w) else { throw fail("expected true or false", expr.span) }
            return truth ? "true" : "false"
        case .reference(let target):
            let row = try referenceRow(expr, path, target: target)
            return KeyIndex.keys(of: dataset[target])[Int(row)].description
        default:
            if case .string(let s, _) = expr { return s }
            if case .word(let w, _) = expr { return w }
            throw fail("expected a value", expr.span)
        }
    }

    /// A compared year or number outside the column's range has no rows: an error at the value
    /// (a typo, most likely), not an empty column.
    private func requireInRange(_ expr: Expr, of dimension: BoundDimension) throws(FinsamError) {
        guard case .column(let path) = dimension, case .number(let v, let span) = expr else { return }
        let range: (low: Int32, high: Int32)?
        switch path.column.data {
        case .int(let p): range = p.low <= p.high ? (p.low, p.high) : nil
        case .yearSet(let first, let last): range = first.low <= first.high ? (first.low, max(first.high, last.high)) : nil
        default: range = nil
        }
        guard let range, v < Double(range.low) || v > Double(range.high) else { return }
        throw fail("no rows have \(path.name) = \(Self.numberText(v))", span,
                   hint: "the data has \(path.name) from \(range.low) to \(range.high)", kind: .unknownValue)
    }
}
