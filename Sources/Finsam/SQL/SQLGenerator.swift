import FinsamStore

/// A bound query as one self-contained DuckDB statement over the CSV files of a folder: the
/// escape hatch for users who outgrow finsam, and the oracle of the differential tests.
///
/// Its result has finsam's numbers in long form: the `by` columns, then (for `across` and
/// `compare`) one column for the pivot value, then a column per measure; a proportion or `percent`
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
    final class Joins {
        var aliases: [String: String] = [:]
        var clauses: [String] = []
        var tables: Set<TableName> = []
    }
    let joins = Joins()

    /// Each dimension's values in finsam's order, made once: building them reads every row.
    final class LabelCache {
        var labels: [String: [String]] = [:]
    }
    let labelCache = LabelCache()

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
    struct Dimension {
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
            // percent in a pivot: the group's count as a part of its column's (or its row's) count.
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
    func differences(levels: [Int], byDimensions: [Dimension], pivot: Dimension, chosen: [String], pivotLevel: Int) -> String {
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
    func comparedEnds(_ p: String, chosen: [String], pivotLevel: Int) -> (first: String, last: String) {
        if let a = chosen.first, let b = chosen.last { return (SQL.string(a), SQL.string(b)) }
        let labels = compareOrder.map(SQL.string).joined(separator: ", ")
        let present = "FROM cells WHERE _level = \(pivotLevel)"
        return ("(SELECT arg_min(\(p), list_position([\(labels)], \(p))) \(present))",
                "(SELECT arg_max(\(p), list_position([\(labels)], \(p))) \(present))")
    }

    /// The values of the compared dimension in finsam's order (its columns' order), without
    /// the missing value: it is never a compared end.
    var compareOrder: [String] {
        guard case .compare(let d, _) = query.pivot else { return [] }
        return labels(d).filter { $0 != DimensionKeys.missingLabel }
    }

    /// A dimension's values in finsam's order of its groups.
    func labels(_ d: BoundDimension) -> [String] {
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
    func naturalOrder(_ d: BoundDimension, _ label: String) -> String? {
        let values = labels(d).filter { $0 != DimensionKeys.missingLabel }
        guard values.count <= 2000 else { return nil }
        return "list_position([\(values.map(SQL.string).joined(separator: ", "))], \(label))"
    }

    /// `order by` keys over a group's cells: a by column in its natural order, or a measure's
    /// value (`value(m)` gives its SQL); missing values last, as finsam sorts.
    func orderKeys(_ label: (Int) -> String, _ value: (Int) -> String, difference: ((_ relative: Bool) -> String)? = nil) -> [String] {
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
    func ranks(byDimensions: [Dimension], dimensions: [Dimension], pivot: Dimension, chosen: [String], isCompare: Bool,
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
    func expanded(_ level: [Int], _ dimensions: [Dimension]) -> String {
        var from = "base"
        for d in level where dimensions[d].isSet {
            let name = dimensions[d].name
            from = "(SELECT *, unnest(\(name)_values) AS \(name) FROM \(from))"
        }
        return from
    }

    func level(_ level: [Int], index: Int, dimensions: [Dimension], byCount: Int, pivotFilter: [String]?, limited: Bool) -> String {
        let groupNames = level.map { dimensions[$0].name }
        var aggregates = ["count(*) AS _count"]
        for (m, measure) in query.measures.enumerated() {
            switch measure.definition.accumulation {
            case .rows: break
            case .proportion: aggregates += ["count(*) FILTER (WHERE m\(m)) AS a\(m)", "count(m\(m)) AS w\(m)"]
            // The count of persons reads the person key; every other measure has its SQL in the catalogue.
            case .distinctValues where measure.column == nil: aggregates.append("count(DISTINCT m\(m)) AS a\(m)")
            default: aggregates.append("\(measure.definition.sql!("m\(m)", measure.fraction ?? 0.5)) AS a\(m)")
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
            case (.proportion, _): columns += ["\(valueSQL(m)) AS \(name)", "g.w\(m) AS \(n)"]
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
}
