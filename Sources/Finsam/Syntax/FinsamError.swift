import FinsamStore
/// An error in a statement: what kind, where (a span of the source, or a file's line and
/// column), what was expected, and the likely fix. A value with parts, rendered like a compiler
/// diagnostic: `file:line:col: error: …`, the line, a caret, a hint. Shells colour the parts
/// (`render(style:)`); they never parse the text.
public struct FinsamError: Error, Sendable, CustomStringConvertible, CatalogueMessages {
    /// What went wrong, for programs that react to it (a test, a shell, a service).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The text is not a statement of the language (an unexpected word, a missing value).
        case syntax
        /// A quoted value runs to the end of the text: more input may close it.
        case openQuote
        /// A table, column, measure or `let` that does not exist.
        case unknownName
        /// A value a column does not hold (`kön = kvina`).
        case unknownValue
        /// A name or value used where it does not fit (a set compared with <, an average of text).
        case type
        /// A file that could not be read or loaded.
        case load
        /// An `expect` that did not hold: `mismatches` has what was expected and what the result holds.
        case expectation
        /// A statement refused because it would show single persons' rows while suppression is on.
        case suppressionRefused
        /// A statement a read-only session does not run: `load`, `export`, a file.
        case readOnly
        /// A `$name` parameter with no value given, or a value of no use there.
        case parameter
        /// A query stopped by its caller.
        case cancelled
        /// Anything else (a setting's value, an export's file name).
        case other
    }

    /// What went wrong.
    public var kind: Kind
    /// What went wrong, before it is put in a language (an entry of the message catalogue).
    public var messageText: Message
    /// The likely fix, before it is put in a language.
    public var hintText: Message?
    /// The language of `message`, `hint` and `description`: the session's (`set locale`) when the
    /// error leaves a session; else the current language when it was made (Swedish unless set).
    public var language: Language = Language.current
    /// Where in `source` (a statement's text).
    public var span: SourceSpan?
    /// The text the statement came from (its name is the file or `<input>`).
    public var source: SourceText?
    /// For a failed `expect`: each value that differs, with what was expected and what the result holds.
    public var mismatches: [Mismatch] = []

    /// A value of a failed `expect`: the expected number as written, and the cell the result holds.
    public struct Mismatch: Sendable, Equatable {
        /// The row's labels as written in the expected table (empty for `expect <value>`).
        public var row: [String]
        /// The column's header (nil for `expect <value>`).
        public var column: String?
        /// The expected number (nil when `–`, no value, was expected or an interval).
        public var expected: Double?
        /// The expected value as written or as the locale writes it (`29,0 %`, `27,8 – 30,3`).
        public var expectedText: String
        /// The result's cell.
        public var actual: Cell
        /// The cell as the session shows it, with the expected number's decimals.
        public var actualText: String
    }
    /// A file's place, for a load error: the file, and its 1-based line and column where known.
    public var file: String?
    /// The 1-based line in `file`, where known.
    public var fileLine: Int?
    /// The 1-based column in `file`, where known.
    public var fileColumn: Int?
    /// The file's line, and the width of the field at fault, for the caret.
    var fileText: String?
    var fileWidth = 1

    /// An error with its message, place, hint and kind.
    public init(_ message: Message, at span: SourceSpan? = nil, in source: SourceText? = nil, hint: Message? = nil, kind: Kind = .other) {
        self.messageText = message
        self.span = span
        self.source = source
        self.hintText = hint
        self.kind = kind
    }

    /// An error with a message and hint that are not translated (an embedder's own).
    @_disfavoredOverload
    public init(_ message: String, at span: SourceSpan? = nil, in source: SourceText? = nil, hint: String? = nil, kind: Kind = .other) {
        self.init(.verbatim(message), at: span, in: source, hint: hint.map(Message.verbatim), kind: kind)
    }

    /// The same error, in `language`.
    public func `in`(_ language: Language) -> FinsamError {
        var copy = self
        copy.language = language
        return copy
    }

    /// The diagnostic as plain text in `language`.
    public func description(in language: Language) -> String { self.in(language).description }

    /// 1-based line and column: in the statement's source, else in the file that failed to load.
    public var location: (line: Int, column: Int)? {
        if let span, let source { return source.location(of: span.start) }
        if let fileLine { return (fileLine, fileColumn ?? 1) }
        return nil
    }

    /// The colours of a rendering: each part of the diagnostic passed through its function.
    public struct Style: Sendable {
        /// Colours `error:`.
        public var label: @Sendable (String) -> String
        /// Colours the caret line.
        public var caret: @Sendable (String) -> String
        /// Colours the hint.
        public var hint: @Sendable (String) -> String

        /// Colours for the `error:` label, the caret line and the hint.
        public init(label: @escaping @Sendable (String) -> String, caret: @escaping @Sendable (String) -> String,
                    hint: @escaping @Sendable (String) -> String) {
            self.label = label
            self.caret = caret
            self.hint = hint
        }

        /// No colour at all.
        public static let plain = Style(label: { $0 }, caret: { $0 }, hint: { $0 })
    }

    /// The diagnostic as plain text: place, message, the line with a caret, the hint.
    public var description: String { render(style: .plain) }

    /// `place: error: message`, the source line with a caret under the place, `hint: …`.
    public func render(style: Style) -> String {
        var place: String?
        var caret: String?
        if let span, let source, let (line, column) = location {
            place = "\(source.name):\(line):\(column)"
            caret = CaretLine.render(line: line, text: source.line(containing: span.start), column: column, width: span.length)
        } else if let file {
            place = file + (fileLine.map { ":\($0)" } ?? "") + (fileLine != nil ? (fileColumn.map { ":\($0)" } ?? "") : "")
            if let fileText, let fileLine { caret = CaretLine.render(line: fileLine, text: fileText, column: fileColumn, width: fileWidth) }
        }
        var out = (place.map { $0 + ": " } ?? "") + style.label("error:") + " " + message
        if let caret {
            // The source line stays plain; only its caret line is coloured.
            let lines = caret.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            out += "\n" + lines.enumerated().map { $0.offset == lines.count - 1 ? style.caret($0.element) : $0.element }.joined(separator: "\n")
        }
        if let hint { out += "\n" + style.hint("  " + Message(.hintLabel, hint).render(in: language)) }
        return out
    }
}

extension FinsamError {
    /// Wraps a loader error so sessions report one kind of error, keeping its file, line and column.
    init(_ error: LoadError) {
        self.init(error.messageText, hint: error.hintText, kind: .load)
        file = error.file
        fileLine = error.line
        fileColumn = error.column
        fileText = error.sourceLine
        fileWidth = (error.text ?? "").count
    }
}
