import FinsamStore

/// A bound query as one self-contained DuckDB statement over the CSV files of a folder: the
/// escape hatch for users who outgrow finsam, and the oracle of the differential tests.
///
/// Its result has finsam's numbers in long form: the `by` columns, then (for `across` and
/// `compare`) one column for the pivot value, then a column per measure; a share or `percent`
/// is its percent and its denominator (`<name> n`), as in finsam's CSV output. Totals are rows
/// labelled `Totalt` (the first `by` column, the pivot column), each computed from the rows
/// with only its own dimensions expanded, as finsam does; a set column counts a row once per
/// value (`ingen` for the empty set), a missing value is `(saknas)`. `compare` adds rows whose
/// pivot value is `skillnad`: last minus first of the compared values (the chosen ones, or the
/// first and last present in finsam's order of the dimension), in percentage points for shares,
/// and for counts also relative (`<name> %`).
struct SQLGenerator {
    let query: BoundQuery
    let directory: String
    let totalLabel: String
    let differenceLabel: String

    /// Joins to related tables, keyed by the dotted reference path (`förbund`, `insats.förbund`).
    private final class Joins {
        var aliases: [String: String] = [:]
        var clauses: [String] = []
        var tables: Set<TableName> = []
    }
    private let joins = Joins()

    /// Each dimension's values in finsam's order, made once: building them reads every row.
    private final class LabelCache {
        var labels: [String: [String]] = [:]
    }
    private let labelCache = LabelCache()

    let dataset: Dataset
    /// Tables read from other files than the folder's (replaced by `load`).
    let files: [TableName: String]
    /// A pipeline's step reads the CTE of the step before (nil: the query's table).
    var source: String? = nil
    /// CTEs that come first (a pipeline's earlier steps).
    var leading: [String] = []
    /// How a yes/no value reads, as finsam shows it (`ja`/`nej` in Swedish).
    var yes = "true", no = "false"

    init(query: BoundQuery, dataset: Dataset, directory: String, files: [TableName: String] = [:], totalLabel: String,
         differenceLabel: String) {
        self.query = query
        self.differenceLabel = differenceLabel
        self.dataset = dataset
        self.files = files
        self.directory = directory
        self.totalLabel = totalLabel
        joins.tables.insert(query.table.name)
    }

    /// One dimension of the result (a `by` column or the pivot).
    private struct Dimension {
        let header: String
        let name: String       // the column of `base` (a label, or a list of labels for a set)
        let isSet: Bool
        let expression: String
    }

