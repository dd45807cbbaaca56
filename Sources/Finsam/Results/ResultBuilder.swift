import Dispatch
import FinsamStore
/// Lays out what execution returns for a plan as a table: one row per `by` group plus a total
/// row; `across` adds a column per value plus a total column; `compare` puts the chosen values
/// side by side and adds their difference (last minus first).
struct ResultBuilder {
    let plan: QueryPlan
    let aggregator: Aggregator
    let locale: DisplayLocale

    var query: BoundQuery { plan.query }
    /// Small-cell suppression's threshold in persons (nil: none; the registers are public).
    var suppression: Int? { plan.suppression }

    func build() throws(FinsamError) -> ResultTable {
        let table = switch plan.layout {
        case .plain: try plain()
        case .across: try pivoted(chosen: nil, compare: false)
        case .compare(let chosen): try pivoted(chosen: chosen, compare: true)
        }
        return addressed(table)
    }

    private func labelCell(_ keys: DimensionKeys, _ code: Int) -> Cell {
        Int32(code) == keys.missingCode ? .missingLabel : .label(keys.isYesNo ? locale.yesNo(keys.labels[code]) : keys.labels[code])
    }

    func measureCell(_ value: MeasureValue, measure: BoundMeasure, percentBase: Int?) -> Cell {
        switch (measure.unit, value) {
        case (.percentOfColumn, .count(let n)): return .proportion(part: n, whole: percentBase ?? n)
        case (_, .count(let n)): return .count(n)
        // A formula of counts (counts of rows or persons, invånare) is whole.
        case (.count, .number(let v?, _, _)) where v == v.rounded() && abs(v) < 9e15: return .count(Int(v))
        case (_, .proportion(let part, let whole)): return whole == 0 ? .empty : .proportion(part: part, whole: whole)
        // Extremes and sums of whole numbers are whole: shown as 16, not 16,0.
        case (.wholeNumber, .number(let v?, _, _)) where v == v.rounded():
            return abs(v) < 9e15 ? .count(Int(v)) : .number(v)
        case (_, .number(let v, _, _)): return v.map(Cell.number) ?? .empty
        }
    }

