import FinsamStore
/// Every measure of the language, one definition each: its names, argument, what the engines add
/// up for it and how its value is finished, its unit, interval, suppression basis, SQL and help.
/// The parser, the binder, both engines, the results, the SQL, help and completion read it; a
/// measure that fits an existing accumulation is added here alone (SQLite's `aBuiltinFunc[]`,
/// DuckDB's function catalogue).
struct MeasureDefinition: Sendable {
    /// What the measure takes in parentheses.
    enum Argument: Sendable, Equatable {
        case none
        /// share(arbete_studier_slut)
        case condition
        /// distinct(kön): a column of any type.
        case column
        /// mean(ålder): a number column.
        case numberColumn
        /// quantile(ålder, 0.9): a number column and a share between 0 and 1.
        case numberColumnAndShare
    }

    /// What the engines add up per group: a few families, each with a fast-scan and a
    /// general-path implementation, that every measure is finished from.
    enum Accumulation: Sendable, Equatable {
        /// The group's rows.
        case rows
        /// A condition's true rows among the rows where it is known.
        case proportion
        /// n, sum, minimum and maximum of a number column (and the sum of squares when `spread`).
        case moments(spread: Bool)
        /// The order statistics of a number column: a quantile.
        case order
        /// The distinct values of a column, or of the person key when the measure takes none.
        case distinctValues
    }

    /// How a value reads, is differenced and exported.
    enum Unit: Sendable, Equatable {
        /// A whole count: differences absolute and relative.
        case count
        /// The group's count as a share of its column's total (a `Cell.proportion` of the total).
        case percentOfColumn
        /// A share with its denominator: differences in percentage points.
        case proportion
        /// A number in the column's unit (in points when the column is a percentage).
        case number
        /// A number in the column's unit, whole when the column's values are (sum, min, max).
        case wholeNumber
        /// A number without the column's unit (a variance, a coefficient of variation).
        case ratio
    }

    enum Interval: Sendable, Equatable { case none, wilson, t }

    /// The rows a cell rests on, for small-cell suppression (`PersonBasis`).
    enum Basis: Sendable, Equatable { case rows, known, valued, persons }

    /// The canonical name, other English spellings and the Swedish ones (matched folded).
    let name: String
    var aliases: [String] = []
    var swedish: [String] = []
    let argument: Argument
    let accumulation: Accumulation
    let unit: Unit
    let interval: Interval
    let basis: Basis
    /// The quantile a measure of order statistics gives when it takes no share (median: 0.5).
    var fraction: Double? = nil
    /// The value from a group's moments (`.moments` only).
    var fromMoments: (@Sendable (Moments) -> Double?)? = nil
    /// Whether the value needs the group's minimum and maximum (`.moments` only): tracking
    /// them costs the scan's loop two more arrays, so only min and max ask for them.
    var extremes = false
    /// DuckDB's aggregate over the measure's input `x` (and share p): nil for measures of rows
    /// and shares, which the SQL counts itself.
    var sql: (@Sendable (_ x: String, _ p: Double) -> String)? = nil
    /// Whether the value keeps its column's unit (a mean of a percentage is one; a sum is not).
    var keepsScale = true
    /// The power of its column's scale in the value: 1 for a mean, 2 for a variance, 0 for a
    /// coefficient of variation (a column stored times 10^k comes back to scale by it).
    var scaling = 1
    /// `help measures`: how it is written and what it gives, in Swedish and English.
    let usage: String
    let help: (sv: String, en: String)

    /// Every spelling, the canonical name first.
    var names: [String] { [name] + aliases + swedish }
    /// Completion's word: `mean(` for a measure with an argument.
    var completion: String { argument == .none ? name : name + "(" }
}

/// A group's moments of a number column's values.
struct Moments {
    var n: Int
    var sum: Double
    var squares: Double
    var low: Int32
    var high: Int32

