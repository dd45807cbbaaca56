import FinsamStore
/// Recursive descent from tokens to statements. Clauses may stand on one line or several;
/// a statement keyword at the start of a line (or `;`) begins the next statement.
public struct Parser {
    let source: SourceText
    private var tokens: [Token] = []
    private var position = 0
    /// Nesting of parentheses and `not`; bounded so hostile input cannot exhaust the stack.
    private var depth = 0
    static let maxDepth = 200

    /// The values of `$name` parameters, and those used so far.
    private var parameters: [String: ParameterValue] = [:]
    private var usedParameters: Set<String> = []

    /// A parser of `source` (`parse(_:parameters:)` runs one).
    public init(_ source: SourceText) { self.source = source }

    /// The statements of `source`; `$name` in a value's place takes `parameters[name]`.
    public static func parse(_ source: SourceText, parameters: [String: ParameterValue] = [:]) throws(FinsamError) -> [StatementSyntax] {
        var parser = Parser(source)
        parser.parameters = parameters
        var lexer = Lexer(source)
        parser.tokens = try lexer.tokens()
        let statements = try parser.statements()
        // A value given and never used is most likely a misspelt name.
        if let unused = parameters.keys.sorted().first(where: { !parser.usedParameters.contains($0) }) {
            throw FinsamError(Message(.paramUnused, unused), hint: Message(.paramUnusedHint, unused), kind: .parameter)
        }
        return statements
    }

    /// Each statement of a script parsed on its own, in order: an error fails its statement
    /// only, so a runner can go on with the next (as database shells do). Statements are split
    /// where the grammar splits them: at `;` and at a statement keyword that begins a line.
    public static func parseEach(_ source: SourceText) -> [Result<StatementSyntax, FinsamError>] {
        var lexer = Lexer(source)
        let (tokens, lexerErrors) = lexer.tokensRecovering()
        guard let end = tokens.last else { return [] }
        var chunks: [[Token]] = [], current: [Token] = []
        for token in tokens.dropLast() {
            if token.isSymbol(";") || token.startsLine && token.kind == .word && Keywords.isStatement(token) {
                if !current.isEmpty { chunks.append(current) }
                current = token.isSymbol(";") ? [] : [token]
            } else {
                current.append(token)
            }
        }
        if !current.isEmpty { chunks.append(current) }
        // Items in source order: each chunk at its first token, lexer errors inside a chunk fail it.
        var items: [(offset: Int, result: Result<StatementSyntax, FinsamError>)] = []
        var unplaced = lexerErrors
        for (c, chunk) in chunks.enumerated() {
            let from = chunk[0].span.start, to = c + 1 < chunks.count ? chunks[c + 1][0].span.start : Int.max
            if let inside = unplaced.firstIndex(where: { $0.offset >= from && $0.offset < to }) {
                items.append((from, .failure(unplaced[inside].error)))
                unplaced.removeAll { $0.offset >= from && $0.offset < to }
                continue
            }
            var parser = Parser(source)
            let last = chunk[chunk.count - 1].span.end
            parser.tokens = chunk + [Token(kind: .end, text: "", span: SourceSpan(last, last), startsLine: end.startsLine)]
            do throws(FinsamError) {
                for statement in try parser.statements() { items.append((from, .success(statement))) }
            } catch {
                items.append((from, .failure(error)))
            }
        }
        items += unplaced.map { ($0.offset, .failure($0.error)) }
        return items.sorted { $0.offset < $1.offset }.map(\.result)
    }

    private var current: Token { tokens[position] }
    private func peek(_ n: Int = 1) -> Token { tokens[min(position + n, tokens.count - 1)] }
    private mutating func advance() -> Token { defer { if position < tokens.count - 1 { position += 1 } }; return current }
    private func isKeyword(_ word: Keyword, _ token: Token? = nil) -> Bool {
        (token ?? current).keyword == word
    }
    private mutating func accept(_ word: Keyword) -> Bool {
        if isKeyword(word) { position += 1; return true }
        return false
    }
    private mutating func acceptSymbol(_ s: String) -> Bool {
        if current.isSymbol(s) { position += 1; return true }
        return false
    }

    private func error(_ message: Message, _ token: Token? = nil, hint: Message? = nil) -> FinsamError {
        let t = token ?? current
        let span = t.kind == .end ? SourceSpan(max(0, t.span.start - 1), t.span.start) : t.span
        return FinsamError(message, at: span, in: source, hint: hint, kind: .syntax)
    }

