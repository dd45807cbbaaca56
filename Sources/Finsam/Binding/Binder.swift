import FinsamStore
/// Resolves a parsed query against the dataset: tables, columns, related columns, `let`
/// names and category values, with a suggestion for each; checks that a measure gets the
/// argument its definition takes and `has` a set.
struct Binder {
    let dataset: Dataset
    let lets: [String: LetDefinition]
    let source: SourceText
    /// The session's computed columns, for the tables of `dataset` (nil: compute each anew).
    var derived: DerivedColumnCache? = nil

    /// A binding error: by default a name or value that does not fit where it is used.
    func fail(_ message: Message, _ span: SourceSpan, hint: Message? = nil, kind: FinsamError.Kind = .type) -> FinsamError {
        FinsamError(message, at: span, in: source, hint: hint, kind: kind)
    }

    // MARK: Names

    func table(_ name: NameRef) throws(FinsamError) -> Table {
        if name.parts.count == 1, let table = dataset.table(named: name.parts[0]) { return table }
        let names = TableName.allCases.map(\.rawValue)
        let near = NameMatching.suggestion(for: name.text, among: names + ["deltagande", "insats", "kommun"])
        let hint = near.map { n in
            let table = TableName.allCases.first { NameMatching.fold($0.rawValue).hasPrefix(NameMatching.fold(n).prefix(5)) }?.rawValue ?? n
            return Message(.didYouMean, table)
        } ?? Message(.tablesAre, names.joined(separator: ", "))
        throw fail(Message(.unknownTable, NameMatching.excerpt(name.text)), name.span, hint: hint, kind: .unknownName)
    }

    /// A column of `table`, or of a related table through reference columns (`förbund.län`).
    func column(_ name: NameRef, in table: Table) throws(FinsamError) -> ColumnPath {
        var parts = name.parts
        // A pipeline's result names a column by its dotted path (`förbund.län`).
        if parts.count > 1, let whole = table.column(name.text) {
            return ColumnPath(table: table, column: whole, via: nil, name: whole.name)
        }
        if parts.count > 1, NameMatching.fold(parts[0]) == NameMatching.fold(table.title) { parts.removeFirst() }
        var current = table
        var via: PackedInts? = nil
        var walked: [String] = []
        for (i, part) in parts.enumerated() {
            guard let column = current.column(part) else {
                throw unknownColumn(part, in: current, span: name.span, walked: walked, isLast: i == parts.count - 1)
            }
            walked.append(column.name)
            if i == parts.count - 1 {
                return ColumnPath(table: current, column: column, via: via, name: walked.joined(separator: "."))
            }
            guard case .reference(let target) = column.schema.type, case .reference(let rows) = column.data else {
                throw fail(Message(.notReference, walked.joined(separator: ".")), name.span,
                           hint: Message(.dottedHint))
            }
            via = via.map { outer in rows.gathered(outer) } ?? rows
            current = dataset[target]
        }
        preconditionFailure("empty name")
    }

    private func unknownColumn(_ part: String, in table: Table, span: SourceSpan, walked: [String], isLast: Bool) -> FinsamError {
        // A let where a column's values are needed (`unga = true`, `medel(band)`): say what it is.
        if walked.isEmpty, let (name, definition) = lets.first(where: { NameMatching.fold($0.key) == NameMatching.fold(part) }) {
            switch definition.kind {
            case .condition:
                return fail(Message(.letIsCondition, name, definition.source), span,
                            hint: Message(.letIsConditionHint, name, name, name, name, MeasureCatalogue.proportion.name))
            case .bin:
                return fail(Message(.letIsBands, name, definition.source), span,
                            hint: Message(.letIsBandsHint, name, name))
            case .cases:
                return fail(Message(.letIsCategories, name, definition.source, table.title), span)
            case .alias: break
            }
        }
        var candidates = table.columns.map(\.name)
        if walked.isEmpty { candidates += lets.keys }
        // `antal` in a pipeline's step: the step before called its count `count`.
        if let measure = MeasureCatalogue.named(part), let column = table.column(measure.name) {
            return fail(Message(.unknownColumn, NameMatching.excerpt(part), table.title), span, hint: Message(.didYouMean, column.name), kind: .unknownName)
        }
        let prefix = walked.isEmpty ? "" : walked.joined(separator: ".") + "."
        var hint = NameMatching.suggestion(for: part, among: candidates).map { Message(.didYouMeanPrefixed, prefix, $0) }
        if hint == nil, walked.isEmpty {
            // A column of a related table written without its path: kommun.län, förbund.län …
            for column in table.columns {
                guard case .reference(let target) = column.schema.type, dataset[target].column(part) != nil else { continue }
                hint = Message(.didYouMeanDotted, column.name, dataset[target].column(part)!.name)
                break
            }
        }
        return fail(Message(.unknownColumn, NameMatching.excerpt(prefix + part), table.title), span,
                    hint: hint ?? Message(.columnsOfTable, table.title, table.columns.map(\.name).joined(separator: ", ")), kind: .unknownName)
    }