    func statement() -> String {
        // invånare reads befolkning, and the förbund and kommuner of an area.
        if query.population != nil { joins.tables.formUnion([.befolkning, .forbund, .kommuner]) }
        // base: one row per selected row, with labels, set labels and measure inputs.
        var byDimensions: [Dimension] = []
        for (i, d) in query.by.enumerated() { byDimensions.append(dimension(d, name: "d\(i)")) }
        var pivot: Dimension?
        var chosen: [String] = []
        var isCompare = false
        switch query.pivot {
        case .across(let d): pivot = dimension(d, name: "p")
        case .compare(let d, let values):
            pivot = dimension(d, name: "p")
            chosen = values
            isCompare = true
            // The binder names yes/no values true and false; the labels read as finsam shows them.
            if d.isYesNo { chosen = values.map { $0 == "true" ? yes : $0 == "false" ? no : $0 } }
        case nil: break
        }
        var inputs: [String] = []
        for (m, measure) in query.measures.enumerated() {
            switch measure.input {
            case .rows:
                if measure.definition.basis == .persons, let key = query.table.schema.personKey { inputs.append("t.\(SQL.identifier(key)) AS m\(m)") }
            case .condition(let condition): inputs.append("(\(self.condition(condition))) AS m\(m)")
            case .column(let path): inputs.append("\(column(path)) AS m\(m)")
            case .formula: break
            }
        }
        let filter = query.filter.map(condition)
        let dimensions = byDimensions + (pivot.map { [$0] } ?? [])
        let selectList = dimensions.map { "\($0.expression) AS \($0.name)\($0.isSet ? "_values" : "")" } + inputs
        var base = "base AS (\n  SELECT \(selectList.isEmpty ? "1 AS one" : selectList.joined(separator: ",\n         "))\n"
        base += "  FROM \(source ?? SQLTables.name(query.table.name)) t"
        for clause in joins.clauses { base += "\n  " + clause }
        if let filter { base += "\n  WHERE \(filter)" }
        base += "\n)"

        // The levels: (by…, pivot), then its totals.
        let by = Array(byDimensions.indices)
        let p = pivot == nil ? nil : byDimensions.count
        var levels: [[Int]] = []
        if let p {
            if !by.isEmpty { levels.append(by + [p]) }
            if !isCompare && !by.isEmpty { levels.append(by) }
            levels.append([p])
            if !isCompare { levels.append([]) }
        } else {
            levels.append(by)
            if !by.isEmpty { levels.append([]) }
        }
        var ctes = leading + SQLTables.definitions(of: source == nil ? joins.tables : joins.tables.subtracting([query.table.name]),
                                                   directory: directory, files: files) + [base]
        if pivot != nil, query.measures.contains(where: { $0.unit == .percentOfColumn }) {
            // percent in a pivot: the group's count as a share of its column's (or its row's) count.
            ctes.append("pivot_counts AS (\n  SELECT p, count(*) AS n FROM \(expanded([byDimensions.count], dimensions)) GROUP BY p\n)")
            if !byDimensions.isEmpty {
                let names = byDimensions.map(\.name).joined(separator: ", ")
                ctes.append("row_counts AS (\n  SELECT \(names), count(*) AS n FROM \(expanded(Array(byDimensions.indices), dimensions)) GROUP BY \(names)\n)")
            }
        }
        let orderLevel = levels.first ?? []
        var selects: [String] = []
        for (index, level) in levels.enumerated() {
            selects.append(self.level(level, index: index, dimensions: dimensions, byCount: byDimensions.count,
                                      pivotFilter: p.flatMap { level.contains($0) && !chosen.isEmpty ? chosen : nil },
                                      limited: level == orderLevel && pivot == nil))
        }
        let labelOrder = dimensions.map { SQL.identifier($0.header) }
        var orderKeys = ["_level"]
        if pivot == nil { orderKeys.append("_rank") }
        var sql: String
        if let pivot, let p {
            // The cells; for compare a row of differences per group of each level with the
            // pivot; for order by and top the rank of each group of the by columns.
            ctes.append("cells AS (\n" + selects.joined(separator: "\n  UNION ALL\n") + "\n)")
            var rows = "  SELECT *, 0 AS _difference FROM cells"
            if isCompare {
                ctes.append(differences(levels: levels.indices.filter { levels[$0].contains(p) }, byDimensions: byDimensions,
                                        pivot: pivot, chosen: chosen, pivotLevel: levels.firstIndex(of: [p])!))
                rows += "\n  UNION ALL BY NAME\n  SELECT * FROM differences"
            }
            let byHeaders = byDimensions.map { SQL.identifier($0.header) }
            let ranked = !byDimensions.isEmpty && (!query.order.isEmpty || query.top != nil || query.having != nil)
            if ranked {
                ctes.append(ranks(byDimensions: byDimensions, dimensions: dimensions, pivot: pivot, chosen: chosen, isCompare: isCompare,
                                  keyLevel: isCompare ? 0 : 1, pivotLevel: levels.firstIndex(of: [p])!))
            }
            sql = "WITH\n" + ctes.joined(separator: ",\n") + "\n"
            // Measures computed only for having are not shown.
            let hidden = query.measures.filter { $0.isHidden && hiddenInCells }.map { SQL.identifier($0.label) }
            sql += "SELECT x.* EXCLUDE (\((["_level", "_difference"] + hidden).joined(separator: ", "))) FROM (\n\(rows)\n) x"
            if ranked {
                sql += "\nLEFT JOIN ranks r ON " + byHeaders.map { "r.\($0) = x.\($0)" }.joined(separator: " AND ")
                // The total rows have no rank, nor have the groups having leaves out; top keeps every
                // other row of the first n groups.
                let dataLevels = levels.indices.filter { Set(by).isSubset(of: levels[$0]) }.map(String.init).joined(separator: ", ")
                var conditions: [String] = []
                if query.having != nil { conditions.append("(x._level NOT IN (\(dataLevels)) OR r._rank IS NOT NULL)") }
                if let top = query.top { conditions.append("(r._rank IS NULL OR r._rank <= \(top))") }
                if !conditions.isEmpty { sql += "\nWHERE " + conditions.joined(separator: " AND ") }
                orderKeys.append("r._rank NULLS LAST")
            }
            orderKeys += byHeaders.map { "x.\($0)" } + ["x._difference", "x.\(SQL.identifier(pivot.header))"]
            sql += "\nORDER BY \(orderKeys.map { $0 == "_level" ? "x._level" : $0 }.joined(separator: ", "))"
        } else {
            sql = "WITH\n" + ctes.joined(separator: ",\n") + "\n"
            orderKeys += labelOrder
            sql += "SELECT * EXCLUDE (_level, _rank) FROM (\n"
            sql += selects.joined(separator: "\n  UNION ALL\n")
            sql += "\n)\nORDER BY \(orderKeys.joined(separator: ", "))"
        }
        return sql + ";"
    }

