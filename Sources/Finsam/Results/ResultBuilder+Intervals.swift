import FinsamStore
/// `with ci`: an interval column after each proportion and average (Wilson for proportions, t for averages)
/// and after a compare's difference (Newcombe for shares, Welch for means), marked when it
/// excludes 0. Counts, sums, medians and extremes get none.
extension ResultBuilder {
    private var level: Double? { query.confidence }

    private func hasInterval(_ measure: BoundMeasure) -> Bool {
        level != nil && measure.definition.interval != .none
    }

    /// The interval column that follows the column named `name` (nil: the measure's only column).
    func intervalColumn(_ measure: BoundMeasure, after name: String?, pivotValue: String? = nil) -> [ResultTable.Column] {
        guard hasInterval(measure), let level else { return [] }
        let header = name.map { "\($0) \(locale.intervalName(level))" } ?? locale.intervalName(level)
        return [.init(name: header, role: .interval, measure: measure.label, pivotValue: pivotValue)]
    }

    func intervalCells(_ value: MeasureValue?, cell: Cell, measure: BoundMeasure) -> [Cell] {
        guard hasInterval(measure), let level else { return [] }
        if case .proportion(let part, let whole) = cell {
            // A column's total as a percent of itself is 100 % by definition, not an estimate.
            if measure.unit == .percentOfColumn, part == whole { return [.empty] }
            return [Intervals.wilson(part: part, whole: whole, level: level).map { .interval($0, marked: false) } ?? .empty]
        }
        if measure.definition.interval == .t, case .number(let average?, let n, let sd?) = value {
            return [Intervals.t(around: average, sd: sd, n: n, level: level).map { .interval($0, marked: false) } ?? .empty]
        }
        return [.empty]
    }

    /// The measure's cell followed by its interval cell, if it has one.
    func withInterval(_ value: MeasureValue, measure: BoundMeasure, percentBase: Int?) -> [Cell] {
        let cell = measureCell(value, measure: measure, percentBase: percentBase)
        return [cell] + intervalCells(value, cell: cell, measure: measure)
    }

    /// The interval of last − first, marked when it excludes 0.
    func differenceIntervalCells(_ first: Cell, _ last: Cell, _ firstValue: MeasureValue?, _ lastValue: MeasureValue?, measure: BoundMeasure) -> [Cell] {
        guard hasInterval(measure), let level else { return [] }
        var interval: Interval?
        if case .proportion(let p1, let w1) = first, case .proportion(let p2, let w2) = last {
            interval = Intervals.newcombe(first: (p1, w1), last: (p2, w2), level: level)
        } else if case .number(let m1?, let n1, let s1?) = firstValue, case .number(let m2?, let n2, let s2?) = lastValue {
            interval = Intervals.meanDifference(first: (m1, s1, n1), last: (m2, s2, n2), level: level)
        }
        return [interval.map { .interval($0, marked: $0.excludesZero) } ?? .empty]
    }

    /// The note that explains the mark, when a difference is marked; and which measures `with ci`
    /// gives no interval (counts, sums, medians, spreads have none here).
    func significanceNotes(_ rows: [ResultTable.Row]) -> [String] {
        guard let level else { return [] }
        let marked = rows.contains { $0.cells.contains { if case .interval(_, true) = $0 { true } else { false } } }
        let without = query.shown.map(\.measure).filter { $0.definition.interval == .none }.map(\.label)
        return (marked ? [locale.significanceNote(level)] : []) + (without.isEmpty ? [] : [locale.noIntervalNote(without)])
    }
}