    // MARK: Values

    private func isLet(_ name: NameRef, in table: Table) -> LetDefinition? {
        guard name.parts.count == 1, table.column(name.parts[0]) == nil else { return nil }
        return lets[name.parts[0]] ?? lets.first { NameMatching.fold($0.key) == NameMatching.fold(name.parts[0]) }?.value
    }

    private func valueText(_ expr: Expr) -> String? {
        switch expr {
        case .word(let w, _): w
        case .string(let s, _): s
        case .name(let n): n.text
        case .number(let v, _): Self.numberText(v)
        default: nil
        }
    }

    /// A value as it must be typed: in double quotes when it has a space or a slash.
    static func written(_ value: String) -> String {
        value.contains(where: { $0 == " " || $0 == "/" }) ? "\"\(value)\"" : value
    }

    /// A number as written: whole numbers without a decimal point (huge ones as Double writes them).
    static func numberText(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    func categoryCode(_ expr: Expr, _ path: ColumnPath, _ categories: Categories) throws(FinsamError) -> UInt8 {
        guard let text = valueText(expr) else {
            throw fail(Message(.expValueOfColumn, path.name), expr.span, hint: Message(.oneOf, categories.values.joined(separator: ", ")))
        }
        if let code = categories.code(of: text) { return code }
        let hint = categories.suggestion(for: text).map { Message(.didYouMean, $0) }
            ?? Message(.isOneOf, path.name, categories.values.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: ", "))
        throw fail(Message(.unknownValueFor, NameMatching.excerpt(text), path.name), expr.span, hint: hint, kind: .unknownValue)
    }

    func integer(_ expr: Expr, _ path: ColumnPath) throws(FinsamError) -> Int32 {
        switch (expr, path.type) {
        case (.date(let d, _), .date): return d
        // (A `where` applies to the last pattern of a case only: one pattern per case here, or
        // a huge number reached Int32(v) and trapped — found by the hostile-input catalogue.)
        case (.number(let v, _), .int) where v == v.rounded() && abs(v) < 2e9: return Int32(v)
        case (.number(let v, _), .yearSet) where v == v.rounded() && abs(v) < 2e9: return Int32(v)
        // (Only below the limit: Int(v) of a huge v traps — found by the hostile-input catalogue.)
        case (.number(let v, _), .int) where v != v.rounded() && abs(v) < 2e9, (.number(let v, _), .yearSet) where v != v.rounded() && abs(v) < 2e9:
            throw fail(Message(.hasDecimals, path.name, Self.numberText(v)), expr.span,
                       hint: Message(.compareWhole, path.name, Int(v.rounded(.down))))
        case (.number, .int), (.number, .yearSet):
            throw fail(Message(.numberTooLargeFor, path.name), expr.span, hint: Message(.wholeUpTo))
        case (.number(let v, _), .date) where v == v.rounded() && v > 1900 && v < 2100:
            // The year column of this date (schema metadata), through the same reference.
            let prefix = path.name.split(separator: ".").dropLast().map { $0 + "." }.joined()
            let year: String? = if case .dateWithYear(let y)? = path.column.schema.role { prefix + y } else { nil }
            throw fail(Message(.isADate, path.name), expr.span, hint: Message(.writeDateAs, Int(v)) + (year.map { Message(.orCompareYear, $0, Int(v)) } ?? .verbatim("")))
        case (_, .date): throw fail(Message(.expDateFor, path.name), expr.span, hint: Message(.writeDates))
        default: throw fail(Message(.expWholeFor, path.name), expr.span)
        }
    }

