import FinsamStore
import Foundation

/// Candidates for Tab at the cursor, by context: statement keywords at the start, tables after
/// `from`, columns (own, related, `let`) in where/show/by/across/compare, category values after
/// `=`, `in`, `has`, `vs`, file names inside quotes after load/export, load's options and the
/// built-in profiles, settings and help topics.
public struct Completion: Sendable, Equatable {
    /// The characters before the cursor that the chosen candidate replaces.
    public var replacing: String
    /// The words that may follow, sorted.
    public var candidates: [String]

    /// Candidates replacing the text `replacing`.
    public init(replacing: String, candidates: [String]) {
        self.replacing = replacing
        self.candidates = candidates
    }
}

extension Session {
    /// The candidates for Tab with `text` before the cursor (no file names in a read-only session).
    public func completions(before text: String) -> Completion {
        // Inside an open quote after load/export: a file name.
        if !isReadOnly, text.filter({ $0 == "\"" }).count % 2 == 1, let quote = text.lastIndex(of: "\"") {
            let head = String(text[..<quote]).lowercased()
            let partial = String(text[text.index(after: quote)...])
            if head.contains("load") || head.contains("export") || head.contains(".read") || head.contains(".output") {
                return Completion(replacing: partial, candidates: Self.files(matching: partial))
            }
        }
        var partialStart = text.endIndex
        while partialStart > text.startIndex {
            let previous = text[text.index(before: partialStart)]
            guard previous.isLetter || previous.isNumber || "_-–.\"".contains(previous) else { break }
            partialStart = text.index(before: partialStart)
        }
        let partial = String(text[partialStart...])
        let tokens = (try? Lexer(SourceText(String(text[..<partialStart]))).tokensAllowingUnfinished()) ?? []
        let candidates = candidates(after: tokens)
        // Typed Swedish letters match exactly; an ASCII spelling also finds them (kon → kön).
        let typed = partial.hasPrefix("\"") ? String(partial.dropFirst()) : partial
        let ascii = typed.unicodeScalars.allSatisfy(\.isASCII)
        let matching = candidates.filter {
            let c = $0.hasPrefix("\"") ? String($0.dropFirst()) : $0
            return ascii ? NameMatching.fold(c).hasPrefix(NameMatching.fold(typed)) : c.lowercased().hasPrefix(typed.lowercased())
        }
        var seen = Set<String>()
        return Completion(replacing: partial, candidates: matching.filter { seen.insert($0).inserted })
    }

    private func candidates(after tokens: [Token]) -> [String] {
        let words = tokens.filter { $0.kind != .end }
        guard let last = words.last else { return Self.statementWords }
        let canonical = Keywords.canonical(last)
        let table = queryTable(words) ?? dataset.deltagare
        if last.startsLine && words.count == 1 && !Keywords.isStatement(last) { return [] }
        if let first = words.first, Keywords.canonical(first) == "load" { return loadCandidates(words) }
        if let first = words.first, Keywords.canonical(first) == "export", words.count == 1 { return ["to"] }
        switch canonical {
        case "from" where !isValuesStatement(words): return TableName.allCases.map(\.rawValue)
        case "describe": return TableName.allCases.map(\.rawValue)
        case "values": return dataset.tables.flatMap { $0.columns.map(\.name) }
        case "set": return Setting.allCases.map(\.rawValue)
        case "suppress": return ["5", "10", "off"]
        case "ci" where words.count >= 2 && Keywords.canonical(words[words.count - 2]) == "set": return ["90", "95", "99"]
        case "with": return ["ci", "test"]
        case "then": return ["show", "list"]
        case "of": return ["row", "column", "total"]
        case "case": return ["when"]
        case "format": return OutputFormat.allCases.map(\.rawValue)
        case "locale": return ["sv", "en"]
        case "denominators": return ["on", "off"]
        case "width" where words.count >= 2 && Keywords.canonical(words[words.count - 2]) == "set": return ["80", "120", "off", "auto"]
        case "help": return Help.topicNames
        case "where", "and", "or", "not", "when", "list":
            return columnNames(table)
        case "by", "across", "compare":
            return columnNames(table) + Self.periodWords
        case "having": return Self.measureWords.filter { !$0.hasSuffix("(") }
        case "show": return Self.measureWords + [Population.name] + columnNames(table)
        case "has", "any", "all", "vs", "in":
            return valueCandidates(words, table: table)
        default: break
        }
        if last.kind == .symbol {
            switch last.text {
            case "=", "!=", "<", "<=", ">", ">=": return valueCandidates(words, table: table)
            case "(", ",":
                if insideValueList(words) { return valueCandidates(words, table: table) }
                if insideMeasure(words) || last.text == "(" { return columnNames(table) }
                return previousClause(words) == "show" ? Self.measureWords + columnNames(table) : columnNames(table)
            default: return []
            }
        }
        // After `compare <dimension>`: its values.
        if words.count >= 2, Keywords.canonical(words[words.count - 2]) == "compare" { return valueCandidates(words, table: table) }
        // After a complete term: what may follow.
        return ["where", "show", "list", "by", "across", "compare", "having", "order by", "top", "with ci", "with test", "plot", "then",
                "and", "or"]
    }

