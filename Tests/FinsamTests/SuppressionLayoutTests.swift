import Finsam
import Testing

/// Suppression holds across layouts of one question: `by a, b`, `by a across b`, `by a compare b`
/// (and `by b across a`) hide the same cells, and an attacker who has all of them cannot work out
/// a hidden cell — directly (shown in another layout), by subtracting the shown cells of a line
/// from its margin, through a difference, or by solving all those equations together.
@Suite("Suppression across layouts")
struct SuppressionLayoutTests {
    /// A question: its filter and measure, and two dimensions; `setFirst` when the first is a set
    /// column (its values do not add up to the total; that equation is left out).
    struct Question: CustomTestStringConvertible, Sendable {
        let question: String
        let a: String, b: String
        var setFirst = false
        var testDescription: String { "\(question) by \(a), \(b)" }
    }

    static let questions = [
        // The issue's example: Gävleborg's kvinna 7 and man 2 under a total of 9.
        Question(question: "from deltagare where år = 2018 and ålder >= 63 show count", a: "förbund.län", b: "kön", setFirst: true),
        Question(question: "from deltagare where år = 2018 and ålder >= 60 show count", a: "förbund", b: "åldersgrupp"),
        Question(question: "from deltagare where slutår = 2019 and kommun.län = Skåne show count", a: "kommun", b: "avslutsorsak"),
        Question(question: "from deltagare where slutår = 2018 and ålder >= 60 and registrering = personuppgifter show share(arbete_studier_slut)",
                 a: "förbund", b: "kön"),
        Question(question: "from deltagare where startår = 2020 and förbund.län has Norrbotten show percent", a: "utbildning", b: "kön"),
        // Over 512 groups: suppression is decided on the other core while the table is laid out
        // (ResultBuilder.concurrentSuppressionGroups); the smaller ones decide inline.
        Question(question: "from deltagare where år = 2018 show count", a: "kommun", b: "åldersgrupp"),
    ]

    /// A cell of the cube: a value of a and of b, nil for the margin.
    struct Key: Hashable, CustomStringConvertible {
        let a: String?, b: String?
        var description: String { "(\(a ?? "*"), \(b ?? "*"))" }
    }

    /// The two additive quantities a layout publishes per cell: a count (or a share's
    /// denominator, or a percent's count), and a share's numerator.
    enum Quantity: Hashable { case count, numerator }

    /// What the layouts publish, and what they hide.
    struct Publication {
        var known: [Quantity: [Key: Double]] = [:]
        var hidden: Set<Key> = []
        /// value(last) − value(first) of a row of `compare` (a nil: the total row).
        var differences: [(a: String?, first: String, last: String, value: Double)] = []
        /// Percent cells: their value, for the denominators the attacker can get from them.
        var percents: [(key: Key, percent: Double, denominator: Int)] = []

        mutating func publish(_ key: Key, _ cell: Cell) {
            switch cell {
            case .count(let n): known[.count, default: [:]][key] = Double(n)
            case .proportion(let part, let whole):
                known[.count, default: [:]][key] = Double(whole)
                known[.numerator, default: [:]][key] = Double(part)
            case .suppressed: hidden.insert(key)
            default: break
            }
        }
    }