    func referenceRow(_ expr: Expr, _ path: ColumnPath, target: TableName) throws(FinsamError) -> Int32 {
        let targetTable = dataset[target]
        let index = KeyIndex(targetTable)
        if case .number(let v, _) = expr, v == v.rounded(), abs(v) < 2e9, let row = index.row(for: .int(Int32(v))) { return row }
        if let text = valueText(expr) {
            if let row = index.row(for: .text(text)) { return row }
            let keys = KeyIndex.keys(of: targetTable).map(\.description)
            if let match = keys.firstIndex(where: { NameMatching.fold($0) == NameMatching.fold(text) }) { return Int32(match) }
            let hint = NameMatching.suggestion(for: text, among: keys).map { Message(.didYouMean, $0) }
                ?? Message(.holdsKeyOf, path.name, target.rawValue, targetTable.schema.keyColumn)
            throw fail(Message(.noKeyIn, target.rawValue, NameMatching.excerpt(text)), expr.span, hint: hint)
        }
        throw fail(Message(.expKeyOf, target.rawValue), expr.span)
    }

    // MARK: Conditions

    func condition(_ expr: Expr, in table: Table) throws(FinsamError) -> BoundCondition {
        switch expr {
        case .and(let a, let b): return .and(try condition(a, in: table), try condition(b, in: table))
        case .or(let a, let b): return .or(try condition(a, in: table), try condition(b, in: table))
        case .not(let a, _): return .not(try condition(a, in: table))
        case .name(let name):
            if let definition = isLet(name, in: table) {
                guard case .condition = definition.kind else {
                    if case .cases = definition.kind {
                        throw fail(Message(.categoriesNotCondition, name.text), name.span,
                                   hint: Message(.categoriesNotConditionHint, name.text))
                    }
                    throw fail(Message(.notCondition, name.text), name.span, hint: Message(.definedAs, name.text, definition.source))
                }
                // A let written for one table and used on another fails at its use, not at its
                // definition (which the user wrote earlier, perhaps in another script).
                do { return try condition(definition.expression, in: table) } catch {
                    throw fail(Message(.letNotApplySource, name.text, definition.source, table.title, error.messageText),
                               name.span, hint: error.hintText)
                }
            }
            let path = try column(name, in: table)
            guard case .bool = path.type else {
                throw fail(Message(.columnNotCondition, path.name, path.type.displayMessage), name.span,
                           hint: conditionHint(path))
            }
            return .codes(path, allowed: [false, true])
        case .compare(let op, let left, let right, let span):
            if case .arithmetic = left { return try columnComparison(op, left, right, span: span, in: table) }
            if case .arithmetic = right { return try columnComparison(op, left, right, span: span, in: table) }
            let path = try operandColumn(left, in: table)
            if namesColumn(right, comparedWith: path, in: table) { return try columnComparison(op, left, right, span: span, in: table) }
            return try comparison(op, path, right, span: span)
        case .inList(let left, let items, let span):
            let path = try operandColumn(left, in: table)
            return try membership(path, items, span: span)
        case .inRange(let left, let low, let high, let span):
            let path = try operandColumn(left, in: table)
            func bounds() throws(FinsamError) -> (Int32, Int32) {
                let (a, b) = (try integer(low, path), try integer(high, path))
                // Found by the fuzzer: a reversed range made an invalid range of years downstream.
                guard a <= b else { throw fail(Message(.rangeEmpty, source.text(low.span), source.text(high.span)), span, hint: Message(.lowerFirst)) }
                return (a, b)
            }
            switch path.type {
            case .int, .date:
                let (a, b) = try bounds()
                return .intRange(path, low: a, high: b)
            case .yearSet:
                let (a, b) = try bounds()
                return .yearsOverlap(path, low: Int16(clamping: a), high: Int16(clamping: b))
            default: throw fail(Message(.rangeNeedsNumber, path.name, path.type.displayMessage), expr.span,
                                hint: Message(.listTheValues, path.name))
            }
        case .has(let left, let mode, let items, let span):
            let path = try operandColumn(left, in: table)
            switch path.type {
            case .categorySet(let categories):
                var mask: UInt32 = 0
                for item in items { mask |= 1 << UInt32(try categoryCode(item, path, categories)) }
                return mode == .all ? .setAll(path, mask: mask) : .setAny(path, mask: mask)
            case .yearSet:
                var years = Set<Int16>()
                for item in items { years.insert(Int16(clamping: try integer(item, path))) }
                if mode == .all, years.count > 1 {
                    return years.map { BoundCondition.yearsIn(path, years: [$0]) }.dropFirst().reduce(.yearsIn(path, years: [years.first!])) { .and($0, $1) }
                }
                return .yearsIn(path, years: years)
            case .referenceSet(let target):
                var rows = Set<Int32>()
                for item in items { rows.insert(try referenceRow(item, path, target: target)) }
                return .referenceSetHas(path, rows: rows, all: mode == .all)
            default:
                throw fail(Message(.hasNeedsSet, path.name, path.type.displayMessage), span,
                           hint: Message(.compareSingle, path.name))
            }
        case .isEmpty(let left, let negated, let span):
            let path = try operandColumn(left, in: table)
            let bound: BoundCondition
            switch path.type {
            case .categorySet: bound = .setEmpty(path)
            case .referenceSet: bound = .referenceSetEmpty(path)
            default: throw fail(Message(.isEmptyNeedsSet, path.name, path.type.displayMessage), span, hint: Message(.useIsMissing))
            }
            return negated ? .not(bound) : bound
        case .isMissing(let left, let negated, _):
            let path = try operandColumn(left, in: table)
            return negated ? .not(.isMissing(path)) : .isMissing(path)
        case .call(let name, _, let span):
            throw fail(Message(.callNotCondition, name), span, hint: MeasureCatalogue.named(name)?.argument == .condition ? Message(.shareIsMeasure, name) : nil)
        default:
            throw fail(Message(.expCondition), expr.span, hint: Message(.conditionExamples))
        }
    }