    /// `load TABLE from "FILE" [sheet "S"] [as PROFILE [with p = v, …]] [strict|lenient]`: the
    /// table, `from`, a quote (files complete inside it), then the options not yet given, and
    /// the built-in profiles after `as`.
    private func loadCandidates(_ words: [Token]) -> [String] {
        let used = Set(words.map(Keywords.canonical))
        switch words.count {
        case 1: return TableName.allCases.map(\.rawValue)
        case 2: return ["from"]
        default: break
        }
        switch Keywords.canonical(words[words.count - 1]) {
        case "from": return ["\""]
        case "as":
            let layouts = ImportLayout.allCases.filter { NameMatching.fold($0.table.rawValue) == NameMatching.fold(words[1].text) }
            return (BuiltInProfiles.texts.keys + layouts.map(\.rawValue)).sorted() + ["\""]
        case "sheet": return ["\""]
        case "with", "strict", "lenient": return []
        default: break
        }
        // After `with p = v`, more parameters may follow; otherwise the options left.
        if used.contains("with") { return [] }
        var options: [String] = []
        if !used.contains("sheet") { options.append("sheet") }
        if !used.contains("as") { options.append("as") } else { options.append("with") }
        if !used.contains("strict") && !used.contains("lenient") { options += ["strict", "lenient"] }
        return options
    }

    static let statementWords = ["from", "let", "set", "describe", "tables", "values", "load", "export", "expect", "help", "sql", "explain"]
    static let measureWords = MeasureCatalogue.all.map(\.completion)
    static let periodWords = Period.allCases.map { $0.rawValue + "(" }

    private func isValuesStatement(_ words: [Token]) -> Bool {
        words.count >= 3 && Keywords.canonical(words[words.count - 3]) == "values"
    }

    private func queryTable(_ words: [Token]) -> Table? {
        guard let from = words.lastIndex(where: { Keywords.canonical($0) == "from" }), from + 1 < words.count else { return nil }
        return dataset.table(named: words[from + 1].text)
    }

    private func previousClause(_ words: [Token]) -> String? {
        words.reversed().first(where: Keywords.isClause).map(Keywords.canonical)
    }

    private func columnNames(_ table: Table) -> [String] {
        var names = table.columns.map(\.name)
        for column in table.columns {
            if case .reference(let target) = column.schema.type {
                names += dataset[target].columns.map { "\(column.name).\($0.name)" }
            }
        }
        return names + letNames
    }

    /// Open parentheses that follow `in`, `any` or `all` (a value list).
    private func insideValueList(_ words: [Token]) -> Bool {
        var depth = 0
        for (i, token) in words.enumerated().reversed() {
            if token.isSymbol(")") { depth += 1 }
            if token.isSymbol("(") {
                if depth == 0 { return i > 0 && ["in", "any", "all"].contains(Keywords.canonical(words[i - 1])) }
                depth -= 1
            }
        }
        return false
    }

    private func insideMeasure(_ words: [Token]) -> Bool {
        var depth = 0
        for (i, token) in words.enumerated().reversed() {
            if token.isSymbol(")") { depth += 1 }
            if token.isSymbol("(") {
                if depth == 0 { return i > 0 && words[i - 1].kind == .word }
                depth -= 1
            }
        }
        return false
    }