    private func plain() throws(FinsamError) -> ResultTable {
        let byKeys = plan.by
        let aggregates = try aggregator.aggregate(byKeys, groupings: plan.groupings)
        let suppressing = startSuppression(aggregates)
        let groups = aggregates[0], total = aggregates[1]
        let totalCount = total.counts.first ?? 0
        var columns = byKeys.map { ResultTable.Column(name: $0.name, role: .dimension) }
        // Every measure, the hidden ones too (having tests them); they are dropped in `finish`.
        let measures = Array(query.measures.enumerated())
        let single = query.shown.count == 1
        for (m, measure) in measures {
            var column = ResultTable.Column(name: measure.label, role: .measure, measure: measure.label, measureIndex: m)
            column.isHidden = measure.isHidden
            columns.append(column)
            if !measure.isHidden { columns += intervalColumn(measure, after: single ? nil : measure.label) }
        }
        var rows: [ResultTable.Row] = []
        // A period lists every period between its first and last group, the empty ones too.
        var groupCodes = groups.keys.indices.map { groups.codes(ofGroup: $0) }
        var groupIndex: [Int?] = Array(groups.keys.indices)
        if byKeys.count == 1, byKeys[0].isPeriod {
            let present = groupCodes.map { $0[0] }.filter { Int32($0) != byKeys[0].missingCode }
            if let low = present.min(), let high = present.max() {
                let known = Dictionary(uniqueKeysWithValues: groups.keys.indices.map { (groupCodes[$0][0], $0) })
                let missing = groups.keys.indices.filter { Int32(groupCodes[$0][0]) == byKeys[0].missingCode }
                groupCodes = (low...high).map { [$0] } + missing.map { groupCodes[$0] }
                groupIndex = (low...high).map { known[$0] } + missing.map { Optional($0) }
            }
        }
        for (codes, group) in zip(groupCodes, groupIndex) {
            let labels = zip(byKeys, codes).map { labelCell($0, $1) }
            var cells: [Cell] = [], bases: [Int?] = labels.map { _ in nil }
            for (m, measure) in measures {
                let base = percentBase(measure, column: totalCount, row: group.map { groups.counts[$0] } ?? 0, total: totalCount)
                var cellsOfMeasure = group.map { withInterval(groups.values[$0][m], measure: measure, percentBase: base) }
                    ?? [emptyValue(measure, percentBase: base)] + intervalColumn(measure, after: nil).map { _ in Cell.empty }
                if measure.isHidden { cellsOfMeasure = Array(cellsOfMeasure.prefix(1)) }
                cells += cellsOfMeasure
                bases += cellsOfMeasure.map { _ in group.map { groups.basis(group: $0, measure: m, measure) } ?? 0 }
            }
            var row = ResultTable.Row(cells: labels + cells, basis: bases, isTotal: false)
            row.coordinates = codes
            rows.append(row)
        }
        var totalRow: ResultTable.Row?
        if !byKeys.isEmpty || rows.isEmpty {
            let totalCells = measures.flatMap { m, measure -> [Cell] in
                let cells = total.values.first.map { withInterval($0[m], measure: measure, percentBase: totalCount) }
                    ?? [emptyValue(measure, ofTotal: true)] + intervalColumn(measure, after: nil).map { _ in Cell.empty }
                return measure.isHidden ? Array(cells.prefix(1)) : cells
            }
            let labels: [Cell] = byKeys.indices.map { $0 == 0 ? .label(locale.total) : .label("") }
            // A basis per shown cell (a measure's interval cells have its basis).
            var bases: [Int?] = labels.map { _ in nil }
            for (m, measure) in measures {
                let width = 1 + (measure.isHidden ? 0 : intervalColumn(measure, after: nil).count)
                bases += Array(repeating: total.values.isEmpty ? 0 : total.basis(group: 0, measure: m, measure), count: width)
            }
            totalRow = .init(cells: labels + totalCells, basis: bases, isTotal: true)
            totalRow?.coordinates = byKeys.map { _ in SuppressionCube.all }
        }
        return try finish(ResultTable(columns: columns, rows: rows + (totalRow.map { [$0] } ?? []), notes: []), suppressing: suppressing,
                          layoutNotes: severalValuesNote(byKeys, groups: groups.counts, total: totalCount))
    }

    /// Suppression, then `order by` and `top`: a hidden cell must not be ranked by the value it
    /// hides (it sorts last, like a missing value), and secondary suppression sees every group.
    private func finish(_ table: consuming ResultTable, suppressing: PendingSuppression, layoutNotes: [String]) throws(FinsamError) -> ResultTable {
        // (Consumed, not copied: suppression then writes the rows in place.)
        var table = table
        if let decision = try suppressing.value() {
            Suppression.apply(&table, decision, measures: query.measures)
        }
        var notes: [String] = []
        var data = table.rows.filter { !$0.isTotal }
        if let having = query.having {
            // On the values shown: a hidden value is unknown, and its group is left out.
            let before = data.count
            data = data.filter { row in Self.holds(having, row: row, columns: table.columns) == true }
            if data.count < before { notes.append(locale.havingNote(before - data.count, of: before)) }
        }
        table.rows = try ordered(data, columns: table.columns, notes: &notes) + table.rows.filter(\.isTotal)
        table = table.withoutHiddenColumns()
        table.notes = notes + layoutNotes + significanceNotes(table.rows)
        if let suppression, let note = Suppression.note(table, threshold: suppression, locale: locale) { table.notes.append(note) }
        return table
    }

    /// Groups from which suppression is decided on the other core while the table is laid out:
    /// both take about as long for a result of many groups, so suppression adds little time.
    static let concurrentSuppressionGroups = 512

