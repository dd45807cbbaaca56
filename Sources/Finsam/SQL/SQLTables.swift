import FinsamStore

/// The tables of the project's CSV format as DuckDB common table expressions: every column
/// typed by `read_csv` (nothing guessed), sets as lists (`ingen` is the empty list), and the
/// derived columns computed exactly as `Derivation` computes them at load.
enum SQLTables {
    /// The CTEs that define `tables` (and what they need: förbund needs kommuner), in an order
    /// where each comes after what it reads.
    static func definitions(of tables: Set<TableName>, directory: String, files: [TableName: String] = [:]) -> [String] {
        var needed = tables
        if needed.contains(.forbund) { needed.insert(.kommuner) }
        var out: [String] = []
        for name in [TableName.kommuner, .forbund, .insatser, .deltagare, .befolkning] where needed.contains(name) {
            out += definition(of: name, csv: readCSV(name, path: files[name] ?? path(name, in: directory)))
        }
        return out
    }

    /// The CTE name of a table (ASCII, as its file).
    static func name(_ table: TableName) -> String { String(table.fileName.dropLast(4)) }

    /// `read_csv` of one file with its stored columns and their types.
    static func path(_ table: TableName, in directory: String) -> String {
        directory.hasSuffix("/") ? directory + table.fileName : directory + "/" + table.fileName
    }

    static func readCSV(_ table: TableName, path: String) -> String {
        let columns = Schema.table(table).storedColumns.map { "\(SQL.string($0.name)): \(SQL.string(csvType($0.type)))" }
        return "read_csv(\(SQL.string(path)), header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
            + "columns = {\(columns.joined(separator: ", "))})"
    }

    private static func csvType(_ type: ColumnType) -> String {
        switch type {
        case .int: "INTEGER"
        case .date: "DATE"
        case .bool: "BOOLEAN"
        case .reference(let target): Schema.table(target).columns.first { $0.name == Schema.table(target).keyColumn }!.type == .int ? "INTEGER" : "VARCHAR"
        default: "VARCHAR"
        }
    }

    /// A set written as its values joined by `;`, `ingen` for the empty set, empty for missing.
    static func set(_ column: String) -> String {
        let c = SQL.identifier(column)
        return "CASE WHEN \(c) IS NULL THEN NULL WHEN \(c) = 'ingen' THEN []::VARCHAR[] ELSE list_distinct(string_split(\(c), ';')) END"
    }

    private static func stored(_ table: TableName) -> [String] {
        Schema.table(table).storedColumns.map { column in
            switch column.type {
            case .categorySet, .referenceSet: "\(set(column.name)) AS \(SQL.identifier(column.name))"
            default: SQL.identifier(column.name)
            }
        }
    }

    private static func definition(of table: TableName, csv: String) -> [String] {
        let q = SQL.identifier
        switch table {
        case .kommuner:
            return ["kommuner AS (\n  SELECT \(stored(.kommuner).joined(separator: ", "))\n  FROM \(csv)\n)"]
        case .befolkning:
            // id numbers the rows in the file's order, as Derivation does at load.
            return ["befolkning AS (\n  SELECT \(stored(.befolkning).joined(separator: ", ")), CAST(row_number() OVER () AS INTEGER) AS id\n  FROM \(csv)\n)"]
        case .forbund:
            // A länsförbund lies in one län and has every kommun of it, and only those, as members.
            return [
                "forbund_csv AS (\n  SELECT \(stored(.forbund).joined(separator: ", "))\n  FROM \(csv)\n)",
                """
                forbund AS (
                  SELECT f.*, len(f.kommuner) AS antal_kommuner,
                         CASE WHEN len(f.\(q("län"))) = 1
                              THEN (SELECT count(*) FROM kommuner k WHERE k.\(q("län")) = f.\(q("län"))[1]) = len(f.kommuner)
                                   AND (SELECT count(*) FROM kommuner k WHERE k.\(q("län")) = f.\(q("län"))[1]
                                                                          AND list_contains(f.kommuner, k.kommun)) = len(f.kommuner)
                              ELSE false END AS \(q("länsförbund"))
                  FROM forbund_csv f
                )
                """,
            ]
        case .insatser:
            // An ongoing insats is active up to the last year the file reaches.
            return [
                "insatser_csv AS MATERIALIZED (\n  SELECT \(stored(.insatser).joined(separator: ", "))\n  FROM \(csv)\n)",
                """
                insatser AS (
                  SELECT i.*, CAST(range(i.\(q("startår")), coalesce(i.\(q("slutår")), y.last_year) + 1) AS INTEGER[]) AS \(q("år"))
                  FROM insatser_csv i, (SELECT greatest(max(\(q("startår"))), max(\(q("slutår")))) AS last_year FROM insatser_csv) y
                )
                """,
            ]
        case .deltagare:
            // år: every year active; anonym and volym rows only in their start year (as SUS counts them).
            return [
                "deltagare_csv AS MATERIALIZED (\n  SELECT \(stored(.deltagare).joined(separator: ", "))\n  FROM \(csv)\n)",
                """
                deltagare AS (
                  SELECT d.*,
                         CASE WHEN d.\(q("ålder")) IS NULL THEN NULL WHEN d.\(q("ålder")) < 30 THEN '16–29'
                              WHEN d.\(q("ålder")) < 45 THEN '30–44' WHEN d.\(q("ålder")) < 60 THEN '45–59' ELSE '60–' END AS \(q("åldersgrupp")),
                         d.\(q("ålder")) < 30 AS ung,
                         CAST(year(d.startdatum) AS INTEGER) AS \(q("startår")),
                         CAST(year(d.slutdatum) AS INTEGER) AS \(q("slutår")),
                         CASE WHEN d.registrering <> 'personuppgifter' THEN [CAST(year(d.startdatum) AS INTEGER)]
                              ELSE CAST(range(year(d.startdatum), coalesce(year(d.slutdatum), y.last_year) + 1) AS INTEGER[]) END AS \(q("år")),
                         CAST(d.slutdatum - d.startdatum AS INTEGER) AS tid_i_insats,
                         len(d.\(q("sysselsättning_start"))) > 0 AS arbete_studier_start,
                         len(d.\(q("sysselsättning_slut"))) > 0 AS arbete_studier_slut
                  FROM deltagare_csv d,
                       (SELECT greatest(max(year(startdatum)), max(year(slutdatum))) AS last_year FROM deltagare_csv) y
                )
                """,
            ]
        }
    }
}

/// Quoting for DuckDB.
enum SQL {
    static func string(_ s: String) -> String { "'" + s.replacingAll("'", with: "''") + "'" }

    /// Identifiers are quoted when they are not plain ASCII lower-case words (å, ä, ö, spaces…).
    static func identifier(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" || ("0"..."9").contains($0) }
            && !("0"..."9").contains(s.unicodeScalars.first!) && !reserved.contains(s)
        return plain ? s : "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    private static let reserved: Set<String> = ["select", "from", "where", "group", "order", "by", "and", "or", "not", "in", "is", "null", "case", "when", "then", "else", "end", "as", "on", "join", "union", "all", "limit", "true", "false", "id"]
}