    var mean: Double? { n > 0 ? sum / Double(n) : nil }
    /// The sample variance (n − 1), as DuckDB's var_samp; nil below two values.
    var variance: Double? {
        guard n > 1, let mean else { return nil }
        // Exact while the sums are whole numbers a Double holds exactly: the textbook formula
        // loses digits when the mean is large against the spread (ids, dates, a pipeline's scaled values).
        if sum == sum.rounded(), squares == squares.rounded(), abs(sum) < 9.0e15, squares < 9.0e15 {
            let d = Int128(n) * Int128(squares) - Int128(sum) * Int128(sum)
            return Double(d) / (Double(n) * Double(n - 1))
        }
        return max(0, (squares - sum * mean) / Double(n - 1))
    }
}

enum MeasureCatalogue {
    static let all: [MeasureDefinition] = [
        .init(name: "count", swedish: ["antal"], argument: .none, accumulation: .rows, unit: .count, interval: .none, basis: .rows,
              usage: "count", help: ("gruppens rader", "the group's rows")),
        .init(name: "individer", aliases: ["individuals"], argument: .none, accumulation: .distinctValues, unit: .count, interval: .none,
              basis: .persons, usage: "individer", help: ("unika personer (personnyckeln)", "distinct persons (the person key)")),
        .init(name: "percent", swedish: ["procent"], argument: .none, accumulation: .rows, unit: .percentOfColumn, interval: .wilson,
              basis: .rows, usage: "percent", help: ("gruppens antal som andel av kolumnens total", "the group's count as a share of its column's total")),
        .init(name: "share", swedish: ["andel"], argument: .condition, accumulation: .proportion, unit: .proportion, interval: .wilson, basis: .known,
              usage: "share(condition)", help: ("bland raderna där villkoret kan avgöras; dess nämnare behålls", "among the rows where the condition can be decided; its denominator is kept")),
        .init(name: "distinct", argument: .column, accumulation: .distinctValues, unit: .count, interval: .none, basis: .rows,
              sql: { x, _ in "count(DISTINCT \(x))" }, usage: "distinct(column)", help: ("antalet olika värden", "the number of distinct values")),
        .init(name: "mean", aliases: ["avg", "average"], swedish: ["medel", "medelvärde"], argument: .numberColumn,
              accumulation: .moments(spread: false), unit: .number, interval: .t, basis: .valued, fromMoments: { $0.mean },
              sql: { x, _ in "avg(\(x))" }, usage: "mean(x)", help: ("medelvärdet över raderna med ett värde", "the mean over the rows with a value")),
        .init(name: "median", argument: .numberColumn, accumulation: .order, unit: .number, interval: .none, basis: .valued,
              fraction: 0.5, sql: { x, _ in "quantile_cont(\(x), 0.5)" }, usage: "median(x)",
              help: ("mittvärdet (medelvärdet av de två mittersta)", "the middle value (the mean of the two middle ones)")),
        .init(name: "sum", swedish: ["summa"], argument: .numberColumn, accumulation: .moments(spread: false), unit: .wholeNumber,
              interval: .none, basis: .valued, fromMoments: { $0.n > 0 ? $0.sum : nil }, sql: { x, _ in "CAST(sum(\(x)) AS DOUBLE)" },
              keepsScale: false, usage: "sum(x)", help: ("summan av värdena", "the sum of the values")),
        .init(name: "min", argument: .numberColumn, accumulation: .moments(spread: false), unit: .wholeNumber, interval: .none,
              basis: .valued, fromMoments: { $0.n > 0 ? Double($0.low) : nil }, extremes: true, sql: { x, _ in "min(\(x))" },
              usage: "min(x)", help: ("det minsta värdet", "the smallest value")),
        .init(name: "max", argument: .numberColumn, accumulation: .moments(spread: false), unit: .wholeNumber, interval: .none,
              basis: .valued, fromMoments: { $0.n > 0 ? Double($0.high) : nil }, extremes: true, sql: { x, _ in "max(\(x))" },
              usage: "max(x)", help: ("det största värdet", "the largest value")),
        .init(name: "quantile", swedish: ["kvantil"], argument: .numberColumnAndShare, accumulation: .order, unit: .number,
              interval: .none, basis: .valued, sql: { x, p in "quantile_cont(\(x), \(p))" },
              usage: "quantile(x, 0.9)", help: ("interpolerat mellan ordningsstatistikor (DuckDB:s quantile_cont)", "interpolated between order statistics (DuckDB's quantile_cont)")),
        .init(name: "stddev", aliases: ["sd"], swedish: ["standardavvikelse"], argument: .numberColumn,
              accumulation: .moments(spread: true), unit: .number, interval: .none, basis: .valued,
              fromMoments: { $0.variance?.squareRoot() }, sql: { x, _ in "stddev_samp(\(x))" },
              usage: "stddev(x)", help: ("stickprovets standardavvikelse (n − 1; DuckDB:s stddev_samp)", "the sample standard deviation (n − 1; DuckDB's stddev_samp)")),
        .init(name: "variance", swedish: ["varians"], argument: .numberColumn, accumulation: .moments(spread: true), unit: .ratio,
              interval: .none, basis: .valued, fromMoments: { $0.variance }, sql: { x, _ in "var_samp(\(x))" }, keepsScale: false, scaling: 2,
              usage: "variance(x)", help: ("stickprovets varians (n − 1; DuckDB:s var_samp)", "the sample variance (n − 1; DuckDB's var_samp)")),
        .init(name: "cv", swedish: ["variationskoefficient"], argument: .numberColumn, accumulation: .moments(spread: true),
              unit: .ratio, interval: .none, basis: .valued,
              fromMoments: { m in m.mean.flatMap { mean in mean == 0 ? nil : m.variance.map { $0.squareRoot() / mean } } },
              sql: { x, _ in "stddev_samp(\(x)) / nullif(avg(\(x)), 0)" }, keepsScale: false, scaling: 0,
              usage: "cv(x)", help: ("variationskoefficienten: standardavvikelse / medelvärde", "the coefficient of variation: standard deviation / mean")),
    ]

