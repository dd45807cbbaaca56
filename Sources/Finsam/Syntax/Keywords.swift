import FinsamStore
/// Keywords and their Swedish aliases, matched on the folded spelling (`från` = `fran`).
/// (No alias may fold to a column name: `är` would fold to `ar` like `år`, so it is not one.)
enum Keywords {
    static let aliases: [String: String] = MeasureCatalogue.aliases.merging([
        "fran": "from", "dar": "where", "visa": "show", "per": "by", "mot": "across", "jamfor": "compare",
        "och": "and", "eller": "or", "inte": "not", "ordna": "order",
        "topp": "top", "som": "as", "lat": "let", "beskriv": "describe", "tabeller": "tables",
        "varden": "values", "las": "load", "exportera": "export", "forvanta": "expect", "hjalp": "help",
        "saknas": "missing", "tom": "empty", "har": "has", "nagon": "any", "alla": "all",
        "fallande": "desc", "stigande": "asc", "sant": "true", "falskt": "false", "till": "to", "i": "in",
        "rita": "plot", "forklara": "explain", "ki": "ci", "med": "with", "blad": "sheet",
        "strikt": "strict", "tolerant": "lenient", "endast": "having", "sedan": "then", "sa": "then", "lista": "list",
        "valj": "case", "nar": "when", "annars": "else", "slut": "end", "av": "of", "rad": "row", "kolumn": "column",
        "totalt": "total", "totalen": "total",
    ]) { measure, _ in measure }

    /// Words that begin a statement when they start a line.
    static let statements: Set<Keyword> = [.from, .let, .set, .describe, .tables, .values, .load, .export, .expect, .help, .sql, .explain]
    /// Words that begin a clause of a query.
    static let clauses: Set<Keyword> = [.where, .show, .by, .across, .compare, .having, .order, .top, .with, .plot, .then, .list]

    /// A word's canonical spelling: a keyword's or a measure's English name, else the folded word.
    static func canonical(_ token: Token) -> String {
        aliases[token.folded] ?? token.folded
    }

    /// The keyword a folded word spells, in any of its spellings.
    static func keyword(_ folded: String) -> Keyword? { Keyword(rawValue: aliases[folded] ?? folded) }

    static func isStatement(_ token: Token) -> Bool { token.keyword.map(statements.contains) ?? false }
    static func isClause(_ token: Token) -> Bool { token.keyword.map(clauses.contains) ?? false }
}

/// The settings of `set`, with their other spellings (matched folded): one list for the
/// statement, its errors and completion.
enum Setting: String, CaseIterable {
    case format, locale, decimals, denominators, ci, suppress, width

    var aliases: [String] {
        switch self {
        case .format: ["mode"]
        case .locale: ["språk"]
        case .decimals: ["decimaler"]
        case .denominators: ["nämnare"]
        case .ci: ["ki"]
        case .suppress: ["suppression", "röjning"]
        case .width: ["bredd"]
        }
    }

    static func named(_ word: String) -> Setting? {
        let folded = NameMatching.fold(word)
        return allCases.first { NameMatching.fold($0.rawValue) == folded || $0.aliases.contains { NameMatching.fold($0) == folded } }
    }
}

/// The words of the language, resolved once per token by the lexer (Swedish and ASCII spellings
/// through `Keywords.aliases`): the parser matches these, not strings.
public enum Keyword: String, CaseIterable, Sendable {
    /// Clauses of a query.
    case from, `where`, show, by, across, compare, vs, order, top, with, ci, plot
    /// Statements, and `as`.
    case `as`, `let`, set, describe, tables, values, load, export, expect, help, sql, explain
    /// Conditions and options.
    case and, or, not, has, any, all, `is`, missing, empty, `in`, desc, asc, to, sheet, strict, lenient
    /// Clauses, categories, percent bases, tests.
    case having, then, list, `case`, when, `else`, end, of, row, column, total, test
}
