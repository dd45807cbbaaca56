import FinsamStore
/// A piece of source (a script, a line typed at the prompt) as Unicode scalars, so that
/// positions and columns count characters as a user sees them (å and – are one each).
public struct SourceText: Sendable {
    /// The file's path, or `<input>`: the place errors name.
    public let name: String
    /// The text, one element per scalar.
    public let scalars: [Unicode.Scalar]
    /// The first line's number (a statement read from the middle of a script keeps its place).
    public let firstLine: Int
    private let lineStarts: [Int]

    /// A source of `text` named `name`, its first line numbered `firstLine`.
    public init(_ text: String, name: String = "<input>", firstLine: Int = 1) {
        self.name = name
        self.firstLine = firstLine
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        lineStarts = starts
    }

    /// 1-based line and column of an offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (firstLine + lo, offset - lineStarts[lo] + 1)
    }

    /// The line that holds the scalar at `offset`, without its line break.
    public func line(containing offset: Int) -> String {
        let (line, _) = location(of: offset)
        let start = lineStarts[line - firstLine]
        var end = start
        while end < scalars.count, scalars[end] != "\n", scalars[end] != "\r" { end += 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    /// The text of a span.
    public func text(_ span: SourceSpan) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[max(0, span.start)..<min(scalars.count, span.end)])
        return String(view)
    }
}

/// A range of a source, in scalars.
public struct SourceSpan: Sendable, Hashable {
    /// The first scalar's offset.
    public var start: Int
    /// The offset after the last scalar.
    public var end: Int

    /// The span from `start` up to `end`.
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The span from this one to `other`, both included.
    public func to(_ other: SourceSpan) -> SourceSpan { SourceSpan(min(start, other.start), max(end, other.end)) }
    /// The number of scalars.
    public var length: Int { end - start }
}
