import FinsamStore
/// A query's answer: typed cells in rows and columns, ready for any renderer. Every share
/// keeps its numerator and denominator.
public struct ResultTable: Sendable {
    /// `interval`: the confidence interval of the column before it (`with ci`).
    public enum Role: Sendable, Equatable { case dimension, measure, total, difference, interval }

    public struct Column: Sendable {
        public var name: String
        public var role: Role
        /// The measure label this column shows (nil for dimensions).
        public var measure: String?
        /// The pivot value (across/compare) this column shows.
        public var pivotValue: String?
        /// The across/compare dimension of that value (for chart titles).
        public var pivotName: String? = nil
        /// Which of the query's measures the column shows, and its code of the pivot dimension
        /// (`SuppressionCube.all` for the total column): where its cells lie in the cube.
        var measureIndex: Int? = nil
        var pivotCode: Int? = nil
        /// A measure computed for a formula or `having`, not shown: dropped once the rows are chosen.
        var isHidden = false
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

    public struct Row: Sendable {
        public var cells: [Cell]
        public var isTotal: Bool
        /// Per cell, the number of units (rows, persons, values) it is based on, for
        /// small-cell suppression; nil for labels and differences.
        var basis: [Int?] = []
        /// The codes of the row's `by` values (`SuppressionCube.all` in the total row).
        var coordinates: [Int]? = nil

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

    public var columns: [Column]
    public var rows: [Row]
    /// Lines to show under the table (e.g. rows hidden by `top`).
    public var notes: [String] = []

    /// The row whose dimension labels are `labels` (in the order of the dimension columns).
    public func row(_ labels: [String]) -> Row? {
        let dimensionIndices = columns.indices.filter { columns[$0].role == .dimension }
        return rows.first { row in
            !row.isTotal && dimensionIndices.map { row.cells[$0].labelText } == labels.map(Optional.some)
        }
    }

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

public enum Cell: Sendable, Equatable {
    case label(String)
    /// The group of rows whose value is missing.
    case missingLabel
    case count(Int)
    case share(part: Int, whole: Int)
    case number(Double)
    /// A difference: in percentage points (pe), as a count, or relative in percent.
    case points(Double)
    case countDifference(Int)
    /// A difference of means, medians and other numbers, signed like the others.
    case numberDifference(Double)
    case relative(Double)
    /// A confidence interval, in the unit of the value it belongs to; `marked` when it is the
    /// interval of a difference and excludes 0.
    case interval(Interval, marked: Bool)
    /// No value (a mean over no rows, a share with no decidable row).
    case empty
    /// Hidden by small-cell suppression (`..`): too few persons, or it would reveal one that is.
    case suppressed

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
        case .share(let part, let whole): whole == 0 ? nil : 100 * Double(part) / Double(whole)
        case .number(let v), .points(let v), .relative(let v), .numberDifference(let v): v
        default: nil
        }
    }

    /// The denominator of a share.
    public var denominator: Int? {
        if case .share(_, let whole) = self { return whole }
        return nil
    }
}
