import FinsamStore
/// The syntax tree: what was written, with a span for every part, before any name is known.

/// A possibly dotted name: `kön`, `förbund.län`.
public struct NameRef: Sendable {
    /// The name's parts: `["förbund", "län"]`.
    public var parts: [String]
    /// Where it stands in the source.
    public var span: SourceSpan
    /// The name as written with dots.
    public var text: String { parts.joined(separator: ".") }
}

/// An expression as written: a name, a value, a condition, a call, arithmetic.
public indirect enum Expr: Sendable {
    /// A column, a related column or a `let`.
    case name(NameRef)
    /// A number.
    case number(Double, SourceSpan)
    /// A quoted value.
    case string(String, SourceSpan)
    /// A bare word that is not a known name: a category value (`kvinna`), checked by the binder.
    case word(String, SourceSpan)
    /// A date, as a day number.
    case date(Int32, SourceSpan)
    /// `a = b`, `a < b`, …
    case compare(ComparisonOperator, Expr, Expr, SourceSpan)
    /// `a in (x, y)`.
    case inList(Expr, [Expr], SourceSpan)
    /// `a in x..y`.
    case inRange(Expr, Expr, Expr, SourceSpan)
    /// `a has x`, `has any (…)`, `has all (…)`.
    case has(Expr, HasMode, [Expr], SourceSpan)
    /// `a is [not] empty`.
    case isEmpty(Expr, negated: Bool, SourceSpan)
    /// `a is [not] missing`.
    case isMissing(Expr, negated: Bool, SourceSpan)
    /// `a and b`.
    case and(Expr, Expr)
    /// `a or b`.
    case or(Expr, Expr)
    /// `not a`.
    case not(Expr, SourceSpan)
    /// `bin(…)`, `month(…)` and other calls.
    case call(String, [Expr], SourceSpan)
    /// `slutdatum - startdatum`, `omfattning_slut - omfattning_start`: row-level arithmetic.
    case arithmetic(ArithmeticOperator, Expr, Expr, SourceSpan)
    /// `case when c then "a" … else "b" end`: the first condition that holds names the row's category.
    case cases([(condition: Expr, label: String)], otherwise: String?, SourceSpan)

    /// `has x`, `has any (…)`, `has all (…)`.
    public enum HasMode: Sendable { case one, any, all }

    /// Where it stands in the source.
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

/// A measure of `show` as written: name, arguments, `as` name.
public struct MeasureSyntax: Sendable {
    /// The measure's canonical name (`MeasureCatalogue`): its English name for `andel`, `medel`, …; empty for a formula.
    public var name: String
    /// What it takes in parentheses.
    public var arguments: [Expr]
    /// The `as` name, if any.
    public var alias: String?
    /// Where it stands in the source.
    public var span: SourceSpan
    /// `percent of row|column|total` (nil: of its column).
    public var percentOf: PercentBase? = nil
    /// `count / invånare * 1000`: arithmetic between measures and numbers.
    public var formula: FormulaSyntax? = nil
}

/// What a `percent` is a part of.
public enum PercentBase: String, Sendable { case row, column, total }

/// `+ - * /`, between measures (`count / invånare`) or between a row's columns.
public enum ArithmeticOperator: String, Sendable {
    /// The four operations.
    case plus = "+", minus = "-", times = "*", divided = "/"
}

/// A formula over measures as written.
public indirect enum FormulaSyntax: Sendable {
    /// A measure.
    case measure(MeasureSyntax)
    /// A number.
    case number(Double, SourceSpan)
    /// Two formulas and an operation.
    case binary(ArithmeticOperator, FormulaSyntax, FormulaSyntax, SourceSpan)

    /// Where it stands in the source.
    public var span: SourceSpan {
        switch self {
        case .measure(let m): m.span
        case .number(_, let s), .binary(_, _, _, let s): s
        }
    }
}

/// A query as written, clause by clause.
public struct QuerySyntax: Sendable {
    /// The table after `from` (or `load`).
    public var table: NameRef
    /// The `where` condition.
    public var filter: Expr?
    /// The measures of `show`.
    public var measures: [MeasureSyntax] = []
    /// The dimensions of `by`.
    public var by: [Expr] = []
    /// The dimension of `across`.
    public var across: Expr?
    /// The dimension of `compare` and the values compared.
    public var compare: (dimension: Expr, values: [Expr])?
    /// `having count >= 30`: a condition on the result's measures.
    public var having: Expr?
    /// The keys of `order by`.
    public var order: [(key: NameRef, descending: Bool)] = []
    /// `top n`.
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
    /// Where it stands in the source.
    public var span: SourceSpan
}

/// A statement as written.
public enum StatementSyntax: Sendable {
    /// `from …`.
    case query(QuerySyntax)
    /// `let name = …`.
    case letBinding(name: String, nameSpan: SourceSpan, value: Expr, span: SourceSpan)
    /// `set setting value`.
    case set(setting: String, value: String, span: SourceSpan)
    /// `describe [table]`.
    case describe(NameRef?, span: SourceSpan)
    /// `tables`.
    case tables(span: SourceSpan)
    /// `values column [from table]`.
    case values(NameRef, table: NameRef?, span: SourceSpan)
    /// `load table from "file" …`.
    case load(LoadSyntax, span: SourceSpan)
    /// `export to "file"`.
    case export(path: String, span: SourceSpan)
    /// `expect 9590`, `expect 32 %`.
    case expectValue(ExpectedValue, span: SourceSpan)
    /// `expect` and a table's rows.
    case expectTable(rows: [(text: String, span: SourceSpan)], span: SourceSpan)
    /// `help [topic]`.
    case help(String?, span: SourceSpan)
    /// `sql from …`: the query as one DuckDB statement over the CSV files, not run.
    case sql(QuerySyntax, span: SourceSpan)
    /// `explain from …`: the query's plan, not run.
    case explain(QuerySyntax, span: SourceSpan)

    /// Where it stands in the source.
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
    /// The table the file replaces.
    public var table: NameRef
    /// The file's path.
    public var path: String
    /// A workbook's sheet by name (nil: the first).
    public var sheet: String?
    /// `as dis` (a built-in profile) or `as "mitt.yaml"` (a profile file).
    public var profile: (name: String, isFile: Bool, span: SourceSpan)?
    /// `with förbund = "x", insats = 12`: values for the profile's parameters.
    public var parameters: [(name: String, value: String, span: SourceSpan)] = []
    /// `lenient`: unknown values load as missing.
    public var lenient = false
}

/// The value of `expect 9590` or `expect 32 %` (decimals as written count for rounding).
public struct ExpectedValue: Sendable {
    /// The expected number.
    public var number: Double
    /// Its decimals as written (the value is rounded to them).
    public var decimals: Int
    /// True when written with `%`.
    public var isPercent: Bool
    /// `9,590` read with the comma as an English digit group (9590), for `set locale en`.
    public var grouped: Double? = nil
}

/// A comparison, resolved once by the parser (`<>` and `≠` are `!=`, `≤` `<=`, `≥` `>=`), then
/// typed through binding and execution.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    /// The six comparisons.
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// `=` or `!=`: the comparisons every kind of value has.
    public var isEquality: Bool { self == .equal || self == .notEqual }
}
