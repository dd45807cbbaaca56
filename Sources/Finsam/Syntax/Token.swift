import FinsamStore
/// The smallest pieces of a statement.
public struct Token: Sendable, CustomStringConvertible {
    /// What kind of piece the token is.
    public enum Kind: Sendable, Equatable {
        /// A name or a bare value (`kön`, `kvinna`, `a-kassa`, `16–29`).
        case word
        /// A number.
        case number(Double)
        /// A quoted value, without its quotes.
        case string(String)
        /// A date literal `YYYY-MM-DD`, as a day number.
        case date(Int32)
        /// `=`, `!=`, `<`, `<=`, `>`, `>=`, `(`, `)`, `,`, `.`, `..`, `;`, `%`.
        case symbol
        /// `$kön`: a parameter, by its name; the parser puts its value in its place.
        case parameter(String)
        /// A row of a table literal (`| kvinna | 5 370 |`), kept as raw text.
        case tableRow(String)
        /// The end of the text.
        case end
    }

    /// What kind of piece.
    public let kind: Kind
    /// The text as written.
    public let text: String
    /// Where it stands in the source.
    public let span: SourceSpan
    /// True when a line break precedes the token: a statement keyword there starts a new statement.
    public let startsLine: Bool
    /// The word in lower case with Swedish letters folded (empty for other tokens).
    public let folded: String
    /// The keyword the word spells (`där` is `where`), resolved once here.
    public let keyword: Keyword?

    /// A token of `kind` with its text and place.
    public init(kind: Kind, text: String, span: SourceSpan, startsLine: Bool) {
        self.kind = kind
        self.text = text
        self.span = span
        self.startsLine = startsLine
        folded = kind == .word ? NameMatching.fold(text) : ""
        keyword = kind == .word ? Keywords.keyword(folded) : nil
    }


    /// True for the symbol `s`.
    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }

    /// The token as an error message names it.
    /// The token as an error names it, in the error's language.
    var message: Message {
        switch kind {
        case .end: Message(.tokenEnd)
        case .tableRow: Message(.tokenTableRow)
        default: .verbatim(description)
        }
    }

    public var description: String {
        switch kind {
        case .end: "the end of the statement"
        // (A string's text is as written, quotes included.)
        case .string: text
        case .tableRow: "a table row"
        default: "'\(text)'"
        }
    }
}