    /// What suppression hides of `aggregates`: decided on another thread when the result has
    /// many groups (laying out the table needs only `aggregates`, and the aggregator is used by
    /// nothing else until `finish`), else when asked for.
    private func startSuppression(_ aggregates: [Aggregate]) -> PendingSuppression {
        guard let suppression else { return PendingSuppression(nil) }
        let computed = Array(zip(plan.groupings, aggregates)).map { ($0, $1) }
        let measures = query.measures
        let decide = { () throws(FinsamError) -> Suppression.Decision? in
            try cube(computed: computed, threshold: suppression).map { Suppression.Decision($0, measures: measures, threshold: suppression) }
        }
        guard (aggregates.first?.keys.count ?? 0) >= Self.concurrentSuppressionGroups else { return PendingSuppression(decide) }
        return PendingSuppression(inBackground: decide)
    }

    /// The cube suppression decides on, when some cell could be hidden: the layout's aggregates
    /// when they hold every margin (one dimension or none), else the margins they lack rolled up
    /// or computed anew. Nil: nothing to hide.
    private func cube(computed: [(kept: [Int], aggregate: Aggregate)], threshold: Int) throws(FinsamError) -> SuppressionCube? {
        let dimensions = plan.dimensions
        let small = computed.contains { _, aggregate in
            query.measures.indices.contains { m in
                aggregate.basis(measure: m, query.measures[m]).contains { n in n > 0 && n < threshold }
            }
        }
        // A set dimension restricted by where may leave rows in a margin and in no cell shown.
        let restricted = dimensions.count >= 2 && dimensions.contains { $0.allowedCodes != nil }
        guard small || restricted else { return nil }
        if dimensions.count <= 1 {
            return SuppressionCube(cardinalities: dimensions.map(\.cardinality), names: dimensions.map(\.name),
                                   measures: query.measures, aggregates: computed)
        }
        let groupings = SuppressionCube.groupings(dimensions.count)
        // Rolled up from the layout's aggregates where every measure adds up; else a new pass.
        let known = Dictionary(computed.map { ($0.kept, $0.aggregate) }, uniquingKeysWith: { a, _ in a })
        if aggregator.canRollUp(dimensions), let full = known[Array(dimensions.indices)],
           let cube = SuppressionCube(cardinalities: dimensions.map(\.cardinality), names: dimensions.map(\.name),
                                      measures: query.measures, finest: full, persons: aggregator.persons) {
            return cube
        }
        let aggregates: [Aggregate]
        if let rolled = aggregator.completing(known, dimensions: dimensions, groupings: groupings) {
            aggregates = rolled
        } else {
            // The layout's aggregates serve as they are (a cell's persons are exact where they
            // were counted, and where not, no cell could be fewer persons than its rows show
            // and still be `threshold` rows or more): only the margins missing take a new pass.
            let missing = groupings.filter { known[$0] == nil }
            let fresh = missing.isEmpty ? [] : try aggregator.aggregate(dimensions, groupings: missing)
            let computedMissing = Dictionary(zip(missing, fresh), uniquingKeysWith: { a, _ in a })
            aggregates = groupings.map { known[$0] ?? computedMissing[$0]! }
        }
        return SuppressionCube(cardinalities: dimensions.map(\.cardinality), names: dimensions.map(\.name),
                               measures: query.measures, aggregates: Array(zip(groupings, aggregates)).map { ($0, $1) })
    }

    /// The whole a `percent` cell is a part of: its column's, its row's or the grand total.
    private func percentBase(_ measure: BoundMeasure, column: Int?, row: Int?, total: Int?) -> Int? {
        switch measure.percentOf {
        case .column: column
        case .row: row
        case .total: total
        }
    }