    /// The `differences` of a compare: for each group of the levels with the pivot, last minus
    /// first of the compared values. A count absent from `cells` is 0; other measures need both.
    private func differences(levels: [Int], byDimensions: [Dimension], pivot: Dimension, chosen: [String], pivotLevel: Int) -> String {
        let p = SQL.identifier(pivot.header)
        let (first, last) = comparedEnds(p, chosen: chosen, pivotLevel: pivotLevel)
        // Without chosen values, fewer than two present leave nothing to compare (finsam shows –).
        let none = chosen.isEmpty ? "\(first) IS NULL OR \(first) = \(last)" : "FALSE"
        var columns = ["_level"] + byDimensions.map { SQL.identifier($0.header) }
        columns += ["\(SQL.string(differenceLabel)) AS \(p)", "1 AS _difference"]
        for measure in query.measures where !measure.isHidden {
            let name = SQL.identifier(measure.label)
            let a = "max(\(name)) FILTER (WHERE \(p) = \(first))", b = "max(\(name)) FILTER (WHERE \(p) = \(last))"
            switch measure.unit {
            case .count:
                // No value present but the missing one: nothing to compare (finsam shows –).
                let (x, y) = ("coalesce(\(a), 0)", "coalesce(\(b), 0)")
                columns.append("CASE WHEN \(none) THEN NULL ELSE \(y) - \(x) END AS \(name)")
                columns.append("CASE WHEN \(x) = 0 OR \(none) THEN NULL ELSE 100 * CAST(\(y) - \(x) AS DOUBLE) / \(x) END AS \(SQL.identifier(measure.label + " %"))")
            case .percentOfColumn:
                let zero = zeroIfPresent(measure)
                columns.append("CASE WHEN \(none) THEN NULL ELSE \(zero(b, last)) - \(zero(a, first)) END AS \(name)")
            default:
                columns.append("CASE WHEN \(none) THEN NULL ELSE \(b) - \(a) END AS \(name)")
            }
        }
        let groups = ["_level"] + byDimensions.map { SQL.identifier($0.header) }
        return "differences AS (\n  SELECT \(columns.joined(separator: ", "))\n  FROM cells WHERE _level IN (\(levels.map(String.init).joined(separator: ", ")))\n"
            + "  GROUP BY \(groups.joined(separator: ", "))\n)"
    }

    /// The first and last compared value as SQL: the chosen ones, or the first and last present
    /// (in the `[p]` level of `cells`) in the order finsam lists the dimension's values.
    private func comparedEnds(_ p: String, chosen: [String], pivotLevel: Int) -> (first: String, last: String) {
        if let a = chosen.first, let b = chosen.last { return (SQL.string(a), SQL.string(b)) }
        let labels = compareOrder.map(SQL.string).joined(separator: ", ")
        let present = "FROM cells WHERE _level = \(pivotLevel)"
        return ("(SELECT arg_min(\(p), list_position([\(labels)], \(p))) \(present))",
                "(SELECT arg_max(\(p), list_position([\(labels)], \(p))) \(present))")
    }

    /// The values of the compared dimension in finsam's order (its columns' order), without
    /// the missing value: it is never a compared end.
    private var compareOrder: [String] {
        guard case .compare(let d, _) = query.pivot else { return [] }
        return labels(d).filter { $0 != DimensionKeys.missingLabel }
    }

    /// A dimension's values in finsam's order of its groups.
    private func labels(_ d: BoundDimension) -> [String] {
        if let known = labelCache.labels[d.name] { return known }
        var labels = DimensionKeys(d, dataset: dataset, rowCount: query.table.rowCount, filter: nil).labels
        // Yes/no values read as the SQL writes them (`ja`/`nej` in Swedish).
        if d.isYesNo { labels = labels.map { $0 == "true" ? yes : $0 == "false" ? no : $0 } }
        labelCache.labels[d.name] = labels
        return labels
    }

    /// The position of a label in finsam's order of a dimension, for sorting (NULL for a missing
    /// value, which sorts last); nil when the dimension has so many values (keys, ids) that
    /// listing them would swamp the statement.
    private func naturalOrder(_ d: BoundDimension, _ label: String) -> String? {
        let values = labels(d).filter { $0 != DimensionKeys.missingLabel }
        guard values.count <= 2000 else { return nil }
        return "list_position([\(values.map(SQL.string).joined(separator: ", "))], \(label))"
    }

    /// `order by` keys over a group's cells: a by column in its natural order, or a measure's
    /// value (`value(m)` gives its SQL); missing values last, as finsam sorts.
    private func orderKeys(_ label: (Int) -> String, _ value: (Int) -> String, difference: ((_ relative: Bool) -> String)? = nil) -> [String] {
        var keys: [String] = []
        for (key, descending) in query.order {
            let folded = NameMatching.fold(key)
            if let difference, Binder.differenceNames.contains(where: { NameMatching.fold($0) == folded }) {
                keys.append("round(\(difference(folded.hasSuffix("%"))), \(ResultBuilder.rankDecimals)) \(descending ? "DESC" : "ASC") NULLS LAST")
            } else if let d = query.by.firstIndex(where: { NameMatching.fold($0.name) == folded }) {
                keys.append("\(naturalOrder(query.by[d], label(d)) ?? label(d))\(descending ? " DESC" : "") NULLS LAST")
            } else if let m = query.measures.firstIndex(where: { NameMatching.fold($0.label) == folded }) {
                // Rounded as finsam ranks: values equal but for floating-point noise tie.
                keys.append("round(\(value(m)), \(ResultBuilder.rankDecimals)) \(descending ? "DESC" : "ASC") NULLS LAST")
            }
        }
        // Ties keep finsam's order of the groups: by the first by column, then the next.
        for (d, dimension) in query.by.enumerated() { if let natural = naturalOrder(dimension, label(d)) { keys.append("\(natural) NULLS LAST") } }
        return keys
    }