    /// Values of the column the operator applies to.
    private func valueCandidates(_ words: [Token], table: Table) -> [String] {
        // Walk back to the column name: skip the operator, list and `has any`/`in`.
        var i = words.count - 1
        var depth = 0
        /// The name ending at word `j`, with the parts before it joined by `.` (`insats.inriktning`).
        func dotted(_ j: Int) -> [String] {
            var parts = [words[j].text], k = j
            while k >= 2, words[k - 1].isSymbol("."), words[k - 2].kind == .word {
                parts.insert(words[k - 2].text, at: 0)
                k -= 2
            }
            return parts
        }
        while i >= 0 {
            let t = words[i]
            if t.isSymbol(")") { depth += 1 }
            if t.isSymbol("(") { depth = max(0, depth - 1) }
            let c = Keywords.canonical(t)
            if t.kind == .word, depth == 0, !["in", "has", "any", "all", "vs", "not", "is"].contains(c),
               dotted(i).count > 1 || table.column(t.text) != nil || lets[t.text] != nil {
                break
            }
            if t.kind == .word, Keywords.canonical(t) == "compare", i + 1 < words.count { i += 1; break }
            i -= 1
        }
        guard i >= 0, words[i].kind == .word else { return [] }
        // A case let's values are its labels.
        if let definition = lets[words[i].text], case .cases(let arms, let otherwise, _) = definition.expression {
            var labels: [String] = []
            for label in arms.map(\.label) + (otherwise.map { [$0] } ?? []) where !labels.contains(label) { labels.append(label) }
            return labels.map { $0.contains(where: { $0 == " " || $0 == "/" }) ? "\"\($0)\"" : $0 }
        }
        let name = NameRef(parts: dotted(i), span: words[i].span)
        guard let path = try? Binder(dataset: dataset, lets: lets, source: SourceText("")).column(name, in: table) else { return [] }
        func quoted(_ v: String) -> String { v.contains(where: { $0 == " " || $0 == "/" || $0 == "–" }) ? "\"\(v)\"" : v }
        switch path.type {
        case .category(let c), .categorySet(let c): return c.values.map(quoted)
        case .bool: return display.locale.language == .sv ? ["ja", "nej"] : ["true", "false"]
        case .reference(let target), .referenceSet(let target): return KeyIndex.keys(of: dataset[target]).map { quoted($0.description) }
        case .yearSet, .int:
            if case .yearSet(let first, let last) = path.column.data, first.low <= first.high {
                return (Int(first.low)...Int(max(first.high, last.high))).map(String.init)
            }
            return []
        default: return []
        }
    }

    static func files(matching partial: String) -> [String] {
        let directory = partial.contains("/") ? String(partial[..<partial.lastIndex(of: "/")!]) + "/" : ""
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return listing.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + name, isDirectory: &isDirectory)
            return directory + name + (isDirectory.boolValue ? "/" : "")
        }.filter { $0.hasPrefix(partial) && !$0.dropFirst(directory.count).hasPrefix(".") }
    }

    /// Whether `text` ends inside a quoted value (the shell says so on an empty line).
    public func isInsideQuote(_ text: String) -> Bool {
        (try? Lexer(SourceText(text)).tokensAllowingUnfinished())?.contains { $0.kind == .end && $0.text == "unfinished" } ?? false
    }

    /// True when the text is an unfinished statement: an open parenthesis or quote, a trailing
    /// operator, comma or clause word, or a final backslash.
    public func needsMoreInput(_ text: String) -> Bool {
        let trimmed = text.trimmingSpaces
        if trimmed.hasSuffix("\\") { return true }
        guard let tokens = try? Lexer(SourceText(text)).tokensAllowingUnfinished() else { return false }
        if tokens.contains(where: { $0.kind == .end && $0.text == "unfinished" }) { return true }
        var depth = 0
        for t in tokens { if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 } }
        if depth > 0 { return true }
        guard let last = tokens.last(where: { $0.kind != .end }) else { return false }
        if last.kind == .symbol { return ["=", "!=", "<", "<=", ">", ">=", ",", "(", ".."].contains(last.text) }
        let c = Keywords.canonical(last)
        if c == "expect" { return false }
        return ["where", "and", "or", "not", "by", "show", "across", "compare", "order", "in", "has", "is", "from", "any", "all", "vs", "as", "top"].contains(c)
    }
}

extension Lexer {
    /// Tokens of text that may stop mid-statement; an open quote ends the list with an
    /// `.end` token whose text is "unfinished" instead of an error.
    func tokensAllowingUnfinished() throws(FinsamError) -> [Token] {
        var lexer = self
        do {
            return try lexer.tokens()
        } catch {
            if error.kind == .openQuote {
                return [Token(kind: .end, text: "unfinished", span: SourceSpan(0, 0), startsLine: false)]
            }
            throw error
        }
    }
}