    func publication(_ q: Question, suppress: Bool = true) throws -> (Publication, [String: ResultTable]) {
        let session = Session(dataset: builtIn)
        if !suppress { try session.run("set suppress off") }
        let layouts = [
            "plain": "\(q.question) by \(q.a), \(q.b)",
            "across": "\(q.question) by \(q.a) across \(q.b)",
            "compare": "\(q.question) by \(q.a) compare \(q.b)",
            "transposed": "\(q.question) by \(q.b) across \(q.a)",
        ]
        var p = Publication()
        var tables: [String: ResultTable] = [:]
        let percent = q.question.hasSuffix("show percent")
        for (name, text) in layouts {
            let table = try session.query(text)
            tables[name] = table
            let dimensions = table.columns.indices.filter { table.columns[$0].role == .dimension }
            for row in table.rows {
                let labels = dimensions.map { row.isTotal ? nil : row.cells[$0].labelText }
                for (c, column) in table.columns.enumerated() where column.role == .measure || column.role == .total || column.role == .difference {
                    var key: Key
                    switch name {
                    case "plain": key = Key(a: labels[0], b: labels[1])
                    case "transposed": key = Key(a: column.role == .total ? nil : column.pivotValue, b: labels[0])
                    default: key = Key(a: labels[0], b: column.role == .total ? nil : column.pivotValue)
                    }
                    if column.role == .difference {
                        // The first difference column is last − first in the measure's unit.
                        guard column.name == table.columns.first(where: { $0.role == .difference })?.name else { continue }
                        let compared = table.columns.filter { $0.role == .measure && $0.pivotValue != "(saknas)" }.compactMap(\.pivotValue)
                        if case .suppressed = row.cells[c] { continue }
                        if let v = row.cells[c].value, let first = compared.first, let last = compared.last, q.question.hasSuffix("show count") {
                            p.differences.append((labels[0], first, last, v))
                        }
                        continue
                    }
                    if percent, case .proportion(let part, let whole) = row.cells[c] {
                        // A percent publishes its count and its column's total.
                        let pivot = column.role == .total ? nil : column.pivotValue
                        let denominator = switch name {
                        case "plain": Key(a: nil, b: nil)
                        case "transposed": Key(a: pivot, b: nil)
                        default: Key(a: nil, b: pivot)
                        }
                        p.known[.count, default: [:]][key] = Double(part)
                        p.known[.count, default: [:]][denominator] = Double(whole)
                        continue
                    }
                    p.publish(key, row.cells[c])
                }
            }
        }
        return (p, tables)
    }

    /// Linear equations over the cube's cells: each line's cells add up to its margin.
    func equations(_ q: Question, values a: [String], _ b: [String]) -> [[Key: Double]] {
        var out: [[Key: Double]] = []
        for x in a + [nil] as [String?] {
            var e: [Key: Double] = [Key(a: x, b: nil): -1]
            for y in b { e[Key(a: x, b: y)] = 1 }
            out.append(e)
        }
        if !q.setFirst {
            for y in b + [nil] as [String?] {
                var e: [Key: Double] = [Key(a: nil, b: y): -1]
                for x in a { e[Key(a: x, b: y)] = 1 }
                out.append(e)
            }
        }
        return out
    }

    /// The hidden cells an attacker works out from everything published: by elimination, one
    /// unknown at a time, then by solving the whole system (a cell is determined when no
    /// solution of the homogeneous system moves it).
    func recovered(_ q: Question, _ p: Publication, values a: [String], _ b: [String]) -> Set<Key> {
        var out = Set<Key>()
        for quantity in [Quantity.count, .numerator] {
            var known = p.known[quantity] ?? [:]
            // Empty cells are zeros: the attacker knows which groups exist from the unsuppressed shape.
            for x in a + [nil] as [String?] { for y in b + [nil] as [String?] where known[Key(a: x, b: y)] == nil && !p.hidden.contains(Key(a: x, b: y)) { known[Key(a: x, b: y)] = 0 } }
            var system = equations(q, values: a, b).map { e in e.map { (key: $0.key, coefficient: $0.value) } }
            var constants = system.map { _ in 0.0 }
            if quantity == .count {
                for d in p.differences {
                    system.append([(Key(a: d.a, b: d.last), 1), (Key(a: d.a, b: d.first), -1)])
                    constants.append(d.value)
                }
            }
            // One unknown at a time.
            var changed = true
            while changed {
                changed = false
                for (e, constant) in zip(system, constants) {
                    let unknown = e.filter { known[$0.key] == nil }
                    guard unknown.count == 1 else { continue }
                    let rest = e.filter { known[$0.key] != nil }.reduce(0.0) { $0 + $1.coefficient * known[$1.key]! }
                    known[unknown[0].key] = (constant - rest) / unknown[0].coefficient
                    changed = true
                }
            }
            for key in p.hidden where known[key] != nil { out.insert(key) }
            // All together: Gaussian elimination over the unknowns left.
            let unknowns = Array(Set(system.flatMap { $0.map(\.key) }).filter { known[$0] == nil })
            guard !unknowns.isEmpty else { continue }
            let index = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
            var matrix: [[Double]] = system.map { e in
                var row = [Double](repeating: 0, count: unknowns.count)
                for (key, c) in e where known[key] == nil { row[index[key]!] += c }
                return row
            }
            // Reduced row echelon form; a pivot row with no other nonzero entry fixes its unknown.
            var pivotRow = 0
            var pivots: [Int: Int] = [:]
            for column in unknowns.indices where pivotRow < matrix.count {
                guard let r = (pivotRow..<matrix.count).max(by: { abs(matrix[$0][column]) < abs(matrix[$1][column]) }),
                      abs(matrix[r][column]) > 1e-9 else { continue }
                matrix.swapAt(pivotRow, r)
                let scale = matrix[pivotRow][column]
                matrix[pivotRow] = matrix[pivotRow].map { $0 / scale }
                for other in matrix.indices where other != pivotRow && abs(matrix[other][column]) > 1e-12 {
                    let f = matrix[other][column]
                    matrix[other] = zip(matrix[other], matrix[pivotRow]).map { $0 - f * $1 }
                }
                pivots[column] = pivotRow
                pivotRow += 1
            }
            for (column, row) in pivots where matrix[row].enumerated().allSatisfy({ $0.offset == column || abs($0.element) < 1e-9 }) {
                if p.hidden.contains(unknowns[column]) { out.insert(unknowns[column]) }
            }
        }
        return out
    }

