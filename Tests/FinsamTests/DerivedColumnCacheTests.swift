import Finsam
import FinsamStore
import Testing

/// A session keeps the columns it computes (case lets, row arithmetic) between statements; a
/// kept column must never outlive what it was computed from.
@Suite("Computed columns kept between statements")
struct DerivedColumnCacheTests {
    func counts(_ s: Session, _ query: String) throws -> [String] {
        try s.query(query).rows.map { row in row.cells.map { "\($0)" }.joined(separator: "|") }
    }

    @Test("the second query by a case let or row arithmetic gives the first one's answer")
    func sameAnswers() throws {
        let s = Session(dataset: builtIn)
        try s.run("set suppress off")
        try s.run(#"let grupp = case when ålder < 30 then "ung" when ålder < 50 then "mitt" else "äldre" end"#)
        for query in ["from deltagare show count by grupp", "from deltagare where startår = slutår show count by kön",
                      "from deltagare show mean(omfattning_slut - omfattning_start) by kön"] {
            let fresh = Session(dataset: builtIn)
            try fresh.run("set suppress off")
            try fresh.run(#"let grupp = case when ålder < 30 then "ung" when ålder < 50 then "mitt" else "äldre" end"#)
            let first = try counts(s, query)
            #expect(try counts(s, query) == first, "\(query)")
            #expect(try counts(fresh, query) == first, "\(query)")
        }
    }

    @Test("redefining a let, or a let it rests on, changes the answer at once")
    func redefinition() throws {
        let s = Session(dataset: builtIn)
        try s.run("set suppress off")
        try s.run("let gräns = ålder < 30")
        try s.run(#"let grupp = case when gräns then "under" else "över" end"#)
        let before = try counts(s, "from deltagare show count by grupp")
        try s.run("let gräns = ålder < 50")
        let after = try counts(s, "from deltagare show count by grupp")
        #expect(after != before, "grupp rests on gräns, which changed")
        let direct = Session(dataset: builtIn)
        try direct.run("set suppress off")
        try direct.run(#"let grupp = case when ålder < 50 then "under" else "över" end"#)
        #expect(try counts(direct, "from deltagare show count by grupp") == after)
        try s.run(#"let grupp = case when ålder < 40 then "under" else "över" end"#)
        #expect(try counts(s, "from deltagare show count by grupp") != after)
    }

    @Test("a failed let keeps the kept columns right")
    func failedLet() throws {
        let s = Session(dataset: builtIn)
        try s.run("set suppress off")
        try s.run(#"let grupp = case when ålder < 30 then "ung" else "äldre" end"#)
        let before = try counts(s, "from deltagare show count by grupp")
        #expect(throws: FinsamError.self) { try s.run(#"let grupp = case when ålderr < 40 then "ung" else "äldre" end"#) }
        #expect(try counts(s, "from deltagare show count by grupp") == before)
    }
}