    /// The rank of each group of the by columns for order by and top in across (by the total
    /// column) and compare (by the first compared value), as finsam orders its rows.
    private func ranks(byDimensions: [Dimension], dimensions: [Dimension], pivot: Dimension, chosen: [String], isCompare: Bool,
                       keyLevel: Int, pivotLevel: Int) -> String {
        let p = SQL.identifier(pivot.header)
        let byHeaders = byDimensions.map { SQL.identifier($0.header) }
        let first = isCompare ? "\(p) = \(comparedEnds(p, chosen: chosen, pivotLevel: pivotLevel).first)" : "TRUE"
        var values: [String] = []
        for (m, measure) in query.measures.enumerated() where !measure.isHidden || hiddenInCells {
            let value = "max(\(SQL.identifier(measure.label))) FILTER (WHERE \(first))"
            switch measure.unit {
            case .count: values.append("coalesce(\(value), 0) AS k\(m)")
            default: values.append("\(value) AS k\(m)")
            }
        }
        // `order by skillnad`: the first measure's difference (last − first), as in `differences`.
        let shownFirst = query.measures.firstIndex { !$0.isHidden } ?? 0
        // `skillnad %`: the relative difference of the first count shown, as finsam's first such column.
        let firstCount = query.measures.firstIndex { !$0.isHidden && $0.unit == .count }
        if isCompare {
            let compared = comparedEnds(p, chosen: chosen, pivotLevel: pivotLevel)
            func ends(_ m: Int) -> (String, String) {
                let label = SQL.identifier(query.measures[m].label)
                return ("max(\(label)) FILTER (WHERE \(p) = \(compared.first))", "max(\(label)) FILTER (WHERE \(p) = \(compared.last))")
            }
            let (a, b) = ends(shownFirst)
            // No value present but the missing one: nothing to compare (as `differences`).
            let none = chosen.isEmpty ? "\(compared.first) IS NULL OR \(compared.first) = \(compared.last)" : "FALSE"
            if query.measures[shownFirst].unit == .count {
                values.append("CASE WHEN \(none) THEN NULL ELSE coalesce(\(b), 0) - coalesce(\(a), 0) END AS kd")
            } else if query.measures[shownFirst].unit == .percentOfColumn {
                let zero = zeroIfPresent(query.measures[shownFirst])
                values.append("CASE WHEN \(none) THEN NULL ELSE \(zero(b, compared.last)) - \(zero(a, compared.first)) END AS kd")
            } else {
                values.append("\(b) - \(a) AS kd")
            }
            if let firstCount {
                let (a, b) = ends(firstCount)
                values.append("CASE WHEN coalesce(\(a), 0) = 0 OR \(none) THEN NULL ELSE 100 * CAST(coalesce(\(b), 0) - coalesce(\(a), 0) AS DOUBLE) / \(a) END AS kr")
            } else {
                values.append("NULL AS kr")
            }
        }
        let keys = orderKeys({ byHeaders[$0] }, { "k\($0)" }, difference: isCompare ? { $0 ? "kr" : "kd" } : nil)
        let measured = "SELECT \(byHeaders.joined(separator: ", ")), \(values.joined(separator: ", ")) FROM cells WHERE _level = \(keyLevel) GROUP BY \(byHeaders.joined(separator: ", "))"
        var groups = "(\(measured))"
        if isCompare {
            // finsam's rows are the groups with rows for any value of the compared dimension, also
            // those with none among the compared values (their counts are 0).
            let present = "SELECT DISTINCT " + byDimensions.map { "\($0.name) AS \(SQL.identifier($0.header))" }.joined(separator: ", ")
                + " FROM \(expanded(Array(byDimensions.indices), dimensions))"
            let zero = query.measures.indices.filter { !query.measures[$0].isHidden || hiddenInCells }.map { m in
                switch query.measures[m].unit {
                case .count: "coalesce(v.k\(m), 0) AS k\(m)"
                default: "v.k\(m)"
                }
            } + (isCompare ? ["v.kd", "v.kr"] : [])
            groups = "(SELECT g.*, \(zero.joined(separator: ", ")) FROM (\(present)) g LEFT JOIN (\(measured)) v USING (\(byHeaders.joined(separator: ", "))))"
        }
        // having keeps the groups whose measures pass (by the value order by ranks them by).
        if let having = query.having { groups = "(SELECT * FROM \(groups) WHERE \(resultCondition(having) { "k\($0)" }))" }
        return "ranks AS (\n  SELECT \(byHeaders.joined(separator: ", ")), row_number() OVER (ORDER BY \(keys.joined(separator: ", "))) AS _rank\n"
            + "  FROM \(groups)\n)"
    }

