import FinsamStore
/// Turns source text into tokens. Words may hold Swedish letters and inner hyphens or en
/// dashes (`a-kassa`, `16–29`, `60–`); `--` starts a comment to the end of the line; a line
/// whose first character is `|` is one table-literal row.
struct Lexer {
    let source: SourceText
    private var i = 0
    private var atLineStart = true
    /// Where the token being read began (for errors that stop it).
    private var tokenStart = 0

    init(_ source: SourceText) { self.source = source }

    private var s: [Unicode.Scalar] { source.scalars }

    static func isWordStart(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" }
    static func isWordPart(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) }
    static func isDash(_ c: Unicode.Scalar) -> Bool { c == "-" || c == "–" }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    mutating func tokens() throws(FinsamError) -> [Token] {
        var out: [Token] = []
        while true {
            let token = try next()
            out.append(token)
            if token.kind == .end { return out }
        }
    }

    /// The tokens of a whole script, going on after an error at the next line: each error with
    /// the offset of the token it stopped (so that a runner can fail that statement alone).
    mutating func tokensRecovering() -> (tokens: [Token], errors: [(offset: Int, error: FinsamError)]) {
        var out: [Token] = [], errors: [(offset: Int, error: FinsamError)] = []
        while true {
            do throws(FinsamError) {
                let token = try next()
                out.append(token)
                if token.kind == .end { return (out, errors) }
            } catch {
                errors.append((tokenStart, error))
                while let c = peek(), c != "\n" { i += 1 }
            }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

    private mutating func next() throws(FinsamError) -> Token {
        var newline = atLineStart
        atLineStart = false
        // Skip blanks and comments, noting line breaks.
        while let c = peek() {
            if c == "\n" { newline = true; i += 1; continue }
            if c == " " || c == "\t" || c == "\r" || c == "\u{00A0}" { i += 1; continue }
            if c == "-", peek(1) == "-" {
                while let d = peek(), d != "\n" { i += 1 }
                continue
            }
            break
        }
        let start = i
        tokenStart = start
        func token(_ kind: Token.Kind, _ text: String? = nil) -> Token {
            Token(kind: kind, text: text ?? source.text(SourceSpan(start, i)), span: SourceSpan(start, i), startsLine: newline)
        }
        guard let c = peek() else { return Token(kind: .end, text: "", span: SourceSpan(s.count, s.count), startsLine: true) }

        if c == "|" && newline {
            while let d = peek(), d != "\n" { i += 1 }
            return token(.tableRow(source.text(SourceSpan(start, i))))
        }
        if c == "\"" || c == "“" || c == "”" {
            i += 1
            var value = String.UnicodeScalarView()
            while true {
                guard let d = peek() else {
                    let firstLine = source.scalars[start...].firstIndex(of: "\n") ?? i
                    throw FinsamError(Message(.quoteNotClosed2), at: SourceSpan(start, firstLine), in: source, hint: Message(.endItWith), kind: .openQuote)
                }
                i += 1
                // A value may go on over a line break (typed over two lines): the break and the
                // spaces around it read as one space.
                if d == "\n" || d == "\r" {
                    while let last = value.last, last == " " || last == "\t" { value.removeLast() }
                    while let next = peek(), next == " " || next == "\t" || next == "\n" || next == "\r" { i += 1 }
                    value.append(" ")
                    continue
                }
                if d == "\"" || d == "”" || d == "“" {
                    if peek() == "\"" { value.append("\""); i += 1; continue }
                    break
                }
                value.append(d)
            }
            return token(.string(String(value)))
        }
        if Self.isDigit(c) {
            while let d = peek(), Self.isDigit(d) { i += 1 }
            // A date: 2018-01-31.
            if i - start == 4, let d = peek(), Self.isDash(d), let day = try dateLiteral(from: start) { return token(.date(day)) }
            // A band or value: 16–29, 60–, 1-3.
            if let d = peek(), Self.isDash(d), peek(1).map({ Self.isDigit($0) || !Self.isWordPart($0) }) ?? true, peek(1) != "-" {
                i += 1
                while let e = peek(), Self.isWordPart(e) { i += 1 }
                return token(.word)
            }
            if peek() == ".", let d = peek(1), Self.isDigit(d) {
                i += 1
                while let e = peek(), Self.isDigit(e) { i += 1 }
            }
            let text = source.text(SourceSpan(start, i))
            return token(.number(Double(text)!))
        }
        if Self.isWordStart(c) {
            while let d = peek() {
                if Self.isWordPart(d) { i += 1; continue }
                // Inner dashes join words (a-kassa), but not a comment (--).
                if Self.isDash(d), let e = peek(1), Self.isWordPart(e), !(d == "-" && e == "-") { i += 1; continue }
                break
            }
            return token(.word)
        }
        // `$name`: a parameter; its value is bound by the parser, never pasted into the text.
        if c == "$", let d = peek(1), Self.isWordStart(d) {
            i += 1
            while let e = peek(), Self.isWordPart(e) { i += 1 }
            return token(.parameter(source.text(SourceSpan(start + 1, i))))
        }
        let two = peek(1).map { String(c) + String($0) } ?? ""
        if ["<=", ">=", "!=", "<>", ".."].contains(two) { i += 2; return token(.symbol, two == "<>" ? "!=" : two) }
        if "=<>(),.;%*+/".unicodeScalars.contains(c) { i += 1; return token(.symbol) }
        if c == "≠" { i += 1; return token(.symbol, "!=") }
        if c == "≤" { i += 1; return token(.symbol, "<=") }
        if c == "≥" { i += 1; return token(.symbol, ">=") }
        i += 1
        if c == "'" || c == "‘" || c == "’" {
            throw FinsamError(Message(.singleQuotes), at: SourceSpan(start, i), in: source,
                              hint: Message(.useDoubleQuotes), kind: .syntax)
        }
        if Self.isDash(c), let d = peek(), Self.isDigit(d) {
            throw FinsamError(Message(.negativeNumber), at: SourceSpan(start, i + 1), in: source,
                              hint: Message(.negativeHint), kind: .syntax)
        }
        // A minus between operands (`slutdatum - startdatum`); an en dash is a band's (16–29).
        if c == "-" { return token(.symbol, "-") }
        throw FinsamError(Message(.unexpectedCharacter, String(c)), at: SourceSpan(start, i), in: source, kind: .syntax)
    }

    /// Reads `YYYY-MM-DD` starting at `start` (the year's digits already consumed); a text of
    /// that shape that is no date (2018-13-01, 2018-02-30) is an error, not three tokens.
    private mutating func dateLiteral(from start: Int) throws(FinsamError) -> Int32? {
        guard i + 5 < s.count + 0, s.count >= start + 10 else { return nil }
        let text = source.text(SourceSpan(start, start + 10))
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" })
        guard parts.count == 3, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        if start + 10 < s.count, Self.isWordPart(s[start + 10]) { return nil }
        guard (1...12).contains(m) else {
            throw FinsamError(Message(.noMonth, text, m), at: SourceSpan(start, start + 10), in: source, hint: Message(.datesWritten), kind: .syntax)
        }
        guard d >= 1, d <= Day.daysIn(month: m, year: y) else {
            throw FinsamError(Message(.monthDays, text, m, y, Day.daysIn(month: m, year: y)), at: SourceSpan(start, start + 10), in: source,
                              hint: Message(.datesWritten), kind: .syntax)
        }
        i = start + 10
        return Day.number(year: y, month: m, day: d)
    }
}
