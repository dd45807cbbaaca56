import FinsamStore
/// Columns a query computes from its table's own, a whole column at a time (and kept by the
/// session for its next statements: `DerivedColumnCache`):
/// row-level arithmetic (`slutdatum - startdatum`), a column compared with a column (their
/// difference against 0), and a `case` let's categories. Execution reads them like stored
/// columns (no syntax is interpreted per row); the SQL reads how they were derived.

/// Arithmetic over a row's columns, bound.
indirect enum RowExpression {
    case column(ColumnPath)
    case number(Int32)
    case binary(ArithmeticOperator, RowExpression, RowExpression)
}

/// How a computed column was made, for the SQL.
enum ColumnDerivation {
    case arithmetic(RowExpression)
    case cases([(condition: BoundCondition, label: String)], otherwise: String?)
}

extension Binder {
    /// What an operand of row-level arithmetic holds.
    private enum Operand { case number, date }

    /// A row-level expression as a computed int column: missing where any operand is.
    func arithmeticColumn(_ expr: Expr, in table: Table) throws(FinsamError) -> ColumnPath {
        guard let derived else { return try computedArithmeticColumn(expr, in: table) }
        // The same text means the same column while the dataset and the lets stay.
        let text = source.text(expr.span).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return try derived.column("arithmetic\u{1}" + text, in: table.name) { () throws(FinsamError) in
            try computedArithmeticColumn(expr, in: table)
        }
    }

    private func computedArithmeticColumn(_ expr: Expr, in table: Table) throws(FinsamError) -> ColumnPath {
        let (expression, kind, percent) = try rowExpression(expr, in: table)
        guard kind == .number else {
            throw fail(Message(.datePlusNumber), expr.span,
                       hint: Message(.datePlusNumberHint))
        }
        var tooLarge = false
        let values = Self.evaluate(expression, rows: table.rowCount, tooLarge: &tooLarge)
        if tooLarge { throw fail(Message(.tooLargeForColumn, source.text(expr.span)), expr.span) }
        let name = source.text(expr.span).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let schema = ColumnSchema(name, .int, nullable: true, role: percent ? .percent : nil, "computed: \(name)")
        var path = ColumnPath(table: table, column: Column(schema, .int(values)), via: nil, name: name)
        path.derivation = .arithmetic(expression)
        return path
    }

    /// `a op b` for two operands, one of which may be a column or an arithmetic expression.
    private func rowExpression(_ expr: Expr, in table: Table) throws(FinsamError) -> (RowExpression, Operand, percent: Bool) {
        switch expr {
        case .number(let v, let span):
            guard v == v.rounded(), abs(v) < 2e9 else { throw fail(Message(.rowArithmeticWhole), span) }
            return (.number(Int32(v)), .number, false)
        case .name, .word:
            let path = try operandColumn(expr, in: table)
            switch path.type {
            case .int: return (.column(path), .number, path.column.schema.role == .percent)
            case .date: return (.column(path), .date, false)
            default:
                throw fail(Message(.arithmeticNeedsNumbers, path.name, path.type.displayMessage), expr.span,
                           hint: Message(.numberColumns) + table.columns.filter { $0.schema.type == .int }.map(\.name).joined(separator: ", "))
            }
        case .arithmetic(let op, let left, let right, let span):
            let (a, kindA, percentA) = try rowExpression(left, in: table)
            let (b, kindB, percentB) = try rowExpression(right, in: table)
            switch (op, kindA, kindB) {
            case (.minus, .date, .date): return (.binary(op, a, b), .number, false)
            case (_, .date, _), (_, _, .date):
                throw fail(Message(.datesSubtract, op.rawValue), span,
                           hint: Message(.datesSubtractHint))
            case (.divided, _, _):
                throw fail(Message(.noRowDivision), span,
                           hint: Message(.noRowDivisionHint, MeasureCatalogue.average.name))
            default:
                return (.binary(op, a, b), .number, (op == .plus || op == .minus) && percentA && percentB)
            }
        default:
            throw fail(Message(.expColumnOrNumber), expr.span)
        }
    }

    /// Each row's value of `expression` (Missing.int where an operand is missing), packed, a
    /// block of rows at a time: the operands are decoded into small buffers and each block
    /// packed as it is made, so no four-byte copy of the column is ever held.
    private static func evaluate(_ expression: RowExpression, rows: Int, tooLarge: inout Bool) -> PackedInts {
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var column = PackedIntsBuilder(missing: Missing.int)
        column.reserveCapacity(rows)
        var start = 0
        while start < rows {
            let n = min(chunkSize, rows - start)
            evaluate(expression, from: start, count: n, into: buffer, tooLarge: &tooLarge)
            column.append(contentsOf: UnsafeBufferPointer(start: buffer, count: n))
            start += n
        }
        return column.build()
    }

