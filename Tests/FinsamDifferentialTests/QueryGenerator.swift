import FinsamDataset
import FinsamStore

/// Random valid queries over a dataset: filters of 1–3 conditions joined by and, or and not over
/// every column type (related columns included), 0–3 dimensions (sets, related columns, bin,
/// `let` names), every measure, and `across` or `compare` with or without chosen values.
struct QueryGenerator {
    let dataset: Dataset
    var random: SeededRandom

    /// `let` statements the queries may use; run them in the session first.
    static let lets = [
        "let ung25 = ålder < 25",
        "let band = bin(tid_i_insats, 30, 90, 365)",   // not ålder: two bands of ålder share a name
        "let stor = antal_kommuner > 3",
        "let stöd = case when försörjning_start has any (sjukpenning, rehabiliteringspenning, aktivitetsersättning) then \"FK-ersättning\" when försörjning_start has försörjningsstöd then \"försörjningsstöd\" else \"annat\" end",
    ]

    init(dataset: Dataset, seed: UInt64) {
        self.dataset = dataset
        random = SeededRandom(seed: seed)
    }

    mutating func query() -> String {
        // The second wave's forms that are whole queries of their own: lists and pipelines.
        if random.chance(0.04) { return listing() }
        if random.chance(0.06) { return pipeline() }
        let table: TableName = random.weighted([(.deltagare, 6), (.insatser, 2), (.forbund, 1), (.kommuner, 1), (.befolkning, 1)])
        var filterText: String? = random.chance(0.85) ? filter(table, depth: 0, terms: random.int(1...3)) : nil
        var text = ""
        var measures: [String] = []
        for _ in 0..<random.int(1...3) {
            let m = measure(table)
            if !measures.contains(m) { measures.append(m) }
        }
        text += " show " + measures.joined(separator: ", ")
        // The groups stay a few thousand at most: large enough to test, small enough to run 10 000.
        var dimensions: [String] = []
        var groups = 1
        for _ in 0..<random.int(0...3) {
            let (d, n) = dimension(table, small: dimensions.count >= 1)
            if !dimensions.contains(d), groups * n <= 3000 { dimensions.append(d); groups *= n }
        }
        if !dimensions.isEmpty { text += " by " + dimensions.joined(separator: ", ") }
        var grouped = dimensions
        var layout = "plain"
        switch random.int(0...5) {
        case 0, 1:
            let (d, n) = dimension(table, small: true)
            if !dimensions.contains(d), groups * n <= 3000 { text += " across \(d)"; grouped.append(d); layout = "across" }
        case 2:
            let (d, n) = dimension(table, small: true)
            if !dimensions.contains(d), groups * n <= 3000 {
                text += " compare \(d)"
                grouped.append(d)
                layout = "compare"
                if random.chance(0.5), let values = pivotValues(table, d) { text += " \(values.0) vs \(values.1)" }
            }
        default: break
        }
        // A condition on a set column the query groups by picks the values listed (ListedValues):
        // often enough to test every operator against the SQL's list_filter.
        if let set = grouped.compactMap({ setPath(table, $0) }).first, random.chance(0.5) {
            let condition = setCondition(set)
            filterText = filterText.map { "(\($0)) and \(condition)" } ?? condition
        }
        text = "from \(table.rawValue)" + (filterText.map { " where " + $0 } ?? "") + text
        // having keeps the groups of a plain table whose first measure (or count) passes.
        if layout == "plain", !dimensions.isEmpty, random.chance(0.15) {
            let first = measures[0]
            let key = first.contains("\"") || first.hasPrefix("percent") ? "count" : first.contains("(") || first.contains(" ") ? "\"\(first)\"" : first
            text += " having \(key) \([">=", ">", "<", "<=", "!="][random.int(0...4)]) \(key == "count" ? random.int(1...60) : random.int(0...80))"
        }
        if layout == "compare", !dimensions.isEmpty, groups <= 2000, random.chance(0.3) {
            text += " order by \(random.chance(0.7) ? "skillnad" : "\"skillnad %\"")\(random.chance(0.6) ? " desc" : "") top \(random.int(1...6))"
            return text
        }
        // order by a measure or a by column, and top: the groups kept must be the same (ties are
        // broken by finsam's order of the groups, which the SQL spells out up to 2000 values).
        // (A key is a measure's text in quotes, so one with quotes inside is left out; an inline
        // bin has no name to order by, the let `band` has.)
        let measureKeys = measures.filter { !$0.contains("\"") }.map { "\"" + $0 + "\"" }
        let keys = measureKeys + measureKeys + measureKeys + dimensions.filter { !$0.contains("(") }
        if !keys.isEmpty, !dimensions.isEmpty, groups <= 2000, random.chance(0.3) {
            text += " order by \(keys[random.int(0...(keys.count - 1))])\(random.chance(0.5) ? " desc" : "")"
            if random.chance(0.7) { text += " top \(random.int(1...6))" }
        } else if !dimensions.isEmpty, groups <= 2000, random.chance(0.1) {
            text += " top \(random.int(1...6))"
        }
        return text
    }

    /// `list a, b` over a public register, filtered, ordered and cut.
    private mutating func listing() -> String {
        let table: TableName = random.chance(0.5) ? .forbund : .kommuner
        let key = table == .forbund ? "id" : "kommun"
        let others = table == .forbund ? ["namn", "antal_kommuner", "länsförbund", "län"] : ["kod", "län"]
        var listed = [key]
        for _ in 0..<random.int(1...2) { let c = others[random.int(0...(others.count - 1))]; if !listed.contains(c) { listed.append(c) } }
        var text = "from \(table.rawValue)"
        if random.chance(0.6) { text += " where " + filter(table, depth: 1, terms: random.int(1...2)) }
        text += " list " + listed.joined(separator: ", ")
        if random.chance(0.7) {
            let sortable = table == .forbund ? ["antal_kommuner", "namn", "id"] : ["kod", "kommun"]
            text += " order by \(sortable[random.int(0...(sortable.count - 1))])\(random.chance(0.5) ? " desc" : "")"
            if random.chance(0.6) { text += " top \(random.int(1...10))" }
        }
        return text
    }

    /// A pipeline: deltagare counted (or measured) per förbund or kommun, then the groups'
    /// numbers summarised by a column of the förbund or kommun, or of the first step.
    private mutating func pipeline() -> String {
        let group = random.chance(0.6) ? "förbund" : "kommun"
        let second = random.chance(0.5) ? "kön" : "registrering"
        let byTwo = random.chance(0.3)
        var text = "from deltagare"
        if random.chance(0.7) { text += " where " + filter(.deltagare, depth: 1, terms: random.int(1...2)) }
        let first = ["count", "mean(ålder)", "share(ung)", "sum(omfattning_start)"][random.int(0...3)]
        text += " show count" + (first != "count" && random.chance(0.5) ? ", \(first)" : "") + " by \(group)" + (byTwo ? ", \(second)" : "")
        let label = first.contains("(") ? "\"\(first)\"" : first
        let column = random.chance(0.5) ? "count" : (text.contains(first) && first != "count" ? label : "count")
        let summaries = ["mean(\(column))", "median(\(column))", "sum(\(column))", "count", "max(\(column))", "min(\(column))"]
        var measures: [String] = []
        for _ in 0..<random.int(1...3) { let m = summaries[random.int(0...5)]; if !measures.contains(m) { measures.append(m) } }
        let related = group == "förbund" ? ["förbund.länsförbund", "förbund.län", "förbund.antal_kommuner"] : ["kommun.län"]
        let by = byTwo && random.chance(0.5) ? second : related[random.int(0...(related.count - 1))]
        return text + " then show " + measures.joined(separator: ", ") + " by \(by)"
    }

    // MARK: Columns

    /// befolkning's id numbers the file's rows, which DuckDB's row_number() follows only as long as
    /// it reads in order: no query tests it.
    private func columns(_ table: TableName) -> [ColumnSchema] {
        Schema.table(table).columns.filter { !(table == .befolkning && $0.name == "id") }
    }

    /// A column, sometimes of a related table (`förbund.län`, `insats.förbund.län`).
    private mutating func path(_ table: TableName, depth: Int = 0) -> (name: String, column: ColumnSchema, table: TableName) {
        let all = columns(table)
        let column = all[random.int(0...(all.count - 1))]
        if case .reference(let target) = column.type, depth < 2, random.chance(0.5) {
            let inner = path(target, depth: depth + 1)
            return (column.name + "." + inner.name, inner.column, inner.table)
        }
        return (column.name, column, table)
    }

    private static func quoted(_ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" } && !value.isEmpty
        return plain ? value : "\"" + value + "\""
    }

    /// A value the column holds (or could hold), written as a query writes it.
    private mutating func value(of path: (name: String, column: ColumnSchema, table: TableName)) -> String {
        let table = dataset[path.table]
        switch path.column.type {
        case .category(let c), .categorySet(let c): return Self.quoted(c.values[random.int(0...(c.count - 1))])
        case .bool: return random.chance(0.5) ? "true" : "false"
        case .int:
            let values = table.ints(path.column.name).filter { $0 != Missing.int }
            guard !values.isEmpty else { return "0" }
            return String(max(0, values[random.int(0...(values.count - 1))] + Int32(random.int(-1...1))))
        case .date:
            let values = table.dates(path.column.name).filter { $0 != Missing.date }
            guard !values.isEmpty else { return "2018-01-01" }
            return Day.iso(values[random.int(0...(values.count - 1))])
        case .yearSet: return String(random.int(2012...2023))
        case .reference(let target), .referenceSet(let target):
            let keys = KeyIndex.keys(of: dataset[target])
            return Self.quoted(keys[random.int(0...(keys.count - 1))].description)
        case .text:
            let values = table.texts(path.column.name).compactMap { $0 }
            guard !values.isEmpty else { return "\"x\"" }
            return "\"" + values[random.int(0...(values.count - 1))].replacingOccurrences(of: "\"", with: "") + "\""
        }
    }

    private mutating func values(of path: (name: String, column: ColumnSchema, table: TableName), count: Int) -> String {
        var out: [String] = []
        for _ in 0..<count {
            let v = value(of: path)
            if !out.contains(v) { out.append(v) }
        }
        return "(" + out.joined(separator: ", ") + ")"
    }

    // MARK: Conditions

    private mutating func filter(_ table: TableName, depth: Int, terms: Int) -> String {
        if terms == 1 {
            let leaf = condition(table)
            return random.chance(0.15) ? "not \(leaf)" : leaf
        }
        let left = random.int(1...(terms - 1))
        let a = filter(table, depth: depth + 1, terms: left), b = filter(table, depth: depth + 1, terms: terms - left)
        let joined = random.chance(0.6) ? "\(a) and \(b)" : "\(a) or \(b)"
        if random.chance(0.1) { return "not (\(joined))" }
        return depth > 0 ? "(\(joined))" : joined
    }

    private mutating func condition(_ table: TableName) -> String {
        // Column against column, and row-level arithmetic.
        if random.chance(0.06) {
            switch table {
            case .deltagare:
                switch random.int(0...4) {
                case 0: return "startår = slutår"
                case 1: return "slutdatum - startdatum \(["<", ">", ">=", "<="][random.int(0...3)]) \(random.int(0...400))"
                case 2: return "omfattning_slut \([">", ">=", "<", "="][random.int(0...3)]) omfattning_start"
                case 3: return "stöd \(random.chance(0.7) ? "=" : "!=") \(["\"FK-ersättning\"", "försörjningsstöd", "annat"][random.int(0...2)])"
                default: return "slutår - startår >= \(random.int(0...3))"
                }
            case .insatser: return "slutår - startår \([">", "<=", "="][random.int(0...2)]) \(random.int(0...4))"
            case .forbund, .kommuner, .befolkning: break
            }
        }
        let p = path(table)
        let name = p.name
        if random.chance(0.08) { return random.chance(0.5) ? "\(name) is missing" : "\(name) is not missing" }
        switch p.column.type {
        case .category:
            switch random.int(0...2) {
            case 0: return "\(name) = \(value(of: p))"
            case 1: return "\(name) != \(value(of: p))"
            default: return "\(name) in \(values(of: p, count: random.int(1...3)))"
            }
        case .bool:
            switch random.int(0...2) {
            case 0: return name
            case 1: return "\(name) = \(value(of: p))"
            default: return "\(name) != \(value(of: p))"
            }
        case .int, .date:
            switch random.int(0...3) {
            case 0: return "\(name) in \(values(of: p, count: random.int(1...3)))"
            case 1:
                let a = value(of: p), b = value(of: p)
                let ordered = Int(a).flatMap { x in Int(b).map { x <= $0 } } ?? (a <= b)
                return "\(name) in \(ordered ? a : b)..\(ordered ? b : a)"
            default:
                let op = ["<", "<=", ">", ">=", "=", "!="][random.int(0...5)]
                return "\(name) \(op) \(value(of: p))"
            }
        case .categorySet, .referenceSet:
            switch random.int(0...4) {
            case 0: return "\(name) has \(value(of: p))"
            case 1: return "\(name) has any \(values(of: p, count: random.int(1...3)))"
            case 2: return "\(name) has all \(values(of: p, count: random.int(1...2)))"
            case 3: return "\(name) is empty"
            default: return "\(name) is not empty"
            }
        case .yearSet:
            switch random.int(0...4) {
            case 0: return "\(name) = \(value(of: p))"
            case 1:
                let a = random.int(2013...2022), b = random.int(2013...2022)
                return "\(name) in \(min(a, b))..\(max(a, b))"
            case 2: return "\(name) has any \(values(of: p, count: random.int(1...3)))"
            case 3: return "\(name) has all \(values(of: p, count: random.int(1...2)))"
            default: return "\(name) \(["<", "<=", ">", ">=", "!="][random.int(0...4)]) \(value(of: p))"
            }
        case .reference:
            switch random.int(0...2) {
            case 0: return "\(name) = \(value(of: p))"
            case 1: return "\(name) != \(value(of: p))"
            default: return "\(name) in \(values(of: p, count: random.int(1...3)))"
            }
        case .text:
            return random.chance(0.5) ? "\(name) = \(value(of: p))" : "\(name) in \(values(of: p, count: 2))"
        }
    }

    // MARK: Measures and dimensions

    private mutating func measure(_ table: TableName, formula: Bool = true) -> String {
        let numbers = columns(table).filter { $0.type == .int }.map(\.name)
        // A formula of two measures, or a measure of row-level arithmetic.
        if formula, random.chance(0.1) {
            let a = measure(table, formula: false), b = measure(table, formula: false)
            if !a.hasPrefix("percent"), !b.hasPrefix("percent") {
                let op = ["+", "-", "*", "/"][random.int(0...3)]
                return random.chance(0.2) ? "\(a) \(op) \(random.int(1...1000))" : "\(a) \(op) \(b)"
            }
        }
        if random.chance(0.05) {
            switch table {
            case .deltagare:
                let e = ["omfattning_slut - omfattning_start", "slutdatum - startdatum", "ålder + startår", "ålder * 2"][random.int(0...3)]
                return "\(["mean", "median", "sum", "max", "stddev"][random.int(0...4)])(\(e))"
            case .insatser: return "\(["mean", "sum", "max"][random.int(0...2)])(slutår - startår)"
            default: break
            }
        }
        switch random.int(0...9) {
        case 0, 1: return "count"
        case 2: return table == .deltagare ? "individer" : "count"
        case 3: return ["percent", "percent", "percent of row", "percent of total"][random.int(0...3)]
        case 4, 5: return "share(\(filter(table, depth: 1, terms: random.int(1...2))))"
        case 6:
            let p = path(table)
            return "distinct(\(p.name))"
        default:
            guard !numbers.isEmpty else { return "count" }
            let column = numbers[random.int(0...(numbers.count - 1))]
            switch random.int(0...8) {
            case 0: return "mean(\(column))"
            case 1: return "median(\(column))"
            case 2: return "sum(\(column))"
            case 3: return "min(\(column))"
            case 4: return "max(\(column))"
            case 5: return "stddev(\(column))"
            case 6: return "variance(\(column))"
            case 7: return "cv(\(column))"
            default: return "quantile(\(column), \([0.1, 0.25, 0.9, 0.99, 0, 1][random.int(0...5)]))"
            }
        }
    }

    /// The set column a dimension names (`år`, `förbund.län`), if it is one.
    private func setPath(_ table: TableName, _ dimension: String) -> (name: String, column: ColumnSchema, table: TableName)? {
        var current = table
        let parts = dimension.split(separator: ".").map(String.init)
        for (i, part) in parts.enumerated() {
            guard let c = columns(current).first(where: { $0.name == part }) else { return nil }
            if i < parts.count - 1 {
                guard case .reference(let t) = c.type else { return nil }
                current = t
                continue
            }
            switch c.type {
            case .yearSet, .categorySet, .referenceSet: return (dimension, c, current)
            default: return nil
            }
        }
        return nil
    }

    /// A test of a set column with every operator that restricts its listed values.
    private mutating func setCondition(_ p: (name: String, column: ColumnSchema, table: TableName)) -> String {
        let negated = random.chance(0.25) ? "not " : ""
        if case .yearSet = p.column.type {
            let year = random.int(2013...2022)
            switch random.int(0...5) {
            case 0: return "\(negated)\(p.name) \(["<", "<=", ">", ">=", "=", "!="][random.int(0...5)]) \(year)"
            case 1: return "\(negated)\(p.name) in \(min(year, 2018))..\(max(year, 2018))"
            case 2: return "\(negated)(\(p.name) = \(year) or \(p.name) = \(random.int(2013...2022)))"
            case 3: return "\(negated)\(p.name) in \(values(of: p, count: random.int(1...3)))"
            case 4: return "\(p.name) >= \(year) and \(p.name) <= \(random.int(year...2022))"
            default: return "\(negated)\(p.name) has all \(values(of: p, count: 2))"
            }
        }
        switch random.int(0...3) {
        case 0: return "\(negated)\(p.name) has \(value(of: p))"
        case 1: return "\(negated)\(p.name) has any \(values(of: p, count: random.int(1...3)))"
        case 2: return "\(negated)\(p.name) has all \(values(of: p, count: 2))"
        default: return "\(p.name) is \(random.chance(0.5) ? "not " : "")empty"
        }
    }

    /// A dimension; `small` keeps it to a few values (pivots, second and third dimensions).
    /// A dimension and (about) how many values it has.
    private mutating func dimension(_ table: TableName, small: Bool) -> (String, Int) {
        if random.chance(0.1) {
            switch table {
            case .deltagare:
                return (["ung25", "band", "bin(ålder, 16, 30, 45, 60)", "bin(omfattning_slut, 50, 100)", "stöd", "month(startdatum)",
                         "kvartal(slutdatum)", "year(startdatum)", "vecka(startdatum)"][random.int(0...8)], small ? 40 : 300)
            case .forbund: return ("stor", 3)
            case .insatser: return ("bin(budget, 100000, 1000000)", 5)
            case .kommuner, .befolkning: break
            }
        }
        for _ in 0..<20 {
            let p = path(table)
            let cardinality: Int
            switch p.column.type {
            case .category(let c), .categorySet(let c): cardinality = c.count
            case .bool: cardinality = 3
            case .yearSet: cardinality = 12
            case .int: cardinality = Set(dataset[p.table].ints(p.column.name)).count
            case .date: cardinality = 5000
            case .reference(let t), .referenceSet(let t): cardinality = dataset[t].rowCount
            case .text: cardinality = dataset[p.table].rowCount
            }
            if cardinality <= (small ? 25 : 400) || (random.chance(0.03) && cardinality <= 3000) { return (p.name, cardinality) }
        }
        return (table == .kommuner ? "län" : "förbund", 84)
    }

    /// Two values of a pivot dimension, for `compare d a vs b`.
    private mutating func pivotValues(_ table: TableName, _ dimension: String) -> (String, String)? {
        guard !dimension.contains("("), !QueryGenerator.lets.contains(where: { $0.contains(" \(dimension) ") }) else { return nil }
        var current = table
        var column: ColumnSchema?
        for part in dimension.split(separator: ".") {
            guard let c = columns(current).first(where: { $0.name == part }) else { return nil }
            column = c
            if case .reference(let t) = c.type, part != dimension.split(separator: ".").last! { current = t }
        }
        guard let column else { return nil }
        switch column.type {
        case .int:
            let values = Set(dataset[current].ints(column.name).filter { $0 != Missing.int }).sorted()
            guard values.count >= 2 else { return nil }
            return (String(values[random.int(0...(values.count - 1))]), String(values[random.int(0...(values.count - 1))]))
        case .yearSet:
            return (String(random.int(2016...2022)), String(random.int(2016...2022)))
        default:
            let p = (name: dimension, column: column, table: current)
            return (value(of: p), value(of: p))
        }
    }
}

extension SeededRandom {
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        var pick = int(0...(choices.map(\.1).reduce(0, +) - 1))
        for (value, weight) in choices {
            if pick < weight { return value }
            pick -= weight
        }
        return choices[0].0
    }
}
