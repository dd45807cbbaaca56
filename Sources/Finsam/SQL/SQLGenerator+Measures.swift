import FinsamStore
/// The SQL of a measure's value over a group of a level: formulas from their parts, percents of
/// their column, row or total, `invånare` over befolkning, and `having` over those values.
extension SQLGenerator {
    /// `invånare` over a group (befolkning's rows of its year, area, kön and åldersgrupp), as
    /// `PopulationLookup` finds it; `label(d)` is the SQL of a dimension's label in the group, nil
    /// when the group's level lacks it.
    func populationSQL(_ label: (String) -> String?) -> String {
        guard let scope = query.population else { return "NULL" }
        var conditions: [String] = []
        switch scope.year {
        case .fixed(let y): conditions.append("b.år = \(y)")
        case .dimension(let name):
            guard let l = label(name) else { return "NULL" }
            conditions.append("b.år = TRY_CAST(\(l) AS INTEGER)")
        }
        let forbund = SQLTables.name(.forbund), kommuner = SQLTables.name(.kommuner)
        if let (name, kind) = scope.area {
            if let l = label(name) {
                switch kind {
                case .forbund: conditions.append("list_contains((SELECT f.kommuner FROM \(forbund) f WHERE f.id = \(l)), b.kommun)")
                case .kommun: conditions.append("b.kommun = \(l)")
                case .lan: conditions.append("b.kommun IN (SELECT k.kommun FROM \(kommuner) k WHERE k.län = \(l))")
                }
            } else if kind == .forbund {
                conditions.append("b.kommun IN (SELECT unnest(f.kommuner) FROM \(forbund) f)")
            }
        }
        if let rows = scope.kommuner {
            let keys = KeyIndex.keys(of: dataset.kommuner)
            conditions.append("b.kommun IN (\(rows.sorted().map { SQL.string(keys[Int($0)].description) }.joined(separator: ", ")))")
        }
        // A group without the kön or åldersgrupp dimension (a total) counts every value of it.
        if let name = scope.könDimension, let l = label(name) { conditions.append("b.kön = \(l)") }
        if let kön = scope.kön { conditions.append("b.kön IN (\(kön.sorted().map { SQL.string(Schema.kön.name(of: $0)) }.joined(separator: ", ")))") }
        // deltagare's band 60– is befolkning's 60–64.
        let band = { (code: UInt8) in SQL.string(Schema.befolkningsÅldersgrupp.name(of: code)) }
        if let name = scope.bandDimension, let l = label(name) {
            let cases = (0..<UInt8(Schema.åldersgrupp.count)).map { "WHEN \(SQL.string(Schema.åldersgrupp.name(of: $0))) THEN \(band($0))" }
            conditions.append("b.åldersgrupp = CASE \(l) \(cases.joined(separator: " ")) END")
        }
        if let bands = scope.bands { conditions.append("b.åldersgrupp IN (\(bands.sorted().map(band).joined(separator: ", ")))") }
        return "(SELECT sum(b.antal) FROM \(SQLTables.name(.befolkning)) b WHERE \(conditions.joined(separator: " AND ")))"
    }

    /// A percent of a group with no rows: 0 % where its whole has rows (a column's count for
    /// `percent`; a row's or the grand total, which a shown group always has, of row or total).
    func zeroIfPresent(_ measure: BoundMeasure) -> (_ value: String, _ end: String) -> String {
        { v, end in
            measure.percentOf == .column
                ? "coalesce(\(v), CASE WHEN EXISTS (SELECT 1 FROM pivot_counts c WHERE c.p = \(end) AND c.n > 0) THEN 0 END)"
                : "coalesce(\(v), 0)"
        }
    }

    /// Under a pivot, the measures only having reads are columns of `cells` too (then excluded).
    var hiddenInCells: Bool { query.having != nil && query.pivot != nil }

    static func percent(_ part: String, _ whole: String) -> String { "100 * CAST(\(part) AS DOUBLE) / nullif(\(whole), 0)" }

    /// A measure's value over a group `g` of a level (a formula's from its parts').
    func valueSQL(_ m: Int, labels: (String) -> String? = { _ in nil }) -> String {
        let measure = query.measures[m]
        if let formula = measure.formula { return formulaSQL(formula, { valueSQL($0, labels: labels) }, labels: labels) }
        // A percent without a pivot (ranked or tested by having): of its row, itself; else of the total.
        if measure.unit == .percentOfColumn, query.pivot == nil {
            return Self.percent("g._count", measure.percentOf == .row ? "g._count" : "(SELECT count(*) FROM base)")
        }
        switch measure.definition.accumulation {
        case .rows: return "g._count"
        case .proportion: return Self.percent("g.a\(m)", "g.w\(m)")
        default: return "g.a\(m)"
        }
    }

    /// A formula over the values `value(m)` of its measures.
    func formulaSQL(_ f: Formula, _ value: (Int) -> String, labels: (String) -> String?) -> String {
        switch f {
        case .measure(let m): return "CAST(\(value(m)) AS DOUBLE)"
        case .number(let v): return Binder.numberText(v)
        case .population: return "CAST(\(populationSQL(labels)) AS DOUBLE)"
        case .binary(.divided, let a, let b):
            return "(\(formulaSQL(a, value, labels: labels)) / nullif(\(formulaSQL(b, value, labels: labels)), 0))"
        case .binary(let op, let a, let b):
            return "(\(formulaSQL(a, value, labels: labels)) \(op.rawValue) \(formulaSQL(b, value, labels: labels)))"
        }
    }

    /// `having` over the values `value(m)`.
    func resultCondition(_ c: ResultCondition, _ value: (Int) -> String) -> String {
        switch c {
        case .and(let a, let b): "(\(resultCondition(a, value)) AND \(resultCondition(b, value)))"
        case .or(let a, let b): "(\(resultCondition(a, value)) OR \(resultCondition(b, value)))"
        case .not(let a): "(NOT \(resultCondition(a, value)))"
        case .compare(let m, let op, let v):
            "round(\(value(m)), \(ResultBuilder.rankDecimals)) \(op == .notEqual ? "<>" : op.rawValue) \(Binder.numberText(v))"
        }
    }
}