    private static func evaluate(_ expression: RowExpression, from start: Int, count n: Int, into out: UnsafeMutablePointer<Int32>,
                                 tooLarge: inout Bool) {
        switch expression {
        case .number(let v): for i in 0..<n { out[i] = v }
        case .column(let path):
            let own: PackedInts
            switch path.column.data {
            case .int(let p), .date(let p): own = p
            default: preconditionFailure("arithmetic on \(path.type.displayMessage)")
            }
            let missing = own.missing
            if let via = path.via {
                via.decode(from: start, count: n, into: out)
                for i in 0..<n {
                    let r = out[i]
                    guard r != Missing.reference else { out[i] = Missing.int; continue }
                    let v = own[Int(r)]
                    out[i] = v == missing ? Missing.int : v
                }
            } else {
                own.decode(from: start, count: n, into: out)
                for i in 0..<n where out[i] == missing { out[i] = Missing.int }
            }
        case .binary(let op, let a, let b):
            let right = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { right.deallocate() }
            evaluate(a, from: start, count: n, into: out, tooLarge: &tooLarge)
            evaluate(b, from: start, count: n, into: right, tooLarge: &tooLarge)
            for i in 0..<n {
                let x = out[i], y = right[i]
                if x == Missing.int || y == Missing.int { out[i] = Missing.int; continue }
                let r: Int64 = switch op {
                case .plus: Int64(x) + Int64(y)
                case .minus: Int64(x) - Int64(y)
                case .times: Int64(x) * Int64(y)
                case .divided: 0
                }
                if r <= Int64(Int32.min) || r > Int64(Int32.max) { tooLarge = true; out[i] = Missing.int } else { out[i] = Int32(r) }
            }
        }
    }

    /// `startår = slutår`, `slutdatum - startdatum > 90`: a computed column compared with a number.
    func columnComparison(_ op: ComparisonOperator, _ left: Expr, _ right: Expr, span: SourceSpan, in table: Table) throws(FinsamError) -> BoundCondition {
        if case .number(let v, let numberSpan) = right {
            let path = try arithmeticColumn(left, in: table)
            return .intCompare(path, op: op, value: try integer(.number(v, numberSpan), path))
        }
        let difference = Expr.arithmetic(.minus, left, right, span)
        let path = try arithmeticColumn(difference, in: table)
        return .intCompare(path, op: op, value: 0)
    }

    /// Whether `expr` on the right of a comparison names a column (`startår = slutår`) rather than
    /// a value: a number or date column's values are never words.
    func namesColumn(_ expr: Expr, comparedWith left: ColumnPath, in table: Table) -> Bool {
        guard left.type == .int || left.type == .date else { return false }
        switch expr {
        case .word(let w, let span): return (try? column(NameRef(parts: [w], span: span), in: table)) != nil
        case .name(let n): return (try? column(n, in: table)) != nil
        default: return false
        }
    }

    /// A `case` let as a computed category column: the first condition that holds names the row;
    /// a row where none holds is the `else` category, unless every condition was undecidable
    /// (then it is missing: `(saknas)`); without `else`, missing.
    func caseColumn(_ name: String, arms: [(condition: Expr, label: String)], otherwise: String?, in table: Table) throws(FinsamError) -> ColumnPath {
        guard let derived else { return try computedCaseColumn(name, arms: arms, otherwise: otherwise, in: table) }
        return try derived.column("case\u{1}" + name, in: table.name) { () throws(FinsamError) in
            try computedCaseColumn(name, arms: arms, otherwise: otherwise, in: table)
        }
    }

    private func computedCaseColumn(_ name: String, arms: [(condition: Expr, label: String)], otherwise: String?,
                                    in table: Table) throws(FinsamError) -> ColumnPath {
        var bound: [(condition: BoundCondition, label: String)] = []
        for arm in arms { bound.append((try condition(arm.condition, in: table), arm.label)) }
        var labels: [String] = []
        for label in bound.map(\.label) + (otherwise.map { [$0] } ?? []) where !labels.contains(label) { labels.append(label) }
        guard labels.count < Int(Missing.category) else {
            throw fail(Message(.caseTooMany, Int(Missing.category) - 1, labels.count), arms[0].condition.span)
        }
        let categories = Categories(labels)
        let rows = table.rowCount
        let arms = bound.map { (condition: PreparedCondition($0.condition), code: categories.code(of: $0.label)!) }
        let otherwiseCode = otherwise.map { categories.code(of: $0)! }
        // A block of rows at a time, every arm's truth in a small buffer: no column-sized array
        // but the codes (a row is decided while its code is still the missing one).
        let truth = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize), known = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: chunkSize)
        defer { truth.deallocate(); known.deallocate(); scratch.deallocate() }
        let codes = [UInt8](unsafeUninitializedCapacity: rows) { out, initialized in
            var start = 0
            while start < rows {
                let n = min(chunkSize, rows - start), o = out.baseAddress! + start
                o.initialize(repeating: Missing.category, count: n)
                known.initialize(repeating: 0, count: n)
                // Selects, not branches: truth varies row by row, and the loops vectorise.
                for arm in arms {
                    arm.condition.evaluate(from: start, count: n, into: truth, scratch: scratch)
                    let code = arm.code
                    for i in 0..<n {
                        let open = o[i] == Missing.category, t = truth[i]
                        o[i] = open && t == Truth.yes ? code : o[i]
                        known[i] |= open && t != Truth.unknown ? 1 : 0
                    }
                }
                if let otherwiseCode {
                    for i in 0..<n { o[i] = o[i] == Missing.category && known[i] != 0 ? otherwiseCode : o[i] }
                }
                start += n
            }
            initialized = rows
        }
        let schema = ColumnSchema(name, .category(categories), nullable: true, "a case let")
        var path = ColumnPath(table: table, column: Column(schema, .category(codes)), via: nil, name: name)
        path.derivation = .cases(bound, otherwise: otherwise)
        return path
    }
}
