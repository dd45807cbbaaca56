import FinsamStore
/// What `plot` draws, taken from a result table: categories (the rows, or the values of an
/// across/compare without by) and one series per pivot value, each value with its interval
/// when the query asked `with ci`. Renderers (terminal, SVG) draw it at a given size; the
/// model knows nothing of terminals or files.
public struct Chart: Sendable {
    /// How the chart is drawn.
    public enum Style: Sendable, Equatable {
        /// Horizontal bars, grouped when there are several series.
        case bars
        /// Vertical columns over years (one series).
        case columns
        /// Lines over years (several series).
        case lines
    }

    /// The unit of the values: axes and labels read as counts, percents, points or numbers.
    public enum Unit: Sendable, Equatable { case count, percent, points, number }

    /// One series of values: a measure, or one across/compare value.
    public struct Series: Sendable {
        /// The legend's name of the series.
        public var name: String
        /// One value per category (nil: no value).
        public var values: [Double?]
        /// The `with ci` interval of each value (nil: none).
        public var intervals: [Interval?]
        /// Values hidden by suppression (drawn as nothing, written as `..`, not as `–`).
        public var hidden: [Bool]
    }

    /// The chart's title: the measure and its dimensions.
    public var title: String
    /// The categories along the axis (the rows' labels).
    public var categories: [String]
    /// The series drawn, one or several.
    public var series: [Series]
    /// The unit of every series.
    public var unit: Unit
    /// Bars, columns or lines, chosen from the result's shape.
    public var style: Style
    /// What the chart leaves out (other measures, the total row).
    public var notes: [String] = []

    /// The chart of a result (an error when the result has nothing to draw).
    public init(_ table: ResultTable, locale: DisplayLocale) throws(FinsamError) {
        let dimensions = table.columns.indices.filter { table.columns[$0].role == .dimension }
        guard let first = table.columns.firstIndex(where: { $0.role == .measure }), let measure = table.columns[first].measure else {
            throw FinsamError(Message(.plotNoMeasure))
        }
        let valueColumns = table.columns.indices.filter { table.columns[$0].role == .measure && table.columns[$0].measure == measure }
        func intervalColumn(_ c: Int) -> Int? {
            c + 1 < table.columns.count && table.columns[c + 1].role == .interval && table.columns[c + 1].measure == measure ? c + 1 : nil
        }
        func value(_ cell: Cell) -> Double? { cell.value }
        func interval(_ cell: Cell?) -> Interval? { if case .interval(let i, _)? = cell { i } else { nil } }
        let rows = table.rows.filter { !$0.isTotal }
        func shown(_ label: String) -> String { label == DimensionKeys.missingLabel ? locale.missing : label }
        var categories: [String], series: [Series], notes: [String] = []
        if dimensions.isEmpty, let row = rows.first ?? table.totalRow {
            // One row: the pivot values (or the single measure) become the categories.
            categories = valueColumns.map { table.columns[$0].pivotValue.map(shown) ?? table.columns[$0].name }
            series = [Series(name: measure, values: valueColumns.map { value(row.cells[$0]) },
                             intervals: valueColumns.map { c in interval(intervalColumn(c).map { row.cells[$0] }) },
                             hidden: valueColumns.map { row.cells[$0] == .suppressed })]
        } else {
            categories = rows.map { row in dimensions.compactMap { row.cells[$0].labelText.map(shown) }.filter { !$0.isEmpty }.joined(separator: " · ") }
            series = valueColumns.map { c in
                Series(name: table.columns[c].pivotValue.map(shown) ?? measure, values: rows.map { value($0.cells[c]) },
                       intervals: rows.map { row in interval(intervalColumn(c).map { row.cells[$0] }) },
                       hidden: rows.map { $0.cells[c] == .suppressed })
            }
        }
        guard !categories.isEmpty else { throw FinsamError(Message(.plotNoRows)) }
        let cells = valueColumns.flatMap { c in table.rows.map { $0.cells[c] } }
        let unit = cells.lazy.compactMap { cell -> Unit? in
            switch cell {
            case .count, .countDifference: .count
            case .proportion: .percent
            case .points: .points
            case .number, .numberDifference: .number
            default: nil
            }
        }.first ?? .number
        self.unit = unit
        func isYear(_ label: String) -> Bool { Int(label).map { (1900...2100).contains($0) } ?? false }
        // Groups by and years across (`by kön across år`): years go on the axis, a line per group.
        // A compare of two years stays grouped bars, side by side as the table has them.
        let isCompare = table.columns.contains { $0.role == .difference }
        if series.count > 2, !isCompare, !categories.allSatisfy(isYear), series.allSatisfy({ isYear($0.name) || $0.name == locale.missing }) {
            let old = series
            series = categories.indices.map { c in
                Series(name: categories[c], values: old.map { $0.values[c] }, intervals: old.map { $0.intervals[c] },
                       hidden: old.map { $0.hidden[c] })
            }
            categories = old.map(\.name)
        }
        // Years on the axis; a group of missing years is left out of the line and said so.
        let missing = categories.indices.filter { categories[$0] == locale.missing }
        if !missing.isEmpty, missing.count < categories.count, categories.allSatisfy({ isYear($0) || $0 == locale.missing }) {
            for s in series.indices where missing.contains(where: { series[s].values[$0] != nil }) {
                let left = missing.map { series[s].values[$0] }.map { Self.text($0, unit: unit, locale: locale, decimals: 1) }.joined(separator: ", ")
                let name = series.count > 1 ? " (\(series[s].name))" : ""
                notes.append(locale.text(Message(.noteNotDrawn, "\(locale.missing)\(name) \(left)")))
            }
            categories = categories.filter { $0 != locale.missing }
            for s in series.indices {
                series[s].values = series[s].values.enumerated().filter { !missing.contains($0.offset) }.map(\.element)
                series[s].intervals = series[s].intervals.enumerated().filter { !missing.contains($0.offset) }.map(\.element)
                series[s].hidden = series[s].hidden.enumerated().filter { !missing.contains($0.offset) }.map(\.element)
            }
        }
        let years = categories.allSatisfy(isYear)
        self.categories = categories
        self.series = series
        style = years && categories.count > 1 ? (series.count == 1 ? .columns : .lines) : .bars
        let dimensionNames = dimensions.map { table.columns[$0].name } + (table.columns[first].pivotName.map { [$0] } ?? [])
        title = dimensionNames.isEmpty ? measure : locale.text(Message(.chartTitle, measure, Message.list(dimensionNames)))
        let others = Set(table.columns.compactMap { $0.role == .measure ? $0.measure : nil }).subtracting([measure])
        if !others.isEmpty {
            notes.append(locale.text(Message(.noteFirstMeasure, measure, others.sorted().joined(separator: ", "))))
        }
        // The table's notes (rows left out by top) hold for the chart too; the note on marked
        // differences does not, as differences are not drawn.
        self.notes = notes + table.notes.filter { !$0.hasPrefix("*") }
    }