    /// The value of a cell with no rows: a count of 0; a percent of 0 of a non-empty column
    /// (with its n); a proportion, average or other value is undefined (`–`).
    private func emptyValue(_ measure: BoundMeasure, percentBase: Int? = nil, ofTotal: Bool = false) -> Cell {
        // A formula over a total of no rows: its counts are 0, its other values none (`count + 113`
        // is 113). A group with no rows is not there to compute (as SQL's GROUP BY has none).
        if let formula = measure.formula {
            // (A sum or difference of counts over no rows is a count of 0, as any count.)
            guard ofTotal else { return measure.unit == .count ? .count(0) : .empty }
            let values = query.measures.map { m -> MeasureValue in m.unit == .count ? .count(0) : .number(nil, n: 0) }
            let value = Aggregator.evaluate(formula, values) { nil }.flatMap { $0.isFinite ? $0 : nil }
            return measureCell(.number(value, n: 0), measure: measure, percentBase: nil)
        }
        switch measure.unit {
        case .count: return .count(0)
        case .percentOfColumn: return (percentBase ?? 0) > 0 ? .proportion(part: 0, whole: percentBase!) : .empty
        default: return .empty
        }
    }

    private func pivoted(chosen: [Int]?, compare: Bool) throws(FinsamError) -> ResultTable {
        let (byKeys, pivot) = (plan.by, plan.pivot!)
        // The full groups, then row totals, column totals and the grand total.
        let aggregates = try aggregator.aggregate(byKeys + [pivot], groupings: plan.groupings)
        let suppressing = startSuppression(aggregates)
        let (full, rowTotals, columnTotals, grand) = (aggregates[0], aggregates[1], aggregates[2], aggregates[3])
        // Pivot values: those present (or the chosen ones, in the order given).
        var pivotCodes = columnTotals.keys.indices.map { columnTotals.codes(ofGroup: $0)[0] }
        if pivot.isPeriod {
            let present = pivotCodes.filter { Int32($0) != pivot.missingCode }
            if let low = present.min(), let high = present.max() {
                pivotCodes = Array(low...high) + pivotCodes.filter { Int32($0) == pivot.missingCode }
            }
        }
        if let chosen { pivotCodes = chosen }
        let pivotLabel = { (code: Int) in
            Int32(code) == pivot.missingCode ? DimensionKeys.missingLabel : pivot.isYesNo ? locale.yesNo(pivot.labels[code]) : pivot.labels[code]
        }
        var columns = byKeys.map { ResultTable.Column(name: $0.name, role: .dimension) }
        // Every measure, the hidden ones too (having tests them); they are dropped in `finish`.
        let measures = Array(query.measures.enumerated())
        let single = query.shown.count == 1
        for (m, measure) in measures {
            let first = columns.count
            defer { if measure.isHidden { for c in first..<columns.count { columns[c].isHidden = true } } }
            for code in pivotCodes {
                let value = pivotLabel(code)
                let name = single ? value : "\(measure.label) \(value)"
                columns.append(.init(name: name, role: .measure, measure: measure.label, pivotValue: value, pivotName: pivot.name,
                                     measureIndex: m, pivotCode: code))
                columns += intervalColumn(measure, after: name, pivotValue: value)
            }
            if compare {
                for name in differenceNames(measure) {
                    columns.append(.init(name: single ? name : "\(measure.label) \(name)", role: .difference, measure: measure.label,
                                         measureIndex: m))
                }
                columns += intervalColumn(measure, after: single ? locale.difference : "\(measure.label) \(locale.difference)")
            } else {
                let name = single ? locale.total : "\(measure.label) \(locale.total)"
                columns.append(.init(name: name, role: .total, measure: measure.label, measureIndex: m, pivotCode: SuppressionCube.all))
                columns += intervalColumn(measure, after: name)
            }
        }
        // Index the full aggregate by (row codes + pivot code).
        var cellIndex: [[Int]: Int] = [:]
        for g in full.keys.indices { cellIndex[full.codes(ofGroup: g)] = g }
        let columnTotalCount = Dictionary(uniqueKeysWithValues: columnTotals.keys.indices.map { (columnTotals.codes(ofGroup: $0)[0], columnTotals.counts[$0]) })

        // The compared ends: the chosen values, or the first and last present ones — never the
        // group of missing values (kvinna, man, (saknas): the difference is man − kvinna).
        let compared = chosen == nil ? pivotCodes.indices.filter { Int32(pivotCodes[$0]) != pivot.missingCode } : Array(pivotCodes.indices)
        // One value present has nothing to be compared with: no difference, not a zero.
        let ends = compared.first.flatMap { first in chosen == nil && compared.count < 2 ? nil : (first: first, last: compared.last!) }
        let grandCount = grand.counts.first ?? 0
        func cells(rowCodes: [Int]?, rowTotal: Int?) -> (cells: [Cell], basis: [Int?]) {
            var out: [Cell] = []
            var bases: [Int?] = []
            let rowCount = rowTotal.map { rowTotals.counts[$0] } ?? grandCount
            for (m, measure) in measures {
                var values: [Cell] = [], raw: [MeasureValue?] = [], shown: [Cell] = []
                for code in pivotCodes {
                    // The cell's aggregate and group.
                    let source: (aggregate: Aggregate, group: Int)?
                    if let rowCodes {
                        source = cellIndex[rowCodes + [code]].map { (full, $0) }
                    } else {
                        source = columnTotals.keys.indices.first { columnTotals.codes(ofGroup: $0)[0] == code }.map { (columnTotals, $0) }
                    }
                    let value = source.map { $0.aggregate.values[$0.group][m] }
                    let base = percentBase(measure, column: columnTotalCount[code], row: rowCount, total: grandCount)
                    let cell = value.map { measureCell($0, measure: measure, percentBase: base) } ?? emptyValue(measure, percentBase: base)
                    values.append(cell)
                    raw.append(value)
                    let withIntervals = [cell] + intervalCells(value, cell: cell, measure: measure)
                    shown += withIntervals
                    bases += withIntervals.map { _ in source.map { $0.aggregate.basis(group: $0.group, measure: m, measure) } ?? 0 }
                }
                out += shown
                if compare {
                    let (a, b) = ends.map { (values[$0.first], values[$0.last]) } ?? (.empty, .empty)
                    let (rawA, rawB) = ends.map { (raw[$0.first], raw[$0.last]) } ?? (nil, nil)
                    let differences = difference(a, b, measure: measure) + differenceIntervalCells(a, b, rawA, rawB, measure: measure)
                    out += differences
                    bases += differences.map { _ in nil }
                } else {
                    let source: (aggregate: Aggregate, group: Int)? = if let rowTotal { (rowTotals, rowTotal) } else { grand.values.isEmpty ? nil : (grand, 0) }
                    let total = source.map { $0.aggregate.values[$0.group][m] }
                    let totals = total.map { withInterval($0, measure: measure, percentBase: percentBase(measure, column: grandCount, row: rowCount, total: grandCount)) }
                        ?? [emptyValue(measure, ofTotal: rowTotal == nil)] + intervalColumn(measure, after: nil).map { _ in Cell.empty }
                    out += totals
                    bases += totals.map { _ in source.map { $0.aggregate.basis(group: $0.group, measure: m, measure) } ?? 0 }
                }
            }
            return (out, bases)
        }
        var rows: [ResultTable.Row] = []
        if byKeys.isEmpty {
            let (values, bases) = cells(rowCodes: nil, rowTotal: nil)
            var row = ResultTable.Row(cells: values, basis: bases, isTotal: false)
            row.coordinates = []
            rows.append(row)
        } else {
            for r in rowTotals.keys.indices {
                let codes = rowTotals.codes(ofGroup: r)
                let labels = zip(byKeys, codes).map { labelCell($0, $1) }
                let (values, bases) = cells(rowCodes: codes, rowTotal: r)
                var row = ResultTable.Row(cells: labels + values, basis: labels.map { _ in nil } + bases, isTotal: false)
                row.coordinates = codes
                rows.append(row)
            }
        }
        if !byKeys.isEmpty {
            let labels: [Cell] = byKeys.indices.map { $0 == 0 ? .label(locale.total) : .label("") }
            let (values, bases) = cells(rowCodes: nil, rowTotal: nil)
            var row = ResultTable.Row(cells: labels + values, basis: labels.map { _ in nil } + bases, isTotal: true)
            row.coordinates = byKeys.map { _ in SuppressionCube.all }
            rows.append(row)
        }
        // The totals shown: over the by columns (the total row), and over the pivot (across's
        // total column; compare has none).
        var notes = compare ? severalValuesNote(byKeys, groups: rowTotals.counts, total: grandCount)
            : severalValuesNote(byKeys + [pivot], groups: full.counts, total: grandCount)
        if compare { notes += comparedValuesNotes(pivot, codes: pivotCodes, ends: ends, columnTotals: columnTotalCount) }
        let testNotes = query.test ? try ChiSquare.notes(full, rows: rowTotals, pivot: pivot, byKeys: byKeys, locale: locale) : []
        var result = try finish(ResultTable(columns: columns, rows: rows, notes: []), suppressing: suppressing, layoutNotes: notes)
        if query.test {
            // The statistic of a table with hidden cells, with its margins, could give them back.
            guard !result.rows.contains(where: { $0.cells.contains(.suppressed) }) else {
                throw FinsamError(Message(.testHidden),
                                  hint: Message(.testHiddenHint), kind: .type)
            }
            result.notes += testNotes
        }
        return result
    }