    static let count = named("count")!
    /// The measures hints write in their examples (`then show mean(count) …`).
    static let proportion = named("share")!
    static let average = named("mean")!

    /// The measure a word names (`andel`, `medelvärde`, folded or not), if any.
    static func named(_ word: String) -> MeasureDefinition? {
        let folded = NameMatching.fold(word)
        return all.first { $0.names.contains { NameMatching.fold($0) == folded } }
    }

    /// Every other spelling of a measure, to its name (the keyword table's share).
    static var aliases: [String: String] {
        Dictionary(all.flatMap { m in (m.aliases + m.swedish).map { (NameMatching.fold($0), m.name) } }, uniquingKeysWith: { a, _ in a })
    }

    /// `help measures`: a line per measure, with its Swedish names.
    static func helpText(in language: Language) -> String {
        let width = all.map(\.usage.count).max() ?? 0
        return all.map { m in
            m.usage + String(repeating: " ", count: width - m.usage.count + 2) + (language == .sv ? m.help.sv : m.help.en)
                + (m.swedish.isEmpty ? "" : " (\(m.swedish.joined(separator: ", ")))")
        }.joined(separator: "\n")
    }
}

/// Typed keys of the measures an embedder reads most, named as the measures are.
extension MeasureKey {
    /// `count`: the group's rows.
    public static let count = MeasureKey("count")
    /// `individer`: distinct persons.
    public static let individer = MeasureKey("individer")
    /// `percent`: the group's count as a share of its column's total.
    public static let percent = MeasureKey("percent")
    /// `share(condition)`: the share of rows where `condition` holds, among those where it can be decided.
    public static func share(_ condition: String) -> MeasureKey { MeasureKey("share(\(condition))") }
    /// `mean(column)`.
    public static func mean(_ column: String) -> MeasureKey { MeasureKey("mean(\(column))") }
    /// `median(column)`.
    public static func median(_ column: String) -> MeasureKey { MeasureKey("median(\(column))") }
    /// `sum(column)`.
    public static func sum(_ column: String) -> MeasureKey { MeasureKey("sum(\(column))") }
}
