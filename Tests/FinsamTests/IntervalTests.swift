import Finsam
import Foundation
import Testing

/// Interval values against values computed independently here: published tables (t and normal
/// quantiles; Newcombe 1998's worked examples), the Wilson bounds as roots of their quadratic,
/// and a mean's interval from the raw column.
@Suite("Intervals")
struct IntervalTests {
    @Test("t and normal quantiles match the tables")
    func quantiles() {
        let tabled: [(p: Double, df: Double, t: Double)] = [
            (0.975, 1, 12.7062047), (0.975, 2, 4.3026527), (0.975, 10, 2.2281389),
            (0.995, 30, 2.7499957), (0.95, 5, 2.0150484), (0.975, 1000, 1.9623391),
        ]
        for row in tabled { #expect(abs(Quantiles.t(row.p, df: row.df) - row.t) < 1e-6, "t(\(row.p), \(row.df))") }
        #expect(abs(Quantiles.t(0.025, df: 10) + 2.2281389) < 1e-6)
        #expect(abs(Quantiles.normal(0.975) - 1.9599640) < 1e-6)
        #expect(abs(Quantiles.normal(0.995) - 2.5758293) < 1e-6)
        #expect(abs(Intervals.z(level: 90) - 1.6448536) < 1e-6)
    }

    /// The Wilson bounds are the p where (p̂ − p)² = z²·p(1 − p)/n: the roots of a quadratic.
    static func wilsonRoots(_ part: Int, _ whole: Int, z: Double) -> (Double, Double) {
        let n = Double(whole), p = Double(part) / n
        let a = 1 + z * z / n, b = -(2 * p + z * z / n), c = p * p
        let root = (b * b - 4 * a * c).squareRoot()
        return (100 * (-b - root) / (2 * a), 100 * (-b + root) / (2 * a))
    }

    @Test("Wilson: the roots of the score equation, and Newcombe's published single proportions")
    func wilson() throws {
        for (part, whole) in [(81, 263), (15, 148), (0, 20), (1, 29), (20, 20), (1559, 5370)] {
            for level in [90.0, 95, 99] {
                let i = try #require(Intervals.wilson(part: part, whole: whole, level: level))
                let (low, high) = Self.wilsonRoots(part, whole, z: Intervals.z(level: level))
                #expect(abs(i.low - low) < 1e-9 && abs(i.high - high) < 1e-9, "\(part)/\(whole) at \(level)")
            }
        }
        let published: [(Int, Int, Double, Double)] = [(81, 263, 25.53, 36.62), (15, 148, 6.24, 16.05), (0, 20, 0, 16.11), (1, 29, 0.61, 17.18)]
        for (part, whole, low, high) in published {
            let i = try #require(Intervals.wilson(part: part, whole: whole, level: 95))
            #expect(abs(i.low - low) < 0.006 && abs(i.high - high) < 0.006, "\(part)/\(whole): \(i)")
        }
        #expect(Intervals.wilson(part: 0, whole: 0, level: 95) == nil)
    }

    @Test("Newcombe's hybrid score interval: his worked examples (Stat Med 1998, method 10)")
    func newcombe() throws {
        // (first, last, low, high) for last − first, in percentage points.
        let examples: [((Int, Int), (Int, Int), Double, Double)] = [
            ((48, 80), (56, 70), 5.24, 33.39), ((3, 10), (9, 10), 17.05, 80.90), ((2, 7), (6, 7), 5.82, 80.62),
            ((0, 29), (5, 56), -3.81, 19.26), ((0, 20), (0, 10), -16.11, 27.75),
        ]
        for (first, last, low, high) in examples {
            let i = try #require(Intervals.newcombe(first: first, last: last, level: 95))
            #expect(abs(i.low - low) < 0.006 && abs(i.high - high) < 0.006, "\(last) − \(first): \(i)")
        }
        #expect(try #require(Intervals.newcombe(first: (48, 80), last: (56, 70), level: 95)).excludesZero)
        #expect(!(try #require(Intervals.newcombe(first: (0, 29), last: (5, 56), level: 95)).excludesZero))
    }

    @Test("a mean's t interval and Welch's interval of a difference, computed by hand")
    func means() throws {
        // 2 4 4 4 5 5 7 9: mean 5, s = √(32/7), t(0.975, 7) = 2.3646243 from the table.
        let s = (32.0 / 7).squareRoot(), half = 2.3646243 * s / 8.0.squareRoot()
        let i = try #require(Intervals.t(around: 5, sd: s, n: 8, level: 95))
        #expect(abs(i.low - (5 - half)) < 1e-6 && abs(i.high - (5 + half)) < 1e-6)
        #expect(Intervals.t(around: 5, sd: 0, n: 1, level: 95) == nil)
        // Equal sizes and spreads: Welch's df = 2(n − 1) = 18, t(0.975, 18) = 2.1009220.
        let w = try #require(Intervals.meanDifference(first: (10, 2, 10), last: (13, 2, 10), level: 95))
        let welchHalf = 2.1009220 * (0.4 + 0.4).squareRoot()
        #expect(abs(w.low - (3 - welchHalf)) < 1e-6 && abs(w.high - (3 + welchHalf)) < 1e-6)
    }

    @Test("with ci: every share gets its Wilson interval from its own part and whole")
    func sharesInQuery() throws {
        let session = Session(dataset: builtIn)
        let table = try session.query("from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp across kön with ci")
        var checked = 0
        for row in table.rows {
            for c in table.columns.indices where table.columns[c].role == .interval {
                guard case .proportion(let part, let whole) = row.cells[c - 1], case .interval(let i, let marked) = row.cells[c] else {
                    Issue.record("column \(table.columns[c].name) does not follow a share"); continue
                }
                let (low, high) = Self.wilsonRoots(part, whole, z: 1.959963984540054)
                #expect(abs(i.low - low) < 1e-9 && abs(i.high - high) < 1e-9 && !marked)
                checked += 1
            }
        }
        #expect(checked == 5 * 3)
        #expect(table.columns.map(\.name).contains("kvinna 95 % KI"))
    }

    @Test("compare with ci: the difference's Newcombe interval from the two shares, marked when it excludes 0")
    func compareInQuery() throws {
        let session = Session(dataset: builtIn)
        let table = try session.query("from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön with ci")
        let names = table.columns.map(\.name)
        let kvinna = try #require(names.firstIndex(of: "kvinna")), man = try #require(names.firstIndex(of: "man"))
        let interval = try #require(names.firstIndex(of: "skillnad 95 % KI"))
        var marks = 0
        for row in table.rows {
            guard case .proportion(let p1, let w1) = row.cells[kvinna], case .proportion(let p2, let w2) = row.cells[man],
                  case .interval(let i, let marked) = row.cells[interval] else { Issue.record("not shares and an interval"); continue }
            // Newcombe by hand from the quadratic's roots.
            let (l1, u1) = Self.wilsonRoots(p1, w1, z: 1.959963984540054), (l2, u2) = Self.wilsonRoots(p2, w2, z: 1.959963984540054)
            let a = 100 * Double(p1) / Double(w1), b = 100 * Double(p2) / Double(w2)
            let low = b - a - ((b - l2) * (b - l2) + (u1 - a) * (u1 - a)).squareRoot()
            let high = b - a + ((u2 - b) * (u2 - b) + (a - l1) * (a - l1)).squareRoot()
            #expect(abs(i.low - low) < 1e-9 && abs(i.high - high) < 1e-9)
            #expect(marked == (low > 0 || high < 0))
            if marked { marks += 1 }
        }
        #expect(marks == 3)  // 16–29, 45–59 and the total; not 30–44 or 60–
        #expect(table.notes.contains("* 95 %-intervallet för skillnaden utesluter 0"))
    }

    @Test("with ci on a mean: the t interval from the raw column; set ci 99 widens it")
    func meanInQuery() throws {
        let session = Session(dataset: builtIn)
        let ages = builtIn.deltagare.ints("ålder").filter { $0 != Int32.min }.map(Double.init)
        let n = Double(ages.count), mean = ages.reduce(0, +) / n
        let sd = (ages.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        for (level, t) in [(95.0, 1.9599917), (99.0, 2.5758867)] {  // t(0.975 and 0.995, df 85 620) from scipy.stats.t.ppf
            session.confidenceLevel = level
            let table = try session.query("from deltagare show mean(ålder) with ci")
            guard case .interval(let i, _) = table.rows[0].cells[1] else { Issue.record("no interval"); continue }
            #expect(abs(i.low - (mean - t * sd / n.squareRoot())) < 1e-5 && abs(i.high - (mean + t * sd / n.squareRoot())) < 1e-5, "\(level): \(i)")
            #expect(table.columns[1].name == "\(Int(level)) % KI")
        }
    }

    @Test("a mean's interval is the same through the general aggregation path (a large key space) and the group scan")
    func meanOnBothPaths() throws {
        let session = Session(dataset: builtIn)
        // startdatum × kommun is beyond the group scan's key space: the general path.
        let wide = try session.query("from deltagare show mean(ålder) by startdatum, kommun with ci")
        let row = try #require(wide.rows.first { !$0.isTotal && { if case .interval = $0 { true } else { false } }($0.cells[3]) })
        guard case .interval(let general, _) = row.cells[3], let day = row.cells[0].labelText, let kommun = row.cells[1].labelText else { return }
        let one = try session.query("from deltagare where startdatum = \(day) and kommun = \"\(kommun)\" show mean(ålder) with ci")
        guard case .interval(let scanned, _) = one.rows[0].cells[1] else { Issue.record("no interval"); return }
        #expect(abs(general.low - scanned.low) < 1e-9 && abs(general.high - scanned.high) < 1e-9)
        // And every mean interval of a grouped query, with the general path forced.
        let query = "from deltagare where slutår = 2018 and registrering = personuppgifter show mean(ålder), share(ung) by åldersgrupp compare kön with ci"
        let forced = Session(dataset: builtIn)
        forced.engine = .general
        let (a, b) = (try session.query(query), try forced.query(query))
        for (x, y) in zip(a.rows, b.rows) {
            for (u, v) in zip(x.cells, y.cells) {
                if case .interval(let i, let m) = u, case .interval(let j, let n) = v {
                    #expect(abs(i.low - j.low) < 1e-9 && abs(i.high - j.high) < 1e-9 && m == n)
                } else {
                    #expect(u == v)
                }
            }
        }
        #expect(a.rows.flatMap(\.cells).filter { if case .interval = $0 { true } else { false } }.count == 5 * 6)
    }

    @Test("set ci takes 90, 95 or 99; with needs ci")
    func settings() throws {
        let session = Session(dataset: builtIn)
        try session.run("set ci 90")
        #expect(session.confidenceLevel == 90)
        #expect(throws: FinsamError.self) { try session.run("set ci 80") }
        #expect(session.confidenceLevel == 90)
        #expect(throws: FinsamError.self) { try session.run("from deltagare show count by kön with kön") }
        // Counts get no interval column.
        let table = try session.query("from deltagare show count by kön with ci")
        #expect(!table.columns.contains { $0.role == .interval })
    }

    @Test("expect checks an interval's ends as written and the mark of a difference")
    func expectIntervals() throws {
        let query = "from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön with ci\nexpect\n"
        let header = "| åldersgrupp | skillnad 95 % KI |\n"
        try Session(dataset: builtIn).run(query + header + "| 16–29 | 4,9 – 11,2 * |\n| 30–44 | −2,8 – 3,9 |\n| 60– | −1,80 – 16,82 |")
        for wrong in ["| 16–29 | 4,9 – 11,2 |", "| 30–44 | −2,8 – 3,9 * |", "| 16–29 | 4,8 – 11,2 * |", "| 16–29 | 4,95 – 11,24 * |"] {
            #expect(throws: FinsamError.self, "\(wrong)") { try Session(dataset: builtIn).run(query + header + wrong) }
        }
    }

    @Test("csv carries an interval as two columns, json as a pair")
    func machineFormats() throws {
        let session = Session(dataset: builtIn)
        let table = try session.query("from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by kön with ci")
        let csv = session.render(table, as: .csv)
        #expect(csv.hasPrefix("kön,share(arbete_studier_slut),share(arbete_studier_slut) n,95 % KI lower,95 % KI upper\n"))
        #expect(csv.contains("kvinna,29.031657,5370,27.832959,30.260334"))
        #expect(session.render(table, as: .json).contains("\"95 % KI\": [27.832959, 30.260334]"))
    }

    @Test("an interval's bounds never print alike: set decimals 0 shows more where they round together")
    func intervalDecimals() throws {
        let session = Session(dataset: builtIn)
        try session.run("set decimals 0")
        let text = session.render(try session.query("from deltagare where år = 2018 show mean(ålder) by kön with ci"))
        for line in text.split(separator: "\n") where line.contains(" – ") && !line.contains("(saknas)") {
            let bounds = line.split(separator: "│").last { $0.contains(" – ") }!.split(separator: "–").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(bounds[0] != bounds[1], "\(line)")
        }
        #expect(text.contains("│ kvinna   │          38 │ 37,9 – 38,4 │"))
    }
}
