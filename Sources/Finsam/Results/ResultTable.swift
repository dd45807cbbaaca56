import FinsamStore
/// A query's answer: typed cells in rows and columns, ready for any renderer. Every proportion
/// keeps its numerator and denominator.
///
/// Cells are addressed by meaning with `cell(row:measure:pivot:part:interval:)`: typed row
/// labels, a `MeasureKey` and the across/compare value, whatever the spelling of the query, the
/// number of its measures or the display locale. The table is `Codable` (JSON for a service or
/// a snapshot) and keeps the addresses when decoded.
public struct ResultTable: Sendable, Codable {
    /// What a column holds. `interval`: the confidence interval of the column before it (`with ci`).
    public enum Role: String, Sendable, Equatable, Codable { case dimension, measure, total, difference, interval }

    /// A column: its header as shown, and its address (measure key, part, pivot value).
    public struct Column: Sendable, Codable {
        /// The header as the renderers show it (the query's spelling, the display locale's words).
        public var name: String
        /// What the column holds.
        public var role: Role
        /// The measure label this column shows (nil for dimensions).
        public var measure: String?
        /// The pivot value (across/compare) this column shows.
        public var pivotValue: String?
        /// The across/compare dimension of that value (for chart titles).
        public var pivotName: String? = nil
        /// The measure the column shows, by meaning (nil for dimensions and listed columns).
        public internal(set) var key: MeasureKey? = nil
        /// Which value of its measure the column shows (nil for dimensions); an interval column
        /// has the part of the column it belongs to.
        public internal(set) var part: Part? = nil
        /// The across/compare value the column shows, typed (nil: not one value's column).
        public internal(set) var pivot: Label? = nil
        /// How a dimension column's labels read as typed labels.
        var labelKind: LabelKind = .text
        /// Which of the query's measures the column shows, and its code of the pivot dimension
        /// (`SuppressionCube.all` for the total column): where its cells lie in the cube.
        var measureIndex: Int? = nil
        var pivotCode: Int? = nil
        /// A measure computed for a formula or `having`, not shown: dropped once the rows are chosen.
        var isHidden = false

        // The cube coordinates and hidden flag are the builder's; a decoded table has no use for them.
        enum CodingKeys: String, CodingKey { case name, role, measure, pivotValue, pivotName, key, part, pivot, labelKind }
    }

    /// The table without the columns of measures not shown.
    func withoutHiddenColumns() -> ResultTable {
        let kept = columns.indices.filter { !columns[$0].isHidden }
        guard kept.count < columns.count else { return self }
        var table = self
        table.columns = kept.map { columns[$0] }
        table.rows = rows.map { row in
            var r = row
            r.cells = kept.map { row.cells[$0] }
            r.basis = row.basis.isEmpty ? [] : kept.map { $0 < row.basis.count ? row.basis[$0] : nil }
            return r
        }
        return table
    }

    /// A row of cells, in the order of the columns.
    public struct Row: Sendable, Codable {
        /// One cell per column.
        public var cells: [Cell]
        /// The total row (`Totalt`): every group together.
        public var isTotal: Bool
        /// Per cell, the number of units (rows, persons, values) it is based on, for
        /// small-cell suppression; nil for labels and differences.
        var basis: [Int?] = []
        /// The codes of the row's `by` values (`SuppressionCube.all` in the total row).
        var coordinates: [Int]? = nil

        enum CodingKeys: String, CodingKey { case cells, isTotal }

        /// A row of `cells`; `isTotal` for the total row.
        public init(cells: [Cell], isTotal: Bool) {
            self.cells = cells
            self.isTotal = isTotal
        }

        init(cells: [Cell], basis: [Int?], isTotal: Bool) {
            self.cells = cells
            self.basis = basis
            self.isTotal = isTotal
        }
    }

    /// The columns, in order: dimensions first, then each measure's values.
    public var columns: [Column]
    /// The rows: one per group, the total row last.
    public var rows: [Row]
    /// Lines to show under the table (e.g. rows hidden by `top`).
    public var notes: [String] = []

    /// The row whose dimension labels are `labels` as shown (in the order of the dimension
    /// columns). `row(labels:)` finds one by typed labels, whatever the locale.
    public func row(_ labels: [String]) -> Row? {
        let dimensionIndices = columns.indices.filter { columns[$0].role == .dimension }
        return rows.first { row in
            !row.isTotal && dimensionIndices.map { row.cells[$0].labelText } == labels.map(Optional.some)
        }
    }

    /// The total row, if the result has one.
    public var totalRow: Row? { rows.first { $0.isTotal } }

    /// The cell in a named column of a row.
    public func cell(_ row: Row, column name: String) -> Cell? {
        columns.firstIndex { $0.name == name }.map { row.cells[$0] }
    }

    /// The single value of a one-row, one-measure result (`from … show count`).
    public var scalar: Cell? {
        let dataRows = rows.filter { !$0.isTotal }
        guard let first = (dataRows.count == 1 ? dataRows.first : (dataRows.isEmpty ? totalRow : nil)),
              let column = columns.firstIndex(where: { $0.role != .dimension }) else { return nil }
        return first.cells[column]
    }
}

/// A value of a result, typed: a proportion keeps its numerator and denominator, a difference its
/// unit, an interval its ends. `Codable` as one key and a plain value (`{"count":9590}`, `{"proportion":{"part":1559,"whole":5370}}`).
public enum Cell: Sendable, Equatable, Codable {
    /// A dimension's value as shown (`kvinna`, `2018`, `ja`).
    case label(String)
    /// The group of rows whose value is missing.
    case missingLabel
    /// A whole count.
    case count(Int)
    /// A proportion (a condition's true rows, a `percent`), with its numerator and denominator
    /// (`value` is its percent).
    case proportion(part: Int, whole: Int)
    /// Any other number: an average, a middle value, a formula's value.
    case number(Double)
    /// A difference: in percentage points (pe), as a count, or relative in percent.
    case points(Double)
    /// A difference of counts.
    case countDifference(Int)
    /// A difference of means, medians and other numbers, signed like the others.
    case numberDifference(Double)
    /// A relative difference, in percent.
    case relative(Double)
    /// A confidence interval, in the unit of the value it belongs to; `marked` when it is the
    /// interval of a difference and excludes 0.
    case interval(Interval, marked: Bool)
    /// No value (an average over no rows, a proportion with no decidable row).
    case empty
    /// Hidden by small-cell suppression (`..`): too few persons, or it would reveal one that is.
    case suppressed

    /// The text of a label cell (`(saknas)` for the missing group); nil for values.
    public var labelText: String? {
        switch self {
        case .label(let s): s
        case .missingLabel: DimensionKeys.missingLabel
        default: nil
        }
    }

    /// The plain number of the cell: counts, shares in percent, means.
    public var value: Double? {
        switch self {
        case .count(let n), .countDifference(let n): Double(n)
        case .proportion(let part, let whole): whole == 0 ? nil : 100 * Double(part) / Double(whole)
        case .number(let v), .points(let v), .relative(let v), .numberDifference(let v): v
        default: nil
        }
    }

    /// The denominator of a proportion.
    public var denominator: Int? {
        if case .proportion(_, let whole) = self { return whole }
        return nil
    }
}
