import FinsamStore
/// The bound query: every name resolved to a column of a table (possibly through a
/// reference), every value checked and converted to the column's storage (codes, day
/// numbers, row indices). Nothing here is syntax any more.

/// A column as seen from the query's table: its own, or a related table's through a
/// reference column (`förbund.län` from deltagare).
struct ColumnPath {
    /// The table that holds the column.
    let table: Table
    let column: Column
    /// Row of `table` for each row of the query's table; nil when the column is the query table's own.
    let via: PackedInts?
    /// As the user should read it: `förbund.län`.
    let name: String
    /// How a column the query computed was made (nil: a stored or derived column of the table).
    var derivation: ColumnDerivation? = nil

    var type: ColumnType { column.schema.type }
}

indirect enum BoundCondition {
    /// Category or bool codes: `allowed[code]` says whether the row holds (missing stays unknown).
    case codes(ColumnPath, allowed: [Bool])
    case intCompare(ColumnPath, op: ComparisonOperator, value: Int32)
    case intRange(ColumnPath, low: Int32, high: Int32)
    case intIn(ColumnPath, values: Set<Int32>)
    /// A set of categories: `has` (any of mask) / `has all` (all of mask) / `is empty`.
    case setAny(ColumnPath, mask: UInt32)
    case setAll(ColumnPath, mask: UInt32)
    case setEmpty(ColumnPath)
    /// Years in which a row was active: overlaps `low...high` / holds one of `years`.
    case yearsOverlap(ColumnPath, low: Int16, high: Int16)
    case yearsIn(ColumnPath, years: Set<Int16>)
    /// A reference: the row it points to is one of `rows`.
    case referenceIn(ColumnPath, rows: Set<Int32>)
    case referenceSetHas(ColumnPath, rows: Set<Int32>, all: Bool)
    case referenceSetEmpty(ColumnPath)
    case textIn(ColumnPath, values: Set<String>)
    case isMissing(ColumnPath)
    /// A `let` defined as a condition, bound against this table.
    case and(BoundCondition, BoundCondition)
    case or(BoundCondition, BoundCondition)
    case not(BoundCondition)
}

enum BoundDimension {
    case column(ColumnPath)
    /// `bin(x, 16, 25, 30)`: bands [16, 25), [25, 30), [30, …).
    case bin(ColumnPath, edges: [Int32])
    /// A condition as a yes/no dimension (a `let` or a bool expression).
    case condition(BoundCondition, name: String)
    /// `month(startdatum)`: the periods of a date column.
    case period(ColumnPath, Period, name: String)

    /// A dimension of yes and no (a yes/no column, a condition).
    var isYesNo: Bool {
        switch self {
        case .column(let path): path.type == .bool
        case .condition: true
        default: false
        }
    }

    var name: String {
        switch self {
        case .column(let path): path.name
        case .bin(let path, _): "\(path.name) (band)"
        case .condition(_, let name), .period(_, _, let name): name
        }
    }
}

struct BoundMeasure {
    /// What the measure reads: the group's rows, a condition, a column.
    enum Input { case rows, condition(BoundCondition), column(ColumnPath), formula(Formula) }
    let definition: MeasureDefinition
    let input: Input
    /// The fraction p of a measure of order statistics (its definition's, or the one written).
    var fraction: Double? = nil
    let label: String
    /// The measure by meaning (its canonical text), for results addressed by it.
    var key = MeasureKey.count
    /// The unit of the value, for display and differences.
    var isPercentScale: Bool
    /// A count of values, not of rows or persons.
    var countsValues: Bool { definition.accumulation == .distinctValues && definition.basis == .rows }
    var condition: BoundCondition? { if case .condition(let c) = input { c } else { nil } }
    var column: ColumnPath? { if case .column(let p) = input { p } else { nil } }
    var unit: MeasureDefinition.Unit { definition.unit }
    /// An average's standard deviation is wanted too (`with ci`); it costs a pass, so only then.
    var spread = false
    /// Computed for a formula but not shown (`count / invånare` without `invånare` in show).
    var isHidden = false
    /// `percent of row|column|total`.
    var percentOf: PercentBase = .column
    var formula: Formula? { if case .formula(let f) = input { f } else { nil } }

    /// Whether its moments need the sum of squares (a spread measure, or an average's interval).
    var needsSquares: Bool { if case .moments(let spread) = definition.accumulation { spread || self.spread } else { false } }