    private func unexpected(expected: Message, among words: [String] = []) -> FinsamError {
        if case .parameter = current.kind {
            return FinsamError(Message(.paramForValue, expected), at: current.span, in: source,
                               hint: Message(.paramForValueHint), kind: .parameter)
        }
        var hint: Message? = nil
        if current.kind == .word, !words.isEmpty, let near = NameMatching.suggestion(for: current.text, among: words) {
            hint = Message(.didYouMean, near)
        }
        return error(current.kind == .end ? Message(.endsEarly, expected) : Message(.unexpectedExpected, current.message, expected), hint: hint)
    }

    private mutating func expectSymbol(_ s: String, _ what: Message) throws(FinsamError) {
        guard acceptSymbol(s) else { throw unexpected(expected: what) }
    }

    // MARK: Statements

    mutating func statements() throws(FinsamError) -> [StatementSyntax] {
        var result: [StatementSyntax] = []
        while true {
            while acceptSymbol(";") {}
            if current.kind == .end { return result }
            result.append(try statement())
            if current.kind == .end || current.isSymbol(";") { continue }
            if current.startsLine && current.kind == .word && Keywords.isStatement(current) { continue }
            if current.startsLine, case .tableRow = current.kind {
                throw error(Message(.tableRowOutside), hint: Message(.tableRowOutsideHint))
            }
            throw unexpected(expected: result.last.map { if case .query = $0 { Message(.expClauseOrStatement) } else { Message(.expNewStatement) } } ?? Message(.expStatement),
                             among: (Keywords.clauses.union(Keywords.statements)).map(\.rawValue))
        }
    }

    private mutating func statement() throws(FinsamError) -> StatementSyntax {
        let start = current
        guard let keyword = current.keyword, Keywords.statements.contains(keyword) else {
            if Keywords.isClause(current) {
                throw error(Message(.beginsNoStatement, current.text),
                            hint: Message(.continueHint))
            }
            throw unexpected(expected: Message(.expStatementList),
                             among: Keywords.statements.map(\.rawValue))
        }
        _ = advance()
        func span() -> SourceSpan { start.span.to(tokens[max(0, position - 1)].span) }
        switch keyword {
        case .from: return .query(try query(start: start))
        case .let:
            guard current.kind == .word else { throw unexpected(expected: Message(.expNewColumnName)) }
            let name = advance()
            try expectSymbol("=", Message(.expEqualsAfterName))
            let value = isKeyword(.case) ? try cases() : try condition()
            return .letBinding(name: name.text, nameSpan: name.span, value: value, span: span())
        case .set:
            guard current.kind == .word else { throw unexpected(expected: Message(.expSetting, Setting.allCases.map(\.rawValue).joined(separator: ", "))) }
            let setting = advance()
            guard current.kind != .end, !current.startsLine || current.kind != .word || !Keywords.isStatement(current) else {
                throw unexpected(expected: Message(.expSettingValue, setting.text))
            }
            let value = advance()
            let text: String = if case .string(let s) = value.kind { s } else { value.text }
            return .set(setting: setting.text, value: text, span: span())
        case .describe:
            let name = current.kind == .word && !current.startsLine ? try nameRef() : nil
            return .describe(name, span: span())
        case .tables: return .tables(span: span())
        case .values:
            let name = try nameRef()
            // `values kön from deltagare` on one line; a `from` on the next line starts a query.
            let table = !current.startsLine && accept(.from) ? try nameRef() : nil
            return .values(name, table: table, span: span())
        case .load:
            return .load(try loadOptions(table: try nameRef()), span: span())
        case .export:
            _ = accept(.to)
            guard case .string(let path) = current.kind else { throw unexpected(expected: Message(.expQuotedFile)) }
            _ = advance()
            return .export(path: path, span: span())
        case .expect:
            var rows: [(String, SourceSpan)] = []
            while case .tableRow(let text) = current.kind { rows.append((text, current.span)); _ = advance() }
            if !rows.isEmpty { return .expectTable(rows: rows, span: span()) }
            return .expectValue(try expectedValue(), span: span())
        case .sql:
            guard current.keyword == .from else {
                throw unexpected(expected: Message(.expQueryAfterSQL))
            }
            let from = advance()
            let q = try query(start: from)
            return .sql(q, span: span())
        case .explain:
            guard current.keyword == .from else {
                throw unexpected(expected: Message(.expQueryAfterExplain))
            }
            let from = advance()
            return .explain(try query(start: from), span: span())
        case .help:
            var topic: String? = nil
            if current.kind != .end, !current.startsLine, !current.isSymbol(";") { topic = advance().text }
            return .help(topic, span: span())
        default:
            throw error(Message(.unknownStatement))
        }
    }

