import FinsamStore
/// Cells by meaning: a row by its typed labels, a column by measure key, part and pivot value.
/// Headers change with the spelling of a query, the number of its measures and the locale;
/// these addresses do not.
extension ResultTable {
    /// A dimension's value, typed: a year is a number, a yes/no dimension a bool, the group
    /// of missing values `.missing`, the total row's labels `.total`.
    public enum Label: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
        ExpressibleByBooleanLiteral {
        /// A category, a band (`16–29`), a period (`2018-03`), a date, a key.
        case text(String)
        /// A whole number: a year, an age, a number column's value.
        case number(Int)
        /// A yes/no dimension's value (shown `ja`/`nej` or `true`/`false`).
        case bool(Bool)
        /// The group of rows whose value is missing (shown `(saknas)`).
        case missing
        /// The total row, or the total column of `across`.
        case total

        /// A category's label: `"kvinna"`.
        public init(stringLiteral value: String) { self = .text(value) }
        /// A whole number's label: `2018`.
        public init(integerLiteral value: Int) { self = .number(value) }
        /// A yes/no dimension's label: `true`.
        public init(booleanLiteral value: Bool) { self = .bool(value) }

        /// The label as text (`(saknas)` for `.missing`).
        public var description: String {
            switch self {
            case .text(let s): s
            case .number(let n): String(n)
            case .bool(let b): b ? "true" : "false"
            case .missing: DimensionKeys.missingLabel
            case .total: "total"
            }
        }
    }

    /// Which value of a measure a column shows.
    public enum Part: String, Sendable, Codable {
        /// The measure's value (for one across/compare value, or the only one).
        case value
        /// The total over the across values.
        case total
        /// Under compare: last minus first (points for shares, a count for counts).
        case difference
        /// Under compare, for counts: the difference relative to the first value, in percent.
        case relativeDifference
    }

    /// How a dimension column's label texts read as typed labels.
    enum LabelKind: String, Sendable, Codable { case text, number, yesNo }

    /// The typed labels of a row (one per dimension column); the total row's are `.total`.
    public func labels(of row: Row) -> [Label] {
        columns.indices.filter { columns[$0].role == .dimension }.map { c in
            row.isTotal ? .total : Self.label(row.cells[c], kind: columns[c].labelKind)
        }
    }

    /// The row with these typed labels (`[2018, "kvinna"]`); `[.total]` is the total row, and
    /// `[]` the one row of a result without `by`.
    public func row(labels: [Label]) -> Row? {
        if labels == [.total] || (labels.allSatisfy { $0 == .total } && !labels.isEmpty) { return totalRow }
        if labels.isEmpty { return rows.first { !$0.isTotal } ?? totalRow }
        return rows.first { !$0.isTotal && self.labels(of: $0) == labels }
    }

    /// The cell of a row and a measure, by meaning.
    /// - Parameters:
    ///   - row: the row's typed labels (see `row(labels:)`).
    ///   - measure: the measure, in any spelling (`"andel(arbete_studier_slut)"`).
    ///   - pivot: the across/compare value of the column (nil: a result without one, or a
    ///     total or difference column).
    ///   - part: the value, or across's total, or compare's difference.
    ///   - interval: the `with ci` interval of that column instead of its value.
    /// - Returns: nil when the result has no such row or column.
    public func cell(row: [Label], measure: MeasureKey, pivot: Label? = nil, part: Part = .value, interval: Bool = false) -> Cell? {
        guard let found = self.row(labels: row), let column = column(measure: measure, pivot: pivot, part: part, interval: interval) else { return nil }
        return found.cells[column]
    }

    /// The index of the column of a measure, by meaning (as in `cell(row:measure:pivot:part:interval:)`).
    public func column(measure: MeasureKey, pivot: Label? = nil, part: Part = .value, interval: Bool = false) -> Int? {
        columns.firstIndex { c in
            c.key == measure && c.part == part && (c.role == .interval) == interval && c.pivot == pivot
        }
    }

    /// The value of a measure in a row (for one across/compare value when given).
    public func value(row: [Label], measure: MeasureKey, pivot: Label? = nil) -> Cell? {
        cell(row: row, measure: measure, pivot: pivot)
    }

    /// Compare's difference of a measure in a row (`relative`: the relative one of counts).
    public func difference(row: [Label], measure: MeasureKey, relative: Bool = false) -> Cell? {
        cell(row: row, measure: measure, part: relative ? .relativeDifference : .difference)
    }

    /// The `with ci` interval of a value, a total or a difference, and whether it is marked (a
    /// difference whose interval excludes 0).
    public func interval(row: [Label], measure: MeasureKey, pivot: Label? = nil, part: Part = .value) -> (Interval, marked: Bool)? {
        guard case .interval(let interval, let marked)? = cell(row: row, measure: measure, pivot: pivot, part: part, interval: true) else { return nil }
        return (interval, marked)
    }

    static func label(_ cell: Cell, kind: LabelKind) -> Label {
        guard let text = cell.labelText else { return .text("") }
        if cell == .missingLabel { return .missing }
        switch kind {
        case .number: return Int(text).map(Label.number) ?? .text(text)
        case .yesNo:
            // Either locale's words: the label must not depend on `set lang`.
            if [DisplayLocale.sv, .en].contains(where: { $0.yesNo("true") == text }) { return .bool(true) }
            if [DisplayLocale.sv, .en].contains(where: { $0.yesNo("false") == text }) { return .bool(false) }
            return .text(text)
        case .text: return .text(text)
        }
    }
}

extension DimensionKeys {
    /// How this dimension's labels read as typed labels.
    var labelKind: ResultTable.LabelKind {
        if isYesNo { return .yesNo }
        return isNumber ? .number : .text
    }

    /// The typed label of a code.
    func label(_ code: Int) -> ResultTable.Label {
        if Int32(code) == missingCode { return .missing }
        if code == SuppressionCube.all { return .total }
        return ResultTable.label(.label(isYesNo ? DisplayLocale.en.yesNo(labels[code]) : labels[code]), kind: labelKind)
    }
}

extension ResultBuilder {
    /// Gives each column its address: the measure's key, the part, the typed pivot value; an
    /// interval column takes those of the column it follows.
    func addressed(_ table: ResultTable) -> ResultTable {
        var table = table
        var owner: ResultTable.Column?
        var differences: [Int: Int] = [:]
        let dimensions = plan.by
        var d = 0
        for c in table.columns.indices {
            var column = table.columns[c]
            switch column.role {
            case .dimension:
                if d < dimensions.count { column.labelKind = dimensions[d].labelKind }
                d += 1
            case .interval:
                column.key = owner?.key
                column.part = owner?.part
                column.pivot = owner?.pivot
            case .measure, .total, .difference:
                if let m = column.measureIndex { column.key = query.measures[m].key }
                switch column.role {
                case .total: column.part = .total
                case .difference:
                    let seen = differences[column.measureIndex ?? -1, default: 0]
                    differences[column.measureIndex ?? -1] = seen + 1
                    column.part = seen == 0 ? .difference : .relativeDifference
                default:
                    column.part = .value
                    if let code = column.pivotCode, let pivot = plan.pivot { column.pivot = pivot.label(code) }
                }
                owner = column
            }
            table.columns[c] = column
        }
        return table
    }
}