    /// `base` with the set dimensions of a level expanded to one row per value.
    private func expanded(_ level: [Int], _ dimensions: [Dimension]) -> String {
        var from = "base"
        for d in level where dimensions[d].isSet {
            let name = dimensions[d].name
            from = "(SELECT *, unnest(\(name)_values) AS \(name) FROM \(from))"
        }
        return from
    }

    private func level(_ level: [Int], index: Int, dimensions: [Dimension], byCount: Int, pivotFilter: [String]?, limited: Bool) -> String {
        let groupNames = level.map { dimensions[$0].name }
        var aggregates = ["count(*) AS _count"]
        for (m, measure) in query.measures.enumerated() {
            switch measure.definition.accumulation {
            case .rows: break
            case .share: aggregates += ["count(*) FILTER (WHERE m\(m)) AS a\(m)", "count(m\(m)) AS w\(m)"]
            // The count of persons reads the person key; every other measure has its SQL in the catalogue.
            case .distinct where measure.column == nil: aggregates.append("count(DISTINCT m\(m)) AS a\(m)")
            default: aggregates.append("\(measure.definition.sql!("m\(m)", measure.share ?? 0.5)) AS a\(m)")
            }
        }
        var inner = "SELECT \((groupNames + aggregates).joined(separator: ", ")) FROM \(expanded(level, dimensions))"
        if let pivotFilter { inner += " WHERE p IN (\(pivotFilter.map(SQL.string).joined(separator: ", ")))" }
        if !groupNames.isEmpty { inner += " GROUP BY \(groupNames.joined(separator: ", "))" }

        let hasPivot = dimensions.count > byCount
        let pivotInLevel = hasPivot && level.contains(byCount)
        var columns = ["\(index) AS _level"]
        for (d, dimension) in dimensions.enumerated() {
            let value: String
            if level.contains(d) {
                value = "g.\(dimension.name)"
            } else if d == 0 || d == byCount {
                value = SQL.string(totalLabel)
            } else {
                value = "''"
            }
            columns.append("\(value) AS \(SQL.identifier(dimension.header))")
        }
        let byInLevel = level.filter { $0 < byCount }
        // A dimension's label in a group of this level, by its header (for invånare).
        let labels = { (header: String) -> String? in
            level.first { dimensions[$0].header == header }.map { "g.\(dimensions[$0].name)" }
        }
        for (m, measure) in query.measures.enumerated() where !measure.isHidden || (hasPivot && hiddenInCells) {
            let name = SQL.identifier(measure.label), n = SQL.identifier(measure.label + " n")
            switch (measure.definition.accumulation, measure.unit) {
            case (.rows, .percentOfColumn):
                let whole: String
                switch measure.percentOf {
                case .column: whole = pivotInLevel ? "(SELECT c.n FROM pivot_counts c WHERE c.p = g.p)" : "(SELECT count(*) FROM base)"
                case .total: whole = "(SELECT count(*) FROM base)"
                case .row:
                    whole = byInLevel.isEmpty || !hasPivot ? (hasPivot ? "(SELECT count(*) FROM base)" : "g._count")
                        : "(SELECT r.n FROM row_counts r WHERE " + byInLevel.map { "r.\(dimensions[$0].name) = g.\(dimensions[$0].name)" }.joined(separator: " AND ") + ")"
                }
                columns += ["\(Self.percent("g._count", whole)) AS \(name)", "\(whole) AS \(n)"]
            case (.share, _): columns += ["\(valueSQL(m)) AS \(name)", "g.w\(m) AS \(n)"]
            default: columns.append("\(valueSQL(m, labels: labels)) AS \(name)")
            }
        }
        if !hasPivot {
            // order by: the rank of a data row; top keeps the first n.
            let keys = orderKeys({ "g.\(dimensions[$0].name)" }) { m in valueSQL(m, labels: labels) }
            let ordered = limited && (!query.order.isEmpty || query.top != nil) && !keys.isEmpty
            columns.append("\(ordered ? "row_number() OVER (ORDER BY \(keys.joined(separator: ", ")))" : "0") AS _rank")
        }
        var select = "  SELECT \(columns.joined(separator: ", "))\n  FROM (\(inner)) g"
        // having keeps the groups of the data level; the totals stay over every group.
        if limited, !hasPivot, let having = query.having { select += "\n  WHERE \(resultCondition(having, { valueSQL($0, labels: labels) }))" }
        if limited, !hasPivot, let top = query.top {
            select = "  SELECT * FROM (SELECT * FROM (\n\(select)\n  ) ORDER BY _rank LIMIT \(top))"
        }
        return select
    }

