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
        let t = locale.text
        /// A line of the plan: its label padded to 13 columns, then the text.
        func line(_ label: MessageID, _ text: Message) -> String {
            let name = t(Message(label))
            return name + String(repeating: " ", count: max(1, 13 - name.count)) + t(text)
        }
        let table = query.table
        lines.append(line(.planTable, Message(.planTableText, table.name.rawValue, locale.integer(table.rowCount))
                     + (query.filter.map { Message(.planWhere, $0.testedColumns.joined(separator: ", ")) } ?? .verbatim(""))))
        lines.append(line(.planMeasures, .verbatim(query.measures.map { m in
            if let formula = m.formula {
                let parts = formula.measures.map { query.measures[$0].label } + (formula.usesPopulation ? ["invånare (befolkning)"] : [])
                return t(Message(.planFormula, m.label, parts.joined(separator: ", ")))
            }
            return "\(m.label)\(m.isHidden ? t(Message(.planNotShown)) : ""): \(t(Self.accumulationText(m.definition.accumulation)))"
        }.joined(separator: "; "))))
        for (d, keys) in dimensions.enumerated() {
            let role = d < by.count ? "by" : (layout == .across ? "across" : "compare")
            var text = role + String(repeating: " ", count: max(1, 13 - role.count)) + t(Message(.planCodes, keys.name, locale.integer(keys.cardinality)))
            if !keys.codes.isSingleValued { text += t(Message(.planASet)) }
            if let listed = keys.allowedCodes {
                let values = keys.labels.indices.filter { listed[$0] }.map { keys.labels[$0] }
                text += t(Message(.planListed, values.count > 8 ? values.prefix(8).joined(separator: ", ") + ", …" : values.joined(separator: ", ")))
            }
            lines.append(text)
        }
        if case .compare(let chosen) = layout {
            lines.append(line(.planCompared, chosen.map { Message(.planLastFirst, $0.map { pivot!.labels[$0] }.joined(separator: " vs ")) }
                ?? Message(.planEveryValue)))
        }
        let names = dimensions.map(\.name)
        let groupingText = groupings.map { "[" + $0.map { names[$0] }.joined(separator: ", ") + "]" }.joined(separator: " ")
        lines.append(line(.planGroupings, groupingText + ": " + aggregator.pathDescription(dimensions, groupings: groupings)))
        if query.having != nil {
            lines.append(line(.planHaving, Message(.planHavingText)))
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
            lines.append(line(.planOrder, (keys.isEmpty ? Message(.planAsGrouped) : .verbatim(keys.joined(separator: ", "))) + (query.top.map { ", top \($0)" } ?? "")))
        }
        if let suppression {
            let counting = aggregator.countsPersonsInFirstPass(dimensions, groupings: groupings)
                ? Message(.planCountedOnePass)
                : Message(.planCountedSecondPass, suppression, suppression * mostRowsPerPerson - 1, mostRowsPerPerson)
            lines.append(line(.planSuppression, Message(.planSuppressionText, suppression - 1, counting, 1 << dimensions.count)))
        } else {
            lines.append(line(.planSuppression, query.table.schema.personKey != nil ? Message(.planNoneOff) : Message(.planNonePublic)))
        }
        if let level = query.confidence { lines.append(line(.planIntervals, .verbatim("\(Int(level)) %"))) }
        return lines.joined(separator: "\n")
    }

    private static func accumulationText(_ a: MeasureDefinition.Accumulation) -> Message {
        switch a {
        case .rows: Message(.accRows)
        case .proportion: Message(.accShare)
        case .moments(let spread): Message(spread ? .accMomentsSpread : .accMoments)
        case .order: Message(.accOrder)
        case .distinctValues: Message(.accDistinct)
        }
    }
}
