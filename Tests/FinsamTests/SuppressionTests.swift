import Finsam
import Testing

/// Small-cell suppression, on by default: the disclosure rule of README.md ("Privacy").
@Suite("Suppression")
struct SuppressionTests {
    /// Queries over deltagare with small cells: counts, shares, means, across, compare, sets.
    static let queries = [
        "from deltagare where år = 2018 and ålder > 64 show count by förbund.län",
        "from deltagare where år = 2018 and ålder > 63 show count, mean(ålder) by förbund.län across kön",
        "from deltagare where slutår = 2018 and förbund = blekinge show share(arbete_studier_slut) by åldersgrupp compare kön",
        "from deltagare where år = 2019 and kommun.län = Gotland show individer by ålder",
        "from deltagare where startår = 2020 and förbund = blekinge show count, percent by försörjning_start across kön",
        "from deltagare where år = 2018 and förbund.län has Jämtland show count by avslutsorsak compare kön",
        "from deltagare where år = 2017 and ålder > 62 show count by förbund, kön",
    ]

    func pair(_ query: String) throws -> (plain: ResultTable, suppressed: ResultTable) {
        let open = Session(dataset: builtIn)
        try open.run("set suppress off")
        return (try open.query(query), try Session(dataset: builtIn).query(query))
    }

    /// The units a visible cell rests on, read from the unsuppressed table.
    func units(_ cell: Cell) -> Int? {
        switch cell {
        case .count(let n): n
        case .share(_, let whole): whole
        default: nil
        }
    }

    @Test("every cell on fewer than 5 shows .., and nothing else changes", arguments: queries)
    func primary(_ query: String) throws {
        let (plain, suppressed) = try pair(query)
        #expect(plain.rows.count == suppressed.rows.count)
        var hidden = 0
        for (a, b) in zip(plain.rows, suppressed.rows) {
            for (x, y) in zip(a.cells, b.cells) {
                if let n = units(x), n > 0, n < 5 { #expect(y == .suppressed, "\(query): \(x) is shown") }
                if y == .suppressed { hidden += 1 } else { #expect(x == y) }
            }
        }
        #expect(hidden > 0, "\(query) should have small cells")
        #expect(suppressed.notes.contains { $0.hasPrefix(".. = dold:") && $0.contains("färre än 5 personer") })
    }

    @Test("no line holds exactly one hidden value: a total cannot give it back", arguments: queries)
    func secondary(_ query: String) throws {
        let (plain, suppressed) = try pair(query)
        let total = suppressed.rows.firstIndex { $0.isTotal }
        for (c, column) in suppressed.columns.enumerated() where column.role == .measure || column.role == .total {
            guard let total else { break }
            let line = suppressed.rows.indices.map { suppressed.rows[$0].cells[c] }
            let hidden = line.filter { $0 == .suppressed }.count
            #expect(hidden != 1, "\(query): column \(column.name) has one hidden cell")
            _ = total
        }
        for (r, row) in suppressed.rows.enumerated() where suppressed.columns.contains(where: { $0.role == .total }) {
            let members = suppressed.columns.indices.filter { suppressed.columns[$0].role == .measure || suppressed.columns[$0].role == .total }
                .filter { suppressed.columns[$0].measure == suppressed.columns.first { $0.role == .total }?.measure }
            let hidden = members.filter { row.cells[$0] == .suppressed }.count
            #expect(hidden != 1, "\(query): row \(r) has one hidden cell")
        }
        // A compare difference hides with the values it is made of.
        for (r, row) in suppressed.rows.enumerated() {
            let values = suppressed.columns.indices.filter { suppressed.columns[$0].role == .measure && suppressed.columns[$0].pivotValue != nil }
            guard let first = values.first, let last = values.last, row.cells[first] == .suppressed || row.cells[last] == .suppressed else { continue }
            for c in suppressed.columns.indices where suppressed.columns[c].role == .difference && plain.rows[r].cells[c] != .empty {
                #expect(row.cells[c] == .suppressed)
            }
        }
    }

    @Test("the next smallest cell of the line goes too, and the footer counts both kinds")
    func nextSmallest() throws {
        let s = Session(dataset: builtIn)
        let query = "from deltagare where år = 2018 and ålder > 64 show count by förbund.län"
        let result = try s.query(query)
        try s.run("set suppress off")
        let plain = try s.query(query)
        let counts = plain.rows.filter { !$0.isTotal }.compactMap { if case .count(let n) = $0.cells[1] { n } else { nil } }
        let small = counts.filter { $0 > 0 && $0 < 5 }
        let hidden = result.rows.filter { $0.cells[1] == .suppressed }.count
        #expect(hidden >= small.count)
        if small.count == 1 { #expect(hidden == 2) }
        #expect(result.totalRow?.cells[1] == plain.totalRow?.cells[1], "the total stays when two or more cells are hidden")
        #expect(s.render(result).contains(".."))
    }

    @Test("a share or mean on fewer than 5 is hidden even when the group is large")
    func denominators() throws {
        let s = Session(dataset: builtIn)
        // omfattning_slut has a value only for those who work or study after the end.
        let result = try s.query("from deltagare where år = 2018 and förbund = blekinge show count, mean(omfattning_slut), share(omfattning_slut > 50) by ålder")
        try s.run("set suppress off")
        let plain = try s.query("from deltagare where år = 2018 and förbund = blekinge show count, mean(omfattning_slut), share(omfattning_slut > 50) by ålder")
        var checked = 0
        for (a, b) in zip(plain.rows, result.rows) where !a.isTotal {
            if case .share(_, let whole) = a.cells[3], whole > 0, whole < 5 { #expect(b.cells[3] == .suppressed); checked += 1 }
        }
        #expect(checked > 0)
    }

    @Test("set suppress N|off; other tables than deltagare are registers, not persons")
    func settings() throws {
        let s = Session(dataset: builtIn)
        let query = "from deltagare where år = 2018 and ålder > 62 show count by förbund.län"
        let at5 = try s.query(query).rows.flatMap(\.cells).filter { $0 == .suppressed }.count
        try s.run("set suppress 30")
        let at10 = try s.query(query).rows.flatMap(\.cells).filter { $0 == .suppressed }.count
        #expect(at10 > at5)
        try s.run("set suppress off")
        #expect(try s.query(query).rows.flatMap(\.cells).allSatisfy { $0 != .suppressed })
        #expect(throws: FinsamError.self) { try s.run("set suppress 1") }
        #expect(throws: FinsamError.self) { try s.run("set suppress maybe") }
        #expect(s.suppression == nil, "a failed set changes nothing")
        let fresh = Session(dataset: builtIn)
        #expect(try fresh.query("from kommuner show count by län").rows.allSatisfy { !$0.cells.contains(.suppressed) })
        // Machine formats: .. in CSV, null in JSON.
        let table = try fresh.query(query)
        #expect(fresh.render(table, as: .csv).contains(",.."))
        #expect(fresh.render(table, as: .json).contains("null"))
    }

    @Test("expect on a hidden value fails and says why")
    func expectOnSuppressed() throws {
        let s = Session(dataset: builtIn)
        do {
            try s.run("from deltagare where år = 2018 and ålder > 64 and förbund.län has Blekinge show count\nexpect 3")
            Issue.record("expect on a suppressed value passed")
        } catch {
            #expect(error.description.contains("set suppress off"))
        }
    }
}
