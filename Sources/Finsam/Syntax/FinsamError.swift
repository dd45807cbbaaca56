/// An error in a statement: where (a span of the source), what was expected, and the likely
/// fix. Rendered like a compiler diagnostic: `file:line:col: error: …`, the line, a caret.
public struct FinsamError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var span: SourceSpan?
    public var source: SourceText?

    public init(_ message: String, at span: SourceSpan? = nil, in source: SourceText? = nil, hint: String? = nil) {
        self.message = message
        self.span = span
        self.source = source
        self.hint = hint
    }

    /// 1-based line and column, when the error has a place.
    public var location: (line: Int, column: Int)? {
        guard let span, let source else { return nil }
        return source.location(of: span.start)
    }

    /// The full text of an error from another layer (a file's load error), shown as it is.
    var rendered: String?

    public var description: String {
        if let rendered { return rendered }
        guard let span, let source, let (line, column) = location else {
            return "error: \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
        }
        var out = "\(source.name):\(line):\(column): error: \(message)"
        out += "\n" + CaretLine.render(line: line, text: source.line(containing: span.start), column: column, width: span.length)
        if let hint { out += "\n  hint: \(hint)" }
        return out
    }
}

extension FinsamError {
    /// Wraps a loader error so sessions report one kind of error.
    init(_ error: LoadError) {
        self.init(error.message, hint: error.hint)
        rendered = error.description
    }
}
