import FinsamStore
/// `expect`: assertions on the previous result, so that a script is also a test. A number
/// passes when the computed value, rounded as the expected value is written, equals it:
/// `expect 29 %` passes for 29,03 %, `expect 29,0 %` needs one decimal to agree.
extension Session {
    func expect(_ expected: ExpectedValue, span: SourceSpan, source: SourceText) throws(FinsamError) -> String {
        guard let result = lastResult else {
            throw FinsamError(Message(.expectNeedsResult), at: span, in: source, hint: Message(.putQueryBefore))
        }
        // One value, not the first of several: `expect 9590` after `show count, andel(…)` would
        // check the count and say nothing of the proportion.
        let valueColumns = result.columns.filter { $0.role != .dimension && $0.role != .interval }.count
        if valueColumns > 1 {
            throw FinsamError(Message(.expectOneValueColumns, valueColumns),
                              at: span, in: source, hint: Message(.pasteTable))
        }
        guard let cell = result.scalar else {
            throw FinsamError(Message(.expectOneValueRows, result.rows.count),
                              at: span, in: source, hint: Message(.pasteTable))
        }
        var expected = expected
        if display.locale.language == .en, let grouped = expected.grouped { (expected.number, expected.decimals) = (grouped, 0) }
        if let problem = mismatch(cell, expectedNumber: expected.number, decimals: expected.decimals, percent: expected.isPercent) {
            var error = FinsamError(Message(.expectedGot, problem.expected, problem.actual), at: span, in: source,
                                    hint: cell == .suppressed ? Message(.valueSuppressed, suppression ?? 5) : nil,
                                    kind: .expectation)
            error.mismatches = [.init(row: [], column: nil, expected: expected.number, expectedText: problem.expected, actual: cell, actualText: problem.actual)]
            throw error
        }
        return Message(.expectOk, source.text(span)).render(in: language)
    }

    /// Compares a cell with an expected number; nil when it holds.
    func mismatch(_ cell: Cell, expectedNumber: Double, decimals: Int, percent: Bool) -> (expected: String, actual: String)? {
        let shown = display.locale.decimal(expectedNumber, decimals: decimals) + (percent ? (display.locale.language == .sv ? " %" : "%") : "")
        guard let value = cell.value else { return (shown, display.text(cell)) }
        let holds: Bool
        switch cell {
        case .count, .countDifference:
            holds = decimals == 0 && !percent && Double(Int(expectedNumber)) == value
        default:
            holds = Self.roundHalfUp(value, decimals) == Self.roundHalfUp(expectedNumber, decimals)
        }
        if holds { return nil }
        var actualSettings = display
        actualSettings.decimals = max(decimals, 1)
        return (shown, actualSettings.text(cell))
    }

    static func roundHalfUp(_ v: Double, _ decimals: Int) -> Double {
        let scale = (0..<decimals).reduce(1.0) { r, _ in r * 10 }
        // A tiny nudge keeps 28.5 (stored as 28.4999…) rounding up as published tables do.
        return ((v * scale) + (v >= 0 ? 1e-9 : -1e-9)).rounded(.toNearestOrAwayFromZero) / scale
    }