    /// The values of a and b as the unsuppressed `by a across b` lists them.
    func values(_ q: Question) throws -> ([String], [String]) {
        let session = Session(dataset: builtIn)
        try session.run("set suppress off")
        let table = try session.query("\(q.question) by \(q.a) across \(q.b)")
        let a = table.rows.filter { !$0.isTotal }.compactMap { $0.cells[0].labelText }
        let b = table.columns.filter { $0.role == .measure }.compactMap(\.pivotValue)
        return (a, b)
    }

    @Test("no hidden cell can be worked out from the layouts together", arguments: questions)
    func noRecovery(_ q: Question) throws {
        let (p, _) = try publication(q)
        let (a, b) = try values(q)
        #expect(!p.hidden.isEmpty, "the question should have small cells")
        // Directly: a cell hidden in one layout and shown in another.
        let shownAndHidden = p.hidden.filter { key in p.known.values.contains { $0[key] != nil } }
        #expect(shownAndHidden.isEmpty, "hidden in one layout, shown in another: \(shownAndHidden)")
        let recovered = recovered(q, p, values: a, b)
        #expect(recovered.isEmpty, "recovered \(recovered.count) of \(p.hidden.count) hidden cells: \(recovered.sorted { $0.description < $1.description })")
        print("suppression across layouts: \(q.testDescription): \(p.hidden.count) hidden cells tried, \(recovered.count + shownAndHidden.count) recovered")
    }

    @Test("the attack finds cells that only primary suppression hides")
    func attackWorks() throws {
        // Hide only the small cells of each layout: the margins give them back.
        let q = Self.questions[1]
        let (open, tables) = try publication(q, suppress: false)
        var p = Publication()
        p.differences = open.differences
        for (quantity, values) in open.known {
            for (key, v) in values {
                if v > 0, v < 5, key.a != nil, key.b != nil { p.hidden.insert(key) } else { p.known[quantity, default: [:]][key] = v }
            }
        }
        _ = tables
        let (a, b) = try values(q)
        #expect(!p.hidden.isEmpty)
        #expect(recovered(q, p, values: a, b).count == p.hidden.count)
    }

    @Test("the three layouts hide the same cells", arguments: questions)
    func samePattern(_ q: Question) throws {
        let (_, tables) = try publication(q)
        func hidden(_ table: ResultTable, transposed: Bool = false, plain: Bool = false) -> Set<Key> {
            var out = Set<Key>()
            let dimensions = table.columns.indices.filter { table.columns[$0].role == .dimension }
            for row in table.rows where !row.isTotal {
                for (c, column) in table.columns.enumerated() where column.role == .measure && row.cells[c] == .suppressed {
                    let labels = dimensions.map { row.cells[$0].labelText }
                    out.insert(plain ? Key(a: labels[0], b: labels[1])
                               : transposed ? Key(a: column.pivotValue, b: labels[0]) : Key(a: labels[0], b: column.pivotValue))
                }
            }
            return out
        }
        let across = hidden(tables["across"]!)
        // by a, b lists only the groups with rows; across also shows the empty ones (0, 0,0 %).
        let plain = tables["plain"]!
        let listed = Set(plain.rows.filter { !$0.isTotal }.map { Key(a: $0.cells[0].labelText, b: $0.cells[1].labelText) })
        #expect(hidden(plain, plain: true) == across.filter { listed.contains($0) })
        #expect(hidden(tables["compare"]!) == across)
        #expect(hidden(tables["transposed"]!, transposed: true) == across)
    }
}