    /// Its value from a group's moments (both engines finish a measure of moments here).
    func value(_ moments: Moments) -> MeasureValue {
        .number(definition.fromMoments!(moments), n: moments.n, sd: spread ? moments.variance?.squareRoot() : nil)
    }

    init(_ definition: MeasureDefinition, input: Input = .rows, fraction: Double? = nil, label: String, isPercentScale: Bool = false) {
        self.definition = definition
        self.input = input
        self.fraction = fraction ?? definition.fraction
        self.label = label
        self.isPercentScale = isPercentScale
    }
}

struct BoundQuery {
    let table: Table
    let filter: BoundCondition?
    let measures: [BoundMeasure]
    let by: [BoundDimension]
    enum Pivot { case across(BoundDimension), compare(BoundDimension, values: [String]) }
    let pivot: Pivot?
    let order: [(key: String, descending: Bool)]
    let top: Int?
    /// `with ci`: the confidence level in percent of the intervals to add (nil: none).
    var confidence: Double? = nil
    /// `having`: which groups of the result to keep.
    var having: ResultCondition? = nil
    /// `with test`: a chi-square test of the crosstab.
    var test = false
    /// Where `invånare` finds its population (nil: the query has none).
    var population: PopulationScope? = nil

    /// The measures shown, with their indices in `measures`.
    var shown: [(index: Int, measure: BoundMeasure)] {
        measures.enumerated().filter { !$0.element.isHidden }.map { ($0.offset, $0.element) }
    }
}

/// A formula over a group's measures (indices into `BoundQuery.measures`) and numbers.
indirect enum Formula {
    case measure(Int)
    case number(Double)
    /// `invånare`: the population of the group's area, year, kön and åldersgrupp.
    case population
    case binary(ArithmeticOperator, Formula, Formula)

    var measures: [Int] {
        switch self {
        case .measure(let m): [m]
        case .number, .population: []
        case .binary(_, let a, let b): a.measures + b.measures
        }
    }
    var usesPopulation: Bool {
        switch self {
        case .population: true
        case .measure, .number: false
        case .binary(_, let a, let b): a.usesPopulation || b.usesPopulation
        }
    }
}

/// `having`: a condition on a group's measures, bound to their indices.
indirect enum ResultCondition {
    case compare(measure: Int, ComparisonOperator, Double)
    case and(ResultCondition, ResultCondition)
    case or(ResultCondition, ResultCondition)
    case not(ResultCondition)
}

extension BoundCondition {
    /// The column a leaf tests (nil for and, or, not).
    var path: ColumnPath? {
        switch self {
        case .codes(let p, _), .intCompare(let p, _, _), .intRange(let p, _, _), .intIn(let p, _), .setAny(let p, _),
             .setAll(let p, _), .setEmpty(let p), .yearsOverlap(let p, _, _), .yearsIn(let p, _), .referenceIn(let p, _),
             .referenceSetHas(let p, _, _), .referenceSetEmpty(let p), .textIn(let p, _), .isMissing(let p):
            p
        case .and, .or, .not: nil
        }
    }

    /// The columns the condition tests, in order, once each.
    var testedColumns: [String] {
        switch self {
        case .and(let a, let b), .or(let a, let b):
            let left = a.testedColumns
            return left + b.testedColumns.filter { !left.contains($0) }
        case .not(let a): return a.testedColumns
        default: return path.map { [$0.name] } ?? []
        }
    }

    /// The same test of another path to the column (a leaf only).
    func replacingPath(with p: ColumnPath) -> BoundCondition {
        switch self {
        case .codes(_, let allowed): .codes(p, allowed: allowed)
        case .intCompare(_, let op, let value): .intCompare(p, op: op, value: value)
        case .intRange(_, let low, let high): .intRange(p, low: low, high: high)
        case .intIn(_, let values): .intIn(p, values: values)
        case .setAny(_, let mask): .setAny(p, mask: mask)
        case .setAll(_, let mask): .setAll(p, mask: mask)
        case .setEmpty: .setEmpty(p)
        case .yearsOverlap(_, let low, let high): .yearsOverlap(p, low: low, high: high)
        case .yearsIn(_, let years): .yearsIn(p, years: years)
        case .referenceIn(_, let rows): .referenceIn(p, rows: rows)
        case .referenceSetHas(_, let rows, let all): .referenceSetHas(p, rows: rows, all: all)
        case .referenceSetEmpty: .referenceSetEmpty(p)
        case .textIn(_, let values): .textIn(p, values: values)
        case .isMissing: .isMissing(p)
        case .and, .or, .not: self
        }
    }
}
