import FinsamStore
/// The syntax tree: what was written, with a span for every part, before any name is known.

/// A possibly dotted name: `kön`, `förbund.län`.
public struct NameRef: Sendable {
    public var parts: [String]
    public var span: SourceSpan
    public var text: String { parts.joined(separator: ".") }
}

public indirect enum Expr: Sendable {
    case name(NameRef)
    case number(Double, SourceSpan)
    case string(String, SourceSpan)
    /// A bare word that is not a known name: a category value (`kvinna`), checked by the binder.
    case word(String, SourceSpan)
    case date(Int32, SourceSpan)
    case compare(ComparisonOperator, Expr, Expr, SourceSpan)
    case inList(Expr, [Expr], SourceSpan)
    case inRange(Expr, Expr, Expr, SourceSpan)
    case has(Expr, HasMode, [Expr], SourceSpan)
    case isEmpty(Expr, negated: Bool, SourceSpan)
    case isMissing(Expr, negated: Bool, SourceSpan)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr, SourceSpan)
    case call(String, [Expr], SourceSpan)
    /// `slutdatum - startdatum`, `omfattning_slut - omfattning_start`: row-level arithmetic.
    case arithmetic(ArithmeticOperator, Expr, Expr, SourceSpan)
    /// `case when c then "a" … else "b" end`: the first condition that holds names the row's category.
    case cases([(condition: Expr, label: String)], otherwise: String?, SourceSpan)

    public enum HasMode: Sendable { case one, any, all }

    public var span: SourceSpan {
        switch self {
        case .name(let n): n.span
        case .number(_, let s), .string(_, let s), .word(_, let s), .date(_, let s): s
        case .compare(_, _, _, let s), .inList(_, _, let s), .inRange(_, _, _, let s), .has(_, _, _, let s): s
        case .isEmpty(_, _, let s), .isMissing(_, _, let s), .not(_, let s), .call(_, _, let s), .arithmetic(_, _, _, let s), .cases(_, _, let s): s
        case .and(let a, let b), .or(let a, let b): a.span.to(b.span)
        }
    }
}

public struct MeasureSyntax: Sendable {
    /// The measure's canonical name (`MeasureCatalogue`): `andel` is `share`; empty for a formula.
    public var name: String
    public var arguments: [Expr]
    public var alias: String?
    public var span: SourceSpan
    /// `percent of row|column|total` (nil: of its column).
    public var percentOf: PercentBase? = nil
    /// `count / individer`, `count / invånare * 1000`: arithmetic between measures and numbers.
    public var formula: FormulaSyntax? = nil
}

/// What a `percent` is a share of.
public enum PercentBase: String, Sendable { case row, column, total }

/// `+ - * /`, between measures (`count / individer`) or between a row's columns.
public enum ArithmeticOperator: String, Sendable {
    case plus = "+", minus = "-", times = "*", divided = "/"
}

/// A formula over measures as written.
public indirect enum FormulaSyntax: Sendable {
    case measure(MeasureSyntax)
    case number(Double, SourceSpan)
    case binary(ArithmeticOperator, FormulaSyntax, FormulaSyntax, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .measure(let m): m.span
        case .number(_, let s), .binary(_, _, _, let s): s
        }
    }
}

public struct QuerySyntax: Sendable {
    public var table: NameRef
    public var filter: Expr?
    public var measures: [MeasureSyntax] = []
    public var by: [Expr] = []
    public var across: Expr?
    public var compare: (dimension: Expr, values: [Expr])?
    /// `having count >= 30`: a condition on the result's measures.
    public var having: Expr?
    public var order: [(key: NameRef, descending: Bool)] = []
    public var top: (count: Int, span: SourceSpan)?
    /// `with ci`: confidence intervals next to shares and means.
    public var intervals: SourceSpan?
    /// `with test`: Pearson's chi-square test of a crosstab.
    public var test: SourceSpan?
    /// `list a, b`: the rows' values instead of measures.
    public var list: [NameRef]?
    /// `then show …`: the next steps, each over the result of the one before (their `table` is empty).
    public var steps: [QuerySyntax] = []
    /// `plot`: draw the result as a chart.
    public var plot: SourceSpan?
    public var span: SourceSpan
}

public enum StatementSyntax: Sendable {
    case query(QuerySyntax)
    case letBinding(name: String, nameSpan: SourceSpan, value: Expr, span: SourceSpan)
    case set(setting: String, value: String, span: SourceSpan)
    case describe(NameRef?, span: SourceSpan)
    case tables(span: SourceSpan)
    case values(NameRef, table: NameRef?, span: SourceSpan)
    case load(LoadSyntax, span: SourceSpan)
    case export(path: String, span: SourceSpan)
    case expectValue(ExpectedValue, span: SourceSpan)
    case expectTable(rows: [(text: String, span: SourceSpan)], span: SourceSpan)
    case help(String?, span: SourceSpan)
    /// `sql from …`: the query as one DuckDB statement over the CSV files, not run.
    case sql(QuerySyntax, span: SourceSpan)
    /// `explain from …`: the query's plan, not run.
    case explain(QuerySyntax, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .query(let q): q.span
        case .letBinding(_, _, _, let s), .set(_, _, let s), .describe(_, let s), .tables(let s), .values(_, _, let s),
             .load(_, let s), .export(_, let s), .expectValue(_, let s), .expectTable(_, let s), .help(_, let s), .sql(_, let s),
             .explain(_, let s): s
        }
    }
}

/// `load deltagare from "dis.xlsx" sheet "2018" as dis with förbund = "x", insats = 12 lenient`.
public struct LoadSyntax: Sendable {
    public var table: NameRef
    public var path: String
    public var sheet: String?
    /// `as dis` (a built-in profile) or `as "mitt.yaml"` (a profile file).
    public var profile: (name: String, isFile: Bool, span: SourceSpan)?
    /// `with förbund = "x", insats = 12`: values for the profile's parameters.
    public var parameters: [(name: String, value: String, span: SourceSpan)] = []
    public var lenient = false
}

/// The value of `expect 9590` or `expect 32 %` (decimals as written count for rounding).
public struct ExpectedValue: Sendable {
    public var number: Double
    public var decimals: Int
    public var isPercent: Bool
    /// `9,590` read with the comma as an English digit group (9590), for `set locale en`.
    public var grouped: Double? = nil
}

/// A comparison, resolved once by the parser (`<>` and `≠` are `!=`, `≤` `<=`, `≥` `>=`), then
/// typed through binding and execution.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// `=` or `!=`: the comparisons every kind of value has.
    public var isEquality: Bool { self == .equal || self == .notEqual }
}