    /// `invånare` over a group (befolkning's rows of its year, area, kön and åldersgrupp), as
    /// `PopulationLookup` finds it; `label(d)` is the SQL of a dimension's label in the group, nil
    /// when the group's level lacks it.
    private func populationSQL(_ label: (String) -> String?) -> String {
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
    private func zeroIfPresent(_ measure: BoundMeasure) -> (_ value: String, _ end: String) -> String {
        { v, end in
            measure.percentOf == .column
                ? "coalesce(\(v), CASE WHEN EXISTS (SELECT 1 FROM pivot_counts c WHERE c.p = \(end) AND c.n > 0) THEN 0 END)"
                : "coalesce(\(v), 0)"
        }
    }

    /// Under a pivot, the measures only having reads are columns of `cells` too (then excluded).
    private var hiddenInCells: Bool { query.having != nil && query.pivot != nil }

    static func percent(_ part: String, _ whole: String) -> String { "100 * CAST(\(part) AS DOUBLE) / nullif(\(whole), 0)" }

    /// A measure's value over a group `g` of a level (a formula's from its parts').
    private func valueSQL(_ m: Int, labels: (String) -> String? = { _ in nil }) -> String {
        let measure = query.measures[m]
        if let formula = measure.formula { return formulaSQL(formula, { valueSQL($0, labels: labels) }, labels: labels) }
        // A percent without a pivot (ranked or tested by having): of its row, itself; else of the total.
        if measure.unit == .percentOfColumn, query.pivot == nil {
            return Self.percent("g._count", measure.percentOf == .row ? "g._count" : "(SELECT count(*) FROM base)")
        }
        switch measure.definition.accumulation {
        case .rows: return "g._count"
        case .share: return Self.percent("g.a\(m)", "g.w\(m)")
        default: return "g.a\(m)"
        }
    }

    /// A formula over the values `value(m)` of its measures.
    private func formulaSQL(_ f: Formula, _ value: (Int) -> String, labels: (String) -> String?) -> String {
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
    private func resultCondition(_ c: ResultCondition, _ value: (Int) -> String) -> String {
        switch c {
        case .and(let a, let b): "(\(resultCondition(a, value)) AND \(resultCondition(b, value)))"
        case .or(let a, let b): "(\(resultCondition(a, value)) OR \(resultCondition(b, value)))"
        case .not(let a): "(NOT \(resultCondition(a, value)))"
        case .compare(let m, let op, let v):
            "round(\(value(m)), \(ResultBuilder.rankDecimals)) \(op == .notEqual ? "<>" : op.rawValue) \(Binder.numberText(v))"
        }
    }

    /// `list a, b`: the rows' values, ordered and cut as finsam lists them.
    func listing(_ listing: RowListing) -> String {
        var columns: [String] = []
        for path in listing.columns {
            let c = column(path)
            let value: String
            switch path.type {
            case .categorySet(let categories):
                // Members in the dictionary's order, as finsam lists them.
                let ordered = "list_filter([\(categories.values.map(SQL.string).joined(separator: ", "))], lambda v: list_contains(\(c), v))"
                value = "CASE WHEN len(\(c)) = 0 THEN \(SQL.string(DimensionKeys.emptyLabel)) ELSE array_to_string(\(ordered), ', ') END"
            case .referenceSet:
                value = "CASE WHEN len(\(c)) = 0 THEN \(SQL.string(DimensionKeys.emptyLabel)) ELSE array_to_string(\(c), ', ') END"
            case .date: value = "strftime(\(c), '%Y-%m-%d')"
            case .bool: value = "CASE WHEN \(c) THEN \(SQL.string(yes)) WHEN NOT \(c) THEN \(SQL.string(no)) END"
            default: value = c
            }
            columns.append("\(value) AS \(SQL.identifier(path.name))")
        }
        let filter = listing.filter.map(condition)
        let order = listing.order.map { "\(column($0.path)) \($0.descending ? "DESC" : "ASC") NULLS LAST" }
        var sql = "WITH\n" + SQLTables.definitions(of: joins.tables, directory: directory, files: files).joined(separator: ",\n") + "\n"
        sql += "SELECT \(columns.joined(separator: ", "))\nFROM \(SQLTables.name(query.table.name)) t"
        for clause in joins.clauses { sql += "\n" + clause }
        if let filter { sql += "\nWHERE \(filter)" }
        // Ties keep the table's order, as finsam's stable sort does.
        sql += "\nORDER BY " + (order + ["t.\(SQL.identifier(query.table.schema.keyColumn))"]).joined(separator: ", ")
        if let top = listing.top { sql += "\nLIMIT \(top)" }
        return sql + ";"
    }

    /// A step of a pipeline as the CTE the next step reads: its data rows (no totals), each group
    /// column as its value (missing for `(saknas)`), each measure as its number.
    func stepCTE(_ name: String, statement: String, input: Table, plan: QueryPlan) -> String {
        var columns: [String] = []
        // The step's group columns are named as its by columns (Pipeline.table).
        let groups = Set(plan.by.map(\.name))
        for column in input.columns where column.name != input.schema.keyColumn {
            let c = SQL.identifier(column.name)
            if groups.contains(column.name) {
                var value = "CASE WHEN \(c) = \(SQL.string(DimensionKeys.missingLabel)) THEN NULL ELSE \(c) END"
                switch column.schema.type {
                case .int: value = "TRY_CAST(\(value) AS INTEGER)"
                case .reference(let target) where Schema.table(target).columns.first(where: { $0.name == Schema.table(target).keyColumn })?.type == .int:
                    value = "TRY_CAST(\(value) AS INTEGER)"
                case .bool: value = "CASE WHEN \(c) = \(SQL.string(yes)) THEN true WHEN \(c) = \(SQL.string(no)) THEN false END"
                default: break
                }
                columns.append("\(value) AS \(c)")
            } else if case .decimals(let k)? = column.schema.role {
                // finsam carries a number with decimals to k of them (a 32-bit column times 10^k).
                columns.append("round(\(c), \(k)) AS \(c)")
            } else {
                columns.append(c)
            }
        }
        let body = statement.hasSuffix(";") ? String(statement.dropLast()) : statement
        let first = plan.by.first.map { "WHERE \(SQL.identifier($0.name)) IS DISTINCT FROM \(SQL.string(totalLabel))" } ?? ""
        return "\(name) AS (\n  SELECT \(columns.joined(separator: ", ")) FROM (\n\(body)\n  ) s \(first)\n)"
    }

    // MARK: Columns and dimensions

    /// The SQL of a column as seen from the query's table, joining related tables as needed.
    private func column(_ path: ColumnPath) -> String {
        if let derivation = path.derivation { return derived(derivation) }
        // A pipeline step's own columns may have dotted names (`förbund.län`): they are not paths.
        if source != nil, path.via == nil { return "t.\(SQL.identifier(path.column.name))" }
        let parts = path.name.split(separator: ".").map(String.init)
        var alias = "t"
        var current = query.table.name
        for i in 0..<(parts.count - 1) {
            let key = parts[0...i].joined(separator: ".")
            guard case .reference(let target) = Schema.table(current).columns.first(where: { $0.name == parts[i] })?.type else {
                preconditionFailure("\(key) is not a reference")
            }
            if let known = joins.aliases[key] {
                alias = known
            } else {
                let next = "j\(joins.aliases.count + 1)"
                joins.aliases[key] = next
                joins.tables.insert(target)
                joins.clauses.append("LEFT JOIN \(SQLTables.name(target)) \(next) ON \(next).\(SQL.identifier(Schema.table(target).keyColumn)) = \(alias).\(SQL.identifier(parts[i]))")
                alias = next
            }
            current = target
        }
        return "\(alias).\(SQL.identifier(parts[parts.count - 1]))"
    }

    private func dimension(_ d: BoundDimension, name: String) -> Dimension {
        let missing = SQL.string(DimensionKeys.missingLabel)
        switch d {
        case .column(let path):
            let c = column(path)
            switch path.type {
            case _ where path.type.isSet:
                var labels = "CASE WHEN \(c) IS NULL THEN [\(missing)] WHEN len(\(c)) = 0 THEN [\(SQL.string(DimensionKeys.emptyLabel))] ELSE CAST(\(c) AS VARCHAR[]) END"
                // The values the where clause lets the query list (ListedValues, as finsam does).
                let keys = DimensionKeys(d, dataset: dataset, rowCount: query.table.rowCount, filter: query.filter)
                if let listed = keys.allowedCodes {
                    let allowed = keys.labels.indices.filter { listed[$0] }.map { SQL.string(keys.labels[$0]) }
                    labels = "list_filter(\(labels), lambda v: list_contains([\(allowed.joined(separator: ", "))], v))"
                }
                return Dimension(header: d.name, name: name, isSet: true, expression: labels)
            case .bool:
                return Dimension(header: d.name, name: name, isSet: false,
                                 expression: "CASE WHEN \(c) THEN \(SQL.string(yes)) WHEN NOT \(c) THEN \(SQL.string(no)) ELSE \(missing) END")
            case .date:
                return Dimension(header: d.name, name: name, isSet: false, expression: "coalesce(strftime(\(c), '%Y-%m-%d'), \(missing))")
            default:
                return Dimension(header: d.name, name: name, isSet: false, expression: "coalesce(CAST(\(c) AS VARCHAR), \(missing))")
            }
        case .bin(let path, let edges):
            let c = column(path)
            var cases = ["WHEN \(c) IS NULL THEN \(missing)", "WHEN \(c) < \(edges[0]) THEN \(SQL.string("–\(edges[0] - 1)"))"]
            for (low, high) in zip(edges, edges.dropFirst()) { cases.append("WHEN \(c) < \(high) THEN \(SQL.string("\(low)–\(high - 1)"))") }
            cases.append("ELSE \(SQL.string("\(edges.last!)–"))")
            return Dimension(header: d.name, name: name, isSet: false, expression: "CASE \(cases.joined(separator: " ")) END")
        case .condition(let condition, _):
            let c = self.condition(condition)
            return Dimension(header: d.name, name: name, isSet: false,
                             expression: "CASE WHEN \(c) THEN \(SQL.string(yes)) WHEN NOT (\(c)) THEN \(SQL.string(no)) ELSE \(missing) END")
        case .period(let path, let period, _):
            return Dimension(header: d.name, name: name, isSet: false, expression: "coalesce(\(period.sql(column(path))), \(missing))")
        }
    }

    /// A column the query computed, as SQL.
    private func derived(_ derivation: ColumnDerivation) -> String {
        switch derivation {
        case .arithmetic(let expression):
            func render(_ e: RowExpression) -> String {
                switch e {
                case .number(let v): return String(v)
                // DuckDB's date - date is whole days, as finsam's.
                case .column(let path): return column(path)
                case .binary(let op, let a, let b): return "(\(render(a)) \(op.rawValue) \(render(b)))"
                }
            }
            return render(expression)
        case .cases(let arms, let otherwise):
            // First true wins; none true and every condition unknown is missing; else `otherwise`.
            let conditions = arms.map { condition($0.condition) }
            var sql = "CASE " + zip(conditions, arms).map { "WHEN \($0) THEN \(SQL.string($1.label))" }.joined(separator: " ")
            sql += " WHEN " + conditions.map { "(\($0)) IS NULL" }.joined(separator: " AND ") + " THEN NULL"
            sql += " ELSE " + (otherwise.map(SQL.string) ?? "NULL") + " END"
            return "(\(sql))"
        }
    }

    // MARK: Conditions

    /// A condition in SQL's three-valued logic: NULL where finsam's is unknown (a missing operand).
    func condition(_ c: BoundCondition) -> String {
        switch c {
        case .and(let a, let b): return "(\(condition(a)) AND \(condition(b)))"
        case .or(let a, let b): return "(\(condition(a)) OR \(condition(b)))"
        case .not(let a): return "(NOT \(condition(a)))"
        case .codes(let path, let allowed):
            let col = column(path)
            let values: [String]
            switch path.type {
            case .bool: values = allowed.indices.filter { allowed[$0] }.map { $0 == 1 ? "true" : "false" }
            case .category(let categories): values = allowed.indices.filter { allowed[$0] }.map { SQL.string(categories.name(of: UInt8($0))) }
            default: preconditionFailure("codes on \(path.type.displayName)")
            }
            return values.isEmpty ? "CASE WHEN \(col) IS NULL THEN NULL ELSE false END" : "\(col) IN (\(values.joined(separator: ", ")))"
        case .intCompare(let path, let op, let value):
            return "\(column(path)) \(op == .notEqual ? "<>" : op.rawValue) \(literal(value, path))"
        case .intRange(let path, let low, let high):
            return "\(column(path)) BETWEEN \(literal(low, path)) AND \(literal(high, path))"
        case .intIn(let path, let values):
            return "\(column(path)) IN (\(values.sorted().map { literal($0, path) }.joined(separator: ", ")))"
        case .setAny(let path, let mask):
            return "list_has_any(\(column(path)), \(categoryList(path, mask)))"
        case .setAll(let path, let mask):
            return "list_has_all(\(column(path)), \(categoryList(path, mask)))"
        case .setEmpty(let path), .referenceSetEmpty(let path):
            return "len(\(column(path))) = 0"
        case .yearsOverlap(let path, let low, let high):
            let col = column(path)
            return "(list_min(\(col)) <= \(high) AND list_max(\(col)) >= \(low))"
        case .yearsIn(let path, let years):
            return "list_has_any(\(column(path)), [\(years.sorted().map(String.init).joined(separator: ", "))])"
        case .referenceIn(let path, let rows):
            return "\(column(path)) IN (\(keys(path, rows).joined(separator: ", ")))"
        case .referenceSetHas(let path, let rows, let all):
            return "\(all ? "list_has_all" : "list_has_any")(\(column(path)), [\(keys(path, rows).joined(separator: ", "))])"
        case .textIn(let path, let values):
            return "\(column(path)) IN (\(values.sorted().map(SQL.string).joined(separator: ", ")))"
        case .isMissing(let path):
            return "\(column(path)) IS NULL"
        }
    }

    private func literal(_ value: Int32, _ path: ColumnPath) -> String {
        if case .date = path.type { return "DATE \(SQL.string(Day.iso(value)))" }
        return String(value)
    }

    private func categoryList(_ path: ColumnPath, _ mask: UInt32) -> String {
        guard case .categorySet(let categories) = path.type else { preconditionFailure("not a category set") }
        return "[" + categories.names(inMask: mask).map(SQL.string).joined(separator: ", ") + "]"
    }

    /// The keys of referenced rows, as SQL literals.
    private func keys(_ path: ColumnPath, _ rows: Set<Int32>) -> [String] {
        let target: TableName
        switch path.type {
        case .reference(let t), .referenceSet(let t): target = t
        default: preconditionFailure("not a reference")
        }
        let keys = KeyIndex.keys(of: dataset[target])
        return rows.sorted().map { row in
            switch keys[Int(row)] {
            case .int(let v): String(v)
            case .text(let s): SQL.string(s)
            }
        }
    }
}