    /// The largest value or interval end, for the scale (at least something above 0).
    var maximum: Double {
        let highs = series.flatMap { s in zip(s.values, s.intervals).compactMap { v, i in i.map { max($0.high, v ?? 0) } ?? v } }
        return max(highs.max() ?? 0, 0)
    }

    /// A value as the result table would show it.
    func text(_ value: Double?, settings: DisplaySettings) -> String {
        Self.text(value, unit: unit, locale: settings.locale, decimals: settings.decimals)
    }

    /// The i-th value of a series as the table shows it: `..` when it is hidden.
    func text(_ series: Series, _ i: Int, settings: DisplaySettings) -> String {
        series.hidden[i] ? ".." : text(series.values[i], settings: settings)
    }

    static func text(_ value: Double?, unit: Unit, locale: DisplayLocale, decimals: Int) -> String {
        guard let value else { return "–" }
        switch unit {
        case .count: return locale.integer(Int(value.rounded()))
        case .percent: return locale.percent(value, decimals: decimals)
        case .points: return locale.signed(locale.decimal(value, decimals: decimals), value) + " " + locale.points
        case .number: return locale.decimal(value, decimals: decimals)
        }
    }

    func text(_ interval: Interval?, settings: DisplaySettings) -> String? {
        interval.map { settings.locale.decimal($0.low, decimals: settings.decimals) + "–" + settings.locale.decimal($0.high, decimals: settings.decimals) }
    }

    /// The labels of axis ticks: without decimals when the steps are whole.
    func axisTexts(_ ticks: [Double], settings: DisplaySettings) -> [String] {
        let decimals = ticks.allSatisfy { $0 == $0.rounded() } ? 0 : max(1, settings.decimals)
        return ticks.map { Self.text($0, unit: unit, locale: settings.locale, decimals: decimals) }
    }

    /// Round steps for an axis up to `maximum`: 1, 2 or 5 times a power of ten.
    static func ticks(upTo maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let rough = maximum / Double(count)
        var power = 1.0
        while power * 10 <= rough { power *= 10 }
        while power > rough { power /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        let top = (maximum / step).rounded(.up) * step
        return stride(from: 0.0, through: top + step / 2, by: step).map { $0 }
    }
}