    /// Grouping by a set column counts a row under each of its values, so the groups add up to
    /// more than the total, which counts it once: say so wherever that happened.
    private func severalValuesNote(_ dimensions: [DimensionKeys], groups: [Int], total: Int) -> [String] {
        let sets = dimensions.filter { !$0.codes.isSingleValued }.map(\.name)
        guard !sets.isEmpty, groups.reduce(0, +) > total else { return [] }
        return [locale.severalValuesNote(sets)]
    }

    /// A compared value with no rows (an empty column, not a finding), and compared groups that
    /// have rows in common (`compare år 2017 vs 2018`: the intervals assume independent groups).
    private func comparedValuesNotes(_ pivot: DimensionKeys, codes: [Int], ends: (first: Int, last: Int)?,
                                     columnTotals: [Int: Int]) -> [String] {
        var notes: [String] = []
        let label = { (code: Int) in Int32(code) == pivot.missingCode ? DimensionKeys.missingLabel : pivot.labels[code] }
        for code in codes where (columnTotals[code] ?? 0) == 0 {
            notes.append(locale.emptyComparedNote(pivot.name, label(code)))
        }
        guard query.confidence != nil, let ends, case .compare(.column(let path), _)? = query.pivot, !pivot.codes.isSingleValued else {
            return notes
        }
        let (a, b) = (codes[ends.first], codes[ends.last])
        guard a != b, (columnTotals[a] ?? 0) > 0, (columnTotals[b] ?? 0) > 0,
              let both = Self.holdsBoth(path, pivot, a, b) else { return notes }
        let condition = query.filter.map { BoundCondition.and($0, both) } ?? both
        let shared = PreparedCondition(condition).selectAll(rowCount: query.table.rowCount).count
        if shared > 0 { notes.append(locale.overlapNote(shared, label(a), label(b))) }
        return notes
    }