    private mutating func expectedValue() throws(FinsamError) -> ExpectedValue {
        guard case .number(let value) = current.kind else { throw unexpected(expected: Message(.expExpectValue)) }
        var token = advance()
        var number = value, decimals = token.text.split(separator: ".").dropFirst().first?.count ?? 0
        // Digit groups as the session prints them: `9 590`, `1 039 365` (one space or no-break
        // space between groups of three).
        while decimals == 0, case .number(let group) = current.kind, current.text.count == 3, current.text.allSatisfy(\.isNumber),
              current.span.start == token.span.end + 1, !current.startsLine {
            token = advance()
            number = number * 1000 + group
        }
        var grouped: Double? = nil
        // Swedish decimal comma: `29,5 %` lexes as 29 , 5. Three digits after it may also be an
        // English digit group (`9,590`): kept for `set locale en`.
        if current.isSymbol(","), case .number(let fraction) = peek().kind, !peek().text.contains(".") {
            _ = advance()
            let f = advance()
            if decimals == 0, f.text.count == 3 { grouped = number * 1000 + fraction }
            decimals = f.text.count
            number += fraction / pow10(decimals)
        }
        let percent = acceptSymbol("%")
        return ExpectedValue(number: number, decimals: decimals, isPercent: percent, grouped: percent ? nil : grouped)
    }

    private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    // MARK: Queries

    private mutating func query(start: Token) throws(FinsamError) -> QuerySyntax {
        guard current.kind == .word else { throw unexpected(expected: Message(.expTable)) }
        var q = QuerySyntax(table: try nameRef(), span: start.span)
        try clauses(of: &q, start: start)
        // `then show … by …`: the next step reads this one's result.
        while isKeyword(.then) {
            let then = advance()
            var step = QuerySyntax(table: NameRef(parts: [], span: then.span), span: then.span)
            try clauses(of: &step, start: then)
            guard !step.measures.isEmpty || step.list != nil else {
                throw error(Message(.stepShowsNothing, then.text), hint: .verbatim("then show \(MeasureCatalogue.average.name)(count) by förbund.länsförbund"))
            }
            q.steps.append(step)
        }
        q.span = start.span.to(tokens[max(0, position - 1)].span)
        return q
    }

    /// The clauses of a query or of a step of its pipeline, in any order, each once.
    private mutating func clauses(of q: inout QuerySyntax, start: Token) throws(FinsamError) {
        var seen: Set<Keyword> = []
        while let clause = current.keyword, Keywords.clauses.contains(clause), clause != .then {
            if clause == .by, seen.contains(.by) { break }
            guard !seen.contains(clause) else {
                throw error(Message(.secondClause, current.text),
                            hint: clause == .where ? Message(.joinWithAnd)
                                                     : Message(.listSeveral))
            }
            seen.insert(clause)
            let clauseToken = advance()
            switch clause {
            case .where: q.filter = try condition()
            case .show:
                guard !seen.contains(.list) else { throw error(Message(.listOrShow), clauseToken) }
                repeat { q.measures.append(try measure()) } while acceptSymbol(",")
            case .list:
                guard !seen.contains(.show) else { throw error(Message(.listOrShow), clauseToken) }
                var names: [NameRef] = []
                repeat { names.append(try nameRef()) } while acceptSymbol(",")
                q.list = names
            case .having:
                q.having = try condition()
            case .by:
                repeat { q.by.append(try dimension()) } while acceptSymbol(",")
            case .across:
                guard !seen.contains(.compare) else { throw error(Message(.acrossOrCompare), clauseToken) }
                q.across = try dimension()
            case .compare:
                guard !seen.contains(.across) else { throw error(Message(.acrossOrCompare), clauseToken) }
                let dimension = try dimension()
                var values: [Expr] = []
                while isValueStart(current) {
                    values.append(try operand(valuePosition: true))
                    if !(accept(.vs) || accept(.across) || acceptSymbol(",")) { break }
                }
                q.compare = (dimension, values)
            case .order:
                guard accept(.by) else { throw unexpected(expected: Message(.expByAfterOrder)) }
                seen.insert(.by)
                repeat {
                    let key = try orderKey()
                    let descending = accept(.desc) ? true : (accept(.asc) ? false : false)
                    q.order.append((key, descending))
                } while acceptSymbol(",")
            case .top:
                if case .number(let n) = current.kind, n < 1 { throw error(Message(.topAtLeastOne), hint: Message(.topHint)) }
                guard case .number(let n) = current.kind, n <= 1e9, n == n.rounded() else { throw unexpected(expected: Message(.expWholeRows)) }
                q.top = (Int(n), advance().span)
            case .with:
                if accept(.test) { q.test = clauseToken.span.to(tokens[position - 1].span); break }
                guard accept(.ci) else {
                    throw unexpected(expected: Message(.expCiOrTest), among: ["ci", "test"])
                }
                q.intervals = clauseToken.span.to(tokens[position - 1].span)
                // `with ci with test` reads badly; `with ci and test` is allowed.
                if accept(.and) {
                    guard accept(.test) else { throw unexpected(expected: Message(.expTestAfterCi)) }
                    q.test = tokens[position - 1].span
                }
            case .plot:
                q.plot = clauseToken.span
            default: break
            }
        }
        q.span = start.span.to(tokens[max(0, position - 1)].span)
    }

