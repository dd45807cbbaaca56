import FinsamStore
/// A `let`: a named condition (`let ung25 = ålder < 25`), band (`let grupp = bin(ålder, 16, 30, 45)`)
/// or alias of a column, bound anew against the table of each query that uses it.
struct LetDefinition {
    enum Kind { case condition, bin, alias(NameRef), cases }
    let expression: Expr
    let kind: Kind
    /// The definition as written, for messages and `describe`.
    let source: String
}

extension Binder {
    /// This binder without the session's cache of computed columns.
    private var uncached: Binder {
        var binder = self
        binder.derived = nil
        return binder
    }

    /// `list a, b …`: the listing's table, filter, columns and order.
    func listing(_ q: QuerySyntax, over given: Table? = nil, locale: DisplayLocale) throws(FinsamError) -> RowListing {
        // A table not of the dataset (a pipeline's) has no place in the session's cache.
        if given != nil, derived != nil { return try uncached.listing(q, over: given, locale: locale) }
        let table: Table
        if let given { table = given } else { table = try self.table(q.table) }
        let filter = try q.filter.map { (e: Expr) throws(FinsamError) in try condition(e, in: table) }
        var columns: [ColumnPath] = []
        for name in q.list ?? [] { columns.append(try operandColumn(.name(name), in: table)) }
        for clause in [(q.by.first?.span, "by"), (q.across?.span, "across"), (q.compare?.dimension.span, "compare"), (q.having?.span, "having")] {
            if let span = clause.0 { throw fail(Message(.listGroups, clause.1), span, hint: Message(.listGroupsHint, table.title)) }
        }
        var order: [(path: ColumnPath, descending: Bool)] = []
        for (key, descending) in q.order { order.append((try operandColumn(.name(key), in: table), descending)) }
        return RowListing(table: table, dataset: dataset, filter: filter, columns: columns, order: order, top: q.top?.count, locale: locale)
    }