    /// The rows of a set column that hold both values (codes of its dimension).
    private static func holdsBoth(_ path: ColumnPath, _ keys: DimensionKeys, _ a: Int, _ b: Int) -> BoundCondition? {
        guard Int32(a) != keys.missingCode, Int32(b) != keys.missingCode, Int32(a) != keys.emptyCode, Int32(b) != keys.emptyCode else { return nil }
        switch path.type {
        case .yearSet:
            guard let x = Int16(keys.labels[a]), let y = Int16(keys.labels[b]) else { return nil }
            return .and(.yearsIn(path, years: [x]), .yearsIn(path, years: [y]))
        case .categorySet: return .setAll(path, mask: 1 << UInt32(a) | 1 << UInt32(b))
        case .referenceSet: return .referenceSetHas(path, rows: [Int32(a), Int32(b)], all: true)
        default: return nil
        }
    }

    private func differenceNames(_ measure: BoundMeasure) -> [String] {
        switch measure.unit {
        case .count: [locale.difference, "\(locale.difference) %"]
        case .proportion, .percentOfColumn: ["\(locale.difference) (\(locale.points))"]
        default: [measure.isPercentScale ? "\(locale.difference) (\(locale.points))" : locale.difference]
        }
    }

    /// Last minus first: percentage points for shares, absolute and relative for counts.
    private func difference(_ first: Cell, _ last: Cell, measure: BoundMeasure) -> [Cell] {
        switch measure.unit {
        case .count:
            guard case .count(let a) = first, case .count(let b) = last else { return [.empty, .empty] }
            return [.countDifference(b - a), a == 0 ? .empty : .relative(100 * Double(b - a) / Double(a))]
        case .proportion, .percentOfColumn:
            guard let a = first.value, let b = last.value else { return [.empty] }
            return [.points(b - a)]
        default:
            guard let a = first.value, let b = last.value else { return [.empty] }
            if measure.isPercentScale { return [.points(b - a)] }
            // Whole extremes and sums differ by a whole number.
            if case .count(let x) = first, case .count(let y) = last { return [.countDifference(y - x)] }
            return [.numberDifference(b - a)]
        }
    }