    /// A by column, or a measure as labelled: `count`, `"andel unga"`, `andel(ung)`.
    private mutating func orderKey() throws(FinsamError) -> NameRef {
        if case .string(let text) = current.kind { return NameRef(parts: [text], span: advance().span) }
        if current.kind == .word, peek().isSymbol("(") {
            let start = advance().span
            var depth = 0
            repeat {
                if current.isSymbol("(") { depth += 1 }
                if current.isSymbol(")") { depth -= 1 }
                guard current.kind != .end else { throw unexpected(expected: .verbatim("')'")) }
                _ = advance()
            } while depth > 0
            let span = start.to(tokens[position - 1].span)
            return NameRef(parts: [source.text(span)], span: span)
        }
        var name = try nameRef()
        // `order by skillnad %`: the relative difference's column.
        if current.isSymbol("%") {
            name = NameRef(parts: [name.text + " %"], span: name.span.to(advance().span))
        }
        return name
    }

    private func isValueStart(_ t: Token) -> Bool {
        switch t.kind {
        case .number, .string, .date, .parameter: return !t.startsLine
        case .word: return !t.startsLine && !Keywords.isClause(t) && !Keywords.isStatement(t)
        default: return false
        }
    }

    /// A measure, or a formula of measures and numbers (`count / invånare * 1000 as "per 1000"`).
    private mutating func measure() throws(FinsamError) -> MeasureSyntax {
        let formula = try formula()
        var alias: String? = nil
        if accept(.as) {
            switch current.kind {
            case .string(let s): alias = s; _ = advance()
            case .word: alias = advance().text
            default: throw unexpected(expected: Message(.expNameAfterAs))
            }
        }
        let span = formula.span.to(tokens[max(0, position - 1)].span)
        if case .measure(var single) = formula {
            single.alias = alias
            single.span = span
            return single
        }
        return MeasureSyntax(name: "", arguments: [], alias: alias, span: span, formula: formula)
    }

    /// `+ -` over `* /` over factors: `level` 0 is a sum, 1 a product.
    private mutating func formula(level: Int = 0) throws(FinsamError) -> FormulaSyntax {
        let operators = level == 0 ? ["+", "-"] : ["*", "/"]
        func operand(_ parser: inout Parser) throws(FinsamError) -> FormulaSyntax {
            level == 0 ? try parser.formula(level: 1) : try parser.formulaFactor()
        }
        var left = try operand(&self)
        while let op = operators.first(where: { current.isSymbol($0) }) {
            _ = advance()
            let right = try operand(&self)
            left = .binary(ArithmeticOperator(rawValue: op)!, left, right, left.span.to(right.span))
        }
        return left
    }

