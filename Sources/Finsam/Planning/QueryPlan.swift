import FinsamStore
/// What a bound query will compute and how — the stage between binding and execution: its
/// dimensions as codes (with the values a `where` lets a set column list), the layout, the
/// groupings to aggregate, `order by` resolved to measures and dimensions, the compared values
/// as codes, and how small cells are protected. The results layer lays out what execution
/// returns for it; `explain` prints it.
struct QueryPlan {
    let query: BoundQuery
    let by: [DimensionKeys]
    let pivot: DimensionKeys?

    enum Layout: Equatable {
        case plain
        case across
        /// The compared values as codes of the pivot (nil: every value present; last − first).
        case compare(chosen: [Int]?)
    }
    let layout: Layout

    /// The groupings of `by + [pivot]` to aggregate, as the indices of the dimensions each keeps:
    /// the groups and the total row; under a pivot also the row totals and the column totals.
    let groupings: [[Int]]

    /// A measure, a by column, or another column of the result by name (`skillnad`, a pivot's value).
    enum OrderKey: Equatable { case measure(Int), dimension(Int), column(String) }
    /// `order by`, resolved; `top n` alone is the first measure, descending (the binder's rule).
    let order: [(key: OrderKey, descending: Bool)]

    /// Small-cell suppression's threshold in persons (nil: off, or a public register).
    let suppression: Int?

    var dimensions: [DimensionKeys] { by + (pivot.map { [$0] } ?? []) }

    init(_ query: BoundQuery, dataset: Dataset, suppression: Int?) throws(FinsamError) {
        self.query = query
        self.suppression = suppression
        let rowCount = query.table.rowCount
        func keys(_ d: BoundDimension) -> DimensionKeys {
            DimensionKeys(d, dataset: dataset, rowCount: rowCount, filter: query.filter)
        }
        by = query.by.map(keys)
        let all = Array(by.indices)
        switch query.pivot {
        case nil:
            pivot = nil
            layout = .plain
            groupings = [all, []]
        case .across(let d):
            pivot = keys(d)
            layout = .across
            groupings = [all + [by.count], all, [by.count], []]
        case .compare(let d, let values):
            let keys = keys(d)
            pivot = keys
            // The binder checked each value; its code in the pivot's dictionary.
            var chosen: [Int] = []
            for value in values {
                guard let code = keys.labels.firstIndex(of: value) else {
                    throw FinsamError(Message(.noRowsHaveValue, keys.name, NameMatching.excerpt(value)), kind: .unknownValue)
                }
                chosen.append(code)
            }
            layout = .compare(chosen: values.isEmpty ? nil : chosen)
            groupings = [all + [by.count], all, [by.count], []]
        }
        let measures = query.measures
        let byNames = by.map(\.name)
        order = query.order.compactMap { key, descending in
            let folded = NameMatching.fold(key)
            if let d = byNames.firstIndex(where: { NameMatching.fold($0) == folded }) { return (.dimension(d), descending) }
            if let m = measures.firstIndex(where: { !$0.isHidden && NameMatching.fold($0.label) == folded }) { return (.measure(m), descending) }
            return (.column(key), descending)
        }
    }

    /// The plan in a few readable lines (`explain`).
    func explanation(aggregator: Aggregator, locale: DisplayLocale, mostRowsPerPerson: Int) -> String {
        var lines: [String] = []
        let table = query.table
        lines.append("table        \(table.name.rawValue), \(locale.integer(table.rowCount)) rows"
                     + (query.filter.map { " where \($0.testedColumns.joined(separator: ", ")) (a selection per chunk of rows)" } ?? ""))
        lines.append("measures     " + query.measures.map { m in
            if let formula = m.formula {
                let parts = formula.measures.map { query.measures[$0].label } + (formula.usesPopulation ? ["invånare (befolkning)"] : [])
                return "\(m.label): a formula of \(parts.joined(separator: ", ")), finished per group"
            }
            return "\(m.label)\(m.isHidden ? " (not shown: for a formula or having)" : ""): \(Self.accumulationText(m.definition.accumulation))"
        }.joined(separator: "; "))
        for (d, keys) in dimensions.enumerated() {
            let role = d < by.count ? "by" : (layout == .across ? "across" : "compare")
            var text = role + String(repeating: " ", count: max(1, 13 - role.count)) + "\(keys.name): \(locale.integer(keys.cardinality)) codes"
            if !keys.codes.isSingleValued { text += ", a set (a row counts under each of its values)" }
            if let listed = keys.allowedCodes {
                let values = keys.labels.indices.filter { listed[$0] }.map { keys.labels[$0] }
                text += "; listed: " + (values.count > 8 ? values.prefix(8).joined(separator: ", ") + ", …" : values.joined(separator: ", "))
            }
            lines.append(text)
        }
        if case .compare(let chosen) = layout {
            lines.append("compared     " + (chosen.map { "\($0.map { pivot!.labels[$0] }.joined(separator: " vs ")): last − first" }
                ?? "every value present; the difference is last − first"))
        }
        let names = dimensions.map(\.name)
        let groupingText = groupings.map { "[" + $0.map { names[$0] }.joined(separator: ", ") + "]" }.joined(separator: " ")
        lines.append("groupings    \(groupingText): \(aggregator.pathDescription(dimensions, groupings: groupings))")
        if query.having != nil {
            lines.append("having       the groups whose measures pass, after suppression and before order and top; totals over all")
        }
        if !order.isEmpty || query.top != nil {
            let keys = order.map { key, descending -> String in
                let name = switch key {
                case .measure(let m): query.measures[m].label
                case .dimension(let d): by[d].name
                case .column(let name): name
                }
                return name + (descending ? " desc" : "")
            }
            lines.append("order        " + (keys.isEmpty ? "as grouped" : keys.joined(separator: ", ")) + (query.top.map { ", top \($0)" } ?? ""))
        }
        if let suppression {
            let counting = aggregator.countsPersonsInFirstPass(dimensions, groupings: groupings)
                ? "persons counted in the scan's one pass (many groups: some are small)"
                : "persons counted in a second pass when a cell has \(suppression)–\(suppression * mostRowsPerPerson - 1) rows "
                    + "(one person has at most \(mostRowsPerPerson))"
            lines.append("suppression  cells of 1–\(suppression - 1) persons hidden; " + counting + "; "
                         + "when a cell is small, the cube of every margin (\(1 << dimensions.count) groupings) decides what else to hide")
        } else {
            lines.append("suppression  none (\(query.table.schema.personKey != nil ? "set suppress off" : "a public register"))")
        }
        if let level = query.confidence { lines.append("intervals    \(Int(level)) %") }
        return lines.joined(separator: "\n")
    }

    private static func accumulationText(_ a: MeasureDefinition.Accumulation) -> String {
        switch a {
        case .rows: "rows counted"
        case .share: "a condition's true and known rows"
        case .moments(let spread): spread ? "n, sum, sum of squares, min, max" : "n, sum, min, max"
        case .order: "order statistics (a histogram in the scan, a sort otherwise)"
        case .distinct: "distinct values (a bitmap in the scan)"
        }
    }
}