    func query(_ q: QuerySyntax, over given: Table? = nil) throws(FinsamError) -> BoundQuery {
        if given != nil, derived != nil { return try uncached.query(q, over: given) }
        let table: Table
        if let given { table = given } else { table = try self.table(q.table) }
        let filter = try q.filter.map { (e: Expr) throws(FinsamError) in try condition(e, in: table) }
        var measures = try self.measures(q.measures, in: table)
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
            if values.count == 1 { throw fail(Message(.compareTwoValues), compare.values[0].span, hint: Message(.compareTwoValuesHint)) }
            pivot = .compare(dimension, values: values)
        }
        var names = Set<String>()
        for d in by { if !names.insert(d.name).inserted { throw fail(Message(.twiceInBy, d.name), q.span) } }
        let having = try q.having.map { (e: Expr) throws(FinsamError) in try resultCondition(e, measures: &measures, by: by, in: table) }
        // The columns of the result beyond measures and by columns: a compare's differences, an
        // across's total, the pivot's values (`order by skillnad desc`, `order by "2018"`).
        var resultColumns: [String] = []
        switch pivot {
        case .compare(let d, let values):
            resultColumns = Self.differenceNames + (values.isEmpty ? [] : values)
            if values.isEmpty, case .column = d {} // values present are known only when run
        case .across: resultColumns = Self.totalNames
        case nil: break
        }
        let order = try q.order.map { (key, descending) throws(FinsamError) -> (key: String, descending: Bool) in
            let letNames = q.by.compactMap { if case .name(let ref) = $0 { ref.text } else { nil } }
            if resultColumns.contains(where: { NameMatching.fold($0) == NameMatching.fold(key.text) }) { return (key.text, descending) }
            // A pivot's value names a column only when run (every value present): checked then.
            if pivot != nil, !measures.contains(where: { NameMatching.fold($0.label) == NameMatching.fold(key.text) }),
               !by.contains(where: { NameMatching.fold($0.name) == NameMatching.fold(key.text) }),
               case .column(let path)? = pivotDimension(pivot), (try? dimensionValue(.word(key.text, key.span), of: .column(path))) != nil {
                return (key.text, descending)
            }
            let candidates = measures.filter { !$0.isHidden }.map(\.label) + by.map(\.name) + by.map { NameMatching.fold($0.name) } + letNames
                + resultColumns
            // A by column written as a let's name (`by band`) is shown under its own header.
            if let d = q.by.firstIndex(where: { if case .name(let ref) = $0 { NameMatching.fold(ref.text) == NameMatching.fold(key.text) } else { false } }) {
                return (by[d].name, descending)
            }
            if candidates.contains(key.text) || by.contains(where: { NameMatching.fold($0.name) == NameMatching.fold(key.text) }) {
                return (key.text, descending)
            }
            let hint = NameMatching.suggestion(for: key.text, among: candidates).map { Message(.didYouMean, $0) }
                ?? Message(.orderByMeasureOr, measures.filter { !$0.isHidden }.map(\.label).joined(separator: ", "))
                    + (pivot == nil ? "" : ", a value of the pivot or \(Self.differenceNames[0])")
            throw fail(Message(.cannotOrderBy, NameMatching.excerpt(key.text)), key.span, hint: hint)
        }
        // `top n` alone keeps the n largest by the first measure (the total column under
        // across, the first compared value under compare), largest first: a reader's "top 10".
        let ranking = order.isEmpty && q.top != nil && !by.isEmpty ? [(key: measures[0].label, descending: true)] : order
        var bound = BoundQuery(table: table, filter: filter, measures: measures, by: by, pivot: pivot, order: ranking,
                               top: q.top?.count)
        bound.having = having
        if let test = q.test {
            guard case .across? = pivot, !by.isEmpty else {
                throw fail(Message(.testNeedsCrosstab), test,
                           hint: Message(.testCrosstabHint))
            }
            guard measures.count == 1, measures[0].definition.accumulation == .rows, measures[0].formula == nil else {
                throw fail(Message(.testCounts), test)
            }
            bound.test = true
        }
        if measures.contains(where: { $0.formula?.usesPopulation == true }) {
            let span = q.measures.first { $0.name == Population.name || $0.formula != nil }?.span ?? q.span
            bound.population = try populationScope(bound, span: span)
        }
        return bound
    }

    /// The spellings of a compare's difference columns (either language), for `order by`.
    static let differenceNames = ["skillnad", "difference", "skillnad %", "difference %", "skillnad (p.e.)", "difference (p.p.)"]
    static let totalNames = ["totalt", "total"]

    private func pivotDimension(_ pivot: BoundQuery.Pivot?) -> BoundDimension? {
        switch pivot {
        case .across(let d)?, .compare(let d, _)?: d
        case nil: nil
        }
    }

    /// The measures of `show`, in order; a formula's parts that are not shown are bound too, hidden,
    /// after them. Nothing shown is a count.
    func measures(_ items: [MeasureSyntax], in table: Table) throws(FinsamError) -> [BoundMeasure] {
        var measures: [BoundMeasure] = []
        var formulas: [(index: Int, syntax: MeasureSyntax)] = []
        for m in items {
            if m.formula != nil || m.name == Population.name {
                formulas.append((measures.count, m))
                measures.append(BoundMeasure(MeasureCatalogue.count, label: ""))   // a placeholder, bound next
            } else {
                var bound = try measure(m, in: table)
                bound.key = MeasureKey(source.text(m.span))
                measures.append(bound)
            }
        }
        for (index, m) in formulas {
            let syntax = m.formula ?? .measure(m)
            let formula = try self.formula(syntax, measures: &measures, in: table)
            let label = m.alias ?? source.text(m.span).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            measures[index] = BoundMeasure(Self.formulaDefinition(formula, measures), input: .formula(formula), label: label,
                                           isPercentScale: Self.isPoints(formula, measures))
            measures[index].key = MeasureKey(source.text(m.span))
        }
        if measures.isEmpty { measures = [BoundMeasure(MeasureCatalogue.count, label: "count")] }
        return measures
    }

    /// A formula bound to measures: each part found among those bound (the same words), else added hidden.
    private func formula(_ f: FormulaSyntax, measures: inout [BoundMeasure], in table: Table) throws(FinsamError) -> Formula {
        switch f {
        case .number(let v, _): return .number(v)
        case .binary(let op, let a, let b, _):
            return .binary(op, try formula(a, measures: &measures, in: table), try formula(b, measures: &measures, in: table))
        case .measure(let m):
            if m.name == Population.name { return .population }
            let bound = try measure(m, in: table)
            if bound.unit == .percentOfColumn {
                throw fail(Message(.percentInFormula), m.span,
                           hint: Message(.percentInFormulaHint))
            }
            let label = bound.label
            if let existing = measures.firstIndex(where: { $0.formula == nil && $0.label == label && !$0.label.isEmpty }) { return .measure(existing) }
            var hidden = bound
            hidden.isHidden = true
            measures.append(hidden)
            return .measure(measures.count - 1)
        }
    }

    /// A formula's unit: sums and differences of counts are counts; anything else is a number.
    private static func formulaDefinition(_ f: Formula, _ measures: [BoundMeasure]) -> MeasureDefinition {
        func counts(_ f: Formula) -> Bool {
            switch f {
            case .measure(let m): measures[m].unit == .count
            case .population: true
            case .number: false
            case .binary(let op, let a, let b): (op == .plus || op == .minus) && counts(a) && counts(b)
            }
        }
        return MeasureDefinition(name: "formula", argument: .none, accumulation: .rows, unit: counts(f) ? .count : .number,
                                 interval: .none, basis: .rows, usage: "", help: ("", ""))
    }

    /// A sum or difference of shares (or of values in percent) is in percentage points.
    private static func isPoints(_ f: Formula, _ measures: [BoundMeasure]) -> Bool {
        switch f {
        case .measure(let m): measures[m].isPercentScale
        case .population, .number: false
        case .binary(let op, let a, let b): (op == .plus || op == .minus) && isPoints(a, measures) && isPoints(b, measures)
        }
    }

    /// `having count >= 30`: each test names a measure (shown, or bound here hidden) and a number.
    private func resultCondition(_ e: Expr, measures: inout [BoundMeasure], by: [BoundDimension], in table: Table) throws(FinsamError) -> ResultCondition {
        switch e {
        case .and(let a, let b): return .and(try resultCondition(a, measures: &measures, by: by, in: table), try resultCondition(b, measures: &measures, by: by, in: table))
        case .or(let a, let b): return .or(try resultCondition(a, measures: &measures, by: by, in: table), try resultCondition(b, measures: &measures, by: by, in: table))
        case .not(let a, _): return .not(try resultCondition(a, measures: &measures, by: by, in: table))
        case .compare(let op, let left, let right, let span):
            if case .name(let n) = left, by.contains(where: { NameMatching.fold($0.name) == NameMatching.fold(n.text) }) || (try? column(n, in: table)) != nil {
                let role = by.contains(where: { NameMatching.fold($0.name) == NameMatching.fold(n.text) }) ? Message(.roleByColumn) : Message(.roleColumnOf, table.title)
                throw fail(Message(.havingRole, n.text, role), left.span, hint: Message(.havingWhereHint, source.text(e.span)))
            }
            guard case .number(let value, _) = right else {
                throw fail(Message(.havingNumber), right.span, hint: .verbatim("having count >= 30"))
            }
            let text: String
            switch left {
            case .name(let n): text = n.text
            case .string(let s, _): text = s
            case .word(let w, _): text = w
            case .call: text = source.text(left.span)
            default: throw fail(Message(.havingMeasures), left.span, hint: .verbatim("having count >= 30"))
            }
            let folded = NameMatching.fold(text)
            if let m = measures.firstIndex(where: { !$0.label.isEmpty && NameMatching.fold($0.label) == folded }) {
                return .compare(measure: m, op, value)
            }
            if by.contains(where: { NameMatching.fold($0.name) == folded }) {
                throw fail(Message(.havingByColumn, text), left.span,
                           hint: Message(.havingWhereTextHint, text))
            }
            // A measure not shown, written as in show (`having andel(ung) > 40`).
            let syntax: MeasureSyntax
            switch left {
            case .call(let name, let arguments, let callSpan):
                guard MeasureCatalogue.named(name) != nil else { throw unknownResultName(text, measures, left.span) }
                syntax = MeasureSyntax(name: MeasureCatalogue.named(name)!.name, arguments: arguments, alias: nil, span: callSpan)
            case .name(let n) where n.parts.count == 1 && MeasureCatalogue.named(n.text)?.argument == MeasureDefinition.Argument.none:
                syntax = MeasureSyntax(name: MeasureCatalogue.named(n.text)!.name, arguments: [], alias: nil, span: n.span)
            default:
                throw unknownResultName(text, measures, left.span)
            }
            var hidden = try measure(syntax, in: table)
            if let m = measures.firstIndex(where: { $0.label == hidden.label }) { return .compare(measure: m, op, value) }
            hidden.isHidden = true
            measures.append(hidden)
            _ = span
            return .compare(measure: measures.count - 1, op, value)
        default:
            throw fail(Message(.havingNumber), e.span, hint: .verbatim("having count >= 30 and \(MeasureCatalogue.proportion.name)(arbete_studier_slut) > 40"))
        }
    }

    private func unknownResultName(_ text: String, _ measures: [BoundMeasure], _ span: SourceSpan) -> FinsamError {
        let labels = measures.filter { !$0.isHidden }.map(\.label)
        let hint = NameMatching.suggestion(for: text, among: labels).map { Message(.didYouMean, $0) }
            ?? Message(.havingTestsA, labels.joined(separator: ", "))
        return fail(Message(.havingNotMeasure, NameMatching.excerpt(text)), span, hint: hint, kind: .unknownName)
    }

    func measure(_ m: MeasureSyntax, in table: Table) throws(FinsamError) -> BoundMeasure {
        let definition = MeasureCatalogue.named(m.name)!
        var label = m.alias ?? (definition.argument == .none ? definition.name : source.text(m.span))
        if m.alias == nil, let base = m.percentOf { label += " of \(base.rawValue)" }
        func numeric(_ index: Int = 0) throws(FinsamError) -> ColumnPath {
            if case .arithmetic = m.arguments[index] { return try arithmeticColumn(m.arguments[index], in: table) }
            var argument = m.arguments[index]
            if case .string(let text, let span) = argument, table.column(text) != nil { argument = .name(NameRef(parts: [text], span: span)) }
            guard case .name(let name) = argument else {
                throw fail(Message(.expNumberColumn), m.arguments[index].span, hint: Message(.forExampleMeasure, definition.name))
            }
            let path = try operandColumn(.name(name), in: table)
            guard case .int = path.type else {
                let numbers = table.columns.filter { if case .int = $0.schema.type { true } else { false } }.map(\.name)
                // A yes/no column has a proportion, not an average: say that first.
                throw fail(Message(.measureNeedsNumber, definition.name, path.name, path.type.displayMessage), name.span,
                           hint: path.type == .bool ? Message(.didYouMeanShare, path.name, MeasureCatalogue.proportion.name)
                               : Message(.numberColumnsList, numbers.joined(separator: ", ")))
            }
            return path
        }
        // A value in a percentage column's unit is a percentage (its difference is in points).
        let percentScale = { (path: ColumnPath) in definition.keepsScale && path.column.schema.role == .percent }
        switch definition.argument {
        case .none:
            if definition.basis == .persons, table.schema.personKey == nil {
                throw fail(Message(.distinctNoPerson, definition.name, table.title), m.span, hint: Message(.useCount))
            }
            var bound = BoundMeasure(definition, label: label, isPercentScale: definition.unit == .percentOfColumn)
            bound.percentOf = m.percentOf ?? .column
            return bound
        case .condition:
            guard m.arguments.count == 1 else { throw fail(Message(.oneCondition, definition.name), m.span, hint: .verbatim("\(MeasureCatalogue.proportion.name)(arbete_studier_slut)")) }
            return BoundMeasure(definition, input: .condition(try condition(m.arguments[0], in: table)), label: label, isPercentScale: true)
        case .column:
            guard m.arguments.count == 1, case .name(let name) = m.arguments[0] else { throw fail(Message(.oneColumn, definition.name), m.span) }
            return BoundMeasure(definition, input: .column(try operandColumn(.name(name), in: table)), label: label)
        case .numberColumn:
            guard m.arguments.count == 1 else { throw fail(Message(.labelOneColumn, label), m.span) }
            let path = try numeric()
            return BoundMeasure(definition, input: .column(path), label: label, isPercentScale: percentScale(path))
        case .numberColumnAndShare:
            guard m.arguments.count == 2, case .number(let p, let span) = m.arguments[1] else {
                throw fail(Message(.quantileArgs, definition.name), m.span, hint: .verbatim("\(definition.name)(tid_i_insats, 0.9)"))
            }
            guard p >= 0, p <= 1 else { throw fail(Message(.quantileRange), span) }
            let path = try numeric()
            return BoundMeasure(definition, input: .column(path), fraction: p, label: label, isPercentScale: percentScale(path))
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
                case .cases: return .column(try operandColumn(.name(name), in: table))
                }
            }
            return .column(try column(name, in: table))
        case .call(let function, let arguments, let span) where Period.named(function) != nil:
            let period = Period.named(function)!
            guard arguments.count == 1, case .name(let name) = arguments[0] else {
                throw fail(Message(.periodOneDate, function), span, hint: .verbatim("\(function)(startdatum)"))
            }
            let path = try column(name, in: table)
            guard case .date = path.type else {
                throw fail(Message(.periodNeedsDate, function, path.name, path.type.displayMessage), name.span,
                           hint: Message(.dateColumns) + table.columns.filter { $0.schema.type == .date }.map(\.name).joined(separator: ", "))
            }
            return .period(path, period, name: source.text(span))
        case .call("bin", let arguments, let span):
            guard arguments.count >= 2, case .name(let name) = arguments[0] else {
                throw fail(Message(.binArgs), span, hint: .verbatim("bin(ålder, 16, 25, 30, 45, 60)"))
            }
            let path = try column(name, in: table)
            guard case .int = path.type else { throw fail(Message(.binNeedsNumber, path.name, path.type.displayMessage), name.span) }
            var edges: [Int32] = []
            for edge in arguments.dropFirst() { edges.append(try integer(edge, path)) }
            guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else { throw fail(Message(.binIncrease), span) }
            return .bin(path, edges: edges)
        case .call(let name, _, let span):
            throw fail(Message(.cannotGroup, name), span, hint: Message(.cannotGroupHint))
        default:
            throw fail(Message(.expGroupColumn), expr.span)
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
            throw fail(Message(.expectedValue), expr.span)
        }
        switch path.type {
        case .category(let c), .categorySet(let c): return c.name(of: try categoryCode(expr, path, c))
        case .int, .yearSet: return String(try integer(expr, path))
        case .bool:
            guard case .word(let w, _) = expr, let truth = boolValue(w) else { throw fail(Message(.expectedTrueFalse), expr.span) }
            return truth ? "true" : "false"
        case .reference(let target):
            let row = try referenceRow(expr, path, target: target)
            return KeyIndex.keys(of: dataset[target])[Int(row)].description
        default:
            if case .string(let s, _) = expr { return s }
            if case .word(let w, _) = expr { return w }
            throw fail(Message(.expectedValue), expr.span)
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
        throw fail(Message(.noRowsHave, path.name, Self.numberText(v)), span,
                   hint: Message(.dataRange, path.name, range.low, range.high), kind: .unknownValue)
    }
}