    /// `expect` followed by a table in the markdown form that `set format markdown` prints.
    func expectTable(_ lines: [(text: String, span: SourceSpan)], span: SourceSpan, source: SourceText) throws(FinsamError) -> String {
        guard let result = lastResult else {
            throw FinsamError(Message(.expectNeedsResult), at: span, in: source, hint: Message(.putQueryBefore))
        }
        let rows = lines.map { (cells: Self.cells(of: $0.text), span: $0.span) }
            .filter { !$0.cells.allSatisfy { cell in !cell.isEmpty && cell.allSatisfy { "-:".contains($0) } } }
        guard let header = rows.first else { throw FinsamError(Message(.expectedTableEmpty), at: span, in: source) }
        // Map header names to result columns.
        var columnOf: [Int] = []
        for name in header.cells {
            guard let index = result.columns.firstIndex(where: { NameMatching.fold($0.name) == NameMatching.fold(name) }) else {
                throw FinsamError(Message(.resultNoColumn, NameMatching.excerpt(name)), at: header.span, in: source,
                                  hint: NameMatching.suggestion(for: name, among: result.columns.map(\.name)).map { Message(.didYouMean, $0) }
                                    ?? Message(.itsColumns, result.columns.map(\.name).joined(separator: ", ")))
            }
            columnOf.append(index)
        }
        let dimensionColumns = columnOf.enumerated().filter { result.columns[$0.element].role == .dimension }
        var failures: [Message] = []
        var mismatches: [FinsamError.Mismatch] = []
        var checked = 0
        for row in rows.dropFirst() {
            guard row.cells.count == header.cells.count else {
                throw FinsamError(Message(.rowCells, row.cells.count, header.cells.count), at: row.span, in: source)
            }
            let labels = dimensionColumns.map { row.cells[$0.offset] }
            let isTotal = labels.first.map { [display.locale.total, "Totalt", "Total"].contains($0) } ?? false
            let match = isTotal ? result.totalRow
                : result.rows.first { r in !r.isTotal && zip(dimensionColumns, labels).allSatisfy { d, label in
                    let text = r.cells[d.element].labelText ?? ""
                    return NameMatching.fold(text) == NameMatching.fold(label) || (label == display.locale.missing && r.cells[d.element] == .missingLabel)
                } }
                ?? (dimensionColumns.isEmpty && result.rows.count >= 1 ? result.rows.first : nil)
            guard let actual = match else {
                failures.append(Message(.noRowInResult, labels.joined(separator: " / ")))
                continue
            }
            for (i, column) in columnOf.enumerated() where result.columns[column].role != .dimension {
                let text = row.cells[i]
                if case .interval(let interval, let marked) = actual.cells[column] {
                    checked += 1
                    if let problem = try intervalMismatch(text, interval, marked: marked, span: row.span, source: source) {
                        mismatches.append(.init(row: labels, column: result.columns[column].name, expected: nil, expectedText: text,
                                                actual: actual.cells[column], actualText: problem))
                        failures.append(Message(.cellExpectedGot, labels.isEmpty ? "" : labels.joined(separator: " / ") + ", ", result.columns[column].name, text, problem))
                    }
                    continue
                }
                guard let (number, decimals, percent) = parseNumber(text) else {
                    if text == "–" || text == "-" { if actual.cells[column].value != nil { mismatches.append(.init(row: labels, column: result.columns[column].name, expected: nil, expectedText: text, actual: actual.cells[column], actualText: display.text(actual.cells[column]))); failures.append(Message(.expectedDash, labels.joined(separator: " / "), result.columns[column].name, display.text(actual.cells[column]))) }; continue }
                    throw FinsamError(Message(.notANumber, NameMatching.excerpt(text)), at: row.span, in: source)
                }
                checked += 1
                if let problem = mismatch(actual.cells[column], expectedNumber: number, decimals: decimals, percent: percent) {
                    mismatches.append(.init(row: labels, column: result.columns[column].name, expected: number, expectedText: problem.expected,
                                            actual: actual.cells[column], actualText: problem.actual))
                    failures.append(Message(.cellExpectedGot, labels.isEmpty ? "" : labels.joined(separator: " / ") + ", ", result.columns[column].name, problem.expected, problem.actual))
                }
            }
        }
        if !failures.isEmpty {
            var error = FinsamError(Message(.resultDiffers) + Message.concat(Array(failures.map { [Message.verbatim("\n  "), $0] }.joined().dropFirst())), at: span, in: source, kind: .expectation)
            error.mismatches = mismatches
            throw error
        }
        return Message(checked == 1 ? .expectOkOne : .expectOkValues, checked).render(in: language)
    }

    /// An interval as printed, `27,8 – 30,3` or `4,9 – 11,2 *`: both ends rounded as written, and
    /// the mark of a difference that excludes 0 as written. Nil when it holds, else what the result shows.
    func intervalMismatch(_ text: String, _ interval: Interval, marked: Bool, span: SourceSpan, source: SourceText) throws(FinsamError) -> String? {
        var t = text.trimmingSpaces
        let expectsMark = t.hasSuffix("*")
        if expectsMark { t = String(t.dropLast()).trimmingSpaces }
        let ends = t.components(separatedBy: " – ").count == 2 ? t.components(separatedBy: " – ") : t.components(separatedBy: " - ")
        guard ends.count == 2, let low = parseNumber(ends[0]), let high = parseNumber(ends[1]) else {
            throw FinsamError(Message(.notAnInterval, text), at: span, in: source)
        }
        let shown = display.text(.interval(interval, marked: marked))
        if mismatch(.number(interval.low), expectedNumber: low.0, decimals: low.1, percent: false) != nil
            || mismatch(.number(interval.high), expectedNumber: high.0, decimals: high.1, percent: false) != nil
            || expectsMark != marked { return shown }
        return nil
    }

    static func cells(of line: String) -> [String] {
        var text = Substring(line.trimmingSpaces)
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|") { text = text.dropLast() }
        return text.split(separator: "|", omittingEmptySubsequences: false).map { cell in
            var c = String(cell).trimmingSpaces
            if c.hasPrefix("**"), c.hasSuffix("**"), c.count >= 4 { c = String(c.dropFirst(2).dropLast(2)) }
            return c
        }
    }

    /// A number as this session's locale prints it: `5 370`, `29,0 %`, `+3,2 pe`, `−12`.
    func parseNumber(_ text: String) -> (Double, Int, Bool)? {
        var t = text.trimmingSpaces
        var percent = false
        for suffix in ["%", "pe", "pp"] where t.hasSuffix(suffix) {
            t = String(t.dropLast(suffix.count)).trimmingSpaces
            percent = suffix == "%"
        }
        t = t.replacingAll("−", with: "-").replacingAll("+", with: "").replacingAll("\u{00A0}", with: "")
        if display.locale.language == .sv {
            t = t.replacingAll(" ", with: "").replacingAll(",", with: ".")
        } else {
            t = t.replacingAll(",", with: "").replacingAll(" ", with: "")
        }
        guard let value = Double(t) else { return nil }
        let decimals = t.split(separator: ".").dropFirst().first?.count ?? 0
        return (value, decimals, percent)
    }
}
