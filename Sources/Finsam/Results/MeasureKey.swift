import FinsamStore
/// A measure by its meaning, not by how it was typed: `andel(x)`, `Andel( x )` and
/// `ANDEL(X) as "i arbete"` are one key, its canonical text. Two measures with the same key compute the
/// same thing, whatever the spelling, alias, language of the keywords or display locale.
///
/// The canonical text is the measure's tokens: measure names and keywords in their English
/// spelling (`antal` → `count`, `och` → `and`), other words in lower case, numbers as written
/// by Swift (`0.9`), a quoted single word as the word; one space between tokens, none inside
/// parentheses or around `.` and `,` (before). An `as` name is not part of it, nor `of column`
/// after `percent` (its default).
public struct MeasureKey: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The canonical text: `count`, `percent of row`, a measure of a column by its English name.
    public let text: String

    /// The key of a measure as it is written in `show` (any spelling).
    public init(_ written: String) { text = Self.canonical(written) }

    /// The key of a measure written as a string literal (`"andel(x)"`).
    public init(stringLiteral value: String) { self.init(value) }

    /// The canonical text.
    public var description: String { text }

    // The keys of named measures (`.count`, `.percent`, …) are in MeasureCatalogue.swift, beside
    // their definitions.

    /// Encoded as its text alone.
    public init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the canonical text alone.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    static func canonical(_ written: String) -> String {
        // Text that does not lex is kept as written, trimmed: it matches no measure of a result.
        var lexer = Lexer(SourceText(written))
        guard var tokens = try? lexer.tokens() else { return written.trimmingSpaces }
        tokens.removeAll { $0.kind == .end }
        var depth = 0
        var out = ""
        var previous: Token?
        for (i, token) in tokens.enumerated() {
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth -= 1 }
            // `as "name"` labels the column; it does not change the measure.
            if depth == 0, token.keyword == .as { break }
            let piece: String
            switch token.kind {
            case .word:
                let canonical = Keywords.canonical(token)
                // A measure name (or a keyword), canonical; another word (a column, a value) in lower case.
                let isName = canonical != token.folded || MeasureCatalogue.named(token.text) != nil || token.keyword != nil
                piece = isName && !(i + 1 < tokens.count && tokens[i + 1].isSymbol(".")) && previous?.isSymbol(".") != true
                    ? canonical : token.text.lowercased()
            case .number(let v): piece = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
            case .string(let s):
                let isWord = s.unicodeScalars.first.map(Lexer.isWordStart) == true
                    && s.unicodeScalars.allSatisfy { Lexer.isWordPart($0) || Lexer.isDash($0) }
                piece = isWord ? s.lowercased() : "\"\(s)\""
            default: piece = token.text
            }
            let tight = previous == nil || previous!.isSymbol("(") || previous!.isSymbol(".")
                || token.isSymbol(")") || token.isSymbol(",") || token.isSymbol(".")
                || (token.isSymbol("(") && previous?.kind == .word)
            out += (tight ? "" : " ") + piece
            previous = token
        }
        // A percent is of its column unless it says otherwise.
        if out.hasPrefix("percent"), out.hasSuffix(" of column") { out.removeLast(" of column".count) }
        return out
    }
}
