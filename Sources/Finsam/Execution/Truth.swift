/// Three-valued results of a condition over every row of a table, column at a time:
/// 0 false, 1 true, 2 unknown (a missing operand). `and`, `or` and `not` follow SQL
/// (Kleene logic): unknown or true is true, unknown and false is false.
enum Truth {
    static let no: UInt8 = 0, yes: UInt8 = 1, unknown: UInt8 = 2

    static func and(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        // Lookup over (a, b) pairs: 3×3 table.
        let table: [UInt8] = [0, 0, 0, 0, 1, 2, 0, 2, 2]
        return (0..<a.count).map { table[Int(a[$0]) * 3 + Int(b[$0])] }
    }

    static func or(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        let table: [UInt8] = [0, 1, 2, 1, 1, 1, 2, 1, 2]
        return (0..<a.count).map { table[Int(a[$0]) * 3 + Int(b[$0])] }
    }

    static func not(_ a: [UInt8]) -> [UInt8] {
        a.map { $0 == unknown ? unknown : 1 - $0 }
    }
}

/// Evaluates a bound condition over a whole table, one column pass per leaf.
struct ConditionEvaluator {
    let rowCount: Int

    func evaluate(_ condition: BoundCondition) -> [UInt8] {
        switch condition {
        case .and(let a, let b): return Truth.and(evaluate(a), evaluate(b))
        case .or(let a, let b): return Truth.or(evaluate(a), evaluate(b))
        case .not(let a): return Truth.not(evaluate(a))
        case .codes(let path, let allowed):
            // A lookup table over the one-byte codes; the missing code stays unknown.
            var lookup = [UInt8](repeating: Truth.unknown, count: 256)
            for (code, ok) in allowed.enumerated() { lookup[code] = ok ? 1 : 0 }
            let values: [UInt8]
            switch path.column.data {
            case .category(let v), .bool(let v): values = v
            default: preconditionFailure("codes on a column without codes")
            }
            var out = [UInt8](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { v in
                lookup.withUnsafeBufferPointer { l in
                    out.withUnsafeMutableBufferPointer { o in for i in 0..<v.count { o[i] = l[Int(v[i])] } }
                }
            }
            return gather(path, out)
        case .intCompare(let path, let op, let value):
            // Every comparison as a range test, so the loop has no call per value.
            let (low, high) = Self.range(op, value)
            let values = ints(path)
            var out = [UInt8](repeating: Truth.unknown, count: values.count)
            values.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    if op == "!=" {
                        for i in 0..<v.count where v[i] != Missing.int { o[i] = v[i] != value ? 1 : 0 }
                    } else {
                        for i in 0..<v.count where v[i] != Missing.int { o[i] = v[i] >= low && v[i] <= high ? 1 : 0 }
                    }
                }
            }
            return gather(path, out)
        case .intRange(let path, let low, let high):
            return gather(path, ints(path).map { $0 == Missing.int ? Truth.unknown : ($0 >= low && $0 <= high ? 1 : 0) })
        case .intIn(let path, let values):
            return gather(path, ints(path).map { $0 == Missing.int ? Truth.unknown : (values.contains($0) ? 1 : 0) })
        case .setAny(let path, let mask):
            return gather(path, masks(path).map { $0 & Missing.setBit != 0 ? Truth.unknown : ($0 & mask != 0 ? 1 : 0) })
        case .setAll(let path, let mask):
            return gather(path, masks(path).map { $0 & Missing.setBit != 0 ? Truth.unknown : ($0 & mask == mask ? 1 : 0) })
        case .setEmpty(let path):
            return gather(path, masks(path).map { $0 & Missing.setBit != 0 ? Truth.unknown : ($0 == 0 ? 1 : 0) })
        case .yearsOverlap(let path, let low, let high):
            guard case .yearSet(let first, let last) = path.column.data else { preconditionFailure() }
            return gather(path, (0..<first.count).map { i in
                first[i] == Missing.year ? Truth.unknown : (first[i] <= high && last[i] >= low ? 1 : 0)
            })
        case .yearsIn(let path, let years):
            guard case .yearSet(let first, let last) = path.column.data else { preconditionFailure() }
            let sorted = years.sorted()
            return gather(path, (0..<first.count).map { i in
                first[i] == Missing.year ? Truth.unknown : (sorted.contains { $0 >= first[i] && $0 <= last[i] } ? 1 : 0)
            })
        case .referenceIn(let path, let rows):
            guard case .reference(let refs) = path.column.data else { preconditionFailure() }
            return gather(path, refs.map { $0 == Missing.reference ? Truth.unknown : (rows.contains($0) ? 1 : 0) })
        case .referenceSetHas(let path, let rows, let all):
            guard case .referenceSet(let offsets, let targets) = path.column.data else { preconditionFailure() }
            return gather(path, (0..<offsets.count - 1).map { i in
                let members = Set(targets[Int(offsets[i])..<Int(offsets[i + 1])])
                return (all ? rows.isSubset(of: members) : !rows.isDisjoint(with: members)) ? 1 : 0
            })
        case .referenceSetEmpty(let path):
            guard case .referenceSet(let offsets, _) = path.column.data else { preconditionFailure() }
            return gather(path, (0..<offsets.count - 1).map { offsets[$0] == offsets[$0 + 1] ? 1 : 0 })
        case .textIn(let path, let values):
            guard case .text(let texts) = path.column.data else { preconditionFailure() }
            return gather(path, texts.map { $0.map { values.contains($0) ? 1 : 0 } ?? Truth.unknown })
        case .isMissing(let path):
            return gatherMissingAsTrue(path, missing(path.column.data))
        }
    }

    /// `op value` as an inclusive range (for all but !=).
    static func range(_ op: String, _ value: Int32) -> (Int32, Int32) {
        switch op {
        case "=": (value, value)
        case "<": (Int32.min + 1, value == Int32.min ? Int32.min : value - 1)
        case "<=": (Int32.min + 1, value)
        case ">": (value == Int32.max ? Int32.max : value + 1, Int32.max)
        case ">=": (value, Int32.max)
        default: (Int32.min + 1, Int32.max)
        }
    }

    /// The rows where a condition is true. A top-level `and` refines the selection term by
    /// term: a later term is tested only on the rows still selected, when it is a simple test
    /// of the table's own column.
    func select(_ condition: BoundCondition, within rows: [Int32]? = nil) -> [Int32] {
        if case .and(let a, let b) = condition { return select(b, within: select(a, within: rows)) }
        if let rows, let refined = refine(rows, condition) { return refined }
        if rows == nil, let direct = selectDirectly(condition) { return direct }
        let truth = evaluate(condition)
        var out: [Int32] = []
        if let rows {
            out.reserveCapacity(rows.count)
            for r in rows where truth[Int(r)] == Truth.yes { out.append(r) }
        } else {
            out.reserveCapacity(truth.count / 4)
            truth.withUnsafeBufferPointer { t in
                for i in 0..<t.count where t[i] == Truth.yes { out.append(Int32(i)) }
            }
        }
        return out
    }

    /// A one-byte column's codes and which of them pass.
    private static func codeLookup(_ path: ColumnPath, _ allowed: [Bool]) -> ([UInt8], [Bool])? {
        var lookup = [Bool](repeating: false, count: 256)
        for (code, ok) in allowed.enumerated() { lookup[code] = ok }
        switch path.column.data {
        case .category(let v), .bool(let v): return (v, lookup)
        default: return nil
        }
    }

    /// The rows where a simple test of the table's own column holds, straight from the column
    /// (no full-length truth vector).
    private func selectDirectly(_ condition: BoundCondition) -> [Int32]? {
        var out: [Int32] = []
        out.reserveCapacity(rowCount / 4)
        switch condition {
        case .codes(let path, let allowed) where path.via == nil:
            guard let (values, lookup) = Self.codeLookup(path, allowed) else { return nil }
            values.withUnsafeBufferPointer { v in
                lookup.withUnsafeBufferPointer { l in
                    for i in 0..<v.count where l[Int(v[i])] { out.append(Int32(i)) }
                }
            }
        case .intCompare(let path, let op, let value) where path.via == nil && op != "!=":
            let (low, high) = Self.range(op, value)
            ints(path).withUnsafeBufferPointer { v in
                for i in 0..<v.count where v[i] != Missing.int && v[i] >= low && v[i] <= high { out.append(Int32(i)) }
            }
        case .setAny(let path, let mask) where path.via == nil:
            masks(path).withUnsafeBufferPointer { v in
                for i in 0..<v.count where v[i] & Missing.setBit == 0 && v[i] & mask != 0 { out.append(Int32(i)) }
            }
        default:
            return nil
        }
        return out
    }

    /// Tests only the given rows, for conditions on the query table's own columns.
    private func refine(_ rows: [Int32], _ condition: BoundCondition) -> [Int32]? {
        var out: [Int32] = []
        out.reserveCapacity(rows.count)
        switch condition {
        case .codes(let path, let allowed) where path.via == nil:
            guard let (values, lookup) = Self.codeLookup(path, allowed) else { return nil }
            for r in rows where lookup[Int(values[Int(r)])] { out.append(r) }
        case .intCompare(let path, let op, let value) where path.via == nil && op != "!=":
            let (low, high) = Self.range(op, value)
            let values = ints(path)
            for r in rows {
                let v = values[Int(r)]
                if v != Missing.int && v >= low && v <= high { out.append(r) }
            }
        case .intRange(let path, let low, let high) where path.via == nil:
            let values = ints(path)
            for r in rows {
                let v = values[Int(r)]
                if v != Missing.int && v >= low && v <= high { out.append(r) }
            }
        case .setAny(let path, let mask) where path.via == nil:
            let values = masks(path)
            for r in rows where values[Int(r)] & Missing.setBit == 0 && values[Int(r)] & mask != 0 { out.append(r) }
        default:
            return nil
        }
        return out
    }

    private func ints(_ path: ColumnPath) -> [Int32] {
        switch path.column.data {
        case .int(let v), .date(let v): v
        default: preconditionFailure("not a number column")
        }
    }

    private func masks(_ path: ColumnPath) -> [UInt32] {
        guard case .categorySet(let v) = path.column.data else { preconditionFailure("not a set column") }
        return v
    }

    /// Values computed over the related table, brought to the query table's rows.
    private func gather(_ path: ColumnPath, _ values: [UInt8]) -> [UInt8] {
        guard let via = path.via else { return values }
        return via.map { $0 == Missing.reference ? Truth.unknown : values[Int($0)] }
    }

    private func gatherMissingAsTrue(_ path: ColumnPath, _ values: [UInt8]) -> [UInt8] {
        guard let via = path.via else { return values }
        return via.map { $0 == Missing.reference ? 1 : values[Int($0)] }
    }

    private func missing(_ data: ColumnData) -> [UInt8] {
        switch data {
        case .int(let v), .date(let v): v.map { $0 == Missing.int ? 1 : 0 }
        case .reference(let v): v.map { $0 == Missing.reference ? 1 : 0 }
        case .category(let v): v.map { $0 == Missing.category ? 1 : 0 }
        case .bool(let v): v.map { $0 == Missing.bool ? 1 : 0 }
        case .categorySet(let v): v.map { $0 & Missing.setBit != 0 ? 1 : 0 }
        case .text(let v): v.map { $0 == nil ? 1 : 0 }
        case .yearSet(let first, _): first.map { $0 == Missing.year ? 1 : 0 }
        case .referenceSet(let offsets, _): [UInt8](repeating: 0, count: offsets.count - 1)
        }
    }
}