    private func conditionHint(_ path: ColumnPath) -> Message {
        switch path.type {
        case .int: Message(.compareIt, path.name)
        case .category(let c): Message(.compareItEq, path.name, c.values.first.map { $0.contains(" ") ? "\"\($0)\"" : $0 } ?? "…")
        case .categorySet(let c): Message(.testIt, path.name, c.values.first ?? "…", path.name)
        default: Message(.compareItWith)
        }
    }

    func operandColumn(_ expr: Expr, in table: Table) throws(FinsamError) -> ColumnPath {
        switch expr {
        case .name(let name):
            if let definition = isLet(name, in: table) {
                if case .alias(let target) = definition.kind { return try column(target, in: table) }
                if case .cases(let arms, let otherwise, _) = definition.expression {
                    do { return try caseColumn(name.text, arms: arms, otherwise: otherwise, in: table) } catch {
                        throw fail(Message(.letNotApply, name.text, table.title, error.messageText), name.span, hint: error.hintText)
                    }
                }
            }
            return try column(name, in: table)
        case .word(let w, let span):
            if lets.keys.contains(where: { NameMatching.fold($0) == NameMatching.fold(w) }) { return try operandColumn(.name(NameRef(parts: [w], span: span)), in: table) }
            return try column(NameRef(parts: [w], span: span), in: table)
        case .arithmetic: return try arithmeticColumn(expr, in: table)
        // A column named in quotes: a pipeline's measure (`medel("andel(ung)")`).
        case .string(let text, let span) where table.column(text) != nil: return try column(NameRef(parts: [text], span: span), in: table)
        default: throw fail(Message(.expColumnLeft), expr.span)
        }
    }

