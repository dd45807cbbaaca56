import FinsamStore
/// Which values of a set column (`år`, `försörjning_start`, `förbund.län`) a query lists when it
/// groups by that column and its `where` clause tests the same column.
///
/// The rule (Grammar/grammar.md, "Dimensions"): a value is listed when a row holding just that
/// value could satisfy the `where` clause. `år >= 2021`, `år > 2020`, `år in 2021..2022` and
/// `år = 2021 or år = 2022` all list 2021 and 2022; `not år = 2021` lists every year but 2021;
/// a test of another column leaves the values free. A conjunction that no single value
/// satisfies (`år = 2018 and år = 2019`, `has all (…)`) lists the values it names. The rows
/// counted under a listed value are still those that pass the clause and hold the value.
enum ListedValues {
    /// Per code of `keys`, whether it is listed; nil when the clause does not restrict the column.
    static func mask(_ keys: DimensionKeys, column name: String, type: ColumnType, filter: BoundCondition?) -> [Bool]? {
        guard let filter, type.isSet else { return nil }
        let values = keys.labels.indices.map { code -> Value in
            if Int32(code) == keys.missingCode { return .missing }
            if Int32(code) == keys.emptyCode { return .empty }
            switch type {
            case .yearSet: return Int16(keys.labels[code]).map(Value.year) ?? .missing
            case .categorySet(let categories): return categories.code(of: keys.labels[code]).map(Value.category) ?? .missing
            // A reference set's labels are the related table's keys, in row order.
            default: return .row(Int32(code))
            }
        }
        guard let reading = read(filter, column: name, values: values) else { return nil }
        return reading.canHold.allSatisfy { $0 } ? nil : reading.canHold
    }

    /// A value of the column on its own.
    enum Value {
        case year(Int16), category(UInt8), row(Int32), empty, missing
    }

    /// Per value: whether the clause can hold, and whether it can fail, for a row holding just
    /// that value (both false: unknown, a missing value).
    struct Reading {
        var canHold: [Bool]
        var canFail: [Bool]
    }

    /// Nil when no test in `condition` reads the column.
    static func read(_ condition: BoundCondition, column name: String, values: [Value]) -> Reading? {
        switch condition {
        case .and(let a, let b), .or(let a, let b):
            let x = read(a, column: name, values: values), y = read(b, column: name, values: values)
            if x == nil, y == nil { return nil }
            // A side that does not read the column may hold or fail for any value.
            let all = [Bool](repeating: true, count: values.count)
            let l = x ?? Reading(canHold: all, canFail: all), r = y ?? Reading(canHold: all, canFail: all)
            guard case .and = condition else {
                return Reading(canHold: zip(l.canHold, r.canHold).map { $0 || $1 }, canFail: zip(l.canFail, r.canFail).map { $0 && $1 })
            }
            var hold = zip(l.canHold, r.canHold).map { $0 && $1 }
            // No single value satisfies both sides: the rows hold several (has all).
            if !hold.contains(true), l.canHold.contains(true), r.canHold.contains(true) {
                hold = zip(l.canHold, r.canHold).map { $0 || $1 }
            }
            return Reading(canHold: hold, canFail: zip(l.canFail, r.canFail).map { $0 || $1 })
        case .not(let a):
            return read(a, column: name, values: values).map { Reading(canHold: $0.canFail, canFail: $0.canHold) }
        default:
            guard let path = condition.path, path.name == name else { return nil }
            var reading = Reading(canHold: [], canFail: [])
            for value in values {
                // A missing value makes every test unknown, except `is missing`.
                if case .missing = value {
                    let missingTest = if case .isMissing = condition { true } else { false }
                    reading.canHold.append(missingTest)
                    reading.canFail.append(false)
                    continue
                }
                let (hold, fail) = outcome(condition, value)
                reading.canHold.append(hold)
                reading.canFail.append(fail)
            }
            return reading
        }
    }

    /// Can the test hold, can it fail, for a row holding just `value` (never missing here).
    private static func outcome(_ test: BoundCondition, _ value: Value) -> (Bool, Bool) {
        func exactly(_ b: Bool) -> (Bool, Bool) { (b, !b) }
        switch (test, value) {
        case (.yearsIn(_, let years), .year(let y)): return exactly(years.contains(y))
        case (.yearsOverlap(_, let low, let high), .year(let y)): return exactly(low <= y && y <= high)
        case (.setAny(_, let mask), .category(let c)): return exactly(mask & (1 << UInt32(c)) != 0)
        case (.setAll(_, let mask), .category(let c)):
            // has all of several: one value alone never suffices, but it is one of those named.
            let named = mask & (1 << UInt32(c)) != 0
            return mask.nonzeroBitCount == 1 ? exactly(named) : (named, true)
        case (.referenceSetHas(_, let rows, let all), .row(let r)):
            return all && rows.count > 1 ? (rows.contains(r), true) : exactly(rows.contains(r))
        case (.setEmpty, let v), (.referenceSetEmpty, let v):
            if case .empty = v { return exactly(true) }
            return exactly(false)
        case (.isMissing, _): return exactly(false)
        // The empty set has no year or member to match.
        case (_, .empty): return exactly(false)
        default: return (true, true)
        }
    }
}