    /// The column a measure is ranked and tested by: its plain column, under across its total, under
    /// compare its first value.
    private static func keyColumn(_ m: Int, _ columns: [ResultTable.Column]) -> Int? {
        // (The group of missing values is never a compared end, so never the first compared value.)
        columns.firstIndex { $0.measureIndex == m && ($0.role == .total || $0.role == .measure && $0.pivotValue == nil) }
            ?? columns.firstIndex { $0.measureIndex == m && $0.role == .measure && $0.pivotValue != DimensionKeys.missingLabel }
    }

    /// `having` over a row (nil: unknown — a hidden or empty value).
    private static func holds(_ c: ResultCondition, row: ResultTable.Row, columns: [ResultTable.Column]) -> Bool? {
        switch c {
        case .and(let a, let b):
            let (x, y) = (holds(a, row: row, columns: columns), holds(b, row: row, columns: columns))
            return x == false || y == false ? false : (x == true && y == true ? true : nil)
        case .or(let a, let b):
            let (x, y) = (holds(a, row: row, columns: columns), holds(b, row: row, columns: columns))
            return x == true || y == true ? true : (x == false && y == false ? false : nil)
        case .not(let a): return holds(a, row: row, columns: columns).map { !$0 }
        case .compare(let m, let op, let value):
            guard let index = keyColumn(m, columns), let v = row.cells[index].value.map(rankValue) else { return nil }
            let w = rankValue(value)
            switch op {
            case .equal: return v == w
            case .notEqual: return v != w
            case .less: return v < w
            case .lessOrEqual: return v <= w
            case .greater: return v > w
            case .greaterOrEqual: return v >= w
            }
        }
    }