    private func comparison(_ op: ComparisonOperator, _ path: ColumnPath, _ value: Expr, span: SourceSpan) throws(FinsamError) -> BoundCondition {
        switch path.type {
        case .category(let categories):
            guard op.isEquality else { throw fail(Message(.isCategory, path.name), span) }
            let code = try categoryCode(value, path, categories)
            var allowed = [Bool](repeating: op == .notEqual, count: categories.count)
            allowed[Int(code)] = op == .equal
            return .codes(path, allowed: allowed)
        case .bool:
            guard op.isEquality, let text = valueText(value), let truth = boolValue(text) else {
                throw fail(Message(.isTrueFalse, path.name), value.span, hint: Message(.writeTrue, path.name, path.name))
            }
            return .codes(path, allowed: [(op == .equal) != truth, (op == .equal) == truth])
        case .int, .date:
            return .intCompare(path, op: op, value: try integer(value, path))
        case .yearSet:
            let year = Int16(clamping: try integer(value, path))
            switch op {
            case .equal: return .yearsIn(path, years: [year])
            case .notEqual: return .not(.yearsIn(path, years: [year]))
            // Clamped: a year past Int16's range (found by the fuzzer) must not overflow.
            case .less: return .yearsOverlap(path, low: .min + 1, high: Int16(clamping: Int32(year) - 1))
            case .lessOrEqual: return .yearsOverlap(path, low: .min + 1, high: year)
            case .greater: return .yearsOverlap(path, low: Int16(clamping: Int32(year) + 1), high: .max)
            case .greaterOrEqual: return .yearsOverlap(path, low: year, high: .max)
            }
        case .categorySet(let categories):
            // The hint's value is one the set may hold: the typed one, else the nearest, else the first.
            let typed = valueText(value)
            let known = typed.flatMap { t in categories.values.first { NameMatching.fold($0) == NameMatching.fold(t) } }
                ?? typed.flatMap { t in categories.values.first { NameMatching.fold($0).hasPrefix(NameMatching.fold(t)) } }
                ?? typed.flatMap { NameMatching.suggestion(for: $0, among: categories.values) } ?? categories.values[0]
            throw fail(Message(.isSetHas, path.name), span,
                       hint: Message(.hasExamples, path.name, Self.written(known)))
        case .reference(let target):
            guard op.isEquality else { throw fail(Message(.refersTo, path.name, target.rawValue), span) }
            let row = try referenceRow(value, path, target: target)
            return op == .equal ? .referenceIn(path, rows: [row]) : .not(.referenceIn(path, rows: [row]))
        case .referenceSet:
            throw fail(Message(.isSetHasEmpty, path.name), span)
        case .text:
            guard op.isEquality, let text = valueText(value) else { throw fail(Message(.isText, path.name), span) }
            return op == .equal ? .textIn(path, values: [text]) : .not(.textIn(path, values: [text]))
        }
    }

    private func membership(_ path: ColumnPath, _ items: [Expr], span: SourceSpan) throws(FinsamError) -> BoundCondition {
        switch path.type {
        case .category(let categories):
            var allowed = [Bool](repeating: false, count: categories.count)
            for item in items { allowed[Int(try categoryCode(item, path, categories))] = true }
            return .codes(path, allowed: allowed)
        case .int, .date:
            var values = Set<Int32>()
            for item in items { values.insert(try integer(item, path)) }
            return .intIn(path, values: values)
        case .yearSet:
            var years = Set<Int16>()
            for item in items { years.insert(Int16(clamping: try integer(item, path))) }
            return .yearsIn(path, years: years)
        case .reference(let target):
            var rows = Set<Int32>()
            for item in items { rows.insert(try referenceRow(item, path, target: target)) }
            return .referenceIn(path, rows: rows)
        case .text:
            return .textIn(path, values: Set(items.compactMap(valueText)))
        case .bool:
            var allowed = [false, false]
            for item in items {
                guard let text = valueText(item), let truth = boolValue(text) else { throw fail(Message(.expectedTrueFalse), item.span) }
                allowed[truth ? 1 : 0] = true
            }
            return .codes(path, allowed: allowed)
        case .categorySet, .referenceSet:
            throw fail(Message(.isSetHasAny, path.name), span)
        }
    }

    func boolValue(_ text: String) -> Bool? {
        switch NameMatching.fold(text) {
        case "true", "sant", "ja", "yes": true
        case "false", "falskt", "nej", "no": false
        default: nil
        }
    }
}