    private mutating func formulaFactor() throws(FinsamError) -> FormulaSyntax {
        if case .number(let v) = current.kind { return .number(v, advance().span) }
        if current.isSymbol("(") {
            let open = advance()
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw error(Message(.formulaTooDeep), open) }
            let inner = try formula()
            try expectSymbol(")", Message(.expCloseParen))
            return inner
        }
        return .measure(try singleMeasure())
    }

    private mutating func singleMeasure() throws(FinsamError) -> MeasureSyntax {
        let usages = MeasureCatalogue.all.map(\.usage).joined(separator: ", ")
        guard current.kind == .word else { throw unexpected(expected: Message(.expMeasure, usages)) }
        let token = advance()
        if Population.names.contains(token.folded) {
            return MeasureSyntax(name: Population.name, arguments: [], alias: nil, span: token.span)
        }
        guard let definition = MeasureCatalogue.named(Keywords.canonical(token)) else {
            let hint = NameMatching.suggestion(for: token.text, among: MeasureCatalogue.all.flatMap(\.names)).map { Message(.didYouMean, $0) }
                ?? Message(.measuresList, usages)
            throw FinsamError(Message(.unknownMeasure, token.text), at: token.span, in: source, hint: hint, kind: .unknownName)
        }
        var arguments: [Expr] = []
        if definition.argument != .none {
            guard acceptSymbol("(") else {
                throw error(Message(.needsArgument, token.text),
                            hint: .verbatim(definition.argument == .condition ? "\(token.text)(arbete_studier_slut)" : "\(token.text)(ålder)"))
            }
            arguments.append(try condition())
            while acceptSymbol(",") { arguments.append(try operand(valuePosition: true)) }
            try expectSymbol(")", .verbatim("')'"))
        }
        var percentOf: PercentBase? = nil
        if definition.unit == .percentOfColumn, accept(.of) {
            switch current.keyword {
            case .row: percentOf = .row
            case .column: percentOf = .column
            case .total: percentOf = .total
            default: throw unexpected(expected: Message(.expRowColumnTotal, tokens[position - 1].text), among: ["row", "column", "total"])
            }
            _ = advance()
        }
        var m = MeasureSyntax(name: definition.name, arguments: arguments, alias: nil, span: token.span.to(tokens[max(0, position - 1)].span))
        m.percentOf = percentOf
        return m
    }

    private mutating func dimension() throws(FinsamError) -> Expr {
        guard current.kind == .word else { throw unexpected(expected: Message(.expDimension)) }
        return try operand(valuePosition: false)
    }

    // MARK: Conditions

    mutating func condition() throws(FinsamError) -> Expr {
        var left = try conjunction()
        while true {
            let joiner = current
            guard accept(.or) else { break }
            try refuseClause(after: joiner)
            left = .or(left, try conjunction())
        }
        return left
    }

    private mutating func conjunction() throws(FinsamError) -> Expr {
        var left = try negation()
        while true {
            let joiner = current
            guard accept(.and) else { break }
            try refuseClause(after: joiner)
            left = .and(left, try negation())
        }
        return left
    }

    /// `where a and show …`: a clause word where a condition must come says so, not "unexpected".
    private func refuseClause(after joiner: Token) throws(FinsamError) {
        guard current.kind == .word, Keywords.isClause(current) else { return }
        throw error(Message(.expConditionAfter, joiner.text, current.text), hint: Message(.finishCondition, joiner.text))
    }

    private mutating func negation() throws(FinsamError) -> Expr {
        let start = current
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw error(Message(.conditionTooDeep, Self.maxDepth), hint: Message(.simplifyParens))
        }
        if accept(.not) { let inner = try negation(); return .not(inner, start.span.to(inner.span)) }
        return try predicate()
    }

    private mutating func predicate() throws(FinsamError) -> Expr {
        if current.isSymbol("(") {
            _ = advance()
            let inner = try condition()
            try expectSymbol(")", Message(.expCloseParen))
            return inner
        }
        let left = try arithmetic(valuePosition: false)
        if current.kind == .symbol, let op = ComparisonOperator(rawValue: current.text) {
            _ = advance()
            let right = try arithmetic(valuePosition: true)
            try refuseUnquotedWords(after: right)
            return .compare(op, left, right, left.span.to(right.span))
        }
        if accept(.in) {
            if acceptSymbol("(") {
                var items: [Expr] = []
                repeat { items.append(try operand(valuePosition: true)) } while acceptSymbol(",")
                try expectSymbol(")", Message(.expCloseList))
                return .inList(left, items, left.span.to(tokens[position - 1].span))
            }
            let low = try operand(valuePosition: true)
            guard acceptSymbol("..") else { throw unexpected(expected: Message(.expRangeOrList)) }
            let high = try operand(valuePosition: true)
            return .inRange(left, low, high, left.span.to(high.span))
        }
        if accept(.has) {
            let mode: Expr.HasMode = accept(.any) ? .any : (accept(.all) ? .all : .one)
            var items: [Expr] = []
            if mode != .one || current.isSymbol("(") {
                try expectSymbol("(", Message(.expOpenList))
                repeat { items.append(try operand(valuePosition: true)) } while acceptSymbol(",")
                try expectSymbol(")", Message(.expCloseList))
            } else {
                items.append(try operand(valuePosition: true))
            }
            return .has(left, mode, items, left.span.to(tokens[position - 1].span))
        }
        if accept(.is) {
            let negated = accept(.not)
            if accept(.missing) { return .isMissing(left, negated: negated, left.span.to(tokens[position - 1].span)) }
            if accept(.empty) { return .isEmpty(left, negated: negated, left.span.to(tokens[position - 1].span)) }
            throw unexpected(expected: Message(.expMissingOrEmpty), among: ["missing", "empty"])
        }
        return left
    }

    /// `avslutsorsak = fortsatt rehabilitering`: a value of several words must be quoted.
    private func refuseUnquotedWords(after value: Expr) throws(FinsamError) {
        guard case .word(let first, let span) = value, current.kind == .word, !current.startsLine,
              !Keywords.isClause(current), ![Keyword.and, .or].contains(current.keyword)
        else { return }
        var words = [first], end = current.span
        var i = position
        while tokens[i].kind == .word, !tokens[i].startsLine, !Keywords.isClause(tokens[i]),
              ![Keyword.and, .or].contains(tokens[i].keyword) {
            words.append(tokens[i].text)
            end = tokens[i].span
            i += 1
        }
        throw FinsamError(Message(.severalWords), at: span.to(end), in: source,
                          hint: Message(.writeQuoted, words.joined(separator: " ")), kind: .syntax)
    }

    /// Operands joined by `+ - * /` (`slutdatum - startdatum`); one operand is just itself.
    private mutating func arithmetic(valuePosition: Bool) throws(FinsamError) -> Expr {
        func product(_ valuePosition: Bool) throws(FinsamError) -> Expr {
            var left = try operand(valuePosition: valuePosition)
            while current.isSymbol("*") || current.isSymbol("/") {
                let op = ArithmeticOperator(rawValue: advance().text)!
                let right = try operand(valuePosition: valuePosition)
                left = .arithmetic(op, left, right, left.span.to(right.span))
            }
            return left
        }
        var left = try product(valuePosition)
        while current.isSymbol("+") || current.isSymbol("-") {
            let op = ArithmeticOperator(rawValue: advance().text)!
            let right = try product(valuePosition)
            left = .arithmetic(op, left, right, left.span.to(right.span))
        }
        return left
    }

    /// `case when c then "label" … [else "label"] end`.
    private mutating func cases() throws(FinsamError) -> Expr {
        let start = advance()
        var arms: [(condition: Expr, label: String)] = []
        func label() throws(FinsamError) -> String {
            switch current.kind {
            case .string(let text): _ = advance(); return text
            case .word where current.keyword == nil, .number: return advance().text
            default: throw unexpected(expected: Message(.expCategoryName))
            }
        }
        while accept(.when) {
            let condition = try condition()
            guard accept(.then) else { throw unexpected(expected: Message(.expThenName), among: ["then"]) }
            arms.append((condition, try label()))
        }
        guard !arms.isEmpty else { throw unexpected(expected: Message(.expWhenAfterCase), among: ["when"]) }
        let otherwise = accept(.else) ? try label() : nil
        guard accept(.end) else { throw unexpected(expected: isKeyword(.then) ? Message(.expWhenElseEndOne) : Message(.expWhenElseEnd), among: ["when", "else", "end"]) }
        return .cases(arms, otherwise: otherwise, start.span.to(tokens[position - 1].span))
    }

    /// A name, a value, or a call. In value position a bare word is a value to check against
    /// a column's categories; elsewhere it is a name.
    private mutating func operand(valuePosition: Bool) throws(FinsamError) -> Expr {
        let token = current
        switch token.kind {
        case .number(let v):
            _ = advance()
            return .number(v, token.span)
        case .string(let s):
            _ = advance()
            return .string(s, token.span)
        case .date(let d):
            _ = advance()
            return .date(d, token.span)
        case .parameter(let name):
            guard valuePosition else {
                throw FinsamError(Message(.paramNotName), at: token.span, in: source,
                                  hint: Message(.paramNotNameHint), kind: .parameter)
            }
            guard let value = parameters[name] else {
                throw FinsamError(Message(.paramNoValue, name), at: token.span, in: source,
                                  hint: parameters.isEmpty ? Message(.paramNoValueHint, name)
                                      : Message(.paramsGiven, parameters.keys.sorted().map { "$" + $0 }.joined(separator: ", ")), kind: .parameter)
            }
            _ = advance()
            usedParameters.insert(name)
            return try value.literal(at: token.span, in: source, name: name)
        case .word:
            if peek().isSymbol("(") {
                let name = advance()
                _ = advance()
                var arguments: [Expr] = []
                if !current.isSymbol(")") {
                    repeat { arguments.append(try operand(valuePosition: arguments.count > 0)) } while acceptSymbol(",")
                }
                try expectSymbol(")", Message(.expCloseCall, name.text))
                return .call(name.folded, arguments, name.span.to(tokens[position - 1].span))
            }
            if valuePosition && !peek().isSymbol(".") { _ = advance(); return .word(token.text, token.span) }
            return .name(try nameRef())
        default:
            throw unexpected(expected: valuePosition ? Message(.expAValue) : Message(.expColumnName))
        }
    }

    /// After `load TABLE`: `from "file"`, then sheet, as, with and strict/lenient in any order.
    private mutating func loadOptions(table: NameRef) throws(FinsamError) -> LoadSyntax {
        guard accept(.from) else { throw unexpected(expected: Message(.expFromFile)) }
        guard case .string(let path) = current.kind else { throw unexpected(expected: Message(.expQuotedFileName)) }
        _ = advance()
        var load = LoadSyntax(table: table, path: path)
        var seen: Set<Keyword> = []
        let options: [Keyword] = [.sheet, .as, .with, .strict, .lenient]
        while current.kind == .word, !current.startsLine || !Keywords.isStatement(current) {
            guard let word = current.keyword, options.contains(word) else { break }
            let token = advance()
            let group = word == .lenient ? .strict : word
            guard seen.insert(group).inserted else { throw error(Message(.givenTwice, token.text), token) }
            switch word {
            case .sheet:
                guard case .string(let name) = current.kind else { throw unexpected(expected: Message(.expSheetName)) }
                _ = advance()
                load.sheet = name
            case .as:
                let profile = current
                switch profile.kind {
                case .word: load.profile = (profile.text, false, profile.span)
                case .string(let file): load.profile = (file, true, profile.span)
                default: throw unexpected(expected: Message(.expProfile))
                }
                _ = advance()
            case .with:
                repeat {
                    guard current.kind == .word else { throw unexpected(expected: Message(.expProfileParameter)) }
                    let name = advance()
                    try expectSymbol("=", Message(.expParamValue))
                    let value = current
                    switch value.kind {
                    case .string(let text): load.parameters.append((name.text, text, name.span.to(value.span)))
                    case .word: load.parameters.append((name.text, value.text, name.span.to(value.span)))
                    case .number: load.parameters.append((name.text, value.text, name.span.to(value.span)))
                    default: throw unexpected(expected: Message(.expValueOf, name.text))
                    }
                    _ = advance()
                } while acceptSymbol(",")
            default:
                load.lenient = word == .lenient
            }
        }
        if !load.parameters.isEmpty, load.profile == nil {
            throw FinsamError(Message(.withNoProfile), at: load.parameters[0].span,
                              in: source, hint: Message(.addProfileWith), kind: .syntax)
        }
        if seen.contains(.strict), load.profile == nil {
            throw FinsamError(Message(.strictNoProfile),
                              at: load.table.span, in: source, hint: Message(.addProfile), kind: .syntax)
        }
        return load
    }

    private mutating func nameRef() throws(FinsamError) -> NameRef {
        guard current.kind == .word else { throw unexpected(expected: Message(.expAName)) }
        let first = advance()
        var parts = [first.text]
        var span = first.span
        while current.isSymbol("."), peek().kind == .word {
            _ = advance()
            let part = advance()
            parts.append(part.text)
            span = span.to(part.span)
        }
        return NameRef(parts: parts, span: span)
    }
}
