import FinsamStore
/// `then`: a result becomes the table of the next step. Its group columns keep their meaning (a
/// förbund stays a reference to förbund, so `förbund.länsförbund` works; a category keeps its
/// dictionary); its measures become number columns (whole numbers as they are, others with
/// their decimals). A cell hidden by suppression is a missing value in the next step, so no
/// step can compute it back; the next steps hold no persons, only published cells.
enum Pipeline {
    /// The result of a step as a table for the next (its data rows; the total row is not a group).
    static func table(_ result: ResultTable, plan: QueryPlan, dataset: Dataset, step: Int) throws(FinsamError) -> Table {
        let rows = result.rows.filter { !$0.isTotal }
        var schemas: [ColumnSchema] = [], data: [ColumnData] = []
        var dimension = 0
        var names = Set<String>()
        for (c, column) in result.columns.enumerated() where column.role != .interval {
            let cells = rows.map { $0.cells[c] }
            // A name shown twice (`show count, count`) gets a number, as DuckDB names it: count_1.
            var name = column.name
            var n = 0
            while !names.insert(NameMatching.fold(name)).inserted { n += 1; name = "\(column.name)_\(n)" }
            if column.role == .dimension, dimension < plan.by.count {
                let (schema, values) = groupColumn(name, cells, keys: plan.by[dimension], bound: plan.query.by[dimension], dataset: dataset)
                schemas.append(schema)
                data.append(values)
                dimension += 1
                continue
            }
            let (schema, values) = try numberColumn(name, cells)
            schemas.append(schema)
            data.append(values)
        }
        // Nothing refers to a step's rows: a row number is its key.
        schemas.insert(ColumnSchema("rad", .int, derived: false, Message(.stepRow).localized), at: 0)
        data.insert(.int((0..<rows.count).map { Int32($0 + 1) }), at: 0)
        let schema = TableSchema(name: plan.query.table.name, keyColumn: "rad", columns: schemas,
                                 summary: Message(.stepResult, step).localized, title: Message(.stepResult, step).localized)
        return Table(schema: schema, columns: zip(schemas, data).map { Column($0, $1) })
    }

    /// A group column with its meaning: a reference stays one, a category keeps its dictionary.
    private static func groupColumn(_ name: String, _ cells: [Cell], keys: DimensionKeys, bound: BoundDimension,
                                    dataset: Dataset) -> (ColumnSchema, ColumnData) {
        let labels = cells.map { cell -> String? in cell == .missingLabel ? nil : cell.labelText }
        if case .column(let path) = bound {
            switch path.type {
            case .reference(let target), .referenceSet(let target):
                let index = KeyIndex(dataset[target])
                let rows = labels.map { label -> Int32 in
                    guard let label else { return Missing.reference }
                    return index.row(for: .text(label)) ?? Int32(label).flatMap { index.row(for: .int($0)) } ?? Missing.reference
                }
                return (ColumnSchema(name, .reference(target), nullable: true, "a group of the step before"), .reference(rows))
            case .category(let c), .categorySet(let c):
                let codes = labels.map { $0.flatMap(c.code(of:)) ?? Missing.category }
                return (ColumnSchema(name, .category(c), nullable: true, "a group of the step before"), .category(codes))
            case .int, .yearSet:
                return (ColumnSchema(name, .int, nullable: true, "a group of the step before"), .int(labels.map { $0.flatMap { Int32($0) } ?? Missing.int }))
            case .bool:
                let values = labels.map { l -> UInt8 in l == nil ? Missing.bool : (["true", "ja"].contains(l!) ? 1 : 0) }
                return (ColumnSchema(name, .bool, nullable: true, "a group of the step before"), .bool(values))
            default: break
            }
        }
        // Bands, periods, conditions and text: their labels as categories (in the dimension's order).
        let values = keys.labels.filter { $0 != DimensionKeys.missingLabel }
        if values.count < Int(Missing.category) {
            let c = Categories(values)
            let codes = cells.map { cell -> UInt8 in
                guard let label = cell.labelText, cell != .missingLabel else { return Missing.category }
                let stored = keys.isYesNo ? (["ja", "true"].contains(label) ? "true" : "false") : label
                return c.code(of: stored) ?? Missing.category
            }
            return (ColumnSchema(name, .category(c), nullable: true, "a group of the step before"), .category(codes))
        }
        return (ColumnSchema(name, .text, nullable: true, "a group of the step before"), .text(labels))
    }

    /// A measure's cells as numbers: whole ones as they are; others times 10^k, as many decimals
    /// as the largest value leaves room for in 32 bits (up to 6). Hidden and empty cells are missing.
    private static func numberColumn(_ name: String, _ cells: [Cell]) throws(FinsamError) -> (ColumnSchema, ColumnData) {
        let values = cells.map { cell -> Double? in cell == .suppressed ? nil : cell.value }
        let known = values.compactMap { $0 }
        if known.allSatisfy({ $0 == $0.rounded() && abs($0) < 2e9 }) {
            return (ColumnSchema(name, .int, nullable: true, "a measure of the step before"), .int(values.map { $0.map { Int32($0) } ?? Missing.int }))
        }
        let largest = known.map(abs).max() ?? 0
        var decimals = 6
        while decimals > 0, largest * pow10(decimals) >= 2e9 { decimals -= 1 }
        guard largest * pow10(decimals) < 2e9 else {
            throw FinsamError(Message(.stepTooLarge, name), hint: Message(.stepTooLargeHint, name))
        }
        let scale = pow10(decimals)
        let scaled = values.map { $0.map { Int32(($0 * scale).rounded()) } ?? Missing.int }
        return (ColumnSchema(name, .int, nullable: true, role: .decimals(decimals), "a measure of the step before"), .int(scaled))
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    /// How many cells of a step were hidden: they are missing values in the next.
    static func hiddenNote(_ result: ResultTable, step: Int, locale: DisplayLocale) -> String? {
        let hidden = result.rows.filter { !$0.isTotal }.reduce(0) { $0 + $1.cells.filter { $0 == .suppressed }.count }
        guard hidden > 0 else { return nil }
        return locale.text(Message(.noteHiddenStep, locale.integer(hidden), step))
    }
}