    /// A column of the result by name: `skillnad` (either language) is the first measure's
    /// difference, `skillnad %` its relative one; else a column's own name (a pivot's value).
    private func resultColumn(_ name: String, _ columns: [ResultTable.Column]) throws(FinsamError) -> Int {
        let folded = NameMatching.fold(name)
        if let exact = columns.firstIndex(where: { !$0.isHidden && NameMatching.fold($0.name) == folded }) { return exact }
        let differences = columns.indices.filter { columns[$0].role == .difference && !columns[$0].isHidden }
        if ["skillnad", "difference"].contains(folded), let first = differences.first { return first }
        // The relative difference of the first measure that has one (a count's).
        if ["skillnad %", "difference %"].contains(folded) {
            guard let relative = differences.first(where: { columns[$0].name.hasSuffix("%") }) else {
                throw FinsamError(Message(.noRelativeDifference),
                                  hint: Message(.orderBySkillnad), kind: .unknownName)
            }
            return relative
        }
        if folded.hasPrefix("skillnad") || folded.hasPrefix("difference"), let first = differences.first { return first }
        if ["totalt", "total"].contains(folded), let total = columns.firstIndex(where: { $0.role == .total }) { return total }
        let names = columns.filter { $0.role != .interval && !$0.isHidden }.map(\.name)
        throw FinsamError(Message(.resultNoOrderColumn, NameMatching.excerpt(name)),
                          hint: NameMatching.suggestion(for: name, among: names).map { Message(.didYouMean, $0) }
                              ?? Message(.itsColumns, names.joined(separator: ", ")), kind: .unknownName)
    }

    /// Values are ranked to this many decimals: an order statistic interpolated as 2017 and one computed
    /// as 2017.0000000000002 are a tie (broken by the groups' order), not an order.
    static let rankDecimals = 9
    private static let rankScale = (0..<rankDecimals).reduce(1.0) { r, _ in r * 10 }
    static func rankValue(_ v: Double) -> Double {
        abs(v) < 1e15 ? (v * rankScale).rounded() / rankScale : v
    }

    /// `order by` and `top` over the data rows (the total row stays last and whole). A by
    /// column as a key sorts by its values' own order (ascending or descending); ties keep the
    /// rows' order.
    private func ordered(_ rows: [ResultTable.Row], columns: [ResultTable.Column],
                         notes: inout [String]) throws(FinsamError) -> [ResultTable.Row] {
        var rows = rows
        // The position of each row's value of each by column in that column's order.
        let positions: [[Int]] = plan.by.enumerated().map { d, keys in
            // By the labels as shown (a yes/no column reads ja/nej).
            let position = Dictionary(keys.labels.enumerated().filter { Int32($0.offset) != keys.missingCode }
                                        .map { (keys.isYesNo ? locale.yesNo($1) : $1, $0) }, uniquingKeysWith: { a, _ in a })
            return rows.map { row in row.cells[d].labelText.flatMap { position[$0] } ?? Int.max }
        }
        if !plan.order.isEmpty {
            // A measure ranks by its plain column, under across its total, under compare its first value.
            var keys: [(Int, Bool)] = []
            for (key, descending) in plan.order {
                switch key {
                case .dimension(let d): keys.append((d, descending))
                case .measure(let m): if let index = Self.keyColumn(m, columns) { keys.append((index, descending)) }
                case .column(let name): keys.append((try resultColumn(name, columns), descending))
                }
            }
            rows = rows.enumerated().sorted { a, b in
                for (index, descending) in keys {
                    if columns[index].role == .dimension, index < positions.count {
                        // A missing value (no position) comes last either way, as for measures.
                        let u = positions[index][a.offset], v = positions[index][b.offset]
                        if u != v { return u == .max || v == .max ? v == .max : descending ? u > v : u < v }
                        continue
                    }
                    let x = a.element.cells[index], y = b.element.cells[index]
                    if let u = x.value.map(Self.rankValue), let v = y.value.map(Self.rankValue), u != v { return descending ? u > v : u < v }
                    if (x.value == nil) != (y.value == nil) { return y.value == nil }
                }
                return a.offset < b.offset
            }.map(\.element)
        }
        if let top = query.top, rows.count > top {
            notes.append(locale.topNote(top, of: rows.count))
            rows = Array(rows.prefix(top))
        }
        return rows
    }
}
